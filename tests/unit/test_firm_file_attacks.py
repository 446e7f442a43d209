"""Firm files from others: duplicate keys, control and invisible characters, deep nesting, oversized files."""

from __future__ import annotations

import json
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from desktop.cli import main
from desktop.errors import InputError
from desktop.firm import load_firm, parse_firm
from desktop.jsontext import MAX_JSON_BYTES
from tests.batch.conftest import fill, firm
from tests.conftest import firm_data


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "firm.json"
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(tmp_path: Path, catalog: Catalog, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_firm(_write(tmp_path, text), catalog)
    return caught.value.lines()


def test_duplicate_key_is_reported_not_last_wins(tmp_path: Path, catalog: Catalog) -> None:
    text = json.dumps(firm_data(year=2019), ensure_ascii=False, indent=2)
    text = text.replace('"year": 2019', '"year": 2019,\n  "year": 2025')
    (line,) = _refusal(tmp_path, catalog, text)
    assert "'year'" in line and "不止一次" in line and "第 " in line


def test_duplicate_key_inside_firm_block(tmp_path: Path, catalog: Catalog) -> None:
    text = json.dumps(firm_data(), ensure_ascii=False).replace(
        '"city": "chengdu"', '"city": "chengdu", "city": "suzhou"'
    )
    assert any("'city'" in line for line in _refusal(tmp_path, catalog, text))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "成都\x01跨境科技有限公司", "U+0001"),
        ("name", "成都跨境科技\x0b有限公司", "U+000B"),
        ("name", "成都跨境\n科技有限公司", "U+000A"),
        ("address", "成都市\x7f高新区", "U+007F"),
        ("name", "成都\u202e司公限有技科境跨", "U+202E"),
        ("name", "成都\u200b跨境科技有限公司", "U+200B"),
        ("legal_representative", "王\u2066甲\u2069", "U+2066"),
        ("contact_phone", "028\ufeff-12345678", "U+FEFF"),
    ],
)
def test_hidden_characters_in_firm_texts(catalog: Catalog, field: str, value: str, expected: str) -> None:
    data = firm_data()
    data["firm"][field] = value
    with pytest.raises(InputError) as caught:
        parse_firm(data, catalog, "firm.json")
    (line,) = caught.value.lines()
    assert f"firm.{field}" in line and expected in line


def test_tab_and_newline_allowed_where_text_is_free(catalog: Catalog) -> None:
    data = firm_data(other_support=[{"measure": "CD-9", "source": "市级专项\n(第二批)", "amount": "100"}])
    assert parse_firm(data, catalog).other_support[0].source == "市级专项\n(第二批)"


def test_hidden_character_in_a_key(catalog: Catalog) -> None:
    data = firm_data(facts={"cbec_transaction\u200b": "1"})
    with pytest.raises(InputError) as caught:
        parse_firm(data, catalog, "firm.json")
    assert "U+200B" in str(caught.value)


def test_deep_nesting_is_refused_without_recursion_error(tmp_path: Path, catalog: Catalog) -> None:
    (line,) = _refusal(tmp_path, catalog, '{"facts": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "嵌套超过" in line


def test_brackets_inside_strings_do_not_count(catalog: Catalog, tmp_path: Path) -> None:
    data = firm_data()
    data["firm"]["address"] = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{{"
    path = _write(tmp_path, json.dumps(data, ensure_ascii=False))
    assert load_firm(path, catalog).firm.address.startswith("[[[")


def test_oversized_file(tmp_path: Path, catalog: Catalog) -> None:
    data = firm_data()
    data["firm"]["address"] = "甲" * MAX_JSON_BYTES
    (line,) = _refusal(tmp_path, catalog, json.dumps(data, ensure_ascii=False))
    assert "MB" in line


def test_huge_integer(tmp_path: Path, catalog: Catalog) -> None:
    lines = _refusal(tmp_path, catalog, '{"year": ' + "9" * 5000 + "}")
    assert any("year" in line for line in lines)


def test_cli_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = firm_data()
    data["firm"]["name"] = "成都\x01跨境科技有限公司"
    path = _write(tmp_path, json.dumps(data, ensure_ascii=False))
    assert main(["packet", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert "U+0001" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_control_characters_from_a_workbook_never_reach_a_docx(tmp_path: Path) -> None:
    """XML cannot hold C0 controls, but a cell can hold C1 controls and right-to-left marks."""
    source = fill(tmp_path / "firms.xlsx", [firm(legal_representative="WANGXJIA", address="ADDRESS")])
    part = "xl/worksheets/sheet2.xml"
    with zipfile.ZipFile(source) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in entries:
            if name == part:
                data = data.replace(b"WANGXJIA", b"WANG&#x85;JIA").replace(b"ADDRESS", b"ADD&#x202E;RESS")
            archive.writestr(name, data)
    report = run_batch(source, tmp_path / "out", date(2026, 3, 1), jobs=1)
    (outcome,) = report.outcomes
    assert outcome.state == "failed"
    messages = " ".join(problem.message for problem in outcome.problems)
    assert "U+0085" in messages and "U+202E" in messages
    assert all(problem.where.startswith("企业!") for problem in outcome.problems)
    assert not list((tmp_path / "out").rglob("*.docx"))


def test_folder_batch_reports_duplicate_keys(tmp_path: Path) -> None:
    folder = tmp_path / "firms"
    folder.mkdir()
    text = json.dumps(firm_data(), ensure_ascii=False).replace('"year": 2025', '"year": 2019, "year": 2025')
    (folder / "a.json").write_text(text, encoding="utf-8")
    report = run_batch(folder, tmp_path / "out", date(2026, 3, 1), jobs=1)
    assert report.outcomes[0].state == "failed"
    assert "不止一次" in report.outcomes[0].problems[0].message


@pytest.mark.parametrize("number", ["1e999999999", "-1E+99999999", "1e-999999999"])
@pytest.mark.parametrize("field", ["year", "schema_version"])
def test_extreme_exponent_is_refused_quickly(
    tmp_path: Path, catalog: Catalog, number: str, field: str
) -> None:
    data = firm_data()
    data[field] = "__NUMBER__"
    started = time.monotonic()
    lines = _refusal(tmp_path, catalog, json.dumps(data).replace('"__NUMBER__"', number))
    assert time.monotonic() - started < 5
    assert any(field in line for line in lines)
