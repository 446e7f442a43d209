"""Opening a folder in the system's file manager, and saying so when none answers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices

ANSWER_S = 5.0  # xdg-open says within this whether a file manager took the folder


def open_folder(path: Path, failed: Callable[[Path], None], parent: QObject) -> None:
    """Show ``path`` in the file manager; call ``failed(path)`` when none can show it.

    On Linux Qt only starts xdg-open and cannot tell that it found no file manager (exit 3 or 4,
    seconds later), so xdg-open is run here, in a session of its own (closing the window never closes
    the file manager), and its exit status is watched for a few seconds.
    """
    if sys.platform in ("win32", "darwin"):
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            failed(path)
        return
    opener = shutil.which("xdg-open")
    if opener is None:
        failed(path)
        return
    try:
        process = subprocess.Popen(
            [opener, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        failed(path)
        return
    deadline = time.monotonic() + ANSWER_S
    timer = QTimer(parent)
    timer.setInterval(100)

    def check() -> None:
        code = process.poll()
        if code is None and time.monotonic() < deadline:
            return
        timer.stop()
        timer.deleteLater()
        if code not in (None, 0):
            failed(path)

    timer.timeout.connect(check)
    timer.start()
