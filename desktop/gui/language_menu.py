"""The 语言 / Language menu: switch the interface language at once and remember it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from desktop.gui.i18n import current_language, set_language
from desktop.gui.settings import Settings

LANGUAGE_NAMES = (("zh", "简体中文"), ("en", "English"))  # each in its own language, never translated


class LanguageMenu(QMenu):
    """One checkable entry per language; ``switched`` tells the window to set its texts anew."""

    switched = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language, text in LANGUAGE_NAMES:
            action = QAction(text, self, checkable=True)
            action.triggered.connect(lambda _=False, language=language: self.switch_to(language))
            group.addAction(action)
            self.addAction(action)
            self.language_actions[language] = action

    def switch_to(self, language: str) -> None:
        """Switch the interface language now and remember it."""
        if set_language(language):
            self.settings.language = language
        self.switched.emit()

    def retranslate(self) -> None:
        """Set the title and check the language in use."""
        self.setTitle(self.tr("语言 / Language"))
        for language, action in self.language_actions.items():
            action.setChecked(language == current_language())
