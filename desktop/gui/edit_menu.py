"""The 编辑 menu: undo and redo over the whole firm, one step per edit, whichever field it was in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QMenu, QWidget

from desktop.gui.field_names import field_name

if TYPE_CHECKING:
    from desktop.gui.document import FirmDocument


class EditMenu(QMenu):
    """撤销 and 重做 of the document's edits; Ctrl+Z in a field takes back the whole edit, not a character."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.document: FirmDocument | None = None
        self.undo_action = QAction(self, shortcut=QKeySequence.StandardKey.Undo, triggered=self.undo)
        self.redo_action = QAction(self, triggered=self.redo)
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # Windows' key, where the desktop's is Ctrl+Shift+Z
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(redo_keys)
        self.addActions([self.undo_action, self.redo_action])
        # a field's own undo would take the key first: the document's undo is the one a clerk means
        self.keys = DocumentKeys(parent, [self.undo_action, self.redo_action], self)
        QApplication.instance().installEventFilter(self.keys)  # the key goes to the field with the focus

    def use(self, document: FirmDocument) -> None:
        """Undo and redo the edits of ``document``."""
        self.document = document
        document.undo_changed.connect(self.retranslate)
        document.changed.connect(self.retranslate)  # typing opens an edit that undo takes back
        self.retranslate()

    def undo(self) -> None:
        """Take the last edit back."""
        if self.document is not None:
            self.document.undo()

    def redo(self) -> None:
        """Make the last edit taken back again."""
        if self.document is not None:
            self.document.redo()

    def retranslate(self) -> None:
        """Set the texts (naming the field each would change) and enable what can be done."""
        self.setTitle(self.tr("编辑(&E)"))
        document = self.document
        undo = document.undo_field() if document else None
        redo = document.redo_field() if document else None
        self.undo_action.setText(self._text(self.tr("撤销(&U)"), undo))
        self.redo_action.setText(self._text(self.tr("重做(&R)"), redo))
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)

    def _text(self, verb: str, field: str | None) -> str:
        name = field_name(field, self.document.catalog) if field and self.document else ""
        return self.tr("{verb}：{field}").format(verb=verb, field=name) if name else verb


class DocumentKeys(QObject):
    """Event filter: lets Ctrl+Z and Ctrl+Y in a field of the window reach the 编辑 menu's actions."""

    def __init__(self, window: QWidget, actions: list[QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.actions = actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            return self._document_key(watched, event)
        return False

    def _document_key(self, watched: QObject, event: QKeyEvent) -> bool:
        if not isinstance(watched, QLineEdit | QAbstractSpinBox) or watched.window() is not self.window:
            return False
        pressed = QKeySequence(event.keyCombination())
        if not any(pressed in action.shortcuts() for action in self.actions):
            return False
        event.ignore()  # not taken by the field: the shortcut goes to the window's action
        return True
