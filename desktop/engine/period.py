"""The counting period of a performance year (业绩计算期间): the part of it whose business and costs count.

A document that takes effect or ends inside the year (Lianyungang from 2024-11-20, ruling 11 of
2026-11; Chengdu from 2023-02-14, ruling 18 of 2026-12), or an annual guide's ``eligible_period``
(the call's 项目实施期限), leaves only part of the year; every figure entered must come from that part.
"""

from __future__ import annotations

from datetime import date

from desktop.catalog.model import Guide, Jurisdiction, Period


def counting_period(jurisdiction: Jurisdiction, year: int, guide: Guide | None = None) -> Period | None:
    """Return the part of the performance year whose business and costs count, or None for the
    whole year: the document's window inside the year, narrowed by the annual guide's
    ``eligible_period``."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = max(first, jurisdiction.valid_from)
    end = min(last, jurisdiction.valid_to or last)
    if guide is not None and guide.eligible_period is not None:
        start = max(start, guide.eligible_period.from_)
        end = min(end, guide.eligible_period.to)
    if (start, end) == (first, last) or start > end:
        return None
    return Period(from_=start, to=end)


def period_note(jurisdiction: Jurisdiction, year: int, guide: Guide | None = None) -> str | None:
    """Return the note every measure of the document shows when only part of the year counts: the
    period, what sets it, and which business and costs to enter; None for the whole year."""
    period = counting_period(jurisdiction, year, guide)
    if period is None:
        return None
    first, last = date(year, 1, 1), date(year, 12, 31)
    reasons = []
    if jurisdiction.valid_from > first:
        reasons.append(f"《{jurisdiction.document}》自 {jurisdiction.valid_from.isoformat()} 起施行")
    if jurisdiction.valid_to is not None and jurisdiction.valid_to < last:
        reasons.append(f"《{jurisdiction.document}》有效期至 {jurisdiction.valid_to.isoformat()}")
    if guide is not None and guide.eligible_period is not None:
        reasons.append(f"年度指南《{guide.guide}》规定")
    start, end = period.from_.isoformat(), period.to.isoformat()
    if period.from_ > first and period.to < last:
        enter = f"{start} 至 {end} 发生的"
    elif period.from_ > first:
        enter = f"{start} 起发生的"
    else:
        enter = f"{end} 及以前发生的"
    return f"业绩计算期间 {start} 至 {end}({'；'.join(reasons)})：请只填写 {enter}业务和费用"
