"""Helpers for batch tests: a filled copy of the blank template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from desktop.batch.columns import FIRMS_SHEET, FIRST_DATA_ROW, KEY_ROW
from desktop.batch.template import build_template
from desktop.catalog import bundled_catalog

GOOD = {
    "example": "否",
    "name": "成都甲跨境科技有限公司",
    "credit_code": "91510100MA6CDRM0TN",
    "city": "成都市",
    "year": 2025,
    "established": "2019-04-16",
    "role.trader": "是",
    "legal_representative": "王甲",
    "cbec_transaction": 320000000,
    "cbec_transaction_prior": 250000000,
    "cbec_over_1m_before": "是",
    "chengdu_platform_registered": "是",
    "loan_interest_paid": 1200000,
}


def fill(path: Path, rows: list[dict[str, Any]], side: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """Write the blank template to ``path`` and fill firm rows (after the example) and side-sheet rows."""
    path.write_bytes(build_template(bundled_catalog()))
    workbook = load_workbook(path)
    for sheet_name, entries in {FIRMS_SHEET: rows, **(side or {})}.items():
        sheet = workbook[sheet_name]
        keys = [cell.value for cell in sheet[KEY_ROW]]
        start = FIRST_DATA_ROW + (1 if sheet_name == FIRMS_SHEET else 0)
        for offset, values in enumerate(entries):
            for key, value in values.items():
                sheet.cell(row=start + offset, column=keys.index(key) + 1, value=value)
    workbook.save(path)
    return path


def firm(**changes: Any) -> dict[str, Any]:
    """Return a good firm row with some fields changed."""
    return {**GOOD, **changes}


def error_rows(path: Path) -> list[dict[str, Any]]:
    """Return the rows of 错误报告.xlsx as dicts by its Chinese headers (序号, 企业, 工作表, 单元格, 字段, 问题)."""
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:] if row[0] != "没有发现问题"]


def summary_rows(path: Path) -> list[dict[str, Any]]:
    """Return the firms of 汇总.xlsx as dicts keyed by its hidden first row (序号 …, measure codes, 合计(元) …)."""
    rows = list(load_workbook(path)["汇总"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[2:]]
