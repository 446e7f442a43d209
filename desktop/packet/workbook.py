"""The 测算表: an inputs sheet of every fact used and a sheet of live formulas reproducing every award."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from desktop.catalog.describe import describe_award
from desktop.catalog.loader import Catalog
from desktop.catalog.model import AwardKind, FactKind
from desktop.engine.result import FirmResult, MeasureResult, Status
from desktop.errors import Problem, TemplateError
from desktop.firm import FirmFile
from desktop.packet.files import normalised_container
from desktop.packet.formulas import (
    DERIVED_FORMULAS,
    conditions_formula,
    decided_formula,
    fraction,
    number,
    tiers_formula,
)

INPUTS = "输入"
CALC = "测算"
MONEY_FORMAT = "#,##0"
SPARE_ROWS = 10
THIN = Side(style="thin", color="BBBBBB")
BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
COLUMNS = "ABCDEFGHIJKLMNO"
CALC_HEADERS = [
    "编号", "事项", "政策条款", "规则", "程序判定条件", "条件成立", "计算基数", "比例",
    "公式金额", "上限", "本年度已获", "核定金额", "奖励金额", "最高额", "计入合计",
]  # fmt: skip


def _name(workbook, name: str, sheet: str, reference: str) -> None:
    workbook.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!{reference}")


def _measures_in_sheet(result: FirmResult) -> list[MeasureResult]:
    """Return the money measures in force for the year: the rows of the calculation sheet."""
    return [m for m in result.measures if m.measure.award.is_money and m.status is not Status.NOT_IN_FORCE]


def _facts_used(measures: list[MeasureResult], firm: FirmFile, catalog: Catalog) -> list[str]:
    wanted = {fact for m in measures for fact in m.measure.facts()} | set(firm.facts)
    for fact in list(wanted):
        wanted.update(catalog.facts[fact].derived_from)
    return [key for key in catalog.facts if key in wanted]


CELL_STYLE, WRAP_STYLE = "grant_desk_cell", "grant_desk_wrap"


def _register_styles(workbook) -> None:
    """Register the cell styles once per workbook: assigning a named style is much cheaper than
    assigning a border and an alignment to every cell."""
    for name, wrap in ((CELL_STYLE, False), (WRAP_STYLE, True)):
        if name not in workbook.named_styles:
            style = NamedStyle(name=name, border=BORDER, alignment=Alignment(vertical="top", wrap_text=wrap))
            workbook.add_named_style(style)


def _style_row(sheet: Worksheet, row: int, columns: int) -> None:
    for column in range(1, columns + 1):
        sheet.cell(row=row, column=column).style = WRAP_STYLE if column in (2, 3, 4) else CELL_STYLE


def _write_inputs(sheet: Worksheet, workbook, firm: FirmFile, catalog: Catalog, facts: list[str]) -> None:
    row = 2
    _style_row(sheet, row, 4)
    sheet.cell(row=row, column=1, value="year")
    sheet.cell(row=row, column=2, value="业绩年度")
    sheet.cell(row=row, column=3, value=firm.year)
    _name(workbook, "year", INPUTS, f"$C${row}")
    for key in facts:
        row += 1
        _style_row(sheet, row, 4)  # first: a named style resets the number format
        definition = catalog.facts[key]
        sheet.cell(row=row, column=1, value=key)
        label = definition.label
        if definition.kind is FactKind.ENUM:
            label += "(填：" + "，".join(f"{k}={c.label}" for k, c in definition.choices.items()) + ")"
        sheet.cell(row=row, column=2, value=label)
        value_cell = sheet.cell(row=row, column=3)
        if definition.derived:
            value_cell.value = DERIVED_FORMULAS[key]
            value_cell.number_format = "0.00%"
        else:
            value = firm.fact(key)
            if definition.kind is FactKind.BOOL:
                value_cell.value = value if isinstance(value, bool) else None
            elif definition.kind is FactKind.ENUM:
                value_cell.value = value
            else:
                value_cell.value = value
                value_cell.number_format = MONEY_FORMAT if definition.kind is FactKind.MONEY else "#,##0.##"
        sheet.cell(
            row=row,
            column=4,
            value=definition.kind.unit or ("比例" if definition.kind is FactKind.RATIO else ""),
        )
        _name(workbook, key, INPUTS, f"$C${row}")

    def table(title: str, headers: list[str], rows: list[list[object]], names: list[str]) -> None:
        nonlocal row
        row += 2
        sheet.cell(row=row, column=1, value=title).font = Font(bold=True)
        row += 1
        for column, text in enumerate(headers, start=1):
            sheet.cell(row=row, column=column, value=text).font = Font(bold=True)
        first = row + 1
        for values in rows:
            row += 1
            _style_row(sheet, row, len(headers))
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                if column == len(values):
                    cell.number_format = MONEY_FORMAT
        last = row + SPARE_ROWS
        row = last
        for column, name in enumerate(names, start=1):
            letter = COLUMNS[column - 1]
            _name(workbook, name, INPUTS, f"${letter}${first}:${letter}${last}")

    table(
        "历史获奖(history)",
        ["措施", "年度", "金额"],
        [[h.measure, h.year, h.amount] for h in firm.history],
        ["hist_measure", "hist_year", "hist_amount"],
    )
    table(
        "已获其他支持(other_support)",
        ["措施", "事项键", "来源", "金额"],
        [[s.measure, catalog.measures[s.measure].matter, s.source, s.amount] for s in firm.other_support],
        ["support_measure", "support_matter", "support_source", "support_amount"],
    )
    table(
        "核定金额(claims)",
        ["措施", "金额"],
        [[measure_id, amount] for measure_id, amount in firm.claims.items()],
        ["claim_measure", "claim_amount"],
    )


def _program_judged(measure: MeasureResult) -> bool:
    """Return the part of the conditions only the program can judge: roles and the firm's age."""
    return all(check.holds is True for check in measure.checks if check.kind in ("role", "established"))


