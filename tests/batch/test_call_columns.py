"""The workbook columns for what calls ask (issue 25 item 1): the registered district on the 企业 sheet and the
申请事项 side sheet (measures without an amount a firm applies for → 项目申请报告), typed as people type them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from desktop.batch.columns import APPLY_SHEET, FIRMS_SHEET, KEY_ROW, firm_columns
from desktop.batch.reader import BatchItem, read_batch
from desktop.batch.runner import run_batch
from desktop.batch.template import LISTS_SHEET, build_template
from desktop.catalog import Catalog, bundled_catalog
from desktop.credit_code import with_check_character
from tests.batch.typed import (
    firm_sheet_rows,
    profile_folder,
    requires_soffice,
    side_sheet_rows,
    typed_workbook,
)

CODES = [with_check_character(f"91510100MA6DQ{index:04d}") for index in range(3)]
FIRM: dict[str, Any] = {
    "example": "否",
    "city": "成都",
    "year": 2025,
    "established": "2019/4/16",
    "role.trader": "是",
    "cbec_transaction": 320000000,
    "cbec_transaction_prior": 250000000,
    "cbec_over_1m_before": "是",
    "chengdu_platform_registered": "是",
}
FIRMS = [
    {**FIRM, "name": "成都高新跨境有限公司", "credit_code": CODES[0], "district": " 成都高新区 "},
    {**FIRM, "name": "成都长区名跨境有限公司", "credit_code": CODES[1], "district": "高新" * 21},
    {**FIRM, "name": "成都错号跨境有限公司", "credit_code": CODES[2]},
]
APPLIED = [
    {"credit_code": CODES[0], "measure": "CD-P1 上规模企业专班专案服务", "year": 2025},
    {"credit_code": CODES[0], "measure": "cd-p3"},  # typed by hand, lower case, year left out
    {"credit_code": CODES[2], "measure": "CD-P9"},
]


def _column(key: str) -> str:
    keys = [column.key for column in firm_columns(bundled_catalog())]
    return get_column_letter(keys.index(key) + 1)


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three firms and their 申请事项 typed as CSV and opened by LibreOffice, saved as .xlsx."""
    sheets = {
        FIRMS_SHEET: firm_sheet_rows(bundled_catalog(), FIRMS),
        APPLY_SHEET: side_sheet_rows(APPLY_SHEET, APPLIED),
    }
    folder = tmp_path_factory.mktemp("call-columns")
    return typed_workbook(folder, "firms", sheets, "xlsx", profile_folder(tmp_path_factory))


def _items(path: Path, catalog: Catalog) -> dict[str, BatchItem]:
    return {item.data["firm"]["credit_code"]: item for item in read_batch(path, catalog).items}


def test_blank_workbook_has_the_district_and_the_apply_sheet(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(build_template(catalog))
    book = load_workbook(path)
    firms = book[FIRMS_SHEET]
    keys = [cell.value for cell in firms[KEY_ROW]]
    assert keys[keys.index("city") + 1] == "district"  # right after 注册城市
    assert firms.cell(row=1, column=keys.index("district") + 1).value == "注册所在区（市）县"
    assert firms.cell(row=3, column=keys.index("district") + 1).value == "高新区"  # the example firm's
    assert [cell.value for cell in book[APPLY_SHEET][KEY_ROW]] == ["credit_code", "measure", "year"]
    lists = {
        column[0]: [v for v in column[1:] if v] for column in book[LISTS_SHEET].iter_cols(values_only=True)
    }
    offered = lists[f"{APPLY_SHEET}.measure"]
    assert "CD-P1 上规模企业专班专案服务" in offered
    assert not any(label.startswith("CD-2A") for label in offered)  # an amount is claimed, not applied for


@requires_soffice
def test_typed_district_and_applications_are_read(typed: Path, catalog: Catalog) -> None:
    items = _items(typed, catalog)
    first = items[CODES[0]]
    assert first.problems == []
    assert first.data["firm"]["district"] == "成都高新区"
    assert first.data["apply_for"] == ["CD-P1", "CD-P3"]
    assert first.cell_of("apply_for[1]") == f"{APPLY_SHEET}!B4"
    assert first.cell_of("firm.district") == f"{FIRMS_SHEET}!{_column('district')}3"
    assert "apply_for" not in items[CODES[1]].data  # no row on 申请事项: the firm file stays as before


@requires_soffice
def test_bad_district_and_unknown_measure_name_their_cells(
    typed: Path, tmp_path: Path, catalog: Catalog
) -> None:
    report = run_batch(typed, tmp_path / "out", date(2026, 3, 1), jobs=1)
    by_code = {outcome.credit_code: outcome for outcome in report.outcomes}
    long_name = by_code[CODES[1]]
    assert long_name.state == "failed"
    ((where, message),) = [(p.where, p.message) for p in long_name.problems]
    assert where == f"{FIRMS_SHEET}!{_column('district')}4" and "40" in message
    unknown = by_code[CODES[2]]
    assert unknown.state == "failed"
    ((where, message),) = [(p.where, p.message) for p in unknown.problems]
    assert where == f"{APPLY_SHEET}!B5" and "CD-P9" in message


@requires_soffice
def test_applications_get_their_reports(typed: Path, tmp_path: Path) -> None:
    report = run_batch(typed, tmp_path / "out", date(2026, 3, 1), jobs=1)
    (generated,) = [outcome for outcome in report.outcomes if outcome.state == "generated"]
    assert generated.credit_code == CODES[0]
    (folder,) = [
        path for path in (tmp_path / "out").iterdir() if path.name.startswith("成都高新跨境有限公司")
    ]
    reports = sorted(path.name for path in folder.glob("06_*_项目申请报告_*.docx"))
    assert reports == ["06_01_项目申请报告_上规模企业专班专案服务.docx", "06_02_项目申请报告_供应链金融.docx"]
    text = "\n".join(p.text for p in Document(str(folder / reports[0])).paragraphs)
    assert "成都高新跨境有限公司" in text
