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


def test_readme_calc_output_matches_the_program(capsys) -> None:
    from desktop.cli import main

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("$ .venv/bin/python -m desktop calc") :]
    block = block[: block.index("```")]
    assert main(["calc", str(PROJECT_ROOT / "resources" / "samples" / "chengdu-trader.json")]) == 0
    output = capsys.readouterr().out.splitlines()
    shown = [line for line in block.splitlines()[1:] if line.strip() not in ("", "…")]
    assert len(shown) > 15
    for line in shown:
        assert line in output, line
