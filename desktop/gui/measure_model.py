"""The Qt model of the engine's per-measure results, shown in the 测算结果 table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from desktop.engine import FirmResult, MeasureResult, Status

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog
from desktop.gui.changes import EditChanges
from desktop.gui.field_names import readable
from desktop.gui.fields import without_keys
from desktop.gui.status_text import status_label
from desktop.money import NotADecimalError, format_grouped, read_in_unit, to_decimal

Index = QModelIndex | QPersistentModelIndex
CHANGED_COLOUR = "#fff3c4"  # what the last edit changed, on every page

STATUS_COLOURS = {
    Status.ELIGIBLE: "#1e7b34",
    Status.INELIGIBLE: "#8a8a8a",
    Status.NOT_IN_FORCE: "#8a8a8a",
    Status.NEEDS_INPUT: "#b9770e",
    Status.UNQUANTIFIED: "#2e5c8a",
}


class MeasureTableModel(QAbstractTableModel):
    """One row per measure: id, title, status, award, and the guide's amount for ceilings (editable)."""

    claim_edited = Signal(str, object)
    ID, TITLE, STATUS, AWARD, CHANGE, CLAIM = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[MeasureResult] = []
        self.english = False
        self.claims: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.changes = EditChanges()
        self.catalog: Catalog | None = None  # for the titles that replace codes in the tooltips

    def set_result(
        self,
        result: FirmResult | None,
        claims: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        changes: EditChanges | None = None,
    ) -> None:
        """Show a new result: the amounts typed in the table (kept even when refused, with the reason)
        and what the last edit changed.

        The same measures are updated in place, so the view keeps its scroll position and selection.
        """
        rows = list(result.measures) if result else []
        self.claims, self.errors = dict(claims or {}), dict(errors or {})
        self.changes = changes or EditChanges()
        if [r.id for r in rows] == [r.id for r in self.rows] and rows:
            self.rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def claim_error(self, measure_id: str) -> str | None:
        """Return why the amount typed for a measure was not used, or None."""
        return self.errors.get(f"claims.{measure_id}")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            QCoreApplication.translate("MeasureTable", "编号"),
            QCoreApplication.translate("MeasureTable", "事项"),
            QCoreApplication.translate("MeasureTable", "状态"),
            QCoreApplication.translate("MeasureTable", "金额(元)"),
            QCoreApplication.translate("MeasureTable", "本次变化"),
            QCoreApplication.translate("MeasureTable", "年度指南核定金额"),
        ][section]

    def _claimable(self, result: MeasureResult) -> bool:
        return result.status is Status.ELIGIBLE and result.measure.award.is_money

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        result = self.rows[index.row()]
        if index.column() == self.CLAIM and (self._claimable(result) or self._typed_claim(result)):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _typed_claim(self, result: MeasureResult) -> str | None:
        """Return the amount typed for a measure as shown in its cell, or None."""
        value = self.claims.get(result.id)
        if value is None or value == "":
            return None
        try:
            return format_grouped(
                read_in_unit(value, "元").value if isinstance(value, str) else to_decimal(value)
            )
        except NotADecimalError:
            return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        result = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ID:
                return result.id
            if column == self.TITLE:
                return result.measure.title_en if self.english else result.measure.title
            if column == self.STATUS:
                return status_label(result)
            if column == self.AWARD:
                if result.status is not Status.ELIGIBLE:
                    return ""
                return ("≤ " if result.up_to else "") + format_grouped(result.award)
            if column == self.CHANGE:
                change = self.changes.measures.get(result.id)
                return change.text() if change else ""
            if column == self.CLAIM:
                typed = self._typed_claim(result)
                if typed is not None:
                    return ("✗ " + typed) if self.claim_error(result.id) else typed
                return (
                    QCoreApplication.translate("MeasureTable", "(可填写)") if self._claimable(result) else ""
                )
        if role == Qt.ItemDataRole.EditRole and column == self.CLAIM:
            return self._typed_claim(result) or ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.STATUS:
                return QBrush(QColor(STATUS_COLOURS[result.status]))
            if column == self.CLAIM and self.claim_error(result.id):
                return QBrush(QColor("#c0392b"))
            if column == self.CLAIM and self._claimable(result) and not result.claimed:
                return QBrush(QColor("#999999"))
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == self.CLAIM and self.claim_error(result.id):
                return QBrush(QColor("#fdecea"))
            if column in (self.STATUS, self.AWARD, self.CHANGE) and result.id in self.changes.measures:
                return QBrush(QColor(CHANGED_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.AWARD, self.CHANGE, self.CLAIM):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            error = self.claim_error(result.id) if column == self.CLAIM else None
            if error:
                return self._readable(error)
            text = f"{result.measure.clause}\n{result.summary}" if result.summary else result.measure.clause
            if column in (self.ID, self.TITLE):
                text = f"{result.id} · {text}"  # the code stays here, for a call to the bureau
            if column == self.CHANGE and result.id in self.changes.measures:
                text = self.changes.measures[result.id].text()
            return self._readable(text) if column not in (self.ID, self.TITLE) else without_keys(text)
        return None

    def _readable(self, text: str) -> str:
        return readable(text, self.catalog) if self.catalog is not None else without_keys(text)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.CLAIM:
            return False
        text = str(value).strip().removeprefix("✗").strip()
        if not text:
            self.claim_edited.emit(self.rows[index.row()].id, None)
            return True
        try:
            amount: str = format(read_in_unit(text, "元").value, "f")
        except NotADecimalError:
            amount = text  # kept as typed (800万美元 too) and flagged, never silently dropped or converted
        self.claim_edited.emit(self.rows[index.row()].id, amount)
        return True

    def row_of(self, measure_id: str) -> int | None:
        """Return the row showing a measure, or None."""
        return next((i for i, r in enumerate(self.rows) if r.id == measure_id), None)
