"""Titles, not codes, wherever a clerk reads: tables, the detail pane, field help; the code stays a tooltip."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView, QTableWidget, QTextBrowser, QWidget

from desktop.catalog import bundled_catalog
from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir

CODE = re.compile(r"\b(?:" + "|".join(re.escape(code) for code in bundled_catalog().measures) + r")\b")


def visible_texts(page: QWidget) -> list[str]:
    """Return every text a clerk sees on a page: labels, buttons, table cells of shown columns, panes."""
    texts = [
        w.text()
        for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton)
        if w.isVisibleTo(page)
    ]
    texts += [w.toPlainText() for w in page.findChildren(QTextBrowser) if w.isVisibleTo(page)]
    for table in page.findChildren(QTableView):
        if not table.isVisibleTo(page):
            continue
        model = table.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                if not table.isColumnHidden(column):
                    texts.append(str(model.index(row, column).data() or ""))
    return texts


def test_no_measure_code_is_shown_on_any_step(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    edit = window.data_page.fields["sichuan_made_export"].edit
    edit.setText("6000万")
    edit.textEdited.emit(edit.text())
    window.document.commit_edit()  # the change lines name measures too
    for row in range(5):
        window.workspace.go_to_step(row)
        if row == 3:
            for measure in window.results_page.model.rows:  # every detail pane
                window.results_page.select(measure.id)
                shown = [text for text in visible_texts(window.workspace.pages[row]) if CODE.search(text)]
                assert shown == [], (measure.id, shown)
        shown = [text for text in visible_texts(window.workspace.pages[row]) if CODE.search(text)]
        assert shown == [], (row, shown)


def test_the_code_stays_in_the_tooltip(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.workspace.go_to_step(3)
    page = window.results_page
    page.select("CD-3B")
    details = page.details.toPlainText()
    assert details.startswith("“四川造”跨境电商出口 — 可申报")
    assert "（适用 “参与平台出海项目”）" in details.replace("(", "（").replace(")", "）")
    model = page.model
    title = model.index(model.row_of("CD-3B"), model.TITLE)
    assert title.data() == "“四川造”跨境电商出口" and "CD-3B" in title.data(Qt.ItemDataRole.ToolTipRole)
    screening: QTableWidget = window.screening_page.measures
    row = next(r for r in range(screening.rowCount()) if screening.item(r, 0).text() == "CD-3B")
    assert screening.isColumnHidden(0) and "CD-3B" in screening.item(row, 1).toolTip()


def test_titles_follow_the_language(window: MainWindow) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    window.language_menu.switch_to("en")
    window.workspace.go_to_step(3)
    window.results_page.select("CD-3B")
    assert "“Platform going-global programme”" in window.results_page.details.toPlainText()
    window.language_menu.switch_to("zh")
