"""A consultant's commands: batch check (no packets), batch export --row N (a firm file the window opens),
template --next-year (next year's workbook from this year's)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.batch.reader import read_batch
from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from desktop.cli import main
from desktop.firm import load_firm
from tests.batch.conftest import error_rows, fill, firm

OTHER = {"name": "成都乙跨境有限公司", "credit_code": "91510100MA6CDFW0XF"}


def test_check_validates_without_writing_packets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = fill(tmp_path / "firms.xlsx", [firm(), firm(**OTHER, cbec_transaction="800万美元")])
    out = tmp_path / "report"
    assert main(["batch", "check", str(source), "--out", str(out)]) == 3
    printed = capsys.readouterr().out
    assert "万美元" in printed and "检查通过 1，有问题 1" in printed
    (row,) = error_rows(out / "错误报告.xlsx")
    assert row["序号"] == 5 and row["字段"] == "年度跨境电商交易额"
    assert not [p for p in out.iterdir() if p.is_dir()]  # no packet
    fill(source, [firm()])
    assert main(["batch", "check", str(source)]) == 0
    assert main(["batch", "check", str(tmp_path / "missing.xlsx")]) == 2


def test_export_writes_the_row_as_a_firm_file(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    source = fill(
        tmp_path / "firms.xlsx", [firm(), firm(name=OTHER["name"], credit_code="91510100MA6CDFW0XA")]
    )
    target = tmp_path / "甲.json"
    assert main(["batch", "export", str(source), "--row", "4", "--out", str(target)]) == 0
    exported = load_firm(target, catalog)
    assert exported.firm.name == firm()["name"] and exported.facts["cbec_transaction"] == 320000000
    assert main(["batch", "export", str(source), "--row", "4", "--out", str(target)]) == 2  # not overwritten
    assert main(["batch", "export", str(source), "--row", "5", "--out", str(tmp_path / "乙.json")]) == 2
    err = capsys.readouterr().err
    assert "企业!C5" in err and "校验位" in err and not (tmp_path / "乙.json").exists()
    assert main(["batch", "export", str(source), "--row", "9", "--out", str(tmp_path / "x.json")]) == 2
    assert "这一行没有企业(有企业的行：4、5)" in capsys.readouterr().err


def test_next_year_from_the_output_folder(tmp_path: Path, catalog: Catalog) -> None:
    source = fill(tmp_path / "firms.xlsx", [firm(), firm(**OTHER, cbec_transaction="三亿")])
    out = tmp_path / "out"
    run_batch(source, out, date(2026, 3, 1))
    following = tmp_path / "2026.xlsx"
    assert (
        main(["template", "--next-year", str(out), "--out", str(following)]) == 2
    )  # one firm left out, said
    (item,) = read_batch(following, catalog).items
    data = item.data
    assert data["year"] == 2026 and data["firm"]["name"] == firm()["name"]
    assert data["facts"]["cbec_transaction_prior"] == "320000000" and "cbec_transaction" not in data["facts"]
    assert (
        data["facts"]["cbec_over_1m_before"] is True and data["facts"]["chengdu_platform_registered"] is True
    )
    assert {"measure": "CD-2A", "year": 2025, "amount": "2000000"} in data["history"]
    assert "loan_interest_paid" not in data["facts"]
    assert (
        main(["template", "--next-year", str(source), "--out", str(following)]) == 2
    )  # exists: not overwritten
