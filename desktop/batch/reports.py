"""The batch's two workbooks, to send as they are: 汇总 (a row per firm under measure titles, what is still
needed, deadlines, changes against an older run) and 错误报告 (every problem in Chinese, with its cell)."""

from __future__ import annotations

import io
import math
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.batch.cells import safe_row, text_cell
from desktop.batch.columns import field_label
from desktop.batch.outcome import FAILED, GENERATED, NOT_RUN, SKIPPED, STATE_LABELS, FirmOutcome
from desktop.batch.reader import CellProblem
from desktop.batch.xlsx import CellFault, opened_workbook, read_sheet
from desktop.catalog.loader import Catalog
from desktop.catalog.model import FactKind
from desktop.engine.result import STATUS_LABELS, Status
from desktop.errors import InputError, Problem
from desktop.packet.files import normalised_container, write_bytes_atomic

SUMMARY_SHEET = "汇总"
MISSING_SHEET = "待补充"
DEADLINES_SHEET = "申报截止"
CHANGES_SHEET = "变化"
CODE_ROW, TITLE_ROW, FIRST_ROW = 1, 2, 3  # the summary's hidden row of keys, its visible header, its data
FIXED = ["序号", "企业名称", "统一社会信用代码", "业绩年度", "城市", "处理结果"]
TAIL = ["合计(元)", "最高额合计(元)", "待补充(项)", "材料", "材料文件夹", "问题"]
APPLICATION, SERVICES_LIST = "申报书", "政策服务清单"  # 材料: what the packet holds for the bureau
UNFINISHED_MARK = "本次批量处理尚未完成"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
MONEY = "#,##0"
UP_TO = '"≤ "#,##0'
GREY, RED = Font(color="888888"), Font(color="C0392B", bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
A4 = 9
COLUMN_WIDTHS = {
    "序号": 6, "企业名称": 26, "统一社会信用代码": 21, "业绩年度": 7, "城市": 8, "处理结果": 11,
    "合计(元)": 12, "最高额合计(元)": 12, "待补充(项)": 7, "材料": 13, "材料文件夹": 26, "问题": 24,
    "企业": 26, "工作表": 9, "单元格": 9, "字段": 20, "措施": 30, "措施编号": 9, "金额(元)": 12,
    "政策文件": 34, "年度指南": 26, "申报开始": 11, "申报截止": 11, "提醒": 18,
    "需补充的数据": 30, "填写方式": 22, "填在": 10, "用于措施": 40,
    "原金额(元)": 12, "新金额(元)": 12, "变化(元)": 12,
}  # fmt: skip
MEASURE_WIDTH = 11


def measures_in(outcomes: list[FirmOutcome], catalog: Catalog) -> list[str]:
    """Return the money measures of the cities in the batch, in catalog order: the summary's columns."""
    present = {measure_id for outcome in outcomes for measure_id in outcome.measures}
    return [
        measure_id
        for key in catalog.documents
        for measure_id in catalog.measure_ids(key)
        if measure_id in present and catalog.measures[measure_id].award.is_money
    ]


def _title(measure_id: str, catalog: Catalog) -> str:
    measure = catalog.measures.get(measure_id)
    return measure.title if measure else measure_id


def _print_setup(sheet: Any, header_row: int, last_column: int) -> None:
    """A4 landscape, as wide as one page, the header repeated on every page, 第 N 页 共 M 页 below."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
    sheet.oddHeader.center.text = "&A"


# A4 landscape between 0.4" margins holds about 149 Excel width units at 100 %; below 65 % a printed
# summary is hard to read, so a wider one (many cities' measures) runs over several pages instead.
PAGE_WIDTH_UNITS = 149
SMALLEST_SCALE = 0.65
REPEATED_COLUMNS = "A:B"  # 序号 and 企业名称, printed on every page across


def _pages_wide(sheet: Any, widths: list[float]) -> None:
    """Print the summary one page wide when that keeps it readable; else as few pages across as keep
    65 %, each repeating 序号 and 企业名称, a firm's pages across printed one after another."""
    fits = PAGE_WIDTH_UNITS / SMALLEST_SCALE
    if sum(widths) <= fits:
        return
    repeated = sum(widths[:2])
    sheet.page_setup.fitToWidth = math.ceil((sum(widths) - repeated) / (fits - repeated))
    sheet.print_title_cols = REPEATED_COLUMNS
    sheet.page_setup.pageOrder = "overThenDown"


def _header(
    sheet: Any, titles: list[str], freeze: str = "C2", widths: dict[str, float] | None = None
) -> None:
    """Append the header row of a write-only sheet (wrapped, bold) with its widths, frozen panes and printing."""
    for column, title in enumerate(titles, start=1):
        width = (widths or {}).get(title) or COLUMN_WIDTHS.get(title) or max(10, min(30, len(title) * 2 + 2))
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = freeze
    _print_setup(sheet, 1, len(titles))
    sheet.append([_bold(sheet, title) for title in titles])


def _bold(sheet: Any, title: str) -> WriteOnlyCell:
    return text_cell(sheet, title, font=Font(bold=True), fill=HEADER_FILL, alignment=WRAP)


def _cell(
    sheet: Any, value: object, number_format: str | None = None, font: Font | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _filter(sheet: Any, header_row: int, columns: int, rows: int) -> None:
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(header_row, header_row + rows)}"


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
    errors_name: str = "错误报告.xlsx",
    cells: dict[str, str] | None = None,
) -> None:
    """Write 汇总.xlsx: per firm (序号 = its input row) its result and each money measure of the batch's
    cities under the measure's title (codes only in the hidden first row), totals, what is still needed,
    a link to its packet; a 待补充 sheet of the figures and answers each firm still has to give; a sheet of
    deadlines; with ``old``, a sheet of changes. Filters, frozen headers, A4 landscape one page wide
    (several across, each with 序号 and 企业名称, when one would print below 65 %).

    ``cells`` gives the input column of each field (``cbec_transaction`` → ``企业!R``), named in 待补充.
    Streamed (write-only), so the summary of thousands of firms does not sit in memory as cells.
    """
    ids = measures_in(outcomes, catalog)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    keys = FIXED + ids + TAIL
    titles = FIXED + [_title(measure_id, catalog) for measure_id in ids] + TAIL
    widths = [COLUMN_WIDTHS.get(key, MEASURE_WIDTH) for key in keys]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[CODE_ROW].hidden = True
    sheet.row_dimensions[TITLE_ROW].height = 60
    sheet.freeze_panes = f"C{FIRST_ROW}"
    _print_setup(sheet, TITLE_ROW, len(keys))
    _pages_wide(sheet, widths)
    sheet.append(safe_row(sheet, keys))  # hidden: the measure codes, for --compare-to and for scripts
    sheet.append([_bold(sheet, title) for title in titles])
    for outcome in outcomes:
        sheet.append(safe_row(sheet, _summary_row(sheet, outcome, ids, errors_name)))
    _filter(sheet, TITLE_ROW, len(keys), len(outcomes))
    _missing(workbook.create_sheet(MISSING_SHEET), outcomes, catalog, cells or {})
    _deadlines(workbook.create_sheet(DEADLINES_SHEET), outcomes, catalog, day or date.today())
    if old is not None:
        _changes(workbook.create_sheet(CHANGES_SHEET), outcomes, ids, old, catalog)
    _save(workbook, path, "批量申报汇总")


