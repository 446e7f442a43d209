"""打印: the packet's PDFs (what the bureau gets) on a printer chosen in Qt's print dialog.

Qt cannot draw a PDF itself (QtPdf is not part of PySide6-Essentials), so each page is rasterised by
pdfium at the printer's resolution (at most PRINT_DPI) and drawn at its own size on the paper (an A4
form on A4 paper is printed 1:1, as the PDF is; on smaller paper it is shrunk to fit, never cut).
A packet written without PDFs is printed through the built-in PDF writer (desktop/packet/pdfs.py), as
``packet --pdf`` would have written it; LibreOffice only for documents changed outside the program or
made from custom forms.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import GrantDeskError, OutputError, Problem
from desktop.jsontext import read_json_text
from desktop.packet.context import ASSESSMENT_FILE
from desktop.packet.keep import MANIFEST, user_files
from desktop.packet.pdf import convert_to_pdf, convertible, find_soffice, pdf_name

PRINT_DPI = 300  # enough for 仿宋 at 10.5 pt; a 1200 dpi printer would need 140 MB a page
NOT_PRINTED = ("00_",)  # the internal checklist is the firm's, not the bureau's
Progress = Callable[[int, int], None]


def print_set(files: list[str]) -> list[str]:
    """Return the documents of a packet a bureau gets on paper, in packet order: the Word forms and the
    workbook, without the internal checklist, the 绩效自评表 (filled after payment), the manifest and the PDFs
    made of them."""
    after_payment = Path(ASSESSMENT_FILE).stem  # the 绩效自评表 is filled once the money is paid
    return [
        name
        for name in convertible(files)
        if not name.startswith(NOT_PRINTED) and Path(name).stem != after_payment
    ]


@dataclass(frozen=True)
class WrittenPdfs:
    """How to print a packet's documents as the program wrote them, when it was written without PDFs: the
    built-in writer renders them again from the same firm, catalog and date (no office program needed).

    ``manifest`` holds what the folder's manifest.json must say (the firm file's hash, the catalog's
    version) for that to print the same documents; ``make`` returns PDF file name → bytes.
    """

    manifest: dict[str, str]
    make: Callable[[], dict[str, bytes]]


def _as_written(folder: Path, names: list[str], expected: dict[str, str]) -> list[str]:
    """Return the names among ``names`` the folder still holds exactly as written for ``expected``."""
    try:
        manifest = json.loads(read_json_text(folder / MANIFEST))
    except (GrantDeskError, ValueError):
        return []
    if not isinstance(manifest, dict) or any(manifest.get(key) != value for key, value in expected.items()):
        return []  # another firm's packet, or one written from another catalog, now in this folder
    changed = set(user_files(folder))  # edited in Word, say: only the file itself shows that
    return [name for name in names if name not in changed]


@contextmanager
def pdfs_of(folder: Path, names: list[str], written: WrittenPdfs | None = None) -> Iterator[list[Path]]:
    """Yield the PDF of each document: the one written with the packet, else one made now for printing
    (into a temporary folder, removed afterwards) by the built-in writer for a document as the program
    wrote it, or by LibreOffice for one changed since or made from a custom form. Raises OutputError
    naming the documents when they cannot be made."""
    pdfs = [folder / pdf_name(name) for name in names]
    missing = [name for name, pdf in zip(names, pdfs, strict=True) if not pdf.is_file()]
    if not missing:
        yield pdfs
        return
    temporary = Path(tempfile.mkdtemp(prefix="grant-desk-print-"))
    try:
        made: dict[str, Path] = {}
        as_written = _as_written(folder, missing, written.manifest) if written else []
        if as_written and written is not None:
            rendered = written.make()
            for name in as_written:
                data = rendered.get(pdf_name(name))  # none for a custom form
                if data is not None:
                    made[name] = temporary / pdf_name(name)
                    made[name].write_bytes(data)
        others = [name for name in missing if name not in made]
        if others:
            soffice = find_soffice()
            if soffice is None:
                raise OutputError(
                    str(folder),
                    [
                        Problem(
                            "",
                            f"{'、'.join(others)} 已在本程序之外修改过或来自自定义表单，只能由 LibreOffice "
                            "转为 PDF 后打印：请安装 LibreOffice，或重新生成材料后再打印",
                        )
                    ],
                )
            for name in others:
                shutil.copy2(folder / name, temporary / name)
            converted = convert_to_pdf(temporary, others, soffice)
            made.update((name, temporary / pdf) for name, pdf in zip(others, converted, strict=True))
        yield [made.get(name, pdf) for name, pdf in zip(names, pdfs, strict=True)]
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def page_count(pdfs: list[Path]) -> int:
    """Return the number of pages of all the PDFs together."""
    import pypdfium2 as pdfium

    total = 0
    for path in pdfs:
        document = pdfium.PdfDocument(str(path))
        total += len(document)
        document.close()
    return total


def print_pdfs(printer: QPrinter, pdfs: list[Path], progress: Progress | None = None) -> int:
    """Print the PDFs one page after another (the dialog's page range counts over all of them);
    return the number of pages printed."""
    import pypdfium2 as pdfium

    total = page_count(pdfs)
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first <= 0:
        first, last = 1, total
    last = min(last or total, total)
    dpi = min(printer.resolution(), PRINT_DPI)
    printer.setFullPage(True)  # the form's own margins place it, as in the PDF
    painter = QPainter()
    if not painter.begin(printer):
        raise OutputError(
            printer.printerName() or printer.outputFileName(), [Problem("", "打印机无法开始打印")]
        )
    printed, number = 0, 0
    try:
        for path in pdfs:
            document = pdfium.PdfDocument(str(path))
            try:
                for page in document:
                    number += 1
                    if first <= number <= last:
                        if printed:
                            printer.newPage()
                        _draw(painter, printer, page, dpi)
                        printed += 1
                        if progress:
                            progress(printed, last - first + 1)
                    page.close()
            finally:
                document.close()
    finally:
        painter.end()
    return printed


def _draw(painter: QPainter, printer: QPrinter, page: object, dpi: int) -> None:
    width_pt, height_pt = page.get_size()  # type: ignore[attr-defined]
    bitmap = page.render(scale=dpi / 72, prefer_bgrx=True)  # type: ignore[attr-defined]
    image = QImage(
        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
    ).copy()
    bitmap.close()
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    target = QRectF(0, 0, paper.width(), paper.height())
    natural = printer.resolution() / 72  # device pixels per PDF point
    scale = min(natural, target.width() / width_pt, target.height() / height_pt)
    drawn = QRectF(0, 0, width_pt * scale, height_pt * scale)
    drawn.moveCenter(target.center())
    painter.drawImage(drawn, image)


def self_test() -> str:
    """Return a line saying printing works: a page drawn by pdfium onto a Qt print device (a PDF file);
    raises OutputError when it does not."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    sink = BytesIO()
    document.save(sink)
    document.close()
    path = Path(tempfile.mkdtemp(prefix="grant-desk-print-test-"))
    try:
        (path / "blank.pdf").write_bytes(sink.getvalue())
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path / "printed.pdf"))
        pages = print_pdfs(printer, [path / "blank.pdf"])
        made = (path / "printed.pdf").read_bytes()[:5] == b"%PDF-"
    finally:
        shutil.rmtree(path, ignore_errors=True)
    if not made or pages != 1:
        raise OutputError("--self-test", [Problem("", "打印自检失败：未能把一页 PDF 画到打印设备上")])
    return f"printing ok (pdfium {pdfium.PDFIUM_INFO.build})"
