"""编辑 → 撤销/重做: one step per edit, across fields and pages, from the keyboard too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir
from tests.gui.test_edit_changes import _type


def _focus(qtbot, window: MainWindow, widget: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def _ctrl(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)


def test_undo_and_redo_run_across_fields_and_pages(window: MainWindow, qtbot) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    edit_menu = window.edit_menu
    assert not edit_menu.undo_action.isEnabled() and edit_menu.undo_action.text() == "撤销(&U)"
    name = window.firm_page.edits["contact_person"]
    _focus(qtbot, window, name)
    _type(qtbot, name, "张三")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    window.workspace.go_to_step(2)
    amount = window.data_page.fields["cbec_transaction"].edit
    _focus(qtbot, window, amount)
    _type(qtbot, amount, "1亿")
    qtbot.keyClick(amount, Qt.Key.Key_Tab)
    assert window.document.fact("cbec_transaction") == "100000000"
    assert edit_menu.undo_action.text() == "撤销(&U)：年度跨境电商交易额"
    _ctrl(qtbot, Qt.Key.Key_Z)  # in a field: the document's undo, not the field's own
    assert window.document.fact("cbec_transaction") == "320000000"
    assert amount.text() == "320,000,000"
    assert "做大做强(跨境电商贸易企业) 新增 2,000,000" in window.data_page.changes["cbec_transaction"].text()
    assert edit_menu.undo_action.text() == "撤销(&U)：联系人"
    _ctrl(qtbot, Qt.Key.Key_Z)
    assert window.document.data["firm"]["contact_person"] == "李晓蓉"
    window.workspace.go_to_step(0)
    assert name.text() == "李晓蓉"
    assert not window.document.dirty, "back where the file was saved"
    assert not edit_menu.undo_action.isEnabled()
    _ctrl(qtbot, Qt.Key.Key_Y)
    assert window.document.data["firm"]["contact_person"] == "张三"
    assert window.document.dirty
    edit_menu.redo_action.trigger()
    assert window.document.fact("cbec_transaction") == "100000000"
    assert not edit_menu.redo_action.isEnabled()


def test_undo_while_typing_takes_back_the_whole_edit(window: MainWindow, qtbot) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.go_to_step(2)
    field = window.data_page.fields["loan_interest_paid"]
    _focus(qtbot, window, field.edit)
    _type(qtbot, field.edit, "260万")
    assert window.edit_menu.undo_action.text() == "撤销(&U)：年度贷款实付利息"
    _ctrl(qtbot, Qt.Key.Key_Z)
    assert field.edit.hasFocus() and field.edit.text() == "1,200,000"
    assert window.document.fact("loan_interest_paid") == "1200000"


def test_a_choice_is_undone_like_a_typed_figure(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    box = window.screening_page.questions["chain_entity_reached_before"]
    box.setCurrentIndex(box.findData(True))
    box.activated.emit(box.currentIndex())
    window.firm_page.roles["service"].click()
    window.edit_menu.undo_action.trigger()
    assert not window.firm_page.roles["service"].isChecked()
    window.edit_menu.undo_action.trigger()
    window.workspace.go_to_step(1)
    assert box.currentText() == "未回答" and window.document.fact("chain_entity_reached_before") is None


def test_another_firm_starts_with_nothing_to_undo(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.firm_page.roles["service"].click()
    assert window.edit_menu.undo_action.isEnabled()
    window.document.dirty = False
    window.files.new_file()
    assert not window.edit_menu.undo_action.isEnabled()
    assert window.edit_menu.undo_action.text() == "撤销(&U)"
