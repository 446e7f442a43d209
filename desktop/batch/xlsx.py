"""Opening workbooks from others: type judged by content, zip and XML limits, bounded sheets, formulas flagged."""

from __future__ import annotations

import codecs
import re
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
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
MAX_CELLS = 2_000_000  # filled cells in all: 20 000 firms with 100 figures each
# A workbook of MAX_ROWS firms holds far fewer distinct texts; Excel itself allows 64 000 cell formats.
MAX_SHARED_STRINGS = 200_000
MAX_STYLE_ENTRIES = 64_000
MAX_TABLE_ELEMENTS = 4_000_000  # every element of the shared-strings or styles part (rich-text runs …)
STYLE_ELEMENTS = ("xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle")
STYLES_PART = "xl/styles.xml"
CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

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


def refuse(path: Path, where: str, message: str) -> InputError:
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


XLSX, ODS, CSV = "xlsx", "ods", "csv"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def file_kind(path: Path, where: str = "", accept: tuple[str, ...] = (XLSX,)) -> str:
    """Return what ``path`` holds, judged by its content, not its name: ``xlsx``, ``ods`` (an
    OpenDocument spreadsheet) or ``csv`` (text); raises InputError for anything else or a kind not in
    ``accept``, saying what the file is and what to do."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(4096)
    except FileNotFoundError as exc:
        raise refuse(path, where, "找不到文件") from exc
    except IsADirectoryError as exc:
        raise refuse(path, where, "这是文件夹，不是 Excel 工作簿(.xlsx)") from exc
    except OSError as exc:
        raise refuse(path, where, f"无法读取文件：{exc.strerror or exc}") from exc
    wanted = "Excel 工作簿(.xlsx)" if accept == (XLSX,) else "工作簿(.xlsx、.ods 或 .csv)"
    if head.startswith(_ZIP):
        if size > MAX_FILE_BYTES:
            raise refuse(path, where, f"工作簿超过 {MAX_FILE_BYTES // 1_000_000} MB，请拆分后再导入")
        return XLSX if XLSX in accept else ODS  # a zip of either kind: check_container tells which
    if head.startswith(_OLE):
        message = "这是旧版 Excel(.xls)文件或加了密码的工作簿；请在 Excel 或 WPS 中另存为“Excel 工作簿(.xlsx)”，不设密码"
    elif not head:
        message = f"文件是空的，不是{wanted}"
    elif _looks_like_text(head):
        if CSV in accept:
            if size > MAX_ENTRY_BYTES:
                raise refuse(path, where, f"文本文件超过 {MAX_ENTRY_BYTES // 1_000_000} MB，请拆分后再导入")
            return CSV
        message = f"这是文本文件(如 CSV/TXT)，不是{wanted}"
    else:
        message = f"文件内容不是{wanted}"
    raise refuse(path, where, message)


def check_file_type(path: Path, where: str = "") -> None:
    """Raise InputError unless ``path`` holds an .xlsx workbook, judged by its content, not its name."""
    file_kind(path, where, (XLSX,))


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


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return XLSX
    if "content.xml" in names and "mimetype" in names:
        with archive.open("mimetype") as stream:
            if stream.read(len(ODS_MIMETYPE) + 1).strip() == ODS_MIMETYPE:
                return ODS
    return "docx" if "word/document.xml" in names else "zip"


def check_container(path: Path, where: str = "", accept: tuple[str, ...] = (XLSX,)) -> str:
    """Return the kind of workbook zip at ``path`` (``xlsx`` or ``ods``); raise InputError for another
    kind, one too large when unpacked, one declaring XML entities, or shared strings or styles beyond
    what any workbook of MAX_ROWS firms holds."""
    wanted = "Excel 工作簿(.xlsx)" if accept == (XLSX,) else "工作簿(.xlsx、.ods 或 .csv)"
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if len(infos) > MAX_ENTRIES:
                raise refuse(path, where, f"工作簿包含 {len(infos)} 个部件，不像是正常的 Excel 文件")
            kind = _zip_kind(archive, names)
            if kind not in accept:
                shown = {
                    "docx": "Word 文档(.docx)",
                    ODS: "OpenDocument 表格(.ods)",
                    XLSX: "Excel 工作簿(.xlsx)",
                }.get(kind, "压缩文件")
                raise refuse(path, where, f"这是{shown}，不是{wanted}")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_ENTRY_BYTES:
                    raise refuse(
                        path,
                        where,
                        f"工作簿的 {info.filename} 解压后有 {info.file_size // 1_000_000} MB，"
                        f"超过上限 {MAX_ENTRY_BYTES // 1_000_000} MB(可能含有超大单元格)，已拒绝",
                    )
            if total > MAX_TOTAL_BYTES:
                raise refuse(
                    path,
                    where,
                    f"工作簿解压后共 {total // 1_000_000} MB，超过上限 {MAX_TOTAL_BYTES // 1_000_000} MB，已拒绝",
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_entities(archive, info):
                    raise refuse(
                        path,
                        where,
                        f"工作簿的 {info.filename} 含有 XML 实体声明(DOCTYPE/ENTITY)，Excel 不会写入这种内容，已拒绝",
                    )
            if kind == XLSX:
                _check_tables(archive, names, path, where)
            return kind
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise refuse(path, where, f"工作簿已损坏，无法读取：{exc}") from exc
    except OSError as exc:
        raise refuse(path, where, f"无法读取文件：{exc.strerror or exc}") from exc


_START_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")


def _element_counts(
    archive: zipfile.ZipFile, name: str, watched: dict[str, int], total: int
) -> tuple[str, int] | None:
    """Return the first element of ``watched`` (local name → most allowed) the part ``name`` holds too
    many of, or ("", n) when it holds more than ``total`` elements in all; None when within bounds.

    Start tags are counted in the raw bytes, a chunk at a time, and counting stops at the first excess:
    a part of millions of strings is refused in the time and memory of scanning the allowed number. (A
    tag inside a comment or CDATA counts too: that can only refuse sooner.)"""
    counts: Counter[bytes] = Counter()
    limits = {key.encode(): value for key, value in watched.items()}
    seen = 0
    tail = b""
    with archive.open(name) as stream:
        while True:
            chunk = stream.read(1 << 20)
            window = tail + chunk
            # Up to the last "<" near the end: every tag before it is whole, the rest goes with the next chunk.
            cut = window.rfind(b"<", max(0, len(window) - 256)) if chunk else -1
            cut = len(window) if cut < 0 else cut
            found = _START_TAG.findall(window, 0, cut)
            seen += len(found)
            if seen > total:
                return "", seen
            counts.update(Counter(found))
            for tag, limit in limits.items():
                if counts[tag] > limit:
                    return tag.decode(), counts[tag]
            if not chunk:
                return None
            tail = window[cut:]


def _shared_string_parts(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """Return the shared-string parts the workbook's content types name (openpyxl reads them all at load)."""
    if CONTENT_TYPES not in names:
        return []
    with archive.open(CONTENT_TYPES) as stream:
        root = etree.parse(stream, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    parts = [
        str(override.get("PartName", "")).lstrip("/")
        for override in root
        if str(override.get("ContentType", "")) == SHARED_STRINGS_TYPE
    ]
    return [part for part in parts if part in names]


def _check_tables(archive: zipfile.ZipFile, names: set[str], path: Path, where: str) -> None:
    """Refuse shared strings and styles beyond what a real workbook holds, before openpyxl loads them
    whole into memory (it would take a minute and half a gigabyte for three million strings)."""
    checks = [
        (part, {"si": MAX_SHARED_STRINGS}, "共享字符串") for part in _shared_string_parts(archive, names)
    ]
    if STYLES_PART in names:
        checks.append((STYLES_PART, dict.fromkeys(STYLE_ELEMENTS, MAX_STYLE_ENTRIES), "样式"))
    for part, watched, what in checks:
        try:
            excess = _element_counts(archive, part, watched, MAX_TABLE_ELEMENTS)
        except etree.XMLSyntaxError as exc:
            raise refuse(path, where, f"工作簿的 {part} 已损坏，无法读取：{exc}") from exc
        if excess is None:
            continue
        element, _ = excess
        limit = watched.get(element, MAX_TABLE_ELEMENTS)
        kind = f"{what}({element})" if element else what
        raise refuse(
            path,
            where,
            f"工作簿的 {part} 含有超过 {limit} 个{kind}条目，远超正常工作簿(每家企业一行最多 {MAX_ROWS} 行)，已拒绝；"
            "请在 Excel 中把数据复制到本程序生成的空白工作簿后再导入",
        )


@contextmanager
def opened_workbook(path: Path, where: str = "", checked: bool = False) -> Iterator[Workbook]:
    """Yield a read-only workbook (stored values, not formulas) after every check (already done when
    ``checked``); closed after the block."""
    if not checked:
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
            raise refuse(
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


def too_many_cells(sheet: str) -> str:
    """Return the message refusing a sheet with more than MAX_CELLS filled cells."""
    return f"工作表“{sheet}”填写的单元格超过 {MAX_CELLS} 个，超出可读取范围；请拆分为多个工作簿"


def read_sheet(workbook: Workbook, name: str, path: Path, where: str = "") -> list[tuple[Any, ...]]:
    """Return the sheet's rows from row 1 as tuples of values; a CellFault stands for an unusable cell.

    Read cell by cell, not by the sheet's claimed size: a sheet claiming a million rows costs nothing;
    content beyond MAX_ROWS × MAX_COLUMNS is refused.
    """
    sheet = workbook[name]
    rows: dict[int, dict[int, Any]] = {}
    filled = 0
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
                        raise refuse(
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
                    filled += 1
                    if filled > MAX_CELLS:
                        raise refuse(path, where, too_many_cells(name))
                    rows.setdefault(row, {})[column] = value
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet: openpyxl and the XML parser raise many kinds
        raise refuse(path, where, f"工作表“{name}”无法读取：{type(exc).__name__}: {exc}") from exc
    result: list[tuple[Any, ...]] = []
    for number in range(1, max(rows, default=0) + 1):
        cells = rows.get(number, {})
        width = max(cells, default=0)
        result.append(tuple(cells.get(column) for column in range(1, width + 1)))
    return result
