"""The 测算表 as a built-in PDF: every sheet's print area read back from the workbook as written (the
stored results of its formulas, formatted as the cells' number formats show them), set as tables.

Read from the .xlsx itself, not from how it was built, so the PDF shows what Excel prints. Rows left
blank for the user to add entries are not printed; a table with no entries says 无.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree

from desktop.pdf import layout

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
POINTS_PER_WIDTH = 5.25  # Excel's column width unit: a digit of the default font, 7 pixels at 96 dpi
PAGE = layout.PageFormat(
    width=layout.A4[1],
    height=layout.A4[0],
    top=0.6 * 72,
    bottom=0.75 * 72,
    left=0.3 * 72,
    right=0.3 * 72,
)
NONE_TEXT = "无"
CELL_PADDING = 2.5
_REFERENCE = re.compile(r"\$?([A-Z]+)\$?(\d+)")
_RANGE = re.compile(r"\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)")


def _points(text: str) -> float:
    """Return a size the workbook writes as text (``11``, ``4.7109375``) as a number of points; money
    never passes here (it is read as Decimal)."""
    try:
        return int(Decimal(text) * 1000) / 1000
    except InvalidOperation:
        return 11.0


def column_number(letters: str) -> int:
    """Return the 0-based column of ``A``, ``B``, … ``AA``."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


@dataclass(frozen=True)
class CellFormat:
    """What a printed cell needs of a cell format."""

    number_format: str = "General"
    bold: bool = False
    size: float = 11
    align: str = ""
    border: bool = False
    filled: bool = False


@dataclass
class SheetCell:
    text: str
    format: CellFormat
    numeric: bool = False
    span: int = 1


@dataclass
class Sheet:
    """A worksheet's print area: column widths (points) and rows of cells (None where covered by a merge)."""

    name: str
    widths: list[float]
    rows: list[list[SheetCell | None]] = field(default_factory=list)
    title_rows: set[int] = field(default_factory=set)


def _format_number(value: Decimal, pattern: str) -> str:
    """Return a number as the number formats the 测算表 uses show it."""
    percent = pattern.endswith("%")
    if percent:
        value *= 100
        pattern = pattern[:-1]
    grouping = "," in pattern
    decimals = pattern.split(".", 1)[1] if "." in pattern else ""
    required, optional = decimals.count("0"), decimals.count("#")
    if pattern in ("General", ""):
        text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
        return text + ("%" if percent else "")
    rounded = value.quantize(Decimal(1).scaleb(-(required + optional)), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}" if grouping else f"{rounded:f}"
    if optional and "." in text:
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0")
        fraction += "0" * max(0, required - len(fraction))
        text = f"{whole}.{fraction}" if fraction else whole
    return text + ("%" if percent else "")


def _formats(styles: etree._Element) -> list[CellFormat]:
    number_formats = {
        int(item.get("numFmtId")): item.get("formatCode", "General") for item in styles.iter(f"{MAIN}numFmt")
    }
    number_formats.update({0: "General", 3: "#,##0", 9: "0%", 10: "0.00%"})
    fonts = [
        (font.find(f"{MAIN}b") is not None, _points(font.find(f"{MAIN}sz").get("val", "11")))
        for font in styles.find(f"{MAIN}fonts")
    ]
    borders = [any(len(side.attrib) for side in border) for border in styles.find(f"{MAIN}borders")]
    fills = [
        any(pattern.get("patternType") == "solid" for pattern in fill.iter(f"{MAIN}patternFill"))
        for fill in styles.find(f"{MAIN}fills")
    ]
    result = []
    for xf in styles.find(f"{MAIN}cellXfs"):
        bold, size = fonts[int(xf.get("fontId", "0"))]
        alignment = xf.find(f"{MAIN}alignment")
        result.append(
            CellFormat(
                number_formats.get(int(xf.get("numFmtId", "0")), "General"),
                bold,
                size,
                alignment.get("horizontal", "") if alignment is not None else "",
                borders[int(xf.get("borderId", "0"))],
                fills[int(xf.get("fillId", "0"))],
            )
        )
    return result


