"""One cell into a firm-file value, taking what people type: dates in any written form or as serials,
√/有/Y for yes, ￥ and full-width commas, 成都 for 成都市; refusing what cannot be trusted, with the reason."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop.batch.columns import UNIT_OF_KIND, Column
from desktop.dates import DateTextError, from_serial, parse_date
from desktop.money import (
    AREA_BOUNDS,
    MONEY_BOUNDS,
    USD_BOUNDS,
    Bounds,
    NotADecimalError,
    OutOfBoundsError,
    UnitError,
    read_in_unit,
    to_bounded,
)

TRUE_WORDS = {"是", "√", "✓", "✔", "☑", "有", "对", "y", "yes", "true", "1", "是的"}
FALSE_WORDS = {"否", "×", "✗", "✘", "☐", "无", "没有", "不是", "n", "no", "false", "0"}
NUMBER_BOUNDS: dict[str, Bounds] = {"money": MONEY_BOUNDS, "usd": USD_BOUNDS, "area": AREA_BOUNDS}
# A spreadsheet keeps 15 significant digits of a number: a longer one typed into a General cell is
# already changed (a 19-digit account number ends in 000, or is stored as 8.02987909839561E+18).
TRUSTED_DIGITS = 15
AS_TEXT = "请将该列设为文本格式后重新输入"
_DIGITS = re.compile(r"\d+")


def as_text(value: Any) -> str:
    """Return a cell as the text it shows: a whole float without ``.0``, text stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    return str(value).strip()


def _shown(value: Any) -> str:
    if isinstance(value, (float, Decimal)):
        text = repr(value) if isinstance(value, float) else str(value)
        return text.upper().replace("E+0", "E+") if "e" in text.lower() else text
    text = as_text(value)
    return text if len(text) <= 40 else text[:40] + "…"


def identifier(column: Column, value: Any) -> tuple[str | None, str | None]:
    """Return an identifier's digits and letters exactly as written, or why a number cell cannot be
    trusted: more than 15 digits, a fraction, or (for a phone) a number that lost its leading 0."""
    if isinstance(value, bool):
        return None, f"应填文本，实为 {value}"
    if isinstance(value, (int, float, Decimal)):
        if not isinstance(value, int) and (not math.isfinite(value) or int(value) != value):
            return None, f"单元格是数字 {_shown(value)}，不是完整的号码；{AS_TEXT}"
        digits = str(int(value))
        if len(digits.lstrip("-")) > TRUSTED_DIGITS:
            return None, (
                f"单元格是数字 {_shown(value)}：表格软件只保存数字的前 {TRUSTED_DIGITS} 位，"
                f"{column.label}的其余位可能已变为 0；{AS_TEXT}"
            )
        if column.key == "contact_phone" and 9 <= len(digits) <= 10 and not digits.startswith("1"):
            return None, f"单元格是数字 {digits}，开头的 0 可能已丢失(如区号 028)；{AS_TEXT}"
        return digits, None
    return as_text(value), None


def _date(value: Any, day_zero: date) -> tuple[str | None, str | None]:
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        serial = from_serial(value, day_zero)
        if serial is None:
            return None, f"不是日期：{_shown(value)}；请写成 2021-05-10 或 2021年5月10日"
        return serial.isoformat(), None
    text = as_text(value)
    if _DIGITS.fullmatch(text) and len(text) <= 5:  # a serial number saved as text (CSV)
        return _date(int(text), day_zero)
    try:
        parsed = parse_date(text)
    except DateTextError as exc:
        return None, f"{exc.message}，实为 {_shown(text)}"
    return (parsed.isoformat() if parsed else None), None


def _year(value: Any) -> tuple[int | None, str | None]:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and int(value) == value:
        return int(value), None
    text = as_text(value).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    text = text.removesuffix("年度").removesuffix("年").strip()
    if _DIGITS.fullmatch(text) and len(text) == 4:
        return int(text), None
    return None, f"应填年份，如 2025，实为 {_shown(value)}"


def _yes_no(value: Any) -> tuple[bool | None, str | None]:
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value), None
    text = as_text(value).lower()
    if text in TRUE_WORDS:
        return True, None
    if text in FALSE_WORDS:
        return False, None
    return None, f"应填“是”或“否”(也可填 √、有、Y、1 或 ×、无、N、0)，实为 {_shown(value)}"


def _choice(column: Column, value: Any) -> tuple[str | None, str | None]:
    text = re.sub(r"\s+", "", as_text(value))
    folded = text.casefold()
    for label, stored in column.choices.items():
        names = {label, stored.casefold(), label.casefold()}
        if column.kind == "city":
            names.add(label.removesuffix("市"))
        if text in names or folded in names:
            return stored, None
    return None, f"不是允许的选项：{_shown(value)}；请从下拉列表选择：{'、'.join(column.choices)}"


def _measure(column: Column, value: Any) -> tuple[str | None, str | None]:
    text = as_text(value)
    code = text.split(maxsplit=1)[0].upper() if text else ""
    codes = set(column.choices.values())
    if code in codes:
        return code, None
    for label, stored in column.choices.items():
        if text == label.split(" ", 1)[-1]:
            return stored, None
    return code or text, None  # an unknown code is named, with the closest, when the firm is checked


def number(column: Column, value: Any, scale: Decimal) -> tuple[str | None, str | None]:
    """Return a number cell as exact text for the firm file, or why it cannot be one.

    Excel's binary doubles are read by their shortest decimal form, which is what the user typed. A bare
    number is in the unit of the column's header (``(万元)`` multiplies by 10 000); a unit written in the
    cell must be the column's own (万 and 亿 allowed), else the cell is refused naming both units.
    """
    bounds = NUMBER_BOUNDS[column.kind]
    unit = UNIT_OF_KIND[column.kind]
    if isinstance(value, bool):
        return None, f"应填数字，实为 {value}"
    if isinstance(value, (int, float, Decimal)):
        if not isinstance(value, int) and not math.isfinite(value):
            return None, "应填数字"
        amount = Decimal(repr(value) if isinstance(value, float) else value) * scale
    else:
        text = as_text(value)
        try:
            read = read_in_unit(text, unit)
        except UnitError as exc:
            return (
                None,
                f"单位不符：单元格写的是 {exc.written}，本列单位是 {unit}；请换算为 {unit} 或移到对应的列",
            )
        except OutOfBoundsError:
            return None, f"超出允许范围：应为 {bounds.describe()}"
        except NotADecimalError:
            return None, f"应填数字，如 260000000 或 2.6亿，实为 {_shown(text)}"
        amount = read.value if read.written else read.value * scale
    try:
        checked = to_bounded(amount, bounds)
    except OutOfBoundsError as exc:
        return None, str(exc)
    except NotADecimalError:
        return None, f"应填数字，实为 {_shown(value)}"
    return format(checked.normalize() if checked == checked.to_integral() else checked, "f"), None


def convert(
    column: Column, value: Any, scale: Decimal = Decimal(1), day_zero: date | None = None
) -> tuple[Any, str | None]:
    """Return the firm-file value of a cell, or a problem message in Chinese (without the column's name)."""
    kind = column.kind
    if kind == "yes_no":
        return _yes_no(value)
    if kind in ("choice", "city"):
        return _choice(column, value)
    if kind == "measure":
        return _measure(column, value)
    if kind == "year":
        return _year(value)
    if kind == "date":
        return _date(value, day_zero or date(1899, 12, 30))
    if kind == "identifier":
        return identifier(column, value)
    if kind in NUMBER_BOUNDS:
        return number(column, value, scale)
    return as_text(value), None
