"""Workbooks filled as people fill them (typed CSV opened by LibreOffice, saved as .xlsx and .ods; GBK CSV):
every filled row is a firm or an error naming its cell; no digit, unit, date or history row is lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from desktop.batch.columns import FIRMS_SHEET, HISTORY_SHEET, firm_columns
from desktop.batch.reader import BatchInput, BatchItem, read_batch
from desktop.batch.runner import EXIT_SOME_FAILED, run_batch
from desktop.batch.template import example_values
from desktop.catalog import Catalog, bundled_catalog
from desktop.credit_code import with_check_character
from desktop.errors import InputError
from tests.batch.conftest import summary_rows
from tests.batch.typed import (
    csv_text,
    firm_sheet_rows,
    profile_folder,
    requires_soffice,
    side_sheet_rows,
    typed_workbook,
    values,
)

DAY = date(2026, 3, 1)
CODES = {
    name: with_check_character(f"9151010{index:02d}MA6CD{index:03d}"[:17])
    for index, name in enumerate("ABCDEFGHIJ")
}
BASE: dict[str, Any] = {
    "example": "否",
    "city": "成都市",
    "year": 2025,
    "established": "2019-04-16",
    "role.trader": "是",
    "cbec_transaction": 320000000,
    "cbec_transaction_prior": 250000000,
    "cbec_over_1m_before": "是",
    "chengdu_platform_registered": "是",
    "loan_interest_paid": 1200000,
}


def _firm(name: str, code: str, **changes: Any) -> dict[str, Any]:
    return {**BASE, "name": name, "credit_code": code, **changes}


def _example(**changes: Any) -> dict[str, Any]:
    raw = example_values(bundled_catalog())
    typed = {key: value.isoformat() if isinstance(value, date) else value for key, value in raw.items()}
    return {**typed, **changes}


# Row 3 is the example; the firms start at row 4, in this order.
ROWS = {
    "example": _example(),
    "copied_example_flagged": _example(name="成都复制跨境有限公司", credit_code=CODES["A"]),
    "copied_example_named": _example(example="否", credit_code=CODES["B"], cbec_transaction=330000000),
    "typed_as_people_type": _firm(
        "成都甲跨境科技有限公司",
        CODES["C"],
        city="成都",
        established="2019年4月16日",
        cbec_over_1m_before="√",
        chengdu_platform_registered="有",
        cbec_transaction="￥320,000,000",
        cbec_transaction_prior="2.5亿",
        loan_interest_paid="1，200，000",
        bank_account=622202020000123,
        contact_phone=13800138000,
    ),
    "long_account": _firm(
        "成都乙跨境有限公司", CODES["D"], bank_account="8029879098395610123", established="2019/4/16"
    ),
    "digit_credit_code": _firm("成都丙跨境有限公司", "915101000000000000"),
    "dollars_in_yuan": _firm("成都丁跨境有限公司", CODES["E"], cbec_transaction="800万美元"),
    "yuan_in_dollars": _firm(
        "成都戊跨境有限公司",
        CODES["F"],
        programme_platform_gmv_usd="150亿元",
        cbec_transaction_prior="30000平方米",
        sichuan_made_export="4500万元",
    ),
    "serial_date_lost_zero": _firm(
        "成都己跨境有限公司", CODES["G"], established=43571, contact_phone="02885561234"
    ),
    "two_years_2024": _firm(
        "成都庚跨境有限公司",
        CODES["H"],
        year=2024,
        legal_representative="赵庚",
        cbec_transaction=250000000,
        cbec_transaction_prior=190000000,
    ),
    "two_years_2025": {**_firm("", CODES["H"], city="chengdu", **{"role.trader": "Y"}), "name": None},
    "mistyped_history": _firm("成都辛跨境有限公司", CODES["I"]),
}
ROW_OF = {key: 3 + index for index, key in enumerate(ROWS)}
MISTYPED = CODES["I"][:10] + ("X" if CODES["I"][10] != "X" else "Y") + CODES["I"][11:]
HISTORY = [{"credit_code": MISTYPED, "measure": "LYG-02 独立站出口达到规模", "year": 2024, "amount": 300000}]


def _cell(key: str, row: str) -> str:
    columns = [column.key for column in firm_columns(bundled_catalog())]
    return f"{FIRMS_SHEET}!{get_column_letter(columns.index(key) + 1)}{ROW_OF[row]}"


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same rows typed once, opened by LibreOffice and saved as .xlsx (with a 历史获奖 sheet) and .ods."""
    folder = tmp_path_factory.mktemp("typed")
    profile = profile_folder(tmp_path_factory)
    firms = firm_sheet_rows(bundled_catalog(), list(ROWS.values()))
    sheets = {FIRMS_SHEET: firms, HISTORY_SHEET: side_sheet_rows(HISTORY_SHEET, HISTORY)}
    return {
        "xlsx": typed_workbook(folder, "firms", sheets, "xlsx", profile),
        "ods": typed_workbook(folder, "firms", {FIRMS_SHEET: firms}, "ods", profile),
    }


