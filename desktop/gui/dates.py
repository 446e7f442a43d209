"""Dates as people type them, with messages in the interface language (the reading is desktop.dates)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from desktop import dates


class DateTextError(ValueError):
    """Text that is not a date; the message says why, in the interface language."""


def parse_date(text: str) -> date | None:
    """Return the date typed, or None for an empty field; raises DateTextError naming what is wrong."""
    try:
        return dates.parse_date(text)
    except dates.DateTextError as exc:
        if exc.kind == "month":
            message = QCoreApplication.translate("Dates", "日期不存在：没有 {month} 月").format(
                month=exc.month
            )
        elif exc.kind == "day":
            message = QCoreApplication.translate(
                "Dates", "日期不存在：{year}年{month}月只有 {days} 天"
            ).format(year=exc.year, month=exc.month, days=exc.days)
        else:
            message = QCoreApplication.translate(
                "Dates", "无法识别的日期：请写成 2024-03-15、2024/3/15 或 2024年3月15日"
            )
        raise DateTextError(message) from exc
