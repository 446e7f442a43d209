"""Step 6, 批量申报: a consultant's workbook in, a packet per firm, the summary and error report out."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.batch.columns import FIRMS_SHEET, FIRST_DATA_ROW
from desktop.batch.outcome import FAILED, GENERATED, NOT_RUN, SKIPPED, FirmOutcome
from desktop.catalog.loader import Catalog
from desktop.errors import GrantDeskError, Problem
from desktop.gui.fields import heading_label, label_text, without_keys
from desktop.gui.settings import Settings
from desktop.gui.worker import start
from desktop.money import format_grouped

COMPARE_OPTION = "--compare-to"  # how the batch names the old summary in its problems


class BatchJob(QObject):
    """Runs a batch on its own thread; worker processes do the firms."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        source: Path,
        out: Path,
        jobs: int,
        pdf: bool = False,
        day: date | None = None,
        compare_to: Path | None = None,
        carry_awards: bool = False,
        compare_label: str = COMPARE_OPTION,
    ) -> None:
        super().__init__()
        self.source, self.out, self.jobs, self.pdf = source, out, jobs, pdf
        self.day, self.compare_to, self.carry_awards = day or date.today(), compare_to, carry_awards
        self.compare_label = compare_label
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop starting new firms; firms already running finish, and reports are written."""
        self._cancel.set()

    def _lines(self, error: GrantDeskError) -> list[str]:
        """Return the error's lines, the old summary named as the page names it (not by the option)."""
        prefix = f"{error.source}: " if error.source else ""
        return [
            prefix + str(Problem(self.compare_label + p.where.removeprefix(COMPARE_OPTION), p.message))
            if p.where.startswith(COMPARE_OPTION)
            else prefix + str(p)
            for p in error.problems
        ]

    @Slot()
    def run(self) -> None:
        """Run the batch and report its outcome."""
        from desktop.batch.runner import run_batch

        try:
            report = run_batch(
                self.source,
                self.out,
                self.day,
                jobs=self.jobs,
                compare_to=self.compare_to,
                progress=lambda done, total, outcome: self.progress.emit(
                    done, total, outcome.name or outcome.label
                ),
                cancelled=self._cancel.is_set,
                start_method="spawn",
                pdf=self.pdf,
                carry_awards=self.carry_awards,
            )
        except GrantDeskError as exc:
            self.failed.emit("\n".join(self._lines(exc)))
        except Exception as exc:  # the window must report, not crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(report)


