"""A summary you can send: measure titles for the batch's cities only, filters, a frozen header, A4 landscape
one page wide, 序号 the input row, a 待补充 sheet; an error report in Chinese labels with the cell."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from desktop.batch.reports import PAGE_WIDTH_UNITS, SMALLEST_SCALE
from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from desktop.cli import main
from desktop.credit_code import with_check_character
from desktop.packet.pdf import find_soffice
from desktop.paths import samples_dir
from tests.batch.conftest import error_rows, fill, firm, summary_rows
from tests.batch.typed import requires_soffice

DAY = date(2026, 3, 1)
LYG = {"city": "连云港市", "credit_code": "91320700MA1LYGX0KC", "name": "连云港甲跨境有限公司"}


def test_summary_speaks_titles_for_the_cities_in_the_batch(tmp_path: Path, catalog: Catalog) -> None:
    rows = [firm(loan_interest_paid=None), firm(**LYG, ip_costs=86000)]
    report = run_batch(fill(tmp_path / "firms.xlsx", rows), tmp_path / "out", DAY)
    book = load_workbook(report.summary)
    sheet = book["汇总"]
    codes = [cell.value for cell in sheet[1]]
    titles = [cell.value for cell in sheet[2]]
    assert sheet.row_dimensions[1].hidden and not sheet.row_dimensions[2].hidden
    measures = [code for code in codes if code and "-" in code]
    assert {code.split("-")[0] for code in measures} == {"CD", "LYG"}  # no Deyang, Mianyang, Suzhou, Sichuan
    assert all(titles[codes.index(code)] == catalog.measures[code].title for code in measures)
    assert not any(str(title).startswith(("CD-", "LYG-")) for title in titles)
    assert sheet.freeze_panes == "C3" and sheet.auto_filter.ref.startswith("A2:")
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$2:$2"
    # two cities' measures are too wide for one readable page: a few pages across, each naming the firm
    widths = [sheet.column_dimensions[get_column_letter(n)].width for n in range(1, len(codes) + 1)]
    assert sum(widths) > PAGE_WIDTH_UNITS / SMALLEST_SCALE
    assert setup.fitToWidth == math.ceil(
        (sum(widths) - sum(widths[:2])) / (PAGE_WIDTH_UNITS / SMALLEST_SCALE - sum(widths[:2]))
    )
    assert setup.fitToWidth >= 2 and sheet.print_title_cols == "$A:$B" and setup.pageOrder == "overThenDown"
    assert [row["序号"] for row in summary_rows(report.summary)] == [4, 5]


def test_missing_sheet_says_what_to_ask_each_client_for(tmp_path: Path, catalog: Catalog) -> None:
    rows = [firm(loan_interest_paid=None, chengdu_platform_registered=None)]
    report = run_batch(fill(tmp_path / "firms.xlsx", rows), tmp_path / "out", DAY)
    sheet = load_workbook(report.summary)["待补充"]
    header, *lines = list(sheet.iter_rows(values_only=True))
    assert summary_rows(report.summary)[0]["待补充(项)"] == len(lines) == len(report.outcomes[0].missing)
    assert header[:8] == (
        "序号",
        "企业名称",
        "统一社会信用代码",
        "业绩年度",
        "需补充的数据",
        "填写方式",
        "填在",
        "用于措施",
    )
    by_fact = {line[4]: line for line in lines}
    loan = by_fact[catalog.facts["loan_interest_paid"].label]
    assert (
        loan[0] == 4 and loan[5] == "金额，单位 元" and loan[6].startswith("企业!") and loan[6].endswith("4")
    )
    assert "金融融资" in loan[7] and loan[8] == "CD-9"
    assert by_fact[catalog.facts["chengdu_platform_registered"].label][5] == "填 是 或 否"
    assert sheet.auto_filter.ref


def test_error_report_names_fields_in_chinese_with_the_cell(tmp_path: Path) -> None:
    rows = [firm(cbec_transaction="三亿", credit_code="91510100MA6CDRM0TA")]
    report = run_batch(fill(tmp_path / "firms.xlsx", rows), tmp_path / "out", DAY)
    errors = error_rows(report.error_report)
    assert {row["字段"] for row in errors} == {"年度跨境电商交易额", "统一社会信用代码"}
    assert all(row["工作表"] == "企业" and row["单元格"][0].isalpha() and row["序号"] == 4 for row in errors)
    text = " ".join(str(value) for row in errors for value in row.values())
    assert "facts." not in text and "firm." not in text


def test_deadlines_sheet_says_once_that_no_guide_gave_a_window(tmp_path: Path) -> None:
    report = run_batch(fill(tmp_path / "firms.xlsx", [firm()]), tmp_path / "out", DAY)
    rows = list(load_workbook(report.summary)["申报截止"].iter_rows(values_only=True))
    assert "待年度指南公布" in rows[1][0]
    assert all(row[8] is None for row in rows[2:]) and rows[2][9] == "CD-2A"


@requires_soffice
def test_a_summary_of_120_firms_prints_on_a_few_pages(tmp_path: Path) -> None:
    rows = []
    for index in range(120):
        city = {"city": "连云港市", "ip_costs": 86000} if index % 3 == 0 else {}
        rows.append(
            firm(
                name=f"客户企业{index:03d}有限公司",
                credit_code=with_check_character(f"915101{index:011d}"),
                **city,
            )
        )
    report = run_batch(fill(tmp_path / "firms.xlsx", rows), tmp_path / "out", DAY, jobs=2)
    soffice = find_soffice()
    assert soffice is not None
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(report.summary)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / "pdf" / "汇总.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        for n in range(1, pages + 1)
    ]
    summary_pages = [text for text in texts if "处理结果" in text]  # the 汇总 sheet's header, on every page
    assert 1 <= len(summary_pages) <= 3, len(summary_pages)  # it was 64 pages
    assert "做大做强" in summary_pages[0] and "CD-2A" not in summary_pages[0]


def test_a_firm_with_nothing_to_apply_for_is_marked_as_a_service_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "firms"
    folder.mkdir()
    for sample in ("chengdu-trader.json", "deyang-manufacturer.json"):
        shutil.copy(samples_dir() / sample, folder / sample)
    for run in range(2):  # the second run skips both firms as unchanged and still says which is which
        assert main(["batch", str(folder), "--out", str(tmp_path / "out"), "--date", "2026-03-01"]) == 0
        printed = capsys.readouterr().out
        assert "其中 1 家没有可申报金额的措施，材料是一页政策服务清单" in printed, printed
        rows = summary_rows(tmp_path / "out" / "汇总.xlsx")
        done = "已生成" if run == 0 else "未变化，已跳过"
        assert {row["企业名称"]: (row["处理结果"], row["材料"]) for row in rows} == {
            "成都蓉贸跨境科技有限公司": (done, "申报书"),
            "德阳重装智造进出口有限公司": (done, "政策服务清单"),
        }, rows


def test_a_narrow_summary_prints_one_page_wide(tmp_path: Path) -> None:
    suzhou = json.loads((samples_dir() / "suzhou-brand.json").read_text(encoding="utf-8"))
    folder = tmp_path / "firms"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(suzhou, ensure_ascii=False), encoding="utf-8")
    report = run_batch(folder, tmp_path / "out", DAY)
    sheet = load_workbook(report.summary)["汇总"]
    assert sheet.page_setup.fitToWidth == 1 and not sheet.print_title_cols
