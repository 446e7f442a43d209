"""The step list beside the page of the step shown: which page shows, its refresh, the marks, the keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QStackedWidget,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.gui.steps import Mark

STEP_COUNT = 6
MARK_COLOURS = {"!": "#b9770e", "✓": "#1e7b34"}


class Workspace(QWidget):
    """The step list on the left and the step's page on the right.

    Until the pages are set it shows a loading line. An edit refreshes the page in view at once and
    the others when they are shown, so typing stays instant.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: list[QWidget] = []
        self._stale: set[int] = set()
        self._marks: list[Mark] = []
        self.step_names: list[str] = []
        self.steps = QListWidget(self)
        self.steps.setFixedWidth(150)
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stack = QStackedWidget(self)
        self.loading = QLabel(self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        layout = QHBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        self._build_keys()

    def _build_keys(self) -> None:
        # Ctrl+1…6 and Alt+1…6 go to a step (Alt+digit would otherwise type the digit into a field);
        # Ctrl+PgUp/PgDn step back and forth, as between tabs.
        self.step_actions: list[QAction] = []
        for row in range(STEP_COUNT):
            action = QAction(self)
            action.setShortcuts([QKeySequence(f"Ctrl+{row + 1}"), QKeySequence(f"Alt+{row + 1}")])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, row=row: self.go_to_step(row))
            self.addAction(action)
            self.step_actions.append(action)
        self.previous_step_action = QAction(self, shortcut=QKeySequence("Ctrl+PgUp"))
        self.previous_step_action.triggered.connect(lambda: self.go_to_step(self.steps.currentRow() - 1))
        self.next_step_action = QAction(self, shortcut=QKeySequence("Ctrl+PgDown"))
        self.next_step_action.triggered.connect(lambda: self.go_to_step(self.steps.currentRow() + 1))
        self.addActions([self.previous_step_action, self.next_step_action])

    def set_pages(self, pages: list[QWidget]) -> None:
        """Put the pages in place of the loading line and show the first.

        Each page offers ``first_field()``, ``focus_chain()``, ``refresh()`` and ``retranslate()``.
        """
        self.pages = pages
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        for page in pages:
            self.stack.addWidget(page)
            self.steps.addItem("")
        self.steps.currentRowChanged.connect(self._show_step)
        self.steps.setCurrentRow(0)
        self._show_marks()

    @property
    def loaded(self) -> bool:
        """Return True once the pages are in place."""
        return bool(self.pages)

    def go_to_step(self, row: int) -> None:
        """Show a step (0-based) and put the focus on its first field."""
        if not self.loaded or not 0 <= row < len(self.pages):
            return
        self.steps.setCurrentRow(row)
        first = getattr(self.pages[row], "first_field", None)
        target = first() if first else None
        (target or self.stack.currentWidget()).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_step(self, row: int) -> None:
        if row in self._stale:
            self._stale.discard(row)
            self.pages[row].refresh()
        self.stack.setCurrentIndex(row)

    def refresh(self) -> None:
        """Refresh the page in view now and the others when they are shown."""
        current = self.stack.currentIndex()
        self._stale = set(range(len(self.pages))) - {current}
        self.pages[current].refresh()

    def retranslate_pages(self) -> None:
        """Set every page's texts in the current language."""
        for page in self.pages:
            page.retranslate()

    def show_marks(self, marks: list[Mark]) -> None:
        """Mark each step ✓ (complete), ! (needs attention, with what is missing) or nothing (empty);
        the batch step has none."""
        self._marks = marks
        self._show_marks()

    def _show_marks(self) -> None:
        tips = {"✓": self.tr("已完成"), "!": self.tr("需要处理"), "": self.tr("尚未填写")}
        for row, name in enumerate(self.step_names[: self.steps.count()]):
            mark = self._marks[row].symbol if row < len(self._marks) else ""
            missing = self._marks[row].missing if row < len(self._marks) else ()
            item = self.steps.item(row)
            item.setText(f"{name}  {mark}" if mark else name)
            tip = tips[mark]
            if missing:
                tip += "\n" + self.tr("请处理：{fields}").format(fields="、".join(missing))
            item.setToolTip(tip if row < 5 else "")
            item.setForeground(QColor(MARK_COLOURS.get(mark, "#202020")))

    def retranslate(self) -> None:
        """Set the step names, their keys' texts and the loading line in the current language."""
        if not self.loaded:
            self.loading.setText(self.tr("正在载入政策目录…"))
        self.step_names = [
            self.tr("1 企业信息"),
            self.tr("2 适用政策"),
            self.tr("3 申报数据"),
            self.tr("4 测算结果"),
            self.tr("5 生成材料"),
            self.tr("批量申报"),
        ]
        self._show_marks()
        self.previous_step_action.setText(self.tr("上一步"))
        self.next_step_action.setText(self.tr("下一步"))
        for row, action in enumerate(self.step_actions):
            action.setText(self.step_names[row])

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab runs from the step list through the fields of the step shown and back to the step list.

        The order is each page's own list, not Qt's focus chain across the hidden pages, which
        looped inside the firm page.
        """
        if not self.loaded:
            return super().focusNextPrevChild(next)
        page = self.pages[self.stack.currentIndex()]
        chain: list[QWidget] = [self.steps]
        chain += [
            w
            for w in page.focus_chain()
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        widget = QApplication.focusWidget()
        while widget is not None and widget not in chain:
            widget = widget.parentWidget()
        if widget is None:
            return super().focusNextPrevChild(next)
        target = chain[(chain.index(widget) + (1 if next else -1)) % len(chain)]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        if isinstance(target, QLineEdit):
            target.selectAll()
        return True
