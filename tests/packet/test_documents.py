"""Open every written file of every sample's packet and check it against the engine's result."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.engine import Status
from desktop.money import format_grouped, to_capital
from desktop.packet.context import COMMON_ATTACHMENTS, applied, bureau_text
from desktop.packet.files import sha256_file, title_for_file
from desktop.packet.workbook import FIRST_ROW
from tests.packet.conftest import SAMPLES, write_sample


def application_rows(path: Path) -> list[tuple[str, ...]]:
    """Return the rows of the 申报书's table of measures (the one whose last header is 申报金额（元）)."""
    for table in Document(str(path)).tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[-1] == "申报金额（元）":
            return [tuple(cell.text for cell in row.cells) for row in table.rows[1:]]
    raise AssertionError(f"{path.name} has no table of measures")


def _text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


# Their measures name no amount: their packet is the 政策服务清单 (tests/packet/test_service_list.py).
WITHOUT_MONEY = ("deyang-manufacturer.json", "mianyang-park.json", "suzhou-brand.json")


@pytest.mark.parametrize("name", [name for name in SAMPLES if name not in WITHOUT_MONEY])
def test_packet_files_match_the_engine(name: str, tmp_path: Path, catalog: Catalog) -> None:
    firm, result, packet = write_sample(name, tmp_path, catalog)
    folder = packet.folder
    assert folder.name == f"{firm.firm.name}_{firm.year}"
    chosen = applied(result)
    assert chosen, name
    expected = ["00_内部核对单（不提交）.docx", "01_申报书.docx"]
    expected += [
        f"02_{i:02d}_申请表_{title_for_file(m.measure.title)}.docx" for i, m in enumerate(chosen, start=1)
    ]
    expected += ["03_信用承诺书.docx", "04_测算表.xlsx", "05_材料清单.docx"]
    expected += ["07_绩效自评表（资金拨付后填写）.docx"]
    expected += ["manifest.json"]
    assert packet.files == expected
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)

    application = _text(folder / "01_申报书.docx")
    for value in (
        firm.firm.name,
        firm.firm.credit_code,
        firm.firm.legal_representative,
        firm.firm.bank_account,
    ):
        assert value in application
    assert to_capital(result.total) in application
    # no guide: the district's commerce department receives it, and the legal representative alone signs
    assert "受理单位：所在区（市）县商务主管部门" in application
    assert "法定代表人（签字）" in application and "财务负责人" not in application
    assert f"¥{format_grouped(result.total)}" in application
    rows = [row for row in application_rows(folder / "01_申报书.docx") if row[0].isdigit()]
    assert len(rows) == len(chosen)
    for row, measure in zip(rows, chosen, strict=True):
        assert bureau_text(measure.measure.title) in row
        assert row[-1] == ("最高" if measure.up_to else "") + format_grouped(measure.counted_award)
    internal = _text(folder / "00_内部核对单（不提交）.docx")
    assert "未申报事项" not in application and "未申报事项" in internal
    for measure in result.measures:
        if measure not in chosen:
            assert any(line.startswith(f"{measure.id} |") for line in internal.splitlines()), measure.id
    if result.total_up_to:
        assert format_grouped(result.total_up_to) in application and "年度资金申报指南" in application

    for index, measure in enumerate(chosen, start=1):
        form = _text(folder / f"02_{index:02d}_申请表_{title_for_file(measure.measure.title)}.docx")
        assert bureau_text(measure.measure.quote) in form
        applied_for = measure.counted_award
        assert f"{format_grouped(applied_for)}元（{to_capital(applied_for)}）" in form
        for line in measure.arithmetic:
            assert bureau_text(line, catalog) in form
        for attachment in measure.measure.attachments:
            assert bureau_text(attachment) in form
        assert form.count("| 符合") >= sum(1 for c in measure.checks if c.holds)

    commitment = _text(folder / "03_信用承诺书.docx")
    assert firm.firm.name in commitment and firm.firm.credit_code in commitment

    checklist = _text(folder / "05_材料清单.docx")
    needed = set(COMMON_ATTACHMENTS) | {bureau_text(a) for m in chosen for a in m.measure.attachments}
    # No guide asks the conditions every call asks: their proofs are listed as what calls usually ask
    usually = {bureau_text(p) for f in catalog.facts.values() if f.universal for p in f.proof} - needed
    assert usually
    for attachment in needed | usually:
        assert attachment in checklist
    for proof in usually:
        assert f"{proof} | 申报通知通常要求 | ☐" in checklist
    assert checklist.count("☐") == len(needed | usually)

    if chosen:  # always, here; kept as the form's own condition
        assessment = _text(folder / "07_绩效自评表（资金拨付后填写）.docx")
        funds = [line for line in assessment.splitlines() if line.split(" | ")[0].isdigit()]
        assert [line.split(" | ")[1] for line in funds] == [bureau_text(m.measure.title) for m in chosen]
        for measure in chosen:
            assert f"{bureau_text(measure.measure.title)} | " in assessment
        assert "依法纳税" not in assessment  # a yes/no answer is no performance indicator

    calc = load_workbook(folder / "04_测算表.xlsx")["测算"]
    titles = [calc.cell(row=r, column=2).value for r in range(FIRST_ROW, calc.max_row + 1)]
    in_force_money = [
        m.measure.title
        for m in result.measures
        if m.measure.award.is_money and m.status is not Status.NOT_IN_FORCE
    ]
    assert titles[: len(in_force_money)] == in_force_money
    assert calc.freeze_panes == f"A{FIRST_ROW}"
    for row in range(FIRST_ROW, FIRST_ROW + len(in_force_money)):
        assert str(calc.cell(row=row, column=12).value).startswith("=")

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["catalog_version"] == catalog.version
    for file_name, digest in manifest["files"].items():
        assert sha256_file(folder / file_name) == digest
    assert set(manifest["files"]) == set(expected) - {"manifest.json"}


def test_every_run_of_every_document_names_an_east_asian_font(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    for path in packet.folder.glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            for part in ("word/document.xml", "word/styles.xml"):
                xml = archive.read(part).decode("utf-8")
                fonts = xml.count("<w:rFonts")
                assert fonts and xml.count("w:eastAsia=") >= fonts, f"{path.name} {part}"
                assert "w:eastAsiaTheme" not in xml


def test_table_rows_do_not_split_across_pages(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("lianyungang-brand.json", tmp_path, catalog)
    with zipfile.ZipFile(packet.folder / "01_申报书.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tr>") + xml.count("<w:tr ") == xml.count("<w:cantSplit/>")


def test_two_runs_give_identical_bytes(tmp_path: Path, catalog: Catalog) -> None:
    _, _, first = write_sample("lianyungang-brand.json", tmp_path / "a", catalog)
    _, _, second = write_sample("lianyungang-brand.json", tmp_path / "b", catalog)
    for name in first.files:
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name
