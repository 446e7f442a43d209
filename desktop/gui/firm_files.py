"""The 文件 menu and what it does: new, open, the sample, recent files, save and save as of the firm file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from desktop.errors import GrantDeskError
from desktop.gui.settings import Settings
from desktop.paths import samples_dir

if TYPE_CHECKING:
    from desktop.gui.document import FirmDocument

FIRST_SAMPLE = "chengdu-trader.json"


def sample_data() -> dict:
    """Return the data of the sample firm the program opens on its first start."""
    return json.loads((samples_dir() / FIRST_SAMPLE).read_text(encoding="utf-8"))


class FirmFiles(QObject):
    """The firm file of one window: its 文件 menu, the questions before a firm is dropped, the dialogs.

    Messages go to the window's status bar; what the window shows next is its own business, told by
    ``started_new`` (a new firm), ``sample_opened`` and ``saved``.
    """

    started_new = Signal()
    sample_opened = Signal()
    saved = Signal(object)  # the path

    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.document: FirmDocument | None = None
        self.menu = QMenu(window)
        self.new_action = QAction(self, shortcut=QKeySequence.StandardKey.New, triggered=self.new_file)
        self.open_action = QAction(self, shortcut=QKeySequence.StandardKey.Open, triggered=self.open_dialog)
        self.sample_action = QAction(self, triggered=self.open_sample)
        self.save_action = QAction(self, shortcut=QKeySequence.StandardKey.Save, triggered=self.save)
        self.save_as_action = QAction(self, shortcut=QKeySequence.StandardKey.SaveAs, triggered=self.save_as)
        self.quit_action = QAction(self, shortcut=QKeySequence.StandardKey.Quit, triggered=window.close)
        self.recent_menu = self.menu.addMenu("")
        for action in (self.new_action, self.open_action, self.sample_action):
            self.menu.insertAction(self.recent_menu.menuAction(), action)
        self.menu.addSeparator()
        self.menu.addActions([self.save_action, self.save_as_action])
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)

    def retranslate(self) -> None:
        """Set the menu's texts in the current language."""
        self.menu.setTitle(self.tr("文件(&F)"))
        self.new_action.setText(self.tr("新建(&N)"))
        self.open_action.setText(self.tr("打开(&O)…"))
        self.sample_action.setText(self.tr("打开示例企业"))
        self.recent_menu.setTitle(self.tr("最近打开"))
        self.save_action.setText(self.tr("保存(&S)"))
        self.save_as_action.setText(self.tr("另存为(&A)…"))
        self.quit_action.setText(self.tr("退出(&Q)"))
        self.menu.setEnabled(self.document is not None)
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, path=path: self.open_path(Path(path)))
        self.recent_menu.setEnabled(bool(files))

    def _firm_name(self) -> str:
        return self.document.data["firm"].get("name") or self.tr("未命名企业")

    def ask_to_save(self) -> bool:
        """Return True when it is fine to drop the current firm (saved, discarded, or unchanged)."""
        if not self.document.dirty:
            return True
        answer = QMessageBox.question(
            self.window,
            self.tr("尚未保存"),
            self.tr("“{name}”有未保存的修改，是否保存？").format(name=self._firm_name()),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_file(self) -> None:
        """Start a new firm in the city of the current one."""
        if self.ask_to_save():
            self.document.new(self.document.data["firm"].get("city") or "chengdu")
            self.started_new.emit()

    def open_dialog(self) -> None:
        """Ask for a firm file and open it."""
        if not self.ask_to_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("打开企业文件"), self.settings.file_folder, self.file_filter()
        )
        if path:
            self.settings.remember_file(path)
            self.open_path(Path(path), ask=False)

    def file_filter(self) -> str:
        """Return the file dialogs' filter for firm files, in the interface language."""
        return self.tr("企业文件 (*.json)")

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a firm file; return False when it could not be opened (the user is told why)."""
        if ask and not self.ask_to_save():
            return False
        try:
            self.document.open(path)
        except GrantDeskError as exc:
            QMessageBox.warning(self.window, self.tr("无法打开"), "\n".join(exc.lines()))
            return False
        self.settings.add_recent(path)
        self._rebuild_recent()
        if self.document.problems:
            self.window.statusBar().showMessage(
                self.tr("文件中有 {count} 处需要修正，已在相应字段标出").format(
                    count=len(self.document.problems)
                ),
                8000,
            )
        return True

    def open_sample(self) -> None:
        """Open the sample firm as an unsaved copy."""
        if self.ask_to_save():
            self.document.load_data(sample_data(), None)
            self.sample_opened.emit()

    def save(self) -> bool:
        """Save to the current file, or ask where; return True when saved."""
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        """Ask for a file name and save there; return True when saved."""
        suggested = (self.document.data["firm"].get("name") or self.tr("企业")) + ".json"
        folder = str(self.document.path.parent) if self.document.path else self.settings.file_folder
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("另存为"), str(Path(folder) / suggested), self.file_filter()
        )
        if not path:
            return False
        self.settings.remember_file(path)
        if not path.endswith(".json"):
            path += ".json"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except OSError as exc:
            from desktop.os_errors import output_error

            QMessageBox.warning(self.window, self.tr("无法保存"), str(output_error(exc, path)))
            return False
        self.settings.add_recent(path)
        self._rebuild_recent()
        self.saved.emit(path)
        self.window.statusBar().showMessage(self.tr("已保存 {path}").format(path=path), 5000)
        return True
