"""The window's amount fields check the unit typed: 800万美元 in a 元 field is flagged, never read as 8,000,000 元."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.gui.fields import AmountEdit, parse_amount
from desktop.gui.i18n import set_language
from desktop.gui.main_window import MainWindow
from desktop.money import UnitError
from desktop.paths import samples_dir


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace a line edit's text by typing it, as a Chinese input method sends it."""
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


@pytest.mark.parametrize(
    ("fact", "typed", "shown"),
    [
        ("cbec_transaction", "800万美元", "单位不符：填写的是 万美元，本项的单位是 元"),
        ("cbec_transaction", "30000平方米", "单位不符：填写的是 平方米，本项的单位是 元"),
        ("cbec_transaction", "US$800", "单位不符：填写的是 US$，本项的单位是 元"),
        ("parent_gmv_usd", "150亿元", "单位不符：填写的是 亿元，本项的单位是 美元"),
        ("overseas_warehouse_area", "1200万元", "单位不符：填写的是 万元，本项的单位是 ㎡"),
    ],
)
def test_a_foreign_unit_is_flagged_and_kept(
    window: MainWindow, qtbot, fact: str, typed: str, shown: str
) -> None:
    field = window.data_page.fields[fact]
    _type(qtbot, field.edit, "100")
    assert window.document.fact(fact) == "100"
    _type(qtbot, field.edit, typed)
    assert field.edit.text() == typed  # kept as typed, to be fixed
    assert field.preview.text() == shown
    assert field.edit.property("flagged") == "true" and field.edit.toolTip() == shown
    assert not field.valid
    assert window.document.fact(fact) is None  # missing until fixed, never a converted figure


@pytest.mark.parametrize(
    ("fact", "typed", "value"),
    [
        ("cbec_transaction", "4500万元", "45000000"),
        ("cbec_transaction", "￥1，200，000", "1200000"),
        ("parent_gmv_usd", "2亿美元", "200000000"),
        ("parent_gmv_usd", "US$5,000", "5000"),
        ("overseas_warehouse_area", "30000平方米", "30000"),
    ],
)
def test_the_fields_own_unit_is_read(window: MainWindow, qtbot, fact: str, typed: str, value: str) -> None:
    field = window.data_page.fields[fact]
    _type(qtbot, field.edit, typed)
    assert field.valid and field.edit.property("flagged") == "false"
    assert window.document.fact(fact) == value


def test_fixing_the_unit_clears_the_flag(window: MainWindow, qtbot) -> None:
    field = window.data_page.fields["cbec_transaction"]
    _type(qtbot, field.edit, "800万美元")
    assert field.edit.property("flagged") == "true"
    _type(qtbot, field.edit, "5600万")
    assert field.edit.property("flagged") == "false" and field.preview.text() == "= 56,000,000 元"
    assert window.document.fact("cbec_transaction") == "56000000"


def test_a_stored_foreign_unit_is_shown_as_stored_and_flagged(qtbot) -> None:
    field = AmountEdit("元")
    qtbot.addWidget(field)
    field.set_value("800万美元")
    assert field.edit.text() == "800万美元" and "单位不符" in field.preview.text()
    assert field.edit.property("flagged") == "true"
    field.set_value("800万元")
    assert field.edit.text() == "8,000,000" and field.edit.property("flagged") == "false"


def test_parse_amount_names_both_units() -> None:
    assert parse_amount("2.6亿", "元") == Decimal(260_000_000)
    assert parse_amount("800万美元", "") == Decimal(8_000_000)  # a field without a unit checks none
    with pytest.raises(UnitError) as caught:
        parse_amount("800万美元", "元")
    assert (caught.value.written, caught.value.expected) == ("万美元", "元")


def test_english_message(qtbot) -> None:
    set_language("en")
    try:
        field = AmountEdit("元")
        qtbot.addWidget(field)
        field.set_value("800万美元")
        assert field.preview.text() == "Wrong unit: 万美元 was entered; this figure is in CNY"
    finally:
        set_language("zh")


def test_a_guide_amount_in_another_unit_is_kept_and_flagged(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.steps.setCurrentRow(3)
    model = window.results_page.model
    index = model.index(model.row_of("CD-9"), model.CLAIM)
    assert model.setData(index, "45万美元")
    assert window.document.data["claims"] == {"CD-9": "45万美元"}
    assert "单位不符" in window.document.field_errors["claims.CD-9"]
    assert model.index(model.row_of("CD-9"), model.CLAIM).data() == "✗ 45万美元"
    assert model.setData(index, "45万元")
    assert window.document.data["claims"] == {"CD-9": "450000"}
