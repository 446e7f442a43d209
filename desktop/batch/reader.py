"""Reading a batch: the consultant's workbook (or a folder of firm files) into firm-file data, cell by cell.

Every filled row becomes a firm or an error naming its cells, never nothing: the example row is known by
its content, a side-sheet row whose firm is missing names the closest credit code, and one firm's rows
for several performance years share its details.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from desktop.batch.book import Book, read_book
from desktop.batch.columns import (
    APPLY_SHEET,
    CLAIMS_SHEET,
    EXAMPLE_KEY,
    FIRMS_SHEET,
    FIRST_DATA_ROW,
    HEADER_ROW,
    HEADER_UNITS,
    HISTORY_SHEET,
    KEY_ROW,
    ROLE_PREFIX,
    SHARED_FIELDS,
    SIDE_PATHS,
    SIDE_SHEETS,
    UNIT_OF_KIND,
    Column,
    firm_columns,
    header_parts,
    side_columns,
)
from desktop.batch.values import as_text, convert
from desktop.batch.xlsx import CellFault
from desktop.catalog.loader import Catalog
from desktop.credit_code import credit_code_problem
from desktop.errors import InputError, Problem
from desktop.firm import SCHEMA_VERSION, decode_json
from desktop.jsontext import read_json_text
from desktop.packet.files import safe_name


@dataclass(frozen=True)
class CellProblem:
    """A problem in the batch input: where (sheet and cell, or file), which field, what is wrong."""

    where: str
    field: str
    message: str


@dataclass
class BatchItem:
    """One firm and performance year of the batch: its firm-file data, where each field came from, the
    input row it was read from (or its position in a folder), and reading problems."""

    index: int
    label: str
    data: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    row: int = 0

    def cell_of(self, path: str) -> str:
        """Return the cell a firm-file path came from (``facts.x`` → ``企业!F7``), or the row's label; a path
        the firm-file check labelled (``firm.district（注册所在区（市）县）``) is the same path."""
        candidate = path.split("（", 1)[0]
        while candidate:
            if candidate in self.cells:
                return self.cells[candidate]
            trimmed = re.sub(r"(\[\d+\]|\.[^.\[]+)$", "", candidate)
            if trimmed == candidate:
                break
            candidate = trimmed
        return self.label

    @property
    def credit_code(self) -> str:
        """Return the firm's credit code as read (upper case), or an empty string."""
        firm = self.data.get("firm")
        return str(firm.get("credit_code", "")) if isinstance(firm, dict) else ""

    @property
    def year(self) -> int | None:
        """Return the performance year as read, or None."""
        year = self.data.get("year")
        return year if isinstance(year, int) else None


@dataclass
class BatchInput:
    """Everything read from the input: the firms and the problems that belong to no firm."""

    items: list[BatchItem]
    problems: list[CellProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field key → its input column, as ``企业!R``


@dataclass(frozen=True)
class Layout:
    """Where a sheet's columns are (0-based index → column), the factor a header's unit gives each number
    column (``(万元)`` → 10 000), and the first row of data."""

    columns: dict[int, Column]
    scales: dict[int, Decimal]
    first_row: int


def _is_blank(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _header_problem(sheet: str, index: int, message: str) -> Problem:
    return Problem(f"{sheet}!{get_column_letter(index + 1)}{HEADER_ROW}", message)


def layout(rows: list[tuple[Any, ...]], sheet: str, known: Sequence[Column], path: Path) -> Layout:
    """Return where the columns of ``sheet`` are: by the field keys of row 2 (the blank workbook's hidden
    row), else by the Chinese headers of row 1 (a sheet typed or pasted without them); raises InputError
    when required columns are missing, a column comes twice or a header names a unit foreign to it."""
    if not rows:
        raise InputError(str(path), [Problem(sheet, "工作表是空的；请使用 template 命令生成的工作簿填写")])
    by_key = {column.key: column for column in known}
    keys = rows[KEY_ROW - 1] if len(rows) >= KEY_ROW else ()
    found = {index: by_key[as_text(key)] for index, key in enumerate(keys) if as_text(key) in by_key}
    first_row = FIRST_DATA_ROW
    headers = rows[HEADER_ROW - 1]
    if not found:
        by_label = {header_parts(column.header)[0]: column for column in known}
        by_label.update({header_parts(column.label)[0]: column for column in known})
        found = {
            index: by_label[header_parts(as_text(text))[0]]
            for index, text in enumerate(headers)
            if header_parts(as_text(text))[0] in by_label
        }
        first_row = HEADER_ROW + 1
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, column in sorted(found.items()):
        if column.key in seen:
            earlier = get_column_letter(seen[column.key] + 1)
            problems.append(
                _header_problem(sheet, index, f"与 {earlier} 列是同一字段“{column.label}”；请删除其中一列")
            )
        seen.setdefault(column.key, index)
    missing = [column.label for column in known if column.required and column.key not in seen]
    if missing:
        problems.append(
            Problem(
                f"{sheet}!第{HEADER_ROW}-{KEY_ROW}行",
                f"缺少必需的列 {'、'.join(missing)}；请使用 template 命令生成的工作簿(或照其表头填写)",
            )
        )
    scales: dict[int, Decimal] = {}
    for index, column in found.items():
        if column.kind not in HEADER_UNITS or index >= len(headers):
            continue
        _, unit = header_parts(as_text(headers[index]))
        allowed = HEADER_UNITS[column.kind]
        if unit and unit not in allowed:
            problems.append(
                _header_problem(
                    sheet,
                    index,
                    f"表头“{as_text(headers[index])}”写的单位是 {unit}，该列应为 {UNIT_OF_KIND[column.kind]}"
                    f"(可写 {'、'.join(allowed)})",
                )
            )
        scales[index] = allowed.get(unit, Decimal(1))
    if problems:
        raise InputError(str(path), problems)
    return Layout(
        {index: column for index, column in found.items() if seen[column.key] == index}, scales, first_row
    )


@dataclass
class _Row:
    """One sheet row read through its layout: converted values and cells by field key, problems."""

    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)


def _read_row(values: tuple[Any, ...], row_number: int, sheet: str, where: Layout, day_zero: date) -> _Row:
    row = _Row()
    for index, column in where.columns.items():
        value = values[index] if index < len(values) else None
        cell = f"{sheet}!{get_column_letter(index + 1)}{row_number}"
        row.cells[column.key] = cell
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, CellFault):
            row.problems.append(CellProblem(cell, column.key, f"{column.label}：{value.message}"))
            continue
        converted, problem = convert(column, value, where.scales.get(index, Decimal(1)), day_zero)
        if problem:
            row.problems.append(CellProblem(cell, column.key, f"{column.label}：{problem}"))
            continue
        if converted is not None:
            row.values[column.key] = converted
    return row


