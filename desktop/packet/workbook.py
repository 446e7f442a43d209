"""The 测算表: a sheet of live formulas reproducing every award, with the engine's results stored, and its inputs.

Written with XlsxWriter because it stores each formula's result beside the formula: previewers, mobile
apps and Python readers that never recalculate show the same figures as Excel, which recalculates on load.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from desktop.catalog.describe import describe_award, jurisdiction_heading
from desktop.catalog.loader import Catalog
from desktop.catalog.model import AwardKind, FactKind, Measure
from desktop.engine.calls import guides_of
from desktop.engine.conditions import FactContext
from desktop.engine.period import period_note
from desktop.engine.result import FirmResult, MeasureResult, Status
from desktop.firm import FirmFile
from desktop.packet.formulas import NO, YES, Formulas, defined_name, fraction, number, text_literal

CALC = "测算"
INPUTS = "输入"
MONEY_FORMAT = "#,##0"
CENTS_FORMAT = "#,##0.00"  # history, support, approved amounts and figures may carry 角 and 分
SPARE_ROWS = 5
FONT = "宋体"
FONT_SIZE = 11
LINE_HEIGHT = 14.25  # points per line of 11 pt text: Excel's row height for 宋体 11
FIRST_ROW = 5  # Excel row of the first measure: the title, the two totals (kept on page 1), the headers

# (header, width in characters, wrapped): widths sum to what A4 landscape holds at 100 % (see README)
CALC_COLUMNS = [
    ("序号", 4, False), ("事项", 10, True), ("政策依据", 12, True), ("计算规则", 14, True),
    ("主体资格", 5, True), ("条件成立", 5, True), ("计算基数", 12, False), ("公式金额", 10, False),
    ("本年度已获", 10, False), ("核定金额", 10, False), ("最高额", 5, True), ("奖励金额", 10, False),
    ("计入合计", 10, False),
]  # fmt: skip
SEQ, TITLE, CLAUSE, RULE, QUALIFIED, HOLDS, BASE, FORMULA, ALREADY, CLAIM, UP_TO, AWARD, COUNTED = (
    "ABCDEFGHIJKLM"
)
# 输入 prints portrait: 84 characters fit A4 portrait at 100 % in Excel (Calibri's 7-pixel digit) and at
# about 91 % in LibreOffice where Calibri falls back to the wider DejaVu Sans (10 pt text, not the 8.5 pt
# that 100 characters shrank to); 取值 keeps 18 for a whole 统一社会信用代码
INPUT_COLUMNS = [("数据项", 32, True), ("取值", 18, False), ("说明", 34, True)]
TABLE_NAMES = {
    "history": ("获奖事项", "获奖年度", "获奖金额"),
    "support": ("支持事项", "支持来源", "支持金额"),
    "claims": ("核定事项", "核定金额"),
}
HISTORY, SUPPORT, CLAIMS = TABLE_NAMES["history"], TABLE_NAMES["support"], TABLE_NAMES["claims"]
YEAR_NAME, TOTAL_NAME, TOTAL_UP_TO_NAME = "业绩年度", "合计", "最高额合计"
NOTE = (
    "说明：主体资格指企业类型、成立年限等依企业登记信息判定的条件及年度指南是否受理本项；条件成立、计算基数与各项金额均按"
    "“输入”表的数据以公式计算，修改数据后自动重算。最高额为文件规定的上限，具体金额由年度资金申报指南"
    "确定，填写核定金额后按核定金额计。本年度已获本项的金额从公式金额中扣除；同一事项只计较高的一项，"
    "已从其他政策获得的支持从中扣除(就高不重复)；各项金额均按整元向下取整。"
)


def _cell_value(value: Decimal) -> int | Decimal:
    """Return a figure as XlsxWriter writes it exactly: whole 元 as int, others as the Decimal itself."""
    return int(value) if value == value.to_integral_value() else value


def _has_cents(value: object) -> bool:
    """Return True for an amount with 角 or 分, which whole-元 display would round (0.5 shown as 1)."""
    return isinstance(value, Decimal) and value != value.to_integral_value()


def _width_units(text: str) -> int:
    """Return the printed width of text in character units: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _height(lines: int) -> float:
    """Return a row height in points for wrapped lines: set explicitly, as LibreOffice does not fit rows on load."""
    return LINE_HEIGHT * lines + 3


