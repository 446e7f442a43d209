"""Reading a batch: the consultant's workbook (or a folder of firm files) into firm-file data, cell by cell."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.batch.columns import (
    EXAMPLE_KEY,
    FIRMS_SHEET,
    FIRST_DATA_ROW,
    KEY_ROW,
    NO,
    ROLE_PREFIX,
    SIDE_SHEETS,
    YES,
    Column,
    firm_columns,
)
from desktop.batch.xlsx import CellFault, opened_workbook, read_sheet
from desktop.catalog.loader import Catalog
from desktop.errors import InputError, Problem
from desktop.firm import SCHEMA_VERSION, decode_json
from desktop.jsontext import read_json_text
from desktop.money import (
    AREA_BOUNDS,
    MONEY_BOUNDS,
    USD_BOUNDS,
    Bounds,
    NotADecimalError,
    OutOfBoundsError,
    to_bounded,
)
from desktop.packet.files import safe_name

TRUE_WORDS = {YES, "TRUE", "true", "True", "Y", "y", "yes", "Yes", "1"}
FALSE_WORDS = {NO, "FALSE", "false", "False", "N", "n", "no", "No", "0"}


@dataclass(frozen=True)
class CellProblem:
    """A problem in the batch input: where (sheet and cell, or file), which field, what is wrong."""

    where: str
    field: str
    message: str


@dataclass
class BatchItem:
    """One firm of the batch: its firm-file data, where each field came from, and reading problems."""

    index: int
    label: str
    data: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)

    def cell_of(self, path: str) -> str:
        """Return the cell a firm-file path came from (``facts.x`` → ``企业!F7``), or the row's label."""
        candidate = path
        while candidate:
            if candidate in self.cells:
                return self.cells[candidate]
            trimmed = re.sub(r"(\[\d+\]|\.[^.\[]+)$", "", candidate)
            if trimmed == candidate:
                break
            candidate = trimmed
        return self.label


@dataclass
class BatchInput:
    """Everything read from the input: the firms and the problems that belong to no firm."""

    items: list[BatchItem]
    problems: list[CellProblem] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


NUMBER_BOUNDS = {"money": MONEY_BOUNDS, "usd": USD_BOUNDS, "area": AREA_BOUNDS}


def _number(value: Any, bounds: Bounds) -> tuple[Any, str | None]:
    """Return a number cell as exact text for the firm file, or why it cannot be one: Excel's binary
    doubles are read by their shortest decimal form, which is what the user typed; the range and
    decimal places are checked before the figure is written out in full."""
    if isinstance(value, bool):
        return None, "应填数字"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, "应填数字"
        value = Decimal(repr(value))
    try:
        number = to_bounded(value if isinstance(value, (int, Decimal)) else _text(value), bounds)
    except OutOfBoundsError as exc:
        return None, str(exc)
    except NotADecimalError:
        return None, f"应填数字，如 260000000 或 2.6亿，实为 {_text(value)[:40]}"
    return format(number, "f"), None


def _convert(column: Column, value: Any) -> tuple[Any, str | None]:
    """Return the firm-file value of a cell, or a problem message in Chinese."""
    if column.kind == "yes_no":
        if isinstance(value, bool):
            return value, None
        text = _text(value)
        if text in TRUE_WORDS:
            return True, None
        if text in FALSE_WORDS:
            return False, None
        return None, f"应填“是”或“否”，实为 {text}"
    if column.kind in ("choice", "city"):
        text = _text(value)
        if text in column.choices:
            return column.choices[text], None
        if text in column.choices.values():
            return text, None
        return None, f"不是允许的选项：{text}；请从下拉列表选择：{'、'.join(column.choices)}"
    if column.kind == "year":
        text = _text(value)
        if text.isdigit():
            return int(text), None
        return None, f"应填年份，如 2025，实为 {text}"
    if column.kind == "date":
        if isinstance(value, datetime):
            return value.date().isoformat(), None
        if isinstance(value, date):
            return value.isoformat(), None
        return _text(value), None
    if column.kind in NUMBER_BOUNDS:
        return _number(value, NUMBER_BOUNDS[column.kind])
    return _text(value), None


