"""The blank batch workbook a consultant fills: instructions, a firms sheet with dropdowns, side sheets."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

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
    HISTORY_SHEET,
    KEY_ROW,
    NO,
    ROLE_PREFIX,
    SIDE_SHEETS,
    YES,
    Column,
    firm_columns,
    side_columns,
)
from desktop.catalog.loader import Catalog
from desktop.packet.files import normalised_container, write_bytes_atomic
from desktop.paths import samples_dir

LISTS_SHEET = "选项"
EXAMPLE_NAME_PREFIX = "【示例】"
LAST_ROW = 2000
# Cells formatted one by one (identifiers and numbers); the columns' own format covers every other row. Each
# formatted cell is parsed again whenever the workbook is read, so they are kept few.
FORMATTED_ROWS = 100
COLUMN_ONLY = ("text", "measure")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF4CC")
TEXT = "@"
NUMBER_FORMATS = {
    "money": "#,##0.00",
    "usd": "#,##0.00",
    "area": "#,##0.00",
    "year": "0",
    "date": "yyyy-mm-dd",
    "identifier": TEXT,
    "text": TEXT,
    "measure": TEXT,
}
WIDTHS = {"name": 30, "credit_code": 22, "bank_account": 24, "address": 36, "bank_name": 24, "source": 30}
KIND_WIDTHS = {"identifier": 20, "measure": 34, "date": 13, "year": 9, "money": 16, "usd": 18, "area": 14}
PROMPTS = {
    "money": "单位：元(可写 2600万、2.6亿；整列按万元填写时，把表头的“(元)”改为“(万元)”)",
    "usd": "单位：美元(按原币种填写，可写 150亿；不要换算成人民币)",
    "area": "单位：平方米(可写 5万)",
    "identifier": "文本格式：请按原样输入全部数字和字母(长号码不会被改成科学计数)",
}
GUIDE = [
    "跨境电商政策批量申报工作簿 · 填写说明",
    "",
    "1. 在“企业”工作表中每行填写一家企业的一个业绩年度；第 1 行是表头(带 * 的必填，括号内是单位)。",
    "   隐藏的第 2 行是程序读取用的字段键，请勿删除；也可以只照第 1 行的表头自建表格或 CSV。",
    "2. 第 3 行是示例企业(“示例行”为“是”)，批量处理时跳过。复制示例行填写真实企业时，请把“示例行”改为“否”",
    "   并改掉企业名称：标为示例但不是示例企业的行、名称仍带【示例】的行都会作为错误列出，不会被悄悄跳过。",
    "3. 带下拉箭头的单元格请从列表中选择；是/否也可填 √、有、Y、1 或 ×、无、N、0；城市可写“成都”或“成都市”。",
    "4. 金额以元为单位(可写 2600万、2.6亿、￥1,200,000)；整列按万元填写时，把表头的“(元)”改为“(万元)”。",
    "   GMV 以美元为单位，面积以平方米为单位；单元格里写了别的单位(如在元的列写“800万美元”)会作为错误列出。",
    "5. 统一社会信用代码、银行账号、联系电话是文本格式，请原样输入；如果粘贴后变成了数字(如 6.22E+18)，",
    "   表格软件已丢失第 16 位以后的数字，程序会指出该单元格，请设为文本格式后重新输入。",
    "6. 成立日期可写 2021-05-10、2021/5/10 或 2021年5月10日。",
    "7. 不知道或不适用的数据请留空：留空视为缺少，不当作 0；汇总的“待补充”表列出每家企业还缺哪些数据。",
    "8. 同一企业的多个业绩年度(如 2024、2025)各占一行，统一社会信用代码相同；企业名称等信息可只在一行填写。",
    "9. “历史获奖”“已获支持”“核定金额”“申请事项”四张表按统一社会信用代码对应到企业，可留空；措施从下拉列表选择。",
    "   “申请事项”列出企业申请的无固定金额的认定或支持事项，程序为每项生成项目申请报告。",
    "   代码在“企业”表中找不到时，程序会指出该行和最接近的代码，该企业暂不处理，以免漏算历史获奖。",
    "10. 运行：在程序的“批量申报”页选择本工作簿和输出文件夹；或命令行 grant-desk batch 本文件.xlsx --out 输出文件夹",
    "    (先检查不生成材料：grant-desk batch check 本文件.xlsx)。",
    "    输出：每家企业一个申报材料文件夹、汇总.xlsx、错误报告.xlsx(列出每个有问题的单元格)。",
    "11. 修改有问题的行后再次运行：输入未变的企业会跳过，只重新生成改过的企业；不再出现或失败的企业的旧材料移入 _旧材料。",
    "12. 也可另存为 .ods 或 CSV(UTF-8 或 GBK)后导入；CSV 只有“企业”一张表。",
]


def _header(sheet: Worksheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        head.font = Font(bold=True)
        head.fill = HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        key = sheet.cell(row=KEY_ROW, column=index, value=column.key)
        key.font = Font(color="888888", size=9)
        width = WIDTHS.get(column.key) or KIND_WIDTHS.get(column.kind) or 12
        sheet.column_dimensions[letter].width = max(width, min(24, len(column.label) + 2))
        if column.kind in NUMBER_FORMATS:
            sheet.column_dimensions[letter].number_format = NUMBER_FORMATS[column.kind]
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3 if sheet.title == FIRMS_SHEET else 1)
    sheet.row_dimensions[HEADER_ROW].height = 48


def _validations(sheet: Worksheet, columns: list[Column], lists: Worksheet) -> None:
    list_column = lists.max_column if lists.max_row > 1 else 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}"
        if column.kind in NUMBER_FORMATS and column.kind not in COLUMN_ONLY:
            for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + FORMATTED_ROWS):
                sheet.cell(row=row, column=index).number_format = NUMBER_FORMATS[column.kind]
        validation: DataValidation | None = None
        if column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=f"{sheet.title}.{column.key}")
            for row, label in enumerate(column.choices, start=2):
                lists.cell(row=row, column=list_column, value=label)
            end = len(column.choices) + 1
            validation = DataValidation(
                type="list", formula1=f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${end}"
            )
            # yes/no, cities and measures also take √, Y, 成都, CD-2A …: the program reads them, so Excel
            # must not refuse them
            validation.showErrorMessage = column.kind == "choice"
            validation.error = "请从下拉列表中选择"
        elif column.kind == "year":
            validation = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
            validation.error = "请填写年份，如 2025"
            validation.showErrorMessage = True
        elif column.kind in PROMPTS or column.help:
            validation = DataValidation()  # an input message only: 2600万 and ￥1,200,000 must stay allowed
        if validation is None:
            continue
        validation.errorTitle = column.label[:32]
        prompt = PROMPTS.get(column.kind, "")
        if column.help:
            prompt = f"{prompt}。{column.help}" if prompt else column.help
        if prompt:
            validation.promptTitle = column.label[:32]
            validation.prompt = prompt[:255]
            validation.showInputMessage = True
        validation.add(cells)
        sheet.add_data_validation(validation)


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


def _cell_value(column: Column, value: object) -> object:
    """Return a firm-file value as the workbook shows it: labels for cities and choices, 是/否, numbers."""
    labels = {stored: label for label, stored in column.choices.items()}
    if isinstance(value, bool):
        return YES if value else NO
    if labels and isinstance(value, str):
        return labels.get(value, value)
    if column.kind == "date" and isinstance(value, str) and value:
        return date.fromisoformat(value)
    if column.kind in ("money", "usd", "area"):
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else number
    return value


def _firm_row(sheet: Worksheet, row: int, columns: list[Column], data: dict[str, Any]) -> None:
    firm, facts = data.get("firm", {}), data.get("facts", {})
    for index, column in enumerate(columns, start=1):
        key = column.key
        if key == EXAMPLE_KEY:
            value: object = NO
        elif key.startswith(ROLE_PREFIX):
            value = YES if key.removeprefix(ROLE_PREFIX) in firm.get("roles", []) else NO
        elif key == "year":
            value = data.get("year")
        elif key in firm:
            value = firm[key]
        else:
            value = facts.get(key)
        if value not in (None, ""):
            sheet.cell(row=row, column=index, value=_cell_value(column, value))


def build_template(catalog: Catalog, firms: list[dict[str, Any]] | None = None) -> bytes:
    """Return the batch workbook as .xlsx bytes: blank (the example row only), or with ``firms`` (firm-file
    data) in the rows after the example and their award history in 历史获奖."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    for row, text in enumerate(GUIDE, start=1):
        guide.cell(row=row, column=1, value=text).font = Font(bold=row == 1, size=14 if row == 1 else 11)
    guide.column_dimensions["A"].width = 110
    firms_sheet = workbook.create_sheet(FIRMS_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    columns = firm_columns(catalog)
    _header(firms_sheet, columns)
    _validations(firms_sheet, columns, lists)
    _example_row(firms_sheet, columns, catalog)
    for number, data in enumerate(firms or [], start=FIRST_DATA_ROW + 1):
        _firm_row(firms_sheet, number, columns, data)
    for name in SIDE_SHEETS:
        sheet = workbook.create_sheet(name)
        side = side_columns(name, catalog)
        _header(sheet, side)
        _validations(sheet, side, lists)
        if name == HISTORY_SHEET:
            _history_rows(sheet, side, firms or [])
    lists.sheet_state = "hidden"
    workbook.active = workbook.sheetnames.index(FIRMS_SHEET)
    texts_as_strings(workbook)  # labels come from the catalog, which users extend with their own documents
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalised_container(buffer.getvalue(), "跨境电商政策批量申报工作簿", date(2026, 1, 1))


def _history_rows(sheet: Worksheet, columns: list[Column], firms: list[dict[str, Any]]) -> None:
    labels = {stored: label for label, stored in columns[1].choices.items()}
    row = FIRST_DATA_ROW
    for data in firms:
        for entry in data.get("history", []):
            values = [
                data["firm"]["credit_code"],
                labels.get(entry["measure"], entry["measure"]),
                entry["year"],
            ]
            values.append(_cell_value(columns[3], entry["amount"]))
            for index, value in enumerate(values, start=1):
                sheet.cell(row=row, column=index, value=value)
            row += 1


def write_template(
    catalog: Catalog, path: Path, replace: bool = False, firms: list[dict[str, Any]] | None = None
) -> None:
    """Write the batch workbook (blank, or with ``firms``) atomically; an existing file (perhaps filled in)
    raises FileExistsError unless ``replace``."""
    write_bytes_atomic(path, build_template(catalog, firms), replace=replace)