def _lines(text: str, width: int) -> int:
    """Return the lines text wraps to in a column, estimated for the narrowest common column metrics."""
    usable = max(1, width)
    return sum(max(1, math.ceil(_width_units(part) / usable)) for part in text.split("\n"))


@dataclass
class _Formats:
    title: Format
    header: Format
    text: Format
    wrap: Format
    centre: Format
    money: Format
    cents: Format
    rate: Format
    number: Format
    percent: Format
    bold: Format
    bold_money: Format
    note: Format


def _formats(workbook: xlsxwriter.Workbook) -> _Formats:
    base = {
        "font_name": FONT,
        "font_size": FONT_SIZE,
        "valign": "top",
        "border": 1,
        "border_color": "#999999",
    }

    def make(**extra: object) -> Format:
        return workbook.add_format({**base, **extra})

    return _Formats(
        title=workbook.add_format({"font_name": FONT, "font_size": 14, "bold": True, "valign": "vcenter"}),
        header=make(bold=True, align="center", valign="vcenter", text_wrap=True, bg_color="#DDE7F0"),
        text=make(),
        wrap=make(text_wrap=True),
        centre=make(align="center"),
        money=make(num_format=MONEY_FORMAT),
        cents=make(num_format=CENTS_FORMAT),
        rate=make(num_format="0.0##%"),
        number=make(num_format="#,##0.##"),
        percent=make(num_format="0.00%"),
        bold=make(bold=True, text_wrap=True),
        bold_money=make(bold=True, num_format=MONEY_FORMAT),
        note=workbook.add_format(
            {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top", "text_wrap": True}
        ),
    )


def _print_setup(sheet: Worksheet, header_rows: int, landscape: bool = True) -> None:
    """A4 (landscape unless told), one page wide, the last of the ``header_rows`` (the column headers)
    repeated, page numbers in the footer."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(
        header_rows - 1
    )  # the column headers; repeating the title too makes LibreOffice add a blank page
    sheet.set_margins(left=0.3, right=0.3, top=0.6, bottom=0.75)
    sheet.set_footer(f"&C&{FONT_SIZE}第 &P 页 共 &N 页", {"margin": 0.3})
    sheet.freeze_panes(header_rows, 0)


def measures_in_sheet(result: FirmResult) -> list[MeasureResult]:
    """Return the money measures in force for the year: the rows of the calculation sheet."""
    return [m for m in result.measures if m.measure.award.is_money and m.status is not Status.NOT_IN_FORCE]


def _facts_used(measures: list[MeasureResult], firm: FirmFile, catalog: Catalog) -> list[str]:
    wanted = {fact for m in measures for fact in m.measure.facts()} | set(firm.facts)
    for fact in list(wanted):
        wanted.update(catalog.facts[fact].derived_from)
    return [key for key in catalog.facts if key in wanted]


def _program_judged(measure: MeasureResult) -> bool:
    """Return the part of the conditions only the program can judge: roles, the firm's age, its
    registered district and whether the year's guide accepts applications for the measure."""
    return all(
        check.holds is True
        for check in measure.checks
        if check.kind in ("role", "established", "district", "guide")
    )


class _Book:
    """One 测算表 being written: the workbook, its formats and the names of its input cells."""

    def __init__(self, firm: FirmFile, result: FirmResult, catalog: Catalog, day: date) -> None:
        self.firm, self.result, self.catalog = firm, result, catalog
        self.buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        title = f"{firm.firm.name} {firm.year} 年度奖励测算表"
        self.workbook.set_properties(
            {"title": title, "author": firm.firm.name, "created": datetime(day.year, day.month, day.day)}
        )
        self.workbook.set_calc_mode("auto")
        self.formats = _formats(self.workbook)
        self.calc = self.workbook.add_worksheet(CALC)
        self.inputs = self.workbook.add_worksheet(INPUTS)
        self.rows = measures_in_sheet(result)
        self.taken: set[str] = {n.lower() for names in TABLE_NAMES.values() for n in names}
        self.taken |= {YEAR_NAME.lower(), TOTAL_NAME.lower(), TOTAL_UP_TO_NAME.lower()}
        self.names: dict[str, str] = {}
        self.formulas = Formulas(catalog, self.names, firm.year, firm.firm.established)

    def name(self, name: str, sheet: str, reference: str) -> None:
        self.workbook.define_name(name, f"='{sheet}'!{reference}")

    # -- 输入 --------------------------------------------------------------------------------------

    def write_inputs(self) -> None:
        sheet, f, firm, catalog = self.inputs, self.formats, self.firm, self.catalog
        for column, (_, width, _) in enumerate(INPUT_COLUMNS):
            sheet.set_column(column, column, width)
        sheet.merge_range(0, 0, 0, 2, "", f.title)
        sheet.write_string(0, 0, f"{firm.firm.name} {firm.year} 年度奖励测算：输入数据", f.title)
        sheet.set_row(0, 24)
        for column, (header, _, _) in enumerate(INPUT_COLUMNS):
            sheet.write_string(1, column, header, f.header)
        row = 2
        rows: list[tuple[str, str]] = []

        def line(label: str, explanation: str) -> int:
            nonlocal row
            sheet.write_string(row, 0, label, f.wrap)
            sheet.write_string(row, 2, explanation, f.wrap)
            rows.append((label, explanation))
            row += 1
            return row - 1

        values: dict[int, str] = {}  # the wrapped 取值 texts, which the row height must hold too
        r = line("企业名称", "")
        sheet.write_string(r, 1, firm.firm.name, f.wrap)
        values[r] = firm.firm.name
        r = line("统一社会信用代码", "")
        sheet.write_string(r, 1, firm.firm.credit_code, f.text)
        r = line("业绩年度", "申报所依据的业绩年度")
        sheet.write_number(r, 1, firm.year, f.text)
        self.name(YEAR_NAME, INPUTS, f"$B${r + 1}")
        context = FactContext(firm, catalog)
        facts = _facts_used(self.rows, firm, catalog)
        for key in facts:
            self.names[key] = defined_name(catalog.facts[key].label, self.taken)
        for key in facts:
            definition = catalog.facts[key]
            kind = definition.kind
            if definition.derived:
                sources = "、".join(catalog.facts[s].label for s in definition.derived_from)
                explanation = f"由{sources}计算，无需填写"
            elif kind is FactKind.BOOL:
                explanation = "填“是”或“否”；空白表示未提供"
            elif kind is FactKind.ENUM:
                explanation = "可选：" + "、".join(c.label for c in definition.choices.values())
            else:
                explanation = kind.unit or ""
                if definition.help:
                    explanation = f"{explanation}；{definition.help}" if explanation else definition.help
            r = line(definition.label, explanation)
            value = context.value(key) if definition.derived else firm.fact(key)
            if definition.derived:
                stored = _cell_value(value) if isinstance(value, Decimal) else ""
                sheet.write_formula(r, 1, self.formulas.derived(key), f.percent, stored)
            elif kind is FactKind.BOOL:
                if isinstance(value, bool):
                    sheet.write_string(r, 1, YES if value else NO, f.centre)
                else:
                    sheet.write_blank(r, 1, None, f.centre)
                sheet.data_validation(r, 1, r, 1, {"validate": "list", "source": [YES, NO]})
            elif kind is FactKind.ENUM:
                choice = definition.choices.get(str(value)) if value is not None else None
                if choice is not None:
                    sheet.write_string(r, 1, choice.label, f.wrap)
                    values[r] = choice.label
                else:
                    sheet.write_blank(r, 1, None, f.wrap)
                labels = [c.label for c in definition.choices.values()]
                sheet.data_validation(r, 1, r, 1, {"validate": "list", "source": labels})
            elif isinstance(value, Decimal):
                money = f.cents if _has_cents(value) else f.money
                sheet.write_number(r, 1, _cell_value(value), money if kind is FactKind.MONEY else f.number)
            else:
                sheet.write_blank(r, 1, None, f.money if kind is FactKind.MONEY else f.number)
            self.name(self.names[key], INPUTS, f"$B${r + 1}")
        for r, (label, explanation) in enumerate(rows, start=2):
            height = max(
                _lines(label, INPUT_COLUMNS[0][1]),
                _lines(values.get(r, ""), INPUT_COLUMNS[1][1]),
                _lines(explanation, INPUT_COLUMNS[2][1]),
            )
            sheet.set_row(r, _height(height))

        title_of = {m.id: m.title for m in catalog.measures.values()}
        self._table(
            row + 1,
            "历史获奖(以前及本年度已获本市奖励)",
            ["事项", "年度", "金额(元)"],
            [[title_of[h.measure], h.year, h.amount] for h in firm.history],
            TABLE_NAMES["history"],
        )
        row += 4 + len(firm.history) + SPARE_ROWS
        self._table(
            row + 1,
            "已获其他支持(同一事项就高不重复)",
            ["对应事项", "来源", "金额(元)"],
            [[title_of[s.measure], s.source, s.amount] for s in firm.other_support],
            TABLE_NAMES["support"],
        )
        row += 4 + len(firm.other_support) + SPARE_ROWS
        end = self._table(
            row + 1,
            "核定金额(年度资金申报指南核定的金额)",
            ["事项", "金额(元)"],
            [[title_of[m], amount] for m, amount in firm.claims.items()],
            TABLE_NAMES["claims"],
        )
        sheet.print_area(0, 0, end, len(INPUT_COLUMNS) - 1)
        # portrait: its three columns fit the width, and a page holds half as many rows again, so the
        # empty entry tables at its end no longer make a page of their own
        _print_setup(sheet, 2, landscape=False)

    def _table(
        self, row: int, title: str, headers: list[str], values: list[list[object]], names: tuple[str, ...]
    ) -> int:
        """Write one table of entries with spare rows to add more; return its last row."""
        sheet, f = self.inputs, self.formats
        sheet.merge_range(row, 0, row, 2, "", f.bold)
        sheet.write_string(row, 0, title, f.bold)
        for column, header in enumerate(headers):
            sheet.write_string(row + 1, column, header, f.header)
        first = row + 2
        for index, entry in enumerate(values):
            r = first + index
            for column, value in enumerate(entry):
                if isinstance(value, Decimal):
                    sheet.write_number(
                        r, column, _cell_value(value), f.cents if _has_cents(value) else f.money
                    )
                elif isinstance(value, int):
                    sheet.write_number(r, column, value, f.text)
                else:
                    sheet.write_string(r, column, str(value), f.wrap)
            sheet.set_row(
                r, _height(max(_lines(str(v), INPUT_COLUMNS[column][1]) for column, v in enumerate(entry)))
            )
        last = first + len(values) + SPARE_ROWS - 1
        for r in range(first + len(values), last + 1):
            for column in range(len(headers)):
                sheet.write_blank(r, column, None, f.money if column == len(headers) - 1 else f.wrap)
        for column, name in enumerate(names):
            letter = "ABC"[column]
            self.name(name, INPUTS, f"${letter}${first + 1}:${letter}${last + 1}")
        return last

    # -- 测算 --------------------------------------------------------------------------------------

    def write_calc(self) -> None:
        sheet, f, firm, result = self.calc, self.formats, self.firm, self.result
        for column, (_, width, _) in enumerate(CALC_COLUMNS):
            sheet.set_column(column, column, width)
        last_column = len(CALC_COLUMNS) - 1
        title = f"{firm.firm.name} {firm.year} 年度奖励测算表"
        sheet.merge_range(0, 0, 0, last_column, "", f.title)
        sheet.write_string(0, 0, title, f.title)
        sheet.set_row(0, 24)
        header = FIRST_ROW - 2  # 0-based row of the column headers
        for column, (text, _, _) in enumerate(CALC_COLUMNS):
            sheet.write_string(header, column, text, f.header)
        sheet.set_row(header, _height(max(_lines(h, w) for h, w, _ in CALC_COLUMNS)))
        row_of = {m.id: FIRST_ROW + index for index, m in enumerate(self.rows)}
        for index, measure in enumerate(self.rows):
            self._measure_row(measure, index + 1, row_of)
        last = FIRST_ROW + len(self.rows) - 1
        for r, label, flag, value, name in (
            (2, "合计(确定金额)", NO, result.total, TOTAL_NAME),
            (3, "最高额合计(待年度资金申报指南确定)", YES, result.total_up_to, TOTAL_UP_TO_NAME),
        ):
            sheet.merge_range(r - 1, 0, r - 1, last_column - 1, "", f.bold)
            sheet.write_string(r - 1, 0, label, f.bold)
            counted, up_to = f"{COUNTED}{FIRST_ROW}:{COUNTED}{last}", f"{UP_TO}{FIRST_ROW}:{UP_TO}{last}"
            formula = f'=SUMIFS({counted},{up_to},"{flag}")' if self.rows else "=0"
            sheet.write_formula(r - 1, last_column, formula, f.bold_money, _cell_value(value))
            self.name(name, CALC, f"${COUNTED}${r}")
        documents = []
        for measure in self.rows:
            text = f"{jurisdiction_heading(measure.jurisdiction)}《{measure.jurisdiction.document}》"
            if text not in documents:
                documents.append(text)
        note = NOTE + ("\n政策文件：" + "；".join(documents) if documents else "")
        guides = list(
            dict.fromkeys(
                f"《{m.guide.guide}》" + (f"申报截止 {m.deadline.isoformat()}" if m.deadline else "")
                for m in self.rows
                if m.guide is not None
            )
        )
        note += "\n年度指南：" + "；".join(guides) if guides else ""
        for guide in guides_of(self.rows):
            period = guide.eligible_period
            if period is not None:
                note += f"\n业绩计算期间(《{guide.guide}》)：{period.from_.isoformat()} 至 {period.to.isoformat()}"
            note += "".join(f"\n指南说明：{text}" for text in guide.notes)
        # a document starting or ending inside the year leaves only part of it (rulings 11 and 18)
        periods = [
            period_note(m.jurisdiction, self.firm.year)
            for m in self.rows
            if m.period is not None and (m.guide is None or m.guide.eligible_period is None)
        ]
        note += "".join(f"\n{text}" for text in dict.fromkeys(periods) if text)
        note_row = last + 2
        sheet.merge_range(note_row - 1, 0, note_row - 1, last_column, "", f.note)
        sheet.write_string(note_row - 1, 0, note, f.note)
        width = sum(w for _, w, _ in CALC_COLUMNS)
        sheet.set_row(note_row - 1, _height(_lines(note, width)))
        sheet.print_area(0, 0, note_row - 1, last_column)
        _print_setup(sheet, FIRST_ROW - 1)
        sheet.activate()

    def _measure_row(self, measure: MeasureResult, number_in_sheet: int, row_of: dict[str, int]) -> None:
        sheet, f, catalog = self.calc, self.formats, self.catalog
        r = row_of[measure.id]
        award = measure.measure.award
        calculation = measure.calculation
        texts = [
            measure.measure.title,
            f"{jurisdiction_heading(measure.jurisdiction)} {measure.measure.clause}"
            + (f"\n年度指南《{measure.guide.guide}》" if measure.guide is not None else "")
            + (f"，申报截止 {measure.deadline.isoformat()}" if measure.deadline else ""),
            describe_award(measure.measure, catalog),
        ]

        def put(column: str, formula: str, fmt: Format, value: object) -> None:
            sheet.write_formula(f"{column}{r}", formula, fmt, value)

        sheet.write_number(f"{SEQ}{r}", number_in_sheet, f.centre)
        for column, text in zip((TITLE, CLAUSE, RULE), texts, strict=True):
            sheet.write_string(f"{column}{r}", text, f.wrap)
        widths = {
            letter: width
            for letter, (_, width, _) in zip(SEQ + TITLE + CLAUSE + RULE, CALC_COLUMNS, strict=False)
        }
        sheet.set_row(
            r - 1,
            _height(max(_lines(t, widths[c]) for c, t in zip((TITLE, CLAUSE, RULE), texts, strict=True))),
        )
        sheet.write_string(f"{QUALIFIED}{r}", YES if _program_judged(measure) else NO, f.centre)
        one_off = f"COUNTIF({HISTORY[0]},{TITLE}{r})=0" if measure.measure.one_off else None
        holds = self.formulas.conditions(measure.measure, f"{QUALIFIED}{r}", one_off)
        put(HOLDS, holds, f.centre, YES if self._holds(measure) else NO)
        already = sum(
            (h.amount for h in self.firm.history if h.measure == measure.id and h.year == self.firm.year),
            Decimal(0),
        )
        put(ALREADY, f"=SUMIFS({HISTORY[2]},{HISTORY[0]},{TITLE}{r},{HISTORY[1]},{YEAR_NAME})",
            f.cents if _has_cents(already) else f.money,
            _cell_value(already))  # fmt: skip
        if award.rate is not None and award.base is not None:
            base = self._base_value(measure.measure, row_of)
            put(BASE, self._base_formula(measure.measure, row_of), f.cents if _has_cents(base) else f.money,
                _cell_value(base))  # fmt: skip
            numerator, denominator = fraction(award.rate)
            amount = f"ROUNDDOWN({BASE}{r}*{numerator}/{denominator},0)"
            if award.cap is not None:
                amount = f"MIN({amount},{number(award.cap)})"
        else:
            sheet.write_blank(f"{BASE}{r}", None, f.money)
            amount = self.formulas.tiers(measure.measure) if award.tiers is not None else number(award.amount)
        # this year's award already received comes off the computed figure, in whole 元 (rulings 15, 16)
        remaining = f"ROUNDDOWN(MAX(0,{FORMULA}{r}-{ALREADY}{r}),0)"
        formula_amount = calculation.formula_amount if calculation is not None else Decimal(0)
        put(FORMULA, f'=IF({HOLDS}{r}="{YES}",{amount},0)', f.money, _cell_value(formula_amount))
        claim = self.firm.claims.get(measure.id)
        # 核定金额, for any money measure, replaces the computed figure (the program refuses one above it)
        put(CLAIM, f'=IF(COUNTIF({CLAIMS[0]},{TITLE}{r})>0,SUMIF({CLAIMS[0]},{TITLE}{r},{CLAIMS[1]}),"")',
            f.cents if _has_cents(claim) else f.money, _cell_value(claim) if claim is not None else "")  # fmt: skip
        if award.kind is AwardKind.UP_TO:
            put(
                UP_TO, f'=IF(ISNUMBER({CLAIM}{r}),"{NO}","{YES}")', f.centre, NO if claim is not None else YES
            )
        else:
            sheet.write_string(f"{UP_TO}{r}", NO, f.centre)
        award_formula = (
            f'=IF({HOLDS}{r}="{YES}",IF(ISNUMBER({CLAIM}{r}),ROUNDDOWN({CLAIM}{r},0),{remaining}),0)'
        )
        put(AWARD, award_formula, f.money, _cell_value(measure.award))
        put(COUNTED, self._counted_formula(measure.measure, r, row_of), f.money,
            _cell_value(measure.counted_award))  # fmt: skip

    def _excluded_rows(self, measure: Measure, row_of: dict[str, int]) -> list[int]:
        return [row_of[o] for o in measure.award.exclude_base_of if o in row_of]

    def _base_formula(self, measure: Measure, row_of: dict[str, int]) -> str:
        award = measure.award
        assert award.base is not None
        base = self.names[award.base]
        excluded = self._excluded_rows(measure, row_of)
        if not (excluded and award.exclude_fact):
            return f"=N({base})"
        part = self.names[award.exclude_fact]
        tests = ",".join(f'{HOLDS}{r}="{YES}"' for r in excluded)
        return f"=IF(ISNUMBER({base}),{base}-IF(OR({tests}),MIN(N({part}),{base}),0),0)"

    def _base_value(self, measure: Measure, row_of: dict[str, int]) -> Decimal:
        award = measure.award
        assert award.base is not None
        base = self.firm.fact(award.base)
        if not isinstance(base, Decimal):
            return Decimal(0)
        by_id = {m.id: m for m in self.rows}
        excluded = [o for o in award.exclude_base_of if o in row_of]
        if award.exclude_fact and any(by_id[o].conditions_hold is True for o in excluded):
            part = self.firm.fact(award.exclude_fact)
            return base - min(part if isinstance(part, Decimal) else Decimal(0), base)
        return base

    def _holds(self, measure: MeasureResult) -> bool:
        """Return what 条件成立 shows: the measure's conditions hold and the figures its award reads are
        given (for tiers: a tier holds) — also when nothing is left to pay on."""
        award = measure.measure.award
        if award.tiers is not None:
            return measure.calculation is not None
        given = all(self.firm.fact(f) is not None for f in award.facts() if f != award.exclude_fact)
        return measure.conditions_hold is True and given

    def _counted_formula(self, measure: Measure, r: int, row_of: dict[str, int]) -> str:
        """计入合计: the highest of a matter (就高不重复), once the measures whose base this one excludes are
        decided (else provisional), and of it only the part above support received elsewhere (补差)."""
        members = [row_of[m.id] for m in self.rows if m.measure.matter == measure.matter]
        before = [f"{AWARD}{m}" for m in members if m < r]
        after = [f"{AWARD}{m}" for m in members if m > r]
        received = self._support_sum(measure.matter)
        tests = [f"{AWARD}{r}>0", f"{AWARD}{r}>{received}"]
        if before:
            tests.append(f"{AWARD}{r}>MAX({','.join(before)})")
        if after:
            tests.append(f"{AWARD}{r}>=MAX({','.join(after)})")
        by_id = {m.id: m for m in self.rows}
        tests.extend(
            self.formulas.decided(by_id[other].measure, f"{QUALIFIED}{row_of[other]}")
            for other in measure.award.exclude_base_of
            if other in row_of
        )
        return f"=IF(AND({','.join(tests)}),ROUNDDOWN({AWARD}{r}-{received},0),0)"

    def _support_sum(self, matter: str) -> str:
        """Return the support received elsewhere for the matter: the 已获其他支持 rows naming any
        measure of that matter."""
        titles = [m.title for m in self.catalog.measures.values() if m.matter == matter]
        return "(" + "+".join(f"SUMIF({SUPPORT[0]},{text_literal(t)},{SUPPORT[2]})" for t in titles) + ")"

    def close(self) -> bytes:
        self.workbook.close()
        return self.buffer.getvalue()


def build_workbook(firm: FirmFile, result: FirmResult, catalog: Catalog, day: date) -> bytes:
    """Return the filled 测算表 as deterministic .xlsx bytes: formulas with the engine's results stored."""
    book = _Book(firm, result, catalog, day)
    book.write_inputs()
    book.write_calc()
    return book.close()
