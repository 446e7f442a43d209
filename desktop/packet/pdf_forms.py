"""The default forms as built-in PDFs: each form description filled in the same sandbox as its Word
template, then set as paragraphs and tables with the Word template's page, type and spacing.

A description becomes one Jinja template of a small XML (paragraphs, tables, rows, groups) with the
description's ``If``/``For``/``Rows`` as Jinja's own ``if``/``for``: the tags, loops, escaping and
limits are those of the Word template, so the PDF holds the Word form's text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from lxml import etree

from desktop.errors import Problem, TemplateError
from desktop.packet import form_model as model
from desktop.packet.form_model import Block, For, Form, If, Row, Rows, Signature, Table, Text, Together
from desktop.packet.sandbox import TemplateSandbox, render_bounded
from desktop.pdf import layout

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_STYLE_CODES = {None: "N", "Title": "T", "Heading 1": "H1", "Heading 2": "H2"}
_ALIGN_CODES = {None: "", "center": "c", "right": "r"}


def _literal(text: str) -> str:
    """Return description text for the XML template: literal parts escaped, tags kept as they are."""
    pieces, position = [], 0
    for match in _TAG.finditer(text):
        pieces += [escape(text[position : match.start()]), match.group(0)]
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def _text(block: Text) -> str:
    attributes = f's="{_STYLE_CODES[block.style]}" a="{_ALIGN_CODES[block.align]}"'
    attributes += (
        f' b="{int(block.bold)}" z="{block.size or ""}" i="{int(block.indent)}" k="{int(block.keep)}"'
    )
    return f"<p {attributes}>{_literal(block.text)}</p>"


def _row(row: Row, header: bool = False) -> str:
    cells = "".join(
        f'<c a="{"c" if header else ("r" if index in row.right else "")}">{_literal(text)}</c>'
        for index, text in enumerate(row.cells)
    )
    return f'<r h="{int(header)}" b="{int(row.bold or header)}" k="{int(row.keep)}">{cells}</r>'


def _table(block: Table) -> str:
    # widths in hundredths of a point: the layout XML carries integers only
    parts = [f'<t w="{" ".join(str(round(width * layout.CM * 100)) for width in block.widths)}">']
    if block.header:
        parts.append(_row(Row(block.header, keep=block.keep_header), header=True))
    for row in block.rows:
        if isinstance(row, Rows):
            parts += [f"{{% for {row.loop} %}}", *(_row(inner) for inner in row.rows), "{% endfor %}"]
        else:
            parts.append(_row(row))
    parts.append("</t>")
    return "".join(parts)


def _blocks(blocks: tuple[Block, ...]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            parts.append(_text(block))
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, If):
            parts += [f"{{% if {block.test} %}}", _blocks(block.then)]
            if block.otherwise:
                parts += ["{% else %}", _blocks(block.otherwise)]
            parts.append("{% endif %}")
        elif isinstance(block, For):
            parts += [f"{{% for {block.loop} %}}", _blocks(block.body)]
            if block.otherwise:
                parts += ["{% else %}", _blocks(block.otherwise)]
            parts.append("{% endfor %}")
        elif isinstance(block, Signature):
            parts.append(f'<g k="0">{_blocks(block.lines())}</g>')
        elif isinstance(block, Together):
            parts.append(f'<g k="0">{_blocks(block.blocks)}</g>')
        else:
            raise TypeError(f"unknown block {block!r}")
    return "".join(parts)


def template_source(form: Form) -> str:
    """Return the Jinja source of a form's layout XML."""
    return f"<d>{_blocks(form.blocks)}</d>"


@cache
def compiled(form: Form) -> jinja2.Template:
    """Return a form's layout template, compiled once per process in the Word templates' sandbox."""
    return TemplateSandbox().from_string(template_source(form))


