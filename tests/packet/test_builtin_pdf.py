"""The built-in PDFs hold their Word form's text, keep what a signature signs for on its page, number
their pages, embed font subsets and come out byte-identical; the 测算表's PDF prints its figures."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.catalog.added import extend, read_added
from desktop.cli import main
from desktop.engine import evaluate_firm
from desktop.errors import OutputError
from desktop.firm import FirmFile, parse_firm
from desktop.packet.forms import FORMS
from desktop.packet.writer import write_packet
from desktop.paths import samples_dir
from tests.conftest import make_firm
from tests.packet.conftest import DAY, SAMPLES, write_sample
from tests.packet.sheet_reading import FOOTER, page_texts, squeeze, stretched_gaps
from tests.packet.sheet_reading import pdf_pages as word_pages
from tests.packet.test_call_packet import DAY as CALL_DAY
from tests.packet.test_call_packet import GUIDE_2023, _warehouse
from tests.packet.test_other_funds import FUNDS

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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


def without_footers(pages: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Return each page's text without its footer, and each footer's (page, of pages)."""
    footers = []
    texts = []
    for page in pages:
        text = squeeze(page)
        found = FOOTER.findall(text)
        assert found, f"a page without 第 N 页 共 M 页: {text[:60]}"
        footers.append((int(found[-1][0]), int(found[-1][1])))
        texts.append(text[: text.rfind("第")])
    return texts, footers


def without_repeated(pages: list[str], expected: str, headers: list[str], ignore: str = "") -> str:
    """Return the pages' text without the table headers repeated at the top of later pages: a page
    starting with a header where the expected text goes on with something else. ``ignore`` is left
    out of both sides when they are compared."""

    def clean(text: str) -> str:
        return text.replace(ignore, "") if ignore else text

    expected = clean(expected)
    text = ""
    for number, page in enumerate(pages):
        page = clean(page)
        for header in {clean(h) for h in headers if clean(h)} if number else ():
            if page.startswith(header) and not expected[len(text) :].startswith(header):
                page = page[len(header) :]
                break
        text += page
    return text


def _written(firm: FirmFile, catalog: Catalog, out: Path, day: date) -> Path:
    return write_packet(firm, evaluate_firm(firm, catalog), catalog, out, day, "0" * 64, pdf=True).folder


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> list[Path]:
    """Return the packet folders, with PDFs, of every sample, of a sample with other funds for its
    matters (the 申报书's other-funds rows and section), and of a firm under a guide that asks a
    项目申请报告 and more signatures, applying for support without an amount."""
    out = tmp_path_factory.mktemp("pdf")
    folders = [write_sample(name, out / name, catalog, pdf=True)[2].folder for name in SAMPLES]
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    funded = parse_firm({**data, "other_support": FUNDS}, catalog)
    folders.append(_written(funded, catalog, out / "funded", DAY))
    guided = extend(catalog, [read_added(GUIDE_2023, catalog)])
    called = parse_firm(_warehouse(apply_for=["CD-P1", "SC-14"]), guided)
    folders.append(_written(called, guided, out / "called", CALL_DAY))
    # a firm whose money measures all wait for figures: the 政策服务清单 with its table of what is awaited
    awaiting = parse_firm({**data, "facts": {}}, catalog)
    folders.append(_written(awaiting, catalog, out / "awaiting", DAY))
    return folders


def _form_of(docx: Path) -> str:
    """Return the file of the form description a packet's Word file was made from."""
    found = [
        form.file
        for form in FORMS
        if re.match(rf"\d\d_(\d\d_)?{Path(form.file).stem}", docx.name)
        or (form.file == "内部核对单.docx" and docx.name.startswith("00_"))
    ]
    assert len(found) == 1, docx.name
    return found[0]


def test_every_word_form_and_its_pdf_hold_the_same_text(written: list[Path]) -> None:
    checked: dict[str, int] = {}
    for folder in written:
        for docx in sorted(folder.glob("*.docx")):
            expected, headers = word_text(docx)
            text, footers = without_footers(page_texts(docx.with_suffix(".pdf")))
            assert without_repeated(text, expected, headers) == expected, docx.name
            assert footers == [(n, len(footers)) for n in range(1, len(footers) + 1)], docx.name
            checked[_form_of(docx)] = checked.get(_form_of(docx), 0) + 1
    assert set(checked) == {form.file for form in FORMS}, checked  # every form described, in Word and PDF
    assert sum(checked.values()) >= 40
    application = squeeze("".join(page_texts(written[-3] / "01_申报书.pdf")))
    assert "资金名称" in application and "四川省外经贸发展专项资金" in application  # other funds listed
    assert "财务负责人（签字）" in squeeze("".join(page_texts(written[-2] / "01_申报书.pdf")))
    services = squeeze("".join(page_texts(written[-1] / "01_政策服务清单.pdf")))
    assert "二、补充数据后再行测算的事项" in services and "年度跨境电商交易额" in services