def _example_identity(catalog: Catalog) -> tuple[str, str]:
    """Return the name and credit code of the blank workbook's example firm."""
    from desktop.batch.template import example_values

    raw = example_values(catalog)
    return str(raw["name"]), str(raw["credit_code"])


def is_example(row_values: dict[str, Any], identity: tuple[str, str]) -> bool:
    """Return True when a row is the example firm: its name and credit code are the example's."""
    return (row_values.get("name"), str(row_values.get("credit_code", "")).upper()) == identity


def _new_item(index: int, label: str, row_number: int) -> BatchItem:
    data = {
        "schema_version": SCHEMA_VERSION,
        "firm": {"roles": []},
        "facts": {},
        "claims": {},
        "history": [],
        "other_support": [],
    }
    return BatchItem(index, label, data, row=row_number)


def _fill(item: BatchItem, row: _Row, columns: dict[int, Column]) -> None:
    """Put a read row's values into the item's firm-file data, remembering each field's cell."""
    for column in columns.values():
        cell = row.cells[column.key]
        if (
            column.key in row.values or column.required
        ):  # "missing" names its cell; empty optional cells cost nothing
            item.cells.setdefault(column.field_path, cell)
        if column.key not in row.values or column.key == EXAMPLE_KEY:
            continue
        value = row.values[column.key]
        if column.key.startswith(ROLE_PREFIX):
            if value:
                item.data["firm"]["roles"].append(column.key.removeprefix(ROLE_PREFIX))
        elif column.key == "year":
            item.data["year"] = value
        elif column.field_path.startswith("firm."):
            item.data["firm"][column.key] = value.upper() if column.key == "credit_code" else value
        else:
            item.data["facts"][column.key] = value
    item.problems.extend(
        CellProblem(problem.where, columns_path(problem.field, columns), problem.message)
        for problem in row.problems
    )


def columns_path(key: str, columns: dict[int, Column]) -> str:
    """Return the firm-file path of a column key (``cbec_transaction`` → ``facts.cbec_transaction``)."""
    for column in columns.values():
        if column.key == key:
            return column.field_path
    return key


def _example_problem(row: _Row, identity: tuple[str, str], name_prefix: str) -> CellProblem | None:
    """Return why a row flagged as an example, or named like one, cannot be taken as a firm; None for an
    ordinary row. (The example firm flagged 是 is skipped before this.)"""
    if row.values.get(EXAMPLE_KEY) is True:
        return CellProblem(
            row.cells[EXAMPLE_KEY],
            EXAMPLE_KEY,
            f"本行标为示例行(示例行=是)，但不是模板的示例企业({identity[0]})；是真实企业就把“示例行”改为“否”"
            "或清空，是示例就删除本行",
        )
    name = str(row.values.get("name", ""))
    if name.startswith(name_prefix):
        return CellProblem(
            row.cells["name"], "firm.name", f"企业名称仍是示例名称“{name}”；请填写真实企业名称，或删除本行"
        )
    return None


