"""English mode switches every visible string at once, and what is shown fits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMenu,
    QWidget,
)

from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir

CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e“”（）：；、。]")


def interface_texts(root: QWidget) -> list[str]:
    """Return the interface's own texts under ``root`` (labels, buttons, choices, headers, group titles),
    not what the firm typed nor policy content shown in tables and text panes."""
    texts = [
        w.text()
        for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton)
        if w.isVisibleTo(root)
    ]
    texts += [w.title() for w in root.findChildren(QGroupBox) if w.isVisibleTo(root)]
    for box in root.findChildren(QComboBox):
        if box.isVisibleTo(root) and not box.isEditable():
            texts += [box.itemText(i) for i in range(box.count())]
    for header in root.findChildren(QHeaderView):
        model = header.model()
        if header.isVisibleTo(root) and model is not None:
            texts += [
                str(model.headerData(i, header.orientation()) or "")
                for i in range(header.count())
                if not header.isSectionHidden(i)
            ]
    return [text for text in texts if text]


# Chinese that stays in English mode: how amounts and dates may be typed, and files named in Chinese
# (the batch writes 汇总.xlsx whatever the interface language).
# And the names the catalog gives bureaus (受理单位), which it has in Chinese only.
TYPED = re.compile(
    r"\d+(?:\.\d+)?[万亿]|\d{4}年\d{1,2}月\d{1,2}日|[\u4e00-\u9fff]+\.xlsx|(?<=Receiving bureau: ).*"
)


def _chinese(texts: list[str], firm: dict) -> list[str]:
    own = [str(value) for value in firm.values() if isinstance(value, str) and value]
    left = []
    for text in texts:
        for value in own:  # the firm's own name, address … are its own
            text = text.replace(value, "")
        text = TYPED.sub("", text)
        if CJK.search(text):
            left.append(text)
    return left


def test_every_interface_string_switches_at_once(window: MainWindow, tmp_path: Path) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.files._save_to(tmp_path / "firm.json")  # a status line written before the switch
    edit = window.data_page.fields["sichuan_made_export"].edit
    edit.setText("6000万")
    edit.textEdited.emit(edit.text())
    window.document.commit_edit()  # change lines written before the switch
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    window.firm_page.edits["credit_code"].setText("123")
    window.firm_page.edits["credit_code"].textEdited.emit("123")
    page.start()  # a refusal message written before the switch
    assert "请先修正" in page.message.text()
    window.language_menu.switch_to("en")
    firm = window.document.data["firm"]
    left: list[tuple[int, str]] = []
    for row in range(6):
        window.workspace.go_to_step(row)
        left += [(row, text) for text in _chinese(interface_texts(window.workspace.pages[row]), firm)]
    menus = [action.text() for menu in window.menuBar().findChildren(QMenu) for action in menu.actions()]
    menus += [menu.title() for menu in window.menuBar().findChildren(QMenu)]
    left += [(-1, text) for text in menus if CJK.search(text) and text not in ("简体中文", "语言 / Language")]
    left += [
        (-2, text)
        for text in (window.statusBar().currentMessage(), window.total_label.text())
        if CJK.search(text)
    ]
    assert left == [], left
    assert window.statusBar().currentMessage().startswith("Saved")
    window.language_menu.switch_to("zh")
    assert "请先修正" in page.message.text() and window.statusBar().currentMessage().startswith("已保存")


def test_generate_page_never_names_the_manifest(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    assert "manifest" not in page.summary.text()
    window.language_menu.switch_to("en")
    summary = page.summary.text()
    assert "manifest" not in summary and ". Total" in summary  # was "manifest.json.Total"
    window.language_menu.switch_to("zh")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_language_fits_a_small_screen(qtbot, tmp_path: Path, language: str) -> None:
    """At 1366×768 (and 1280×720) no label or answer is cut (was: English labels clipped, "Not answ"; a
    43-character Chinese question pushed the answers out of the question panel)."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication, QScrollArea

    from desktop.catalog import bundled_catalog
    from desktop.gui.i18n import set_language
    from desktop.gui.settings import Settings

    for area in (QRect(0, 0, 1366, 728), QRect(0, 0, 1280, 680)):
        set_language(language)
        window = MainWindow(bundled_catalog(), Settings(tmp_path / f"{area.width()}.ini"), screen_area=area)
        qtbot.addWidget(window)
        window.show()
        window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
        for row in range(6):
            window.workspace.go_to_step(row)
            QApplication.processEvents()
            page = window.workspace.pages[row]
            for box in page.findChildren(QComboBox):
                if box.isVisibleTo(page):
                    assert box.width() >= box.sizeHint().width(), (row, box.currentText(), area)
            for label in page.findChildren(QLabel):
                if label.isVisibleTo(page) and not label.wordWrap() and label.text():
                    assert label.width() >= label.sizeHint().width(), (row, label.text(), area)
            for scroll in page.findChildren(QScrollArea):
                if scroll.isVisibleTo(page) and scroll.widget() is not None:
                    assert scroll.widget().width() <= scroll.viewport().width(), (row, area)
        window.document.dirty = False
        window.close()
    set_language("zh")
