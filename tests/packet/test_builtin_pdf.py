"""The built-in PDFs hold their Word form's text, keep what a signature signs for on its page, number
their pages, embed font subsets and come out byte-identical; the 测算表's PDF prints its figures."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.cli import main
from desktop.engine import evaluate_firm
from desktop.packet.writer import write_packet
from desktop.paths import samples_dir
from tests.conftest import make_firm
from tests.packet.conftest import DAY, SAMPLES, write_sample
from tests.packet.sheet_reading import pdf_pages as word_pages
from tests.packet.sheet_reading import stretched_gaps

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTER = re.compile(r"第(\d+)页共(\d+)页")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(path: Path) -> list[str]:
    """Return the text of each page, in the order it was written (pdftotext -raw)."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return text.split("\f")[:-1]


def word_text(path: Path) -> tuple[str, list[str]]:
    """Return a Word file's body text in reading order, and the text of each table header row."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{WORD}body")
    headers = [
        squeeze("".join(row.itertext()))
        for row in body.iter(f"{WORD}tr")
        if row.find(f"{WORD}trPr/{WORD}tblHeader") is not None
    ]
    return squeeze("".join(t.text or "" for t in body.iter(f"{WORD}t"))), headers


def without_footers(pages: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Return the pages' text without their footers, and each footer's (page, of pages)."""
    footers = []
    texts = []
    for page in pages:
        text = squeeze(page)
        found = FOOTER.findall(text)
        assert found, f"a page without 第 N 页 共 M 页: {text[:60]}"
        footers.append((int(found[-1][0]), int(found[-1][1])))
        texts.append(text[: text.rfind("第")])
    return "".join(texts), footers


def without_repeated(text: str, expected: str, headers: list[str]) -> str:
    """Return the PDF text without the table headers repeated on later pages."""
    for header in set(headers):
        extra = text.count(header) - expected.count(header)
        for _ in range(max(0, extra)):
            first = text.find(header)
            second = text.find(header, first + len(header))
            text = text[:second] + text[second + len(header) :]
    return text


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> list[Path]:
    """Return the packet folders of every sample, with PDFs."""
    out = tmp_path_factory.mktemp("pdf")
    return [write_sample(name, out / name, catalog, pdf=True)[2].folder for name in SAMPLES]


def test_every_word_form_and_its_pdf_hold_the_same_text(written: list[Path]) -> None:
    checked = 0
    for folder in written:
        for docx in sorted(folder.glob("*.docx")):
            expected, headers = word_text(docx)
            text, footers = without_footers(pdf_pages(docx.with_suffix(".pdf")))
            assert without_repeated(text, expected, headers) == expected, docx.name
            assert footers == [(n, len(footers)) for n in range(1, len(footers) + 1)], docx.name
            checked += 1
    assert checked >= 40


def _cell_text(value: object, number_format: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number_format == "General":
            return format(number.normalize(), "f")
        if number_format.endswith("%"):
            return f"{number * 100:.2f}%"
        if "." in number_format:
            text = f"{number:,f}"
            return text.rstrip("0").rstrip(".") if "." in text else text
        return f"{number:,.0f}"
    return "" if value is None else str(value)


def test_the_workbook_pdf_prints_every_filled_cell_of_both_sheets(written: list[Path]) -> None:
    for folder in written:
        workbook = load_workbook(folder / "04_测算表.xlsx")  # the formulas' stored results
        values = load_workbook(folder / "04_测算表.xlsx", data_only=True)
        expected = ""
        for sheet in workbook.worksheets:
            stored = values[sheet.title]
            for row in sheet.iter_rows():
                expected += "".join(
                    _cell_text(stored[cell.coordinate].value, cell.number_format) for cell in row
                )
        text, footers = without_footers(pdf_pages(folder / "04_测算表.pdf"))
        headers = [
            squeeze("".join(str(c.value or "") for c in sheet[4])) for sheet in workbook.worksheets[:1]
        ]
        headers.append(squeeze("".join(str(c.value or "") for c in workbook.worksheets[1][2])))
        text = without_repeated(text, squeeze(expected), headers).replace("无", "")
        assert text == squeeze(expected).replace("无", ""), folder.name
        assert len(footers) >= 2


def _page_with(pages: list[str], needle: str) -> str:
    found = [page for page in (squeeze(p) for p in pages) if needle in page]
    assert len(found) == 1, needle
    return found[0]


def test_signatures_stay_whole_and_with_what_they_sign(written: list[Path]) -> None:
    checked = 0
    for folder in written:
        for pdf in sorted(folder.glob("0[123]_*.pdf")):
            page = _page_with(pdf_pages(pdf), "法定代表人（签字）")
            assert "（盖章）" in page and re.search(r"\d{4}年\d+月\d+日$", page[: page.rfind("第")]), pdf.name
            if pdf.name.startswith("01_"):
                assert "合计（确定金额）" in page and "三、申报声明" in page, pdf.name
            elif pdf.name.startswith("02_"):
                assert "四、需提交的材料" in page and "1．" in page and "申报金额：" in page, pdf.name
            else:
                assert stretched_gaps(word_pages(pdf)) == [], pdf.name
            checked += 1
    assert checked >= 15


def test_pdfs_are_byte_identical_and_listed_with_their_hashes(tmp_path: Path) -> None:
    sample = str(samples_dir() / "chengdu-trader.json")
    for out in ("a", "b"):
        assert main(["packet", sample, "--out", str(tmp_path / out), "--date", "2026-03-01", "--pdf"]) == 0
    first, second = (next((tmp_path / out).iterdir()) for out in ("a", "b"))
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))["files"]
    pdfs = sorted(p.name for p in first.glob("*.pdf"))
    assert len(pdfs) == 9 and all(name in manifest for name in pdfs)
    for name in pdfs:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()


def test_fonts_are_embedded_as_subsets(written: list[Path]) -> None:
    listing = subprocess.run(
        ["pdffonts", str(written[0] / "01_申报书.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        name, *rest = line.split()
        assert re.fullmatch(r"[A-Z]{6}\+\S+", name), line
        assert rest[-5:-3] == ["yes", "yes"], line  # embedded, subset


def test_what_a_firm_types_is_printed_as_typed(tmp_path: Path, catalog: Catalog) -> None:
    name = "测试<&>“{{ firm.name }}”堃喆㙟跨境科技有限公司"  # markup, a tag, characters outside GB 2312
    firm = make_firm(
        catalog,
        facts={"cbec_transaction": "3.2亿", "cbec_transaction_prior": "2.5亿"},
    )
    firm = firm.model_copy(update={"firm": firm.firm.model_copy(update={"name": name})})
    packet = write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64, pdf=True)
    text = squeeze("".join(pdf_pages(packet.folder / "03_信用承诺书.pdf")))
    assert squeeze(name) in text
