"""The figures a quote states (3%, 百分之三, 100万元, 三百万元, 2亿元), to check an award against the words it quotes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desktop.catalog.model import Award, Measure
from desktop.errors import Problem
from desktop.money import format_compact, format_percent

_UNIT = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_ARABIC_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_ARABIC_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?\s*(?:人民币)?\s*(元|美元)?")
_CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE_AMOUNT = re.compile(rf"([{_CHINESE_DIGITS}]+)\s*(?:人民币)?\s*(元|美元)")
_CHINESE_RATE = re.compile(rf"(百|千)分之([{_CHINESE_DIGITS}点\d.]+)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DIGIT_VALUE = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True)
class Figures:
    """The rates (as fractions) and amounts (in 元 or 美元, unit aside) a text states."""

    rates: frozenset[Decimal]
    amounts: frozenset[Decimal]


def chinese_number(text: str) -> int | None:
    """Return the value of a Chinese numeral (``三百``, ``一千五百万``, ``两亿``, ``十``); None if not one."""
    if not text or any(char not in _DIGIT_VALUE and char not in _SMALL and char not in _BIG for char in text):
        return None
    total, wan, section, digit = 0, 0, 0, None  # above 亿, the 万 part below it, the part below 万
    for char in text:
        if char in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[char]
        elif char in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[char]
            digit = None
        elif char == "万":
            wan = (section + (digit or 0)) * _BIG[char]
            section, digit = 0, None
        else:
            total = (total + wan + section + (digit or 0)) * _BIG[char]
            wan, section, digit = 0, 0, None
    return total + wan + section + (digit or 0)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def figures_in(text: str) -> Figures:
    """Return every rate and amount ``text`` states, in Arabic or Chinese numerals."""
    text = _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))
    rates: set[Decimal] = set()
    amounts: set[Decimal] = set()
    for match in _ARABIC_RATE.finditer(text):
        number = _decimal(match.group(1))
        if number is not None:
            rates.add(number / 100)
    for match in _CHINESE_RATE.finditer(text):
        number = (
            _decimal(match.group(2)) if match.group(2)[0].isdigit() else _chinese_fraction(match.group(2))
        )
        if number is not None:
            rates.add(number / (100 if match.group(1) == "百" else 1000))
    for match in _ARABIC_AMOUNT.finditer(text):
        unit, currency = match.group(2) or "", match.group(3)
        number = _decimal(match.group(1))
        if number is None or not (unit or currency):
            continue  # a bare number (3000平方米, 1210, 2023年) is not an amount
        factor = _UNIT[unit] if unit != "万亿" else _UNIT["万"] * _UNIT["亿"]
        amounts.add(number * factor)
    for match in _CHINESE_AMOUNT.finditer(text):
        value = chinese_number(match.group(1).lstrip("零〇"))
        if value:
            amounts.add(Decimal(value))
    return Figures(frozenset(rates), frozenset(amounts))


def _chinese_fraction(text: str) -> Decimal | None:
    whole, _, decimals = text.partition("点")
    value = chinese_number(whole)
    if value is None:
        return None
    digits = "".join(str(_DIGIT_VALUE[char]) for char in decimals if char in _DIGIT_VALUE)
    return Decimal(f"{value}.{digits}") if digits else Decimal(value)


def _award_figures(award: Award) -> Iterator[tuple[str, str, Decimal]]:
    """Yield (field, kind, value) of every figure an award rule sets: rate, amount, cap, tier amounts."""
    if award.rate is not None:
        yield "award.rate", "rate", award.rate
    if award.amount is not None:
        yield "award.amount", "amount", award.amount
    if award.cap is not None:
        yield "award.cap", "amount", award.cap
    for index, tier in enumerate(award.tiers or []):
        yield f"award.tiers[{index}].amount", "amount", tier.amount


def disagreements(measure: Measure) -> list[Problem]:
    """Return a problem for every rate, amount or cap of the award that its quote does not state."""
    stated = figures_in(measure.quote)
    problems = []
    for field_name, kind, value in _award_figures(measure.award):
        if kind == "rate":
            if value in stated.rates:
                continue
            shown = format_percent(value)
            said = "、".join(format_percent(rate) for rate in sorted(stated.rates)) or "没有比例"
        else:
            if value in stated.amounts:
                continue
            shown = format_compact(value)
            said = "、".join(format_compact(amount) for amount in sorted(stated.amounts)) or "没有金额"
        problems.append(
            Problem(
                f"措施 {measure.id} 字段 {field_name}",
                f"{shown} 不在引文中(quote 写的是：{said})；允许：引文写明的数字；"
                f"请核对 {field_name.rsplit('.', 1)[-1]} 与 quote：“{measure.quote[:60]}”",
            )
        )
    return problems
