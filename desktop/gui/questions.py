"""Questions whose answers say what they do (切换到那个窗口 / 只读打开 / 取消), not 是/否."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def choose(parent: QWidget, title: str, text: str, answers: list[str], default: int = 0) -> int | None:
    """Ask, with one button per answer and 取消; return the index of the answer chosen, or None."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = [box.addButton(answer, QMessageBox.ButtonRole.AcceptRole) for answer in answers]
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None
