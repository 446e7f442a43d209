"""Properties of the engine over generated firms: caps hold, more never pays less, whole 元, no floats."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.catalog import Catalog, bundled_catalog
from desktop.catalog.model import AwardKind, FactKind
from desktop.engine import Status, evaluate_firm
from desktop.errors import InputError
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


def _parts_within_wholes(values: dict[str, object]) -> dict[str, object]:
    """Return the facts with every part no larger than its whole (a larger one is refused, ruling 14)."""
    for key in list(values):
        whole = ENTERABLE[key].part_of
        if whole in values and Decimal(str(values[key])) > Decimal(str(values[whole])):
            values[key] = values[whole]
    return values


facts = st.fixed_dictionaries({}, optional={key: _fact_strategy(key) for key in ENTERABLE}).map(
    _parts_within_wholes
)


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


programme_firms = st.fixed_dictionaries(
    {
        "sichuan_made_export": money,
        "sichuan_made_export_programme": money,
        "programme_platform_gmv_usd": st.sampled_from(["10000000000", "10000000001", "20000000000"]),
    }
)


@settings(max_examples=300, deadline=None)
@given(programme_firms, st.sampled_from([None, "0", "400000", "1000000"]), st.booleans())
def test_no_export_value_earns_both_cd3b_and_cd3c(
    values: dict, received: str | None, gmv_known: bool
) -> None:
    facts = {key: str(value) for key, value in values.items()}
    if not gmv_known:
        del facts["programme_platform_gmv_usd"]
    history = [{"measure": "CD-3C", "year": 2025, "amount": received}] if received else []
    data = firm_data("chengdu", facts=facts, history=history)
    if values["sichuan_made_export_programme"] > values["sichuan_made_export"]:
        with pytest.raises(InputError) as refused:  # a part above its whole is never an award
            parse_firm(data, CATALOG)
        assert [p.field for p in refused.value.problems] == [
            "facts.sichuan_made_export_programme",
            "facts.sichuan_made_export",
        ]
        return
    firm = parse_firm(data, CATALOG)
    result = evaluate_firm(firm, CATALOG)
    cd3b, cd3c = result.get("CD-3B"), result.get("CD-3C")
    export, programme = values["sichuan_made_export"], values["sichuan_made_export_programme"]
    if cd3c.conditions_hold:
        # the programme export is CD-3C's alone, whatever CD-3C still pays this year
        assert cd3b.award <= (Decimal("0.03") * max(Decimal(0), export - programme)).to_integral_value(
            rounding=decimal.ROUND_DOWN
        )
        if export <= programme:
            assert cd3b.status is not Status.ELIGIBLE
    if cd3c.status is Status.NEEDS_INPUT and cd3b.status is Status.ELIGIBLE:
        assert cd3b.provisional and not cd3b.counted
    if cd3b.status is Status.ELIGIBLE:
        assert cd3b.award > 0


MONEY_MEASURES = [m for m in CATALOG.measures if CATALOG.measures[m].award.is_money]
support_entries = st.lists(
    st.fixed_dictionaries(
        {
            "measure": st.sampled_from(MONEY_MEASURES),
            "source": st.just("省级专项资金"),
            "amount": st.integers(0, 300_000_000).map(lambda cents: str(Decimal(cents) / 100)),
        }
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CITIES), st.lists(st.sampled_from(ROLES), unique=True), facts, support_entries)
def test_total_never_exceeds_awards_minus_support_for_the_same_matter(
    city: str, roles: list[str], fact_values: dict, support: list[dict]
) -> None:
    firm = parse_firm(firm_data(city, roles=roles, facts=fact_values, other_support=support), CATALOG)
    result = evaluate_firm(firm, CATALOG)
    received: dict[str, Decimal] = {}
    for entry in support:
        matter = CATALOG.measures[entry["measure"]].matter
        received[matter] = received.get(matter, Decimal(0)) + Decimal(entry["amount"])
    best: dict[str, Decimal] = {}
    for measure in result.measures:
        if measure.status is Status.ELIGIBLE:
            matter = measure.measure.matter
            best[matter] = max(best.get(matter, Decimal(0)), measure.award)
    bound = sum(
        (max(Decimal(0), award - received.get(m, Decimal(0))) for m, award in best.items()), Decimal(0)
    )
    assert result.total + result.total_up_to <= bound
    for measure in result.measures:
        assert 0 <= measure.counted_award <= measure.award
        assert measure.counted == (measure.counted_award > 0)
        assert measure.counted_award == measure.counted_award.to_integral_value()  # ruling 15


history_entries = st.lists(
    st.fixed_dictionaries(
        {
            "measure": st.sampled_from(MONEY_MEASURES),
            "year": st.sampled_from([2024, 2025]),
            "amount": st.integers(0, 300_000_000).map(lambda cents: str(Decimal(cents) / 100)),
        }
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CITIES), st.lists(st.sampled_from(ROLES), unique=True), facts, history_entries)
def test_same_year_history_comes_off_the_computed_figure_in_whole_yuan(
    city: str, roles: list[str], fact_values: dict, history: list[dict]
) -> None:
    """Rulings 15 and 16 of 2026-12: with history in 角 and 分, every award is whole 元 and is the
    figure computed without that year's history, less it, rounded down, never below 0."""
    firm = parse_firm(firm_data(city, roles=roles, facts=fact_values, history=history), CATALOG)
    without = evaluate_firm(firm.model_copy(update={"history": []}), CATALOG)
    result = evaluate_firm(firm, CATALOG)
    for measure in result.measures:
        assert measure.award == measure.award.to_integral_value()
        assert measure.counted_award == measure.counted_award.to_integral_value()
        received = sum(
            (h.amount for h in firm.history if h.measure == measure.id and h.year == 2025), Decimal(0)
        )
        before = without.get(measure.id)
        if received == 0 or measure.measure.one_off or before.status is not Status.ELIGIBLE:
            continue
        expected = max(Decimal(0), before.award - received).to_integral_value(rounding=decimal.ROUND_DOWN)
        assert measure.award == expected, measure.reasons()
        assert (measure.status is Status.ELIGIBLE) == (expected > 0)


