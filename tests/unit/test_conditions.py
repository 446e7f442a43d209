"""Every threshold in the catalog read by 民法典 1259: at the number, one below and one above."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from desktop.catalog import Catalog, bundled_catalog
from desktop.catalog.model import Condition
from desktop.engine.conditions import FactContext, evaluate
from desktop.firm import parse_firm
from tests.conftest import firm_data

CATALOG = bundled_catalog()
STEP = {"ratio": Decimal("0.0001")}


def _thresholds() -> Iterator[tuple[str, Condition]]:
    for measure in CATALOG.measures.values():
        stack = list(measure.conditions) + [c for tier in measure.award.tiers or [] for c in tier.when]
        while stack:
            condition = stack.pop()
            if condition.any_of:
                stack.extend(c for branch in condition.any_of for c in branch.all_of)
            elif condition.wording is not None and not CATALOG.facts[condition.fact or ""].derived:
                yield measure.id, condition


CASES = [pytest.param(c, id=f"{m} {c.fact} {c.wording} {c.threshold}") for m, c in _thresholds()]


@pytest.mark.parametrize("condition", CASES)
def test_threshold_reading(condition: Condition, catalog: Catalog) -> None:
    assert condition.fact is not None and condition.threshold is not None
    step = STEP.get(catalog.facts[condition.fact].kind.value, Decimal(1))
    inclusive = condition.reading.inclusive
    below_holds = not condition.reading.is_lower_bound  # 不超过, 以下 … hold below the threshold
    for value, expected in (
        (condition.threshold - step, below_holds),
        (condition.threshold, inclusive),
        (condition.threshold + step, not below_holds),
    ):
        if value < 0:
            continue
        firm = parse_firm(firm_data(facts={condition.fact: str(value)}), catalog)
        check = evaluate(condition, FactContext(firm, catalog), 2025)
        assert check.holds is expected, check.text
        assert condition.wording in check.text
        assert ("含本数" if inclusive else "不含本数") in check.text


def test_growth_reading_at_exactly_twenty_percent(catalog: Catalog) -> None:
    growth = catalog.measures["CD-2A"].conditions[0]
    for current, expected in (("119999999", False), ("120000000", True), ("120000001", True)):
        firm = parse_firm(
            firm_data(facts={"cbec_transaction": current, "cbec_transaction_prior": "100000000"}), catalog
        )
        assert evaluate(growth, FactContext(firm, catalog), 2025).holds is expected


def test_missing_fact_is_undecided_and_named(catalog: Catalog) -> None:
    condition = catalog.measures["CD-7"].conditions[1]
    firm = parse_firm(firm_data(facts={}), catalog)
    check = evaluate(condition, FactContext(firm, catalog), 2025)
    assert check.holds is None and check.missing == ("bonded_import_1210_value",)
