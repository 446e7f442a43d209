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


def test_pyside_keeps_the_reference_counts_of_none_true_and_false(tmp_path: Path) -> None:
    """PySide6 6.12.0 returned None from every void call and True from every emit() without a
    reference (as if immortal, which they are only from Python 3.12): on 3.11 the counts fell by one a
    call until Python aborted (none_dealloc, bool_dealloc) after some typing or at quit."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "class Source(QObject):\n"
        "    fired = Signal()\n"
        "source, label = Source(), QLabel()\n"
        "source.fired.connect(label.clear)\n"
        "singletons = (None, True, False)\n"
        "before = [sys.getrefcount(s) for s in singletons]\n"
        "for _ in range(20_000):\n"
        "    label.setText('x')\n"
        "    label.setVisible(False)\n"
        "    source.fired.emit()\n"
        "print(*[sys.getrefcount(s) - b for s, b in zip(singletons, before)])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_environment(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    drift = [int(number) for number in done.stdout.split()]
    assert all(abs(change) < 100 for change in drift), f"None/True/False counts moved by {drift}"
