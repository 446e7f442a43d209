"""A firm with nothing to apply for with an amount gets a 政策服务清单 (the support it can seek, what to do,
the clause), never a 人民币零元整 申报书 with its 承诺书: from ``packet``, the batch and the window alike."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from desktop.cli import main
from desktop.engine import Status, evaluate_firm
from desktop.firm import parse_firm
from desktop.packet.writer import SERVICES_FILE, write_packet
from desktop.paths import forms_dir, samples_dir
from tests.conftest import firm_data
from tests.packet.conftest import DAY, write_sample
from tests.packet.sheet_reading import pdf_pages as word_pages
from tests.packet.sheet_reading import smallest_text

MEASURE_ID = re.compile(r"\b[A-Z]{2,3}-[0-9A-Z]{1,3}\b")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
MONEY_FILES = ("01_申报书.docx", "03_信用承诺书.docx", "05_材料清单.docx")


def _paragraphs(path: Path) -> list[str]:
    document = Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            found.append(" | ".join(cell.text for cell in row.cells))
    return found


@pytest.mark.parametrize("sample", ["deyang-manufacturer.json", "mianyang-park.json", "suzhou-brand.json"])
def test_a_firm_without_a_money_measure_gets_the_service_list(
    tmp_path: Path, catalog: Catalog, sample: str
) -> None:
    firm, result, packet = write_sample(sample, tmp_path, catalog)
    assert result.total == 0 and result.total_up_to == 0
    assert packet.files == ["00_内部核对单（不提交）.docx", SERVICES_FILE, "manifest.json"]
    assert not any((packet.folder / name).exists() for name in (*MONEY_FILES, "04_测算表.xlsx"))
    paragraphs = _paragraphs(packet.folder / SERVICES_FILE)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "政策服务清单"
    assert f"申报单位：{firm.firm.name}" in text and "业绩年度：2025年　整理日期：2026年3月1日" in text
    support = [m for m in result.measures if m.status is Status.UNQUANTIFIED]
    assert len(support) >= 10
    items = [p for p in paragraphs if re.match(r"\d+．【", p)]
    assert len(items) == len(support)  # one item per support, numbered on through the documents
    for number, (item, measure) in enumerate(zip(items, support, strict=True), start=1):
        # what it is, what to do, the clause — as the catalog words them, in print
        assert item.startswith(f"{number}．【")
        title, guidance = measure.measure.title, measure.measure.guidance
        assert title.replace("(", "（").replace(")", "）") in item, (item, title)
        assert guidance[:8].replace("(", "（").replace(")", "）") in item, (item, guidance)
        assert "政策条款：" in item
    for document in {m.jurisdiction.name for m in support}:  # each policy document heads its items
        assert any(p.startswith(document + "《") for p in paragraphs), document
    assert "人民币零元整" not in text and "二、补充数据后再行测算的事项" not in text
    # bureau language: no code, key, tag or English word the form adds
    assert not MEASURE_ID.search(text) and not SNAKE_CASE.search(text), text
    assert "{{" not in text and "None" not in text and "CBEC" not in text


@pytest.mark.parametrize(
    ("sample", "pages"),
    [("suzhou-brand.json", 1), ("deyang-manufacturer.json", 2), ("mianyang-park.json", 2)],
)
def test_the_list_is_compact(tmp_path: Path, catalog: Catalog, sample: str, pages: int) -> None:
    """Numbered paragraphs in 10 pt over the page's full width, no table: Suzhou's 10 items print on one
    page, Deyang's and Mianyang's 19 on two (the program's own PDF), nothing below 10 pt."""
    _, _, packet = write_sample(sample, tmp_path, catalog, pdf=True)
    document = Document(str(packet.folder / SERVICES_FILE))
    assert not document.tables
    items = [p for p in document.paragraphs if re.match(r"\d+．【", p.text)]
    assert items and all(run.font.size.pt == 10 for p in items for run in p.runs if run.text.strip())
    printed = word_pages(packet.folder / SERVICES_FILE.replace(".docx", ".pdf"))
    assert len(printed) == pages, sample
    assert min(smallest_text(words) for words in printed) >= 9.9


def test_a_firm_still_missing_figures_is_told_which(tmp_path: Path, catalog: Catalog) -> None:
    firm = parse_firm(firm_data("chengdu", roles=["trader"], facts={}), catalog, "test")
    result = evaluate_firm(firm, catalog)
    assert result.total == 0
    assert any(m.status is Status.NEEDS_INPUT and m.measure.award.is_money for m in result.measures)
    packet = write_packet(firm, result, catalog, tmp_path, DAY, "0" * 64)
    # the 测算表 stays: it holds the money measures, computed once the figures are typed into it
    assert packet.files == ["00_内部核对单（不提交）.docx", SERVICES_FILE, "04_测算表.xlsx", "manifest.json"]
    paragraphs = _paragraphs(packet.folder / SERVICES_FILE)
    assert "二、补充数据后再行测算的事项" in paragraphs
    rows = [p for p in paragraphs if re.match(r"\d+ \| ", p)]
    assert any("做大做强" in row and "年度跨境电商交易额" in row for row in rows), rows
    assert not any(MEASURE_ID.search(row) or SNAKE_CASE.search(row) for row in rows), rows


def test_applying_for_support_without_an_amount_keeps_report_and_commitment(
    tmp_path: Path, catalog: Catalog
) -> None:
    data = json.loads((samples_dir() / "deyang-manufacturer.json").read_text(encoding="utf-8"))
    data["apply_for"] = ["DY-23"]
    firm = parse_firm(data, catalog, "test")
    packet = write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64)
    assert SERVICES_FILE in packet.files and "03_信用承诺书.docx" in packet.files
    assert any(name.startswith("06_01_项目申请报告_") for name in packet.files)
    assert "01_申报书.docx" not in packet.files and "05_材料清单.docx" not in packet.files