def fill(form: Form, context: dict[str, Any]) -> etree._Element:
    """Return the form filled for a firm as layout XML; raises TemplateError naming the form.

    The descriptions are the program's own (no loop of a shared template can run away), so the
    output bound is kept but not the timer thread a Word template gets (2 ms a form to start).
    """
    try:
        rendered = render_bounded(compiled(form), context)
        return etree.fromstring(rendered.encode("utf-8"))
    except Exception as exc:  # the same faults as a Word template's, reported the same way
        raise TemplateError(form.file, [Problem("PDF", f"无法填写：{type(exc).__name__}: {exc}")]) from exc


# -- layout XML → blocks -------------------------------------------------------------------------

_ALIGNS: dict[str, layout.Align] = {"c": "center", "r": "right"}


def _paragraph(element: etree._Element, in_cell: bool = False, bold: bool = False) -> layout.Paragraph:
    style = element.get("s", "N")
    text = element.text or ""
    size = int(element.get("z") or (model.CELL_SIZE if in_cell else model.BODY_SIZE))
    keep = element.get("k") == "1"
    align: layout.Align = _ALIGNS.get(element.get("a", ""), "left")
    if style != "N":
        heading = {"T": "Title", "H1": "Heading 1", "H2": "Heading 2"}[style]
        return layout.Paragraph(
            text,
            layout.TextStyle(1, model.HEADING_SIZES[heading], True),
            align="center" if style == "T" else align,
            space_before=model.HEADING_SPACE_BEFORE,
            space_after=model.HEADING_SPACE_AFTER,
            line_spacing=1.0 if style == "T" else model.LINE_SPACING,
            keep_with_next=style != "T" or keep,
            keep_together=True,
        )
    indent = element.get("i") == "1"
    return layout.Paragraph(
        text,
        layout.TextStyle(0, size, bold or element.get("b") == "1"),
        align="justify" if indent else align,
        first_indent=2 * size if indent else 0.0,
        space_after=0.0 if in_cell else model.SPACE_AFTER,
        # Word lets the table style's single spacing win over Normal's in cells.
        line_spacing=1.0 if in_cell else model.LINE_SPACING,
        keep_with_next=keep,
        keep_together=keep,
    )


def _cell(element: etree._Element, bold: bool) -> layout.Cell:
    align = element.get("a", "")
    text = element.text or ""
    paragraph = layout.Paragraph(
        text,
        layout.TextStyle(0, model.CELL_SIZE, bold),
        align=_ALIGNS.get(align, "left"),
        line_spacing=1.0,
    )
    return layout.Cell([paragraph])


def _table_block(element: etree._Element) -> layout.Table:
    widths = [int(width) / 100 for width in element.get("w", "").split()]
    rows = [
        layout.Row(
            [_cell(cell, row.get("b") == "1") for cell in row],
            header=row.get("h") == "1",
            keep_with_next=row.get("k") == "1",
        )
        for row in element
    ]
    return layout.Table(widths, rows)


def blocks(root: etree._Element) -> list[layout.Block]:
    """Return the filled layout XML as blocks to set."""
    result: list[layout.Block] = []
    for element in root:
        if element.tag == "p":
            result.append(_paragraph(element))
        elif element.tag == "t":
            result.append(_table_block(element))
        elif element.tag == "g":
            result.append(layout.Group(blocks(element), keep_with_next=element.get("k") == "1"))
    return result


def form_blocks(form: Form, context: dict[str, Any]) -> list[layout.Block]:
    """Return a default form filled for a firm, as blocks to set into pages."""
    return blocks(fill(form, context))


PAGE = layout.PageFormat(
    width=model.PAGE_WIDTH_CM * layout.CM,
    height=model.PAGE_HEIGHT_CM * layout.CM,
    top=model.MARGIN_TOP_CM * layout.CM,
    bottom=model.MARGIN_BOTTOM_CM * layout.CM,
    left=model.MARGIN_SIDE_CM * layout.CM,
    right=model.MARGIN_SIDE_CM * layout.CM,
)
