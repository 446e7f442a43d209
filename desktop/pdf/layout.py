"""Paragraphs and tables set into pages: Chinese line breaking, justification, rows that never split,
header rows repeated, and Word's keep-with-next chains (a signature never lands alone on a page).

Everything is measured in points from the top-left corner of the page; the writer turns pages into PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from desktop.pdf.fonts import FontSet

Align = Literal["left", "center", "right", "justify"]
CM = 72 / 2.54
A4 = (21.0 * CM, 29.7 * CM)
BORDER_WIDTH = 0.5
CELL_PADDING = 108 / 20  # Word's default cell margin, 108 twips
BOLD_STROKE = 0.03  # synthetic bold: the outline stroked with this fraction of the size
MAX_JUSTIFY = 0.25  # a justified line is not spread wider than this fraction of the size per gap
# Word's single line for Chinese fonts: 1.3 em (小四 12 pt → 15.6 pt), whatever the font's own metrics,
# so pages break where Word breaks them with 仿宋 (Noto CJK's own line is 1.44 em).
SINGLE_LINE = 1.3

# 禁则: characters a line may not start with, and characters it may not end with.
NOT_AT_LINE_START = set("，。、；：？！）》」』】〕〉”’％%·…—–,.;:!?)]}›»°℃㎡")
NOT_AT_LINE_END = set("（《「『【〔〈“‘([{‹«￥¥$#")


class MissingCharacter(ValueError):
    """A character none of the fonts found can print: never left out of a PDF silently."""

    def __init__(self, character: str, text: str) -> None:
        super().__init__(f"no font has {character!r} (U+{ord(character):04X})")
        self.character = character
        self.text = text  # the paragraph it is in


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x2E80 and not (0xFF01 <= code <= 0xFF5E and ch.isalnum())


class TextStyle(NamedTuple):
    """The type of a paragraph: which font of the set (0 body, 1 title), its size, bold."""

    font: int = 0
    size: float = 12
    bold: bool = False


BODY_STYLE = TextStyle()


@dataclass
class Paragraph:
    """A paragraph of one style. ``line_spacing`` is a multiple of the font's own line height, as Word's."""

    text: str
    style: TextStyle = BODY_STYLE
    align: Align = "left"
    first_indent: float = 0
    space_before: float = 0
    space_after: float = 0
    line_spacing: float = 1.0
    keep_with_next: bool = False
    keep_together: bool = False


@dataclass
class Cell:
    """A table cell: paragraphs set inside the cell's padding, across ``span`` columns."""

    paragraphs: list[Paragraph]
    span: int = 1


@dataclass
class Row:
    """A table row: never split across pages (unless taller than a page); header rows repeat on each page."""

    cells: list[Cell]
    header: bool = False
    keep_with_next: bool = False


@dataclass
class Table:
    """A table of fixed column widths (points), centred, with borders unless ``borders`` is False."""

    widths: list[float]
    rows: list[Row]
    borders: bool = True
    padding: float = CELL_PADDING  # left and right, inside each cell
    padding_y: float = 0.0  # top and bottom: none in Word's tables, the line's own leading suffices


@dataclass
class Group:
    """Blocks that never split across pages (unless together taller than a page)."""

    blocks: list[Block]
    keep_with_next: bool = False


@dataclass
class PageBreak:
    """The next block starts a new page."""


Block = Paragraph | Table | Group | PageBreak


class GlyphRun(NamedTuple):
    """Glyphs of one font set on one baseline: ``x`` where the first starts, ``spacing`` added after each."""

    font: int
    size: float
    bold: bool
    x: float
    baseline: float
    glyphs: tuple[int, ...]
    text: str
    spacing: float = 0.0


class Rule(NamedTuple):
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = BORDER_WIDTH


Op = GlyphRun | Rule
# What a page or unit draws: an op and the offset (dx, dy) it is drawn at.
Placed = tuple[float, float, Op]


@dataclass
class Page:
    """One laid-out page: its size, what is drawn on it, and whether it shows a page number."""

    width: float
    height: float
    ops: list[Placed] = field(default_factory=list)
    numbered: bool = True


