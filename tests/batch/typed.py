"""Workbooks as people make them: CSV text typed as a person types it, opened by LibreOffice (which reads
long digit strings, amounts and dates the way a spreadsheet program reads what is typed into General cells)
and saved as .xlsx or .ods. Tests never build these with openpyxl, the library that reads them."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.batch.columns import FIRMS_SHEET, SIDE_SHEETS, firm_columns
from desktop.catalog import Catalog
from desktop.packet.pdf import find_soffice

# LibreOffice's CSV import: comma, double quote, UTF-8, from line 1, default column types, Chinese (PRC)
# locale, quoted fields not forced to text, "detect special numbers" on (dates such as 2019/4/16 and
# 2019年4月16日 become dates, as when typed into a cell).
CSV_IMPORT = "CSV:44,34,76,1,,2052,false,true"

requires_soffice = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)


def csv_text(rows: list[list[object]]) -> str:
    """Return rows as the CSV text a person would save (values written as typed)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def firm_sheet_rows(
    catalog: Catalog, firms: list[dict[str, object]], keys: bool = True
) -> list[list[object]]:
    """Return the 企业 sheet as typed: the blank workbook's header row (and, with ``keys``, its key row),
    then one row per firm with the values given by field key."""
    columns = firm_columns(catalog)
    rows: list[list[object]] = [[column.header for column in columns]]
    if keys:
        rows.append([column.key for column in columns])
    rows += [[firm.get(column.key) for column in columns] for firm in firms]
    return rows


def side_sheet_rows(sheet: str, entries: list[dict[str, object]]) -> list[list[object]]:
    """Return a side sheet as typed: header row, key row, then the entries by field key."""
    columns = SIDE_SHEETS[sheet]
    return [
        [column.header for column in columns],
        [column.key for column in columns],
        *[[entry.get(column.key) for column in columns] for entry in entries],
    ]


def typed_workbook(
    folder: Path, name: str, sheets: dict[str, list[list[object]]], fmt: str, profile: Path
) -> Path:
    """Return ``folder/name.fmt``: each sheet typed as CSV and opened by LibreOffice (one call for all).

    LibreOffice opens one CSV as one sheet named after the file. With side sheets (.xlsx only) their typed
    values, as LibreOffice read them, are copied beside the 企业 sheet of the first file."""
    soffice = find_soffice()
    assert soffice is not None
    source = folder / f"{name}-csv"
    source.mkdir(parents=True, exist_ok=True)
    files = []
    for sheet, rows in sheets.items():
        path = source / f"{sheet}.csv"
        path.write_text(csv_text(rows), encoding="utf-8")
        files.append(path)
    converted = folder / f"{name}-{fmt}"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", f"--infilter={CSV_IMPORT}",
         "--convert-to", fmt, "--outdir", str(converted), *map(str, files)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    target = folder / f"{name}.{fmt}"
    first = converted / f"{files[0].stem}.{fmt}"
    if len(files) == 1:
        first.rename(target)
        return target
    assert fmt == "xlsx", "side sheets are combined for .xlsx only"
    book = load_workbook(first)
    for path in files[1:]:
        typed = load_workbook(converted / f"{path.stem}.{fmt}").active
        sheet = book.create_sheet(path.stem)
        for row in typed.iter_rows():
            for cell in row:
                if cell.value is not None:
                    copy = sheet.cell(row=cell.row, column=cell.column, value=cell.value)
                    copy.number_format = cell.number_format
    book.save(target)
    return target


def profile_folder(factory: pytest.TempPathFactory) -> Path:
    """Return this test session's private LibreOffice profile folder (never another program's)."""
    return factory.getbasetemp() / "lo-profile-typed"


def values(path: Path, sheet: str = FIRMS_SHEET) -> list[tuple[object, ...]]:
    """Return a typed workbook's sheet as openpyxl reads it (to show what LibreOffice made of the typing)."""
    return list(load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
