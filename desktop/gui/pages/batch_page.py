"""Step 6, 批量申报: a consultant's workbook in, a packet per firm, the summary and error report out."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.batch.columns import FIRMS_SHEET, FIRST_DATA_ROW
from desktop.catalog.loader import Catalog
from desktop.errors import GrantDeskError
from desktop.gui.fields import heading_label, without_keys
from desktop.gui.settings import Settings
from desktop.gui.worker import start


class BatchJob(QObject):
    """Runs a batch on its own thread; worker processes do the firms."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, source: Path, out: Path, jobs: int, pdf: bool = False) -> None:
        super().__init__()
        self.source, self.out, self.jobs, self.pdf = source, out, jobs, pdf
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop starting new firms; firms already running finish, and reports are written."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        """Run the batch and report its outcome."""
        from desktop.batch.runner import run_batch

        try:
            report = run_batch(
                self.source,
                self.out,
                date.today(),
                jobs=self.jobs,
                progress=lambda done, total, outcome: self.progress.emit(
                    done, total, outcome.name or outcome.label
                ),
                cancelled=self._cancel.is_set,
                start_method="spawn",
                pdf=self.pdf,
            )
        except GrantDeskError as exc:
            self.failed.emit("\n".join(exc.lines()))
        except Exception as exc:  # the window must report, not crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(report)


class BatchPage(QWidget):
    """Choose the workbook and the folder, run, watch the progress, open the summary."""

    def __init__(self, catalog: Catalog, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.settings = settings
        self.job: BatchJob | None = None
        self.thread: QThread | None = None
        self.summary_path: Path | None = None
        self.heading = heading_label(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.source = QLineEdit(self)
        self.browse_source = QPushButton(self)
        self.blank = QPushButton(self)
        self.out = QLineEdit(str(Path(settings.last_folder) / "批量"), self)
        self.browse_out = QPushButton(self)
        self.pdf = QCheckBox(self)
        self.start_button = QPushButton(self)
        self.cancel = QPushButton(self)
        self.cancel.setEnabled(False)
        self.open_summary = QPushButton(self)
        self.open_summary.setEnabled(False)
        self.open_errors = QPushButton(self)
        self.open_errors.setEnabled(False)
        self.error_report_path: Path | None = None
        self.failures = QTreeWidget(self)
        self.failures.setColumnCount(3)
        self.failures.setRootIsDecorated(False)
        self.failures.setWordWrap(True)
        self.failures.setAlternatingRowColors(True)
        self.failures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failures.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.failures.setVisible(False)
        self.progress = QProgressBar(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.source_label, self.out_label = QLabel(self), QLabel(self)
        self.source_label.setBuddy(self.source)
        self.out_label.setBuddy(self.out)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.browse_source)
        source_row.addWidget(self.blank)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(self.browse_out)
        form = QFormLayout()
        form.addRow(self.source_label, source_row)
        form.addRow(self.out_label, out_row)
        form.addRow("", self.pdf)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.cancel, self.open_summary, self.open_errors):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.failures, 1)
        layout.addStretch(0)
        self.browse_source.clicked.connect(self._choose_source)
        self.browse_out.clicked.connect(self._choose_out)
        self.blank.clicked.connect(self._write_blank)
        self.start_button.clicked.connect(self.start)
        self.cancel.clicked.connect(self.stop)
        self.open_summary.clicked.connect(lambda: self._open_file(self.summary_path))
        self.open_errors.clicked.connect(lambda: self._open_file(self.error_report_path))
        self.retranslate()

    def first_field(self) -> QWidget:
        """Return the workbook field."""
        return self.source

    def focus_chain(self) -> list[QWidget]:
        """Return the page's fields in tab order; controls added later follow in their own order."""
        chain: list[QWidget] = [self.source, self.browse_source, self.blank, self.out, self.browse_out]
        chain += [self.start_button, self.cancel, self.open_summary, self.open_errors, self.failures]
        others = [
            w
            for w in self.findChildren(QWidget)
            if w not in chain and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.parent() is self
        ]
        return chain[:5] + others + chain[5:]

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(self.tr("批量申报（代理机构）"))
        self.intro.setText(
            self.tr(
                "用 Excel 工作簿一次为多家企业生成申报材料：每行一家企业。先生成空白工作簿并填写，再选择它开始。"
            )
        )
        self.source_label.setText(self.tr("批量工作簿"))
        self.out_label.setText(self.tr("输出文件夹"))
        self.browse_source.setText(self.tr("选择…"))
        self.browse_out.setText(self.tr("选择…"))
        self.blank.setText(self.tr("生成空白工作簿…"))
        self.pdf.setText(self.tr("同时生成 PDF（每家企业的申报材料和测算表）"))
        self.start_button.setText(self.tr("开始批量生成"))
        self.cancel.setText(self.tr("取消"))
        self.open_summary.setText(self.tr("打开汇总.xlsx"))
        self.open_errors.setText(self.tr("打开错误报告.xlsx"))
        self.failures.setHeaderLabels([self.tr("企业名称"), self.tr("单元格"), self.tr("原因")])

    def refresh(self) -> None:
        """Nothing here depends on the open firm."""

    def _choose_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择批量工作簿"), self.settings.file_folder, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.settings.remember_file(path)
            self.source.setText(path)

    def _choose_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择输出文件夹"), self.out.text())
        if folder:
            self.out.setText(folder)

    def _write_blank(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("保存空白工作簿"),
            str(Path(self.settings.file_folder) / self.tr("批量申报.xlsx")),
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if not path:
            return
        self.settings.remember_file(path)
        from desktop.batch.template import write_template
        from desktop.os_errors import output_error

        try:
            write_template(self.catalog, Path(path), replace=True)  # the save dialog asked before overwriting
        except OSError as exc:
            self._say(str(output_error(exc, Path(path))), error=True)
            return
        self.source.setText(path)
        self._say(self.tr("已生成空白工作簿：{path}").format(path=path))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c0392b;" if error else "")
        self.message.setText(text)

    def start(self) -> None:
        """Start the batch in the background."""
        if self.job is not None:
            return
        source = Path(self.source.text().strip())
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if not self.source.text().strip():
            self._say(self.tr("请先选择批量工作簿"), error=True)
            return
        from desktop.batch.runner import default_jobs

        self.job = BatchJob(source, Path(self.out.text().strip()), default_jobs(), self.pdf.isChecked())
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.start_button.setEnabled(False)
        self.cancel.setEnabled(True)
        self.open_summary.setEnabled(False)
        self.open_errors.setEnabled(False)
        self.failures.clear()
        self.failures.setVisible(False)
        self.progress.setRange(0, 0)
        self._say(self.tr("正在读取工作簿…"))
        self.thread = start(self.job, self, self.job.finished, self.job.failed)

    def stop(self) -> None:
        """Cancel: firms not yet started are not processed; the reports say which."""
        if self.job is not None:
            self.job.cancel()
            self._say(self.tr("正在取消，等待进行中的企业完成…"))

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._say(self.tr("{done}/{total}：{name}").format(done=done, total=total, name=name))

    def _finished(self, report) -> None:
        self.job = None
        self.start_button.setEnabled(True)
        self.cancel.setEnabled(False)
        self.summary_path = report.summary
        self.error_report_path = report.error_report
        self.open_summary.setEnabled(Path(report.summary).is_file())
        self.open_errors.setEnabled(Path(report.error_report).is_file())
        self._list_failures(report)
        self.progress.setRange(0, max(1, len(report.outcomes)))
        self.progress.setValue(len(report.outcomes) - report.count("not_run"))
        text = self.tr(
            "共 {total} 家：生成 {generated}，未变化跳过 {skipped}，失败 {failed}，未处理 {not_run}。"
        ).format(
            total=len(report.outcomes),
            generated=report.count("generated"),
            skipped=report.count("skipped"),
            failed=report.count("failed"),
            not_run=report.count("not_run"),
        )
        if not report.outcomes:
            text += self.tr(
                "工作簿中没有企业：请在“{sheet}”表第 {row} 行起每行填写一家企业（浅色示例行可改写），保存后再开始。"
            ).format(sheet=FIRMS_SHEET, row=FIRST_DATA_ROW)
        self._say(text, error=report.exit_status != 0 or not report.outcomes)

    def _list_failures(self, report) -> None:
        """List each failing firm's problems: which firm, which cell, why."""
        self.failures.clear()
        for problem in report.input_problems:
            self.failures.addTopLevelItem(
                QTreeWidgetItem([self.tr("（工作簿）"), problem.where, without_keys(problem.message)])
            )
        for outcome in report.outcomes:
            if outcome.state != "failed":
                continue
            firm = outcome.name or outcome.label
            for problem in outcome.problems or []:
                item = QTreeWidgetItem([firm, problem.where, without_keys(problem.message)])
                item.setToolTip(2, item.text(2))
                self.failures.addTopLevelItem(item)
            if not outcome.problems:
                self.failures.addTopLevelItem(QTreeWidgetItem([firm, "", self.tr("失败，详见错误报告")]))
        self.failures.resizeColumnToContents(0)
        self.failures.resizeColumnToContents(1)
        self.failures.setVisible(self.failures.topLevelItemCount() > 0)

    def _failed(self, text: str) -> None:
        self.job = None
        self.start_button.setEnabled(True)
        self.cancel.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._say(self.tr("无法开始，未写入任何文件：") + text, error=True)

    def _open_file(self, path: Path | None) -> None:
        if path and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._say(self.tr("无法打开（没有可用的表格程序）：{path}").format(path=path), error=True)
