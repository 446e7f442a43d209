"""The batch's two workbooks: 汇总 (one row per firm, with changes against an older run) and 错误报告."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.batch.cells import safe_row, text_cell
from desktop.batch.outcome import FAILED, STATE_LABELS, FirmOutcome
from desktop.batch.reader import CellProblem
from desktop.batch.xlsx import CellFault, opened_workbook, read_sheet
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
    return [
        measure_id
        for key in catalog.documents
        for measure_id in catalog.measure_ids(key)
        if catalog.measures[measure_id].award.is_money
    ]


COLUMN_WIDTHS = {
    "序号": 6, "企业名称": 32, "统一社会信用代码": 22, "城市": 10, "处理结果": 16, "材料文件夹": 36,
    "问题": 60, "企业": 28, "工作表": 10, "单元格": 8, "字段": 28, "措施": 10,
    "政策文件": 40, "年度指南": 40, "申报开始": 12, "申报截止": 12, "提醒": 22,
}  # fmt: skip


def _header(sheet, titles: list[str], fit_width: bool = False) -> None:
    """Append the header row of a write-only sheet, with widths, frozen panes and landscape printing
    (a wide sheet prints across pages with its first two columns repeated)."""
    for column, title in enumerate(titles, start=1):
        width = COLUMN_WIDTHS.get(title, max(11, min(40, len(title) * 2 + 2)))
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C2"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    if fit_width:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        sheet.print_title_cols = "A:B"
    sheet.append([text_cell(sheet, title, font=Font(bold=True), fill=HEADER_FILL) for title in titles])


def _cell(sheet, value: object, number_format: str | None = None, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


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
    day: date | None = None,
) -> None:
    """Write 汇总.xlsx: per firm its result, each measure's award or status, totals, a link to its
    packet; and a sheet of every measure to apply for with its document, guide and deadline,
    sorted by deadline, windows passed by ``day`` (today by default) marked.

    Streamed (write-only), so the summary of thousands of firms does not sit in memory as cells.
    """
    ids = money_measures(catalog)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    _header(sheet, FIXED + ids + TAIL)
    grey, red = Font(color="888888"), Font(color="C0392B", bold=True)
    for number, outcome in enumerate(outcomes, start=1):
        state_font = red if outcome.problems else None
        row: list[object] = [number, outcome.name, outcome.credit_code, outcome.city]
        row.append(_cell(sheet, STATE_LABELS[outcome.state], font=state_font))
        for measure_id in ids:
            figure = outcome.measures.get(measure_id)
            if figure is None:
                row.append(None)
            elif figure.status == Status.ELIGIBLE.value:
                font = None if figure.counted else Font(color="999999", italic=True)
                row.append(_cell(sheet, int(Decimal(figure.award)), UP_TO if figure.up_to else MONEY, font))
            else:
                row.append(_cell(sheet, STATUS_LABELS[Status(figure.status)], font=grey))
        if outcome.state != FAILED and outcome.measures:
            row += [
                _cell(sheet, int(Decimal(outcome.total)), MONEY),
                _cell(sheet, int(Decimal(outcome.total_up_to)), MONEY),
            ]
        else:
            row += [None, None]
        if outcome.folder:
            link = _cell(sheet, outcome.folder, font=Font(color="0563C1", underline="single"))
            link.hyperlink = outcome.folder + "/"
            row.append(link)
        else:
            row.append(None)
        row.append(f"{len(outcome.problems)} 处问题，见 错误报告.xlsx" if outcome.problems else None)
        sheet.append(safe_row(sheet, row))
    _deadlines(workbook.create_sheet(DEADLINES_SHEET), outcomes, catalog, day or date.today())
    if old is not None:
        _changes(workbook.create_sheet(CHANGES_SHEET), outcomes, ids, old)
    _save(workbook, path, "批量申报汇总")


DEADLINES_SHEET = "申报截止"
DEADLINE_TITLES = [
    "企业名称",
    "统一社会信用代码",
    "措施",
    "金额(元)",
    "政策文件",
    "年度指南",
    "申报开始",
    "申报截止",
    "提醒",
]


def _deadlines(sheet, outcomes: list[FirmOutcome], catalog: Catalog, day: date) -> None:
    """One row per firm and measure it can apply for: where the figure comes from and until when to
    apply, earliest deadline first (no deadline yet last); passed windows marked in red."""
    _header(sheet, DEADLINE_TITLES)
    rows = [
        (outcome, measure_id, figure)
        for outcome in outcomes
        if outcome.state != FAILED
        for measure_id, figure in outcome.measures.items()
        if figure.status == Status.ELIGIBLE.value
    ]
    rows.sort(key=lambda row: (row[2].deadline or "9999-12-31", row[0].index, row[1]))
    red = Font(color="C0392B", bold=True)
    for outcome, measure_id, figure in rows:
        title = catalog.measures[measure_id].title if measure_id in catalog.measures else ""
        deadline = date.fromisoformat(figure.deadline) if figure.deadline else None
        if deadline is None:
            remark, font = "待年度指南公布申报时间", None
        elif deadline < day:
            remark, font = f"已过截止日({day.isoformat()})", red
        else:
            remark, font = f"剩余 {(deadline - day).days} 天", None
        row = [
            outcome.name,
            outcome.credit_code,
            f"{measure_id} {title}",
            _cell(sheet, int(Decimal(figure.award)), UP_TO if figure.up_to else MONEY),
            figure.document,
            figure.guide,
            _cell(sheet, date.fromisoformat(figure.window_from), "yyyy-mm-dd")
            if figure.window_from
            else None,
            _cell(sheet, deadline, "yyyy-mm-dd", font) if deadline else None,
            _cell(sheet, remark, font=font),
        ]
        sheet.append(safe_row(sheet, row))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(DEADLINE_TITLES))}{len(rows) + 1}"


def _changes(sheet, outcomes: list[FirmOutcome], ids: list[str], old: dict[str, dict[str, Decimal]]) -> None:
    _header(sheet, ["企业名称", "统一社会信用代码", "措施", "原金额(元)", "新金额(元)", "变化(元)"])
    written = 0
    for outcome in outcomes:
        if outcome.state == FAILED:
            continue
        before = old.get(outcome.credit_code)
        if before is None:
            sheet.append(safe_row(sheet, [outcome.name, outcome.credit_code, "(上次汇总中没有该企业)"]))
            written += 1
            continue
        now = {
            measure_id: _decimal(figure.award) if figure.status == Status.ELIGIBLE.value else Decimal(0)
            for measure_id, figure in outcome.measures.items()
        }
        for measure_id in ids:
            old_value, new_value = before.get(measure_id, Decimal(0)), now.get(measure_id, Decimal(0))
            if old_value == new_value:
                continue
            row = [
                outcome.name,
                outcome.credit_code,
                measure_id,
                _cell(sheet, int(old_value), MONEY),
                _cell(sheet, int(new_value), MONEY),
                _cell(sheet, int(new_value - old_value), "+#,##0;-#,##0;0"),
            ]
            sheet.append(safe_row(sheet, row))
            written += 1
    if not written:
        sheet.append(["与上次汇总相比，各企业各措施金额均无变化"])


def read_old_summary(path: Path) -> dict[str, dict[str, Decimal]]:
    """Return an older 汇总.xlsx as {credit code: {measure id: award}}; raises InputError if unusable."""
    with opened_workbook(path, "--compare-to") as workbook:
        if SUMMARY_SHEET not in workbook.sheetnames:
            raise InputError(
                str(path), [Problem("--compare-to", f"缺少工作表“{SUMMARY_SHEET}”，不是本程序生成的汇总")]
            )
        rows = [
            tuple(None if isinstance(value, CellFault) else value for value in row)
            for row in read_sheet(workbook, SUMMARY_SHEET, path, "--compare-to")
        ]
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
    for row in rows[1:]:
        values = row + (None,) * (len(header) - len(row))
        code = values[code_column]
        if not code:
            continue
        old[str(code)] = {
            title: _decimal(values[index]) if isinstance(values[index], (int, float)) else Decimal(0)
            for index, title in measure_columns.items()
        }
    return old


def write_error_report(path: Path, outcomes: list[FirmOutcome], loose: list[CellProblem]) -> None:
    """Write 错误报告.xlsx: for every problem the firm, sheet, cell, field and a plain Chinese message."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("错误报告")
    _header(sheet, ["企业", "工作表", "单元格", "字段", "问题"], fit_width=True)
    entries = [(o.name or o.label, p) for o in outcomes for p in o.problems] + [("", p) for p in loose]
    for firm, problem in entries:
        sheet_name, _, cell = problem.where.partition("!")
        row = [firm, sheet_name if cell else "", cell or problem.where, problem.field, problem.message]
        sheet.append(safe_row(sheet, row))
    if not entries:
        sheet.append(["没有发现问题"])
    _save(workbook, path, "批量申报错误报告")
