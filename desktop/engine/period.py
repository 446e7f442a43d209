"""The eligible period of a performance year: the part of it whose business and costs count.

A document that takes effect or ends inside the year (Lianyungang from 2024-11-20, ruling 11 of
2026-11; Chengdu from 2023-02-14, ruling 18 of 2026-12), or an annual guide that sets its own
period (项目实施期限), leaves only part of the year; every figure entered must come from that part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class EligiblePeriod:
    """The days of a performance year whose business and costs count, and why it is not the whole year."""

    start: date
    end: date
    basis: str

    def text(self) -> str:
        """Return the period as ``2023-02-14 至 2023-12-31``."""
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def note(self) -> str:
        """Return the note shown on every measure it governs: the period, why, and what to enter."""
        year_start, year_end = date(self.start.year, 1, 1), date(self.end.year, 12, 31)
        if self.start > year_start and self.end < year_end:
            enter = f"{self.start.isoformat()} 至 {self.end.isoformat()} 发生的"
        elif self.start > year_start:
            enter = f"{self.start.isoformat()} 起发生的"
        else:
            enter = f"{self.end.isoformat()} 及以前发生的"
        return f"业绩计算期间 {self.text()}({self.basis})：请只填写 {enter}业务和费用"


@lru_cache(maxsize=512)
def eligible_period(
    document: str,
    valid_from: date,
    valid_to: date | None,
    year: int,
    within: tuple[date, date] | None = None,
    within_basis: str = "",
) -> EligiblePeriod | None:
    """Return the part of ``year`` that counts, or None when the whole year does.

    It is the document's validity window cut to the year, cut again by ``within`` (a period an
    annual guide sets, named by ``within_basis``). The caller has checked that the document is in
    force in the year; a ``within`` outside the document's window leaves the document's part.
    """
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    start, end = max(valid_from, year_start), min(valid_to or year_end, year_end)
    reasons = []
    if valid_from > year_start:
        reasons.append(f"《{document}》自 {valid_from.isoformat()} 起施行")
    if valid_to is not None and valid_to < year_end:
        reasons.append(f"《{document}》有效期至 {valid_to.isoformat()}")
    if (
        within is not None
        and (within[0] > start or within[1] < end)
        and within[0] <= end
        and within[1] >= start
    ):
        start, end = max(start, within[0]), min(end, within[1])
        reasons.append(within_basis or "年度申报指南规定的业绩计算期间")
    if (start, end) == (year_start, year_end):
        return None
    return EligiblePeriod(start, end, "；".join(reasons))
