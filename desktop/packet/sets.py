"""The application as the bureau takes it: the upload set and the print set, laid out by the built-in writer.

``上传/`` holds one PDF per upload item, in the call's order (default: 申报书, each 申请表, 信用承诺书,
测算表, each 项目申请报告, then a page for each attachment the firm scans), named ``NN_名称.pdf``.
``打印/申报材料.pdf`` is one file: 封面 with the 盖章 box, 目录 with page numbers, the 报送说明 when a guide
says how to submit, then the same items, every page after the cover numbered 第 N 页 共 M 页 across the
set (for the 骑缝章).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from desktop.catalog.describe import chinese_count
from desktop.catalog.model import Guide
from desktop.money import format_grouped
from desktop.packet.context import bureau_text, windows_text
from desktop.packet.files import safe_name, title_for_file
from desktop.pdf.layout import CM, Block, Cell, Page, PageFormat, Paragraph, Row, Table, TextStyle, Typesetter
from desktop.pdf.writer import Document, Numbering, PdfWriter

UPLOAD_FOLDER = "上传"
PRINT_FOLDER = "打印"
PRINT_FILE = f"{PRINT_FOLDER}/申报材料.pdf"
PRINT_TITLE = "跨境电商政策资金申报材料"
SCAN_NOTE = "（请扫描后替换本页）"
COPY_NOTE = "（复印件附于本页之后）"
DEFAULT_LIMIT_MB = Decimal(50)  # Chengdu's platform; what most calls allow per file
FOOTER_BAND = 2.0 * CM  # the bottom of a LibreOffice page whitened under the set's page number (its footer)
MEGABYTE = 1_000_000  # the stricter reading of "50 MB": a file under 50 × 10⁶ bytes is under 50 MiB too

# The packet's documents by the word an upload list names them with, in the default order.
APPLICATION, MEASURE_FORM, COMMITMENT, WORKBOOK, REPORT = (
    "申报书",
    "申请表",
    "信用承诺书",
    "测算表",
    "项目申请报告",
)
KINDS = (APPLICATION, MEASURE_FORM, COMMITMENT, WORKBOOK, REPORT)
# Checklist entries the packet itself holds, so no page is left for a scan of them.
OWN_DOCUMENTS = re.compile(r"^(跨境电商政策资金申报书|专项资金申报书|信用承诺书)")
_BRACKETED_TAIL = re.compile(r"[（(][^（）()]*[）)]$")

PAGE = PageFormat(left=2.4 * CM, right=2.4 * CM, top=2.5 * CM, bottom=2.5 * CM)
TITLE = TextStyle(1, 26, True)
HEADING = TextStyle(1, 20, True)
BODY = TextStyle(0, 14)
CELL = TextStyle(0, 12)
COVER = TextStyle(0, 14)
COVER_LINES = 5  # measures listed one a line on the cover; beyond that the first few and the count
SMALL = TextStyle(0, 12)


@dataclass(frozen=True)
class Piece:
    """One document of the packet as the sets use it: its kind, the name the bureau reads, its pages."""

    kind: str
    name: str
    file_stem: str
    pages: list[Page]
    source: str  # the document's own PDF in the packet, which its upload file repeats byte for byte


@dataclass(frozen=True)
class Part:
    """One item of both sets: the name in the 目录, the upload file's stem, its pages and own PDF (None and
    empty for an attachment the firm scans: a placeholder page stands for it)."""

    name: str
    file_stem: str
    pages: list[Page] | None = None
    source: str = ""


@dataclass(frozen=True)
class Upload:
    """One file of the upload set: its path in the packet, the item's name, and the packet PDF it
    repeats (``source``); empty for an attachment the firm scans, whose placeholder page is written."""

    path: str
    name: str
    source: str = ""


def piece(kind: str, source: str, pages: list[Page], title: str = "") -> Piece:
    """Return a packet document as the sets name it: ``申请表：做大做强（跨境电商贸易企业）`` in the 目录,
    ``申请表_做大做强（跨境电商贸易企业）`` as the upload file's stem."""
    if not title:
        return Piece(kind, kind, kind, pages, source)
    shown = title.replace("(", "（").replace(")", "）")
    return Piece(kind, f"{kind}：{shown}", f"{kind}_{title_for_file(title)}", pages, source)


