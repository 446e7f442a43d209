"""Step 5, 生成材料: choose a folder, write the packet in the background, open the folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import GrantDeskError, InputError
from desktop.firm import FirmFile, parse_firm
from desktop.gui.document import FirmDocument
from desktop.gui.field_names import field_name, problem_text
from desktop.gui.fields import heading_label, money_text
from desktop.gui.i18n import is_english
from desktop.gui.open_folder import open_folder
from desktop.gui.printing import WrittenPdfs, page_count, pdfs_of, print_pdfs, print_set
from desktop.gui.settings import Settings
from desktop.gui.status_line import Saying
from desktop.gui.worker import PacketJob, start
from desktop.packet.context import applied

ERROR, DONE, WARNING = "color: #c0392b;", "color: #1e7b34;", "color: #b9770e;"


class GeneratePage(QWidget):
    """Packet generation with a progress bar and a cancel button; the window never freezes."""

    generated = Signal(str)  # the firm file text the packet was written for
    note = Signal(object)  # news for the status bar (how to say it): the packet of the firm open before

    def __init__(self, document: FirmDocument, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.job: PacketJob | None = None
        self.thread = None
        self.last_folder: Path | None = None
        self._saying: Saying | None = None
        self._style = ""
        self.packet_json: str | None = None  # the firm file text the packet shown was written for
        self.job_for: str | None = None  # the document the running job writes the packet of
        self.written: WrittenPdfs | None = None  # the packet shown, to print when written without PDFs
        self.job_written: WrittenPdfs | None = None  # the same for the running job's packet
        self.job_name = ""
        document.replaced.connect(self._forget_packet)
        self.heading = heading_label(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.folder = QLineEdit(settings.last_folder, self)
        self.browse = QPushButton(self)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.pdf = QCheckBox(self)
        self.generate = QPushButton(self)
        self.generate.setDefault(True)
        self.cancel = QPushButton(self)
        self.cancel.setEnabled(False)
        self.open_folder = QPushButton(self)
        self.open_folder.setEnabled(False)
        self.print_choice = QComboBox(self)  # the whole print set, or one form of it
        self.print_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.print_button = QPushButton(self)
        self.printer: QPrinter | None = None  # kept: the next print goes to the printer chosen last
        self.packet_files: list[str] = []
        self.progress = QProgressBar(self)
        self.progress.setValue(0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.form = QFormLayout()
        self.folder_label, self.date_label = QLabel(self), QLabel(self)
        self.folder_label.setBuddy(self.folder)
        self.date_label.setBuddy(self.date)
        self.form.addRow(self.folder_label, folder_row)
        self.form.addRow(self.date_label, self.date)
        self.form.addRow("", self.pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.open_folder)
        buttons.addSpacing(12)
        buttons.addWidget(self.print_choice)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.browse.clicked.connect(self._browse)
        self.generate.clicked.connect(self.start)
        self.cancel.clicked.connect(self.stop)
        self.open_folder.clicked.connect(self._open)
        self.print_button.clicked.connect(self.print_packet)
        self.retranslate()

    def first_field(self) -> QWidget:
        """Return the button that writes the packet."""
        return self.generate

    def focus_chain(self) -> list[QWidget]:
        """Return the page's fields in tab order."""
        return [
            self.folder,
            self.browse,
            self.date,
            self.pdf,
            self.generate,
            self.cancel,
            self.open_folder,
            self.print_choice,
            self.print_button,
        ]

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(self.tr("生成材料"))
        self.folder_label.setText(self.tr("保存到文件夹"))
        self.date_label.setText(self.tr("落款日期"))
        self.browse.setText(self.tr("选择…"))
        self.pdf.setText(self.tr("同时生成 PDF"))
        self.generate.setText(self.tr("生成申报材料"))
        self.cancel.setText(self.tr("取消"))
        self.open_folder.setText(self.tr("打开文件夹"))
        self.print_button.setText(self.tr("打印(&P)…"))
        self._show_print_set()
        self._say(self._saying, self._style)  # the message shown, in the new language
        self.refresh()

    def refresh(self) -> None:
        """Say what the packet will hold."""
        result = self.document.result
        if result is None:
            self.summary.setText(self.tr("企业信息有误，请先在“企业信息”中修正。"))
            return
        chosen = applied(result)
        if not chosen:  # the packet writer gives such a firm the support it can seek, not a zero 申报书
            self.summary.setText(
                self.tr(
                    "本企业目前没有可按政策测算金额申报的事项：将生成政策服务清单（可以争取的政策支持、"
                    "办理方式和政策条款），不生成金额为零的申报书。"
                )
            )
            return
        text = self.tr(
            "将生成：申报书、{count} 份申请表、信用承诺书、测算表(Excel)、材料清单，以及仅供企业自查的内部核对单。"
        ).format(count=len(chosen))
        total = self.tr("申报合计 {total}。").format(total=money_text(result.total))
        self.summary.setText(
            f"{text} {total}" if is_english() else text + total
        )  # sentences, spaced in English

    def _show_print_set(self) -> None:
        names = print_set(self.packet_files)
        self.print_choice.clear()
        if names:
            self.print_choice.addItem(self.tr("全部申报材料（{count} 份）").format(count=len(names)))
            self.print_choice.addItems(names)
        self.print_choice.setVisible(bool(names))  # the button stays: it says what to do first

    def print_packet(self) -> None:
        """Print the packet's print set, or the one form chosen, through Qt's print dialog."""
        names = print_set(self.packet_files)
        if self.last_folder is None or not names:
            self._say(lambda: self.tr("请先生成申报材料，再打印。"))
            return
        index = self.print_choice.currentIndex()
        chosen = names if index <= 0 else [names[index - 1]]
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer = self.printer
        printer.setDocName(chosen[0] if len(chosen) == 1 else self.last_folder.name)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with pdfs_of(self.last_folder, chosen, self.written) as pdfs:
                total = page_count(pdfs)
                QApplication.restoreOverrideCursor()
                dialog = QPrintDialog(printer, self)
                dialog.setMinMax(1, total)
                printer.setFromTo(0, 0)
                if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                    return
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                printed = print_pdfs(printer, pdfs, lambda done, count: QApplication.processEvents())
        except GrantDeskError as exc:
            lines = "；".join(exc.lines())
            self._say(lambda: lines, ERROR)
            return
        finally:
            while QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        where = printer.printerName() or printer.outputFileName()
        self._say(lambda: self.tr("已送往打印机 {printer}：{pages} 页").format(printer=where, pages=printed))

    def _written_pdfs(self, firm: FirmFile, day: date, firm_sha256: str) -> WrittenPdfs:
        """Return how to print the packet about to be written for ``firm`` should it have no PDFs."""
        catalog = self.document.catalog

        def make() -> dict[str, bytes]:
            from desktop.engine import evaluate_firm
            from desktop.packet.writer import render_packet

            rendered = render_packet(firm, evaluate_firm(firm, catalog), catalog, day, pdf=True)
            return {name: data for name, data in rendered.files if name.endswith(".pdf")}

        return WrittenPdfs({"input_sha256": firm_sha256, "catalog_version": catalog.version}, make)

    def _say(self, saying: Saying | None, style: str = "") -> None:
        """Show a message under the buttons; kept as how to say it, so a language switch says it again."""
        self._saying, self._style = saying, style
        self.message.setStyleSheet(style)
        self.message.setText(saying() if saying else "")

    def _forget_packet(self) -> None:
        """Another firm (new, opened, recovered): nothing of the last one's packet stays on the page."""
        self.last_folder, self.packet_json, self.written = None, None, None
        self.packet_files = []
        self._show_print_set()
        self.open_folder.setEnabled(False)
        self.progress.setValue(0)
        self._say(
            lambda: self.tr("正在为上一企业生成材料，完成后即可生成本企业的材料。") if self.job else None
        )

    def packet_is_current(self) -> bool:
        """Return True when the packet shown was written for the firm exactly as it is now."""
        return self.packet_json is not None and self.packet_json == self.document.to_json()

    def _mine(self) -> bool:
        """Return True when the running (or just finished) job is the packet of the firm on the page."""
        return self.job_for in (None, self.document.id)

    def _browse(self) -> None:
        start = self.folder.text() if Path(self.folder.text()).is_dir() else self.settings.file_folder
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存申报材料的文件夹"), start)
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        """Start writing the packet in the background."""
        if self.job is not None:
            return
        self.progress.setValue(0)  # never a stale 100 % beside a new message
        try:
            firm = parse_firm(self.document.data_for_file(), self.document.catalog, "")
        except InputError as exc:
            problems = exc.problems
            self._say(
                lambda: self.tr("请先修正：") + "；".join(self._problem_text(p) for p in problems), ERROR
            )
            return
        out = Path(self.folder.text().strip() or self.settings.last_folder)
        self.settings.last_folder = str(out)
        qdate = self.date.date()
        steps = 4 + len(applied(self.document.result)) if self.document.result else 4
        self.job = PacketJob(
            firm, self.document.catalog, out, date(qdate.year(), qdate.month(), qdate.day()),
            self.document.to_json(), self.pdf.isChecked(), steps,
        )  # fmt: skip
        self.job_for, self.job_name = self.document.id, firm.firm.name
        self.job_written = self._written_pdfs(firm, self.job.day, self.job.sha256)
        self.job.progress.connect(self._progress)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self.generate.setEnabled(False)
        self.cancel.setEnabled(True)
        self.open_folder.setEnabled(False)
        self.progress.setRange(0, steps)
        self.progress.setValue(0)
        self._say(lambda: self.tr("正在生成…"))
        self.thread = start(self.job, self)

    def _problem_text(self, problem) -> str:
        """Return a problem as the clerk knows the field: its label on screen, never its key."""
        name = field_name(problem.field, self.document.catalog)
        message = problem_text(problem.field, problem.message, self.document.data)
        separator = ": " if is_english() else "："
        return f"{name}{separator}{message}" if name and not message.startswith(name) else message

    def stop(self) -> None:
        """Cancel the running job; nothing it started is left behind."""
        if self.job is not None:
            self.job.cancel()
            self._say(lambda: self.tr("正在取消…"))

    def _progress(self, done: int, total: int, name: str) -> None:
        if not self._mine():
            return
        self.progress.setMaximum(total)
        self.progress.setValue(min(done, total - 1))  # 100 % only once every file is written
        if name == "PDF":
            self._say(lambda: self.tr("正在用 LibreOffice 转换自定义表单为 PDF，请稍候…"))
        else:
            self._say(lambda: self.tr("正在生成：{name}").format(name=name))

    def _finish(self) -> None:
        self.job = None
        self.generate.setEnabled(True)
        self.cancel.setEnabled(False)

    def _succeeded(self, packet) -> None:
        mine = self._mine()
        self._finish()
        if not mine:
            self._say(None)
            name = self.job_name
            self.note.emit(
                lambda: self.tr("“{name}”的申报材料已生成：{folder}").format(name=name, folder=packet.folder)
            )
            return
        self.last_folder = packet.folder
        self.progress.setValue(self.progress.maximum())
        self.open_folder.setEnabled(True)
        self.packet_json = self.document.to_json()
        self.packet_files = list(packet.files)
        self.written = self.job_written
        self._show_print_set()
        self.generated.emit(self.packet_json)
        warnings = list(packet.warnings)  # e.g. an upload file over the platform's size limit

        def saying() -> str:
            text = self.tr("已生成 {count} 个文件：{folder}").format(
                count=len(packet.files), folder=packet.folder
            )
            if packet.kept:
                text += self.tr("；已保留您放入的文件：{names}").format(names="、".join(packet.kept))
            return "\n".join([text, *warnings])

        self._say(saying, WARNING if warnings else DONE)

    def _failed(self, text: str) -> None:
        mine = self._mine()
        self._finish()
        if not mine:
            self._say(None)
            name = self.job_name
            self.note.emit(lambda: self.tr("“{name}”的申报材料未能生成：").format(name=name) + text)
            return
        self.progress.setValue(0)
        self._say(lambda: self.tr("未能生成，未写入任何文件：") + text, ERROR)
        QMessageBox.warning(self, self.tr("未能生成"), self.tr("未能生成，未写入任何文件：") + text)

    def _cancelled(self) -> None:
        mine = self._mine()
        self._finish()
        if not mine:
            self._say(None)
            return
        self.progress.setValue(0)
        self._say(lambda: self.tr("已取消，未写入任何文件。"))

    def _open(self) -> None:
        if self.last_folder is not None:
            open_folder(self.last_folder, self._cannot_open, self)

    def _cannot_open(self, folder: Path) -> None:
        self._say(
            lambda: self.tr("无法打开文件夹（没有可用的文件管理器）。请手动打开：{folder}").format(
                folder=folder
            ),
            ERROR,
        )