def _money_fields() -> list[tuple[str, object]]:
    """Every money field of the firm file, with the bounds its kind allows."""
    from desktop.firm import BOUNDS_BY_KIND
    from desktop.money import MONEY_BOUNDS

    fields: list[tuple[str, object]] = [
        (f"facts.{key}", BOUNDS_BY_KIND[definition.kind])
        for key, definition in ENTERABLE.items()
        if definition.kind.is_numeric
    ]
    fields += [("claims", MONEY_BOUNDS), ("history", MONEY_BOUNDS), ("other_support", MONEY_BOUNDS)]
    return fields


def _with_value(path: str, value: str) -> dict:
    if path.startswith("facts."):
        return firm_data(facts={path.removeprefix("facts."): value})
    if path == "claims":
        return firm_data(claims={"CD-9": value})
    entry = {"measure": "CD-9", "year": 2024, "amount": value}
    if path == "other_support":
        entry = {"measure": "CD-9", "source": "省级", "amount": value}
    return firm_data(**{path: [entry]})


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_money_fields()), st.sampled_from(["max", "zero", "places"]))
def test_every_money_field_accepts_its_bounds_and_refuses_one_step_beyond(field: tuple, edge: str) -> None:
    from desktop.errors import InputError

    path, bounds = field
    step = Decimal(1).scaleb(-bounds.places)
    inside, outside = {
        "max": (bounds.maximum, bounds.maximum + step),
        "zero": (Decimal(0), -step),
        "places": (step, step / 10),
    }[edge]
    try:
        parse_firm(_with_value(path, format(inside, "f")), CATALOG)
    except InputError as exc:  # a claim may exceed the computed figure; that is not a bounds problem
        assert all(path == "claims" and "核定金额" in p.message for p in exc.problems), exc.problems
    try:
        parse_firm(_with_value(path, format(outside, "f")), CATALOG)
    except InputError as exc:
        assert any(p.where.startswith(path) for p in exc.problems), exc.problems
    else:
        raise AssertionError(f"{path} accepted {outside}")
