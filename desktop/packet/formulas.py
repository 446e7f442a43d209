"""The catalog's conditions and award rules as Excel formulas over named input cells.

The engine decides; these formulas let a reviewer see and re-run the same arithmetic in Excel, WPS or
LibreOffice. Numeric facts are numbers, yes/no facts the text 是/否 and choice facts their Chinese
label: text compares the same in every program, where a boolean prints as 1 in some and TRUE in others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from desktop.catalog.loader import Catalog
from desktop.catalog.model import Condition, FactKind, Measure

YES, NO = "是", "否"
EXCEL_OPERATORS = {">=": ">=", ">": ">", "<=": "<=", "<": "<"}
_NOT_IN_NAME = re.compile(r"[^\w]", re.UNICODE)


def defined_name(label: str, taken: set[str]) -> str:
    """Return a workbook name made from a Chinese label (letters and digits only), unique in ``taken``.

    Names read as the label in the formulas (=IF(年度跨境电商交易额>200000000,…)), never as a program key.
    """
    base = _NOT_IN_NAME.sub("", label).replace("_", "") or "数据"
    if base[0].isdigit() or base[0].isascii():
        base = "数据" + base
    name, suffix = base[:200], 2
    while name.lower() in taken:
        name, suffix = f"{base[:200]}{suffix}", suffix + 1
    taken.add(name.lower())
    return name


def number(value: Decimal) -> str:
    """Return a Decimal as an Excel number literal, without exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def text_literal(text: str) -> str:
    """Return text as an Excel string literal (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def fraction(rate: Decimal) -> tuple[int, int]:
    """Return a rate as an exact integer fraction: 0.015 → (3, 200), so the sheet multiplies exactly."""
    numerator, denominator = rate.as_integer_ratio()
    return numerator, denominator


class Formulas:
    """Formulas over the named cells of one workbook: ``names`` maps a fact key to its cell's name.

    ``year`` and ``established`` (the firm's performance year and setting-up date, judged by the
    program like its age) fix which earlier years a "首次" condition must look at.
    """

    def __init__(
        self,
        catalog: Catalog,
        names: Mapping[str, str],
        year: int | None = None,
        established: date | None = None,
    ) -> None:
        self.catalog = catalog
        self.names = names
        self.year = year
        self.established = established

    def derived(self, key: str) -> str:
        """Return the formula of a derived fact; keep in step with engine.conditions.FactContext."""
        if key == "cbec_growth":
            now, prior = self.names["cbec_transaction"], self.names["cbec_transaction_prior"]
            return f'=IF(AND(ISNUMBER({now}),ISNUMBER({prior})),IF({prior}>0,({now}-{prior})/{prior},""),"")'
        raise KeyError(f"no formula computes the derived fact {key}")

    def present(self, fact: str) -> str:
        """Return a formula that holds when the fact has a value of its kind (missing is never zero)."""
        definition, name = self.catalog.facts[fact], self.names[fact]
        if definition.kind is FactKind.BOOL:
            return f'OR({name}="{YES}",{name}="{NO}")'
        if definition.kind is FactKind.ENUM:
            return _or([f"{name}={text_literal(c.label)}" for c in definition.choices.values()])
        return f"ISNUMBER({name})"

    def condition(self, condition: Condition) -> str | None:
        """Return the condition as an Excel expression, or None where only the program can judge it
        (the firm's age and its registered district, which are outside the inputs)."""
        if condition.any_of is not None:
            branches = []
            for branch in condition.any_of:
                parts = [self.condition(inner) for inner in branch.all_of]
                branches.append(_and([part for part in parts if part is not None]))
            return f"OR({','.join(branches)})"
        if condition.established_within_years is not None or condition.registered_in is not None:
            return None
        if condition.first_time is not None:
            return self.first_time(condition)
        fact = condition.fact
        assert fact is not None
        name = self.names[fact]
        if condition.wording is not None:
            assert condition.threshold is not None
            symbol = EXCEL_OPERATORS[condition.reading.symbol]
            if condition.if_given:  # checked only when given: a missing figure is no obstacle
                return f"OR(NOT(ISNUMBER({name})),{name}{symbol}{number(condition.threshold)})"
            return f"AND(ISNUMBER({name}),{name}{symbol}{number(condition.threshold)})"
        if condition.is_ is not None:
            return f'{name}="{YES if condition.is_ else NO}"'
        assert condition.in_ is not None
        choices = self.catalog.facts[fact].choices
        return _or([f"{name}={text_literal(choices[choice].label)}" for choice in condition.in_])

    def first_time(self, condition: Condition) -> str:
        """Return a "首次" condition; keep in step with engine.conditions._first_time: last year's
        figure reaching the threshold fails it; a firm set up this year has no earlier year; one set
        up last year is settled by last year's figure when given; else the answer (否) decides."""
        first = condition.first_time
        assert first is not None
        prior, answer = self.names[first.prior], self.names[first.answer]
        symbol = EXCEL_OPERATORS[first.reading.symbol]
        not_reached = f"NOT(AND(ISNUMBER({prior}),{prior}{symbol}{number(first.threshold)}))"
        set_up = self.established.year if self.established is not None else None
        if set_up is not None and self.year is not None and set_up >= self.year:
            return not_reached
        answered_no = f'{answer}="{NO}"'
        if set_up is not None and self.year is not None and set_up == self.year - 1:
            return f"AND({not_reached},OR(ISNUMBER({prior}),{answered_no}))"
        return f"AND({not_reached},{answered_no})"

    def conditions(self, measure: Measure, qualified_cell: str, one_off_test: str | None) -> str:
        """Return the formula of 条件成立 (是/否): the qualification cell, every condition, the one-off
        test, the presence of every fact the award rule reads and, for tiers, that one tier holds."""
        parts = [f'{qualified_cell}="{YES}"']
        parts.extend(p for p in (self.condition(c) for c in measure.conditions) if p)
        if one_off_test:
            parts.append(one_off_test)
        parts.extend(
            self.present(fact) for fact in measure.award.facts() if fact != measure.award.exclude_fact
        )
        if measure.award.tiers is not None:
            parts.append(f"{self.tiers(measure)}>0")
        return f'=IF({_and(parts)},"{YES}","{NO}")'

    def decided(self, measure: Measure, qualified_cell: str) -> str:
        """Return a formula that holds when the measure no longer needs input: every fact it reads is
        given, or a condition already fails on the facts given (or the qualification the program judged)."""
        complete = _and([self.present(fact) for fact in measure.facts()])
        failing = [f'{qualified_cell}<>"{YES}"']
        for condition in measure.conditions:
            formula = self.condition(condition)
            if formula is None or condition.fact is None or condition.if_given:
                continue
            failing.append(f"AND({self.present(condition.fact)},NOT({formula}))")
        return _or([complete, *failing])

    def tiers(self, measure: Measure) -> str:
        """Return the tiered amount: the highest tier whose conditions hold, else 0 (tiers never add up)."""
        assert measure.award.tiers is not None
        expression = "0"
        for tier in measure.award.tiers:
            parts = [p for p in (self.condition(c) for c in tier.when) if p]
            expression = f"IF({_and(parts)},{number(tier.amount)},{expression})"
        return expression


def _and(parts: list[str]) -> str:
    if not parts:
        return "TRUE()"
    return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"


def _or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"OR({','.join(parts)})"
