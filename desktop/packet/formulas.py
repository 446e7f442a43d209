"""The catalog's conditions and award rules as Excel formulas over named input cells.

The engine decides; these formulas let a reviewer see and re-run the same arithmetic in Excel or
LibreOffice. Numeric facts must be numbers, yes/no facts TRUE/FALSE, choice facts their key text.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.catalog.loader import Catalog
from desktop.catalog.model import Condition, FactKind, Measure

EXCEL_OPERATORS = {">=": ">=", ">": ">", "<=": "<=", "<": "<"}

# Derived facts as formulas over the entered ones; keep in step with engine.conditions.FactContext.
DERIVED_FORMULAS = {
    "cbec_growth": (
        "=IF(AND(ISNUMBER(cbec_transaction),ISNUMBER(cbec_transaction_prior),cbec_transaction_prior>0),"
        '(cbec_transaction-cbec_transaction_prior)/cbec_transaction_prior,"")'
    ),
}


def number(value: Decimal) -> str:
    """Return a Decimal as an Excel number literal, without exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def fraction(rate: Decimal) -> tuple[int, int]:
    """Return a rate as an exact integer fraction: 0.015 → (15, 1000), so the sheet multiplies exactly."""
    numerator, denominator = rate.as_integer_ratio()
    return numerator, denominator


def present(fact: str, catalog: Catalog) -> str:
    """Return a formula that holds when the fact has a value of its kind (missing is never zero)."""
    kind = catalog.facts[fact].kind
    if kind is FactKind.BOOL:
        return f"ISLOGICAL({fact})"
    if kind is FactKind.ENUM:
        return f'{fact}<>""'
    return f"ISNUMBER({fact})"


def condition_formula(condition: Condition, catalog: Catalog) -> str | None:
    """Return the condition as an Excel expression, or None where only the program can judge it
    (the firm's age, which depends on dates outside the inputs)."""
    if condition.any_of is not None:
        branches = []
        for branch in condition.any_of:
            parts = [condition_formula(inner, catalog) for inner in branch.all_of]
            branches.append(_and([part for part in parts if part is not None]))
        return f"OR({','.join(branches)})"
    if condition.established_within_years is not None:
        return None
    fact = condition.fact
    assert fact is not None
    if condition.wording is not None:
        assert condition.threshold is not None
        symbol = EXCEL_OPERATORS[condition.reading.symbol]
        if condition.if_given:
            return f"OR(NOT(ISNUMBER({fact})),{fact}{symbol}{number(condition.threshold)})"
        return f"AND(ISNUMBER({fact}),{fact}{symbol}{number(condition.threshold)})"
    if condition.is_ is not None:
        return f"AND(ISLOGICAL({fact}),{fact}={'TRUE()' if condition.is_ else 'FALSE()'})"
    assert condition.in_ is not None
    return _or([f'{fact}="{choice}"' for choice in condition.in_])


def _and(parts: list[str]) -> str:
    if not parts:
        return "TRUE()"
    return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"


def _or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"OR({','.join(parts)})"


def conditions_formula(
    measure: Measure, catalog: Catalog, program_cell: str, one_off_test: str | None
) -> str:
    """Return the formula of 条件成立: the program-judged cell, every condition, the one-off test and
    the presence of every fact the award rule reads."""
    parts = [program_cell]
    parts.extend(p for p in (condition_formula(c, catalog) for c in measure.conditions) if p)
    if one_off_test:
        parts.append(one_off_test)
    parts.extend(
        present(fact, catalog) for fact in measure.award.facts() if fact != measure.award.exclude_fact
    )
    return "=" + _and(parts)


def tiers_formula(measure: Measure, catalog: Catalog) -> str:
    """Return the tiered amount: the highest tier whose conditions hold, else 0 (tiers never add up)."""
    assert measure.award.tiers is not None
    expression = "0"
    for tier in measure.award.tiers:
        parts = [p for p in (condition_formula(c, catalog) for c in tier.when) if p]
        expression = f"IF({_and(parts)},{number(tier.amount)},{expression})"
    return expression


def decided_formula(measure: Measure, catalog: Catalog, program_cell: str) -> str:
    """Return a formula that holds when the measure no longer needs input: every fact it reads is
    given, or a condition already fails on the facts given (or a role or age the program judged)."""
    facts = measure.facts()
    complete = _and([present(fact, catalog) for fact in facts])
    failing = [f"NOT({program_cell})"]
    for condition in measure.conditions:
        formula = condition_formula(condition, catalog)
        if formula is None or condition.fact is None or condition.if_given:
            continue
        failing.append(f"AND({present(condition.fact, catalog)},NOT({formula}))")
    return _or([complete, *failing])
