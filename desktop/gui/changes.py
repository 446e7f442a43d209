"""What one edit changed: each measure's standing before and after, and the change of the counted totals."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field as default
from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from desktop.engine import FirmResult, MeasureResult, Status
from desktop.gui.fields import signed_text
from desktop.gui.i18n import is_english
from desktop.gui.status_text import status_label
from desktop.money import format_grouped

CHANGE_STYLE = "background: #fff3c4; color: #5a4500; padding: 1px 4px; font-weight: bold;"


@dataclass(frozen=True)
class Standing:
    """Where a measure stands as the clerk sees it: its status and the award shown (a ceiling marked)."""

    status: Status | None  # None: the firm's city does not reach the measure
    award: Decimal | None  # the award shown, when eligible
    up_to: bool = False
    counted: bool = False
    provisional: bool = False

    @classmethod
    def of(cls, measure: MeasureResult | None) -> Standing:
        """Return a measure's standing (``None``: not in the result)."""
        if measure is None:
            return cls(None, None)
        if measure.status is not Status.ELIGIBLE:
            return cls(measure.status, None)
        return cls(measure.status, measure.award, measure.up_to, measure.counted, measure.provisional)


@dataclass(frozen=True)
class MeasureChange:
    """One measure whose standing an edit changed."""

    measure: MeasureResult  # as it is after the edit (or before, when the edit took it away)
    before: Standing
    after: Standing

    @property
    def difference(self) -> Decimal | None:
        """Return the change of an exact award that stayed exact, else None."""
        before, after = self.before, self.after
        if before.award is None or after.award is None or before.up_to or after.up_to:
            return None
        return after.award - before.award

    def text(self) -> str:
        """Return the change as the clerk reads it: +1,500,000, 新增 最高 1,000,000, 取消 500,000, → 不符合."""
        before, after = self.before, self.after

        def amount(standing: Standing) -> str:
            shown = format_grouped(standing.award or Decimal(0))
            return (
                QCoreApplication.translate("Changes", "最高 {amount}").format(amount=shown)
                if standing.up_to
                else shown
            )

        # an award shown but not (yet) in the total says so, or the change and the total seem to disagree
        note = ""
        if after.award is not None and after.provisional:
            note = QCoreApplication.translate("Status", "(暂不计入)")
        elif after.award is not None and not after.counted:
            note = QCoreApplication.translate("Status", "(不计入)")
        if before.award is None and after.award is not None:
            return QCoreApplication.translate("Changes", "新增 {amount}").format(amount=amount(after)) + note
        if before.award is not None and after.award is None:
            return QCoreApplication.translate("Changes", "取消 {amount}").format(amount=amount(before))
        if before.award is not None and after.award is not None and before.award != after.award:
            if before.up_to == after.up_to:
                difference = signed_text(after.award - before.award)
                return (
                    QCoreApplication.translate("Changes", "最高 {amount}").format(amount=difference)
                    if after.up_to
                    else difference
                ) + note
            return f"{amount(before)} → {amount(after)}{note}"
        return (
            f"→ {status_label(self.measure)}"
            if after.status is not None
            else QCoreApplication.translate("Changes", "不再适用")
        )

    def title(self) -> str:
        """Return the measure's title in the interface language."""
        measure = self.measure.measure
        return measure.title_en if is_english() else measure.title


@dataclass(frozen=True)
class EditChanges:
    """What one committed edit changed; empty when no edit is shown."""

    field: str | None = None  # the field edited: "facts.cbec_transaction", "firm.roles", "claims.CD-9" …
    measures: dict[str, MeasureChange] = default(default_factory=dict)
    total: Decimal = Decimal(0)  # the change of the counted total
    total_up_to: Decimal = Decimal(0)  # the change of the ceilings still to be fixed by the guide

    def __bool__(self) -> bool:
        return bool(self.measures or self.total or self.total_up_to)

    def summary(self) -> str:
        """Return the measures changed with their change, one after the other: 做大做强 +1,500,000；…"""
        separator = "; " if is_english() else "；"
        return separator.join(f"{change.title()} {change.text()}" for change in self.measures.values())

    def totals_text(self) -> str:
        """Return the change of the totals: 合计 +1,500,000 元，最高额 +1,000,000 元 (or 合计不变)."""
        parts = []
        if self.total:
            parts.append(
                QCoreApplication.translate("Changes", "合计 {change} 元").format(
                    change=signed_text(self.total)
                )
            )
        if self.total_up_to:
            parts.append(
                QCoreApplication.translate("Changes", "最高额 {change} 元").format(
                    change=signed_text(self.total_up_to)
                )
            )
        if not parts:
            return QCoreApplication.translate("Changes", "合计不变")
        return (", " if is_english() else "，").join(parts)


def compare(before: FirmResult | None, after: FirmResult | None, field: str | None) -> EditChanges:
    """Return what changed from ``before`` to ``after`` (nothing when either is missing: another firm,
    or data that cannot be evaluated)."""
    if before is None or after is None:
        return EditChanges(field)
    old = {m.id: m for m in before.measures}
    new = {m.id: m for m in after.measures}
    measures: dict[str, MeasureChange] = {}
    for measure_id in [*new, *(key for key in old if key not in new)]:
        was, now = Standing.of(old.get(measure_id)), Standing.of(new.get(measure_id))
        if was != now:
            shown = new.get(measure_id) or old[measure_id]
            measures[measure_id] = MeasureChange(shown, was, now)
    return EditChanges(field, measures, after.total - before.total, after.total_up_to - before.total_up_to)


def show_change(label: QLabel, changes: EditChanges, fields: Collection[str]) -> None:
    """Show on ``label`` what the last edit changed when it was an edit of one of ``fields``; else hide it."""
    if changes.field not in fields:
        label.setVisible(False)
        return
    if changes:
        label.setText(
            QCoreApplication.translate("Changes", "本次修改：{changes}").format(
                changes=changes.summary() or changes.totals_text()
            )
        )
    else:
        label.setText(QCoreApplication.translate("Changes", "本次修改不影响任何措施"))
    label.setVisible(True)
