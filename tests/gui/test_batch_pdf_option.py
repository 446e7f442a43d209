"""The 批量 page's PDF option: the batch also writes every packet's documents as PDF."""

from __future__ import annotations

from pathlib import Path

from desktop.gui.main_window import MainWindow
from tests.batch.conftest import fill, firm


def test_pdf_option_converts_the_packets(window: MainWindow, qtbot, tmp_path: Path) -> None:
    page = window.batch_page
    window.workspace.steps.setCurrentRow(5)
    assert not page.pdf.isChecked() and page.pdf.text().startswith("同时生成 PDF")
    page.pdf.click()
    page.source.setText(str(fill(tmp_path / "firms.xlsx", [firm()])))
    page.out.setText(str(tmp_path / "out"))
    page.start()
    qtbot.waitUntil(lambda: page.open_summary.isEnabled(), timeout=180000)
    assert "生成 1" in page.message.text(), page.message.text()
    folder = tmp_path / "out" / "成都甲跨境科技有限公司_2025"
    for name in ("01_申报书.pdf", "03_信用承诺书.pdf", "04_测算表.pdf", "05_材料清单.pdf"):
        assert (folder / name).read_bytes().startswith(b"%PDF-"), name