def _by_row(batch: BatchInput) -> dict[str, BatchItem]:
    rows = {number: key for key, number in ROW_OF.items()}
    return {rows[item.row]: item for item in batch.items}


def _messages(item: BatchItem) -> dict[str, str]:
    return {problem.where: problem.message for problem in item.problems}


@requires_soffice
def test_libreoffice_typed_the_cells_as_a_spreadsheet_does(typed: dict[str, Path]) -> None:
    """The fixture is what the issue saw: long digits became floats, text dates became dates."""
    rows = values(typed["xlsx"])
    columns = [column.key for column in firm_columns(bundled_catalog())]
    long_account = rows[ROW_OF["long_account"] - 1][columns.index("bank_account")]
    assert isinstance(long_account, float) and int(long_account) == 8029879098395610112
    assert isinstance(rows[ROW_OF["digit_credit_code"] - 1][columns.index("credit_code")], float)
    assert rows[ROW_OF["serial_date_lost_zero"] - 1][columns.index("established")] == 43571
    assert rows[ROW_OF["serial_date_lost_zero"] - 1][columns.index("contact_phone")] == 2885561234


@requires_soffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_every_filled_row_is_a_firm_or_an_error(typed: dict[str, Path], catalog: Catalog, fmt: str) -> None:
    items = _by_row(read_batch(typed[fmt], catalog))
    assert "example" not in items  # the untouched example row, flagged 是, is the only row skipped
    assert set(items) == set(ROWS) - {"example"}
    flagged = _messages(items["copied_example_flagged"])
    assert "本行标为示例行" in flagged[_cell("example", "copied_example_flagged")]
    named = _messages(items["copied_example_named"])
    assert "仍是示例名称" in named[_cell("name", "copied_example_named")]


@requires_soffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_inputs_as_the_window_takes_them(typed: dict[str, Path], catalog: Catalog, fmt: str) -> None:
    items = _by_row(read_batch(typed[fmt], catalog))
    firm = items["typed_as_people_type"]
    assert firm.problems == []
    assert firm.data["firm"]["city"] == "chengdu"
    assert firm.data["firm"]["established"] == "2019-04-16"
    assert firm.data["firm"]["bank_account"] == "622202020000123"  # 15 digits: exact as a number
    assert firm.data["firm"]["contact_phone"] == "13800138000"
    facts = firm.data["facts"]
    assert facts["cbec_over_1m_before"] is True and facts["chengdu_platform_registered"] is True
    assert (facts["cbec_transaction"], facts["cbec_transaction_prior"]) == ("320000000", "250000000")
    assert facts["loan_interest_paid"] == "1200000"
    serial = items["serial_date_lost_zero"]
    assert serial.data["firm"]["established"] == "2019-04-16"  # a date serial in a General cell
    assert items["long_account"].data["firm"]["established"] == "2019-04-16"


@requires_soffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_identifiers_keep_their_digits(typed: dict[str, Path], catalog: Catalog, fmt: str) -> None:
    items = _by_row(read_batch(typed[fmt], catalog))
    account = _messages(items["long_account"])[_cell("bank_account", "long_account")]
    assert "请将该列设为文本格式后重新输入" in account and "8029879098395610112" not in str(
        items["long_account"].data
    )
    code = _messages(items["digit_credit_code"])[_cell("credit_code", "digit_credit_code")]
    assert "请将该列设为文本格式后重新输入" in code and "校验位" not in code
    phone = _messages(items["serial_date_lost_zero"])[_cell("contact_phone", "serial_date_lost_zero")]
    assert "开头的 0" in phone


@requires_soffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_units_are_checked_against_the_column(typed: dict[str, Path], catalog: Catalog, fmt: str) -> None:
    items = _by_row(read_batch(typed[fmt], catalog))
    dollars = _messages(items["dollars_in_yuan"])[_cell("cbec_transaction", "dollars_in_yuan")]
    assert "万美元" in dollars and "本列单位是 元" in dollars
    wrong = _messages(items["yuan_in_dollars"])
    assert "亿元" in wrong[_cell("programme_platform_gmv_usd", "yuan_in_dollars")]
    assert "本列单位是 美元" in wrong[_cell("programme_platform_gmv_usd", "yuan_in_dollars")]
    assert "平方米" in wrong[_cell("cbec_transaction_prior", "yuan_in_dollars")]
    assert _cell("sichuan_made_export", "yuan_in_dollars") not in wrong  # 万元 in a 元 column is fine
    assert items["yuan_in_dollars"].data["facts"]["sichuan_made_export"] == "45000000"


