"""打印: the packet's PDFs (what the bureau gets) on a printer chosen in Qt's print dialog.

Qt cannot draw a PDF itself (QtPdf is not part of PySide6-Essentials), so each page is rasterised by
pdfium at the printer's resolution (at most PRINT_DPI) and drawn at its own size on the paper (an A4
form on A4 paper is printed 1:1, as the PDF is; on smaller paper it is shrunk to fit, never cut).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import OutputError, Problem
from desktop.packet.pdf import convert_to_pdf, convertible, find_soffice, pdf_name

PRINT_DPI = 300  # enough for 仿宋 at 10.5 pt; a 1200 dpi printer would need 140 MB a page
NOT_PRINTED = ("00_",)  # the internal checklist is the firm's, not the bureau's
Progress = Callable[[int, int], None]


def print_set(files: list[str]) -> list[str]:
    """Return the documents of a packet a bureau gets on paper, in packet order: the Word forms and the
    workbook, without the internal checklist, the manifest and the PDFs made of them."""
    return [name for name in convertible(files) if not name.startswith(NOT_PRINTED)]


@contextmanager
def pdfs_of(folder: Path, names: list[str]) -> Iterator[list[Path]]:
    """Yield the PDF of each document: the one written with the packet, else one made now for printing
    (into a temporary folder, removed afterwards). Raises OutputError when none can be made."""
    pdfs = [folder / pdf_name(name) for name in names]
    missing = [name for name, pdf in zip(names, pdfs, strict=True) if not pdf.is_file()]
    if not missing:
        yield pdfs
        return
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(
            str(folder),
            [Problem("", "没有这些材料的 PDF，无法打印：请勾选“同时生成 PDF”后重新生成材料")],
        )
    temporary = Path(tempfile.mkdtemp(prefix="grant-desk-print-"))
    try:
        for name in missing:
            shutil.copy2(folder / name, temporary / name)
        made = dict(zip(missing, convert_to_pdf(temporary, missing, soffice), strict=True))
        yield [temporary / made[name] if name in made else pdf for name, pdf in zip(names, pdfs, strict=True)]
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