class BatchPage(QWidget):
    """Choose the workbook, the folder and the run's settings, run, watch the progress, read each firm's
    result (with the figures still needed) and problems, open the summary."""

    # the columns of the results list
    ROW, NAME, YEAR, CITY, STATE, TOTAL, UP_TO, MISSING = range(8)

    def __init__(self, catalog: Catalog, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.batch.runner import default_jobs

        self.catalog = catalog
        self.settings = settings
        self.job: BatchJob | None = None
        self.thread: QThread | None = None
        self.summary_path: Path | None = None
        self.report = None
        self.heading = heading_label(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.source = QLineEdit(self)
        self.browse_source = QPushButton(self)
        self.blank = QPushButton(self)
        self.out = QLineEdit(str(Path(settings.last_folder) / "批量"), self)
        self.browse_out = QPushButton(self)
        # the run's settings, as the command line's --date, --jobs, --compare-to and --carry-awards
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.jobs = QSpinBox(self)
        self.default_jobs = default_jobs()
        self.jobs.setRange(1, max(4, 2 * self.default_jobs))
        self.jobs.setValue(self.default_jobs)
        self.jobs_label = QLabel(self)
        self.jobs_label.setBuddy(self.jobs)
        self.jobs_hint = QLabel(self)
        self.jobs_hint.setStyleSheet("color: #666;")
        self.compare = QLineEdit(self)
        self.compare.setClearButtonEnabled(True)
        self.browse_compare = QPushButton(self)
        self.pdf = QCheckBox(self)
        self.carry_awards = QCheckBox(self)
        self.start_button = QPushButton(self)
        self.cancel = QPushButton(self)
        self.cancel.setEnabled(False)
        self.open_summary = QPushButton(self)
        self.open_summary.setEnabled(False)
        self.open_errors = QPushButton(self)
        self.open_errors.setEnabled(False)
        self.error_report_path: Path | None = None
        self.results = QTreeWidget(self)
        self.results.setColumnCount(8)
        self.results.setRootIsDecorated(False)
        self.results.setAlternatingRowColors(True)
        self.results.setUniformRowHeights(True)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.header().setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        self.results.header().setStretchLastSection(False)
        self.results.itemActivated.connect(self._open_packet)
        self.failures = QTreeWidget(self)
        self.failures.setColumnCount(3)
        self.failures.setRootIsDecorated(False)
        self.failures.setWordWrap(True)
        self.failures.setAlternatingRowColors(True)
        self.failures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failures.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.results, "")
        self.tabs.addTab(self.failures, "")
        self.tabs.setVisible(False)
        self.progress = QProgressBar(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label, self.out_label = QLabel(self), QLabel(self)
        self.date_label, self.compare_label = QLabel(self), QLabel(self)
        self.source_label.setBuddy(self.source)
        self.out_label.setBuddy(self.out)
        self.date_label.setBuddy(self.date)
        self.compare_label.setBuddy(self.compare)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.browse_source)
        source_row.addWidget(self.blank)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(self.browse_out)
        settings_row = QHBoxLayout()
        settings_row.addWidget(self.date)
        settings_row.addSpacing(24)
        settings_row.addWidget(self.jobs_label)
        settings_row.addWidget(self.jobs)
        settings_row.addWidget(self.jobs_hint)
        settings_row.addStretch(1)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare, 1)
        compare_row.addWidget(self.browse_compare)
        form = QFormLayout()
        form.addRow(self.source_label, source_row)
        form.addRow(self.out_label, out_row)
        form.addRow(self.date_label, settings_row)
        form.addRow(self.compare_label, compare_row)
        form.addRow("", self.carry_awards)
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
        layout.addWidget(self.tabs, 1)
        layout.addStretch(0)
        self.browse_source.clicked.connect(self._choose_source)
        self.browse_out.clicked.connect(self._choose_out)
        self.browse_compare.clicked.connect(self._choose_compare)
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
        chain += [self.date, self.jobs, self.compare, self.browse_compare, self.carry_awards, self.pdf]
        chain += [self.start_button, self.cancel, self.open_summary, self.open_errors]
        chain += [self.tabs.tabBar(), self.results, self.failures]
        others = [
            w
            for w in self.findChildren(QWidget)
            if w not in chain and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.parent() is self
        ]
        return chain[:11] + others + chain[11:]

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
        self.date_label.setText(self.tr("落款日期"))
        self.date.setToolTip(self.tr("写在每份申报材料上的日期；改变后重新运行，全部材料按新日期重新生成"))
        self.jobs_label.setText(self.tr("并行进程数"))
        self.jobs_hint.setText(
            self.tr("（默认 {count}，即本机的处理器核数）").format(count=self.default_jobs)
        )
        self.compare_label.setText(self.tr("对比上次汇总"))
        self.compare.setPlaceholderText(
            self.tr("可选：选择上次的 汇总.xlsx，新汇总的“变化”表列出每家企业金额的变化")
        )
        self.browse_source.setText(self.tr("选择…"))
        self.browse_out.setText(self.tr("选择…"))
        self.browse_compare.setText(self.tr("选择…"))
        self.blank.setText(self.tr("生成空白工作簿…"))
        self.carry_awards.setText(
            self.tr("同一企业有多个业绩年度时，较早年度的奖励计入较晚年度的历史获奖（一次性奖励不重复申报）")
        )
        self.pdf.setText(self.tr("同时生成 PDF（每家企业的申报材料和测算表）"))
        self.start_button.setText(self.tr("开始批量生成"))
        self.cancel.setText(self.tr("取消"))
        self.open_summary.setText(self.tr("打开汇总.xlsx"))
        self.open_errors.setText(self.tr("打开错误报告.xlsx"))
        self.results.setHeaderLabels(
            [
                self.tr("序号"),
                self.tr("企业名称"),
                self.tr("业绩年度"),
                self.tr("城市"),
                self.tr("结果"),
                self.tr("合计（元）"),
                self.tr("最高额合计（元）"),
                self.tr("待补充"),
            ]
        )
        self.results.headerItem().setToolTip(
            self.MISSING,
            self.tr("还需要企业提供的数据或回答的项数；指向数字可看是哪些，汇总的“待补充”表有全部"),
        )
        self.failures.setHeaderLabels([self.tr("企业名称"), self.tr("单元格"), self.tr("原因")])
        if self.report is not None:
            self._list_results(self.report)
            self._list_failures(self.report)
        self._name_tabs()

    def refresh(self) -> None:
        """Nothing here depends on the open firm."""

    def _choose_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择批量工作簿"),
            self.settings.file_folder,
            self.tr("表格文件 (*.xlsx *.ods *.csv)"),
        )
        if path:
            self.settings.remember_file(path)
            self.source.setText(path)

    def _choose_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择输出文件夹"), self.out.text())
        if folder:
            self.out.setText(folder)

    def _choose_compare(self) -> None:
        start_at = self.compare.text().strip() or self.out.text().strip() or self.settings.file_folder
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择上次的汇总"), start_at, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.compare.setText(path)

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

    def run_date(self) -> date:
        """Return the date the packets are signed with."""
        qdate = self.date.date()
        return date(qdate.year(), qdate.month(), qdate.day())

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
        compare = self.compare.text().strip()
        self.job = BatchJob(
            source,
            Path(self.out.text().strip()),
            self.jobs.value(),
            self.pdf.isChecked(),
            day=self.run_date(),
            compare_to=Path(compare) if compare else None,
            carry_awards=self.carry_awards.isChecked(),
            compare_label=self.tr("上次汇总"),
        )
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.start_button.setEnabled(False)
        self.cancel.setEnabled(True)
        self.open_summary.setEnabled(False)
        self.open_errors.setEnabled(False)
        self.report = None
        self.results.clear()
        self.failures.clear()
        self.tabs.setVisible(False)
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
        self.report = report
        self.start_button.setEnabled(True)
        self.cancel.setEnabled(False)
        self.summary_path = report.summary
        self.error_report_path = report.error_report
        self.open_summary.setEnabled(Path(report.summary).is_file())
        self.open_errors.setEnabled(Path(report.error_report).is_file())
        self._list_results(report)
        self._list_failures(report)
        self._name_tabs()
        self.tabs.setVisible(bool(report.outcomes) or self.failures.topLevelItemCount() > 0)
        self.tabs.setCurrentWidget(self.failures if self.failures.topLevelItemCount() else self.results)
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
        waiting = [o for o in report.outcomes if o.state in (GENERATED, SKIPPED) and o.missing]
        if waiting:
            text += self.tr("{firms} 家企业还需补充数据，共 {items} 项（见汇总的“待补充”表）。").format(
                firms=len(waiting), items=sum(len(o.missing) for o in waiting)
            )
        services = sum(1 for o in report.outcomes if o.services_only)
        if services:
            text += self.tr("{firms} 家企业没有可申报金额的措施，材料是一页政策服务清单。").format(
                firms=services
            )
        if not report.outcomes:
            text += self.tr(
                "工作簿中没有企业：请在“{sheet}”表第 {row} 行起每行填写一家企业（浅色示例行可改写），保存后再开始。"
            ).format(sheet=FIRMS_SHEET, row=FIRST_DATA_ROW)
        for note in report.notes:
            text += "\n" + self.tr("注意：{note}").format(note=note)
        self._say(text, error=report.exit_status != 0 or not report.outcomes)

    def _state_text(self, state: str) -> str:
        return {
            GENERATED: self.tr("已生成"),
            SKIPPED: self.tr("未变化，已跳过"),
            FAILED: self.tr("失败"),
            NOT_RUN: self.tr("未处理（已取消）"),
        }.get(state, state)

    def _missing_text(self, outcome: FirmOutcome) -> str:
        """Return the figures and answers a firm still has to give, each with the measures waiting for it."""
        lines = []
        for key, measure_ids in outcome.missing.items():
            definition = self.catalog.facts.get(key)
            label = label_text(definition.label, definition.label_en) if definition else key
            titles = []
            for measure_id in measure_ids:
                measure = self.catalog.measures.get(measure_id)
                titles.append(label_text(measure.title, measure.title_en) if measure else measure_id)
            lines.append(
                self.tr("{label}（用于：{measures}）").format(label=label, measures="、".join(titles))
            )
        return "\n".join(lines)

    def _list_results(self, report) -> None:
        """List every firm of the run: its row, name, year, city, result, totals and figures still needed."""
        self.results.clear()
        red = QBrush(QColor("#c0392b"))
        for outcome in report.outcomes:
            done = outcome.state in (GENERATED, SKIPPED)
            total = format_grouped(Decimal(outcome.total)) if done and outcome.measures else ""
            up_to = (
                format_grouped(Decimal(outcome.total_up_to)) if done and Decimal(outcome.total_up_to) else ""
            )
            missing = str(len(outcome.missing)) if done and outcome.missing else ""
            item = QTreeWidgetItem(
                [
                    str(outcome.row),
                    outcome.name or outcome.label,
                    str(outcome.year or ""),
                    outcome.city,
                    self._state_text(outcome.state)
                    + (self.tr("（政策服务清单）") if outcome.services_only else ""),
                    total,
                    up_to,
                    missing,
                ]
            )
            for column in (self.ROW, self.YEAR, self.TOTAL, self.UP_TO, self.MISSING):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if outcome.state in (FAILED, NOT_RUN):
                item.setForeground(self.STATE, red)
            if outcome.services_only:
                item.setToolTip(
                    self.STATE,
                    self.tr("没有可申报金额的措施：材料是一页政策服务清单，列出可以争取的支持，没有申报书"),
                )
            if missing:
                item.setToolTip(self.MISSING, self._missing_text(outcome))
            if outcome.folder and done:
                item.setData(self.NAME, Qt.ItemDataRole.UserRole, outcome.folder)
                item.setToolTip(
                    self.NAME, self.tr("双击打开材料文件夹：{folder}").format(folder=outcome.folder)
                )
            self.results.addTopLevelItem(item)
        for column in (self.ROW, self.YEAR, self.CITY, self.STATE, self.TOTAL, self.UP_TO, self.MISSING):
            self.results.resizeColumnToContents(column)

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

    def _name_tabs(self) -> None:
        self.tabs.setTabText(
            0, self.tr("各企业结果（{count}）").format(count=self.results.topLevelItemCount())
        )
        self.tabs.setTabText(1, self.tr("问题（{count}）").format(count=self.failures.topLevelItemCount()))

    def _open_packet(self, item: QTreeWidgetItem) -> None:
        """Open a firm's packet folder (a double click or Enter on its row)."""
        name = item.data(self.NAME, Qt.ItemDataRole.UserRole)
        if not name or self.report is None:
            return
        folder = Path(self.report.summary).parent / name
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(self.tr("无法打开文件夹：{path}").format(path=folder), error=True)

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