def kind_of(item: str) -> str | None:
    """Return the packet document an upload item names (``专项资金申报书`` → 申报书), None for an attachment."""
    name = _BRACKETED_TAIL.sub("", item.strip())
    for kind in sorted(KINDS, key=len, reverse=True):  # 项目申请报告 before 申报书's neighbours
        if name.endswith(kind):
            return kind
    return None


def plan(pieces: list[Piece], attachments: list[str], upload_items: list[str]) -> list[Part]:
    """Return the items of the sets in order: the call's upload list, its documents expanded to the packet's
    (each 申请表 an item of its own) and its other items as attachments; without a list, the default order.
    项目申请报告 a guide asks for are added when its list does not name them."""
    by_kind: dict[str, list[Piece]] = {kind: [] for kind in KINDS}
    for document in pieces:
        by_kind[document.kind].append(document)
    items = upload_items or [
        *KINDS,
        *(name for name in attachments if not OWN_DOCUMENTS.match(name)),
    ]
    parts: list[Part] = []
    placed: set[str] = set()
    for item in items:
        kind = kind_of(item)
        if kind is None:
            parts.append(Part(f"附件：{item}", f"附件_{safe_name(item)}"))
            continue
        placed.add(kind)
        parts += [_part(document) for document in by_kind[kind]]
    if REPORT not in placed:
        parts += [_part(document) for document in by_kind[REPORT]]
    return parts


def _part(document: Piece) -> Part:
    return Part(document.name, document.file_stem, document.pages, document.source)


@dataclass(frozen=True)
class Cover:
    """What the cover and the 报送说明 say: firm, year, bureau, date, items; the call's delivery lines."""

    firm: str
    credit_code: str
    year: int
    period: str  # 业绩计算期间, empty for the whole year
    bureau: str
    basis: str  # the documents and guide applied under
    measures: list[str]
    contact: str
    day: str
    delivery: list[tuple[str, str]] = field(default_factory=list)  # (heading, text) of the 报送说明


@dataclass(frozen=True)
class Call:
    """What the packet's guide says of the sets: the upload list, the size limit of one file, delivery."""

    upload_items: list[str] = field(default_factory=list)
    limit_mb: Decimal = DEFAULT_LIMIT_MB
    delivery: list[tuple[str, str]] = field(default_factory=list)


def call_of(guides: list[Guide], bureau: str) -> Call:
    """Return what the guides applied say of the upload list, the size limit and the delivery (the
    first guide that says each); without a guide, the default list, 50 MB and no 报送说明."""
    submissions = [guide.submission for guide in guides if guide.submission is not None]
    items = next((s.upload_items for s in submissions if s.upload_items), [])
    limit = next((s.max_upload_mb for s in submissions if s.max_upload_mb is not None), DEFAULT_LIMIT_MB)
    delivery: list[tuple[str, str]] = []
    windows = next((guide.windows for guide in guides if guide.windows), [])
    if windows:
        delivery.append(("申报时间", windows_text(windows)))
    submission = submissions[0] if submissions else None
    if submission is not None:
        if submission.platform:
            address = f"（{submission.platform_address}）" if submission.platform_address else ""
            delivery.append(
                ("网上申报", f"登录{submission.platform}{address}，按上传材料清单逐项上传 PDF 文件")
            )
        if items or submission.max_upload_mb is not None:
            listed = f"{'、'.join(items)}，" if items else ""
            delivery.append(("上传材料", f"{listed}每个文件不超过{format_grouped(limit)}MB"))
        paper = []
        if submission.copies:
            paper.append(f"本申报材料一式{chinese_count(submission.copies)}份")
        if submission.seals:
            paper.append("、".join(submission.seals))
        if paper or submission.deliver_to:
            paper.append(f"报送{submission.deliver_to or bureau}")
            delivery.append(("纸质材料", "，".join(paper)))
        if submission.signatures:
            delivery.append(("签字", "由" + "、".join(submission.signatures) + "在申报书相应位置签字"))
        if submission.hotline:
            delivery.append(("咨询电话", submission.hotline))
        if submission.payout:
            delivery.append(("资金拨付", submission.payout))
    return Call(list(items), limit, [(heading, bureau_text(text)) for heading, text in delivery])


