"""Issue 15: a clerk on a small Chinese screen can do the whole job by keyboard or mouse, in one language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QTextBrowser,
    QTreeWidget,
    QWidget,
)

from desktop.catalog import bundled_catalog
from desktop.credit_code import credit_code_problem
from desktop.gui.i18n import set_language
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings, documents_dir
from desktop.paths import samples_dir
from tests.gui.conftest import Answers


def _set_text(edit: QLineEdit, text: str) -> None:
    edit.setText(text)
    edit.textEdited.emit(text)


def _window(
    qtbot, tmp_path: Path, screen: QRect | None = None, settings: Settings | None = None
) -> MainWindow:
    main = MainWindow(bundled_catalog(), settings or Settings(tmp_path / "s.ini"), screen_area=screen)
    qtbot.addWidget(main)
    main.show()
    return main


# -- the detail pane always belongs to the firm on screen ---------------------------------------------


def test_detail_pane_follows_open_and_new(window: MainWindow) -> None:
    measures = window.document.catalog.measures
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.steps.setCurrentRow(3)
    window.results_page.select("CD-2A")
    assert measures["CD-2A"].title in window.results_page.details.toPlainText()
    window.files.open_path(samples_dir() / "lianyungang-brand.json", ask=False)
    details = window.results_page.details.toPlainText()
    assert measures["CD-2A"].title not in details and "2,000,000" not in details
    assert details.startswith(measures[window.results_page.selected_id()].title)
    # New from another step, then a city of another province: the pane is refreshed when shown.
    window.workspace.steps.setCurrentRow(0)
    window.files.new_file()
    city = window.firm_page.city
    city.setCurrentIndex(city.findData("chengdu"))
    window.workspace.steps.setCurrentRow(3)
    shown = window.results_page.selected_id()
    assert not shown.startswith("LYG") and window.results_page.details.toPlainText().startswith(
        measures[shown].title
    )


def test_first_selected_measure_is_an_eligible_one(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.steps.setCurrentRow(3)
    page = window.results_page
    result = window.document.result.get(page.selected_id())
    assert result.status.name == "ELIGIBLE"


# -- fits the screen ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width,height", [(1366, 728), (1280, 680)])
def test_window_fits_a_small_screen(qtbot, tmp_path: Path, width: int, height: int) -> None:
    screen = QRect(0, 0, width, height)  # available area: 1366×768 and 1280×720 less a 40 px taskbar
    main = _window(qtbot, tmp_path, screen)
    frame = QRect(main.pos(), main.size() + QRect(0, 0, 16, 40).size())
    assert screen.contains(frame), (main.size(), screen)
    assert main.minimumSizeHint().height() <= main.height() and main.minimumSizeHint().width() <= main.width()
    status = main.statusBar()
    assert status.isVisible() and status.geometry().bottom() <= main.height()
    assert main.rect().contains(status.geometry()) and main.total_label.isVisible()
    for size in (main.size(), main.minimumSize()):  # as opened, and at the smallest it allows
        main.resize(size)
        QApplication.processEvents()
        for row in range(6):  # every page fits without being cut: its minimum fits in the stack
            main.workspace.steps.setCurrentRow(row)
            page = main.workspace.pages[row]
            assert page.minimumSizeHint().height() <= main.workspace.stack.height(), (row, size)
            assert page.minimumSizeHint().width() <= main.workspace.stack.width(), (row, size)


def test_remembered_geometry_is_used_only_if_it_fits(qtbot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "geometry.ini")
    big = _window(qtbot, tmp_path, QRect(0, 0, 1920, 1040), settings)
    big.resize(1800, 1000)
    settings.geometry = big.saveGeometry()
    small = _window(qtbot, tmp_path, QRect(0, 0, 1366, 728), settings)
    assert small.width() <= 1366 - 16 and small.height() <= 728 - 40
    assert small.pos().x() >= 0 and small.pos().y() >= 0


def test_catalog_window_fits_and_closes_with_escape(qtbot, tmp_path: Path) -> None:
    main = _window(qtbot, tmp_path, QRect(0, 0, 1366, 728))
    main.show_catalog()
    catalog = main.catalog_window
    assert catalog.height() <= 728 - 40 and catalog.width() <= 1366
    qtbot.waitExposed(catalog)
    catalog.activateWindow()
    qtbot.keyClick(catalog, Qt.Key.Key_Escape)
    assert not catalog.isVisible()


# -- one language at a time --------------------------------------------------------------------------


def test_standard_buttons_speak_chinese(window: MainWindow) -> None:
    box = QMessageBox(window)
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    assert box.button(QMessageBox.StandardButton.Save).text().startswith("保存")
    assert box.button(QMessageBox.StandardButton.Cancel).text().startswith("取消")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    assert buttons.button(QDialogButtonBox.StandardButton.Yes).text().startswith("是")
    assert buttons.button(QDialogButtonBox.StandardButton.No).text().startswith("否")
    buttons.deleteLater()


KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b(?:firm|facts|claims)\.[a-z]")


def _texts(widget: QWidget) -> list[str]:
    """Every text a clerk can see on a widget and its children: text, tooltips, items, cells."""
    found: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        found += [child.toolTip(), child.windowTitle(), child.statusTip()]
        if isinstance(child, (QLabel, QAbstractButton)):
            found.append(child.text())
        if isinstance(child, QLineEdit):
            found.append(child.placeholderText())
            if not child.text().startswith(("/", "\\")):  # folders are the user's own
                found.append(child.text())
        if isinstance(child, QGroupBox):
            found.append(child.title())
        if isinstance(child, QComboBox):
            found += [child.itemText(i) for i in range(child.count())]
        if isinstance(child, QTreeWidget):
            for i in range(child.topLevelItemCount()):
                item = child.topLevelItem(i)
                found += [item.text(c) for c in range(child.columnCount())]
                found += [item.toolTip(c) for c in range(child.columnCount())]
        if isinstance(child, QTableView) and child.model() is not None:
            model = child.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    index = model.index(r, c)
                    found += [str(index.data() or ""), str(index.data(Qt.ItemDataRole.ToolTipRole) or "")]
        if isinstance(child, QTextBrowser):
            found.append(child.toPlainText())
    return [text for text in found if text]


@pytest.mark.parametrize(
    "sample",
    ["", "chengdu-trader.json", "lianyungang-brand.json", "suzhou-brand.json", "deyang-manufacturer.json"],
)
def test_no_internal_key_on_any_page(window: MainWindow, sample: str) -> None:
    if sample:
        window.files.open_path(samples_dir() / sample, ask=False)
    else:  # a new firm with a bad code, a bad date and a refused approved amount shows messages too
        _set_text(window.firm_page.edits["credit_code"], "123")
        _set_text(window.firm_page.established, "2024-02-30")
    for row in range(6):
        window.workspace.steps.setCurrentRow(row)
        for text in [*_texts(window.workspace.pages[row]), window.windowTitle(), window.total_label.text()]:
            assert not KEY.search(text), (row, text)


def test_english_mode_is_english(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.language_menu.switch_to("en")
    cjk = re.compile(r"[\u4e00-\u9fff]")
    title = window.windowTitle().replace(window.document.data["firm"]["name"], "")
    assert "CBEC Grant Desk" in title and not cjk.search(title)
    assert not cjk.search(window.total_label.text()) and "CNY" in window.total_label.text()
    assert not cjk.search(window.results_page.total.text())
    for row in range(6):
        window.workspace.steps.setCurrentRow(row)
        assert not cjk.search(window.workspace.steps.item(row).text())
    for label in window.firm_page.labels.values():
        assert label.text()[0].isupper(), label.text()
    for box in window.firm_page.roles.values():
        assert not box.text()[0].islower(), box.text()
    for key, label in window.data_page.labels.items():
        assert not cjk.search(label.text()) and not label.text()[0].islower(), key
    for key, help_label in window.data_page.helps.items():
        assert not cjk.search(help_label.text().split("Used by:")[0]), key
    data = window.data_page.fields["cbec_transaction"]
    assert "元" not in data.preview.text() and "CNY" in data.preview.text()
    window.language_menu.switch_to("zh")
    assert "跨境电商政策申报助手" in window.windowTitle()


def test_title_names_the_firm_once(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    title = window.windowTitle()
    assert title.count("跨境电商政策申报助手") == 1 and "CBEC" not in title
    assert "chengdu-trader.json" in title and "未保存" not in title
    window.files.new_file()
    assert "未保存" not in window.windowTitle() and "(" not in window.windowTitle()


# -- keyboard ----------------------------------------------------------------------------------------


def _focus(qtbot, window: MainWindow, widget: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def test_tab_runs_through_the_firm_page_and_back_to_the_steps(window: MainWindow, qtbot) -> None:
    firm = window.firm_page
    _focus(qtbot, window, window.workspace.steps)
    seen: list[QWidget] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is window.workspace.steps:
            break
        seen.append(widget)
    else:
        pytest.fail(f"Tab never came back to the step list: {[type(w).__name__ for w in seen]}")
    wanted = [firm.edits["name"], firm.edits["credit_code"], firm.city, firm.district, firm.year]
    wanted += [firm.established, firm.calendar_button, *firm.roles.values(), *firm.answers.values()]
    wanted += [firm.edits[k] for k in ("legal_representative", "contact_person", "contact_phone")]
    wanted += [firm.edits[k] for k in ("address", "bank_name", "bank_account")]
    assert [w for w in seen if w is not None] == [w.focusProxy() or w for w in wanted]


def test_step_keys(window: MainWindow, qtbot) -> None:
    name = window.firm_page.edits["name"]
    _focus(qtbot, window, name)
    qtbot.keyClick(name, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.steps.currentRow() == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.steps.currentRow() == 3
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.steps.currentRow() == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.steps.currentRow() == 0 and name.hasFocus()
    qtbot.keyClick(name, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # never types "2" into the field
    assert window.workspace.steps.currentRow() == 1 and name.text() == ""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.steps.currentRow() == 5


def test_enter_moves_to_the_next_field(window: MainWindow, qtbot) -> None:
    firm = window.firm_page
    _focus(qtbot, window, firm.edits["name"])
    qtbot.keyClick(firm.edits["name"], Qt.Key.Key_Return)
    assert firm.edits["credit_code"].hasFocus()
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.go_to_step(2)
    first = QApplication.focusWidget()
    assert isinstance(first, QLineEdit)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is not first and isinstance(QApplication.focusWidget(), QLineEdit)


# -- entry -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("2024-03-15", "2024-03-15"),
        ("2024/3/15", "2024-03-15"),
        ("2024年3月15日", "2024-03-15"),
        ("20240315", "2024-03-15"),
        ("2024.3.5", "2024-03-05"),
    ],
)
def test_dates_as_people_type_them(window: MainWindow, typed: str, stored: str) -> None:
    _set_text(window.firm_page.established, typed)
    assert window.document.data["firm"]["established"] == stored
    assert not window.firm_page.established.property("error")


def test_impossible_and_late_dates(window: MainWindow) -> None:
    firm = window.firm_page
    _set_text(firm.established, "2024-02-30")
    assert "不存在" in firm.established_status.text() and "29" in firm.established_status.text()
    assert "格式" not in firm.established_status.text() and firm.established.property("error")
    firm.year.setValue(2023)
    _set_text(firm.established, "2024-03-15")
    assert "晚于业绩年度" in firm.established_status.text()


def test_calendar_sets_the_date(window: MainWindow) -> None:
    firm = window.firm_page
    firm.calendar_button.click()
    assert firm.calendar.isVisible()
    firm.calendar.clicked.emit(QDate(2021, 5, 10))
    assert window.document.data["firm"]["established"] == "2021-05-10"
    assert firm.established.text() == "2021-05-10" and not firm.calendar.isVisible()


def test_pasted_credit_code_with_spaces_keeps_every_character(window: MainWindow, qtbot) -> None:
    edit = window.firm_page.edits["credit_code"]
    _focus(qtbot, window, edit)
    QApplication.clipboard().setText(" 91510100MA6CDRM0TN ")
    edit.paste()
    assert edit.text() == "91510100MA6CDRM0TN"
    assert window.document.data["firm"]["credit_code"] == "91510100MA6CDRM0TN"
    assert "校验位正确" in window.firm_page.credit_status.text()


def test_new_firm_is_not_red_before_anything_is_typed(window: MainWindow) -> None:
    firm = window.firm_page
    window.files.new_file()
    widgets = [*firm.edits.values(), firm.established]
    assert not any(w.property("error") for w in widgets)
    assert credit_code_problem(firm.edits["credit_code"].placeholderText())  # a hint, not a real code
    assert not re.search(r"\d{4}-\d{2}-\d{2}", firm.established.placeholderText())
    firm.edits["name"].editingFinished.emit()  # visited and left empty: now it is flagged
    assert firm.edits["name"].property("error")


def test_fields_do_not_move_when_flagged(window: MainWindow) -> None:
    edit = window.firm_page.edits["credit_code"]
    window.firm_page.year.show()
    before = edit.sizeHint().height()
    _set_text(edit, "91510100MA6CDRM0TA")
    assert edit.property("error") and edit.sizeHint().height() == before
    assert window.firm_page.year.sizeHint().width() < 200 and window.firm_page.year.width() < 300


# -- money -------------------------------------------------------------------------------------------


def test_refused_approved_amount_stays_in_its_cell(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.steps.setCurrentRow(3)
    model = window.results_page.model
    index = model.index(model.row_of("CD-9"), model.CLAIM)
    assert model.setData(index, "700,000")
    index = model.index(model.row_of("CD-9"), model.CLAIM)
    assert "700,000" in index.data()
    assert "超过本项最高额" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert index.data(Qt.ItemDataRole.EditRole) == "700,000"
    assert window.document.data["claims"]["CD-9"] == "700000"


def test_table_keeps_its_place_after_an_edit(window: MainWindow, qtbot) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.steps.setCurrentRow(3)
    page = window.results_page
    page.table.setFixedHeight(110)
    QApplication.processEvents()
    bar = page.table.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    page.select("CD-9")
    position = bar.value()
    model = page.model
    assert model.setData(model.index(model.row_of("CD-9"), model.CLAIM), "450000")
    QApplication.processEvents()
    assert bar.value() == position and page.selected_id() == "CD-9"


def test_zero_total_packet_writes_the_service_list_without_asking(
    window: MainWindow, answers: Answers, qtbot, tmp_path: Path
) -> None:
    """Every money measure ruled out: no 人民币零元整 申报书 to confirm, the 政策服务清单 instead."""
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    data["facts"], data["firm"]["roles"] = {}, []
    window.document.load_data(data, None)
    assert window.document.result.total == 0
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    page.start()
    assert page.job is not None and answers == []
    with qtbot.waitSignal(page.job.succeeded, timeout=30000):
        pass
    (folder,) = (tmp_path / "out").iterdir()
    assert (folder / "01_政策服务清单.docx").is_file() and not (folder / "01_申报书.docx").exists()


def test_an_edit_shows_what_it_changed(window: MainWindow) -> None:
    firm = window.firm_page
    _set_text(firm.edits["name"], "成都测试跨境科技有限公司")
    _set_text(firm.edits["credit_code"], "91510100MA6CDRM0TN")
    firm.roles["trader"].click()
    window.workspace.steps.setCurrentRow(2)
    data = window.data_page
    _set_text(data.fields["cbec_transaction_prior"].edit, "40000000")
    window.document.commit_edit()
    field = data.fields["cbec_transaction"]
    _set_text(field.edit, "60000000")
    window.document.commit_edit()  # the field left
    assert data.changes["cbec_transaction"].isVisibleTo(data)
    assert "做大做强(跨境电商贸易企业) 新增 500,000" in data.changes["cbec_transaction"].text()
    assert not data.changes["cbec_transaction_prior"].isVisibleTo(data)
    _set_text(field.edit, "200000001")  # from the 500,000 tier to the 2,000,000 one
    window.document.commit_edit()
    assert "做大做强(跨境电商贸易企业) +1,500,000" in data.changes["cbec_transaction"].text()
    window.workspace.steps.setCurrentRow(3)
    model = window.results_page.model
    assert model.index(model.row_of("CD-2A"), model.CHANGE).data() == "+1,500,000"
    assert model.index(model.row_of("CD-2A"), model.AWARD).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "+1,500,000" in window.results_page.total.text()
    window.files.open_path(
        samples_dir() / "lianyungang-brand.json", ask=False
    )  # another firm: no differences
    assert not any(model.index(r, model.CHANGE).data() for r in range(model.rowCount()))


def test_step_list_marks(window: MainWindow) -> None:
    def marks() -> list[str]:
        return [window.workspace.steps.item(r).text().split()[-1] for r in range(5)]

    assert not any(mark in ("✓", "!") for mark in marks())
    _set_text(window.firm_page.edits["credit_code"], "91510100MA6CDRM0TA")
    assert marks()[0] == "!"
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    assert marks()[0] == "✓" and marks()[3] == "✓"
    assert window.workspace.steps.item(0).toolTip() == "已完成"


def test_total_is_grey_at_zero(window: MainWindow) -> None:
    window.workspace.steps.setCurrentRow(3)
    assert "#1e7b34" not in window.results_page.total.styleSheet()
    assert "#1e7b34" not in window.total_label.styleSheet()
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    assert "#1e7b34" in window.results_page.total.styleSheet()


# -- where the clerk left off --------------------------------------------------------------------------


def test_later_start_reopens_the_last_firm(qtbot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "later.ini")
    first = _window(qtbot, tmp_path, settings=settings)
    first.start(None)
    first.files.open_path(samples_dir() / "suzhou-brand.json", ask=False)
    assert first.close()  # a later start: the first program has ended
    later = _window(qtbot, tmp_path, settings=settings)
    later.start(None)
    assert later.document.path == samples_dir() / "suzhou-brand.json"
    assert later.document.data["firm"]["city"] == "suzhou"


def test_file_dialogs_start_in_documents_then_the_last_folder(
    window: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    folders: list[str] = []
    chosen = tmp_path / "firms" / "a.json"
    chosen.parent.mkdir()
    chosen.write_text((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"), encoding="utf-8")

    def dialog(parent, caption, folder, *args, **kwargs):
        folders.append(folder)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    window.files.open_dialog()
    assert folders[0] == documents_dir()
    window.files.open_dialog()
    assert folders[1] == str(chosen.parent)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    window.files.save_as()
    assert Path(folders[2]).parent == chosen.parent


def test_command_line_with_just_a_firm_file_opens_the_window(monkeypatch, tmp_path: Path) -> None:
    import desktop.gui.app
    from desktop.app import main

    opened: list[object] = []
    monkeypatch.setattr(desktop.gui.app, "run", lambda path=None, self_test=False: opened.append(path) or 0)
    firm = tmp_path / "企业.json"
    firm.write_text("{}", encoding="utf-8")
    assert main([str(firm)]) == 0
    assert opened == [firm]


def test_dropped_firm_file_is_opened(window: MainWindow, qtbot) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(samples_dir() / "mianyang-park.json"))])
    drop = QDropEvent(
        QPointF(QPoint(200, 200)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.document.path == samples_dir() / "mianyang-park.json", timeout=3000)


# -- packet and batch pages ----------------------------------------------------------------------------


def test_progress_is_not_full_while_pdfs_are_made_and_resets(window: MainWindow, tmp_path: Path) -> None:
    page = window.generate_page
    page._progress(8, 8, "PDF")
    assert page.progress.value() < page.progress.maximum() and "PDF" in page.message.text()
    page.progress.setValue(page.progress.maximum())  # a finished run
    _set_text(window.firm_page.edits["credit_code"], "123")
    page.start()
    assert page.progress.value() == 0 and "请先修正" in page.message.text()


def test_open_folder_failure_is_reported(window: MainWindow, monkeypatch, tmp_path: Path, qtbot) -> None:
    """xdg-open starts but finds no file manager (exit 3, after a moment): the clerk is told where to look."""
    tools = tmp_path / "bin"
    tools.mkdir()
    opener = tools / "xdg-open"
    opener.write_text("#!/bin/sh\nsleep 0.3\nexit 3\n", encoding="utf-8")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    page = window.generate_page
    page.last_folder = tmp_path
    page.open_folder.setEnabled(True)
    page.open_folder.click()
    assert page.message.text() == ""  # was: nothing said, ever
    qtbot.waitUntil(lambda: "请手动打开" in page.message.text(), timeout=6000)
    assert page.message.text() == f"无法打开文件夹（没有可用的文件管理器）。请手动打开：{tmp_path}"
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))  # no xdg-open at all: said at once
    page.message.clear()
    page.open_folder.click()
    assert "请手动打开" in page.message.text()


def test_open_folder_that_opens_says_nothing(window: MainWindow, monkeypatch, tmp_path: Path, qtbot) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "xdg-open").write_text(f'#!/bin/sh\necho "$1" > {tmp_path}/opened\n', encoding="utf-8")
    (tools / "xdg-open").chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    page = window.generate_page
    page.last_folder = tmp_path / "packet"
    page.open_folder.setEnabled(True)
    page.open_folder.click()
    qtbot.waitUntil(lambda: (tmp_path / "opened").exists(), timeout=6000)
    qtbot.wait(300)
    assert (tmp_path / "opened").read_text(encoding="utf-8").strip() == str(tmp_path / "packet")
    assert page.message.text() == ""


def test_blank_workbook_run_says_what_to_do(window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> None:
    page = window.batch_page
    blank = tmp_path / "blank.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blank), ""))
    page.blank.click()
    page.out.setText(str(tmp_path / "out"))
    page.start()
    qtbot.waitUntil(lambda: page.job is None, timeout=60000)
    assert "工作簿中没有企业" in page.message.text() and "第 3 行" in page.message.text()
    set_language("zh")


def test_a_new_firm_by_keyboard_alone(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """The issue's 'done when': from nothing to a written packet without the mouse."""
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.document.dirty = False
    _focus(qtbot, window, window.workspace.steps)

    def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(QApplication.focusWidget(), k, modifier)

    def typed(text: str) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), text)

    key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    firm = window.firm_page
    assert firm.edits["name"].hasFocus() and window.document.data["firm"]["name"] == ""
    _set_text(firm.edits["name"], "成都键盘跨境科技有限公司")  # Chinese comes from the input method
    key(Qt.Key.Key_Return)
    typed("91510100ma6cdrm0tn")
    key(Qt.Key.Key_Return)
    assert firm.city.hasFocus()
    key(Qt.Key.Key_Tab)
    assert firm.district.hasFocus()
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Tab)
    assert firm.established.hasFocus()
    typed("2019/4/16")
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Tab)
    assert firm.roles["trader"].hasFocus()
    key(Qt.Key.Key_Space)
    firm_data = window.document.data["firm"]
    assert firm_data["credit_code"] == "91510100MA6CDRM0TN" and firm_data["established"] == "2019-04-16"
    assert firm_data["roles"] == ["trader"]
    key(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    data = window.data_page
    assert data.fields["cbec_transaction"].edit.hasFocus()
    typed("60000000")
    assert window.document.fact("cbec_transaction") == "60000000"
    key(Qt.Key.Key_Return)
    assert data.fields["cbec_transaction_prior"].edit.hasFocus()
    typed("40000000")
    assert window.document.result.total == 500000
    key(Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.steps.currentRow() == 3 and window.results_page.table.hasFocus()
    key(Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    assert page.generate.hasFocus()
    key(Qt.Key.Key_Space)
    assert page.job is not None, page.message.text()
    with qtbot.waitSignal(page.job.succeeded, timeout=30000):
        pass
    qtbot.waitUntil(lambda: page.open_folder.isEnabled(), timeout=5000)
    assert (tmp_path / "out" / "成都键盘跨境科技有限公司_2025" / "manifest.json").is_file()
    assert window.workspace.steps.item(4).text().endswith("✓")
    window.document.dirty = False
