"""A batch workbook as sheets of cell values, whatever it was saved as: .xlsx (Excel, WPS, LibreOffice), .ods or .csv."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.batch.csvtext import read_csv
from desktop.batch.ods import read_ods
from desktop.batch.xlsx import CSV, ODS, XLSX, check_container, file_kind, opened_workbook, read_sheet
from desktop.dates import SERIAL_DAY_ZERO

Rows = list[tuple[Any, ...]]


@dataclass
class Book:
    """The sheets read from a workbook (only those asked for), every sheet name it has, and the day its
    date serial numbers count from (1899-12-30, or 1904-01-01 for old Mac Excel files)."""

    kind: str
    names: list[str]
    sheets: dict[str, Rows]
    day_zero: date


def read_book(path: Path, wanted: Sequence[str], where: str = "", first_if_alone: bool = True) -> Book:
    """Return the sheets ``wanted`` of the workbook at ``path`` (judged by content: .xlsx, .ods or a CSV,
    which is one sheet named after the file). With ``first_if_alone`` a workbook of a single sheet gives
    that sheet whatever its name (LibreOffice names a converted CSV's sheet after the file).
    Raises InputError when the file is no workbook or exceeds the limits."""
    kind = file_kind(path, where, (XLSX, ODS, CSV))
    if kind == CSV:
        return Book(CSV, [path.name], {path.name: read_csv(path, path.name, where)}, SERIAL_DAY_ZERO)
    kind = check_container(path, where, (XLSX, ODS))
    if kind == ODS:
        ods = read_ods(path, where)
        names = list(ods.sheets)
        keep = _wanted(names, wanted, first_if_alone)
        return Book(ODS, names, {name: ods.sheets[name] for name in keep}, ods.day_zero)
    with opened_workbook(path, where, checked=True) as workbook:
        names = list(workbook.sheetnames)
        sheets = {
            name: read_sheet(workbook, name, path, where) for name in _wanted(names, wanted, first_if_alone)
        }
        return Book(XLSX, names, sheets, workbook.epoch.date())


def _wanted(names: list[str], wanted: Sequence[str], first_if_alone: bool) -> list[str]:
    found = [name for name in names if name in wanted]
    if not found and first_if_alone and len(names) == 1:
        return names
    return found
