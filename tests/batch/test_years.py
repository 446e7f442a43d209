"""One firm over several performance years: rows keyed by credit code and year, side-sheet rows placed in
their year, and (when the batch says so) an earlier year's awards counted as history of the later ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.batch.reader import read_batch
from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from tests.batch.conftest import error_rows, fill, firm

DAY = date(2026, 3, 1)
WAREHOUSE = {"role.warehouse": "是", "provincial_public_ow_key": "是", "overseas_warehouse_area": 20000}
LYG = {"city": "连云港市", "credit_code": "91320700MA1LYGX0KC", "name": "连云港甲跨境有限公司"}


def test_earlier_awards_count_as_history_when_the_batch_says_so(tmp_path: Path) -> None:
    rows = [firm(year=2024, **WAREHOUSE), firm(year=2025, **WAREHOUSE)]
    source = fill(tmp_path / "firms.xlsx", rows)
    apart = run_batch(source, tmp_path / "apart", DAY)
    assert [o.measures["CD-5"].status for o in apart.outcomes] == ["eligible", "eligible"]
    carried = run_batch(source, tmp_path / "carried", DAY, carry_awards=True)
    assert [o.state for o in carried.outcomes] == ["generated", "generated"]
    assert carried.outcomes[0].measures["CD-5"].award == "100000"
    assert carried.outcomes[1].measures["CD-5"].status == "ineligible"  # one-off, received for 2024


def test_approved_amounts_go_to_their_year_and_carry(tmp_path: Path, catalog: Catalog) -> None:
    rows = [
        firm(year=2024, lyg_first_cbec_scale_met="是", **LYG),
        firm(year=2025, lyg_first_cbec_scale_met="是", **LYG),
    ]
    side = {
        "核定金额": [{"credit_code": LYG["credit_code"], "measure": "LYG-01", "amount": 30000, "year": 2024}]
    }
    source = fill(tmp_path / "firms.xlsx", rows, side)
    earlier, later = read_batch(source, catalog).items
    assert earlier.data["claims"] == {"LYG-01": "30000"} and later.data["claims"] == {}
    report = run_batch(source, tmp_path / "out", DAY, carry_awards=True)
    assert report.outcomes[0].measures["LYG-01"].award == "30000"
    assert report.outcomes[1].measures["LYG-01"].status == "ineligible"


def test_a_side_row_without_its_year_is_named_when_the_firm_has_several(
    tmp_path: Path, catalog: Catalog
) -> None:
    rows = [firm(year=2024, **LYG), firm(year=2025, **LYG)]
    side = {
        "核定金额": [{"credit_code": LYG["credit_code"], "measure": "LYG-01", "amount": 30000}],
        "已获支持": [
            {
                "credit_code": LYG["credit_code"],
                "measure": "LYG-09",
                "source": "省级资金",
                "amount": 1,
                "year": 2023,
            }
        ],
    }
    items = read_batch(fill(tmp_path / "firms.xlsx", rows, side), catalog).items
    messages = {p.where: p.message for p in items[0].problems}
    assert "2024、2025" in messages["核定金额!D3"] and "请注明" in messages["核定金额!D3"]
    assert "没有 2023 年度的行" in messages["已获支持!E3"]


def test_a_failing_earlier_year_fails_the_later_ones_when_carrying(tmp_path: Path) -> None:
    rows = [firm(year=2024, cbec_transaction="三亿", **WAREHOUSE), firm(year=2025, **WAREHOUSE)]
    report = run_batch(fill(tmp_path / "firms.xlsx", rows), tmp_path / "out", DAY, carry_awards=True)
    assert [o.state for o in report.outcomes] == ["failed", "failed"]
    later = [row for row in error_rows(report.error_report) if row["序号"] == 5]
    assert later and "2024 年度的行(企业!第4行)有问题" in later[0]["问题"]
