"""The firm file: validation with every problem named, missing facts, atomic save and reload."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.catalog import Catalog
from desktop.errors import InputError
from desktop.firm import dumps_firm, load_firm, parse_firm, save_firm, write_atomic
from tests.conftest import firm_data


def _problems(catalog: Catalog, data: object) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_firm(data, catalog, "firm.json")
    return caught.value.lines()


def test_money_facts_become_decimal_and_missing_stays_missing(catalog: Catalog) -> None:
    firm = parse_firm(firm_data(facts={"cbec_transaction": "260万", "loan_interest_paid": 1200}), catalog)
    assert firm.fact("cbec_transaction") == Decimal("2600000")
    assert firm.fact("loan_interest_paid") == Decimal("1200")
    assert firm.fact("cbec_transaction_prior") is None


def test_null_fact_is_missing(catalog: Catalog) -> None:
    firm = parse_firm(firm_data(facts={"cbec_transaction": None}), catalog)
    assert firm.fact("cbec_transaction") is None


def test_every_problem_is_reported_with_its_field(catalog: Catalog) -> None:
    data = firm_data(facts={"cbec_transaction": "-5", "cbec_transactoin": "1", "park_rating": "best"})
    data["firm"]["city"] = "beijing"
    data["firm"]["roles"] = ["trader", "maker"]
    lines = _problems(catalog, data)
    text = "\n".join(lines)
    assert all(line.startswith("firm.json: ") for line in lines)
    assert "firm.city" in text and "beijing" in text
    assert "firm.roles[1]" in text
    assert "facts.cbec_transaction" in text and "负数" in text
    assert "facts.cbec_transactoin" in text and "cbec_transaction" in text
    assert "facts.park_rating" in text and "significant" in text
    assert len(lines) == 5


def test_bad_credit_code_names_the_field_and_expected_character(catalog: Catalog) -> None:
    data = firm_data()
    data["firm"]["credit_code"] = "91510100MA6CDRM0TA"
    (line,) = _problems(catalog, data)
    assert "firm.credit_code" in line and "应为 N" in line


def test_float_money_in_other_support_is_not_accepted(catalog: Catalog) -> None:
    data = firm_data(other_support=[{"measure": "CD-9", "source": "x", "amount": 1.5}])
    (line,) = _problems(catalog, data)
    assert "other_support[0].amount" in line


def test_derived_fact_cannot_be_entered(catalog: Catalog) -> None:
    (line,) = _problems(catalog, firm_data(facts={"cbec_growth": "0.3"}))
    assert "facts.cbec_growth" in line


def test_claims_for_money_measures_only(catalog: Catalog) -> None:
    lines = _problems(catalog, firm_data(claims={"CD-2A": "100", "SC-03": "1", "CD-99": "1"}))
    assert not any("claims.CD-2A" in line for line in lines)
    assert any("claims.SC-03" in line and "未规定金额" in line for line in lines)
    assert any("claims.CD-99" in line for line in lines)


def test_schema_version_and_unknown_keys(catalog: Catalog) -> None:
    data = firm_data()
    data["schema_version"] = 2
    data["yaer"] = 2025
    text = "\n".join(_problems(catalog, data))
    assert "schema_version" in text
    assert "yaer" in text and "year" in text


def test_load_reports_bad_json_with_line(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "firm.json"
    path.write_text('{"schema_version": 1,\n "firm": }', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_firm(path, catalog)
    assert "第 2 行" in str(caught.value)


def test_missing_file(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(InputError) as caught:
        load_firm(tmp_path / "nope.json", catalog)
    assert "找不到文件" in str(caught.value)


def test_save_and_reload_round_trip(tmp_path: Path, catalog: Catalog) -> None:
    original = parse_firm(
        firm_data(
            facts={"cbec_transaction": "320000000.50", "cbec_over_1m_before": True, "park_rating": "good"},
            history=[{"measure": "CD-5", "year": 2024, "amount": "100000"}],
        ),
        catalog,
    )
    path = tmp_path / "firm.json"
    save_firm(original, path)
    again = load_firm(path, catalog)
    assert again == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["facts"]["cbec_transaction"] == "320000000.50"
    assert data["firm"]["established"] == "2019-04-16"
    assert dumps_firm(again) == path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["firm.json"]


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "firm.json"
    path.write_text("old", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["firm.json"]