def _cell_text(value: object, number_format: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number_format == "General":
            return format(number.normalize(), "f")
        if number_format.endswith("%"):
            return f"{number * 100:.2f}%"
        if "." in number_format:
            decimals = number_format.split(".", 1)[1]
            required, optional = decimals.count("0"), decimals.count("#")
            text = f"{number:,.{required + optional}f}"
            whole, fraction = text.split(".")
            if optional:  # "#" digits are shown only when not zero
                fraction = fraction.rstrip("0").ljust(required, "0")
            return f"{whole}.{fraction}" if fraction else whole
        return f"{number:,.0f}"
    return "" if value is None else str(value)


def test_the_workbook_pdf_prints_every_filled_cell_of_both_sheets(written: list[Path]) -> None:
    sheets = [folder for folder in written if (folder / "04_测算表.xlsx").exists()]
    assert len(sheets) >= len(written) - 3  # only Deyang, Mianyang and Suzhou have no money measure
    for folder in sheets:
        workbook = load_workbook(folder / "04_测算表.xlsx")  # the formulas' stored results
        values = load_workbook(folder / "04_测算表.xlsx", data_only=True)
        expected = ""
        for sheet in workbook.worksheets:
            stored = values[sheet.title]
            for row in sheet.iter_rows():
                expected += "".join(
                    _cell_text(stored[cell.coordinate].value, cell.number_format) for cell in row
                )
        text, footers = without_footers(page_texts(folder / "04_测算表.pdf"))
        headers = [
            squeeze("".join(str(c.value or "") for c in sheet[4])) for sheet in workbook.worksheets[:1]
        ]
        headers.append(squeeze("".join(str(c.value or "") for c in workbook.worksheets[1][2])))
        text = without_repeated(text, squeeze(expected), headers, ignore="无")  # an empty table prints 无
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
            if pdf.name == "01_政策服务清单.pdf":  # advice to the firm: nothing to sign
                continue
            page = _page_with(page_texts(pdf), "法定代表人（签字）")
            assert "（盖章）" in page and re.search(r"\d{4}年\d+月\d+日$", page[: page.rfind("第")]), pdf.name
            if pdf.name.startswith("01_"):
                # the declaration repeats the total; the other funds keep with it
                assert "四、申报声明" in page and "本单位申报资金合计人民币" in page and "（¥" in page, (
                    pdf.name
                )
                assert "三、同一事项已获得或正在申请的其他资金支持" in page, pdf.name
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
    documents = [p for p in first.iterdir() if p.suffix in (".docx", ".xlsx")]
    assert len(pdfs) == len(documents) >= 9 and all(name in manifest for name in pdfs)
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
    from desktop.packet.pdfs import builtin_writer

    if not any(font.glyph(ord("㙟")) for font in builtin_writer().fonts.fonts):  # e.g. WenQuanYi alone
        with pytest.raises(OutputError, match="㙟"):  # refused, named (the test below), never dropped
            write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64, pdf=True)
        return
    packet = write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64, pdf=True)
    text = squeeze("".join(page_texts(packet.folder / "03_信用承诺书.pdf")))
    assert squeeze(name) in text


@pytest.mark.usefixtures("wenquanyi_only")
def test_a_typed_character_no_installed_font_has_stops_the_pdfs_naming_it(
    tmp_path: Path, catalog: Catalog
) -> None:
    """Only WenQuanYi Micro Hei installed (a minimal Debian): 㙟 in the firm's name cannot be printed,
    so nothing is written and the message names the field, the character and what to install."""
    firm = make_firm(catalog, facts={"cbec_transaction": "3.2亿", "cbec_transaction_prior": "2.5亿"})
    firm = firm.model_copy(update={"firm": firm.firm.model_copy(update={"name": "成都㙟跨境科技有限公司"})})
    with pytest.raises(OutputError) as caught:
        write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path / "out", DAY, "0" * 64, pdf=True)
    (problem,) = caught.value.problems
    assert problem.field == "firm.name"
    assert "“㙟”（U+365F）" in problem.message and "成都㙟跨境科技有限公司" in problem.message
    assert "fonts-noto-cjk" in problem.message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
