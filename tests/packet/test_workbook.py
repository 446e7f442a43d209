"""The 测算表 as written: the bureau's language, user text never a formula, results stored, print-ready, deterministic."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.engine import evaluate_firm
from desktop.firm import parse_firm
from desktop.packet.check import check_forms
from desktop.packet.workbook import CALC, FIRST_ROW, INPUTS, build_workbook, measures_in_sheet
from desktop.paths import forms_dir, samples_dir
from tests.packet.conftest import DAY, SAMPLES, write_sample

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
MEASURE_ID = re.compile(r"\b[A-Z]{2,3}-[0-9A-Z]{1,3}\b")


def _sample(name: str, catalog: Catalog, **changes: object) -> tuple[object, object]:
    data = json.loads((samples_dir() / name).read_text(encoding="utf-8"))
    data.update(changes)
    firm = parse_firm(data, catalog)
    return firm, evaluate_firm(firm, catalog)


def _cells(path: Path) -> list[tuple[str, str, object]]:
    workbook = load_workbook(path)
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def test_no_program_keys_ids_or_english_choices_in_any_cell_or_formula(
    tmp_path: Path, catalog: Catalog
) -> None:
    english = {key for fact in catalog.facts.values() for key in fact.choices} | {"true", "false"}
    for name in SAMPLES:
        _, result, packet = write_sample(name, tmp_path / name, catalog)
        path = packet.folder / "04_测算表.xlsx"
        if not measures_in_sheet(result):  # no money measure (Deyang, Mianyang, Suzhou): no sheet to compute
            assert not path.exists(), name
            continue
        for sheet, where, value in _cells(path):
            text = str(value)
            assert not SNAKE_CASE.search(text), (name, sheet, where, text)
            assert not MEASURE_ID.search(text), (name, sheet, where, text)
            assert text.strip().lower() not in english, (name, sheet, where, text)
        with zipfile.ZipFile(path) as archive:
            names = re.findall(r'<definedName name="([^"]+)"', archive.read("xl/workbook.xml").decode())
        assert names and not any(
            SNAKE_CASE.search(n) or n.isascii() for n in names if not n.startswith("_xlnm")
        ), names


def test_inputs_speak_chinese_with_yes_no_and_choices_as_words(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    inputs = load_workbook(packet.folder / "04_测算表.xlsx")[INPUTS]
    values = {
        inputs.cell(row=r, column=1).value: inputs.cell(row=r, column=2) for r in range(1, inputs.max_row + 1)
    }
    assert values["以前年度跨境电商交易额曾超过100万元"].value == "是"
    assert values["已在成都跨境贸易电子商务公共服务平台完成备案"].value == "是"
    assert values["投资设立本企业的链主企业类型"].value == "不适用"
    assert values["年度跨境电商交易额"].value == 320000000
    assert values["年度跨境电商交易额"].number_format == "#,##0"
    assert values["年度跨境电商交易额"].border.top.style == "thin"
    assert values["企业名称"].value == "成都蓉贸跨境科技有限公司"
    validations = [dv for dv in inputs.data_validations.dataValidation if dv.type == "list"]
    assert any(dv.formula1 == '"是,否"' for dv in validations)
    assert any("不适用" in dv.formula1 and "出口型第三方平台企业" in dv.formula1 for dv in validations)


def test_user_text_is_written_as_text_never_as_a_formula(tmp_path: Path, catalog: Catalog) -> None:
    hostile = ['=HYPERLINK("http://example.com","点此")', "+1+2", "@SUM(1)", "=1+1"]
    firm, result = _sample(
        "lianyungang-brand.json",
        catalog,
        other_support=[{"measure": "LYG-07", "source": text, "amount": "1000"} for text in hostile],
    )
    data = firm.model_copy(update={"firm": firm.firm.model_copy(update={"name": "=CMD()公司"})})
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(build_workbook(data, result, catalog, DAY))
    workbook = load_workbook(path)
    texts = {cell.value: cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row}
    for text in [*hostile, "=CMD()公司"]:
        assert texts[text].data_type == "s", text
    title = workbook[CALC]["A1"]
    assert title.data_type == "s" and title.value.startswith("=CMD()公司")


def test_every_formula_has_its_result_stored_and_excel_recalculates_on_load(
    tmp_path: Path, catalog: Catalog
) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    with zipfile.ZipFile(packet.folder / "04_测算表.xlsx") as archive:
        assert 'fullCalcOnLoad="1"' in archive.read("xl/workbook.xml").decode()
        for part in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            xml = archive.read(part).decode()
            cells = re.findall(r"<c [^>]*>(.*?)</c>", xml)
            formulas = [c for c in cells if "<f>" in c]
            assert formulas and all("<v>" in c for c in formulas), part
    calc = load_workbook(packet.folder / "04_测算表.xlsx", data_only=True)[CALC]
    stored = [calc.cell(row=r, column=13).value for r in range(1, calc.max_row + 1)]
    assert 3590000 in stored and 600000 in stored


def test_print_setup_a4_one_page_wide_headers_repeated_page_numbers(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    workbook = load_workbook(packet.folder / "04_测算表.xlsx")
    assert workbook.sheetnames == [CALC, INPUTS]
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        # 测算's thirteen columns need landscape; 输入's three fit portrait, which holds more rows a page
        orientation = "landscape" if sheet.title == CALC else "portrait"
        assert (setup.orientation, int(setup.paperSize)) == (orientation, 9), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, sheet.title  # absent means 1
        header = FIRST_ROW - 1 if sheet.title == CALC else 2
        assert sheet.print_title_rows.replace("$", "") == f"{header}:{header}", sheet.title
        assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text, sheet.title
        assert sheet.freeze_panes == f"A{header + 1}"
    calc = workbook[CALC]
    row = next(
        r
        for r in range(FIRST_ROW, calc.max_row + 1)
        if calc.cell(row=r, column=2).value == "“四川造”跨境电商出口"
    )
    assert calc.cell(row=row, column=12).number_format == "#,##0"
    assert calc.cell(row=row, column=3).alignment.wrap_text


def test_a_long_value_in_the_inputs_gets_the_lines_it_wraps_to(tmp_path: Path, catalog: Catalog) -> None:
    """The firm's name in 取值 (18 characters wide) is not cut off: its row is as tall as it wraps."""
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    inputs = load_workbook(packet.folder / "04_测算表.xlsx")[INPUTS]
    row = next(r for r in range(1, inputs.max_row + 1) if inputs.cell(row=r, column=1).value == "企业名称")
    assert inputs.cell(row=row, column=2).value == "成都蓉贸跨境科技有限公司"  # 24 units: two lines
    assert inputs.cell(row=row, column=2).alignment.wrap_text
    assert inputs.row_dimensions[row].height >= 2 * 14.25


