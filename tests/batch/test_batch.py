"""Batches: good rows give packets, bad cells are named in the error report, re-runs skip what is unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from desktop.batch.columns import FIRMS_SHEET, HEADER_ROW, KEY_ROW, firm_columns
from desktop.batch.reader import read_batch
from desktop.batch.runner import EXIT_OK, EXIT_SOME_FAILED, run_batch
from desktop.catalog import Catalog, bundled_catalog
from desktop.cli import main
from desktop.errors import InputError
from desktop.packet.files import safe_name, sha256_file
from desktop.paths import samples_dir
from tests.batch.conftest import error_rows, fill, firm, summary_rows

DAY = date(2026, 3, 1)


def _rows(path: Path, sheet: str | None = None) -> list[tuple]:
    workbook = load_workbook(path, data_only=True)
    return list((workbook[sheet] if sheet else workbook.active).iter_rows(values_only=True))


def test_good_and_bad_rows(tmp_path: Path) -> None:
    rows = [
        firm(),  # row 4
        firm(name="成都乙跨境有限公司", credit_code="91510100MA6CDRM0TA"),  # wrong check character
        firm(name="成都丙跨境有限公司", credit_code="91510100MA6CDFW0XF", city="北京市"),  # unknown city
        firm(
            name="成都丁跨境有限公司", credit_code="91510100MA6CDHC0W0", cbec_transaction="三亿"
        ),  # text in money
        firm(
            name="成都戊跨境有限公司", credit_code="91510600MA6DYMN0P6", loan_interest_paid=-5
        ),  # negative money
        firm(name="成都己跨境有限公司"),  # duplicate credit code of row 4
        firm(name=None, credit_code="91510700MA6MYKJ0QX"),  # missing required name
        firm(name='成都/庚:跨境*公司?"<>|', credit_code="91320500MA1HHB00RF"),  # path characters: fine
    ]
    source = fill(tmp_path / "firms.xlsx", rows)
    report = run_batch(source, tmp_path / "out", DAY, jobs=1)
    assert report.exit_status == EXIT_SOME_FAILED
    states = [o.state for o in report.outcomes]
    assert states == ["generated", "failed", "failed", "failed", "failed", "failed", "failed", "generated"]
    folders = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert folders == sorted(["成都甲跨境科技有限公司_2025", safe_name('成都/庚:跨境*公司?"<>|') + "_2025"])
    errors = error_rows(report.error_report)
    by_cell = {(row["工作表"], row["单元格"]): (row["字段"], row["问题"]) for row in errors}
    columns = [c.key for c in firm_columns(bundled_catalog())]

    def cell(key: str, row: int) -> tuple[str, str]:
        return ("企业", f"{get_column_letter(columns.index(key) + 1)}{row}")

    assert "应为 N" in by_cell[cell("credit_code", 5)][1]
    assert "北京市" in by_cell[cell("city", 6)][1]
    assert by_cell[cell("cbec_transaction", 7)][0] == "年度跨境电商交易额"
    assert "负数" in by_cell[cell("loan_interest_paid", 8)][1]
    assert "重复" in by_cell[cell("credit_code", 9)][1]
    assert by_cell[cell("name", 10)][0] == "企业名称"
    assert [row["序号"] for row in errors] == [5, 6, 7, 8, 9, 10]  # the input rows
    titles = _rows(report.summary)[1]
    assert titles[:6] == ("序号", "企业名称", "统一社会信用代码", "业绩年度", "城市", "处理结果")
    assert "做大做强(跨境电商贸易企业)" in titles and "CD-2A" not in titles  # titles, codes hidden
    summary = summary_rows(report.summary)
    assert [row["序号"] for row in summary] == list(range(4, 12))
    assert [row["处理结果"] for row in summary] == [
        "已生成",
        "失败",
        "失败",
        "失败",
        "失败",
        "失败",
        "失败",
        "已生成",
    ]
    assert summary[0]["CD-2A"] == 2000000
    assert summary[0]["合计(元)"] == 2000000
    assert summary[0]["最高额合计(元)"] == 600000


def test_rerun_skips_unchanged_firms_and_redoes_changed_ones(tmp_path: Path) -> None:
    first = [
        firm(),
        firm(name="连云港乙公司", credit_code="91320700MA1LYGX0KC", city="连云港市", ip_costs=86000),
    ]
    source = fill(tmp_path / "firms.xlsx", first)
    out = tmp_path / "out"
    assert run_batch(source, out, DAY).exit_status == EXIT_OK
    second = [first[0], {**first[1], "ip_costs": 120000}]
    fill(source, second)
    report = run_batch(source, out, DAY, compare_to=out / "汇总.xlsx")
    assert [o.state for o in report.outcomes] == ["skipped", "generated"]
    assert [row["处理结果"] for row in summary_rows(report.summary)] == ["未变化，已跳过", "已生成"]
    changes = _rows(report.summary, "变化")
    assert (
        "连云港乙公司",
        "91320700MA1LYGX0KC",
        2025,
        "境外商标、国际认证和境外专利",
        43000,
        50000,
        7000,
        "LYG-07",
    ) in changes


def test_side_sheets_fill_history_claims_and_support(tmp_path: Path) -> None:
    rows = [
        firm(
            city="连云港市",
            credit_code="91320700MA1LYGX0KC",
            brand_promotion_costs=750000,
            own_brand="是",
            lyg_first_cbec_scale_met="是",
        )
    ]
    side = {
        "历史获奖": [
            {"credit_code": "91320700MA1LYGX0KC", "measure": "LYG-09", "year": 2025, "amount": 50000}
        ],
        "核定金额": [{"credit_code": "91320700MA1LYGX0KC", "measure": "LYG-01", "amount": 30000}],
        "已获支持": [
            {"credit_code": "91320700MA1LYGX0KC", "measure": "LYG-09", "source": "省级资金", "amount": 10000},
            {"credit_code": "91310000MA1XXXXXX0", "measure": "LYG-09", "source": "无主", "amount": 1},
        ],
    }
    report = run_batch(fill(tmp_path / "firms.xlsx", rows, side), tmp_path / "out", DAY)
    outcome = report.outcomes[0]
    assert outcome.state == "generated"
    assert outcome.measures["LYG-09"].award == "250000"
    assert outcome.measures["LYG-01"].award == "30000" and not outcome.measures["LYG-01"].up_to
    assert report.exit_status == EXIT_SOME_FAILED  # the support row of an unknown firm is reported
    errors = error_rows(report.error_report)
    assert any(
        row["工作表"] == "已获支持" and row["单元格"] == "A4" and "91310000MA1XXXXXX0" in row["问题"]
        for row in errors
    )


def test_claim_above_ceiling_names_the_claims_cell(tmp_path: Path) -> None:
    rows = [firm(city="连云港市", credit_code="91320700MA1LYGX0KC", lyg_first_cbec_scale_met="是")]
    side = {"核定金额": [{"credit_code": "91320700MA1LYGX0KC", "measure": "LYG-01", "amount": 60000}]}
    report = run_batch(fill(tmp_path / "firms.xlsx", rows, side), tmp_path / "out", DAY)
    assert report.outcomes[0].state == "failed"
    (error,) = error_rows(report.error_report)
    assert (error["工作表"], error["单元格"]) == ("核定金额", "C3") and "超过" in error["问题"]


def test_unreadable_workbook_stops_before_writing(tmp_path: Path) -> None:
    bad = tmp_path / "firms.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError):
        run_batch(bad, tmp_path / "out", DAY)
    assert not (tmp_path / "out").exists()


def test_workbook_without_field_keys_is_read_by_its_headers(tmp_path: Path, catalog: Catalog) -> None:
    source = fill(tmp_path / "firms.xlsx", [firm()])
    workbook = load_workbook(source)
    for cell in workbook[FIRMS_SHEET][KEY_ROW]:
        cell.value = None
    workbook.save(source)
    (item,) = read_batch(source, catalog).items
    assert item.data["firm"]["name"] == firm()["name"] and item.problems == []
    for cell in workbook[FIRMS_SHEET][HEADER_ROW]:
        if cell.value and cell.value.startswith(("企业名称", "业绩年度")):
            cell.value = "备注"
    workbook.save(source)
    with pytest.raises(InputError) as caught:
        run_batch(source, tmp_path / "out", DAY)
    assert "缺少必需的列 企业名称、业绩年度" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_folder_of_firm_files(tmp_path: Path) -> None:
    folder = tmp_path / "firms"
    folder.mkdir()
    for name in ("chengdu-trader.json", "suzhou-brand.json"):
        (folder / name).write_text((samples_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    report = run_batch(folder, tmp_path / "out", DAY, jobs=2)
    assert [o.state for o in report.outcomes] == ["failed", "generated", "generated"]
    assert report.outcomes[0].problems[0].where == "broken.json"


def test_template_round_trip_and_dropdowns(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "FIRMS.xlsx"
    assert main(["template", "--out", str(template)]) == 0
    workbook = load_workbook(template)
    assert workbook.sheetnames[:2] == ["填写说明", "企业"]
    sheet = workbook["企业"]
    keys = [cell.value for cell in sheet[KEY_ROW]]
    lists = workbook["选项"]
    choices: dict[str, list[str]] = {}
    for column in lists.iter_cols(values_only=True):
        choices[column[0].split(".", 1)[1]] = [v for v in column[1:] if v is not None]
    assert choices["city"] == [city.name for city in catalog.cities.values()]
    assert choices["park_rating"] == [c.label for c in catalog.facts["park_rating"].choices.values()]
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert f"{get_column_letter(keys.index('city') + 1)}3" in validated
    assert f"{get_column_letter(keys.index('cbec_transaction') + 1)}3" in validated
    assert sheet.cell(row=3, column=keys.index("example") + 1).value == "是"
    fill(
        template,
        [firm(park_rating="成效较好", **{"role.park_operator": "是"}, park_recognised_municipal="是")],
    )
    code = main(
        ["batch", str(template), "--out", str(tmp_path / "out"), "--jobs", "1", "--date", "2026-03-01"]
    )
    assert code == 0, capsys.readouterr().out
    packet = tmp_path / "out" / "成都甲跨境科技有限公司_2025"
    manifest = json.loads((packet / "manifest.json").read_text(encoding="utf-8"))
    assert "02_02_申请表_跨境电商产业园区.docx" in manifest["files"]
    assert all(sha256_file(packet / name) == sha for name, sha in manifest["files"].items())


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.xlsx"
    assert main(["batch", str(missing), "--out", str(tmp_path / "out")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    source = fill(tmp_path / "firms.xlsx", [firm(), firm(name="乙", credit_code="91510100MA6CDRM0TA")])
    assert main(["batch", str(source), "--out", str(tmp_path / "out"), "--jobs", "2"]) == 3
    out = capsys.readouterr().out
    assert "生成 1" in out and "失败 1" in out


def test_numbers_outside_their_range_are_named_by_cell(tmp_path: Path) -> None:
    codes = ["91510100MA6CDFW0XF", "91510100MA6CDHC0W0", "91510600MA6DYMN0P6", "91510700MA6MYKJ0QX"]
    rows = [
        firm(cbec_transaction=1e300),  # a number Excel can hold, far above any amount
        firm(name="乙", credit_code=codes[0], loan_interest_paid="1e400"),
        firm(name="丙", credit_code=codes[1], cbec_transaction="1000000000000.01"),  # one 分 above the bound
        firm(name="丁", credit_code=codes[2], bonded_area_rented=3000.001),  # three decimal places
        firm(name="戊", credit_code=codes[3], cbec_transaction="1000000000000"),  # the bound itself
    ]
    side = {"核定金额": [{"credit_code": codes[3], "measure": "CD-2A", "amount": 1e20}]}
    report = run_batch(fill(tmp_path / "firms.xlsx", rows, side), tmp_path / "out", DAY, jobs=1)
    errors = error_rows(report.error_report)
    columns = [c.key for c in firm_columns(bundled_catalog())]
    by_cell = {(row["工作表"], row["单元格"]): row["问题"] for row in errors}

    def cell(key: str, row: int) -> tuple[str, str]:
        return ("企业", f"{get_column_letter(columns.index(key) + 1)}{row}")

    assert "超出允许范围" in by_cell[cell("cbec_transaction", 4)]
    assert "应填数字" in by_cell[cell("loan_interest_paid", 5)]
    assert "大于上限" in by_cell[cell("cbec_transaction", 6)]
    assert "小数位过多" in by_cell[cell("bonded_area_rented", 7)]
    assert "超出允许范围" in by_cell[("核定金额", "C3")]
    assert cell("cbec_transaction", 8) not in by_cell
    assert all(len(message) < 200 for message in by_cell.values())
