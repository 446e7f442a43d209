"""The blank batch workbook a consultant fills: instructions, a firms sheet with dropdowns, side sheets."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from desktop.batch.cells import texts_as_strings
from desktop.batch.columns import (
    EXAMPLE_KEY,
    FIRMS_SHEET,
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    HEADER_ROW,
    KEY_ROW,
    NO,
    ROLE_PREFIX,
    SIDE_SHEETS,
    YES,
    Column,
    firm_columns,
)
from desktop.catalog.loader import Catalog
from desktop.packet.files import normalised_container, write_bytes_atomic
from desktop.paths import samples_dir

LISTS_SHEET = "选项"
EXAMPLE_NAME_PREFIX = "【示例】"
LAST_ROW = 2000
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF4CC")
NUMBER_FORMATS = {
    "money": "#,##0.##",
    "usd": "#,##0.##",
    "area": "#,##0.##",
    "year": "0",
    "date": "yyyy-mm-dd",
}
GUIDE = [
    "跨境电商政策批量申报工作簿 · 填写说明",
    "",
    "1. 在“企业”工作表中每行填写一家企业；第 1 行是中文表头，第 2 行是字段键(程序读取用，请勿修改)。",
    "2. 第 3 行是示例(“示例行”列为“是”)，批量处理时跳过；可参考后删除或保留。",
    "3. 带下拉箭头的单元格请从列表中选择；金额以元为单位，面积以平方米为单位，GMV 以美元为单位。",
    "4. 不知道或不适用的数据请留空：留空视为缺少，不当作 0。",
    "5. “历史获奖”“已获支持”“核定金额”三张表按统一社会信用代码对应到企业，可留空。",
    "6. 运行：python -m desktop batch 本文件.xlsx --out 输出文件夹",
    "   输出：每家企业一个申报材料文件夹、汇总.xlsx、错误报告.xlsx(列出每个有问题的单元格)。",
    "7. 修改有问题的行后再次运行同一命令：输入未变的企业会跳过，只重新生成改过的企业。",
]


def _header(sheet: Worksheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        head = sheet.cell(
            row=HEADER_ROW, column=index, value=column.header + (" *" if column.required else "")
        )
        head.font = Font(bold=True)
        head.fill = HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        key = sheet.cell(row=KEY_ROW, column=index, value=column.key)
        key.font = Font(color="888888", size=9)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(32, len(column.header) * 2 + 2))
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3 if sheet.title == FIRMS_SHEET else 1)
    sheet.row_dimensions[HEADER_ROW].height = 32


def _validations(sheet: Worksheet, columns: list[Column], lists: Worksheet) -> None:
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}"
        validation: DataValidation | None = None
        if column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.key)
            for row, label in enumerate(column.choices, start=2):
                lists.cell(row=row, column=list_column, value=label)
            end = len(column.choices) + 1
            validation = DataValidation(
                type="list", formula1=f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${end}"
            )
            validation.error = "请从下拉列表中选择：" + "、".join(column.choices)
        elif column.kind in ("money", "usd", "area"):
            validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            validation.error = "请填写不小于 0 的数字"
        elif column.kind == "year":
            validation = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
            validation.error = "请填写年份，如 2025"
        if validation is not None:
            validation.errorTitle = column.header
            validation.showErrorMessage = True
            prompt = {"money": "单位：元", "usd": "单位：美元(按原币种比较)", "area": "单位：平方米"}.get(
                column.kind, ""
            )
            if column.help:
                prompt = f"{prompt}。{column.help}" if prompt else column.help
            if prompt:
                validation.promptTitle = column.header[:32]
                validation.prompt = prompt[:255]
                validation.showInputMessage = True
            validation.add(cells)
            sheet.add_data_validation(validation)
        if column.kind in NUMBER_FORMATS:
            for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 200):
                sheet.cell(row=row, column=index).number_format = NUMBER_FORMATS[column.kind]


def example_values(catalog: Catalog) -> dict[str, object]:
    """Return the example row of the 企业 sheet as cell values by field key: the Chengdu sample firm."""
    sample = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    firm, facts = sample["firm"], sample["facts"]
    values: dict[str, object] = {}
    for column in firm_columns(catalog):
        key = column.key
        labels = {stored: label for label, stored in column.choices.items()}
        if key == EXAMPLE_KEY:
            values[key] = YES
        elif key == "name":
            values[key] = EXAMPLE_NAME_PREFIX + firm["name"]
        elif key == "year":
            values[key] = sample["year"]
        elif key == "established":
            values[key] = date.fromisoformat(firm["established"])
        elif key.startswith(ROLE_PREFIX):
            values[key] = YES if key.removeprefix(ROLE_PREFIX) in firm["roles"] else NO
        elif key == "city":
            values[key] = catalog.cities[firm["city"]].name
        elif key in firm:
            values[key] = firm[key]
        elif key in facts:
            raw = facts[key]
            if isinstance(raw, bool):
                values[key] = YES if raw else NO
            elif labels:
                values[key] = labels.get(raw, raw)
            else:
                values[key] = int(raw) if str(raw).isdigit() else raw
    return values


def _example_row(sheet: Worksheet, columns: list[Column], catalog: Catalog) -> None:
    values = example_values(catalog)
    for index, column in enumerate(columns, start=1):
        if column.key in values:
            cell = sheet.cell(row=FIRST_DATA_ROW, column=index, value=values[column.key])
            cell.fill = EXAMPLE_FILL


def build_template(catalog: Catalog) -> bytes:
    """Return the blank batch workbook as .xlsx bytes."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    for row, text in enumerate(GUIDE, start=1):
        guide.cell(row=row, column=1, value=text).font = Font(bold=row == 1, size=14 if row == 1 else 11)
    guide.column_dimensions["A"].width = 110
    firms = workbook.create_sheet(FIRMS_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    columns = firm_columns(catalog)
    _header(firms, columns)
    _validations(firms, columns, lists)
    _example_row(firms, columns, catalog)
    for name, side_columns in SIDE_SHEETS.items():
        sheet = workbook.create_sheet(name)
        _header(sheet, side_columns)
        _validations(sheet, side_columns, lists)
    lists.sheet_state = "hidden"
    workbook.active = workbook.sheetnames.index(FIRMS_SHEET)
    texts_as_strings(workbook)  # labels come from the catalog, which users extend with their own documents
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalised_container(buffer.getvalue(), "跨境电商政策批量申报工作簿", date(2026, 1, 1))


def write_template(catalog: Catalog, path: Path, replace: bool = False) -> None:
    """Write the blank batch workbook atomically; an existing file (perhaps filled in) raises
    FileExistsError unless ``replace``."""
    write_bytes_atomic(path, build_template(catalog), replace=replace)
