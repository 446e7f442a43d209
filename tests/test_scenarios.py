"""Award scenarios kept as data in tests/scenarios: each case a firm and its expected results."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.catalog import Catalog
from desktop.errors import InputError
from tests.conftest import run

SCENARIO_DIR = Path(__file__).parent / "scenarios"
FIRM_KEYS = ("city", "year", "roles", "facts", "established", "history", "claims", "other_support")


def _cases() -> list[Any]:
    cases = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


@pytest.mark.parametrize("case", _cases())
def test_scenario(case: dict[str, Any], catalog: Catalog) -> None:
    firm = {key: case[key] for key in FIRM_KEYS if key in case}
    if "input_problems" in case:  # the firm file itself is refused: fields named, words shown
        with pytest.raises(InputError) as refused:
            run(catalog, **firm)
        assert [problem.field for problem in refused.value.problems] == case["input_problems"]
        message = "\n".join(str(problem) for problem in refused.value.problems)
        for words in case.get("words", []):
            assert words in message, (words, message)
        return
    result = run(catalog, **firm)
    if "problems" in case:
        assert [problem.where for problem in result.problems] == case["problems"]
        return
    assert result.problems == []
    for measure_id, expected in case.get("expect", {}).items():
        measure = result.get(measure_id)
        assert measure.status.value == expected["status"], measure.reasons()
        if "award" in expected:
            assert measure.award == Decimal(expected["award"]), measure.reasons()
        if expected["status"] != "eligible":
            assert measure.award == 0
        for key in ("up_to", "counted", "provisional", "claimed"):
            if key in expected:
                assert getattr(measure, key) is expected[key], measure.reasons()
        if "missing" in expected:
            assert measure.missing == expected["missing"]
        if "counted_award" in expected:
            assert measure.counted_award == Decimal(expected["counted_award"]), measure.reasons()
        reasons = "\n".join(measure.reasons())
        for words in expected.get("reasons", []):
            assert words in reasons, (words, measure.reasons())
        for words in expected.get("no_reasons", []):
            assert words not in reasons, (words, measure.reasons())
    for measure_id in case.get("absent", []):
        with pytest.raises(KeyError):
            result.get(measure_id)
    warnings = "\n".join(result.warnings)
    for words in case.get("warnings", []):
        assert words in warnings, (words, result.warnings)
    if "total" in case:
        assert result.total == Decimal(case["total"])
    if "total_up_to" in case:
        assert result.total_up_to == Decimal(case["total_up_to"])