def test_a_firm_with_an_amount_keeps_its_application(tmp_path: Path, catalog: Catalog) -> None:
    _, result, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    assert result.total > 0
    for name in (*MONEY_FILES, "04_测算表.xlsx"):
        assert name in packet.files
    assert SERVICES_FILE not in packet.files


def test_packet_command_and_batch_write_the_same_list(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    firms = tmp_path / "firms"
    firms.mkdir()
    for name in ("suzhou-brand.json", "chengdu-trader.json"):
        shutil.copy(samples_dir() / name, firms / name)
    assert (
        main(
            [
                "packet",
                str(firms / "suzhou-brand.json"),
                "--out",
                str(tmp_path / "one"),
                "--date",
                "2026-03-01",
            ]
        )
        == 0
    )
    assert SERVICES_FILE in capsys.readouterr().out
    report = run_batch(firms, tmp_path / "many", DAY, jobs=1)
    assert [o.state for o in report.outcomes] == ["generated", "generated"]
    suzhou = next(o for o in report.outcomes if o.city == "苏州市")
    one = tmp_path / "one" / suzhou.folder / SERVICES_FILE
    many = tmp_path / "many" / suzhou.folder / SERVICES_FILE
    assert _paragraphs(one) == _paragraphs(many)
    chengdu = next(o for o in report.outcomes if o.city == "成都市")
    assert (tmp_path / "many" / chengdu.folder / "01_申报书.docx").is_file()
    assert not (tmp_path / "many" / chengdu.folder / SERVICES_FILE).exists()
    # a re-run with the service list unchanged skips; an edited 政策服务清单 template re-renders
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    assert {o.state for o in run_batch(firms, tmp_path / "many", DAY, jobs=1, forms=forms).outcomes} == {
        "skipped"
    }
    _append_paragraph(forms / "政策服务清单.docx", "本清单由某咨询公司整理。")
    rerun = run_batch(firms, tmp_path / "many", DAY, jobs=1, forms=forms)
    assert {o.folder: o.state for o in rerun.outcomes}[suzhou.folder] == "generated"
    assert "本清单由某咨询公司整理。" in _paragraphs(many)


def _append_paragraph(path: Path, text: str) -> None:
    """Add a closing paragraph to a Word template, as a user editing it in Word would."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    xml = xml.replace("<w:sectPr", paragraph + "<w:sectPr", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_forms_check_fills_the_service_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check"]) == 0
    assert "✓ 政策服务清单.docx" in capsys.readouterr().out


def test_forms_check_finds_a_broken_service_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    _append_paragraph(forms / "政策服务清单.docx", "{{ services[0].heading.upper(1) }}")
    assert main(["forms", "check", str(forms)]) == 2
    out = capsys.readouterr().out
    assert "✗ 政策服务清单.docx" in out and "试填示例企业失败" in out
