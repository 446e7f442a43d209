"""生成材料 for a firm without a money measure: the 政策服务清单, asked no question about a zero 申报书."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir


def test_the_window_writes_the_service_list(window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No,
    )
    window.files.open_path(samples_dir() / "deyang-manufacturer.json", ask=False)
    window.workspace.go_to_step(4)
    page = window.generate_page
    assert "政策服务清单" in page.summary.text() and "申报书、" not in page.summary.text()
    page.folder.setText(str(tmp_path / "out"))
    page.start()
    assert page.job is not None, page.message.text()
    with qtbot.waitSignal(page.job.succeeded, timeout=30000):
        pass
    assert asked == []  # nothing to confirm: no 人民币零元整 申报书 is written
    folder = tmp_path / "out" / "德阳重装智造进出口有限公司_2025"
    assert (folder / "01_政策服务清单.docx").is_file()
    assert not (folder / "01_申报书.docx").exists() and not (folder / "03_信用承诺书.docx").exists()
    qtbot.waitUntil(lambda: page.open_folder.isEnabled(), timeout=5000)
    assert "已生成" in page.message.text()


def test_a_firm_with_an_amount_is_told_of_its_application(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.go_to_step(4)
    text = window.generate_page.summary.text()
    assert text.startswith("将生成：申报书") and "政策服务清单" not in text
