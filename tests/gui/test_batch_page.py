"""The 批量 page: run a consultant's workbook from the window, in the background."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from desktop.batch.columns import FIRST_DATA_ROW
from desktop.gui.main_window import MainWindow
from tests.batch.conftest import fill, firm


def test_blank_workbook_then_batch_from_the_window(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    page = window.batch_page
    window.workspace.steps.setCurrentRow(5)
    blank = tmp_path / "blank.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blank), ""))
    page.blank.click()
    assert blank.is_file() and page.source.text() == str(blank)
    source = fill(tmp_path / "firms.xlsx", [firm(), firm(name="坏企业", credit_code="91510100MA6CDRM0TA")])
    page.source.setText(str(source))
    page.out.setText(str(tmp_path / "out"))
    page.start()
    assert page.job is not None and not page.start_button.isEnabled()
    qtbot.waitUntil(lambda: page.open_summary.isEnabled(), timeout=120000)
    assert "生成 1" in page.message.text() and "失败 1" in page.message.text()
    assert (tmp_path / "out" / "汇总.xlsx").is_file()
    assert (tmp_path / "out" / "成都甲跨境科技有限公司_2025" / "manifest.json").is_file()
    # The failure is listed with firm, cell and reason, and both reports open from the page.
    assert page.failures.isVisible() or page.failures.isVisibleTo(page)
    rows = [
        [page.failures.topLevelItem(i).text(c) for c in range(3)]
        for i in range(page.failures.topLevelItemCount())
    ]
    assert any(firm == "坏企业" and cell and "校验" in reason for firm, cell, reason in rows), rows
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.open_summary.click()
    page.open_errors.click()
    assert [Path(p).name for p in opened] == ["汇总.xlsx", "错误报告.xlsx"]


def test_unusable_workbook_is_reported(window: MainWindow, qtbot, tmp_path: Path) -> None:
    page = window.batch_page
    bad = tmp_path / "bad.xlsx"
    bad.write_text("no", encoding="utf-8")
    page.source.setText(str(bad))
    page.out.setText(str(tmp_path / "out"))
    page.start()
    qtbot.waitUntil(lambda: "未写入任何文件" in page.message.text(), timeout=30000)
    assert page.start_button.isEnabled()
    assert not (tmp_path / "out").exists()


def _rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def _run(page, qtbot) -> None:
    page.start()
    assert page.job is not None, page.message.text()
    qtbot.waitUntil(lambda: page.job is None, timeout=180000)


def test_date_jobs_and_compare_to_are_the_runs_settings_and_each_firm_shows_what_is_missing(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    import desktop.batch.runner as runner

    calls: list[dict] = []
    real_run_batch = runner.run_batch

    def recording_run_batch(*args, **kwargs):
        calls.append({"day": args[2], **kwargs})
        return real_run_batch(*args, **kwargs)

    monkeypatch.setattr(runner, "run_batch", recording_run_batch)
    page = window.batch_page
    window.workspace.steps.setCurrentRow(5)
    rows = [
        firm(),
        firm(name="成都乙跨境科技有限公司", credit_code="91510100MA6CDRM1TP", cbec_transaction=None),
    ]
    source = fill(tmp_path / "firms.xlsx", rows)
    out = tmp_path / "out"
    page.source.setText(str(source))
    page.out.setText(str(out))
    page.date.setDate(QDate(2026, 12, 4))
    page.jobs.setValue(1)
    _run(page, qtbot)
    assert (
        calls[-1]["day"] == date(2026, 12, 4) and calls[-1]["jobs"] == 1 and calls[-1]["compare_to"] is None
    )
    assert page.tabs.isVisibleTo(page) and page.tabs.currentWidget() is page.results
    listed = _rows(page.results)
    assert [r[page.NAME] for r in listed] == ["成都甲跨境科技有限公司", "成都乙跨境科技有限公司"]
    assert [r[page.ROW] for r in listed] == [
        str(FIRST_DATA_ROW + 1),
        str(FIRST_DATA_ROW + 2),
    ]  # 序号 = the input row, as in 汇总
    assert all(r[page.STATE] == "已生成" for r in listed)
    # the 待补充 count per firm is the 待补充 sheet's rows for that firm; the tooltip names the figures
    sheet = list(load_workbook(out / "汇总.xlsx")["待补充"].iter_rows(min_row=2, values_only=True))
    for row in listed:
        needed = [r for r in sheet if r[1] == row[page.NAME]]
        assert row[page.MISSING] == (str(len(needed)) if needed else ""), (row, needed)
    second = page.results.topLevelItem(1)
    assert second.text(page.MISSING) and "年度跨境电商交易额（用于：" in second.toolTip(page.MISSING)
    waiting = sum(1 for r in listed if r[page.MISSING])
    assert f"{waiting} 家企业还需补充数据，共 {len(sheet)} 项" in page.message.text()
    assert int(second.text(page.MISSING)) > int(page.results.topLevelItem(0).text(page.MISSING) or 0)
    firm_folder = out / "成都甲跨境科技有限公司_2025"
    assert json.loads((firm_folder / "manifest.json").read_text(encoding="utf-8"))["date"] == "2026-12-04"
    assert "2026年12月4日" in "\n".join(
        p.text for p in Document(str(firm_folder / "01_申报书.docx")).paragraphs
    )

    # A new date re-renders every packet; the old summary, chosen on the page, is compared with.
    first_summary = tmp_path / "上次汇总.xlsx"
    shutil.copy(out / "汇总.xlsx", first_summary)
    fill(source, [firm(cbec_transaction=600000000), rows[1]])
    page.date.setDate(QDate(2026, 12, 5))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(first_summary), ""))
    page.browse_compare.click()
    assert page.compare.text() == str(first_summary)
    _run(page, qtbot)
    assert calls[-1]["day"] == date(2026, 12, 5) and calls[-1]["compare_to"] == first_summary
    assert [r[page.STATE] for r in _rows(page.results)] == ["已生成", "已生成"]
    assert json.loads((firm_folder / "manifest.json").read_text(encoding="utf-8"))["date"] == "2026-12-05"
    changes = [r for r in load_workbook(out / "汇总.xlsx")["变化"].iter_rows(values_only=True) if r[0]]
    assert any("成都甲跨境科技有限公司" in r for r in changes[1:]), changes


def test_an_unusable_old_summary_is_named_as_the_page_names_it(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    page = window.batch_page
    page.source.setText(str(fill(tmp_path / "firms.xlsx", [firm()])))
    page.out.setText(str(tmp_path / "out"))
    page.compare.setText(str(tmp_path / "不存在的汇总.xlsx"))
    _run(page, qtbot)
    text = page.message.text()
    assert "上次汇总" in text and "--compare-to" not in text and "未写入任何文件" in text, text
    assert not (tmp_path / "out" / "汇总.xlsx").exists()


def test_a_firm_with_nothing_to_apply_for_is_listed_as_a_service_list(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    from desktop.paths import samples_dir

    folder = tmp_path / "firms"
    folder.mkdir()
    for sample in ("chengdu-trader.json", "deyang-manufacturer.json"):
        shutil.copy(samples_dir() / sample, folder / sample)
    page = window.batch_page
    window.workspace.steps.setCurrentRow(5)
    page.source.setText(str(folder))
    page.out.setText(str(tmp_path / "out"))
    page.jobs.setValue(1)
    _run(page, qtbot)
    states = {r[page.NAME]: r[page.STATE] for r in _rows(page.results)}
    assert states == {
        "成都蓉贸跨境科技有限公司": "已生成",
        "德阳重装智造进出口有限公司": "已生成（政策服务清单）",
    }
    listed = page.results.topLevelItem(list(states).index("德阳重装智造进出口有限公司"))
    assert "没有申报书" in listed.toolTip(page.STATE)
    assert "1 家企业没有可申报金额的措施，材料是一页政策服务清单。" in page.message.text()
