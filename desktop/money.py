"""Money and other quantities as Decimal: parsing 元/万/亿 and percentages, formatting, rounding awards."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

WAN = Decimal(10_000)
YI = Decimal(100_000_000)

_UNIT_FACTORS = {"亿": YI, "万": WAN, "": Decimal(1)}
_AMOUNT = re.compile(
    r"^\s*(?P<prefix>¥|￥|RMB|人民币|US\$|USD|\$)?\s*"
    r"(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
    r"(?P<written>(?P<scale>亿|万)?\s*(?P<unit>元|人民币|美元|USD|平方米|平米|㎡|m²|m2)?)\s*$",
    re.IGNORECASE,
)
# What a unit written in a cell or field stands for; the units of Bounds are the values.
_UNITS = {
    "元": "元", "人民币": "元", "¥": "元", "￥": "元", "rmb": "元",
    "美元": "美元", "usd": "美元", "$": "美元", "us$": "美元",
    "平方米": "㎡", "平米": "㎡", "㎡": "㎡", "m²": "㎡", "m2": "㎡",
}  # fmt: skip
# Typed with a Chinese input method: full-width digits, commas, points, signs and spaces.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．＋－＄　", "0123456789,.+-$ ")
_PERCENT = re.compile(r"^\s*(?P<number>[+-]?\d+(?:\.\d+)?)\s*%\s*$")


# No quantity the texts deal in needs more: longer text or more digits is refused before any arithmetic,
# so that 1e400 or 1.5e-999999999 never reach quantize() or format() (which would raise or fill memory).
MAX_TEXT = 64
MAX_DIGITS = 40
MAX_MAGNITUDE = 30


class NotADecimalError(ValueError):
    """Raised when a value cannot be read as an exact decimal quantity."""


class OutOfBoundsError(NotADecimalError):
    """Raised when a quantity is readable but outside the range or precision its field allows."""


class UnitError(OutOfBoundsError):
    """Raised when a quantity names a unit (美元, ㎡ …) other than its field's: ``written`` is the unit as
    typed (``万美元``), ``expected`` the field's (元)."""

    def __init__(self, written: str, expected: str) -> None:
        self.written, self.expected = written, expected
        super().__init__(f"单位不符：填写的是 {written}，本项的单位是 {expected}")


@dataclass(frozen=True)
class Amount:
    """A quantity read from text: its value (万 and 亿 applied), the unit it names (元, 美元, ㎡ or "")
    and the unit as written (``万美元``; "" for a bare number)."""

    value: Decimal
    unit: str
    written: str


def _checked(number: Decimal, value: object) -> Decimal:
    """Return ``number`` if finite and of sane size, judged from its digits and exponent alone."""
    if not number.is_finite():
        raise NotADecimalError(f"not a finite amount: {value!r}")
    digits = number.as_tuple().digits
    if number and (len(digits) > MAX_DIGITS or not -MAX_MAGNITUDE <= number.adjusted() <= MAX_MAGNITUDE):
        raise OutOfBoundsError(f"far outside any amount: {str(value)[:MAX_TEXT]!r}")
    return number


def to_decimal(value: object) -> Decimal:
    """Return ``value`` as an exact Decimal; accepts Decimal, int and text such as
    ``"1,234,567"``, ``"260万"``, ``"2.6亿元"``; rejects floats, booleans and absurd sizes."""
    if isinstance(value, bool):
        raise NotADecimalError(f"not an amount: {value!r}")
    if isinstance(value, Decimal):
        return _checked(value, value)
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_DIGITS:
            raise OutOfBoundsError("far outside any amount")
        return Decimal(value)
    if isinstance(value, float):
        raise NotADecimalError("floating-point numbers are not accepted for amounts; use a string")
    if isinstance(value, str):
        return read_amount(value).value
    raise NotADecimalError(f"not an amount: {value!r}")


def read_amount(text: str) -> Amount:
    """Return the quantity in ``text``: ``"1,234,567"``, ``"260万"``, ``"2.6亿元"``, ``"￥1，200，000"``,
    ``"800万美元"``, ``"3000平方米"``; raises NotADecimalError for anything else or an absurd size."""
    if len(text) > MAX_TEXT:
        raise OutOfBoundsError(f"too long for an amount: {text[:MAX_TEXT]!r}…")
    match = _AMOUNT.match(text.translate(_FULL_WIDTH))
    if match is None:
        raise NotADecimalError(f"not an amount: {text!r}")
    units = {_UNITS[part.lower()] for part in (match["prefix"], match["unit"]) if part}
    if len(units) > 1:
        raise NotADecimalError(f"two units in one amount: {text!r}")
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
        raise NotADecimalError(f"not an amount: {text!r}") from exc
    written = ((match["prefix"] or "") + match["written"].replace(" ", "")).strip()
    return Amount(
        _checked(number * _UNIT_FACTORS[match["scale"] or ""], text), units.pop() if units else "", written
    )


