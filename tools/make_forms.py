"""Write the default Word templates in forms/ from the form descriptions of desktop/packet/forms.py.

The descriptions are the one source of the forms' wording and layout; the PDFs the program writes
itself come from them too. After changing a description run ``.venv/bin/python tools/make_forms.py``
and commit forms/*.docx with it (tests/packet/test_forms_description.py compares them). The files
stay ordinary Word documents a non-programmer can copy into a forms folder and restyle.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from desktop.packet.form_model import (
    BODY_FONT,
    BODY_SIZE,
    CELL_SIZE,
    FOOTER_SIZE,
    HEADING_SIZES,
    HEADING_SPACE_AFTER,
    HEADING_SPACE_BEFORE,
    LATIN_FONT,
    LINE_SPACING,
    MARGIN_BOTTOM_CM,
    MARGIN_SIDE_CM,
    MARGIN_TOP_CM,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    SPACE_AFTER,
    TITLE_FONT,
    Block,
    For,
    Form,
    If,
    Rows,
    Signature,
    Table,
    Text,
    Together,
)
from desktop.packet.forms import FORMS as DEFAULT_FORMS

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
# Zip entries get one fixed time, so the same description always gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set Latin and East Asian fonts on a run or style's rPr: without w:eastAsia Word falls back
    to a Japanese font for Chinese text."""
    r_pr = element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        r_fonts.set(qn(attribute), latin)
    r_fonts.set(qn("w:eastAsia"), east_asia)


def _new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(PAGE_HEIGHT_CM), Cm(PAGE_WIDTH_CM)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_SIDE_CM)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _fonts(normal.element, BODY_FONT)
    normal.paragraph_format.space_after = Pt(SPACE_AFTER)
    normal.paragraph_format.line_spacing = LINE_SPACING
    for name in ("Title", "Heading 1", "Heading 2", "Table Grid"):
        _fonts(styles[name].element, TITLE_FONT if name != "Table Grid" else BODY_FONT)
    for name, size in HEADING_SIZES.items():
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(HEADING_SPACE_BEFORE)
        style.paragraph_format.space_after = Pt(HEADING_SPACE_AFTER)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_footer(document)
    title_borders = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_borders is not None:
        styles["Title"].element.pPr.remove(title_borders)
    # docDefaults: the fallback for any run a user adds later in Word.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr_default.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    return document


def _paragraph(
    document,
    text: str = "",
    *,
    style: str | None = None,
    align=None,
    bold: bool = False,
    size: int | None = None,
    font: str = BODY_FONT,
    indent: bool = False,
    keep: bool = False,
):
    paragraph = document.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        _fonts(run._element, TITLE_FONT if style in ("Title", "Heading 1", "Heading 2") else font)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        _first_line_indent(paragraph, size or BODY_SIZE)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if keep:
        _keep(paragraph)
    return paragraph


def _first_line_indent(paragraph, size_pt: int) -> None:
    """Indent the first line by two characters: firstLineChars for Word, the same in twips for others."""
    p_pr = paragraph._p.get_or_add_pPr()
    ind = p_pr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        p_pr.append(ind)
    ind.set(qn("w:firstLineChars"), "200")
    ind.set(qn("w:firstLine"), str(2 * size_pt * 20))


def _keep(paragraph) -> None:
    """Keep the paragraph on the page of the next one, and its lines together."""
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.keep_together = True