def cover_of(context: dict[str, Any], call: Call) -> Cover:
    """Return the cover's particulars from the packet's template context."""
    firm = context["firm"]
    contact = " ".join(part for part in (firm["contact_person"], firm["contact_phone"]) if part)
    return Cover(
        firm=firm["name"],
        credit_code=firm["credit_code"],
        year=context["year"],
        period=context["period_text"],
        bureau=context["receiving_bureau"],
        basis=context["documents_text"],
        measures=[measure["title"] for measure in context["applied"]],
        contact=contact,
        day=context["date_text"],
        delivery=call.delivery,
    )


@dataclass
class Sets:
    """The two sets: the upload files in order, the print set and its 目录 (name, first page, last page)."""

    upload: list[Upload]
    printed: Document
    contents: list[tuple[str, int, int]]
    # print-set page index → (the office-made PDF, its page) printed there under the set's number
    office_pages: dict[int, tuple[str, int]] = field(default_factory=dict)

    def write_placeholders(self, writer: PdfWriter, day: date) -> dict[str, bytes]:
        """Return the placeholder PDFs of the upload set by their paths in the packet."""
        return {file.path: placeholder_pdf(writer, file.name, day) for file in self.upload if not file.source}


@lru_cache(maxsize=1024)
def placeholder_pdf(writer: PdfWriter, name: str, day: date) -> bytes:
    """Return the upload file that stands for an attachment the firm scans. Each is written alone, its
    fonts cut to the few characters it shows (~9 KB a file, not the ~140 KB of a packet's fonts), so
    it depends only on the name and the date: a batch writes each attachment's page once a process."""
    pages = placeholder_pages(writer.typesetter, name, SCAN_NOTE)
    (data,) = writer.write([Document(pages, name, day)])
    return data


def _centred(text: str, style: TextStyle, before: float = 0, after: float = 0) -> Paragraph:
    return Paragraph(text, style, align="center", space_before=before, space_after=after, keep_together=True)


def placeholder_pages(typesetter: Typesetter, name: str, note: str) -> list[Page]:
    """Return the page that stands for an attachment: its name and what to do with it."""
    return list(_placeholder_pages(typesetter, name, note))


@lru_cache(maxsize=1024)
def _placeholder_pages(typesetter: Typesetter, name: str, note: str) -> tuple[Page, ...]:
    # laid out once a process: a batch's firms share the catalog's attachments (pages are not changed
    # once laid out; a print set only lists them)
    blocks: list[Block] = [
        _centred(name, HEADING, before=8 * CM, after=18),
        _centred(note, BODY),
    ]
    return tuple(typesetter.layout(blocks, PAGE))


def _measures_line(measures: list[str]) -> str:
    """Return the cover's 申报事项: one a line, or the first few and the count when more would not fit."""
    if len(measures) <= COVER_LINES:
        return "\n".join(measures) or "无"
    return "、".join(measures[: COVER_LINES - 1]) + f"等{len(measures)}项（详见目录）"


