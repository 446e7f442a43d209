"""The README stays true: its catalog table is generated from the data, its commands exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT


def test_readme_catalog_table_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tools" / "readme_catalog.py"), "--check"], check=False
    )
    assert result.returncode == 0, "run: python tools/readme_catalog.py"


def test_readme_sample_exists() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "resources/samples/chengdu-trader.json" in readme
    assert Path(PROJECT_ROOT / "resources" / "samples" / "chengdu-trader.json").is_file()
