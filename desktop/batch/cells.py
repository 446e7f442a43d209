"""User text into openpyxl cells: always a string cell, never a formula, only characters a workbook can hold."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.workbook import Workbook

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PLAIN = (int, float, Decimal, date, datetime, bool)


def cell_text(value: object) -> str:
    """Return ``value`` as text a cell can hold: control characters shown as �, at most MAX_CELL_CHARS."""
    text = _ILLEGAL.sub("\ufffd", str(value))
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def text_cell(sheet: Any, value: object, **style: Any) -> Cell:
    """Return a write-only cell holding ``value`` as a string, even when it starts with ``=``."""
    cell = WriteOnlyCell(sheet)
    cell.value = cell_text(value)
    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; a string cell is never evaluated
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def safe_row(sheet: Any, values: list[Any]) -> list[Any]:
    """Return a row for ``sheet.append`` whose every text, bare or in a cell, is a string cell."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, Cell):
            if value.value is not None and not isinstance(value.value, _PLAIN):
                value.value = cell_text(value.value)
                value.data_type = "s"
            row.append(value)
        elif value is None or isinstance(value, _PLAIN):
            row.append(value)
        else:
            row.append(text_cell(sheet, value))
    return row


def texts_as_strings(workbook: Workbook) -> None:
    """Make every text cell of ``workbook`` a string cell: the program writes no formulas in cells."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = cell_text(cell.value)
                    cell.data_type = "s"
