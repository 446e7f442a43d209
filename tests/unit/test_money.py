"""Money parsing, formatting, rounding and capital numerals."""

from decimal import Decimal

import pytest

from desktop.money import (
    NotADecimalError,
    format_compact,
    format_grouped,
    round_award,
    to_capital,
    to_decimal,
    to_rate,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234567", "1234567"),
        ("1,234,567", "1234567"),
        ("260万", "2600000"),
        ("2.6亿", "260000000"),
        ("2.6亿元", "260000000"),
        (" 5000 万 ", "50000000"),
        ("0.5", "0.5"),
        (12, "12"),
        (Decimal("3.25"), "3.25"),
    ],
)
def test_to_decimal_reads_amounts(text: object, expected: str) -> None:
    assert to_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("bad", [1.5, True, "abc", "1,23", "12.3.4", "", None, Decimal("NaN"), "1e5"])
def test_to_decimal_rejects_floats_and_text(bad: object) -> None:
    with pytest.raises(NotADecimalError):
        to_decimal(bad)


def test_rates() -> None:
    assert to_rate("3%") == Decimal("0.03")
    assert to_rate("1.5%") == Decimal("0.015")
    with pytest.raises(NotADecimalError):
        to_rate("3")


def test_round_award_rounds_down_to_whole_yuan() -> None:
    assert round_award(Decimal("370370.99")) == Decimal("370370")
    assert round_award(Decimal("5")) == Decimal("5")


def test_formats() -> None:
    assert format_grouped(Decimal("2000000")) == "2,000,000"
    assert format_grouped(Decimal("1234.50")) == "1,234.5"
    assert format_compact(Decimal("50000000")) == "5000万元"
    assert format_compact(Decimal("200000000")) == "2亿元"
    assert format_compact(Decimal("180000001")) == "180,000,001元"
    assert format_compact(Decimal("3000"), "㎡") == "3,000㎡"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "人民币零元整"),
        (2300000, "人民币贰佰叁拾万元整"),
        (1000001, "人民币壹佰万零壹元整"),
        (10010, "人民币壹万零壹拾元整"),
        (105000000, "人民币壹亿零伍佰万元整"),
        (3590000, "人民币叁佰伍拾玖万元整"),
        (1234567890, "人民币壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元整"),
    ],
)
def test_capital_numerals(amount: int, words: str) -> None:
    assert to_capital(Decimal(amount)) == words