def _is_blank(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _header_keys(
    rows: list[tuple[Any, ...]], sheet: str, known: list[Column], path: Path
) -> dict[int, Column]:
    if len(rows) < KEY_ROW:
        raise InputError(str(path), [Problem(sheet, f"第 {KEY_ROW} 行应为字段键(由模板生成)，工作表为空")])
    keys = rows[KEY_ROW - 1]
    by_key = {column.key: column for column in known}
    found = {index: by_key[_text(key)] for index, key in enumerate(keys) if _text(key) in by_key}
    missing = [c.key for c in known if c.required and c not in found.values()]
    if missing:
        raise InputError(
            str(path),
            [
                Problem(
                    f"{sheet}!第{KEY_ROW}行",
                    f"缺少必需的字段键 {'、'.join(missing)}；请使用 template 命令生成的工作簿",
                )
            ],
        )
    return found


def read_workbook(path: Path, catalog: Catalog) -> BatchInput:
    """Return the firms of a batch workbook; raises InputError when the workbook cannot be used at all."""
    with opened_workbook(path) as workbook:
        if FIRMS_SHEET not in workbook.sheetnames:
            raise InputError(
                str(path), [Problem("", f"缺少工作表“{FIRMS_SHEET}”；请使用 template 命令生成的工作簿")]
            )
        rows = read_sheet(workbook, FIRMS_SHEET, path)
        columns = _header_keys(rows, FIRMS_SHEET, firm_columns(catalog), path)
        side_rows = {
            name: read_sheet(workbook, name, path) for name in SIDE_SHEETS if name in workbook.sheetnames
        }

    result = BatchInput([])
    seen_codes: dict[str, int] = {}
    seen_folders: dict[tuple[str, str], str] = {}
    by_code: dict[str, BatchItem] = {}
    for row_number, values in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        if _is_blank(values):
            continue
        item = BatchItem(
            len(result.items),
            f"{FIRMS_SHEET}!第{row_number}行",
            {
                "schema_version": SCHEMA_VERSION,
                "firm": {"roles": []},
                "facts": {},
                "claims": {},
                "history": [],
                "other_support": [],
            },
        )
        example = False
        for index, column in columns.items():
            value = values[index] if index < len(values) else None
            cell = f"{FIRMS_SHEET}!{get_column_letter(index + 1)}{row_number}"
            if value is None or (isinstance(value, str) and not value.strip()):
                if column.required:  # so that "missing" names its cell; empty optional cells cost nothing
                    item.cells.setdefault(column.field_path, cell)
                continue
            item.cells.setdefault(column.field_path, cell)
            if isinstance(value, CellFault):
                item.problems.append(
                    CellProblem(cell, column.field_path, f"{column.header}：{value.message}")
                )
                continue
            converted, problem = _convert(column, value)
            if problem:
                item.problems.append(CellProblem(cell, column.field_path, f"{column.header}：{problem}"))
                continue
            if column.key == EXAMPLE_KEY:
                example = converted is True
            elif column.key.startswith(ROLE_PREFIX):
                if converted:
                    item.data["firm"]["roles"].append(column.key.removeprefix(ROLE_PREFIX))
            elif column.key == "year":
                item.data["year"] = converted
            elif column.field_path.startswith("firm."):
                item.data["firm"][column.key] = converted
            else:
                item.data["facts"][column.key] = converted
        if example:
            continue
        code = str(item.data["firm"].get("credit_code", "")).upper()
        if code:
            item.data["firm"]["credit_code"] = code
            if code in seen_codes:
                item.problems.append(
                    CellProblem(
                        item.cell_of("firm.credit_code"),
                        "firm.credit_code",
                        f"统一社会信用代码与第 {seen_codes[code]} 行重复",
                    )
                )
            else:
                seen_codes[code] = row_number
                by_code[code] = item
        earlier = _earlier_claim(item.data, seen_folders, f"第 {row_number} 行")
        if earlier is not None:
            item.problems.append(
                CellProblem(
                    item.cell_of("firm.name"),
                    "firm.name",
                    f"企业名称和业绩年度与{earlier}相同，材料文件夹会重名",
                )
            )
        result.items.append(item)
    _attach_side_sheets(side_rows, by_code, result, path)
    return result


def _attach_side_sheets(
    side_rows: dict[str, list[tuple[Any, ...]]], by_code: dict[str, BatchItem], result: BatchInput, path: Path
) -> None:
    for sheet, rows in side_rows.items():
        known = SIDE_SHEETS[sheet]
        if len(rows) < KEY_ROW:
            continue
        columns = _header_keys(rows, sheet, known, path)
        for row_number, values in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
            if _is_blank(values):
                continue
            record: dict[str, Any] = {}
            cells: dict[str, str] = {}
            problems: list[CellProblem] = []
            for index, column in columns.items():
                value = values[index] if index < len(values) else None
                cell = f"{sheet}!{get_column_letter(index + 1)}{row_number}"
                cells[column.key] = cell
                if value is None or (isinstance(value, str) and not value.strip()):
                    problems.append(CellProblem(cell, column.key, f"{column.header}：必填"))
                    continue
                if isinstance(value, CellFault):
                    problems.append(CellProblem(cell, column.key, f"{column.header}：{value.message}"))
                    continue
                converted, problem = _convert(column, value)
                if problem:
                    problems.append(CellProblem(cell, column.key, f"{column.header}：{problem}"))
                record[column.key] = converted
            code = str(record.pop("credit_code", "")).upper()
            owner = by_code.get(code)
            if owner is None:
                if code:
                    problems.append(
                        CellProblem(
                            cells["credit_code"],
                            "credit_code",
                            f"“企业”表中没有统一社会信用代码为 {code} 的企业",
                        )
                    )
                result.problems.extend(problems)
                continue
            owner.problems.extend(problems)
            if problems:
                continue
            if sheet == "核定金额":
                owner.data["claims"][record["measure"]] = record["amount"]
                owner.cells[f"claims.{record['measure']}"] = cells["amount"]
                continue
            key = "history" if sheet == "历史获奖" else "other_support"
            position = len(owner.data[key])
            owner.data[key].append(record)
            for name, cell in cells.items():
                owner.cells[f"{key}[{position}].{name}"] = cell
            owner.cells[f"{key}[{position}]"] = cells["measure"]


def read_folder(folder: Path) -> BatchInput:
    """Return the firms of a folder of firm files (*.json), one item per file, in name order."""
    result = BatchInput([])
    seen_folders: dict[tuple[str, str], str] = {}
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(str(folder), [Problem("", "文件夹中没有企业文件(*.json)")])
    for path in files:
        item = BatchItem(len(result.items), path.name, {})
        try:
            data = decode_json(read_json_text(path), path.name)
            item.data = data if isinstance(data, dict) else {}
            if not isinstance(data, dict):
                item.problems.append(CellProblem(path.name, "", "文件内容应为 JSON 对象 {…}"))
        except InputError as exc:
            item.problems += [CellProblem(path.name, "", str(problem)) for problem in exc.problems]
        earlier = _earlier_claim(item.data, seen_folders, path.name)
        if earlier is not None:
            item.problems.append(
                CellProblem(path.name, "firm.name", f"企业名称和业绩年度与 {earlier} 相同，材料文件夹会重名")
            )
        result.items.append(item)
    return result


def _earlier_claim(data: dict[str, Any], claims: dict[tuple[str, str], str], here: str) -> str | None:
    """Record that the firm at ``here`` writes its packet folder; return where an earlier firm already
    claimed the same folder (None when none did, or while the name is missing)."""
    folder = packet_folder_key(data)
    if folder is None:
        return None
    earlier = claims.setdefault(folder, here)
    return None if earlier == here else earlier


def packet_folder_key(data: dict[str, Any]) -> tuple[str, str] | None:
    """Return what decides a firm's packet folder (its file-safe name, case-folded for Windows and
    macOS, and the year), or None while the name is missing; two firms with one key would share a
    folder and overwrite each other's packet."""
    firm = data.get("firm")
    name = firm.get("name") if isinstance(firm, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    return safe_name(name).casefold(), str(data.get("year"))


def read_batch(source: Path, catalog: Catalog) -> BatchInput:
    """Return the batch input from a workbook or a folder of firm files."""
    return read_folder(source) if source.is_dir() else read_workbook(source, catalog)
