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

from desktop.catalog.describe import describe_call
from desktop.engine import Status
from desktop.engine.calls import guides_of, receiving_bureau
from desktop.gui.document import FirmDocument
from desktop.gui.field_names import readable
from desktop.gui.fields import heading_label, money_text, set_style, without_keys
from desktop.gui.i18n import is_english
from desktop.gui.measure_model import MeasureTableModel
from desktop.gui.status_text import status_label


class ResultsPage(QWidget):
    """The engine's result as a table, recalculated on every edit; the guide's amount is typed in the table."""

    def __init__(self, document: FirmDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.heading = heading_label(self)
        self.total = QLabel(self)
        self.total.setWordWrap(True)
        # the firm-level warnings (support or history naming another city's measure, ruling 20)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b9770e;")
        self.warnings.setVisible(False)
        self.call = QLabel(self)  # what this year's annual guides say of the call, their notes included
        self.call.setWordWrap(True)
        self.call.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = MeasureTableModel(self)
        self.model.claim_edited.connect(self._claim_edited)
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
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        self.table.setAlternatingRowColors(True)
        self.table.setColumnHidden(self.model.ID, True)  # the code is the title's tooltip, not a column
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.model.TITLE, QHeaderView.ResizeMode.Stretch)
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
        layout.addWidget(self.call)
        layout.addWidget(self.warnings)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        document.replaced.connect(self._forget_selection)
        self._forget = False
        self.retranslate()

    def _claim_edited(self, measure_id: str, amount: str | None) -> None:
        self.document.set_claim(measure_id, amount)
        self.document.commit_edit()  # an amount entered in the table is a whole edit

    def _forget_selection(self) -> None:
        self._forget = True  # another firm: its own first measure is shown, not the last firm's

    def first_field(self) -> QWidget:
        """Return the table."""
        return self.table

    def focus_chain(self) -> list[QWidget]:
        """Return the table, then the reasons."""
        return [self.table, self.details]

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
            self._forget = False
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._show_details()

    def refresh(self) -> None:
        """Show the current result, keeping the selected measure (and the scroll position) after an edit."""
        selected = None if self._forget else self.selected_id()
        self._forget = False
        result = self.document.result
        self.model.catalog = self.document.catalog
        self.model.set_result(
            result, self.document.data.get("claims"), self.document.field_errors, self.document.changes
        )
        for column in (self.model.STATUS, self.model.AWARD, self.model.CHANGE, self.model.CLAIM):
            self.table.resizeColumnToContents(column)
        colour = "#555555"
        if result is None:
            problems = "；".join(without_keys(p.message) for p in self.document.problems[:3])
            self.total.setText(self.tr("企业信息有误，暂无法测算：") + problems)
            colour = "#c0392b"
        else:
            text = self.tr("合计 {total}").format(total=money_text(result.total))
            if result.total_up_to:
                text += self.tr("，另有最高额 {up_to} 待年度指南确定").format(
                    up_to=money_text(result.total_up_to)
                )
            if self.document.changes:
                text += self.tr("（本次修改：{totals}）").format(totals=self.document.changes.totals_text())
            self.total.setText(text)
            if result.total or result.total_up_to:
                colour = "#1e7b34"
        set_style(self.total, f"font-size: 15px; font-weight: bold; color: {colour};")
        warnings = result.warnings if result is not None else []
        self.warnings.setText("\n".join(f"⚠ {without_keys(warning)}" for warning in warnings))
        self.warnings.setVisible(bool(warnings))
        self._show_call()
        if selected is None or self.model.row_of(selected) is None:
            eligible = [r.id for r in self.model.rows if r.status is Status.ELIGIBLE and r.counted]
            selected = (eligible or [r.id for r in self.model.rows] or [None])[0]
        if selected is not None and selected != self.selected_id():
            self.select(selected)
        self._show_details()

    def _show_call(self) -> None:
        """Show each annual guide in use: its counting period, windows, how to submit, its notes, and
        the bureau that receives the firm's application."""
        result, firm = self.document.result, self.document.firm
        guides = guides_of(result.measures) if result is not None else []
        lines = []
        for guide in guides:
            heading = self.tr("年度指南《{name}》").format(name=guide.guide)
            lines.append(f"<b>{escape(heading)}</b>")
            lines.extend(escape(line) for line in describe_call(guide))
        if guides and firm is not None:
            bureau = receiving_bureau(firm, guides, self.document.catalog)
            lines.append(escape(self.tr("受理单位：{bureau}").format(bureau=bureau)))
        self.call.setText("<br>".join(lines))
        self.call.setVisible(bool(lines))

    def _show_details(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            self.details.clear()
            return
        result = self.model.rows[row]
        measure = result.measure
        title = measure.title_en if is_english() else measure.title
        catalog = self.document.catalog
        parts = [
            f"<h3>{escape(title)} — {escape(status_label(result))}</h3>",
            f"<p><b>{escape(result.jurisdiction.name)}《{escape(result.jurisdiction.document)}》"
            f"{escape(measure.clause)}</b><br><i>“{escape(measure.quote)}”</i></p>",
            "<pre style='font-family: inherit; white-space: pre-wrap;'>"
            + escape(readable("\n".join(result.reasons()), catalog))
            + "</pre>",
        ]
        problems = [p for p in self.document.problems if p.where.startswith(f"claims.{result.id}")]
        for problem in problems:
            parts.append(f"<p style='color:#c0392b;'>✗ {escape(readable(problem.message, catalog))}</p>")
        self.details.setHtml("".join(parts))
