"""Starting the desktop program: the application, its language, the main window shown at once."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import __version__
from desktop.errors import CatalogError
from desktop.gui.i18n import set_language
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.paths import resources_dir


def prepare_window(settings: Settings | None = None) -> MainWindow:
    """Return the main window's frame in the remembered language; its steps come with ``load()``."""
    settings = settings or Settings()
    set_language(settings.language)
    return MainWindow(settings=settings)


def _load(window: MainWindow, app: QApplication) -> bool:
    try:
        window.load()
    except CatalogError as exc:
        title = QCoreApplication.translate("App", "政策目录有误")
        QMessageBox.critical(window, title, "\n".join(exc.lines()[:20]))
        app.exit(4)
        return False
    return True


def run(path: Path | None = None, self_test: bool = False) -> int:
    """Open the main window (with ``path`` if given) and run until it closes; return the exit status.

    The window appears first and the catalog loads right after, so the program answers at once.
    With ``self_test`` the window is shown, loaded, one recalculation is made, and the program exits.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CBEC Grant Desk")
    app.setApplicationVersion(__version__)
    icon = resources_dir() / "icons" / "grant-desk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    window = prepare_window()
    window.show()
    if self_test:
        app.processEvents()
        launched = os.environ.get("GRANT_DESK_LAUNCHED")  # set by tools/build.py to time the start
        if launched:
            print(f"first window {time.time() - float(launched):.3f} s")
        if not _load(window, app):
            return 4
        started = time.perf_counter()
        window.document.load_data(window.document.data, None)
        from desktop.gui.printing import self_test as printing_self_test

        print(
            f"self-test: window shown on {app.platformName()}, catalog {window.catalog.version}, "
            f"recalculation {1000 * (time.perf_counter() - started):.1f} ms, {printing_self_test()}"
        )
        if launched:
            print(f"ready {time.time() - float(launched):.3f} s")
        window.document.dirty = False
        QTimer.singleShot(0, app.quit)
        return app.exec()
    QTimer.singleShot(0, lambda: _load(window, app) and window.start(path))
    try:
        return app.exec()
    finally:
        from desktop.gui.autosave import end_session

        end_session()  # the session lock file goes with a clean quit
