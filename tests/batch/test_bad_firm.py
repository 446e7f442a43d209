"""One bad firm never stops a batch, whatever is wrong with it: each failure is a row, the summary is written."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.batch import runner
from desktop.batch.reader import BatchInput, read_batch
from desktop.batch.runner import WORKER_DIED, run_batch, run_items
from desktop.catalog import bundled_catalog
from desktop.paths import samples_dir
from tests.batch.conftest import error_rows, fill, firm, summary_rows

DAY = date(2026, 3, 1)


def _sample() -> dict[str, Any]:
    return json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("label", "change"),
    [
        ("企业类型", lambda d: d["firm"].__setitem__("roles", [["trader"]])),
        ("企业名称", lambda d: d["firm"].__setitem__("name", ["成都", "公司"])),
        ("注册城市", lambda d: d["firm"].__setitem__("city", ["chengdu"])),
        ("业绩年度", lambda d: d.__setitem__("year", {"value": 2025})),
        ("历史获奖", lambda d: d.__setitem__("history", {"measure": "CD-2A"})),
    ],
)
def test_a_firm_file_with_the_wrong_kind_of_value_fails_alone(tmp_path: Path, label: str, change) -> None:
    folder = tmp_path / "firms"
    folder.mkdir()
    for name in ("chengdu-trader.json", "suzhou-brand.json"):
        (folder / name).write_bytes((samples_dir() / name).read_bytes())
    bad = _sample()
    bad["firm"]["credit_code"] = "91510100MA6CDFW0XF"
    bad["firm"]["name"] = "成都乙跨境有限公司"
    change(bad)
    (folder / "b-bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    report = run_batch(folder, tmp_path / "out", DAY)
    assert [o.state for o in report.outcomes] == ["failed", "generated", "generated"]
    rows = error_rows(report.error_report)
    assert rows and all(row["单元格"] == "b-bad.json" for row in rows)
    assert label in [row["字段"] for row in rows]
    assert report.summary.is_file()


def test_an_unexpected_error_in_one_firm_is_its_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = runner.parse_firm

    def parse(data, catalog, source=""):
        if data["firm"]["name"] == "成都乙跨境有限公司":
            raise RecursionError("maximum recursion depth exceeded")
        return original(data, catalog, source)

    monkeypatch.setattr(runner, "parse_firm", parse)
    rows = [firm(), firm(name="成都乙跨境有限公司", credit_code="91510100MA6CDFW0XF")]
    report = run_batch(fill(tmp_path / "firms.xlsx", rows), tmp_path / "out", DAY)
    assert [o.state for o in report.outcomes] == ["generated", "failed"]
    (row,) = error_rows(report.error_report)
    assert row["企业"] == "成都乙跨境有限公司" and "RecursionError" in row["问题"]


def test_control_characters_in_a_firm_name_do_not_stop_the_reports(tmp_path: Path) -> None:
    folder = tmp_path / "firms"
    folder.mkdir()
    (folder / "a.json").write_bytes((samples_dir() / "chengdu-trader.json").read_bytes())
    bad = _sample()
    bad["firm"].update(name="成都\x01\x1b跨境公司", roles=[["x"]])
    (folder / "b.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    report = run_batch(folder, tmp_path / "out", DAY)
    assert [o.state for o in report.outcomes] == ["generated", "failed"]
    names = [row["企业名称"] for row in summary_rows(report.summary)]
    assert len(names) == 2 and "\x01" not in str(names[1]) and "跨境公司" in str(names[1])
    assert error_rows(report.error_report)


@pytest.mark.skipif(
    sys.platform == "win32", reason="the fork start method carries the test's patch into workers"
)
def test_a_worker_that_dies_fails_only_its_firm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = runner._process

    def process(item, *args):
        if item.data["firm"]["name"] == "成都致命企业":
            os._exit(9)  # as a crash in a native library, or the system killing the worker, would
        return original(item, *args)

    monkeypatch.setattr(runner, "_process", process)
    rows = [
        firm(name=f"成都企业{i}", credit_code=code)
        for i, code in enumerate(["91510100MA6CDRM0TN", "91510600MA6DYMN0P6", "91510700MA6MYKJ0QX"])
    ]
    rows.insert(1, firm(name="成都致命企业", credit_code="91510100MA6CDFW0XF"))
    batch: BatchInput = read_batch(fill(tmp_path / "firms.xlsx", rows), bundled_catalog())
    outcomes, stopped = run_items(batch, tmp_path / "out", DAY, jobs=2, start_method="fork")
    assert not stopped
    assert [o.state for o in outcomes] == ["generated", "failed", "generated", "generated"]
    assert outcomes[1].problems[0].message == WORKER_DIED
    assert outcomes[1].name == "成都致命企业"


def test_two_firm_files_that_would_share_a_packet_folder_fail_the_second(tmp_path: Path) -> None:
    folder = tmp_path / "firms"
    folder.mkdir()
    copy = _sample()
    copy["firm"]["name"] = copy["firm"]["name"].upper() + " "  # same folder on Windows and macOS
    (folder / "a.json").write_bytes((samples_dir() / "chengdu-trader.json").read_bytes())
    (folder / "b.json").write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
    (folder / "c.json").write_bytes((samples_dir() / "suzhou-brand.json").read_bytes())
    report = run_batch(folder, tmp_path / "out", DAY)
    assert [o.state for o in report.outcomes] == ["generated", "failed", "generated"]
    rows = error_rows(report.error_report)
    assert [(row["单元格"], row["字段"]) for row in rows] == [("b.json", "企业名称")]
    assert "a.json" in rows[0]["问题"] and "重名" in rows[0]["问题"]
    assert len([p for p in (tmp_path / "out").iterdir() if p.is_dir()]) == 2


def test_workbook_names_that_become_one_folder_name_fail_the_second(tmp_path: Path) -> None:
    rows = [
        firm(name="成都甲/跨境有限公司"),
        firm(name="成都甲:跨境有限公司", credit_code="91510100MA6CDFW0XF"),
    ]
    report = run_batch(fill(tmp_path / "firms.xlsx", rows), tmp_path / "out", DAY, jobs=1)
    assert [o.state for o in report.outcomes] == ["generated", "failed"]
    assert any("重名" in row["问题"] for row in error_rows(report.error_report))