def _area(text: str) -> tuple[int, int, int, int] | None:
    match = _RANGE.search(text)
    if match is None:
        return None
    return (
        int(match.group(2)) - 1,
        column_number(match.group(1)),
        int(match.group(4)) - 1,
        column_number(match.group(3)),
    )


def read_sheets(data: bytes) -> list[Sheet]:
    """Return the print areas of a workbook's sheets, in the workbook's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    targets = {
        item.get("Id"): item.get("Target") for item in etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    }
    strings = []
    if "xl/sharedStrings.xml" in parts:
        for item in etree.fromstring(parts["xl/sharedStrings.xml"]):
            strings.append("".join(text.text or "" for text in item.iter(f"{MAIN}t")))
    formats = _formats(etree.fromstring(parts["xl/styles.xml"]))
    print_areas: dict[int, tuple[int, int, int, int]] = {}
    titles: dict[int, tuple[int, int]] = {}
    for defined in workbook.iter(f"{MAIN}definedName"):
        sheet_number = int(defined.get("localSheetId", "-1"))
        if defined.get("name") == "_xlnm.Print_Area" and (area := _area(defined.text or "")):
            print_areas[sheet_number] = area
        elif defined.get("name") == "_xlnm.Print_Titles" and (
            match := re.search(r"\$(\d+):\$(\d+)", defined.text or "")
        ):
            titles[sheet_number] = (int(match.group(1)) - 1, int(match.group(2)) - 1)
    sheets = []
    for number, entry in enumerate(workbook.iter(f"{MAIN}sheet")):
        target = targets[entry.get(RELATIONSHIP)].lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        sheet = _read_sheet(
            entry.get("name", ""), etree.fromstring(parts[path]), strings, formats, print_areas.get(number)
        )
        if number in titles:
            first, last = titles[number]
            offset = print_areas[number][0] if number in print_areas else 0
            sheet.title_rows = {row - offset for row in range(first, last + 1)}
        sheets.append(sheet)
    return sheets


def _read_sheet(
    name: str,
    root: etree._Element,
    strings: list[str],
    formats: list[CellFormat],
    area: tuple[int, int, int, int] | None,
) -> Sheet:
    cells: dict[tuple[int, int], SheetCell] = {}
    for cell in root.iter(f"{MAIN}c"):
        match = _REFERENCE.match(cell.get("r", ""))
        if match is None:
            continue
        position = (int(match.group(2)) - 1, column_number(match.group(1)))
        cell_format = formats[int(cell.get("s", "0"))]
        value = cell.find(f"{MAIN}v")
        kind = cell.get("t", "n")
        text, numeric = "", False
        if kind == "s" and value is not None:
            text = strings[int(value.text or "0")]
        elif kind == "inlineStr":
            text = "".join(item.text or "" for item in cell.iter(f"{MAIN}t"))
        elif kind in ("str", "e") and value is not None:
            text = value.text or ""
        elif kind == "b" and value is not None:
            text = "TRUE" if value.text == "1" else "FALSE"
        elif value is not None and value.text:
            try:
                text, numeric = _format_number(Decimal(value.text), cell_format.number_format), True
            except InvalidOperation:
                text = value.text
        cells[position] = SheetCell(text, cell_format, numeric)
    first_row, first_column, last_row, last_column = area or (
        0,
        0,
        max((row for row, _ in cells), default=0),
        max((column for _, column in cells), default=0),
    )
    covered: set[tuple[int, int]] = set()
    for merge in root.iter(f"{MAIN}mergeCell"):
        merged = _area(merge.get("ref", ""))
        if merged is None:
            continue
        top, left, bottom, right = merged
        anchor = cells.setdefault((top, left), SheetCell("", CellFormat()))
        anchor.span = min(right, last_column) - left + 1
        covered |= {(row, column) for row in range(top, bottom + 1) for column in range(left, right + 1)}
        covered.discard((top, left))
    widths = [8.43 * POINTS_PER_WIDTH] * (last_column - first_column + 1)
    for column in root.iter(f"{MAIN}col"):
        for number in range(int(column.get("min", "1")) - 1, int(column.get("max", "1"))):
            if first_column <= number <= last_column:
                widths[number - first_column] = _points(column.get("width", "8.43")) * POINTS_PER_WIDTH
    sheet = Sheet(name, widths)
    for row in range(first_row, last_row + 1):
        sheet.rows.append(
            [
                None if (row, column) in covered else cells.get((row, column), SheetCell("", CellFormat()))
                for column in range(first_column, last_column + 1)
            ]
        )
    return sheet


# -- print areas → blocks ------------------------------------------------------------------------


def _paragraphs(cell: SheetCell, scale: float) -> list[layout.Paragraph]:
    align: layout.Align = {"center": "center", "right": "right"}.get(
        cell.format.align, "right" if cell.numeric else "left"
    )
    style = layout.TextStyle(0, cell.format.size * scale, cell.format.bold)
    return [layout.Paragraph(line, style, align=align) for line in cell.text.split("\n")]


def _is_blank(row: list[SheetCell | None]) -> bool:
    return all(cell is None or not cell.text.strip() for cell in row)


def _is_header(row: list[SheetCell | None]) -> bool:
    return any(cell is not None and cell.format.filled for cell in row)


def sheet_blocks(sheet: Sheet, page: layout.PageFormat = PAGE) -> list[layout.Block]:
    """Return a sheet's print area as blocks: lone merged rows without borders as paragraphs (the title,
    the notes), runs of bordered rows as tables, a table's filled first rows as its repeated header."""
    natural = sum(sheet.widths) + CELL_PADDING * 2 * len(sheet.widths)
    scale = min(1.0, page.content_width / natural)  # text shrinks only when the columns do not fit
    widths = [width * page.content_width / sum(sheet.widths) for width in sheet.widths]
    blocks: list[layout.Block] = []
    rows: list[layout.Row] = []
    header_rows = 0

    def close_table() -> None:
        nonlocal rows, header_rows
        if rows:
            if header_rows == len(rows):  # a header with every entry row left blank
                rows.append(layout.Row([layout.Cell([_none(scale)], span=len(widths))]))
            blocks.append(layout.Table(widths, rows, padding=CELL_PADDING, padding_y=1.0))
        rows, header_rows = [], 0

    for index, row in enumerate(sheet.rows):
        cells = [cell for cell in row if cell is not None]
        bordered = any(cell.format.border for cell in cells)
        if not bordered:
            close_table()
            if not _is_blank(row):
                for cell in cells:
                    if cell.text.strip():
                        blocks += [
                            layout.Paragraph(
                                paragraph.text, paragraph.style, space_before=4 * scale, space_after=4 * scale
                            )
                            for paragraph in _paragraphs(cell, scale)
                        ]
            elif blocks or rows:
                blocks.append(layout.Paragraph("", layout.TextStyle(0, 6 * scale)))
            continue
        if _is_blank(row):
            continue
        header = _is_header(row) or index in sheet.title_rows
        if header and len(rows) > header_rows:
            close_table()
        table_cells = [layout.Cell(_paragraphs(cell, scale), span=cell.span) for cell in cells]
        table_cells[-1].span += len(widths) - sum(cell.span for cell in table_cells)
        # a row across the whole table (a table's title) stays with the rows it names
        table_row = layout.Row(table_cells, header=header, keep_with_next=len(table_cells) == 1)
        rows.append(table_row)
        header_rows += int(header)
    close_table()
    return blocks


def _none(scale: float) -> layout.Paragraph:
    return layout.Paragraph(NONE_TEXT, layout.TextStyle(0, 11 * scale), align="center")


def workbook_blocks(data: bytes, page: layout.PageFormat = PAGE) -> list[layout.Block]:
    """Return every sheet of a workbook as blocks, each sheet starting a new page."""
    blocks: list[layout.Block] = []
    for sheet in read_sheets(data):
        if blocks:
            blocks.append(layout.PageBreak())
        blocks += sheet_blocks(sheet, page)
    return blocks