def test_same_input_and_date_give_the_same_bytes(catalog: Catalog) -> None:
    firm, result = _sample("chengdu-trader.json", catalog)
    first = build_workbook(firm, result, catalog, DAY)
    assert build_workbook(firm, result, catalog, DAY) == first
    later = build_workbook(firm, result, catalog, date(2026, 4, 1))
    assert later != first
    with zipfile.ZipFile(io.BytesIO(later)) as archive:
        assert "2026-04-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


def test_forms_check_says_a_workbook_template_is_not_used(tmp_path: Path, catalog: Catalog) -> None:
    for template in forms_dir().glob("*.docx"):
        shutil.copy(template, tmp_path / template.name)
    assert not any(r.warnings for r in check_forms(catalog, tmp_path) if r.name == "测算表.xlsx")
    (tmp_path / "测算表.xlsx").write_bytes(b"an old template")
    (report,) = [r for r in check_forms(catalog, tmp_path) if r.name == "测算表.xlsx"]
    assert report.path == tmp_path / "测算表.xlsx" and not report.problems
    assert "不会被使用" in report.warnings[0]


def test_the_note_gives_the_eligible_period_when_only_part_of_the_year_counts(catalog: Catalog) -> None:
    """Ruling 18 of 2026-12: Chengdu 2023 counts from 2023-02-14, and the 测算表 says so under its table."""

    def note(year: int) -> str:
        firm, result = _sample("chengdu-trader.json", catalog, year=year)
        sheet = load_workbook(io.BytesIO(build_workbook(firm, result, catalog, DAY)))[CALC]
        return "\n".join(
            str(c.value) for row in sheet.iter_rows() for c in row if str(c.value).startswith("说明")
        )

    assert "业绩计算期间 2023-02-14 至 2023-12-31" in note(2023)
    assert "2023-02-14 起发生的业务和费用" in note(2023)
    assert "业绩计算期间" not in note(2025)