def read_workbook(path: Path, catalog: Catalog) -> BatchInput:
    """Return the firms of a batch workbook (.xlsx, .ods or .csv); raises InputError when it cannot be used at all."""
    from desktop.batch.template import EXAMPLE_NAME_PREFIX

    book = read_book(path, [FIRMS_SHEET, *SIDE_SHEETS])
    sheet = FIRMS_SHEET if FIRMS_SHEET in book.sheets else next(iter(book.sheets), None)
    if sheet is None or sheet in SIDE_SHEETS:
        raise InputError(
            str(path),
            [
                Problem(
                    "",
                    f"缺少工作表“{FIRMS_SHEET}”(现有：{'、'.join(book.names)})；请使用 template 命令生成的工作簿",
                )
            ],
        )
    known = firm_columns(catalog)
    where = layout(book.sheets[sheet], sheet, known, path)
    example = _example_identity(catalog)
    result = BatchInput([])
    result.columns = {
        column.key: f"{sheet}!{get_column_letter(index + 1)}" for index, column in where.columns.items()
    }
    seen: dict[tuple[str, int | None], int] = {}
    duplicates: set[int] = set()
    seen_folders: dict[tuple[str, str], str] = {}
    for row_number, values in enumerate(book.sheets[sheet][where.first_row - 1 :], start=where.first_row):
        if _is_blank(values):
            continue
        row = _read_row(values, row_number, sheet, where, book.day_zero)
        if row.values.get(EXAMPLE_KEY) is True and is_example(row.values, example):
            continue  # the blank workbook's example firm, flagged as such: the one row that is no firm
        item = _new_item(len(result.items), f"{sheet}!第{row_number}行", row_number)
        _fill(item, row, where.columns)
        problem = _example_problem(row, example, EXAMPLE_NAME_PREFIX)
        if problem is not None:
            item.problems.append(problem)
        code, year = item.credit_code, item.year
        if code:
            if (code, year) in seen:
                duplicates.add(item.index)
                item.problems.append(
                    CellProblem(
                        item.cell_of("firm.credit_code"),
                        "firm.credit_code",
                        f"统一社会信用代码与第 {seen[(code, year)]} 行重复(业绩年度同为 {year})；"
                        "同一企业每个业绩年度只填一行",
                    )
                )
            else:
                seen[(code, year)] = row_number
        result.items.append(item)
    by_code = _share_firm_details([item for item in result.items if item.index not in duplicates])
    for item in result.items:
        earlier = _earlier_claim(item.data, seen_folders, f"第 {item.row} 行")
        if earlier is not None:
            item.problems.append(
                CellProblem(
                    item.cell_of("firm.name"),
                    "firm.name",
                    f"企业名称和业绩年度与{earlier}相同，材料文件夹会重名",
                )
            )
    for side in SIDE_SHEETS:
        if side in book.sheets:
            _attach_side_sheet(side, book, by_code, result, catalog, path)
    return result


def _share_firm_details(items: list[BatchItem]) -> dict[str, list[BatchItem]]:
    """Group the items by credit code; a firm's rows for several years take the details (name, city,
    contacts, bank) given in any of them, and details that differ between them are each row's error."""
    by_code: dict[str, list[BatchItem]] = {}
    for item in items:
        if item.credit_code:
            by_code.setdefault(item.credit_code, []).append(item)
    for group in by_code.values():
        if len(group) < 2:
            continue
        for key in SHARED_FIELDS:
            path = f"firm.{key}"
            given = [item for item in group if key in item.data["firm"]]
            if not given:
                continue
            source = given[0]
            value = source.data["firm"][key]
            for item in group:
                if key not in item.data["firm"]:
                    item.data["firm"][key] = value
                    item.cells[path] = source.cells[path]
                elif item.data["firm"][key] != value:
                    item.problems.append(
                        CellProblem(
                            item.cells[path],
                            path,
                            f"与同一企业第 {source.row} 行的“{value}”不同；同一企业各业绩年度的企业信息应一致"
                            "(可只在一行填写，其他行留空)",
                        )
                    )
    return by_code


def closest_code(code: str, known: Sequence[str]) -> str | None:
    """Return the known credit code ``code`` most likely mistypes (one or two characters wrong or swapped)."""
    close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.8)
    return close[0] if close else None


