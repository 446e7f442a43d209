"""Dates as people type them: 2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日, 20240315."""

from __future__ import annotations

import calendar
import re
from datetime import date

from PySide6.QtCore import QCoreApplication

_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


class DateTextError(ValueError):
    """Text that is not a date; the message says why, in the interface language."""


def parse_date(text: str) -> date | None:
    """Return the date typed, or None for an empty field; raises DateTextError naming what is wrong."""
    text = text.strip().translate(_FULL_WIDTH)
    if not text:
        return None
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            break
    else:
        raise DateTextError(
            QCoreApplication.translate(
                "Dates", "无法识别的日期：请写成 2024-03-15、2024/3/15 或 2024年3月15日"
            )
        )
    if not 1 <= month <= 12:
        raise DateTextError(
            QCoreApplication.translate("Dates", "日期不存在：没有 {month} 月").format(month=month)
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateTextError(
            QCoreApplication.translate("Dates", "日期不存在：{year}年{month}月只有 {days} 天").format(
                year=year, month=month, days=days
            )
        )
    return date(year, month, day)
