"""The 文件 menu and what it does: new, open, the sample, recent files, save and save as of the firm file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QMessageBox

from desktop.errors import GrantDeskError
from desktop.gui import questions
from desktop.gui.settings import Settings
from desktop.gui.status_line import StatusLine
from desktop.paths import samples_dir

if TYPE_CHECKING:
    from desktop.gui.document import FirmDocument
    from desktop.gui.file_guard import FileGuard, Holder

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
    switched = Signal()  # the user went to the other window that holds the file asked for

    def __init__(self, window: QMainWindow, settings: Settings, status: StatusLine) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.status = status
        self.document: FirmDocument | None = None
        self.guard: FileGuard | None = (
            None  # with the document: hashing, locks, watching come after the first paint
        )
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

    def use(self, document: FirmDocument) -> None:
        """Work on ``document``: the file it has open is held by this window."""
        from desktop.gui.file_guard import FileGuard

        self.document = document
        self.guard = FileGuard(self)
        self.guard.changed_on_disk.connect(self._changed_on_disk)
        self.guard.asked_to_show.connect(self._come_forward)
        document.path_changed.connect(self.guard.take)

    @property
    def read_only(self) -> bool:
        """Return True when another window holds the open file: this one may only save it elsewhere."""
        return self.guard is not None and self.guard.read_only

    def release(self) -> None:
        """Let go of the open file (the window closes)."""
        if self.guard is not None:
            self.guard.release()

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
        """Open a firm file; return False when it could not be opened (the user is told why) or the
        user went to the other window that has it open."""
        if ask and not self.ask_to_save():
            return False
        from desktop.gui.file_guard import holder_of

        path = Path(path)
        holder = None if self.guard.holds(path) else holder_of(path)
        if holder is not None and not self._open_held(path, holder):
            return False
        try:
            self.document.open(path)
        except GrantDeskError as exc:
            QMessageBox.warning(self.window, self.tr("无法打开"), "\n".join(exc.lines()))
            return False
        self.settings.add_recent(path)
        self._rebuild_recent()
        if self.read_only:
            self.status.show(
                lambda: self.tr("只读打开：“{file}”已在另一个窗口中打开，修改后请另存为。").format(
                    file=path.name
                )
            )
        elif self.document.problems:
            count = len(self.document.problems)
            self.status.show(
                lambda: self.tr("文件中有 {count} 处需要修正，已在相应字段标出").format(count=count), 8000
            )
        return True

    def _open_held(self, path: Path, holder: Holder) -> bool:
        """Ask what to do with a file another window holds; return True to open it read-only."""
        since = self.tr("（自 {time} 起）").format(time=holder.since) if holder.since else ""
        answer = questions.choose(
            self.window,
            self.tr("文件已在另一个窗口中打开"),
            self.tr(
                "“{file}”已在另一个窗口中打开{since}。\n两个窗口同时修改同一个文件，后保存的会覆盖先保存的。"
            ).format(file=path.name, since=since),
            [self.tr("切换到那个窗口"), self.tr("只读打开")],
        )
        if answer == 0:
            from desktop.gui.file_guard import knock

            if knock(holder, path):
                self.switched.emit()
            else:
                QMessageBox.information(
                    self.window,
                    self.tr("无法切换"),
                    self.tr("打开“{file}”的窗口没有响应，请在任务栏中切换到它。").format(file=path.name),
                )
        return answer == 1

    def _changed_on_disk(self) -> None:
        """The open file was written by someone else: follow it if nothing here is unsaved, else warn."""
        path = self.guard.path
        if path is None:
            return
        if not self.document.dirty:
            try:
                self.document.open(path)
            except GrantDeskError:
                return  # half written, or no longer a firm file: the next change or a save tells
            self.status.show(
                lambda: self.tr("“{file}”已在别处修改，已重新载入。").format(file=path.name), 15000
            )
            return
        self.status.show(
            lambda: self.tr("“{file}”已在别处修改；保存时会先询问是否覆盖。").format(file=path.name), 15000
        )

    def _come_forward(self) -> None:
        """Another window asked for this window's file: show this window in front."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        QApplication.alert(window)
        self.status.show(lambda: self.tr("另一个窗口想打开本企业文件：它已在这里打开。"), 10000)

    def open_sample(self) -> None:
        """Open the sample firm as an unsaved copy."""
        if self.ask_to_save():
            self.document.load_data(sample_data(), None)
            self.sample_opened.emit()

    def save(self) -> bool:
        """Save to the current file, or ask where (a new firm, a file another window holds)."""
        if self.document.path is None or self.read_only:
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

    def _may_write(self, path: Path) -> bool | None:
        """Return True to write ``path``, False when it must not be, None to choose another name."""
        from desktop.gui.file_guard import holder_of

        if not self.guard.holds(path) and holder_of(path) is not None:
            QMessageBox.warning(
                self.window,
                self.tr("无法保存"),
                self.tr("“{file}”正在另一个窗口中打开，不能保存到这里。请换一个文件名。").format(
                    file=path.name
                ),
            )
            return False
        if self.guard.path == path.resolve() and self.guard.changed_since_read():
            answer = questions.choose(
                self.window,
                self.tr("文件已被修改"),
                self.tr("“{file}”在打开后已被其他程序或窗口修改，覆盖它会丢失那些修改。").format(
                    file=path.name
                ),
                [self.tr("覆盖"), self.tr("另存为…")],
                default=1,
            )
            return None if answer == 1 else answer == 0
        return True

    def _save_to(self, path: Path) -> bool:
        allowed = self._may_write(path)
        if allowed is None:
            return self.save_as()
        if not allowed:
            return False
        try:
            self.document.save(path)
        except OSError as exc:
            from desktop.os_errors import output_error

            QMessageBox.warning(self.window, self.tr("无法保存"), str(output_error(exc, path)))
            return False
        self.settings.add_recent(path)
        self._rebuild_recent()
        self.saved.emit(path)
        self.status.show(lambda: self.tr("已保存 {path}").format(path=path), 5000)
        return True