def _write_calc(sheet: Worksheet, rows: list[MeasureResult], catalog: Catalog) -> dict[str, int]:
    row_of = {measure.id: index + 2 for index, measure in enumerate(rows)}
    groups: dict[str, list[int]] = {}
    for measure in rows:
        groups.setdefault(measure.measure.matter, []).append(row_of[measure.id])
    for measure in rows:
        r = row_of[measure.id]
        award = measure.measure.award
        one_off = f'COUNTIF(hist_measure,"{measure.id}")=0' if measure.measure.one_off else None
        cells: dict[str, object] = {
            "A": measure.id,
            "B": measure.measure.title,
            "C": f"{measure.jurisdiction.name}《{measure.jurisdiction.document}》{measure.measure.clause}",
            "D": describe_award(measure.measure, catalog),
            "E": _program_judged(measure),
            "F": conditions_formula(measure.measure, catalog, f"E{r}", one_off),
            "K": f"=SUMIFS(hist_amount,hist_measure,A{r},hist_year,year)",
        }
        if award.rate is not None and award.base is not None:
            base = award.base
            if award.exclude_base_of and award.exclude_fact:
                excluded = [f"F{row_of[o]}" for o in award.exclude_base_of if o in row_of]
                if excluded:
                    cells["G"] = (
                        f"=IF(ISNUMBER({base}),{base}-IF(OR({','.join(excluded)}),"
                        f"MIN(N({award.exclude_fact}),{base}),0),0)"
                    )
                else:
                    cells["G"] = f"=N({base})"
            else:
                cells["G"] = f"=N({base})"
            cells["H"] = award.rate
            numerator, denominator = fraction(award.rate)
            formula = f"ROUNDDOWN(G{r}*{numerator}/{denominator},0)"
            if award.cap is not None:
                formula = f"MIN({formula},{number(award.cap)})"
                cells["J"] = award.cap
            cells["I"] = f"=IF(F{r},{formula},0)"
            remaining = f"MAX(0,MIN(I{r},J{r}-K{r}))" if award.cap is not None else f"I{r}"
        elif award.tiers is not None:
            cells["I"] = f"=IF(F{r},{tiers_formula(measure.measure, catalog)},0)"
            cells["J"] = f"=I{r}"
            remaining = f"MAX(0,I{r}-K{r})"
        else:
            assert award.amount is not None
            cells["I"] = f"=IF(F{r},{number(award.amount)},0)"
            cells["J"] = award.amount
            remaining = f"MAX(0,I{r}-K{r})"
        # 核定金额 for any money measure replaces the computed figure (the program refuses one above it)
        cells["L"] = f'=IF(COUNTIF(claim_measure,A{r})>0,SUMIF(claim_measure,A{r},claim_amount),"")'
        cells["M"] = f"=IF(F{r},IF(ISNUMBER(L{r}),L{r},{remaining}),0)"
        cells["N"] = f'=IF(ISNUMBER(L{r}),"否","是")' if award.kind is AwardKind.UP_TO else "否"
        members = groups[measure.measure.matter]
        before = [f"M{m}" for m in members if m < r]
        after = [f"M{m}" for m in members if m > r]
        received = _support_sum(measure.measure.matter)
        tests = [f"M{r}>0", f"M{r}>{received}"]
        if before:
            tests.append(f"M{r}>MAX({','.join(before)})")
        if after:
            tests.append(f"M{r}>=MAX({','.join(after)})")
        # provisional while a measure whose base this one excludes still needs input
        tests.extend(
            decided_formula(catalog.measures[other], catalog, f"E{row_of[other]}")
            for other in award.exclude_base_of
            if other in row_of
        )
        # 补差: only the part above support already received for the same matter counts
        cells["O"] = f"=IF(AND({','.join(tests)}),M{r}-{received},0)"
        _style_row(sheet, r, len(CALC_HEADERS))
        for letter, value in cells.items():
            cell = sheet[f"{letter}{r}"]
            cell.value = value
            if letter in "GIJKLMO":
                cell.number_format = MONEY_FORMAT
            elif letter == "H":
                cell.number_format = "0.0##%"
    return row_of


