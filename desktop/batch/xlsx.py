"""Opening workbooks from others: type checked by content, zip and XML limits, bounded sheets, formulas flagged."""

from __future__ import annotations

import codecs
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from desktop.errors import InputError, Problem

MAX_FILE_BYTES = 100_000_000
MAX_ENTRIES = 10_000
MAX_ENTRY_BYTES = 64_000_000  # one part, uncompressed: a sheet of ~30 000 filled rows is under 20 MB
MAX_TOTAL_BYTES = 256_000_000
MAX_ROWS = 20_000
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DECLARATIONS = [
    word.encode(codec) for word in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be")
]
_FORMULA = f"{{{SHEET_MAIN_NS}}}f"
_VALUE = f"{{{SHEET_MAIN_NS}}}v"


@dataclass(frozen=True)
class CellFault:
    """A cell whose content cannot be used, standing in for its value: the message says why."""

    message: str


def _refuse(path: Path, where: str, message: str) -> InputError:
    return InputError(str(path), [Problem(where, message)])


def _looks_like_text(head: bytes) -> bool:
    """Return True when the first bytes read as text (CSV, TXT; Excel's "Unicode text" is UTF-16)."""
    codecs_to_try = ("utf-16",) if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for codec in codecs_to_try:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return all(char.isprintable() or char in "\r\n\t" for char in text)
    return False


def check_file_type(path: Path, where: str = "") -> None:
    """Raise InputError unless ``path`` holds an .xlsx workbook, judged by its content, not its name."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(4096)
    except FileNotFoundError as exc:
        raise _refuse(path, where, "找不到文件") from exc
    except IsADirectoryError as exc:
        raise _refuse(path, where, "这是文件夹，不是 Excel 工作簿(.xlsx)") from exc
    except OSError as exc:
        raise _refuse(path, where, f"无法读取文件：{exc.strerror or exc}") from exc
    if head.startswith(_ZIP):
        if size > MAX_FILE_BYTES:
            raise _refuse(path, where, f"工作簿超过 {MAX_FILE_BYTES // 1_000_000} MB，请拆分后再导入")
        return
    if head.startswith(_OLE):
        message = (
            "这是旧版 Excel(.xls)文件或加了密码的工作簿；请在 Excel 中另存为“Excel 工作簿(.xlsx)”，不设密码"
        )
    elif not head:
        message = "文件是空的，不是 Excel 工作簿(.xlsx)"
    elif _looks_like_text(head):
        message = "这是文本文件(如 CSV/TXT)，不是 Excel 工作簿(.xlsx)；请使用 template 命令生成的工作簿填写"
    else:
        message = "文件内容不是 Excel 工作簿(.xlsx)"
    raise _refuse(path, where, message)


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Return True when an XML part holds a DOCTYPE or ENTITY: Office never writes one; XXE and
    billion-laughs attacks need one. Read in chunks, so a large part never sits in memory."""
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            if any(word in window for word in _DECLARATIONS):
                return True
            tail = window[-32:]
    return False


def check_container(path: Path, where: str = "") -> None:
    """Raise InputError for a workbook zip too large when unpacked, not a workbook, or declaring XML entities."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if len(infos) > MAX_ENTRIES:
                raise _refuse(path, where, f"工作簿包含 {len(infos)} 个部件，不像是正常的 Excel 文件")
            if "xl/workbook.xml" not in names:
                kind = "Word 文档(.docx)" if "word/document.xml" in names else "压缩文件"
                raise _refuse(path, where, f"这是{kind}，不是 Excel 工作簿(.xlsx)")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_ENTRY_BYTES:
                    raise _refuse(
                        path,
                        where,
                        f"工作簿的 {info.filename} 解压后有 {info.file_size // 1_000_000} MB，"
                        f"超过上限 {MAX_ENTRY_BYTES // 1_000_000} MB(可能含有超大单元格)，已拒绝",
                    )
            if total > MAX_TOTAL_BYTES:
                raise _refuse(
                    path,
                    where,
                    f"工作簿解压后共 {total // 1_000_000} MB，超过上限 {MAX_TOTAL_BYTES // 1_000_000} MB，已拒绝",
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_entities(archive, info):
                    raise _refuse(
                        path,
                        where,
                        f"工作簿的 {info.filename} 含有 XML 实体声明(DOCTYPE/ENTITY)，Excel 不会写入这种内容，已拒绝",
                    )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise _refuse(path, where, f"工作簿已损坏，无法读取：{exc}") from exc
    except OSError as exc:
        raise _refuse(path, where, f"无法读取文件：{exc.strerror or exc}") from exc


@contextmanager
def opened_workbook(path: Path, where: str = "") -> Iterator[Workbook]:
    """Yield a read-only workbook (stored values, not formulas) after every check; closed after the block."""
    check_file_type(path, where)
    check_container(path, where)
    # Opened here, not by openpyxl, so that the file is closed even when openpyxl fails half-way.
    with path.open("rb") as stream:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter(
                    "ignore"
                )  # openpyxl warns about extensions it drops; they do not matter here
                workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged or hostile file
            raise _refuse(
                path, where, f"不是可读取的 Excel 工作簿(.xlsx)：{type(exc).__name__}: {exc}"
            ) from exc
        try:
            yield workbook
        finally:
            workbook.close()


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser, telling a formula cell without a stored result from an empty cell."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(_FORMULA) is not None:
            stored = element.find(_VALUE)
            # An empty <v/> is stored only for a text result (t="str") that is the empty string.
            if stored is None or (not stored.text and element.get("t") != "str"):
                cell["value"] = CellFault("")
        return cell


def read_sheet(workbook: Workbook, name: str, path: Path, where: str = "") -> list[tuple[Any, ...]]:
    """Return the sheet's rows from row 1 as tuples of values; a CellFault stands for an unusable cell.

    Read cell by cell, not by the sheet's claimed size: a sheet claiming a million rows costs nothing;
    content beyond MAX_ROWS × MAX_COLUMNS is refused.
    """
    sheet = workbook[name]
    rows: dict[int, dict[int, Any]] = {}
    try:
        with warnings.catch_warnings(), sheet._get_source() as source:  # the read-only sheet's XML stream
            warnings.simplefilter("ignore")
            parser = _Parser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for _, cells in parser.parse():
                for cell in cells:
                    value = cell["value"]
                    if value is None or value == "":
                        continue
                    row, column = cell["row"], cell["column"]
                    coordinate = f"{get_column_letter(min(column, 16384))}{row}"
                    if row > MAX_ROWS or column > MAX_COLUMNS:
                        raise _refuse(
                            path,
                            where,
                            f"工作表“{name}”的单元格 {coordinate} 超出可读取范围(最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列)；"
                            "请删除多余内容或拆分为多个工作簿",
                        )
                    if isinstance(value, CellFault):
                        value = CellFault(
                            f"单元格 {coordinate} 是公式且没有保存计算结果，请在 Excel 中打开并保存后再导入"
                        )
                    elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                        value = CellFault(
                            f"单元格 {coordinate} 的内容有 {len(value)} 个字符，超过 Excel 的上限 {MAX_CELL_CHARS}"
                        )
                    rows.setdefault(row, {})[column] = value
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet: openpyxl and the XML parser raise many kinds
        raise _refuse(path, where, f"工作表“{name}”无法读取：{type(exc).__name__}: {exc}") from exc
    result: list[tuple[Any, ...]] = []
    for number in range(1, max(rows, default=0) + 1):
        cells = rows.get(number, {})
        width = max(cells, default=0)
        result.append(tuple(cells.get(column) for column in range(1, width + 1)))
    return result