def _page_footer(document) -> None:
    """Page numbers centred in the footer, ``第1页　共2页``, as Word fields."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第", "PAGE"), ("页　共", "NUMPAGES"), ("页", None)):
        run = paragraph.add_run(text)
        _fonts(run._element, BODY_FONT)
        run.font.size = Pt(FOOTER_SIZE)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), f" {field} ")
            number = OxmlElement("w:r")
            value = OxmlElement("w:t")
            value.text = "1"
            number.append(value)
            simple.append(number)
            paragraph._p.append(simple)


def _cell(cell, text: str, *, bold: bool = False, align=None, keep: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    _fonts(run._element, BODY_FONT)
    run.bold = bold or None
    run.font.size = Pt(CELL_SIZE)
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if keep:
        _keep(paragraph)


def _row_flags(row, *, header: bool = False) -> None:
    """Keep a table row on one page; repeat header rows on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _table(document, widths_cm: list[float], header: list[str] | None = None, keep: bool = False):
    table = document.add_table(rows=0, cols=len(widths_cm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        row = table.add_row()
        _row_flags(row, header=True)
        for cell, text in zip(row.cells, header, strict=True):
            _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=keep)
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    return table


def _add_row(
    table,
    texts: list[str],
    widths_cm: list[float],
    right: tuple[int, ...] = (),
    bold: bool = False,
    keep: bool = False,
):
    row = table.add_row()
    _row_flags(row)
    for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
        _cell(cell, text, bold=bold, align=WD_ALIGN_PARAGRAPH.RIGHT if index in right else None, keep=keep)
        cell.width = Cm(widths_cm[index])
    return row


def _borderless(table) -> None:
    """Remove every border of a layout table."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _blocks(container, blocks: tuple[Block, ...]) -> None:
    """Add the described blocks to a document or a table cell, in order."""
    for block in blocks:
        if isinstance(block, Text):
            _paragraph(
                container,
                block.text,
                style=block.style,
                align=ALIGN.get(block.align) if block.align else None,
                bold=block.bold,
                size=block.size,
                indent=block.indent,
                keep=block.keep,
            )
        elif isinstance(block, Table):
            _described_table(container, block)
        elif isinstance(block, If):
            _paragraph(container, f"{{%p if {block.test} %}}")
            _blocks(container, block.then)
            if block.otherwise:
                _paragraph(container, "{%p else %}")
                _blocks(container, block.otherwise)
            _paragraph(container, "{%p endif %}")
        elif isinstance(block, For):
            _paragraph(container, f"{{%p for {block.loop} %}}")
            _blocks(container, block.body)
            if block.otherwise:
                _paragraph(container, "{%p else %}")
                _blocks(container, block.otherwise)
            _paragraph(container, "{%p endfor %}")
        elif isinstance(block, Signature):
            _blocks(container, block.lines())
        elif isinstance(block, Together):
            _together(container, block)
        else:
            raise TypeError(f"unknown block {block!r}")


def _described_table(document, block: Table) -> None:
    widths = list(block.widths)
    table = _table(document, widths, list(block.header) or None, keep=block.keep_header)
    for row in block.rows:
        if isinstance(row, Rows):
            blank = [""] * (len(widths) - 1)
            _add_row(table, [f"{{%tr for {row.loop} %}}", *blank], widths)
            for inner in row.rows:
                _add_row(
                    table, list(inner.cells), widths, right=inner.right, bold=inner.bold, keep=inner.keep
                )
            _add_row(table, ["{%tr endfor %}", *blank], widths)
        else:
            _add_row(table, list(row.cells), widths, right=row.right, bold=row.bold, keep=row.keep)


def _together(document, block: Together) -> None:
    """One borderless row that cannot split: Word and LibreOffice both move a whole row."""
    table = _table(document, [block.width])
    _borderless(table)
    row = table.add_row()
    _row_flags(row)
    cell = row.cells[0]
    first, *rest = block.blocks
    if not (isinstance(first, Text) and first.style):
        raise ValueError("a Together block starts with a heading")
    heading = cell.paragraphs[0]
    heading.style = document.styles[first.style]
    _fonts(heading.add_run(first.text)._element, TITLE_FONT)
    _blocks(cell, tuple(rest))


def make_form(form: Form) -> Document:
    """Return the Word template of a described form."""
    document = _new_document()
    _blocks(document, form.blocks)
    return document


# Styles a user restyling the forms in Word finds ready even where no paragraph uses them yet.
CUSTOMISED_STYLES = {"Normal", "Title", "Heading1", "Heading2", "TableGrid"}
# python-docx's starting document carries Word 2010 leftovers: a second copy of every style and a
# generic thumbnail that file managers would show as the form's preview.
LEFTOVER_PARTS = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}
_STYLE_REFERENCE = re.compile(
    rb'w:(?:pStyle|rStyle|tblStyle|numStyle|styleLink|numStyleLink) w:val="([^"]+)"'
)


def _used_styles(parts: dict[str, bytes], styles: dict[str, etree._Element]) -> set[str]:
    """Return the style ids the parts refer to, the defaults and customised ones, and every style
    these are based on, linked to or followed by."""
    word = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    used = set(CUSTOMISED_STYLES)
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and "styles" not in name.lower():
            used |= {match.decode() for match in _STYLE_REFERENCE.findall(data)}
    used |= {key for key, style in styles.items() if style.get(f"{word}default") == "1"}
    pending = list(used)
    while pending:
        style = styles.get(pending.pop())
        for tag in ("basedOn", "link", "next"):
            element = style.find(f"{word}{tag}") if style is not None else None
            value = element.get(f"{word}val") if element is not None else None
            if value and value not in used:
                used.add(value)
                pending.append(value)
    return used


def slim(path: Path) -> None:
    """Rewrite the saved template at ``path`` without the ~150 styles python-docx's starting
    document defines and nothing uses, and without its leftover parts.

    Every style defined costs LibreOffice time to import: unused ones made each form's PDF
    conversion about 0.045 s slower, a third of the time a batch with --pdf spends per document.
    """
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if info.filename not in LEFTOVER_PARTS]
        parts = {info.filename: archive.read(info) for info in infos}
    word = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(parts["word/styles.xml"])
    styles = {style.get(f"{word}styleId"): style for style in root.iter(f"{word}style")}
    used = _used_styles(parts, styles)
    for key, style in styles.items():
        if key not in used:
            root.remove(style)
    parts["word/styles.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name, data in parts.items():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            for leftover in LEFTOVER_PARTS:
                pattern = (
                    rb"<(?:Relationship|Override) [^>]*[/\"]"
                    + re.escape(leftover.split("/")[-1].encode())
                    + rb'"[^>]*/>'
                )
                data = re.sub(pattern, b"", data)
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            info.date_time = ZIP_TIME
            archive.writestr(info, parts[info.filename])


def write_forms(folder: Path) -> list[Path]:
    """Write every described form's Word template into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for form in DEFAULT_FORMS:
        make_form(form).save(folder / form.file)
        slim(folder / form.file)
        written.append(folder / form.file)
    return written


def main() -> int:
    write_forms(FORMS)
    print(f"templates written to {FORMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
