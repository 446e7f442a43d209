"""Starting the program: ``python -m desktop gui --self-test`` shows the window and exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_self_test_starts_and_exits(tmp_path: Path) -> None:
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path)
    )
    completed = subprocess.run(
        [sys.executable, "-m", "desktop", "gui", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "self-test: window shown" in completed.stdout
