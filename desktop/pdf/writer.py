"""Laid-out pages as PDF bytes: fonts embedded as subsets, 第 N 页 共 M 页 footers, no clock.

The objects and the cross-reference table are written here directly (a PDF 1.7 file of plain
objects, in the form pydyf wrote them before: the same bytes in half the time).

The same pages, fonts and date give the same bytes. Several documents written together (a packet)
share one subset per font holding the glyphs of all of them, so HarfBuzz subsets each font once.
Page numbers may run on across documents: ``Numbering(first=…, total=…)``.
"""

from __future__ import annotations

import codecs
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.pdf.fonts import FontSet, Subset, subset
from desktop.pdf.layout import BOLD_STROKE, GlyphRun, Page, Paragraph, Placed, Rule, TextStyle, Typesetter

PRODUCER = "CBEC Grant Desk"
FOOTER = "第{page}页　共{total}页"
FOOTER_SIZE = 10
FOOTER_DISTANCE = 1.25 * 72 / 2.54  # from the paper's bottom edge to the footer's baseline area, as Word's
COMPRESSION = 1  # zlib level: 6 made the contents 12 % and the fonts 1 % smaller for 1.7× the time
HEADER = b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n"  # the version, and a binary comment as the standard advises


@dataclass(frozen=True)
class Numbering:
    """How pages are numbered in the footer: the first numbered page's number, and the total shown
    (None: the last number of this document). Pages with ``numbered`` False show no footer and take
    no number."""

    first: int = 1
    total: int | None = None


@dataclass
class Document:
    """A PDF to write: its pages, title (the PDF's metadata) and date, and its numbering."""

    pages: list[Page]
    title: str
    day: date
    numbering: Numbering = Numbering()


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _string(text: str) -> bytes:
    """Return a PDF text string: literal when ASCII, else UTF-16 with its byte order mark."""
    try:
        data = text.encode("ascii")
    except UnicodeEncodeError:
        return b"<" + (codecs.BOM_UTF16_BE + text.encode("utf-16-be")).hex().encode("ascii") + b">"
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _name(text: str) -> bytes:
    """Return a PDF name: ``/`` and the text, bytes outside ``!``–``~`` and delimiters as ``#xx``."""
    return b"/" + b"".join(
        bytes((byte,)) if 33 <= byte <= 126 and byte not in b"<>()[]/# " else f"#{byte:02x}".encode("ascii")
        for byte in text.encode("utf-8")
    )


def _pdf_date(day: date) -> bytes:
    return f"(D:{day.year:04d}{day.month:02d}{day.day:02d}000000Z)".encode("ascii")


def _stream(entries: bytes, data: bytes) -> bytes:
    """Return a stream object's body: its dictionary (``entries`` and the length), then the data."""
    return (
        b"<<"
        + entries
        + b"/Length "
        + str(len(data)).encode("ascii")
        + b">>\nstream\n"
        + data
        + b"\nendstream"
    )


