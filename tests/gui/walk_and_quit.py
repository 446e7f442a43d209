"""Run by test_quit.py in a fresh process: start the program as a user does, walk every step, quit.

Usage: python tests/gui/walk_and_quit.py OUT_DIR   (prints "walked" once the walk is done)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(sys.argv[1])
app = QApplication(sys.argv[:1])


def settle(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def type_text(edit, text: str) -> None:
    for end in range(1, len(text) + 1):
        edit.setText(text[:end])
        edit.textEdited.emit(edit.text())


def walk() -> None:
    from desktop.gui.main_window import MainWindow
    from desktop.paths import samples_dir

    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    while not window.loaded:
        settle(0.05)
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    for row in range(6):
        window.workspace.go_to_step(row)
        settle(0.01)
    window.workspace.go_to_step(0)
    type_text(window.firm_page.edits["contact_person"], "张三丰")
    window.workspace.go_to_step(1)
    box = window.screening_page.questions["provincial_public_ow_key"]
    for value in (True, False, True):
        box.setCurrentIndex(box.findData(value))
        box.activated.emit(box.currentIndex())
    window.workspace.go_to_step(2)
    type_text(window.data_page.fields["cbec_transaction"].edit, "6000万")
    window.workspace.go_to_step(3)
    window.results_page.select("CD-9")
    window.language_menu.switch_to("en")
    window.language_menu.switch_to("zh")
    window.show_catalog()
    window.recovery.autosave()
    page = window.generate_page
    window.workspace.go_to_step(4)
    page.folder.setText(str(OUT / "packet"))
    page.start()
    while page.job is not None:
        settle(0.05)
    window.files._save_to(OUT / "firm.json")
    print("walked", flush=True)
    window.files.quit_action.trigger()


QTimer.singleShot(0, walk)
from desktop.gui.app import run  # noqa: E402

sys.exit(run(None))
