"""Dates as people type them (2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日, 20240315) and spreadsheet serials."""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, timedelta

_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．　", "0123456789-/. ")
# Day 0 of the serial numbers Excel (1900 system, after its 29 February 1900) and LibreOffice count from.
SERIAL_DAY_ZERO = date(1899, 12, 30)
FIRST_YEAR, LAST_YEAR = 1900, 2100


class DateTextError(ValueError):
    """Text that is not a date: ``kind`` is ``unreadable``, ``month`` or ``day``, with the parts read."""

    def __init__(self, kind: str, year: int = 0, month: int = 0, days: int = 0) -> None:
        self.kind, self.year, self.month, self.days = kind, year, month, days
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """Return what is wrong, in Chinese."""
        if self.kind == "month":
            return f"日期不存在：没有 {self.month} 月"
        if self.kind == "day":
            return f"日期不存在：{self.year}年{self.month}月只有 {self.days} 天"
        return "无法识别的日期：请写成 2024-03-15、2024/3/15 或 2024年3月15日"


def parse_date(text: str) -> date | None:
    """Return the date typed, or None for empty text; raises DateTextError naming what is wrong."""
    text = text.strip().translate(_FULL_WIDTH)
    if not text:
        return None
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            break
    else:
        raise DateTextError("unreadable")
    if not 1 <= month <= 12:
        raise DateTextError("month", year, month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateTextError("day", year, month, days)
    return date(year, month, day)


def from_serial(serial: float, day_zero: date = SERIAL_DAY_ZERO) -> date | None:
    """Return the date a spreadsheet serial number stands for (a time of day is dropped), or None when
    it is no whole day from 1900 to 2100."""
    # Serials up to 60 fall before Excel's non-existent 29 February 1900, where the two programs differ.
    if not math.isfinite(serial) or not 60 < serial < 100_000:
        return None
    day = day_zero + timedelta(days=int(serial))
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None
