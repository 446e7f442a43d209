"""The 批量 page: run a consultant's workbook from the window, in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

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