def cover_pages(typesetter: Typesetter, cover: Cover) -> list[Page]:
    """Return the cover: title, the firm's particulars, the receiving bureau, the date and the 盖章 box.
    The cover takes no page number."""
    year = f"{cover.year}年度"
    rows = [
        ("申报单位", cover.firm),
        ("统一社会信用代码", cover.credit_code),
        ("申报事项", _measures_line(cover.measures)),
        ("业绩年度", year),
        *([("业绩计算期间", cover.period)] if cover.period else []),
        ("受理单位", cover.bureau),
        ("联系人及电话", cover.contact),
        ("申报日期", cover.day),
    ]
    label_width, value_width = 5.0 * CM, 10.6 * CM
    particulars = Table(
        [label_width, value_width],
        [
            Row(
                [
                    Cell([Paragraph(f"{label}：", COVER, align="right", space_after=8)]),
                    Cell([Paragraph(line, COVER, space_after=8) for line in value.split("\n")]),
                ]
            )
            for label, value in rows
        ],
        borders=False,
    )
    seal = Table(
        [6.5 * CM],
        [
            Row(
                [
                    Cell(
                        [
                            Paragraph("申报单位（盖章）", CELL, align="center", space_before=6),
                            Paragraph("", CELL, space_after=3.2 * CM),
                            Paragraph(cover.day, CELL, align="center", space_after=6),
                        ]
                    )
                ]
            )
        ],
    )
    blocks: list[Block] = [
        _centred(PRINT_TITLE, TITLE, before=2.5 * CM, after=10),
        _centred(year, BODY, after=6),
    ]
    if cover.basis:
        blocks.append(Paragraph(f"申报依据：{cover.basis}", SMALL, align="center", space_after=1.2 * CM))
    blocks += [particulars, Paragraph("", SMALL, space_after=1.0 * CM), seal]
    pages = typesetter.layout(blocks, PAGE)
    for page in pages:
        page.numbered = False
    return pages


def _contents_blocks(entries: list[tuple[str, int, int]]) -> list[Block]:
    header = Row(
        [Cell([Paragraph(text, CELL, align="center")]) for text in ("序号", "材料名称", "页码")], header=True
    )
    rows = [header]
    for number, (name, first, last) in enumerate(entries, start=1):
        pages = str(first) if first == last else f"{first}—{last}"
        rows.append(
            Row(
                [
                    Cell([Paragraph(str(number), CELL, align="center")]),
                    Cell([Paragraph(name, CELL)]),
                    Cell([Paragraph(pages, CELL, align="center")]),
                ]
            )
        )
    return [
        _centred("目　录", HEADING, after=18),
        Table([1.6 * CM, 11.2 * CM, 3.2 * CM], rows, padding_y=4),
    ]


def delivery_pages(typesetter: Typesetter, cover: Cover) -> list[Page]:
    """Return the 报送说明: how this call takes the application (empty when no guide says)."""
    if not cover.delivery:
        return []
    blocks: list[Block] = [_centred("报送说明", HEADING, after=18)]
    for number, (heading, text) in enumerate(cover.delivery, start=1):
        blocks.append(
            Paragraph(f"{number}. {heading}：{text}", BODY, align="justify", space_after=8, line_spacing=1.2)
        )
    return typesetter.layout(blocks, PAGE)


def build_sets(typesetter: Typesetter, parts: list[Part], cover: Cover, day: date) -> Sets:
    """Return the upload files and the print set of ``parts``.

    The print set's numbers start at the 目录 (the cover takes none); the 目录 is laid out again until
    its own length is stable, so the page numbers it gives are those printed on the pages.
    """
    upload: list[Upload] = []
    printed_parts: list[tuple[str, list[Page]]] = []
    width = max(2, len(str(len(parts))))
    for number, part in enumerate(parts, start=1):
        file_name = f"{UPLOAD_FOLDER}/{number:0{width}d}_{part.file_stem}.pdf"
        if part.pages is None:
            upload.append(Upload(file_name, part.name))
            printed_parts.append((part.name, placeholder_pages(typesetter, part.name, COPY_NOTE)))
        else:
            upload.append(Upload(file_name, part.name, source=part.source))
            printed_parts.append((part.name, part.pages))
    front = cover_pages(typesetter, cover)
    delivery = delivery_pages(typesetter, cover)
    body = ([("报送说明", delivery)] if delivery else []) + printed_parts
    contents_pages: list[Page] = []
    entries: list[tuple[str, int, int]] = []
    while True:
        first = max(len(contents_pages), 1) + 1
        entries = []
        for name, pages in body:
            entries.append((name, first, first + len(pages) - 1))
            first += len(pages)
        laid = typesetter.layout(_contents_blocks(entries), PAGE)
        if len(laid) == max(len(contents_pages), 1):
            contents_pages = laid
            break
        contents_pages = laid  # a longer 目录 moves every number on; the numbers only grow, so this ends
    pages = [*front, *contents_pages, *(page for _, part_pages in body for page in part_pages)]
    printed = Document(pages, f"{cover.firm} {PRINT_TITLE}", day, Numbering(first=1))
    return Sets(upload, printed, entries)


