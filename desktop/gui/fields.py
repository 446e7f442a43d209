"""Input widgets: amounts typed as 1,234,567 / 260万 / 2.6亿 with the normalised value shown, and error marks."""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.money import NotADecimalError, UnitError, format_grouped, read_in_unit, to_decimal

# One frame for every line edit, in or out of error, so a field never changes size when flagged.
EDIT_STYLE = (
    "QLineEdit { border: 1px solid #a0a0a0; border-radius: 2px; padding: 2px 4px; background: white; }"
    "QLineEdit:focus { border-color: #2e5c8a; }"
    'QLineEdit[flagged="true"] { border-color: #c0392b; background: #fdecea; }'
)
_KEY = re.compile(
    r"[(（]\s*(?:(?:firm|facts|claims)\.[a-z0-9_]+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*[)）]"
    r"|\b(?:firm|facts|claims)\.[a-z0-9_]+\b"
)


def set_style(widget: QWidget, style: str) -> None:
    """Set a widget's style sheet only when it changes: re-styling costs a re-polish on every edit."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


def heading_label(parent: QWidget) -> QLabel:
    """Return the bold heading every step page starts with."""
    label = QLabel(parent)
    label.setStyleSheet("font-size: 16px; font-weight: bold;")
    return label


def without_keys(text: str) -> str:
    """Return an engine text without the internal field keys it names for the command line."""
    return _KEY.sub("", text)


def mark_error(widget: QWidget, message: str | None) -> None:
    """Show or clear an error on a field: a red frame (same size) and the message as its tooltip."""
    message = without_keys(message) if message else ""
    tip = message or widget.property("help") or ""
    if widget.toolTip() != tip:  # setting a tooltip costs: every field is refreshed on each keystroke
        widget.setToolTip(tip)
    if widget.property("error") != message:
        widget.setProperty("error", message)
        # the style sheet matches this flag: a property selector compares text, not truth
        widget.setProperty("flagged", "true" if message else "false")
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class EnterMovesOn(QObject):
    """Event filter: Enter in a line edit moves to the next field, as on a paper form."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QLineEdit)
        ):
            watched.focusNextChild()
            return True
        return False


def label_text(chinese: str, english: str) -> str:
    """Return a catalog label in the interface language; English labels start with a capital."""
    from desktop.gui.i18n import is_english

    if not is_english():
        return chinese
    return english[:1].upper() + english[1:]


def unit_text(unit: str) -> str:
    """Return a unit (元, 美元, ㎡) in the interface language."""
    units = {
        "元": QCoreApplication.translate("Units", "元"),
        "美元": QCoreApplication.translate("Units", "美元"),
    }
    return units.get(unit, unit)


def money_text(amount: Decimal) -> str:
    """Return an amount of money with its unit in the interface language: 2,000,000 元 / CNY 2,000,000."""
    return QCoreApplication.translate("Units", "{amount} 元").format(amount=format_grouped(amount))


def signed_text(amount: Decimal) -> str:
    """Return a difference with its sign: +1,500,000 or −300,000."""
    return ("+" if amount > 0 else "−") + format_grouped(abs(amount))


def parse_amount(text: str, unit: str = "") -> Decimal | None:
    """Return the amount typed in a field of ``unit`` (元, 美元, ㎡), or None for an empty field; raises
    NotADecimalError for bad text and UnitError for another unit (``800万美元`` in a 元 field)."""
    text = text.strip()
    if not text:
        return None
    value = read_in_unit(text, unit).value
    if value < 0:
        raise NotADecimalError("negative")
    return value


class AmountEdit(QWidget):
    """A line edit for money, areas or USD that shows what it understood: ``260万`` → ``2,600,000 元``.

    Emits ``value_changed`` with the normalised text, or None when the field is empty or its text
    cannot be read or names another unit (``800万美元`` in a 元 field); such text stays in the field,
    flagged with the reason, until the user fixes it.
    """

    value_changed = Signal(object)

    def __init__(self, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = unit
        self.edit = QLineEdit(self)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setMinimumWidth(160)
        self.preview = QLabel(self)
        self.preview.setMinimumWidth(190)
        set_style(self.preview, "color: #555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 2)
        layout.addWidget(self.preview, 3)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._typed)
        self.valid = True
        self._shown: str | None = None  # the text the preview and the marks were last made for

    def set_value(self, value: object) -> None:
        """Show a stored value without emitting a change."""
        if value is None or value == "":
            text = ""
        else:
            try:
                number = read_in_unit(value, self.unit).value if isinstance(value, str) else to_decimal(value)
                text = format_grouped(number)
            except NotADecimalError:  # shown as stored, and flagged
                text = str(value)
        if text == self.edit.text() and self.valid and self._shown == text:
            return  # as shown already: every field is refreshed on each keystroke of another
        self.edit.setText(text)
        self._show(text, emit=False)

    def retranslate(self) -> None:
        """Say again what the text shown was understood as, in the interface language."""
        self._show(self.edit.text(), emit=False)

    def _typed(self, text: str) -> None:
        self._show(text, emit=True)

    def _show(self, text: str, emit: bool) -> None:
        self._shown = text
        try:
            value = parse_amount(text, self.unit)
        except NotADecimalError as exc:
            was_valid, self.valid = self.valid, False
            if isinstance(exc, UnitError):
                problem = self.tr("单位不符：填写的是 {written}，本项的单位是 {unit}").format(
                    written=exc.written, unit=unit_text(exc.expected)
                )
                self.preview.setText(problem)
            else:
                problem = self.tr("无法识别的数额")
                self.preview.setText(self.tr("无法识别：请填写数字，如 1,234,567、260万、2.6亿"))
            set_style(self.preview, "color: #c0392b;")
            mark_error(self.edit, problem)
            if emit and was_valid:
                self.value_changed.emit(None)  # the figure is missing until the text is fixed; the text stays
            return
        self.valid = True
        set_style(self.preview, "color: #555;")
        mark_error(self.edit, None)
        self.preview.setText("" if value is None else f"= {format_grouped(value)} {unit_text(self.unit)}")
        if emit:
            self.value_changed.emit(None if value is None else format(value, "f"))