def _summary_row(sheet: Any, outcome: FirmOutcome, ids: list[str], errors_name: str) -> list[object]:
    state_font = RED if outcome.problems else None
    row: list[object] = [outcome.row, outcome.name, outcome.credit_code, outcome.year, outcome.city]
    row.append(_cell(sheet, STATE_LABELS[outcome.state], font=state_font))
    for measure_id in ids:
        figure = outcome.measures.get(measure_id)
        if figure is None:
            row.append(None)
        elif figure.status == Status.ELIGIBLE.value:
            font = None if figure.counted else Font(color="999999", italic=True)
            row.append(_cell(sheet, int(Decimal(figure.award)), UP_TO if figure.up_to else MONEY, font))
        else:
            row.append(_cell(sheet, STATUS_LABELS[Status(figure.status)], font=GREY))
    if outcome.state not in (FAILED, NOT_RUN) and outcome.measures:
        row += [
            _cell(sheet, int(Decimal(outcome.total)), MONEY),
            _cell(sheet, int(Decimal(outcome.total_up_to)), MONEY),
        ]
    else:
        row += [None, None]
    row.append(len(outcome.missing) or None)
    if outcome.state in (GENERATED, SKIPPED):
        row.append(SERVICES_LIST if outcome.services_only else APPLICATION)
    else:
        row.append(None)
    if outcome.folder:
        link = _cell(sheet, outcome.folder, font=Font(color="0563C1", underline="single"))
        link.hyperlink = outcome.folder + "/"
        row.append(link)
    else:
        row.append(None)
    row.append(f"{len(outcome.problems)} 处问题，见 {errors_name}" if outcome.problems else None)
    return row


