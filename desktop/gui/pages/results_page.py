"""Step 4, 测算结果: every measure's status and award, the totals, and the reasons of the selected one."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.document import FirmDocument
from desktop.gui.fields import heading_label
from desktop.gui.i18n import is_english
from desktop.gui.measure_model import MeasureTableModel, status_label
from desktop.money import format_grouped


class ResultsPage(QWidget):
    """The engine's result as a table, recalculated on every edit; the guide's amount is typed in the table."""

    def __init__(self, document: FirmDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.heading = heading_label(self)
        self.total = QLabel(self)
        self.total.setStyleSheet("font-size: 15px; font-weight: bold; color: #1e7b34;")
        self.total.setWordWrap(True)
        self.model = MeasureTableModel(self)
        self.model.claim_edited.connect(self.document.set_claim)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.total)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(self.tr("测算结果"))
        self.model.english = is_english()
        self.refresh()

    def selected_id(self) -> str | None:
        """Return the id of the selected measure, or None."""
        row = self.table.currentIndex().row()
        return self.model.rows[row].id if 0 <= row < len(self.model.rows) else None

    def select(self, measure_id: str) -> None:
        """Select a measure's row and show its reasons."""
        row = self.model.row_of(measure_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._show_details()

    def refresh(self) -> None:
        """Show the current result, keeping the selected measure."""
        selected = self.selected_id()
        result = self.document.result
        self.model.set_result(result)
        for column in (0, 2, 3, 4):
            self.table.resizeColumnToContents(column)
        if result is None:
            self.total.setText(
                self.tr("企业信息有误，暂无法测算：") + "；".join(str(p) for p in self.document.problems[:3])
            )
        else:
            text = self.tr("合计 {total} 元").format(total=format_grouped(result.total))
            if result.total_up_to:
                text += self.tr("，另有最高额 {up_to} 元待年度指南确定").format(
                    up_to=format_grouped(result.total_up_to)
                )
            self.total.setText(text)
        if selected:
            self.select(selected)
        elif self.model.rows:
            self.select(self.model.rows[0].id)
        else:
            self.details.clear()

    def _show_details(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            self.details.clear()
            return
        result = self.model.rows[row]
        measure = result.measure
        title = measure.title_en if is_english() else measure.title
        parts = [
            f"<h3>{escape(result.id)} {escape(title)} — {escape(status_label(result))}</h3>",
            f"<p><b>{escape(result.jurisdiction.name)}《{escape(result.jurisdiction.document)}》"
            f"{escape(measure.clause)}</b><br><i>“{escape(measure.quote)}”</i></p>",
            "<pre style='font-family: inherit; white-space: pre-wrap;'>"
            + escape("\n".join(result.reasons()))
            + "</pre>",
        ]
        problems = [p for p in self.document.problems if p.where.startswith(f"claims.{result.id}")]
        for problem in problems:
            parts.append(f"<p style='color:#c0392b;'>✗ {escape(problem.message)}</p>")
        self.details.setHtml("".join(parts))
