"""The vocabulary of a form description: paragraphs, tables, repeated rows, conditions, signature blocks.

A form is a tuple of these blocks. Text holds Jinja tags (``{{ firm.name }}``) exactly as the Word
template shows them; ``If``/``For`` become ``{%p if … %}``/``{%p for … %}`` paragraphs and ``Rows``
a ``{%tr for … %}`` row pair in Word. The Word templates (tools/make_forms.py) and the built-in PDFs
(desktop/packet/pdf_forms.py) are both made from the descriptions in desktop/packet/forms.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["center", "right"]
Style = Literal["Title", "Heading 1", "Heading 2"]

# Page and type, shared by the Word templates and the PDFs.
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_TOP_CM = MARGIN_BOTTOM_CM = 2.5
MARGIN_SIDE_CM = 2.4
BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = 12
CELL_SIZE = 11
FOOTER_SIZE = 10
LINE_SPACING = 1.2
SPACE_AFTER = 3
HEADING_SIZES: dict[str, int] = {"Title": 20, "Heading 1": 15, "Heading 2": 13}
HEADING_SPACE_BEFORE = 8
HEADING_SPACE_AFTER = 6


@dataclass(frozen=True)
class Text:
    """A paragraph. ``indent``: first line indented two characters, justified. ``keep``: on the page
    of the next paragraph, its lines together."""

    text: str = ""
    style: Style | None = None
    align: Align | None = None
    bold: bool = False
    size: int | None = None
    indent: bool = False
    keep: bool = False


@dataclass(frozen=True)
class Row:
    """A table row that never splits across pages; ``right``: the columns aligned right."""

    cells: tuple[str, ...]
    right: tuple[int, ...] = ()
    bold: bool = False
    keep: bool = False


@dataclass(frozen=True)
class Rows:
    """Rows repeated for each item: ``loop`` is what follows ``for``, as in ``m in applied``."""

    loop: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Table:
    """A bordered table, its column widths in cm; a header row repeated on every page."""

    widths: tuple[float, ...]
    header: tuple[str, ...] = ()
    rows: tuple[Row | Rows, ...] = ()
    keep_header: bool = False


@dataclass(frozen=True)
class If:
    """Blocks shown only when ``test`` holds (else ``otherwise``)."""

    test: str
    then: tuple[Block, ...]
    otherwise: tuple[Block, ...] = ()


@dataclass(frozen=True)
class For:
    """Blocks repeated for each item of ``loop`` (``line in m.arithmetic``); ``otherwise`` when there is none."""

    loop: str
    body: tuple[Block, ...]
    otherwise: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Signature:
    """The signature and seal block: a blank line, a ``（签字）`` line for each of ``signatures`` in the
    packet context (法定代表人, and the 财务负责人 and 项目负责人 where the year's guide asks them), the
    sealing party, the date.

    It never splits across pages; ``keep`` also keeps it with what comes before it in Word
    (the paragraphs before it must keep with the next too)."""

    who: str = "申报单位（盖章）"
    keep: bool = False

    def lines(self) -> tuple[Block, ...]:
        """Return the block's paragraphs: the wording of every signature in the forms."""
        return (
            Text(keep=self.keep),
            For(
                "s in signatures", (Text("{{ s }}（签字）：________________", align="right", keep=self.keep),)
            ),
            Text(f"{self.who}：________________", align="right", keep=self.keep),
            Text("{{ date_text }}", align="right"),
        )


@dataclass(frozen=True)
class Together:
    """Blocks that never split across pages: in Word one borderless table row that cannot split."""

    width: float
    blocks: tuple[Block, ...]


Block = Text | Table | If | For | Signature | Together


@dataclass(frozen=True)
class Form:
    """A default form: its template file name and its blocks, top to bottom."""

    file: str
    blocks: tuple[Block, ...]
