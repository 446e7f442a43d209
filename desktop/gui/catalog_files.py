"""The 政策目录 window's files: bundled and added documents and guides, import with a preview, removal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import CatalogError

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog, CatalogFile
    from desktop.firm import FirmFile

YAML_FILTER = "政策文件或年度指南 / Policy documents and guides (*.yaml *.yml)"


class CatalogFilesPanel(QWidget):
    """Every document and guide in use with its validity, application window and origin; buttons to
    import a file (checked, and its changes shown, before it is installed) and remove an added one."""

    catalog_changed = Signal(object)  # the new Catalog

    def __init__(self, catalog: Catalog, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.folder = folder
        self.open_firm: Callable[[], FirmFile | None] = lambda: None  # whose awards an import preview shows
        self.table = QTableWidget(0, 7, self)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.skipped = QLabel(self)
        self.skipped.setWordWrap(True)
        self.skipped.setStyleSheet("color: #c0392b")
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.skipped)
        layout.addLayout(buttons)
        self.retranslate()
        self.show_catalog(catalog)

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.import_button.setText(self.tr("导入政策文件…"))
        self.remove_button.setText(self.tr("删除所选"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("类型"),
                self.tr("名称"),
                self.tr("辖区"),
                self.tr("有效期 / 业绩年度"),
                self.tr("申报时间"),
                self.tr("来源"),
                self.tr("添加人与时间"),
            ]
        )

    def show_catalog(self, catalog: Catalog) -> None:
        """List the catalog's files and the files skipped at start-up."""
        from desktop.catalog.describe import describe_window

        self.catalog = catalog
        self.table.setRowCount(len(catalog.files))
        for row, item in enumerate(catalog.files):
            if item.document is not None:
                key, validity, window = item.document.key, describe_window(item.document), ""
            else:
                assert item.guide is not None
                key, validity = (
                    item.guide.jurisdiction,
                    self.tr("{year} 业绩年度").format(year=item.guide.year),
                )
                windows = [item.guide.application_window] + [
                    m.application_window for m in item.guide.measures.values()
                ]
                window = "；".join(dict.fromkeys(w.text() for w in windows if w is not None))
            name = catalog.jurisdictions[key].name if key in catalog.jurisdictions else key
            values = [item.kind_label, item.name, name, validity, window, item.origin, item.who_added]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(str(item.path))
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        for column in range(self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lines = [f"{Path(e.source).name}：{p}" for e in catalog.skipped for p in e.problems]
        self.skipped.setText(self.tr("已跳过损坏的文件：") + "\n" + "\n".join(lines) if lines else "")
        self.skipped.setVisible(bool(lines))
        self._update_buttons()

    def selected(self) -> CatalogFile | None:
        """Return the file of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.catalog.files[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        from desktop.catalog.loader import ADDED

        chosen = self.selected()
        self.remove_button.setEnabled(chosen is not None and chosen.origin == ADDED)

    def choose_file(self) -> None:
        """Ask for a YAML file and import it."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入政策文件"), "", YAML_FILTER)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Check the file against the catalog in use; show every problem, or what it changes (rules
        per measure and year, the open firm's awards before → after) and install exactly what was
        checked when the user agrees. Return True when it was installed."""
        from desktop.catalog.added import catalog_in_use, check_file
        from desktop.catalog.changes import preview
        from desktop.catalog.install import install

        try:
            checked = check_file(path, self.catalog)
        except CatalogError as exc:
            QMessageBox.warning(
                self, self.tr("文件有误，未导入"), self.tr("发现以下问题：") + "\n" + "\n".join(exc.lines())
            )
            return False
        item = checked.item
        shown = preview(item, self.catalog)
        text = self.tr("导入{kind}《{name}》？导入后：").format(kind=item.kind_label, name=item.name)
        text += "\n" + "\n".join(f"{'!' if line in shown.to_confirm else '·'} {line}" for line in shown.lines)
        firm_lines = self._open_firm_changes(item)
        if firm_lines is not None:
            text += "\n\n" + (
                self.tr("当前企业的金额变化：") + "\n" + "\n".join(f"· {line}" for line in firm_lines)
                if firm_lines
                else self.tr("当前企业的金额：不变")
            )
        if shown.needs_confirmation:
            text += "\n\n" + self.tr("标 ! 的变化改变已有年度或内置文件措施的规则，请核对后确认。")
        answer = QMessageBox.question(
            self,
            self.tr("导入政策文件"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel if shown.needs_confirmation else QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            install(checked, self.folder)
        except CatalogError as exc:
            QMessageBox.warning(self, self.tr("未导入"), "\n".join(exc.lines()))
            return False
        self._changed(catalog_in_use(self.folder))
        return True

    def _open_firm_changes(self, item: CatalogFile) -> list[str] | None:
        """Return the open firm's award changes if ``item`` were installed (None without a valid firm)."""
        from desktop.catalog.added import extend
        from desktop.catalog.changes import firm_result_changes
        from desktop.engine import evaluate_firm
        from desktop.errors import GrantDeskError

        firm = self.open_firm()
        if firm is None:
            return None
        try:
            before = evaluate_firm(firm, self.catalog)
            after = evaluate_firm(firm, extend(self.catalog, [item]))
        except (GrantDeskError, KeyError):
            return None
        return firm_result_changes(firm.firm.name or self.tr("当前企业"), firm.year, before, after)

    def remove_selected(self) -> bool:
        """Remove the selected added file after asking; return True when it was removed."""
        from desktop.catalog.added import catalog_in_use
        from desktop.catalog.install import remove_file

        item = self.selected()
        if item is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("删除"),
            self.tr("删除{kind}《{name}》？相关措施将恢复按其余文件计算。").format(
                kind=item.kind_label, name=item.name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            remove_file(item.name, self.folder)
        except CatalogError as exc:
            QMessageBox.warning(self, self.tr("未删除"), "\n".join(exc.lines()))
            return False
        self._changed(catalog_in_use(self.folder))
        return True

    def _changed(self, catalog: Catalog) -> None:
        self.show_catalog(catalog)
        self.catalog_changed.emit(catalog)
