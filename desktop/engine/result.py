"""What the engine returns: per measure a status, an award, and every reason behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop.catalog.model import Guide, Jurisdiction, Measure, Period, Window
from desktop.errors import Problem


class Status(StrEnum):
    """Whether a measure applies to the firm for its year."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NOT_IN_FORCE = "not_in_force"
    NEEDS_INPUT = "needs_input"
    UNQUANTIFIED = "unquantified"


STATUS_LABELS = {
    Status.ELIGIBLE: "可申报",
    Status.INELIGIBLE: "不符合",
    Status.NOT_IN_FORCE: "不在有效期",
    Status.NEEDS_INPUT: "需补充数据",
    Status.UNQUANTIFIED: "政策支持",
}


@dataclass(frozen=True, slots=True)
class Check:
    """One condition as evaluated: its wording, the firm's figure, and whether it holds.

    ``holds`` is None when a fact it needs is missing. ``kind`` says what was checked: ``fact``,
    ``any_of``, ``branch`` (one alternative of an ``any_of``), ``role``, ``established``, ``first_time``,
    ``one_off`` or ``guide``. ``reason`` is why a
    failed check fails, as a sentence a clerk reads on its own (``text`` is the check as listed).
    """

    text: str
    holds: bool | None
    fact: str | None = None
    wording: str | None = None
    reading: str | None = None
    threshold: Decimal | None = None
    value: object = None
    missing: tuple[str, ...] = ()
    children: tuple[Check, ...] = ()
    note: str | None = None
    kind: str = "fact"
    reason: str | None = None

    @property
    def sentence(self) -> str:
        """Return why the check fails (or what it says, when it does not fail) as one sentence."""
        return self.reason if self.reason and self.holds is False else self.text

    @property
    def mark(self) -> str:
        """Return ✓, ✗ or ? for the check."""
        return {True: "✓", False: "✗", None: "?"}[self.holds]

    def lines(self, depth: int = 0) -> list[str]:
        """Return the check and its children as indented lines with their marks."""
        found = [f"{'  ' * depth}{self.mark} {self.text}"]
        if self.note and self.holds is not True:
            found.append(f"{'  ' * (depth + 1)}注：{self.note}")
        if self.kind == "branch" and self.holds is False:
            return found  # a failed alternative's text already says which of its conditions fail
        for child in self.children:
            found.extend(child.lines(depth + 1))
        return found


@dataclass(frozen=True, slots=True)
class Calculation:
    """The arithmetic behind an award, kept structured for forms and the calculation sheet."""

    kind: str
    rate: Decimal | None = None
    base_fact: str | None = None
    base: Decimal | None = None
    excluded_fact: str | None = None
    excluded: Decimal = Decimal(0)
    raw: Decimal | None = None
    cap: Decimal | None = None
    already: Decimal = Decimal(0)
    tier_label: str | None = None
    tier_amount: Decimal | None = None
    formula_amount: Decimal = Decimal(0)
    claim: Decimal | None = None


@dataclass(slots=True)
class MeasureResult:
    """One measure evaluated for one firm and year.

    ``award`` is the measure's own figure; ``counted_award`` the part of it the totals add (0 when
    not ``counted``; less than ``award`` when support for the same matter came from elsewhere, 补差).
    ``provisional`` marks an award shown but left out of the totals until another measure is decided.
    ``conditions_hold`` is True when the measure's own conditions all hold, whatever its award.
    ``period`` is the part of the year whose figures count, when it is not the whole year.
    ``other_support`` lists the support received elsewhere for the same matter (fund, amount).
    """

    measure: Measure
    jurisdiction: Jurisdiction
    status: Status
    award: Decimal = Decimal(0)
    up_to: bool = False
    ceiling: Decimal | None = None
    claimed: bool = False
    counted: bool = False
    counted_award: Decimal = Decimal(0)
    provisional: bool = False
    conditions_hold: bool | None = None
    checks: list[Check] = field(default_factory=list)
    arithmetic: list[str] = field(default_factory=list)
    calculation: Calculation | None = None
    hints: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    summary: str = ""
    guide: Guide | None = None
    window: Window | None = None
    period: Period | None = None  # the part of the year that counts; None: the whole year
    other_support: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Return the measure id."""
        return self.measure.id

    @property
    def document(self) -> str:
        """Return the name of the policy document the measure was taken from."""
        return self.jurisdiction.document

    @property
    def guide_name(self) -> str:
        """Return the name of the annual guide applied to the measure, or an empty string."""
        return self.guide.guide if self.guide else ""

    @property
    def deadline(self) -> date | None:
        """Return the last day of the measure's application window, when a guide gives one."""
        return self.window.to if self.window else None

    @property
    def draft(self) -> bool:
        """Return True when the measure comes from a draft (征求意见稿)."""
        return self.jurisdiction.draft

    @property
    def is_money(self) -> bool:
        """Return True when the measure pays a money figure the firm can apply for now."""
        return self.status is Status.ELIGIBLE and self.award > 0

    def reasons(self) -> list[str]:
        """Return every reason as a line: summary, conditions, arithmetic, hints, notes, warnings."""
        lines = [self.summary] if self.summary else []
        for check in self.checks:
            lines.extend(check.lines())
        lines.extend(self.arithmetic)
        lines.extend(f"· {hint}" for hint in self.hints)
        lines.extend(f"注：{note}" for note in self.notes)
        lines.extend(f"⚠ {warning}" for warning in self.warnings)
        return lines


@dataclass
class FirmResult:
    """Every measure of the firm's jurisdictions for its year, with the totals."""

    year: int
    city: str
    firm_name: str
    measures: list[MeasureResult]
    total: Decimal
    total_up_to: Decimal
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def get(self, measure_id: str) -> MeasureResult:
        """Return the result of one measure; raises KeyError when the firm's city does not reach it."""
        for result in self.measures:
            if result.id == measure_id:
                return result
        raise KeyError(measure_id)
