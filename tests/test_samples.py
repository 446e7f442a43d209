"""The shipped sample firms: each validates, and its awards match the figures checked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.catalog import Catalog
from desktop.engine import Status, evaluate_firm
from desktop.firm import load_firm
from desktop.paths import samples_dir

# Worked by hand from the policy texts; the README shows the first one.
EXPECTED = {
    "chengdu-trader.json": {
        # CD-2A: 3.2亿 超过 2亿, growth (3.2亿−2.5亿)/2.5亿 = 28% ≥ 20% → 200万
        # CD-3C: 5% × 1,200万 = 60万; CD-3B: 3% × (4,500万 − 1,200万) = 99万
        # CD-9: up to 50% × 120万 = 60万 (cap 100万)
        "awards": {"CD-2A": "2000000", "CD-3B": "990000", "CD-3C": "600000", "CD-9": "600000"},
        "total": "3590000",
        "total_up_to": "600000",
    },
    "chengdu-warehouse.json": {
        # CD-2B: 3% × 12,345,678 = 370,370.34 → 370,370; CD-5: 6.2万㎡ 达到 5万㎡ → 100万
        # CD-6: 4,500㎡ 超过 3,000㎡ and 3.2亿 超过 3亿 → 100万; CD-7: 1.5% × 1.5亿 = 225万
        "awards": {"CD-2B": "370370", "CD-5": "1000000", "CD-6": "1000000", "CD-7": "2250000"},
        "total": "4620370",
        "total_up_to": "0",
    },
    "chengdu-new-entity.json": {
        # CD-1: set up 2024-06-18, within two years at the end of 2025; parent revenue 25亿 超过 20亿;
        # 1.26亿 达到 1亿 for the first time (not reached in 2024) → 300万.
        # CD-3A: 1% × 1.26亿 = 126万, capped at 100万. CD-3B: 3% × 860万 (none through a programme)
        "awards": {"CD-1": "3000000", "CD-3A": "1000000", "CD-3B": "258000"},
        "total": "4258000",
        "total_up_to": "0",
    },
    "lianyungang-brand.json": {
        # LYG-05: claimed 12万 (≤ 70% × 20万); LYG-06: 30% × 40万 = 12万 → cap 10万;
        # LYG-07: 50% × 8.6万 = 4.3万, 2万 already from the province for the same costs → counts 2.3万 (补差);
        # LYG-09 (own brand): 50% × 75万 = 37.5万 → 30万 a year, 5万 already → 25万
        # ceilings: LYG-01 5万 and LYG-02 30万 (two matters), LYG-04 10万, LYG-08 50万,
        # LYG-12 30% × 50万 = 15万, LYG-13 2% × 300万 = 6万
        "awards": {
            "LYG-01": "50000",
            "LYG-05": "120000",
            "LYG-06": "100000",
            "LYG-07": "43000",
            "LYG-09": "250000",
            "LYG-02": "300000",
        },
        "counted": {"LYG-07": "23000"},
        "total": "493000",
        "total_up_to": "1160000",
    },
    "deyang-manufacturer.json": {"awards": {}, "total": "0", "total_up_to": "0"},
    "mianyang-park.json": {"awards": {}, "total": "0", "total_up_to": "0"},
    "suzhou-brand.json": {"awards": {}, "total": "0", "total_up_to": "0"},
}


def test_every_sample_is_checked() -> None:
    assert sorted(p.name for p in samples_dir().glob("*.json")) == sorted(EXPECTED)
    assert {name.split("-")[0] for name in EXPECTED} == {
        "chengdu",
        "deyang",
        "mianyang",
        "lianyungang",
        "suzhou",
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_awards(name: str, catalog: Catalog) -> None:
    firm = load_firm(samples_dir() / name, catalog)
    result = evaluate_firm(firm, catalog)
    assert result.problems == []
    expected = EXPECTED[name]
    for measure_id, award in expected["awards"].items():
        measure = result.get(measure_id)
        assert measure.status is Status.ELIGIBLE, measure.reasons()
        assert measure.award == Decimal(award)
        assert measure.counted_award == Decimal(expected.get("counted", {}).get(measure_id, award))
    assert result.total == Decimal(expected["total"])
    assert result.total_up_to == Decimal(expected["total_up_to"])