def _to_unicode(chars: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = sorted(chars.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid, text in chunk:
            target = text.encode("utf-16-be").hex().upper()
            lines.append(f"<{gid:04X}> <{target}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


@dataclass
class _EmbeddedFont:
    """A font's subset, ready to write into each of the documents written together."""

    subset: Subset
    program: bytes  # compressed
    to_unicode: bytes  # compressed: new glyph id → the text it shows
    widths: bytes  # the W array: advances in 1/1000 em, for new glyph ids 0, 1, 2, …
    objects: dict[int, list[bytes]] = field(default_factory=dict)  # by first object number: the bodies
    shown: dict[tuple[int, ...], str] = field(default_factory=dict)  # glyphs → their hex string

    def hex(self, glyphs: tuple[int, ...]) -> str:
        """Return the glyphs as the hex string a Tj shows, in the subset's glyph ids."""
        found = self.shown.get(glyphs)
        if found is None:
            new_ids = self.subset.new_ids
            found = "<" + struct.pack(f">{len(glyphs)}H", *[new_ids[gid] for gid in glyphs]).hex() + ">"
            self.shown[glyphs] = found
        return found


class PdfWriter:
    """Writes laid-out documents as PDF with one set of fonts."""

    def __init__(self, fonts: FontSet, typesetter: Typesetter | None = None) -> None:
        self.fonts = fonts
        self.typesetter = typesetter or Typesetter(fonts)

    def footer_runs(self, page: Page, text: str) -> list[Placed]:
        """Return the footer line, centred near the bottom of the page."""
        paragraph = Paragraph(text, TextStyle(0, FOOTER_SIZE), align="center")
        line = self.typesetter.paragraph_lines(paragraph, page.width)[0]
        font = self.fonts.body
        top = page.height - FOOTER_DISTANCE - (font.ascender - font.descender) / font.upem * FOOTER_SIZE
        return [(0.0, top, run) for run in line.runs]

    def _footers(
        self, document: Document, made: dict[tuple[str, float, float], list[Placed]]
    ) -> list[list[Placed]]:
        """Return each page's footer line (empty for a page that takes no number); a line already in
        ``made`` (第1页　共1页 ends most one-page forms) is the same object, set into operators once."""
        numbered = [page for page in document.pages if page.numbered]
        total = document.numbering.total or document.numbering.first + len(numbered) - 1
        result = []
        number = document.numbering.first
        for page in document.pages:
            if page.numbered:
                key = (FOOTER.format(page=number, total=total), page.width, page.height)
                found = made.get(key)
                if found is None:
                    found = made[key] = self.footer_runs(page, key[0])
                result.append(found)
                number += 1
            else:
                result.append([])
        return result

    def _embed(self, pages: list[list[Placed]]) -> dict[int, _EmbeddedFont]:
        # Each glyph's text is that of its last use: every run in turn updates the map (in C, by
        # dict.update; a run met again, as set lines are cached and shared, may set it back).
        used: dict[int, dict[int, str]] = {}
        for ops in pages:  # each page once: the print set repeats the forms' pages
            for _, _, op in ops:
                if type(op) is GlyphRun:
                    chars = used.get(op.font)
                    if chars is None:
                        chars = used[op.font] = {}
                    chars.update(zip(op.glyphs, op.text, strict=True))
        embedded = {}
        for number, glyphs in sorted(used.items()):
            font = self.fonts.fonts[number]
            made = subset(font, glyphs)
            chars = {made.new_ids[gid]: ch for gid, ch in glyphs.items() if gid}
            by_new = sorted((new, old) for old, new in made.new_ids.items())
            advances = " ".join(str(round(font.advance(old) * 1000 / font.upem)) for _, old in by_new)
            embedded[number] = _EmbeddedFont(
                made,
                zlib.compress(made.program, COMPRESSION),
                zlib.compress(_to_unicode(chars), COMPRESSION),
                f"[0 [{advances}]]".encode("ascii"),
            )
        return embedded

    def write(self, documents: Sequence[Document]) -> list[bytes]:
        """Return each document as PDF bytes; fonts are subset once for all of them, and a page in
        several of them (the print set repeats the forms' pages) is set into PDF operators and
        compressed once: its footer is a content stream of its own."""
        made: dict[tuple[str, float, float], list[Placed]] = {}
        footers = [self._footers(document, made) for document in documents]
        pages = {id(page): page.ops for document in documents for page in document.pages}
        embedded = self._embed([*pages.values(), *made.values()])
        shown: dict[int, str] = {}  # a run's glyphs as shown, by the run (alive until the end of write)
        # a page's compressed operators and the fonts they use by its ops, a footer line's by the line
        # (alive until the end)
        bodies: dict[int, tuple[bytes, set[int]]] = {}
        return [
            self._pdf(document, lines, embedded, shown, bodies)
            for document, lines in zip(documents, footers, strict=True)
        ]

    def _font_objects(self, number: int, item: _EmbeddedFont, first: int) -> list[bytes]:
        """Return the bodies of a font's five objects numbered from ``first``: its program, descriptor,
        CID font, ToUnicode map and Type 0 font (the one pages name)."""
        found = item.objects.get(first)
        if found is not None:
            return found
        font = self.fonts.fonts[number]
        base = _name(f"{item.subset.tag}+{font.postscript_name}")
        scale = 1000 / font.upem
        ascent, descent = round(font.ascender * scale), round(font.descender * scale)
        if font.cff:
            program = _stream(b"/Filter /FlateDecode/Subtype /CIDFontType0C", item.program)
        else:
            program = _stream(b"/Filter /FlateDecode/Length1 %d" % len(item.subset.program), item.program)
        descriptor = (
            b"<</Type /FontDescriptor/FontName " + base + b"/Flags 4"
            b"/FontBBox [-1000 %d 2000 %d]/ItalicAngle 0/Ascent %d/Descent %d/CapHeight %d/StemV 80"
            b"/%s %d 0 R>>"
            % (descent, ascent, ascent, descent, ascent, b"FontFile3" if font.cff else b"FontFile2", first)
        )
        cid_font = (
            b"<</Type /Font/Subtype /"
            + (b"CIDFontType0" if font.cff else b"CIDFontType2")
            + b"/BaseFont "
            + base
            + b"/CIDSystemInfo <</Registry (Adobe)/Ordering (Identity)/Supplement 0>>"
            + b"/FontDescriptor %d 0 R/W " % (first + 1)
            + item.widths
            + (b">>" if font.cff else b"/CIDToGIDMap /Identity>>")
        )
        to_unicode = _stream(b"/Filter /FlateDecode", item.to_unicode)
        type0 = (
            b"<</Type /Font/Subtype /Type0/BaseFont "
            + base
            + b"/Encoding /Identity-H/DescendantFonts [%d 0 R]/ToUnicode %d 0 R>>" % (first + 2, first + 3)
        )
        found = item.objects[first] = [program, descriptor, cid_font, to_unicode, type0]
        return found

    def _content(
        self,
        ops: list[Placed],
        height: float,
        embedded: dict[int, _EmbeddedFont],
        shown: dict[int, str],
        used: set[int],
    ) -> bytes:
        out: list[str] = ["q"]  # the page's own state ends with it: its footer starts from the defaults
        rules = [placed for placed in ops if type(placed[2]) is Rule]
        if rules:
            out.append("0 G")
            width = None
            for dx, dy, rule in rules:
                if rule.width != width:
                    width = rule.width
                    out.append(f"{_number(width)} w")
                out.append(
                    f"{dx + rule.x1:.2f} {height - dy - rule.y1:.2f} m {dx + rule.x2:.2f} {height - dy - rule.y2:.2f} l S"
                )
        out.append("BT")
        fonts = self.fonts.fonts
        state: tuple[int, float] | None = None
        spacing = 0.0
        stroke = 0.0
        for dx, dy, op in ops:
            if type(op) is not GlyphRun:
                continue
            if (op.font, op.size) != state:
                state = (op.font, op.size)
                used.add(op.font)
                out.append(f"/F{op.font} {_number(op.size)} Tf")
            # bold where the face is not: the outlines stroked too, as Word emboldens 仿宋 and 黑体
            wanted = op.size * BOLD_STROKE if op.bold and not fonts[op.font].bold else 0.0
            if wanted != stroke:
                stroke = wanted
                out.append(f"2 Tr {_number(stroke)} w" if stroke else "0 Tr")
            if op.spacing != spacing:
                spacing = op.spacing
                out.append(f"{spacing:.3f} Tc")
            glyphs = shown.get(id(op))
            if glyphs is None:
                glyphs = shown[id(op)] = embedded[op.font].hex(op.glyphs)
            out.append(f"1 0 0 1 {dx + op.x:.2f} {height - dy - op.baseline:.2f} Tm {glyphs} Tj")
        out += ["ET", "Q"]
        return "\n".join(out).encode("ascii")

    def _body(
        self,
        ops: list[Placed],
        height: float,
        embedded: dict[int, _EmbeddedFont],
        shown: dict[int, str],
        bodies: dict[int, tuple[bytes, set[int]]],
        compress: bool,
    ) -> tuple[bytes, set[int]]:
        """Return the content stream of ``ops`` (a page's, or a footer line's) and the fonts it uses,
        set once per ``bodies``: a page or line met again in another document is the same list."""
        found = bodies.get(id(ops))
        if found is None:
            fonts: set[int] = set()
            content = self._content(ops, height, embedded, shown, fonts)
            found = bodies[id(ops)] = (zlib.compress(content, COMPRESSION) if compress else content, fonts)
        return found

    def _pdf(
        self,
        document: Document,
        footers: list[list[Placed]],
        embedded: dict[int, _EmbeddedFont],
        shown: dict[int, str],
        bodies: dict[int, tuple[bytes, set[int]]],
    ) -> bytes:
        """Return one document's PDF: objects 1 (pages) and 2 (catalog), five per font, the resources;
        per page its content stream, its footer's (when numbered) and the page object; the document
        information; a cross-reference table."""
        used: set[int] = set()
        streams: list[list[bytes]] = []
        for page, footer in zip(document.pages, footers, strict=True):
            body, fonts = self._body(page.ops, page.height, embedded, shown, bodies, compress=True)
            used |= fonts
            page_streams = [_stream(b"/Filter /FlateDecode", body)]
            if footer:  # a line of text: left uncompressed, as zlib would hardly shorten it
                line, fonts = self._body(footer, page.height, embedded, shown, bodies, compress=False)
                used |= fonts
                page_streams.append(_stream(b"", line))
            streams.append(page_streams)
        numbers = sorted(used)
        resources_number = 3 + 5 * len(numbers)
        page_numbers = []
        next_number = resources_number + 1
        for page_streams in streams:
            next_number += len(page_streams)
            page_numbers.append(next_number)
            next_number += 1
        kids = " ".join(f"{number} 0 R" for number in page_numbers)
        bodies_out: list[bytes] = [
            f"<</Type /Pages/Kids [{kids}]/Count {len(streams)}>>".encode("ascii"),
            b"<</Type /Catalog/Pages 1 0 R>>",
        ]
        font_names: list[bytes] = []
        for index, number in enumerate(numbers):
            first = 3 + 5 * index
            bodies_out += self._font_objects(number, embedded[number], first)
            font_names.append(b"/F%d %d 0 R" % (number, first + 4))
        bodies_out.append(b"<</Font <<" + b"".join(font_names) + b">>>>")
        for page, page_streams, page_number in zip(document.pages, streams, page_numbers, strict=True):
            bodies_out += page_streams
            first_stream = page_number - len(page_streams)
            if len(page_streams) == 1:
                contents = f"{first_stream} 0 R"
            else:
                contents = (
                    "[" + " ".join(f"{first_stream + index} 0 R" for index in range(len(page_streams))) + "]"
                )
            bodies_out.append(
                f"<</Type /Page/Parent 1 0 R/MediaBox [0 0 {_number(page.width)} {_number(page.height)}]"
                f"/Contents {contents}/Resources {resources_number} 0 R>>".encode("ascii")
            )
        day = _pdf_date(document.day)
        bodies_out.append(
            b"<</Title "
            + _string(document.title)
            + b"/Producer "
            + _string(PRODUCER)
            + b"/CreationDate "
            + day
            + b"/ModDate "
            + day
            + b">>"
        )
        return _file(bodies_out)


def _file(bodies: list[bytes]) -> bytes:
    """Return a PDF file of the objects 1, 2, … with these bodies (the last the document information,
    object 2 the catalog): the header, the objects, the cross-reference table and the trailer."""
    chunks = [HEADER]
    position = len(HEADER)
    offsets = []
    for number, body in enumerate(bodies, start=1):
        start = b"%d 0 obj\n" % number
        offsets.append(position)
        chunks += [start, body, b"\nendobj\n"]
        position += len(start) + len(body) + 8
    count = len(bodies) + 1
    table = [f"xref\n0 {count}\n0000000000 65535 f \n"]
    table += [f"{offset:010} 00000 n \n" for offset in offsets]
    table.append(f"trailer\n<<\n/Size {count}\n/Root 2 0 R\n/Info {len(bodies)} 0 R\n>>\n")
    table.append(f"startxref\n{position}\n%%EOF\n")
    chunks.append("".join(table).encode("ascii"))
    return b"".join(chunks)
