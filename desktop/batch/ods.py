"""Reading OpenDocument spreadsheets (.ods, LibreOffice's own format) cell by cell, with the limits of .xlsx.

Written on lxml's streaming parser rather than taken from a library: odfpy and the readers built on it
hold the whole document tree in memory and expand repeated rows and columns, and python-calamine builds
a dense grid from the first to the last cell, so a 13 KB file with one cell far away takes 5.5 GB and
26 s there. Here a repeated empty row or cell only moves the position, content beyond MAX_ROWS ×
MAX_COLUMNS is refused, and each row is dropped from memory once read.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils import get_column_letter

from desktop.batch.xlsx import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    CellFault,
    refuse,
    too_many_cells,
)
from desktop.dates import SERIAL_DAY_ZERO

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = f"{{{_TABLE}}}table"
ROW = f"{{{_TABLE}}}table-row"
CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
NULL_DATE = f"{{{_TABLE}}}null-date"
_NAME = f"{{{_TABLE}}}name"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_FORMULA = f"{{{_TABLE}}}formula"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_VALUE = f"{{{_OFFICE}}}value"
_DATE_VALUE = f"{{{_OFFICE}}}date-value"
_BOOLEAN_VALUE = f"{{{_OFFICE}}}boolean-value"
_DATE_ATTRIBUTE = f"{{{_TABLE}}}date-value"
_PARAGRAPH = f"{{{_TEXT}}}p"
_SPACES = f"{{{_TEXT}}}s"
_TAB = f"{{{_TEXT}}}tab"
_LINE_BREAK = f"{{{_TEXT}}}line-break"
_COUNT = f"{{{_TEXT}}}c"
_INTEGER = re.compile(r"-?\d+")
_MAX_REPEAT = 1 << 24


class OdsBook:
    """Every sheet of an .ods file as rows of values from row 1 (a CellFault stands for an unusable cell)."""

    def __init__(self, sheets: dict[str, list[tuple[Any, ...]]], day_zero: date) -> None:
        self.sheets = sheets
        self.day_zero = day_zero


def _repeat(element: Any, attribute: str) -> int:
    try:
        count = int(element.get(attribute, "1"))
    except ValueError:
        return 1
    return min(max(count, 1), _MAX_REPEAT)


def _text(element: Any) -> str:
    """Return the text of a cell: its paragraphs joined by line breaks, spaces and tabs as written."""
    paragraphs = []
    for paragraph in element.iter(_PARAGRAPH):
        parts = [paragraph.text or ""]
        for child in paragraph.iterdescendants():
            if child.tag == _SPACES:
                parts.append(" " * min(_repeat(child, _COUNT), MAX_CELL_CHARS))
            elif child.tag == _TAB:
                parts.append("\t")
            elif child.tag == _LINE_BREAK:
                parts.append("\n")
            elif isinstance(child.tag, str):
                parts.append(child.text or "")
            parts.append(child.tail or "")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _value(cell: Any) -> Any:
    """Return a cell's value much as openpyxl gives it for .xlsx: an int, a Decimal (where openpyxl gives a
    float), datetime, bool, text or None."""
    kind = cell.get(_VALUE_TYPE)
    if kind is None:
        if cell.get(_FORMULA) is not None:
            return CellFault("")
        text = _text(cell)
        return text or None
    if kind in ("float", "percentage", "currency"):
        raw = cell.get(_VALUE, "")
        if _INTEGER.fullmatch(raw) and len(raw) < 400:
            return int(raw)
        try:
            number = Decimal(raw)  # exact as stored; "8.02987909839561E+018" keeps its exponent
        except InvalidOperation:
            return _text(cell) or None
        return number if number.is_finite() else _text(cell) or None
    if kind == "date":
        try:
            return datetime.fromisoformat(cell.get(_DATE_VALUE, ""))
        except ValueError:
            return _text(cell) or None
    if kind == "boolean":
        return cell.get(_BOOLEAN_VALUE) == "true"
    return _text(cell)


def read_ods(path: Path, where: str = "") -> OdsBook:
    """Return the sheets of the .ods at ``path`` (already checked as a container); raises InputError for
    content beyond MAX_ROWS × MAX_COLUMNS or a damaged document."""
    sheets: dict[str, list[tuple[Any, ...]]] = {}
    day_zero = SERIAL_DAY_ZERO
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            parser = etree.iterparse(
                stream,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            name = ""
            rows: dict[int, dict[int, Any]] = {}
            row_number = 0
            filled = [0]  # across every sheet: repeated rows make many cells of a few bytes
            for event, element in parser:
                tag = element.tag
                if event == "start":
                    if tag == TABLE:
                        name, rows, row_number = str(element.get(_NAME, f"Sheet{len(sheets) + 1}")), {}, 0
                    continue
                if tag == ROW:
                    row_number = _row(element, rows, row_number, name, path, where, filled)
                    element.clear()
                    parent = element.getparent()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]
                elif tag == TABLE:
                    sheets[name] = _as_rows(rows)
                    element.clear()
                elif tag == NULL_DATE:
                    with contextlib.suppress(ValueError):
                        day_zero = date.fromisoformat(str(element.get(_DATE_ATTRIBUTE, ""))[:10])
    except etree.XMLSyntaxError as exc:
        raise refuse(path, where, f"OpenDocument 表格的 content.xml 已损坏，无法读取：{exc}") from exc
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise refuse(path, where, f"OpenDocument 表格已损坏，无法读取：{exc}") from exc
    return OdsBook(sheets, day_zero)


def _row(
    element: Any,
    rows: dict[int, dict[int, Any]],
    above: int,
    sheet: str,
    path: Path,
    where: str,
    filled: list[int],
) -> int:
    """Record the cells of one row element (repeated as it says, sharing one dict); return the number of
    its last row. ``filled`` counts the cells of the whole document against MAX_CELLS."""
    cells: dict[int, Any] = {}
    column = 0
    for cell in element:
        if cell.tag not in CELLS:
            continue
        count = _repeat(cell, _COLUMNS_REPEATED)
        value = _value(cell)
        if value is None or value == "":
            column += count
            continue
        for _ in range(count):
            column += 1
            if column > MAX_COLUMNS:
                _too_far(sheet, above + 1, column, path, where)
            cells[column] = _bounded(value, above + 1, column)
    count = _repeat(element, _ROWS_REPEATED)
    if not cells:
        return above + count
    if above + count > MAX_ROWS:
        _too_far(sheet, max(above + 1, MAX_ROWS + 1), max(cells), path, where)
    filled[0] += len(cells) * count
    if filled[0] > MAX_CELLS:
        raise refuse(path, where, too_many_cells(sheet))
    for offset in range(1, count + 1):
        rows[above + offset] = cells
    return above + count


def _bounded(value: Any, row: int, column: int) -> Any:
    coordinate = f"{get_column_letter(column)}{row}"
    if isinstance(value, CellFault):
        return CellFault(
            f"单元格 {coordinate} 是公式且没有保存计算结果，请在 LibreOffice 中打开并保存后再导入"
        )
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return CellFault(f"单元格 {coordinate} 的内容有 {len(value)} 个字符，超过上限 {MAX_CELL_CHARS}")
    return value


def _too_far(sheet: str, row: int, column: int, path: Path, where: str) -> None:
    coordinate = f"{get_column_letter(min(column, 16384))}{row}"
    raise refuse(
        path,
        where,
        f"工作表“{sheet}”的单元格 {coordinate} 超出可读取范围(最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列)；"
        "请删除多余内容或拆分为多个工作簿",
    )


def _as_rows(rows: dict[int, dict[int, Any]]) -> list[tuple[Any, ...]]:
    result: list[tuple[Any, ...]] = []
    for number in range(1, max(rows, default=0) + 1):
        cells = rows.get(number, {})
        width = max(cells, default=0)
        result.append(tuple(cells.get(column) for column in range(1, width + 1)))
    return result