def _attach_side_sheet(
    sheet: str,
    book: Book,
    by_code: dict[str, list[BatchItem]],
    result: BatchInput,
    catalog: Catalog,
    path: Path,
) -> None:
    """Attach each row of a side sheet to its firm's items; a row naming no firm of the 企业 sheet fails the
    firm whose code it most likely mistypes (so that no history is silently lost), or else is a problem
    of the batch, naming the cell either way."""
    rows = book.sheets[sheet]
    if len(rows) < KEY_ROW and _is_blank(rows[0] if rows else ()):
        return
    columns = side_columns(sheet, catalog)
    where = layout(rows, sheet, columns, path)
    for row_number, values in enumerate(rows[where.first_row - 1 :], start=where.first_row):
        if _is_blank(values):
            continue
        row = _read_row(values, row_number, sheet, where, book.day_zero)
        for column in where.columns.values():
            if (
                column.required
                and column.key not in row.values
                and not any(p.field == column.key for p in row.problems)
            ):
                row.problems.append(CellProblem(row.cells[column.key], column.key, f"{column.label}：必填"))
        code = str(row.values.get("credit_code", "")).upper()
        owners = by_code.get(code, [])
        if not owners:
            _unknown_firm(sheet, row, code, by_code, result)
            continue
        year = row.values.get("year")
        targets = owners
        if sheet != HISTORY_SHEET:
            targets = [item for item in owners if year is None or item.year == year]
            if year is not None and not targets:
                row.problems.append(
                    CellProblem(
                        row.cells["year"],
                        "year",
                        f"业绩年度：“企业”表中该企业没有 {year} 年度的行(有 {_years(owners)})",
                    )
                )
                targets = owners
            elif year is None and len(owners) > 1:
                row.problems.append(
                    CellProblem(
                        row.cells.get("year", row.cells["credit_code"]),
                        "year",
                        f"业绩年度：该企业在“企业”表中有 {_years(owners)} 多个年度，请注明本行属于哪个业绩年度",
                    )
                )
        for item in targets:
            _attach(item, sheet, row)


def _years(items: list[BatchItem]) -> str:
    return "、".join(str(item.year) for item in items)


def _unknown_firm(
    sheet: str, row: _Row, code: str, by_code: dict[str, list[BatchItem]], result: BatchInput
) -> None:
    cell = row.cells["credit_code"]
    if not code:
        result.problems.extend(row.problems)
        return
    check = credit_code_problem(code)
    hint = f"(该代码本身也不正确：{check})" if check else ""
    guess = closest_code(code, list(by_code))
    if guess is None:
        result.problems.append(
            CellProblem(
                cell,
                "credit_code",
                f"“{FIRMS_SHEET}”表中没有统一社会信用代码为 {code} 的企业{hint}；本行未计入任何企业，请更正代码或删除本行",
            )
        )
        result.problems.extend(row.problems)
        return
    owner = by_code[guess]
    message = (
        f"“{FIRMS_SHEET}”表中没有统一社会信用代码为 {code} 的企业{hint}；您是否指 {guess}"
        f"({owner[0].data['firm'].get('name', '')}，第 {owner[0].row} 行)？本行没有计入，该企业暂不处理，"
        "请更正代码后重新运行"
    )
    for item in owner:
        item.problems.append(CellProblem(cell, f"{_side_path(sheet)}.credit_code", message))
        item.problems.extend(row.problems)


def _side_path(sheet: str) -> str:
    return SIDE_PATHS[sheet]


def _attach(item: BatchItem, sheet: str, row: _Row) -> None:
    """Add a side-sheet row to one item's history, support, claims or measures applied for, remembering
    its cells."""
    item.problems.extend(row.problems)
    if row.problems:
        return
    record = {key: value for key, value in row.values.items() if key not in ("credit_code", "year")}
    if sheet == CLAIMS_SHEET:
        item.data["claims"][record["measure"]] = record["amount"]
        item.cells[f"claims.{record['measure']}"] = row.cells["amount"]
        return
    if sheet == APPLY_SHEET:
        wanted = item.data.setdefault("apply_for", [])
        if record["measure"] not in wanted:
            item.cells[f"apply_for[{len(wanted)}]"] = row.cells["measure"]
            wanted.append(record["measure"])
        return
    key = _side_path(sheet)
    if sheet == HISTORY_SHEET:
        record["year"] = row.values["year"]
    position = len(item.data[key])
    item.data[key].append(record)
    for name, cell in row.cells.items():
        item.cells[f"{key}[{position}].{name}"] = cell
    item.cells[f"{key}[{position}]"] = row.cells["measure"]


def read_folder(folder: Path) -> BatchInput:
    """Return the firms of a folder of firm files (*.json), one item per file, in name order."""
    result = BatchInput([])
    seen_folders: dict[tuple[str, str], str] = {}
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(str(folder), [Problem("", "文件夹中没有企业文件(*.json)")])
    for path in files:
        item = BatchItem(len(result.items), path.name, {}, row=len(result.items) + 1)
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