@dataclass(frozen=True)
class PageFormat:
    """Paper size and margins in points."""

    width: float = A4[0]
    height: float = A4[1]
    top: float = 2.5 * CM
    bottom: float = 2.5 * CM
    left: float = 2.4 * CM
    right: float = 2.4 * CM

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def content_height(self) -> float:
        return self.height - self.top - self.bottom


class _Line(NamedTuple):
    runs: tuple[GlyphRun, ...]  # x relative to the line start, baseline relative to the line top
    height: float


@dataclass
class _Unit:
    """Something placed whole: a line of a paragraph, a table row, a group. ``ops`` are relative to its
    top-left corner; ``after`` is trailing space that may fall off the bottom of a page."""

    height: float
    ops: list[Placed]
    keep_with_next: bool = False
    after: float = 0.0
    header: list[_Unit] | None = None  # the table's header rows, repeated when the table continues
    is_header: bool = False
    top_space: float = 0.0  # space before, dropped when the unit starts a page after a break


def _shift(ops: Sequence[Placed], dx: float, dy: float) -> list[Placed]:
    return [(x + dx, y + dy, op) for x, y, op in ops]


def _placed(runs: Sequence[GlyphRun], dx: float, dy: float) -> list[Placed]:
    return [(dx, dy, run) for run in runs]


