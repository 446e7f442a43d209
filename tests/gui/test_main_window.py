"""The desktop program driven through its real widgets, offscreen."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from desktop.catalog import bundled_catalog
from desktop.engine import Status
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.paths import samples_dir
from tests.gui.conftest import Answers


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace a line edit's text by typing it; non-ASCII characters go in as key events carrying text."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(edit, char)
        else:
            QApplication.sendEvent(
                edit, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char)
            )


def _set_text(edit: QLineEdit, text: str) -> None:
    """Enter text the user could type (Chinese too) and tell the widget it was edited."""
    edit.setText(text)
    edit.textEdited.emit(text)


def _award(window: MainWindow, measure_id: str) -> tuple[Status, Decimal]:
    result = window.document.result
    assert result is not None
    measure = result.get(measure_id)
    return measure.status, measure.award


def test_type_a_firm_and_watch_the_award_cross_a_threshold(window: MainWindow, qtbot) -> None:
    firm = window.firm_page
    _set_text(firm.edits["name"], "成都测试跨境科技有限公司")
    _type(qtbot, firm.edits["credit_code"], "91510100ma6cdrm0tn")
    assert firm.edits["credit_code"].text() == "91510100MA6CDRM0TN"
    firm.roles["trader"].click()
    data = window.data_page
    window.workspace.steps.setCurrentRow(2)
    _type(qtbot, data.fields["cbec_transaction_prior"].edit, "40,000,000")
    _type(qtbot, data.fields["cbec_transaction"].edit, "6000")
    _type(qtbot, data.fields["cbec_transaction"].edit, "6000万")  # 万 goes in as a key event carrying text
    assert data.fields["cbec_transaction"].preview.text() == "= 60,000,000 元"
    assert _award(window, "CD-2A") == (Status.ELIGIBLE, Decimal(500000))
    window.workspace.steps.setCurrentRow(3)
    model = window.results_page.model
    row = model.row_of("CD-2A")
    assert model.index(row, model.AWARD).data() == "500,000"
    window.workspace.steps.setCurrentRow(2)
    _type(qtbot, data.fields["cbec_transaction"].edit, "200000001")
    assert _award(window, "CD-2A") == (Status.ELIGIBLE, Decimal(2000000))
    window.workspace.steps.setCurrentRow(3)
    assert model.index(model.row_of("CD-2A"), model.AWARD).data() == "2,000,000"
    window.workspace.steps.setCurrentRow(3)
    window.results_page.select("CD-2A")
    details = window.results_page.details.toPlainText()
    assert "超过 2亿元(不含本数)：200,000,001 元" in details
    assert "下一档" in details and "还差 300,000,000 元" in details
    assert "合计 2,000,000 元" in window.results_page.total.text()
    assert window.isWindowModified()


def test_bad_amount_is_flagged_and_kept(window: MainWindow, qtbot) -> None:
    field = window.data_page.fields["loan_interest_paid"]
    _type(qtbot, field.edit, "12x")
    assert field.edit.text() == "12x"
    assert "无法识别" in field.preview.text()
    assert field.edit.property("error")
    assert window.document.fact("loan_interest_paid") is None


def test_bad_credit_code_is_flagged_with_the_expected_character(window: MainWindow, qtbot) -> None:
    firm = window.firm_page
    _type(qtbot, firm.edits["credit_code"], "91510100MA6CDRM0TA")
    assert "应为 N" in firm.credit_status.text()
    assert firm.edits["credit_code"].property("error")
    _type(qtbot, firm.edits["credit_code"], "91510100MA6CDRM0TN")
    assert "校验位正确" in firm.credit_status.text()
    assert not firm.edits["credit_code"].property("error")


def test_screening_answers_update_the_measures_live(window: MainWindow) -> None:
    screening = window.screening_page
    window.workspace.steps.setCurrentRow(1)
    box = screening.questions["provincial_public_ow_key"]
    box.setCurrentIndex(box.findData(True))
    box.activated.emit(box.currentIndex())
    assert _award(window, "CD-5")[0] is Status.NEEDS_INPUT
    window.workspace.steps.setCurrentRow(2)
    assert window.data_page.form.isRowVisible(window.data_page.rows["overseas_warehouse_area"])
    window.workspace.steps.setCurrentRow(1)
    box.setCurrentIndex(box.findData(False))
    box.activated.emit(box.currentIndex())
    assert _award(window, "CD-5")[0] is Status.INELIGIBLE
    table = screening.measures
    cd5 = next(row for row in range(table.rowCount()) if table.item(row, 0).text() == "CD-5")
    assert "不符合" in table.item(cd5, 2).text()
    window.workspace.steps.setCurrentRow(2)
    assert not window.data_page.form.isRowVisible(window.data_page.rows["overseas_warehouse_area"])


def test_guide_amount_is_entered_in_the_table(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.steps.setCurrentRow(3)
    model = window.results_page.model
    index = model.index(model.row_of("CD-9"), model.CLAIM)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "450,000")
    assert window.document.data["claims"] == {"CD-9": "450000"}
    assert _award(window, "CD-9") == (Status.ELIGIBLE, Decimal(450000))
    assert "合计 4,040,000 元" in window.results_page.total.text()
    assert model.setData(model.index(model.row_of("CD-9"), model.CLAIM), "700000")
    assert window.document.field_errors["claims.CD-9"] == "核定金额 700,000 元 超过本项最高额 600,000 元"


def test_save_reopen_same_firm_and_recent_files(
    window: MainWindow, tmp_path: Path, monkeypatch, qtbot
) -> None:
    window.files.open_path(samples_dir() / "lianyungang-brand.json", ask=False)
    _set_text(window.firm_page.edits["contact_phone"], "0518-88888888")
    target = tmp_path / "firm.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.files.save_as()
    assert not window.isWindowModified()
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["firm"]["contact_phone"] == "0518-88888888"
    window.files.release()  # as if closed: one firm file is edited in one window
    again = MainWindow(bundled_catalog(), window.settings)
    qtbot.addWidget(again)
    assert again.files.open_path(target, ask=False)
    assert again.document.data == window.document.data
    assert again.document.result is not None and again.document.result.total == window.document.result.total
    recent = [action.text() for action in again.files.recent_menu.actions()]
    assert str(target.resolve()) in recent


def test_close_with_unsaved_changes_asks(window: MainWindow, answers: Answers) -> None:
    _set_text(window.firm_page.edits["name"], "未保存的企业")
    answers.queue.append(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible() and "未保存的企业" in answers[-1]
    answers.queue.append(QMessageBox.StandardButton.Discard)
    assert window.close()


def test_first_start_shows_the_sample(qtbot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "first.ini")
    main = MainWindow(bundled_catalog(), settings)
    qtbot.addWidget(main)
    main.start(None)
    assert main.document.data["firm"]["name"] == "成都蓉贸跨境科技有限公司"
    assert main.workspace.steps.currentRow() == 3
    second = MainWindow(bundled_catalog(), settings)
    qtbot.addWidget(second)
    second.start(None)
    assert second.document.data["firm"]["name"] == ""


def test_switch_language_and_back(window: MainWindow) -> None:
    window.language_menu.switch_to("en")
    assert window.workspace.steps.item(0).text() == "1 Firm"
    assert window.files.menu.title() == "&File"
    assert window.firm_page.labels["credit_code"].text() == "Unified social credit code"
    assert window.settings.language == "en"
    model = window.results_page.model
    assert model.headerData(model.STATUS, Qt.Orientation.Horizontal) == "Status"
    window.language_menu.switch_to("zh")
    assert window.workspace.steps.item(0).text() == "1 企业信息"
    assert window.settings.language == "zh"


def test_catalog_view_and_about(window: MainWindow, monkeypatch) -> None:
    window.show_catalog()
    assert window.catalog_window is not None
    assert window.catalog_window.table.rowCount() == len(bundled_catalog().measures)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.show_about()
    assert bundled_catalog().version in shown[0]


def test_tab_order_follows_the_form(window: MainWindow) -> None:
    firm = window.firm_page
    firm.edits["name"].setFocus()
    order = [firm.edits["name"]]
    widget = firm.edits["name"]
    for _ in range(3):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order[1] is firm.edits["credit_code"]
    assert order[2] is firm.city
