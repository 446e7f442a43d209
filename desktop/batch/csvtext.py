"""Reading a CSV (or tab-separated text) as one sheet: UTF-8 or GBK as Excel and WPS save it, with the limits of .xlsx.

The standard library's csv module reads the fields; the encoding needs no detector library, because the
choice is between two: Excel and WPS save "CSV" on Chinese Windows in GBK (code page 936) and "CSV UTF-8"
with a byte-order mark, and GBK text with any Chinese in it is practically never valid UTF-8.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.batch.xlsx import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ENTRY_BYTES,
    MAX_ROWS,
    CellFault,
    refuse,
    too_many_cells,
)

DELIMITERS = (",", "\t", ";")
MAX_LINE_CHARS = 1_000_000


def decode(data: bytes) -> tuple[str, str]:
    """Return the text of a CSV file and the encoding it was read in (a UTF-8 or UTF-16 byte-order mark,
    else UTF-8 when the bytes are valid UTF-8, else GB18030, the superset of GBK); raises UnicodeDecodeError."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "GBK"


def _delimiter(text: str) -> str:
    """Return the field separator of the first line: the one of comma, tab and semicolon it holds most."""
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first.count)


def _lines(text: str, path: Path, where: str, sheet: str) -> Any:
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise refuse(path, where, f"{sheet}第 {number} 行超过 {MAX_LINE_CHARS} 个字符，超出可读取范围")
        yield line


def read_csv(path: Path, sheet: str, where: str = "") -> list[tuple[Any, ...]]:
    """Return the rows of the CSV at ``path`` from row 1, every value text or None (a CellFault for a cell
    too long); raises InputError for an unknown encoding or content beyond MAX_ROWS × MAX_COLUMNS."""
    try:
        data = path.read_bytes()[: MAX_ENTRY_BYTES + 1]
    except OSError as exc:
        raise refuse(path, where, f"无法读取文件：{exc.strerror or exc}") from exc
    if len(data) > MAX_ENTRY_BYTES:
        raise refuse(path, where, f"文本文件超过 {MAX_ENTRY_BYTES // 1_000_000} MB，请拆分后再导入")
    try:
        text, _ = decode(data)
    except UnicodeDecodeError as exc:
        raise refuse(
            path,
            where,
            "无法识别文本文件的编码(应为 UTF-8 或 GBK)；请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx",
        ) from exc
    rows: list[tuple[Any, ...]] = []
    filled = 0
    try:
        for number, fields in enumerate(
            csv.reader(_lines(text, path, where, ""), delimiter=_delimiter(text)), start=1
        ):
            values: list[Any] = []
            for column, field in enumerate(fields, start=1):
                field = field.strip()
                if not field:
                    values.append(None)
                    continue
                coordinate = f"{get_column_letter(min(column, 16384))}{number}"
                if number > MAX_ROWS or column > MAX_COLUMNS:
                    raise refuse(
                        path,
                        where,
                        f"单元格 {coordinate} 超出可读取范围(最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列)；"
                        "请删除多余内容或拆分为多个文件",
                    )
                filled += 1
                if filled > MAX_CELLS:
                    raise refuse(path, where, too_many_cells(sheet))
                if len(field) > MAX_CELL_CHARS:
                    values.append(
                        CellFault(
                            f"单元格 {coordinate} 的内容有 {len(field)} 个字符，超过上限 {MAX_CELL_CHARS}"
                        )
                    )
                else:
                    values.append(field)
            while values and values[-1] is None:
                values.pop()
            rows.append(tuple(values))
    except csv.Error as exc:
        raise refuse(path, where, f"文本文件第 {len(rows) + 1} 行无法按 CSV 读取：{exc}") from exc
    while rows and not rows[-1]:
        rows.pop()
    return rows
