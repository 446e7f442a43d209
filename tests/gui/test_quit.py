"""Quitting never crashes: a full walk then quit, in fresh processes, as a user starts the program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

WALK = Path(__file__).with_name("walk_and_quit.py")
ROOT = Path(__file__).resolve().parents[2]


def _environment(home: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONPATH=str(ROOT),
    )


@pytest.mark.parametrize("run", range(3))
def test_quit_after_a_full_walk(run: int, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(WALK), str(tmp_path)],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "walked" in done.stdout, done.stderr
    assert done.returncode == 0, done.stderr
    assert "Fatal Python error" not in done.stderr
    assert (tmp_path / "packet" / "成都蓉贸跨境科技有限公司_2025" / "manifest.json").is_file()
    autosaves = tmp_path / "data" / "cbec-grant-desk" / "autosave"
    assert not list(autosaves.glob("*.json")), "a clean quit leaves nothing to recover"
    assert not list(autosaves.glob("session-*.lock")), "a clean quit leaves no session lock"


def test_singletons_outlive_pyside_calls_that_use_up_their_references(tmp_path: Path) -> None:
    """PySide6 6.12 takes a reference from None on every void call and from True on every emit;
    on Python 3.11 enough of them used to abort the program (none_dealloc, bool_dealloc)."""
    code = (
        "import sys\n"
        "import desktop.gui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "class Source(QObject):\n"
        "    fired = Signal()\n"
        "source, label = Source(), QLabel()\n"
        "source.fired.connect(label.clear)\n"
        "for _ in range(100_000):\n"
        "    label.setText('x')\n"
        "    source.fired.emit()\n"
        "print('survived', sys.getrefcount(None) > 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_environment(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "survived True" in done.stdout