MISSING_TITLES = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "业绩年度",
    "需补充的数据",
    "填写方式",
    "填在",
    "用于措施",
    "措施编号",
]


def _how(fact: str, catalog: Catalog) -> str:
    definition = catalog.facts.get(fact)
    if definition is None:
        return ""
    if definition.kind is FactKind.BOOL:
        return "填 是 或 否"
    if definition.kind is FactKind.ENUM:
        return "选择：" + "、".join(choice.label for choice in definition.choices.values())
    unit = definition.kind.unit
    return f"金额，单位 {unit}" if unit in ("元", "美元") else f"数值，单位 {unit}"


def _missing(sheet: Any, outcomes: list[FirmOutcome], catalog: Catalog, cells: dict[str, str]) -> None:
    """One row per firm and fact still needed: what to ask the client for, how to give it, where it goes
    in the workbook, and which measures wait for it (titles; codes in the last column)."""
    _header(sheet, MISSING_TITLES)
    written = 0
    for outcome in outcomes:
        for fact, measure_ids in outcome.missing.items():
            definition = catalog.facts.get(fact)
            column = cells.get(fact, "")
            row = [
                outcome.row,
                outcome.name,
                outcome.credit_code,
                outcome.year,
                definition.label if definition else fact,
                _how(fact, catalog),
                f"{column}{outcome.row}" if column and outcome.row else column,
                "、".join(_title(measure_id, catalog) for measure_id in measure_ids),
                "、".join(measure_ids),
            ]
            sheet.append(safe_row(sheet, row))
            written += 1
    if not written:
        sheet.append(["没有需要补充的数据"])
    _filter(sheet, 1, len(MISSING_TITLES), written)


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
    "措施编号",
]


def _deadlines(sheet: Any, outcomes: list[FirmOutcome], catalog: Catalog, day: date) -> None:
    """One row per firm and measure it can apply for: where the figure comes from and until when to
    apply, earliest deadline first (no deadline yet last); passed windows marked in red."""
    _header(sheet, DEADLINE_TITLES)
    rows = [
        (outcome, measure_id, figure)
        for outcome in outcomes
        if outcome.state not in (FAILED, NOT_RUN)
        for measure_id, figure in outcome.measures.items()
        if figure.status == Status.ELIGIBLE.value
    ]
    rows.sort(key=lambda row: (row[2].deadline or "9999-12-31", row[0].index, row[1]))
    any_deadline = any(figure.deadline for _, _, figure in rows)
    if rows and not any_deadline:
        sheet.append(
            safe_row(
                sheet,
                [
                    "各措施的申报时间都还待年度指南公布；添加年度指南(政策目录 → 导入)后重新运行即可看到截止日期。"
                ],
            )
        )
    for outcome, measure_id, figure in rows:
        deadline = date.fromisoformat(figure.deadline) if figure.deadline else None
        if deadline is None:
            remark, font = ("待年度指南公布" if any_deadline else None), None
        elif deadline < day:
            remark, font = f"已过截止日({day.isoformat()})", RED
        else:
            remark, font = f"剩余 {(deadline - day).days} 天", None
        row = [
            outcome.name,
            outcome.credit_code,
            figure.title or _title(measure_id, catalog),
            _cell(sheet, int(Decimal(figure.award)), UP_TO if figure.up_to else MONEY),
            figure.document,
            figure.guide,
            _cell(sheet, date.fromisoformat(figure.window_from), "yyyy-mm-dd")
            if figure.window_from
            else None,
            _cell(sheet, deadline, "yyyy-mm-dd", font) if deadline else None,
            _cell(sheet, remark, font=font) if remark else None,
            measure_id,
        ]
        sheet.append(safe_row(sheet, row))
    _filter(sheet, 1, len(DEADLINE_TITLES), len(rows) + (0 if any_deadline or not rows else 1))


CHANGE_TITLES = [
    "企业名称",
    "统一社会信用代码",
    "业绩年度",
    "措施",
    "原金额(元)",
    "新金额(元)",
    "变化(元)",
    "措施编号",
]


