"""What an edit changed is measured per edit (field entered → field left), not per keystroke."""

from __future__ import annotations

import json
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.catalog import bundled_catalog
from desktop.engine import evaluate_firm
from desktop.firm import parse_firm
from desktop.gui.changes import compare
from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir


def _sample(**facts: object) -> dict:
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    for key, value in facts.items():
        if value is None:
            data["facts"].pop(key, None)
        else:
            data["facts"][key] = value
    return data


def _focus(qtbot, window: MainWindow, widget: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    """Type into a field key by key (万 and 亿 go in as key events carrying text, as an input method sends them)."""
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(edit, char)
        else:
            QApplication.sendEvent(
                edit, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char)
            )


def _change_column(window: MainWindow) -> dict[str, str]:
    model = window.results_page.model
    cells = {model.rows[row].id: model.index(row, model.CHANGE).data() for row in range(model.rowCount())}
    return {key: text for key, text in cells.items() if text}


def test_a_typed_amount_shows_its_change_once_the_field_is_left(window: MainWindow, qtbot) -> None:
    window.document.load_data(_sample(loan_interest_paid=None), None)
    total = window.document.result.total
    window.workspace.go_to_step(2)
    data = window.data_page
    edit = data.fields["loan_interest_paid"].edit
    _focus(qtbot, window, edit)
    _type(qtbot, edit, "260")
    assert window.document.editing
    assert not data.changes["loan_interest_paid"].isVisibleTo(data), "nothing is shown while typing"
    assert not _change_column(window) and "本次修改" not in window.results_page.total.text()
    _type(qtbot, edit, "260万")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # the field is left: the edit is committed
    assert not window.document.editing
    label = data.changes["loan_interest_paid"]
    assert label.isVisibleTo(data)
    # a ceiling appearing is named so, not a difference of keystrokes (was: "CD-9 +999,870")
    assert label.text() == "本次修改：金融融资 新增 最高 1,000,000"
    window.workspace.go_to_step(3)
    assert _change_column(window) == {"CD-9": "新增 最高 1,000,000"}
    heading = window.results_page.total.text()
    assert "（本次修改：最高额 +1,000,000 元）" in heading  # the counted total did not move
    assert window.document.result.total == total


def test_the_change_stays_until_the_next_edit_begins(window: MainWindow, qtbot) -> None:
    window.document.load_data(_sample(), None)
    window.workspace.go_to_step(2)
    data = window.data_page
    export = data.fields["sichuan_made_export"].edit
    _focus(qtbot, window, export)
    _type(qtbot, export, "6000万")
    qtbot.keyClick(export, Qt.Key.Key_Return)  # Enter commits and moves on, as Tab does
    change = data.changes["sichuan_made_export"]
    # 3% of (60,000,000 − 12,000,000) = 1,440,000 capped at 1,000,000, from 990,000: +10,000 (was "+999,820")
    assert change.text() == "本次修改：“四川造”跨境电商出口 +10,000"
    window.workspace.go_to_step(3)
    assert "（本次修改：合计 +10,000 元）" in window.results_page.total.text()
    window.workspace.go_to_step(2)
    assert change.isVisibleTo(data), "visiting other pages is no edit"
    prior = data.fields["cbec_transaction_prior"].edit
    _focus(qtbot, window, prior)
    assert change.isVisibleTo(data), "entering a field is no edit"
    _type(qtbot, prior, "3")
    assert not change.isVisibleTo(data), "the next edit began"
    _type(qtbot, prior, "2.4亿")  # 3.2亿 over 2.4亿 grows 33%: CD-2A stays at 2,000,000
    _focus(qtbot, window, export)
    assert data.changes["cbec_transaction_prior"].text() == "本次修改不影响任何措施"


def test_an_amount_that_creates_an_award_says_so_beside_its_field(window: MainWindow, qtbot) -> None:
    window.document.load_data(_sample(cbec_transaction_prior=None), None)
    window.workspace.go_to_step(2)
    data = window.data_page
    prior = data.fields["cbec_transaction_prior"].edit
    _focus(qtbot, window, prior)
    _type(qtbot, prior, "2.4亿")
    qtbot.keyClick(prior, Qt.Key.Key_Tab)
    # was: no change line at all (the line showed only beside the field edited last of all)
    assert (
        data.changes["cbec_transaction_prior"].text() == "本次修改：做大做强(跨境电商贸易企业) 新增 2,000,000"
    )
    window.workspace.go_to_step(3)
    assert "（本次修改：合计 +2,000,000 元）" in window.results_page.total.text()


