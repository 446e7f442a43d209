"""The batch's two workbooks: 汇总 (one row per firm, with changes against an older run) and 错误报告."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.batch.outcome import FAILED, STATE_LABELS, FirmOutcome
from desktop.batch.reader import CellProblem
from desktop.catalog.loader import Catalog
from desktop.engine.result import STATUS_LABELS, Status
from desktop.errors import InputError, Problem
from desktop.packet.files import normalised_container, write_bytes_atomic

SUMMARY_SHEET = "汇总"
CHANGES_SHEET = "变化"
FIXED = ["序号", "企业名称", "统一社会信用代码", "城市", "处理结果"]
TAIL = ["合计(元)", "最高额合计(元)", "材料文件夹", "问题"]
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
MONEY = "#,##0"
UP_TO = '"≤ "#,##0'


def money_measures(catalog: Catalog) -> list[str]:
    """Return the ids of every measure that pays money, in catalog order: the summary's columns."""
    return [m.id for j in catalog.jurisdictions.values() for m in j.measures if m.award.is_money]


def _header(sheet, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = max(10, min(40, len(title) * 2 + 2))
    sheet.freeze_panes = "C2"


def _save(workbook: Workbook, path: Path, title: str) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes_atomic(path, normalised_container(buffer.getvalue(), title, date.today()))


def _decimal(value: object) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def write_summary(
    path: Path,
    outcomes: list[FirmOutcome],
    catalog: Catalog,
    out: Path,
    old: dict[str, dict[str, Decimal]] | None = None,
) -> None:
    """Write 汇总.xlsx: per firm its result, each measure's award or status, totals, a link to its packet."""
    ids = money_measures(catalog)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SUMMARY_SHEET
    _header(sheet, FIXED + ids + TAIL)
    for row, outcome in enumerate(outcomes, start=2):
        values = [row - 1, outcome.name, outcome.credit_code, outcome.city, STATE_LABELS[outcome.state]]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
        for offset, measure_id in enumerate(ids, start=len(FIXED) + 1):
            figure = outcome.measures.get(measure_id)
            if figure is None:
                continue
            cell = sheet.cell(row=row, column=offset)
            if figure.status == Status.ELIGIBLE.value:
                cell.value = int(Decimal(figure.award))
                cell.number_format = UP_TO if figure.up_to else MONEY
                if not figure.counted:
                    cell.font = Font(color="999999", italic=True)
            else:
                cell.value = STATUS_LABELS[Status(figure.status)]
                cell.font = Font(color="888888")
        tail = len(FIXED) + len(ids) + 1
        if outcome.state != FAILED and outcome.measures:
            sheet.cell(row=row, column=tail, value=int(Decimal(outcome.total))).number_format = MONEY
            sheet.cell(
                row=row, column=tail + 1, value=int(Decimal(outcome.total_up_to))
            ).number_format = MONEY
        if outcome.folder:
            link = sheet.cell(row=row, column=tail + 2, value=outcome.folder)
            link.hyperlink = outcome.folder + "/"
            link.font = Font(color="0563C1", underline="single")
        if outcome.problems:
            sheet.cell(row=row, column=tail + 3, value=f"{len(outcome.problems)} 处问题，见 错误报告.xlsx")
            sheet.cell(row=row, column=5).font = Font(color="C0392B", bold=True)
    if old is not None:
        _changes(workbook.create_sheet(CHANGES_SHEET), outcomes, ids, old)
    _save(workbook, path, "批量申报汇总")


def _changes(sheet, outcomes: list[FirmOutcome], ids: list[str], old: dict[str, dict[str, Decimal]]) -> None:
    _header(sheet, ["企业名称", "统一社会信用代码", "措施", "原金额(元)", "新金额(元)", "变化(元)"])
    row = 2
    for outcome in outcomes:
        before = old.get(outcome.credit_code)
        if outcome.state == FAILED:
            continue
        now = {
            measure_id: _decimal(figure.award) if figure.status == Status.ELIGIBLE.value else Decimal(0)
            for measure_id, figure in outcome.measures.items()
        }
        if before is None:
            sheet.cell(row=row, column=1, value=outcome.name)
            sheet.cell(row=row, column=2, value=outcome.credit_code)
            sheet.cell(row=row, column=3, value="(上次汇总中没有该企业)")
            row += 1
            continue
        for measure_id in ids:
            old_value, new_value = before.get(measure_id, Decimal(0)), now.get(measure_id, Decimal(0))
            if old_value == new_value:
                continue
            for column, value in enumerate(
                [
                    outcome.name,
                    outcome.credit_code,
                    measure_id,
                    int(old_value),
                    int(new_value),
                    int(new_value - old_value),
                ],
                start=1,
            ):
                cell = sheet.cell(row=row, column=column, value=value)
                if column >= 4:
                    cell.number_format = "+#,##0;-#,##0;0" if column == 6 else MONEY
            row += 1
    if row == 2:
        sheet.cell(row=2, column=1, value="与上次汇总相比，各企业各措施金额均无变化")


def read_old_summary(path: Path) -> dict[str, dict[str, Decimal]]:
    """Return an older 汇总.xlsx as {credit code: {measure id: award}}; raises InputError if unusable."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError) as exc:
        raise InputError(str(path), [Problem("--compare-to", f"无法读取上次的汇总：{exc}")]) from exc
    try:
        if SUMMARY_SHEET not in workbook.sheetnames:
            raise InputError(
                str(path), [Problem("--compare-to", f"缺少工作表“{SUMMARY_SHEET}”，不是本程序生成的汇总")]
            )
        rows = list(workbook[SUMMARY_SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = [str(h) if h is not None else "" for h in rows[0]] if rows else []
    if "统一社会信用代码" not in header:
        raise InputError(
            str(path), [Problem("--compare-to", "表头中没有“统一社会信用代码”，不是本程序生成的汇总")]
        )
    code_column = header.index("统一社会信用代码")
    measure_columns = {
        index: title for index, title in enumerate(header) if "-" in title and title[:2].isalpha()
    }
    old: dict[str, dict[str, Decimal]] = {}
    for values in rows[1:]:
        code = values[code_column]
        if not code:
            continue
        old[str(code)] = {
            title: _decimal(values[index]) if isinstance(values[index], (int, float)) else Decimal(0)
            for index, title in measure_columns.items()
        }
    return old


def write_error_report(path: Path, outcomes: list[FirmOutcome], loose: list[CellProblem]) -> None:
    """Write 错误报告.xlsx: for every problem the sheet, the cell, the field, a plain Chinese message."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "错误报告"
    _header(sheet, ["企业", "工作表", "单元格", "字段", "问题"])
    sheet.freeze_panes = "A2"
    row = 2
    entries = [(o.name or o.label, p) for o in outcomes for p in o.problems] + [("", p) for p in loose]
    for firm, problem in entries:
        sheet_name, _, cell = problem.where.partition("!")
        values = [firm, sheet_name if cell else "", cell or problem.where, problem.field, problem.message]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
        row += 1
    if row == 2:
        sheet.cell(row=2, column=1, value="没有发现问题")
    sheet.column_dimensions["E"].width = 80
    _save(workbook, path, "批量申报错误报告")
