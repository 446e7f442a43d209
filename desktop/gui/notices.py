"""What the window skipped at start — broken policy files in the user's catalog, damaged autosaves set
aside — kept in view in the status bar (never replaced by a passing message) and listed in a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.errors import CatalogError
    from desktop.gui.autosave import Damaged


class SkippedNotice(QPushButton):
    """A status-bar button, shown while anything was skipped: ⚠ 已跳过 N 个文件(点此查看)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.setStyleSheet("color: #c0392b; font-weight: bold; text-align: left;")
        self.catalog_files: list[CatalogError] = []
        self.autosaves: list[Damaged] = []
        self.clicked.connect(self.show_details)
        self.dialog: QDialog | None = None
        self.setVisible(False)

    def set_catalog_files(self, skipped: list[CatalogError]) -> None:
        """Show the files of the user's catalog that were skipped (replacing the earlier list)."""
        self.catalog_files = list(skipped)
        self.retranslate()

    def add_autosaves(self, damaged: list[Damaged]) -> None:
        """Add damaged autosaves set aside at start."""
        self.autosaves.extend(damaged)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the text in the current language; hide the notice when nothing was skipped."""
        count = len(self.catalog_files) + len(self.autosaves)
        self.setText(self.tr("⚠ 已跳过 {count} 个文件(点此查看)").format(count=count))
        self.setToolTip("\n".join(self.lines()))
        self.setVisible(count > 0)

    def lines(self) -> list[str]:
        """Return every skipped file with the reason and, for an autosave, where it is now."""
        lines: list[str] = []
        if self.catalog_files:
            lines.append(self.tr("政策目录中已跳过的文件(其余文件照常使用)："))
            for error in self.catalog_files:
                lines.append(f"· {Path(error.source).name}  ({error.source})")
                lines.extend(f"    {problem}" for problem in error.problems)
        if self.autosaves:
            if lines:
                lines.append("")
            lines.append(self.tr("损坏的自动保存(未删除，其中可能有未保存的内容，可用文本编辑器打开)："))
            for damaged in self.autosaves:
                where = (
                    self.tr("已移到 {path}").format(path=damaged.moved_to)
                    if damaged.moved_to
                    else self.tr("无法移动，仍在原处")
                )
                lines.append(f"· {damaged.name}：{damaged.reason}；{where}")
        return lines

    def show_details(self) -> QDialog:
        """Show every skipped file in a dialog (not modal: the window stays usable)."""
        dialog = QDialog(self.window())
        dialog.setWindowTitle(self.tr("已跳过的文件"))
        text = QPlainTextEdit(dialog)
        text.setReadOnly(True)
        text.setPlainText("\n".join(self.lines()))
        intro = QLabel(self.tr("程序启动时跳过了以下文件："), dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(intro)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(760, 360)
        dialog.show()
        self.dialog = dialog
        return dialog