def test_a_screening_answer_highlights_what_it_changed(window: MainWindow) -> None:
    window.document.load_data(_sample(provincial_public_ow_key=None), None)
    window.workspace.go_to_step(1)
    screening = window.screening_page
    box = screening.questions["provincial_public_ow_key"]
    box.setCurrentIndex(box.findData(True))
    box.activated.emit(box.currentIndex())
    assert screening.change.text() == "本次修改不影响任何措施"  # still needs the warehouse area
    box.setCurrentIndex(box.findData(False))
    box.activated.emit(box.currentIndex())
    assert screening.change.isVisibleTo(screening)
    assert screening.change.text() == "本次修改：公共海外仓 → 不符合"
    table = screening.measures
    rows = {table.item(row, 0).text(): row for row in range(table.rowCount())}
    changed = table.item(rows["CD-5"], 2).background().color().name()
    assert changed == "#fff3c4"
    assert table.item(rows["CD-2A"], 2).background().style() == Qt.BrushStyle.NoBrush
    window.workspace.go_to_step(3)
    assert _change_column(window) == {"CD-5": "→ 不符合"}
    assert "（本次修改：合计不变）" in window.results_page.total.text()


def test_a_role_ticked_shows_what_it_changed(window: MainWindow) -> None:
    window.document.load_data(_sample(), None)
    firm = window.firm_page
    assert not firm.change.isVisibleTo(firm)
    firm.roles["trader"].click()  # the trader measures go
    assert firm.change.isVisibleTo(firm)
    assert "做大做强(跨境电商贸易企业) 取消 2,000,000" in firm.change.text()


def test_compare_names_ceilings_and_vanished_awards() -> None:
    catalog = bundled_catalog()
    data = _sample()

    def result(**facts: object):
        changed = {**data, "facts": {**data["facts"], **facts}}
        return evaluate_firm(parse_firm(changed, catalog), catalog)

    base = result()
    more_interest = compare(base, result(loan_interest_paid="1600000"), "facts.loan_interest_paid")
    assert more_interest.measures["CD-9"].text() == "最高 +200,000"
    assert (more_interest.total, more_interest.total_up_to) == (Decimal(0), Decimal(200000))
    claimed = compare(base, base, None)
    assert not claimed and claimed.totals_text() == "合计不变"
    small = compare(base, result(cbec_transaction="100"), "facts.cbec_transaction")
    assert small.measures["CD-2A"].text() == "取消 2,000,000"
    assert small.total == Decimal(-2000000)
    assert compare(None, base, "facts.x").measures == {}  # another firm: nothing to compare with


def test_an_award_not_yet_counted_says_so_beside_its_change() -> None:
    """6000万 of 四川造 export with the platform part unknown: 1,000,000 is shown but not yet in the total."""
    catalog = bundled_catalog()
    data = _sample(
        sichuan_made_export=None, sichuan_made_export_programme=None, programme_platform_gmv_usd=None
    )

    def result(**facts: object):
        return evaluate_firm(parse_firm({**data, "facts": {**data["facts"], **facts}}, catalog), catalog)

    change = compare(result(), result(sichuan_made_export="60000000"), "facts.sichuan_made_export")
    assert change.measures["CD-3B"].text() == "新增 1,000,000(暂不计入)"
    assert change.total == Decimal(0) and change.totals_text() == "合计不变"


def test_the_change_line_never_squeezes_the_figure_it_is_about(window: MainWindow, qtbot) -> None:
    """Typed key by key on X11 under openbox, the change line appeared under the first figure and the form
    kept the row's old height: the field was drawn half its height over its help text. Offscreen the old
    form happened to lay out right; this keeps the rows' own heights (FigureRow.fit) doing the job."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window.files.new_file()
    document = window.document
    document.set_firm_field("roles", ["trader"])
    document.commit_edit()
    window.workspace.go_to_step(2)
    page = window.data_page
    field = page.fields["cbec_transaction"].edit
    field.setFocus()
    for key in "320000000":
        qtbot.keyClick(field, key)
        qtbot.wait(5)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.wait(50)
    QApplication.processEvents()
    assert page.changes["cbec_transaction"].isVisible()
    for key, row in page.rows.items():
        if row.isVisible():
            layout = row.layout()
            assert row.height() >= layout.totalHeightForWidth(row.width()), key
            assert page.fields[key].edit.height() >= page.fields[key].edit.sizeHint().height(), key