@requires_soffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_one_firm_over_two_years(typed: dict[str, Path], catalog: Catalog, fmt: str) -> None:
    items = _by_row(read_batch(typed[fmt], catalog))
    earlier, later = items["two_years_2024"], items["two_years_2025"]
    assert earlier.problems == [] and later.problems == []
    assert (earlier.data["year"], later.data["year"]) == (2024, 2025)
    assert later.data["firm"]["name"] == "成都庚跨境有限公司"  # shared from the 2024 row
    assert later.data["firm"]["legal_representative"] == "赵庚"
    assert later.cell_of("firm.name") == _cell("name", "two_years_2024")


@requires_soffice
def test_mistyped_side_sheet_code_fails_its_firm(typed: dict[str, Path], catalog: Catalog) -> None:
    batch = read_batch(typed["xlsx"], catalog)
    firm = _by_row(batch)["mistyped_history"]
    (problem,) = [p for p in firm.problems if p.where.startswith(HISTORY_SHEET)]
    assert problem.where == f"{HISTORY_SHEET}!A3"
    assert MISTYPED in problem.message and f"您是否指 {CODES['I']}" in problem.message
    assert batch.problems == []


@requires_soffice
def test_typed_workbook_end_to_end(typed: dict[str, Path], tmp_path: Path) -> None:
    report = run_batch(typed["xlsx"], tmp_path / "out", DAY, jobs=1)
    assert report.exit_status == EXIT_SOME_FAILED
    states = {outcome.label: outcome.state for outcome in report.outcomes}
    generated = sorted(label for label, state in states.items() if state == "generated")
    assert generated == sorted(
        f"{FIRMS_SHEET}!第{ROW_OF[key]}行"
        for key in ("typed_as_people_type", "two_years_2024", "two_years_2025")
    )
    assert len(states) == len(ROWS) - 1


def test_gbk_csv_typed_with_headers_only(tmp_path: Path, catalog: Catalog) -> None:
    """Excel and WPS save "CSV" on Chinese Windows in GBK; a person types the headers, one column in 万元."""
    rows = firm_sheet_rows(
        catalog, [_firm("成都壬跨境有限公司", CODES["J"], cbec_transaction=32000, city="成都")], keys=False
    )
    rows[0] = [
        "年度跨境电商交易额(万元)" if header == "年度跨境电商交易额(元)" else header for header in rows[0]
    ]
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_text(rows).encode("gbk"))
    (item,) = read_batch(path, catalog).items
    assert item.problems == []
    assert item.data["facts"]["cbec_transaction"] == "320000000"
    assert item.data["firm"]["name"] == "成都壬跨境有限公司" and item.label == "企业.csv!第2行"


@pytest.mark.parametrize("header", ["年度跨境电商交易额(千元)", "年度跨境电商交易额(美元)"])
def test_header_unit_foreign_to_its_column_is_refused(tmp_path: Path, catalog: Catalog, header: str) -> None:
    rows = firm_sheet_rows(catalog, [_firm("成都壬跨境有限公司", CODES["J"])])
    column = rows[0].index("年度跨境电商交易额(元)")
    rows[0][column] = header
    path = tmp_path / "firms.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_batch(path, catalog)
    (problem,) = caught.value.problems
    assert problem.where == f"firms.csv!{get_column_letter(column + 1)}1"
    assert header in problem.message and "该列应为 元" in problem.message


@requires_soffice
def test_a_typed_firm_with_nothing_to_apply_for_is_named_in_the_summary(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, catalog: Catalog
) -> None:
    """A consultant types a Suzhou client (no Suzhou measure names an amount) below a Chengdu one, as
    people type: 汇总's 材料 says which packet holds a 申报书 and which the 政策服务清单."""
    suzhou = {
        "example": "否",
        "name": "苏州吴韵丝绸跨境电子商务有限公司",
        "credit_code": "91320500MA1HHB00RF",
        "city": "苏州",
        "year": 2025,
        "established": "2018/5/28",
        "role.trader": "是",
        "cbec_transaction": "5800万",
    }
    rows = firm_sheet_rows(catalog, [_firm("成都甲跨境科技有限公司", CODES["C"]), suzhou])
    path = typed_workbook(tmp_path, "firms", {FIRMS_SHEET: rows}, "xlsx", profile_folder(tmp_path_factory))
    report = run_batch(path, tmp_path / "out", DAY, jobs=1)
    assert report.exit_status == 0, [p.message for o in report.outcomes for p in o.problems]
    summary = {row["企业名称"]: (row["处理结果"], row["材料"]) for row in summary_rows(report.summary)}
    assert summary == {
        "成都甲跨境科技有限公司": ("已生成", "申报书"),
        "苏州吴韵丝绸跨境电子商务有限公司": ("已生成", "政策服务清单"),
    }, summary
    assert (tmp_path / "out" / "苏州吴韵丝绸跨境电子商务有限公司_2025" / "01_政策服务清单.docx").is_file()
