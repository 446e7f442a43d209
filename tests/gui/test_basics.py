"""The basics of a finished program: help (F1), reopening on the step left, dates that echo, odd files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextImageFormat
from PySide6.QtWidgets import QApplication

from desktop.catalog import bundled_catalog
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.paths import samples_dir


def _set_text(edit, text: str) -> None:
    edit.setText(text)
    edit.textEdited.emit(text)


def _images(window) -> list[str]:
    document = window.browser.document()
    names, block = [], document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            image = iterator.fragment().charFormat().toImageFormat()
            if image.isValid():
                names.append(image.name())
            iterator += 1
        block = block.next()
    return names


def test_f1_opens_the_guide_with_the_screenshots(window: MainWindow, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert guide.windowTitle() == "使用说明" and text.startswith("跨境电商政策申报助手 使用说明")
    area = guide.screen().availableGeometry()
    assert area.contains(guide.frameGeometry().topLeft()) and guide.width() <= area.width()
    assert "撤销和重做" in text and "打印" in text and "Ctrl+Z" in text
    images = _images(guide)
    assert len(images) == 6
    for name in images:  # every screenshot is shipped with the program and loads
        assert isinstance(guide.browser.document().resource(2, name), object)
        assert (Path(guide.browser.searchPaths()[0]) / name).is_file()
    assert [action.text() for action in window.help_menu.actions() if action.text()] == ["使用说明", "关于"]
    window.language_menu.switch_to("en")
    assert guide.windowTitle() == "How to use it"
    assert guide.browser.toPlainText().startswith("CBEC Grant Desk: how to use it")
    window.language_menu.switch_to("zh")
    qtbot.keyClick(guide, Qt.Key.Key_Escape)
    assert not guide.isVisible()


def test_guide_images_fit_the_window(window: MainWindow, qtbot) -> None:
    window.show_guide()
    guide = window.help_window
    guide.resize(700, 500)
    qtbot.wait(50)
    widths = []
    block = guide.browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            image: QTextImageFormat = iterator.fragment().charFormat().toImageFormat()
            if image.isValid():
                widths.append(image.width())
            iterator += 1
        block = block.next()
    assert widths and all(0 < width <= guide.browser.viewport().width() for width in widths)


def test_a_restart_opens_on_the_step_left(qtbot, tmp_path: Path) -> None:
    firm = tmp_path / "firm.json"
    shutil.copy(samples_dir() / "chengdu-trader.json", firm)
    settings = Settings(tmp_path / "s.ini")
    settings.mark_started()
    first = MainWindow(bundled_catalog(), settings)
    qtbot.addWidget(first)
    first.show()
    first.files.open_path(firm, ask=False)
    first.workspace.go_to_step(2)
    assert first.close()
    again = MainWindow(bundled_catalog(), settings)
    qtbot.addWidget(again)
    again.show()
    again.start(None)
    assert again.document.path == firm
    assert again.workspace.steps.currentRow() == 2  # was: step 1


def test_a_typed_date_echoes_what_was_understood(window: MainWindow) -> None:
    firm = window.firm_page
    for typed in ("2024年3月15日", "20240315", "2024/3/15", "２０２４－０３－１５"):
        _set_text(firm.established, typed)
        assert firm.established_status.text() == "= 2024年3月15日", typed
    _set_text(firm.established, "2024-02-30")
    assert firm.established_status.text() == "日期不存在：2024年2月只有 29 天"
    window.language_menu.switch_to("en")
    _set_text(firm.established, "2024年3月15日")
    assert firm.established_status.text() == "= 2024-03-15"
    window.language_menu.switch_to("zh")


def test_a_file_whose_year_is_not_a_number_opens(window: MainWindow, tmp_path: Path) -> None:
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    data["year"] = "二〇二五"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert window.files.open_path(path, ask=False)  # was: ValueError in the firm page
    window.workspace.go_to_step(0)
    assert "year" in window.document.field_errors
    firm = window.firm_page
    assert firm.year.text().strip() == ""  # never shown as a year the file does not hold
    assert firm.year_status.text() == "文件中的业绩年度为“二〇二五”，不是年份：请选择业绩年度"
    assert firm.year.property("flagged") == "true"
    assert window.workspace.steps.item(0).text().endswith("!")
    assert "业绩年度" in window.workspace.steps.item(0).toolTip()
    firm.year.setValue(firm.year.minimum() + 1)
    firm.year.setValue(firm.year.minimum())  # stepped back to the blank: no year chosen
    assert window.document.data["year"] == 2000 and firm.year.value() == 2000
    firm.year.setValue(2025)
    assert window.document.data["year"] == 2025 and "year" not in window.document.field_errors
    assert firm.year_status.text() == "" and firm.year.property("flagged") == "false"
    assert window.workspace.steps.item(0).text().endswith("✓")
