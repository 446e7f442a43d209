"""Properties of the engine over generated firms: caps hold, more never pays less, whole 元, no floats."""

from __future__ import annotations

import decimal
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.catalog import Catalog, bundled_catalog
from desktop.catalog.model import AwardKind, FactKind
from desktop.engine import Status, evaluate_firm
from desktop.firm import parse_firm
from tests.conftest import firm_data

CATALOG: Catalog = bundled_catalog()
CITIES = list(CATALOG.cities)
ROLES = list(CATALOG.roles)
ENTERABLE = {key: f for key, f in CATALOG.facts.items() if not f.derived}

money = st.integers(min_value=0, max_value=2_000_000_000).map(Decimal)


def _fact_strategy(key: str) -> st.SearchStrategy[object]:
    kind = ENTERABLE[key].kind
    if kind is FactKind.BOOL:
        return st.booleans()
    if kind is FactKind.ENUM:
        return st.sampled_from(list(ENTERABLE[key].choices))
    if kind is FactKind.AREA:
        return st.integers(min_value=0, max_value=200_000).map(lambda n: str(n))
    return money.map(str)


facts = st.fixed_dictionaries({}, optional={key: _fact_strategy(key) for key in ENTERABLE})


def _firm(city: str, roles: list[str], fact_values: dict[str, object], year: int = 2025):
    return parse_firm(firm_data(city, roles=roles, facts=fact_values, year=year), CATALOG)


def _cap(measure_id: str) -> Decimal | None:
    award = CATALOG.measures[measure_id].award
    if award.cap is not None:
        return award.cap
    if award.amount is not None:
        return award.amount
    if award.tiers:
        return award.tiers[-1].amount
    return None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CITIES), st.lists(st.sampled_from(ROLES), unique=True), facts, st.integers(2020, 2028))
def test_awards_are_whole_yuan_within_caps(city: str, roles: list[str], fact_values: dict, year: int) -> None:
    with decimal.localcontext() as context:
        context.traps[decimal.FloatOperation] = True  # any float mixed into Decimal arithmetic raises
        result = evaluate_firm(_firm(city, roles, fact_values, year), CATALOG)
    for measure in result.measures:
        assert isinstance(measure.award, Decimal)
        assert measure.award == measure.award.to_integral_value()
        assert measure.award >= 0
        if measure.status is not Status.ELIGIBLE:
            assert measure.award == 0
        cap = _cap(measure.id)
        if cap is not None:
            assert measure.award <= cap
        if measure.measure.award.kind is AwardKind.UNQUANTIFIED:
            assert measure.award == 0
    assert result.total == sum((m.award for m in result.measures if m.counted and not m.up_to), Decimal(0))


RATE_AND_TIER_BASES = {
    "CD-2A": ("cbec_transaction", {"cbec_transaction_prior": "1"}, ["trader"]),
    "CD-2B": ("service_revenue_chuanyu", {"service_main_business": "platform"}, ["service"]),
    "CD-3A": ("cbec_transaction", {"cbec_over_1m_before": False}, ["trader"]),
    "CD-3B": ("sichuan_made_export", {}, ["trader"]),
    "CD-6": ("bonded_export_value", {"bonded_area_rented": "5000"}, ["warehouse"]),
    "CD-7": ("bonded_import_1210_value", {"bonded_area_rented": "5000"}, ["warehouse"]),
    "CD-8": ("pilot_import_value", {"pilot_import_kind": "pharma"}, ["trader"]),
    "CD-9": ("loan_interest_paid", {"chengdu_platform_registered": True}, ["trader"]),
    "LYG-07": ("ip_costs", {}, ["trader"]),
    "LYG-09": ("brand_promotion_costs", {}, ["trader"]),
    "LYG-12": ("special_area_rent", {}, ["trader"]),
    "LYG-13": ("logistics_contract_fees", {}, ["trader"]),
}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(RATE_AND_TIER_BASES)), money, money)
def test_a_larger_base_never_lowers_the_award(measure_id: str, first: Decimal, second: Decimal) -> None:
    base_fact, others, roles = RATE_AND_TIER_BASES[measure_id]
    city = "lianyungang" if measure_id.startswith("LYG") else "chengdu"
    low, high = sorted((first, second))
    awards = []
    for base in (low, high):
        values = {**others, base_fact: str(base)}
        awards.append(evaluate_firm(_firm(city, roles, values), CATALOG).get(measure_id).award)
    assert awards[0] <= awards[1]


def test_engine_modules_use_no_float() -> None:
    from pathlib import Path

    import desktop

    package = Path(desktop.__file__).parent
    offenders = [
        str(path)
        for path in package.rglob("*.py")
        if "gui" not in path.parts and "float(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
