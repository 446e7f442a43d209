"""Print-ready forms: amounts and signature on one page, 2-character indents, the figures behind a measure."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from desktop.catalog import Catalog
from desktop.money import format_grouped
from desktop.packet.pdf import convert_to_pdf, find_soffice
from tests.packet.conftest import requires_soffice, write_sample
from tests.packet.sheet_reading import pdf_pages, stretched_gaps


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [re.sub(r"\s+", "", page) for page in text.stdout.split("\f") if page.strip()]


def test_application_keeps_amounts_declaration_and_signature_together(
    tmp_path: Path, catalog: Catalog
) -> None:
    _, result, packet = write_sample("lianyungang-brand.json", tmp_path, catalog)
    document = Document(str(packet.folder / "01_申报书.docx"))
    body = document.paragraphs
    # the amounts keep together; the other funds, the declaration (which repeats the total) and the
    # seal keep together: the seal never lands on a page without the amount it signs for
    start = next(i for i, p in enumerate(body) if p.text == "二、申报事项")
    funds = next(i for i, p in enumerate(body) if p.text.startswith("三、同一事项"))
    end = next(i for i, p in enumerate(body) if p.text.startswith("申报单位（盖章）"))
    for block in (body[start : funds - 1], body[funds:end]):
        assert all(p.paragraph_format.keep_with_next for p in block), [
            p.text for p in block if not p.paragraph_format.keep_with_next
        ]
    declaration = next(p.text for p in body[funds:end] if p.text.startswith("本单位申报资金合计"))
    assert f"¥{format_grouped(result.total)}" in declaration
    for table in document.tables[1:3]:  # the measures, the other funds
        for row in table.rows:
            assert all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)


def test_commitment_paragraphs_have_a_two_character_first_line_indent(
    tmp_path: Path, catalog: Catalog
) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    document = Document(str(packet.folder / "03_信用承诺书.docx"))
    body = [
        p for p in document.paragraphs if p.text and p.style.name == "Normal" and "（盖章）" not in p.text
    ]
    body = [p for p in body if "签字" not in p.text and not p.text.endswith("日")]
    heading = [p.text.split("：")[0] for p in body[:2]]
    assert heading == ["承诺单位", "统一社会信用代码"]  # the firm's lines head the letter, flush left
    body = body[2:]
    assert len(body) >= 6
    for paragraph in body:
        indent = paragraph._p.pPr.find(qn("w:ind"))
        assert indent is not None and indent.get(qn("w:firstLineChars")) == "200", paragraph.text
        assert indent.get(qn("w:firstLine")) == "480"


def test_growth_form_shows_both_years_and_the_rate(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    document = Document(str(packet.folder / "02_01_申请表_做大做强（跨境电商贸易企业）.docx"))
    rows = {
        row.cells[0].text: [c.text for c in row.cells[1:]] for table in document.tables for row in table.rows
    }
    assert rows["年度跨境电商交易额"][0] == "320,000,000元"
    assert rows["上年度跨境电商交易额"][0] == "250,000,000元"
    assert rows["跨境电商交易额同比增长"] == [
        "28.00%",
        "（年度跨境电商交易额−上年度跨境电商交易额）÷上年度跨境电商交易额",
    ]
    assert document.paragraphs[0].text == "做大做强（跨境电商贸易企业）申请表"


def test_measure_form_signature_shares_an_unsplittable_row_with_the_attachments(
    tmp_path: Path, catalog: Catalog
) -> None:
    _, result, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    xml = _xml(packet.folder / "02_02_申请表_“四川造”跨境电商出口.docx")
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.DOTALL)
    last = next(row for row in rows if "法定代表人（签字）" in row)
    assert "<w:cantSplit/>" in last and "四、需提交的材料" in last
    assert result.get("CD-3B").measure.attachments[-1] in re.sub(r"<[^>]+>", "", last)


@requires_soffice
def test_printed_pages_keep_the_signature_with_what_it_signs(tmp_path: Path, catalog: Catalog) -> None:
    soffice = find_soffice()
    assert soffice is not None
    checked = 0
    for sample in ("lianyungang-brand.json", "chengdu-trader.json", "chengdu-warehouse.json"):
        _, result, packet = write_sample(sample, tmp_path / sample, catalog)
        names = [n for n in packet.files if n.startswith(("01_", "02_", "03_"))]
        for pdf in convert_to_pdf(packet.folder, names, soffice):
            pages = _pages(packet.folder / pdf)
            signed = [page for page in pages if "法定代表人（签字）" in page]
            assert len(signed) == 1, pdf
            if pdf.startswith("01_"):
                total = f"¥{format_grouped(result.total)}"  # the declaration repeats the total
                assert total in signed[0] and "四、申报声明" in signed[0], pdf
            elif pdf.startswith("02_"):
                assert "四、需提交的材料" in signed[0] and "1．" in signed[0], pdf
                assert "申报金额：" in signed[0], pdf  # the materials never alone on a page
            else:
                assert stretched_gaps(pdf_pages(packet.folder / pdf)) == [], pdf
            checked += 1
    assert checked >= 10