def oversized(files: list[tuple[str, bytes]], limit_mb: Decimal) -> list[str]:
    """Return a message for each upload file larger than the call's limit of one file."""
    limit = int(limit_mb * MEGABYTE)
    return [
        f"{name} 有 {format_grouped(Decimal(len(data)) / MEGABYTE, 1)}MB，超过申报平台每个文件"
        f"{format_grouped(limit_mb)}MB 的限制；请压缩或拆分后再上传"
        for name, data in files
        if name.startswith(f"{UPLOAD_FOLDER}/") and len(data) > limit
    ]


@dataclass(frozen=True)
class Item:
    """A packet document the sets hold: its kind, its own PDF in the packet, the measure's title, and its
    laid-out pages (None when LibreOffice makes the PDF from a custom form: known once converted)."""

    kind: str
    source: str
    title: str
    pages: list[Page] | None


@dataclass
class SetsPlan:
    """Everything the sets of one packet are laid out from."""

    items: list[Item]
    attachments: list[str]
    call: Call
    cover: Cover
    day: date

    @property
    def from_office(self) -> list[str]:
        """Return the PDFs of the sets' documents that LibreOffice makes (from custom forms)."""
        return [item.source for item in self.items if item.pages is None]


def lay_out(typesetter: Typesetter, plan_: SetsPlan, office: dict[str, bytes] | None = None) -> Sets:
    """Return the sets of a packet. A document made by LibreOffice (``office``: its PDF's bytes) takes
    empty pages of its own sizes here, which carry the set's page numbers; merge_office_pages puts its
    pages under them."""
    marks: dict[int, tuple[str, int]] = {}
    pieces = []
    for item in plan_.items:
        pages = item.pages
        if pages is None:
            pages = [Page(width, height) for width, height in office_page_sizes((office or {})[item.source])]
            marks.update({id(page): (item.source, number) for number, page in enumerate(pages)})
        pieces.append(piece(item.kind, item.source, pages, item.title))
    parts = plan(pieces, plan_.attachments, plan_.call.upload_items)
    made = build_sets(typesetter, parts, plan_.cover, plan_.day)
    made.office_pages = {
        index: marks[id(page)] for index, page in enumerate(made.printed.pages) if id(page) in marks
    }
    return made


def office_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Return the width and height of each page of a PDF LibreOffice made, in points."""
    from pypdf import PdfReader

    return [(page.mediabox.width, page.mediabox.height) for page in PdfReader(io.BytesIO(data)).pages]


def merge_office_pages(
    printed: bytes, office_pages: dict[int, tuple[str, int]], office: dict[str, bytes]
) -> bytes:
    """Return the print set with each LibreOffice page put under the empty page that holds its place:
    the set's 第 N 页 共 M 页 printed over a white band that hides the form's own page number."""
    if not office_pages:
        return printed
    from pypdf import PdfReader, PdfWriter

    readers = {source: PdfReader(io.BytesIO(data)) for source, data in office.items()}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(printed)))
    for index, (source, number) in sorted(office_pages.items()):
        page = writer.pages[index]
        contents = page.get_contents()
        if contents is None:  # an empty page without a number: nothing of the set's to print over it
            page.merge_page(readers[source].pages[number])
            continue
        band = f"q 1 g 0 0 {page.mediabox.width:.2f} {FOOTER_BAND:.2f} re f Q\n".encode("ascii")
        contents.set_data(band + contents.get_data())
        page.replace_contents(contents)
        page.merge_page(readers[source].pages[number], over=False)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
