"""打印: the packet's print set, or one form of it, through Qt's print dialog (here to a PDF printer)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from desktop.gui import printing
from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir
from tests.packet.conftest import requires_soffice


def _packet(window: MainWindow, qtbot, out: Path, pdf: bool) -> Path:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    page.folder.setText(str(out))
    page.pdf.setChecked(pdf)
    page.start()
    qtbot.waitUntil(lambda: page.job is None, timeout=180000)
    assert page.last_folder is not None, page.message.text()
    return page.last_folder


def _pages(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_set_leaves_out_the_firms_own_papers() -> None:
    files = [
        "00_内部核对单（不提交）.docx",
        "01_申报书.docx",
        "01_申报书.pdf",
        "04_测算表.xlsx",
        "07_绩效自评表（资金拨付后填写）.docx",
        "manifest.json",
    ]
    assert printing.print_set(files) == ["01_申报书.docx", "04_测算表.xlsx"]


def test_print_the_packet_or_one_form(window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(printing, "find_soffice", lambda: None)  # the packet's own PDFs: no office needed
    folder = _packet(window, qtbot, tmp_path / "out", pdf=True)
    page = window.generate_page
    names = printing.print_set(page.packet_files)
    assert page.print_choice.count() == len(names) + 1 and page.print_choice.isVisibleTo(page)
    expected = sum(_pages(folder / (name.rsplit(".", 1)[0] + ".pdf")) for name in names)
    page.printer = _pdf_printer(tmp_path / "all.pdf")
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    window.print_action.trigger()  # 文件 → 打印 goes to step 5 and prints the choice there
    assert window.workspace.steps.currentRow() == 4
    assert _pages(tmp_path / "all.pdf") == expected
    assert f"{expected} 页" in page.message.text()

    page.print_choice.setCurrentIndex(1 + names.index("01_申报书.docx"))
    page.printer.setOutputFileName(str(tmp_path / "one.pdf"))
    page.print_packet()
    assert _pages(tmp_path / "one.pdf") == _pages(folder / "01_申报书.pdf")

    def pages_two_to_three(dialog: QPrintDialog) -> QPrintDialog.DialogCode:
        dialog.printer().setPrintRange(QPrinter.PrintRange.PageRange)
        dialog.printer().setFromTo(2, 3)
        return QPrintDialog.DialogCode.Accepted

    page.print_choice.setCurrentIndex(0)
    page.printer.setOutputFileName(str(tmp_path / "range.pdf"))
    monkeypatch.setattr(QPrintDialog, "exec", pages_two_to_three)
    page.print_packet()
    assert _pages(tmp_path / "range.pdf") == 2


def test_a_packet_without_pdfs_prints_through_the_built_in_writer(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Printing never needs LibreOffice for the default forms: the PDFs are made as packet --pdf would."""
    monkeypatch.setattr(printing, "find_soffice", lambda: None)
    with_pdfs = _packet(window, qtbot, tmp_path / "with", pdf=True)
    names = printing.print_set(window.generate_page.packet_files)
    expected = sum(_pages(with_pdfs / (name.rsplit(".", 1)[0] + ".pdf")) for name in names)
    folder = _packet(window, qtbot, tmp_path / "out", pdf=False)
    assert not list(folder.glob("*.pdf"))
    page = window.generate_page
    page.printer = _pdf_printer(tmp_path / "printed.pdf")
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    page.print_packet()
    assert f"{expected} 页" in page.message.text(), page.message.text()
    assert _pages(tmp_path / "printed.pdf") == expected
    assert not list(folder.glob("*.pdf"))  # printing adds nothing to the packet


def test_a_form_changed_outside_the_program_needs_libreoffice_and_says_which(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    folder = _packet(window, qtbot, tmp_path / "out", pdf=False)
    monkeypatch.setattr(printing, "find_soffice", lambda: None)
    edited = folder / "03_信用承诺书.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")  # saved again by the clerk's word processor
    made: list[str] = []
    page = window.generate_page
    assert page.written is not None
    make = page.written.make
    page.written = printing.WrittenPdfs(page.written.manifest, lambda: made.append("built-in") or make())
    page.print_packet()
    text = page.message.text()
    assert "03_信用承诺书.docx 已在本程序之外修改过" in text and "请安装 LibreOffice" in text
    assert "01_申报书" not in text and made == ["built-in"]  # the others were made without LibreOffice


def test_another_firms_packet_in_the_folder_is_not_printed_as_ours(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    folder = _packet(window, qtbot, tmp_path / "out", pdf=False)
    monkeypatch.setattr(printing, "find_soffice", lambda: None)
    manifest = folder / "manifest.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('"input_sha256": "', '"input_sha256": "0'),
        encoding="utf-8",
    )
    window.generate_page.print_packet()
    assert "01_申报书.docx、" in window.generate_page.message.text()


def test_print_before_the_packet_is_written_says_what_to_do(window: MainWindow) -> None:
    window.print_action.trigger()
    assert window.generate_page.message.text() == "请先生成申报材料，再打印。"
    assert not window.generate_page.print_choice.isVisibleTo(window.generate_page)


@requires_soffice
def test_a_form_changed_outside_the_program_is_printed_as_changed(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    import docx

    folder = _packet(window, qtbot, tmp_path / "out", pdf=False)
    edited = folder / "03_信用承诺书.docx"
    document = docx.Document(str(edited))
    document.add_paragraph("本企业另行补充说明")
    document.save(str(edited))
    with printing.pdfs_of(folder, ["01_申报书.docx", edited.name], window.generate_page.written) as pdfs:
        pages = pdfium.PdfDocument(str(pdfs[1]))
        text = "".join(page.get_textpage().get_text_range() for page in pages)
        pages.close()
        assert "本企业另行补充说明" in text.replace("\r", "").replace("\n", "")
        assert all(pdf.parent != folder for pdf in pdfs)
