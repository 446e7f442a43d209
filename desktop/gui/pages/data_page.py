"""Step 3, 申报数据: only the figures the applicable measures need, each with its unit and clause."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.engine import MeasureResult, Status
from desktop.gui.changes import CHANGE_STYLE, show_change
from desktop.gui.document import FirmDocument
from desktop.gui.field_names import readable
from desktop.gui.fields import (
    AmountEdit,
    EnterMovesOn,
    heading_label,
    label_text,
    mark_error,
    set_style,
    unit_text,
)
from desktop.gui.i18n import is_english

HELP_STYLE = "color: #666; font-size: 11px;"
HELP_ERROR_STYLE = "color: #c0392b; font-size: 11px;"


def figure_facts(document: FirmDocument) -> list[str]:
    """Return every entered numeric fact of the vocabulary (money, USD, areas), in vocabulary order."""
    return [
        key
        for key, definition in document.catalog.facts.items()
        if definition.kind.is_numeric and not definition.derived
    ]


def still_possible(measure: MeasureResult) -> bool:
    """Return True unless the measure is ruled out by something a figure cannot change
    (a role, a yes/no or choice answer, the firm's age, a one-off already received)."""
    if measure.status in (Status.NOT_IN_FORCE, Status.UNQUANTIFIED):
        return False
    return not any(
        check.holds is False and (check.kind != "fact" or check.threshold is None) for check in measure.checks
    )


class FigureRow(QWidget):
    """A figure's row (field, what the last edit changed, help): as tall as its wrapped lines need.

    It tells the form its height as a minimum instead of a height for its width: QFormLayout works out
    heights for width with the field column's previous width, and squeezed the first field to half its
    height when the change line appeared under it (seen at 1366×768 under a window manager).
    """

    def hasHeightForWidth(self) -> bool:
        return False

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight()) if self.minimumHeight() else hint

    def fit(self) -> None:
        """Take the height the row's lines need at its present width."""
        layout = self.layout()
        if layout is not None and self.width() > 0:
            height = layout.totalHeightForWidth(self.width())
            if height > 0 and height != self.minimumHeight():
                self.setMinimumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()


class DataPage(QWidget):
    """One amount field per figure; rows appear only when a measure that is still possible needs them."""

    def __init__(self, document: FirmDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.heading = heading_label(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.empty = QLabel(self)
        self.rows: dict[str, QWidget] = {}
        self.fields: dict[str, AmountEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.helps: dict[str, QLabel] = {}
        self.changes: dict[str, QLabel] = {}
        self._reload = False  # show the stored figures even in the field typed in (another firm, undo)
        document.replaced.connect(self._must_reload)
        document.restored.connect(self._must_reload)
        self.enter_moves_on = EnterMovesOn(self)
        body = QWidget(self)
        self.form = QFormLayout(body)
        # Labels are short names: kept on one line (Chinese would break mid-word); a long one goes above.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key in figure_facts(document):
            kind = document.catalog.facts[key].kind
            field = AmountEdit(kind.unit or "", body)
            field.edit.installEventFilter(self.enter_moves_on)
            label = QLabel(body)
            label.setBuddy(field.edit)
            help_label = QLabel(body)
            help_label.setStyleSheet(HELP_STYLE)
            help_label.setWordWrap(True)
            change = QLabel(body)
            change.setStyleSheet(CHANGE_STYLE)
            change.setWordWrap(True)
            change.setVisible(False)
            holder = FigureRow(body)
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 6)
            holder_layout.addWidget(field)
            holder_layout.addWidget(change)
            holder_layout.addWidget(help_label)
            holder.setFocusProxy(field.edit)
            self.form.addRow(label, holder)
            self.rows[key] = holder
            self.fields[key], self.labels[key], self.helps[key] = field, label, help_label
            self.changes[key] = change
            field.value_changed.connect(lambda value, key=key: self._edited(key, value))
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def first_field(self) -> QWidget:
        """Return the first figure shown."""
        return next((f.edit for f in self.fields.values() if f.edit.isVisibleTo(self)), self)

    def focus_chain(self) -> list[QWidget]:
        """Return the figures in tab order (hidden rows are skipped by Qt)."""
        return [field.edit for field in self.fields.values()]

    def _must_reload(self) -> None:
        self._reload = True

    def _edited(self, key: str, value: object) -> None:
        self.document.set_fact(key, value)

    def _show_change(self, key: str) -> None:
        """Beside the figure whose edit was just committed, say what it changed."""
        label = self.changes[key]
        show_change(label, self.document.changes, {f"facts.{key}"})

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(self.tr("申报数据"))
        self.intro.setText(
            self.tr(
                "只列出可能适用的措施需要的数据。金额可写 1234567、1,234,567、260万 或 2.6亿；未填写的视为缺少，不当作 0。"
            )
        )
        self.empty.setText(self.tr("本企业目前没有需要填写金额的措施。"))
        for field in self.fields.values():
            field.retranslate()
        english = is_english()
        catalog = self.document.catalog
        for key, label in self.labels.items():
            definition = catalog.facts[key]
            unit = unit_text(definition.kind.unit)
            name = label_text(definition.label, definition.label_en)
            label.setText(f"{name} ({unit})" if english else f"{name}（{unit}）")
        self.refresh()

    def refresh(self) -> None:
        """Show the stored figures, flag bad ones, and show only the rows still needed."""
        result = self.document.result
        english = is_english()
        needed: dict[str, list[str]] = {}
        if result is not None:
            for measure in result.measures:
                if still_possible(measure):
                    for fact in measure.measure.facts():
                        use = (
                            measure.measure.title_en
                            if english
                            else f"{measure.measure.title} {measure.measure.clause}"
                        )
                        for source in self.document.catalog.facts[fact].derived_from or [fact]:
                            needed.setdefault(source, []).append(use)
        errors = self.document.field_errors
        any_visible = False
        reload, self._reload = self._reload, False
        for key, field in self.fields.items():
            value = self.document.fact(key)
            typing = self.document.open_field == f"facts.{key}"  # left as typed until the field is left
            if reload or (field.valid and not typing):
                field.set_value(value)
            visible = key in needed or value is not None
            any_visible |= visible
            self.form.setRowVisible(self.rows[key], visible)
            uses = list(dict.fromkeys(needed.get(key, [])))
            help_text = (
                self.tr("依据：") + ("; " if english else "；").join(uses)
                if uses
                else self.tr("已填写，当前没有措施使用")
            )
            definition = self.document.catalog.facts[key]
            if definition.help and not english:  # the catalog's explanations are in Chinese only
                help_text = f"{definition.help}。{help_text}"
            field.edit.setProperty("help", help_text)
            error = errors.get(f"facts.{key}")
            if error or field.valid:
                mark_error(field.edit, error)
            # a problem the file check finds (a part above its whole) is said under the field, not only
            # in its tooltip: the figure itself reads fine
            shown = f"✗ {readable(error, self.document.catalog)}" if error and field.valid else help_text
            self.helps[key].setText(shown)
            set_style(self.helps[key], HELP_ERROR_STYLE if shown is not help_text else HELP_STYLE)
            self._show_change(key)
            self.rows[key].fit()
        self.empty.setVisible(not any_visible)
