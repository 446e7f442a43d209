"""The catalog window: the documents and guides in use (import, remove) and every measure with its clause."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.gui.catalog_files import CatalogFilesPanel
from desktop.gui.geometry import available_geometry, fitted_size
from desktop.gui.i18n import is_english

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog


class CatalogDialog(QWidget):
    """A window listing the documents and guides in use (import, remove) and every measure of the
    catalog with its clause, validity and award rule."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.resize(fitted_size(available_geometry(parent), QSize(1100, 640)))
        self.files = CatalogFilesPanel(catalog, parent=self)
        self.files.catalog_changed.connect(self.show_measures)
        self.table = QTableWidget(0, 5, self)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        layout.addWidget(self.files, 1)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 2)
        self.show_measures(catalog)

    def show_measures(self, catalog: Catalog) -> None:
        """List every measure of every document, oldest document first within a jurisdiction."""
        from desktop.catalog.describe import describe_award, describe_window, jurisdiction_heading

        measures = [(j, m) for docs in catalog.documents.values() for j in docs for m in j.measures]
        self.table.setRowCount(len(measures))
        english = is_english()
        for row, (jurisdiction, measure) in enumerate(measures):
            values = [
                measure.id,
                measure.title_en if english else measure.title,
                f"{jurisdiction_heading(jurisdiction)} {measure.clause}",
                describe_window(jurisdiction),
                describe_award(measure, catalog),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(f"《{jurisdiction.document}》{measure.quote}")
                self.table.setItem(row, column, item)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.setWindowTitle(self.tr("政策目录 {version}").format(version=catalog.version))
        self.intro.setText(self.tr("悬停查看条款原文。共 {count} 项措施。").format(count=len(measures)))
        self.table.setHorizontalHeaderLabels(
            [self.tr("编号"), self.tr("措施"), self.tr("条款"), self.tr("有效期"), self.tr("奖励规则")]
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()  # a window of its own, so Esc is not handled for it as for a dialog
            return
        super().keyPressEvent(event)