def _changes(
    sheet: Any,
    outcomes: list[FirmOutcome],
    ids: list[str],
    old: dict[str, dict[str, Decimal]],
    catalog: Catalog,
) -> None:
    _header(sheet, CHANGE_TITLES)
    written = 0
    for outcome in outcomes:
        if outcome.state in (FAILED, NOT_RUN):
            continue
        before = old.get(f"{outcome.credit_code}|{outcome.year}", old.get(outcome.credit_code))
        if before is None:
            sheet.append(
                safe_row(sheet, [outcome.name, outcome.credit_code, outcome.year, "(上次汇总中没有该企业)"])
            )
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
                outcome.year,
                _title(measure_id, catalog),
                _cell(sheet, int(old_value), MONEY),
                _cell(sheet, int(new_value), MONEY),
                _cell(sheet, int(new_value - old_value), "+#,##0;-#,##0;0"),
                measure_id,
            ]
            sheet.append(safe_row(sheet, row))
            written += 1
    if not written:
        sheet.append(["与上次汇总相比，各企业各措施金额均无变化"])
    _filter(sheet, 1, len(CHANGE_TITLES), written)


def read_old_summary(path: Path) -> dict[str, dict[str, Decimal]]:
    """Return an older 汇总.xlsx as {credit code|year (credit code alone before years were shown): {measure
    id: award}}; raises
    InputError if unusable. Reads this version's summaries (codes in a hidden first row) and earlier ones."""
    with opened_workbook(path, "--compare-to") as workbook:
        if SUMMARY_SHEET not in workbook.sheetnames:
            raise InputError(
                str(path), [Problem("--compare-to", f"缺少工作表“{SUMMARY_SHEET}”，不是本程序生成的汇总")]
            )
        rows = [
            tuple(None if isinstance(value, CellFault) else value for value in row)
            for row in read_sheet(workbook, SUMMARY_SHEET, path, "--compare-to")
        ]
    if rows and rows[0] and UNFINISHED_MARK in str(rows[0][0]):
        raise InputError(
            str(path),
            [Problem("--compare-to", "这是未完成的批量处理留下的占位汇总，没有结果可比较；请选择完整的汇总")],
        )
    header = [str(h) if h is not None else "" for h in rows[0]] if rows else []
    if "统一社会信用代码" not in header:
        raise InputError(
            str(path), [Problem("--compare-to", "表头中没有“统一社会信用代码”，不是本程序生成的汇总")]
        )
    code_column = header.index("统一社会信用代码")
    year_column = header.index("业绩年度") if "业绩年度" in header else None
    measure_columns = {
        index: title for index, title in enumerate(header) if "-" in title and title[:2].isalpha()
    }
    first = FIRST_ROW - 1 if len(rows) > 1 and rows[1] and str(rows[1][0]) == FIXED[0] else 1
    old: dict[str, dict[str, Decimal]] = {}
    for row in rows[first:]:
        values = row + (None,) * (len(header) - len(row))
        code = values[code_column]
        if not code:
            continue
        awards = {
            title: _decimal(values[index]) if isinstance(values[index], (int, float)) else Decimal(0)
            for index, title in measure_columns.items()
        }
        year = values[year_column] if year_column is not None else None
        old[f"{code}|{year}" if year is not None else str(code)] = awards
    return old


ERROR_TITLES = ["序号", "企业", "工作表", "单元格", "字段", "问题"]


def write_error_report(
    path: Path, outcomes: list[FirmOutcome], loose: list[CellProblem], catalog: Catalog | None = None
) -> None:
    """Write 错误报告.xlsx: for every problem its input row, the firm, sheet, cell, field (its Chinese name)
    and a plain Chinese message."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("错误报告")
    _header(sheet, ERROR_TITLES, widths={"问题": 70})
    entries = [(o.row, o.name or o.label, p) for o in outcomes for p in o.problems] + [
        (None, "", p) for p in loose
    ]
    for number, firm, problem in entries:
        sheet_name, _, cell = problem.where.partition("!")
        label = field_label(problem.field, catalog) if catalog is not None else ""
        row = [number, firm, sheet_name if cell else "", cell or problem.where, label, problem.message]
        sheet.append(safe_row(sheet, [*row[:5], text_cell(sheet, problem.message, alignment=WRAP)]))
    if not entries:
        sheet.append(["没有发现问题"])
    _filter(sheet, 1, len(ERROR_TITLES), len(entries))
    _save(workbook, path, "批量申报错误报告")