def read_in_unit(text: str, unit: str) -> Amount:
    """Return the quantity in ``text`` for a field in ``unit`` (元, 美元, ㎡; "" checks nothing): a bare
    number or one in the field's unit (万 and 亿 allowed) is read, one naming another unit raises UnitError,
    so ``800万美元`` is never taken as 8,000,000 元."""
    amount = read_amount(text)
    if amount.unit and unit and amount.unit != unit:
        raise UnitError(amount.written, unit)
    return amount


@dataclass(frozen=True)
class Bounds:
    """The range and precision a kind of quantity may take in a firm file or batch workbook."""

    maximum: Decimal
    places: int
    unit: str

    def describe(self) -> str:
        """Return the range as the user reads it: ``0 至 1,000,000,000,000 元，最多 2 位小数``."""
        return f"0 至 {format_grouped(self.maximum)}{(' ' + self.unit) if self.unit else ''}，最多 {self.places} 位小数"


# 1万亿 holds any firm's or platform's annual figure the texts compare (the largest, a platform's global
# GMV, is some hundreds of 亿 美元); 元 and 美元 to the 分, areas to 0.01㎡, ratios to 0.01%.
MONEY_BOUNDS = Bounds(Decimal(10) ** 12, 2, "元")
USD_BOUNDS = Bounds(Decimal(10) ** 12, 2, "美元")
AREA_BOUNDS = Bounds(Decimal(10) ** 9, 2, "㎡")
RATIO_BOUNDS = Bounds(Decimal(100), 4, "")


def to_bounded(value: object, bounds: Bounds) -> Decimal:
    """Return ``value`` as a Decimal within ``bounds``; raises NotADecimalError (OutOfBoundsError when
    readable but outside the range or with too many decimal places), with a Chinese message."""
    try:
        number = read_in_unit(value, bounds.unit).value if isinstance(value, str) else to_decimal(value)
    except UnitError:
        raise
    except OutOfBoundsError as exc:
        raise OutOfBoundsError(f"超出允许范围：应为 {bounds.describe()}") from exc
    if number < 0:
        raise OutOfBoundsError(f"不能为负数：{value}")
    if not number:
        return Decimal(0)
    if number > bounds.maximum:
        raise OutOfBoundsError(f"超出允许范围：{format_grouped(number)} 大于上限；应为 {bounds.describe()}")
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    places = -exponent
    trailing = 0
    while trailing < len(digits) - 1 and digits[len(digits) - 1 - trailing] == 0 and places - trailing > 0:
        trailing += 1
    if places - trailing > bounds.places:
        raise OutOfBoundsError(f"小数位过多：{value}；应为 {bounds.describe()}")
    return number


def to_rate(value: object) -> Decimal:
    """Return a rate as a Decimal fraction: ``"3%"`` → ``0.03``; a bare Decimal or int is taken as is."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match is None:
            raise NotADecimalError(f"not a percentage: {value!r}")
        return Decimal(match["number"]) / 100
    return to_decimal(value)


def round_award(amount: Decimal) -> Decimal:
    """Return an award rounded down to whole 元: a grant is never paid above its formula."""
    return amount.quantize(Decimal(1), rounding=ROUND_DOWN)


def _plain(number: Decimal) -> str:
    """Return ``number`` without exponent or trailing zeros after the point."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_grouped(amount: Decimal, places: int | None = None) -> str:
    """Return ``amount`` with thousands separators: ``2000000`` → ``"2,000,000"``."""
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
        return f"{amount:,.{places}f}"
    text = f"{amount:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_yuan(amount: Decimal) -> str:
    """Return an amount in 元 as the program shows it: ``"2,000,000 元"``."""
    return f"{format_grouped(amount)} 元"


def format_compact(amount: Decimal, unit: str = "元") -> str:
    """Return a threshold the way policy texts write it: ``5000万元``, ``2亿元``, ``3000元``."""
    for factor, name in ((YI, "亿"), (WAN, "万")):
        scaled = amount / factor
        if amount >= factor and scaled == scaled.quantize(Decimal("0.01")):
            return f"{_plain(scaled)}{name}{unit}"
    return f"{format_grouped(amount)}{unit}"


def format_percent(rate: Decimal, places: int | None = None) -> str:
    """Return a fraction as a percentage: ``0.03`` → ``"3%"``; with ``places`` fixed decimals."""
    percent = rate * 100
    if places is not None:
        return f"{percent.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)}%"
    return f"{_plain(percent)}%"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _four_digits(group: int) -> str:
    """Return the capital numerals of 0 < group < 10000, with inner zeros as 零."""
    text = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def to_capital(amount: Decimal) -> str:
    """Return a whole-元 amount in Chinese capital numerals: ``2300000`` → ``"人民币贰佰叁拾万元整"``."""
    whole = int(round_award(amount))
    if whole < 0:
        raise ValueError("capital numerals are written for non-negative amounts only")
    if whole == 0:
        return "人民币零元整"
    groups: list[int] = []
    while whole:
        groups.append(whole % 10_000)
        whole //= 10_000
    text = ""
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or group < 1000):
            text += "零"
        text += _four_digits(group) + _BIG_UNITS[index]
        need_zero = False
    return f"人民币{text}元整"
