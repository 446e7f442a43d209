"""Autosaving one window's firm every few seconds, and offering back at start what a crashed program left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop.gui.autosave import Damaged, DocumentAutosave, autosave_dir, scan
from desktop.gui.status_line import StatusLine

if TYPE_CHECKING:
    from desktop.gui.document import FirmDocument

AUTOSAVE_MS = 5000


class Recovery(QObject):
    """The window's autosave timer, its document's autosave, and the questions about earlier ones."""

    def __init__(self, document: FirmDocument, window: QMainWindow, status: StatusLine) -> None:
        super().__init__(window)
        self.window = window
        self.status = status
        self.document = document
        self.autosaver = DocumentAutosave(document)
        self.damaged: list[Damaged] = []  # set aside by the last offer()
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()

    def autosave(self) -> None:
        """Keep a copy of this document's unsaved changes in the data folder (every few seconds)."""
        try:
            self.autosaver.save()
        except OSError as exc:  # a full or read-only data folder: say so in passing, keep working
            from desktop.os_errors import describe

            reason = describe(exc, autosave_dir())
            self.status.show(lambda: self.tr("无法自动保存：") + reason, 8000)

    def discard(self) -> None:
        """Remove this document's autosave after a save or a deliberate discard (no other window's)."""
        self.autosaver.discard()

    def stop(self) -> None:
        """Stop autosaving (the window closes)."""
        self.timer.stop()

    def offer(self) -> bool:
        """Offer, one by one, the autosaves a crashed program left; return True when one was restored.

        Declined ones are removed; after one is restored the others stay for the next start. Damaged
        ones are moved to autosave/damaged/ and kept in ``damaged`` for the window to say where.
        """
        left, self.damaged = scan()
        for number, saved in enumerate(left):
            name = saved.data.get("firm", {}).get("name") if isinstance(saved.data.get("firm"), dict) else ""
            answer = QMessageBox.question(
                self.window,
                self.tr("恢复未保存的内容"),
                self.tr(
                    "程序上次未正常关闭，“{name}”（{where}）有未保存的修改（自动保存于 {time}）。是否恢复？"
                ).format(
                    name=name or self.tr("未命名企业"),
                    where=str(saved.path) if saved.path else self.tr("尚未保存的新企业"),
                    time=saved.saved,
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.document.load_data(saved.data, saved.path, dirty=True)
                self.autosaver.adopt(saved)
                if len(left) > number + 1:
                    count = len(left) - number - 1
                    self.status.show(
                        lambda count=count: self.tr("还有 {count} 份自动保存，下次启动时会再询问").format(
                            count=count
                        ),
                        15000,
                    )
                return True
            saved.discard()
        return False
