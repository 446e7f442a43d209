"""Laid-out pages as PDF bytes (pydyf): fonts embedded as subsets, 第 N 页 共 M 页 footers, no clock.

The same pages, fonts and date give the same bytes. Several documents written together (a packet)
share one subset per font holding the glyphs of all of them, so HarfBuzz subsets each font once.
Page numbers may run on across documents: ``Numbering(first=…, total=…)``.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pydyf

from desktop.pdf.fonts import FontSet, Subset, subset
from desktop.pdf.layout import BOLD_STROKE, GlyphRun, Page, Paragraph, Placed, Rule, TextStyle, Typesetter

PRODUCER = "CBEC Grant Desk"
FOOTER = "第{page}页　共{total}页"
FOOTER_SIZE = 10
FOOTER_DISTANCE = 1.25 * 72 / 2.54  # from the paper's bottom edge to the footer's baseline area, as Word's
COMPRESSION = 6


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


def _text_string(text: str) -> pydyf.String:
    return pydyf.String(text)


def _pdf_date(day: date) -> pydyf.String:
    return pydyf.String(f"D:{day.year:04d}{day.month:02d}{day.day:02d}000000Z")


def _stream(data: bytes, extra: dict[str, object] | None = None) -> pydyf.Stream:
    """Return a stream compressed once here (pydyf would compress again on every read of its data)."""
    compressed = zlib.compress(data, COMPRESSION)
    return pydyf.Stream([compressed], {**(extra or {}), "Filter": "/FlateDecode"})


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

    def _with_footers(self, document: Document) -> list[list[Placed]]:
        numbered = [page for page in document.pages if page.numbered]
        total = document.numbering.total or document.numbering.first + len(numbered) - 1
        result = []
        number = document.numbering.first
        for page in document.pages:
            ops = list(page.ops)
            if page.numbered:
                ops += self.footer_runs(page, FOOTER.format(page=number, total=total))
                number += 1
            result.append(ops)
        return result

    def _embed(self, pages: list[list[Placed]]) -> dict[int, _EmbeddedFont]:
        used: dict[int, dict[int, str]] = {}
        for ops in pages:
            for _, _, op in ops:
                if isinstance(op, GlyphRun):
                    used.setdefault(op.font, {}).update(zip(op.glyphs, op.text, strict=True))
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
        """Return each document as PDF bytes; fonts are subset once for all of them."""
        laid = [self._with_footers(document) for document in documents]
        embedded = self._embed([ops for pages in laid for ops in pages])
        return [self._pdf(document, pages, embedded) for document, pages in zip(documents, laid, strict=True)]

    def _font_objects(self, pdf: pydyf.PDF, number: int, item: _EmbeddedFont) -> pydyf.Dictionary:
        font = self.fonts.fonts[number]
        base = f"{item.subset.tag}+{font.postscript_name}"
        scale = 1000 / font.upem
        descriptor = pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": pydyf.name(base).decode("ascii"),
                "Flags": 4,
                "FontBBox": pydyf.Array(
                    [-1000, round(font.descender * scale), 2000, round(font.ascender * scale)]
                ),
                "ItalicAngle": 0,
                "Ascent": round(font.ascender * scale),
                "Descent": round(font.descender * scale),
                "CapHeight": round(font.ascender * scale),
                "StemV": 80,
            }
        )
        program = pydyf.Stream([item.program], {"Filter": "/FlateDecode"})
        if font.cff:
            program.extra["Subtype"] = "/CIDFontType0C"
        else:
            program.extra["Length1"] = len(item.subset.program)
        pdf.add_object(program)
        descriptor["FontFile3" if font.cff else "FontFile2"] = program.reference
        pdf.add_object(descriptor)
        cid_font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType0" if font.cff else "/CIDFontType2",
                "BaseFont": pydyf.name(base).decode("ascii"),
                "CIDSystemInfo": pydyf.Dictionary(
                    {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
                ),
                "FontDescriptor": descriptor.reference,
                "W": item.widths,
            }
        )
        if not font.cff:
            cid_font["CIDToGIDMap"] = "/Identity"
        pdf.add_object(cid_font)
        to_unicode = pydyf.Stream([item.to_unicode], {"Filter": "/FlateDecode"})
        pdf.add_object(to_unicode)
        type0 = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": pydyf.name(base).decode("ascii"),
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([cid_font.reference]),
                "ToUnicode": to_unicode.reference,
            }
        )
        pdf.add_object(type0)
        return type0

    def _content(self, ops: list[Placed], height: float, embedded: dict[int, _EmbeddedFont]) -> bytes:
        out: list[str] = []
        rules = [(dx, dy, op) for dx, dy, op in ops if isinstance(op, Rule)]
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
        state: tuple[int, float] | None = None
        spacing = 0.0
        stroke = 0.0
        for dx, dy, op in ops:
            if not isinstance(op, GlyphRun):
                continue
            if (op.font, op.size) != state:
                state = (op.font, op.size)
                out.append(f"/F{op.font} {_number(op.size)} Tf")
            # bold where the face is not: the outlines stroked too, as Word emboldens 仿宋 and 黑体
            wanted = op.size * BOLD_STROKE if op.bold and not self.fonts.fonts[op.font].bold else 0.0
            if wanted != stroke:
                stroke = wanted
                out.append(f"2 Tr {_number(stroke)} w" if stroke else "0 Tr")
            if op.spacing != spacing:
                spacing = op.spacing
                out.append(f"{spacing:.3f} Tc")
            out.append(
                f"1 0 0 1 {dx + op.x:.2f} {height - dy - op.baseline:.2f} Tm {embedded[op.font].hex(op.glyphs)} Tj"
            )
        out.append("ET")
        return "\n".join(out).encode("ascii")

    def _pdf(
        self, document: Document, pages: list[list[Placed]], embedded: dict[int, _EmbeddedFont]
    ) -> bytes:
        pdf = pydyf.PDF()
        used = sorted({op.font for ops in pages for _, _, op in ops if isinstance(op, GlyphRun)})
        fonts = pydyf.Dictionary(
            {f"F{number}": self._font_objects(pdf, number, embedded[number]).reference for number in used}
        )
        resources = pydyf.Dictionary({"Font": fonts})
        pdf.add_object(resources)
        for page, ops in zip(document.pages, pages, strict=True):
            content = _stream(self._content(ops, page.height, embedded))
            pdf.add_object(content)
            pdf.add_page(
                pydyf.Dictionary(
                    {
                        "Type": "/Page",
                        "Parent": pdf.pages.reference,
                        "MediaBox": pydyf.Array([0, 0, _number(page.width), _number(page.height)]),
                        "Contents": content.reference,
                        "Resources": resources.reference,
                    }
                )
            )
        pdf.info["Title"] = _text_string(document.title)
        pdf.info["Producer"] = _text_string(PRODUCER)
        pdf.info["CreationDate"] = _pdf_date(document.day)
        pdf.info["ModDate"] = _pdf_date(document.day)
        output = io.BytesIO()
        pdf.write(output, version=b"1.7", identifier=False, compress=False)
        return output.getvalue()