def _support_sum(matter: str) -> str:
    return f'SUMIF(support_matter,"{matter}",support_amount)'


def build_workbook(
    template: bytes, template_path: str, firm: FirmFile, result: FirmResult, catalog: Catalog, day: date
) -> bytes:
    """Return the filled 测算表 as deterministic .xlsx bytes."""
    try:
        workbook = load_workbook(io.BytesIO(template))
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TemplateError(template_path, [Problem("", f"不是可读取的 Excel 文件(.xlsx)：{exc}")]) from exc
    missing = [name for name in (INPUTS, CALC) if name not in workbook.sheetnames]
    if missing:
        raise TemplateError(template_path, [Problem("", f"缺少工作表 {'、'.join(missing)}")])
    inputs, calc = workbook[INPUTS], workbook[CALC]
    _register_styles(workbook)
    rows = _measures_in_sheet(result)
    _write_inputs(inputs, workbook, firm, catalog, _facts_used(rows, firm, catalog))
    for column, text in enumerate(CALC_HEADERS, start=1):
        calc.cell(row=1, column=column, value=text)
    row_of = _write_calc(calc, rows, catalog)
    last = max(row_of.values(), default=1)
    total_row = last + 2
    calc[f"B{total_row}"] = "合计（确定金额）"
    calc[f"O{total_row}"] = f'=SUMIFS(O2:O{last},N2:N{last},"否")'
    calc[f"B{total_row + 1}"] = "最高额合计（待年度指南确定）"
    calc[f"O{total_row + 1}"] = f'=SUMIFS(O2:O{last},N2:N{last},"是")'
    for r in (total_row, total_row + 1):
        calc[f"B{r}"].font = Font(bold=True)
        calc[f"O{r}"].font = Font(bold=True)
        calc[f"O{r}"].number_format = MONEY_FORMAT
    calc["F1"].comment = Comment(
        "程序判定条件：企业类型、成立年限等由程序依企业信息判定；其余条件按输入表实时计算。",
        "CBEC Grant Desk",
    )
    _name(workbook, "total", CALC, f"$O${total_row}")
    _name(workbook, "total_up_to", CALC, f"$O${total_row + 1}")
    calc.print_area = f"A1:O{total_row + 1}"
    inputs.print_area = f"A1:D{inputs.max_row}"
    workbook.calculation.fullCalcOnLoad = True
    workbook.active = workbook.sheetnames.index(CALC)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalised_container(buffer.getvalue(), f"{firm.firm.name} {firm.year} 测算表", day)
