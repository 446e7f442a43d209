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
    assert "self-test: window shown on offscreen," in completed.stdout
    assert "printing ok (pdfium" in completed.stdout  # QtPrintSupport and pdfium load


def test_window_frame_shows_before_the_catalog_loads(qtbot, tmp_path: Path) -> None:
    from desktop.gui.main_window import MainWindow
    from desktop.gui.settings import Settings

    window = MainWindow(settings=Settings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.show()
    assert not window.loaded
    assert window.workspace.loading.text() == "正在载入政策目录…"
    assert not window.files.menu.isEnabled() and window.workspace.steps.count() == 0
    assert window.close()  # closing before loading asks nothing
    window.load()
    assert window.loaded and window.files.menu.isEnabled()
    assert window.workspace.steps.count() == 6 and window.workspace.steps.item(0).text() == "1 企业信息"
