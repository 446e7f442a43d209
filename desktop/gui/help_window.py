"""帮助 → 使用说明: the built-in guide (resources/help), with the screenshots of every step, in the
interface language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QKeyEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from desktop.gui.geometry import FRAME_ALLOWANCE, available_geometry, fitted_size
from desktop.gui.i18n import current_language
from desktop.paths import resources_dir


def guide_dir() -> Path:
    """Return the folder of the guide and its screenshots."""
    return resources_dir() / "help"


class HelpWindow(QWidget):
    """A window of its own beside the main window: the guide, which follows the language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        area = available_geometry(parent)
        size = fitted_size(area, QSize(900, 700))
        self.resize(size)
        # on the screen, at its right where the main window's steps stay in view (a child window
        # would otherwise open wherever the window manager puts it, partly off a small screen)
        self.move(
            area.left() + max(0, area.width() - size.width() - FRAME_ALLOWANCE.width()),
            area.top() + max(0, (area.height() - size.height() - FRAME_ALLOWANCE.height()) // 2),
        )
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(guide_dir())])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.show_guide()

    def show_guide(self) -> None:
        """Show the guide in the interface language."""
        language = current_language()
        guide = guide_dir() / f"guide_{language}.md"
        text = guide.read_text(encoding="utf-8") if guide.is_file() else ""
        self.browser.setMarkdown(text)
        self._fit_images()
        self.setWindowTitle(self.tr("使用说明"))  # Qt adds the program's name

    def _fit_images(self) -> None:
        """Shrink the screenshots to the window's width (they are full 1366×768 screens)."""
        width = max(200, self.browser.viewport().width() - 40)
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                image = fragment.charFormat().toImageFormat()
                if image.isValid():
                    natural = QImage(str(guide_dir() / image.name()))
                    if not natural.isNull():
                        shown = min(width, natural.width())
                        image.setWidth(shown)
                        image.setHeight(natural.height() * shown / natural.width())
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cursor.setCharFormat(image)
                iterator += 1
            block = block.next()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_images)  # once the layout has given the browser its new width

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_guide()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