class Typesetter:
    """Sets blocks into pages with one set of fonts; characters and set lines are cached, so the
    wording every form repeats is measured once per process."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self._metrics: dict[tuple[str, int], tuple[int, int, float]] = {}
        self._lines: dict[tuple[object, ...], tuple[_Line, ...]] = {}

    # -- characters -------------------------------------------------------------------------------

    def _glyph(self, ch: str, font: int) -> tuple[int, int, float]:
        """Return (font, glyph, advance in ems) for a character in the style's font or a fallback."""
        key = (ch, font)
        found = self._metrics.get(key)
        if found is None:
            number, gid = self.fonts.glyph(ord(ch), font)
            chosen = self.fonts.fonts[number]
            found = (number, gid, chosen.advance(gid) / chosen.upem)
            self._metrics[key] = found
        return found

    def text_width(self, text: str, style: TextStyle) -> float:
        """Return the width of text set in one line."""
        return sum(self._glyph(ch, style.font)[2] for ch in text) * style.size

    # -- paragraphs -------------------------------------------------------------------------------

    @staticmethod
    def _breaks(text: str) -> list[int]:
        """Return the indexes where a line may start: before and after Chinese characters and spaces,
        never inside a Latin word or number, never before closing or after opening punctuation."""
        starts = [0]
        for index in range(1, len(text)):
            before, ch = text[index - 1], text[index]
            if ch in NOT_AT_LINE_START or before in NOT_AT_LINE_END:
                continue
            if before == " " or _is_cjk(ch) or _is_cjk(before) or (ch == " " and before != " "):
                starts.append(index)
        return starts

    def _break(
        self, text: str, advances: list[float], width: float, first_indent: float
    ) -> list[tuple[int, int]]:
        """Return the (start, end) of each line of a paragraph, filled greedily."""
        edges = [0.0]
        for advance in advances:
            edges.append(edges[-1] + advance)
        starts = [*self._breaks(text), len(text)]
        lines: list[tuple[int, int]] = []
        line_start = 0
        available = width - first_indent
        for position in range(1, len(starts)):
            end = starts[position]
            if edges[end] - edges[line_start] <= available + 0.01:
                continue
            previous = starts[position - 1]
            if previous > line_start and edges[previous] - edges[line_start] > 0:
                lines.append((line_start, previous))
                line_start = previous
                available = width
                while line_start < len(text) and text[line_start] == " ":
                    line_start += 1
            while edges[end] - edges[line_start] > available + 0.01 and end - line_start > 1:
                cut = line_start + 1
                while cut < end and edges[cut + 1] - edges[line_start] <= available + 0.01:
                    cut += 1
                lines.append((line_start, cut))
                line_start = cut
                available = width
        lines.append((line_start, len(text)))
        return lines

    def line_height(self, paragraph: Paragraph) -> float:
        """Return the height of one line of the paragraph, as Word sets Chinese text."""
        return SINGLE_LINE * paragraph.style.size * paragraph.line_spacing

    def _set_line(
        self,
        text: str,
        glyphs: list[tuple[int, int, float]],
        paragraph: Paragraph,
        width: float,
        indent: float,
        last: bool,
    ) -> _Line:
        while text and text[-1] == " ":
            text, glyphs = text[:-1], glyphs[:-1]
        style = paragraph.style
        font = self.fonts.fonts[style.font]
        # the font's ascent share of Word's single line, the extra of a multiple below it
        baseline = SINGLE_LINE * style.size * font.ascender / (font.ascender - font.descender)
        natural = sum(advance for _, _, advance in glyphs) * style.size
        spacing = 0.0
        x = indent
        free = width - indent - natural
        if paragraph.align == "center":
            x += free / 2
        elif paragraph.align == "right":
            x += free
        elif paragraph.align == "justify" and not last and len(text) > 1 and free > 0:
            spacing = free / (len(text) - 1)
            if spacing > MAX_JUSTIFY * style.size:
                spacing = 0.0  # a line cut short by a word that cannot break stays ragged, not stretched
        runs: list[GlyphRun] = []
        start = 0
        while start < len(text):
            number = glyphs[start][0]
            end = start
            advance = 0.0
            while end < len(text) and glyphs[end][0] == number:
                advance += glyphs[end][2]
                end += 1
            ids = tuple(gid for _, gid, _ in glyphs[start:end])
            runs.append(GlyphRun(number, style.size, style.bold, x, baseline, ids, text[start:end], spacing))
            x += advance * style.size + spacing * (end - start)
            start = end
        return _Line(tuple(runs), self.line_height(paragraph))

    def paragraph_lines(self, paragraph: Paragraph, width: float) -> tuple[_Line, ...]:
        """Return the paragraph's lines, set for ``width`` (cached: forms repeat most of their wording)."""
        style = paragraph.style
        key = (paragraph.text, style, width, paragraph.first_indent, paragraph.align, paragraph.line_spacing)
        found = self._lines.get(key)
        if found is not None:
            return found
        text = paragraph.text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
        glyphs = [self._glyph(ch, style.font) for ch in text]
        for ch, (_, gid, _) in zip(text, glyphs, strict=True):
            if not gid and not ch.isspace() and ch.isprintable():
                raise MissingCharacter(ch, paragraph.text)
        advances = [advance * style.size for _, _, advance in glyphs]
        spans = self._break(text, advances, width, paragraph.first_indent)
        found = tuple(
            self._set_line(
                text[start:end],
                glyphs[start:end],
                paragraph,
                width,
                paragraph.first_indent if index == 0 else 0.0,
                index == len(spans) - 1,
            )
            for index, (start, end) in enumerate(spans)
        )
        if len(self._lines) > 50_000:
            self._lines.clear()
        self._lines[key] = found
        return found

    def _paragraph_units(self, paragraph: Paragraph, width: float, x: float) -> list[_Unit]:
        lines = self.paragraph_lines(paragraph, width)
        before = paragraph.space_before
        units = [
            _Unit(line.height, _placed(line.runs, x, before if index == 0 else 0))
            for index, line in enumerate(lines)
        ]
        units[0].top_space = before
        units[0].height += before
        units[-1].after = paragraph.space_after
        units[-1].height += paragraph.space_after
        count = len(units)
        for index, unit in enumerate(units[:-1]):
            # lines kept together when asked; else at least two lines at a page's foot and head (widow control)
            unit.keep_with_next = paragraph.keep_together or index == 0 or index >= count - 2
        units[-1].keep_with_next = paragraph.keep_with_next
        return units

    def paragraph_height(self, paragraph: Paragraph, width: float) -> float:
        """Return the height a paragraph takes, spacing included."""
        lines = self.paragraph_lines(paragraph, width)
        return sum(line.height for line in lines) + paragraph.space_before + paragraph.space_after

    # -- tables -----------------------------------------------------------------------------------

    def _cell_ops(self, cell: Cell, width: float, ops: list[Placed], dx: float, dy: float) -> float:
        """Add the cell's lines to ``ops``, its top-left corner at (dx, dy); return its height."""
        y = 0.0
        for paragraph in cell.paragraphs:
            y += paragraph.space_before
            for line in self.paragraph_lines(paragraph, width):
                top = y + dy
                ops += [(dx, top, run) for run in line.runs]
                y += line.height
            y += paragraph.space_after
        return y

    def _row_unit(self, table: Table, row: Row, x: float) -> _Unit:
        ops: list[Placed] = []
        height = 0.0
        edges = [x]
        column = 0
        for cell in row.cells:
            width = sum(table.widths[column : column + cell.span])
            cell_height = self._cell_ops(
                cell, width - 2 * table.padding, ops, edges[-1] + table.padding, table.padding_y
            )
            height = max(height, cell_height + 2 * table.padding_y)
            edges.append(edges[-1] + width)
            column += cell.span
        if column != len(table.widths):
            raise ValueError(f"a row spans {column} of the table's {len(table.widths)} columns")
        if table.borders:
            right = edges[-1]
            ops += [(0.0, 0.0, Rule(x, 0, right, 0)), (0.0, 0.0, Rule(x, height, right, height))]
            ops += [(0.0, 0.0, Rule(edge, 0, edge, height)) for edge in edges]
        return _Unit(height, ops, keep_with_next=row.keep_with_next or row.header, is_header=row.header)

    def _table_units(self, table: Table, x: float) -> list[_Unit]:
        units = [self._row_unit(table, row, x) for row in table.rows]
        header = [unit for unit in units if unit.is_header]
        for unit in units:
            if not unit.is_header:
                unit.header = header
        return units

    # -- blocks -----------------------------------------------------------------------------------

    def units(self, blocks: Sequence[Block], page: PageFormat) -> list[_Unit | PageBreak]:
        """Return the blocks as units to place, left to right at the page's left margin."""
        result: list[_Unit | PageBreak] = []
        width, x = page.content_width, page.left
        for block in blocks:
            if isinstance(block, PageBreak):
                result.append(block)
            elif isinstance(block, Paragraph):
                result += self._paragraph_units(block, width, x)
            elif isinstance(block, Table):
                table_x = x + (width - sum(block.widths)) / 2
                result += self._table_units(block, table_x)
            else:
                inner = [unit for unit in self.units(block.blocks, page) if isinstance(unit, _Unit)]
                if not inner:
                    continue
                height = sum(unit.height for unit in inner)
                if height - inner[-1].after <= page.content_height:
                    ops: list[Placed] = []
                    y = 0.0
                    for unit in inner:
                        ops += _shift(unit.ops, 0, y)
                        y += unit.height
                    result.append(_Unit(height, ops, block.keep_with_next, inner[-1].after))
                else:  # taller than a page: it has to split
                    inner[-1].keep_with_next = block.keep_with_next
                    result += inner
        return result

    def layout(self, blocks: Sequence[Block], page: PageFormat = PageFormat()) -> list[Page]:
        """Return the blocks set into pages.

        A chain of units kept with the next moves to a new page whole when it does not fit what is left
        of the page; a chain longer than a page breaks as late as leaves its rest on one page.
        """
        units = self.units(blocks, page)
        pages = [Page(page.width, page.height)]
        y = 0.0
        limit = page.content_height
        index = 0

        def chain_height(start: int) -> float:
            total, position = 0.0, start
            while position < len(units):
                unit = units[position]
                if isinstance(unit, PageBreak):
                    break
                total += unit.height
                if not unit.keep_with_next:
                    return total - unit.after
                position += 1
            return total

        def new_page() -> None:
            nonlocal y
            pages.append(Page(page.width, page.height))
            y = 0.0

        while index < len(units):
            unit = units[index]
            if isinstance(unit, PageBreak):
                new_page()
                index += 1
                continue
            header = unit.header if unit.header and y == 0.0 and len(pages) > 1 else None
            header_height = sum(h.height for h in header) if header else 0.0
            needed = chain_height(index)
            fits_here = y + header_height + needed <= limit + 0.01
            fits_page = needed + header_height <= limit + 0.01
            if y > 0 and not fits_here and (fits_page or y + unit.height - unit.after > limit + 0.01):
                new_page()
                continue
            if header:
                for row in header:
                    pages[-1].ops += _shift(row.ops, 0, page.top + y)
                    y += row.height
            top = unit.top_space if y == 0.0 and len(pages) > 1 else 0.0
            pages[-1].ops += _shift(unit.ops, 0, page.top + y - top)
            y += unit.height - top
            index += 1
        return pages
