"""The main window: puts together the workspace, the firm file, autosave, the menus and the status line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QWidget

from desktop import __version__
from desktop.gui.edit_menu import EditMenu
from desktop.gui.fields import EDIT_STYLE, money_text, set_style
from desktop.gui.firm_files import FirmFiles, sample_data
from desktop.gui.geometry import available_geometry, place
from desktop.gui.i18n import program_name
from desktop.gui.language_menu import LanguageMenu
from desktop.gui.notices import SkippedNotice
from desktop.gui.settings import Settings
from desktop.gui.status_line import StatusLine
from desktop.gui.workspace import Workspace

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog
    from desktop.firm import FirmFile
    from desktop.gui.catalog_window import CatalogDialog
    from desktop.gui.help_window import HelpWindow
    from desktop.gui.recovery import Recovery

# The window shows before the catalog (and pydantic, the engine, the pages) is loaded: those come
# in load(), right after the first paint, so the program answers at once.

RESULTS_STEP = 3


class MainWindow(QMainWindow):
    """The guided workspace from firm details to a generated packet."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        settings: Settings | None = None,
        screen_area: QRect | None = None,
    ) -> None:
        """Build the window's frame; with a catalog, load the workspace at once (else call load()).

        The window is sized to ``screen_area`` (by default the available area of its screen).
        """
        super().__init__()
        self.settings = settings or Settings()
        self.catalog: Catalog | None = None
        self.document = None
        self.recovery: Recovery | None = None
        self.setStyleSheet(EDIT_STYLE)
        place(self, screen_area or available_geometry(self), self.settings.geometry)
        self.setAcceptDrops(True)
        self.workspace = Workspace(self)
        self.setCentralWidget(self.workspace)
        self.skipped_notice = SkippedNotice(self)  # permanent: a passing message never hides it
        self.statusBar().addPermanentWidget(self.skipped_notice)
        self.total_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.total_label)
        self.status = StatusLine(self.statusBar())
        self.catalog_window: CatalogDialog | None = None
        self.help_window: HelpWindow | None = None
        self.files = FirmFiles(self, self.settings, self.status)
        self.files.started_new.connect(lambda: self.workspace.go_to_step(0))
        self.files.sample_opened.connect(lambda: self.workspace.steps.setCurrentRow(RESULTS_STEP))
        self.files.switched.connect(self._switched)
        self._build_menus()
        if catalog is not None:
            self.load(catalog)
        self.retranslate()

    def load(self, catalog: Catalog | None = None) -> None:
        """Load the catalog (the bundled one by default) and build the steps; raises CatalogError."""
        from desktop.catalog.added import catalog_in_use
        from desktop.gui.document import FirmDocument
        from desktop.gui.pages.batch_page import BatchPage
        from desktop.gui.pages.data_page import DataPage
        from desktop.gui.pages.firm_page import FirmPage
        from desktop.gui.pages.generate_page import GeneratePage
        from desktop.gui.pages.results_page import ResultsPage
        from desktop.gui.pages.screening_page import ScreeningPage
        from desktop.gui.recovery import Recovery

        catalog = catalog or catalog_in_use()
        self.catalog = catalog
        self.document = FirmDocument(catalog, self)
        self.document.replaced.connect(self.status.clear)  # news of the firm before goes with it
        self.files.use(self.document)
        self.edit_menu.use(self.document)
        self.recovery = Recovery(self.document, self, self.status)
        self.files.saved.connect(lambda _: self.recovery.discard())
        self.firm_page = FirmPage(self.document, self)
        self.screening_page = ScreeningPage(self.document, self)
        self.data_page = DataPage(self.document, self)
        self.results_page = ResultsPage(self.document, self)
        self.generate_page = GeneratePage(self.document, self.settings, self)
        self.batch_page = BatchPage(catalog, self.settings, self)
        self.workspace.set_pages(
            [
                self.firm_page,
                self.screening_page,
                self.data_page,
                self.results_page,
                self.generate_page,
                self.batch_page,
            ]
        )
        self.document.changed.connect(self._refresh)
        # an edit ends when its field is left (Tab, Enter, a click elsewhere): then it is measured
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self.document.dirty_changed.connect(self.setWindowModified)
        self.document.path_changed.connect(lambda _: self._update_title())
        self.generate_page.generated.connect(lambda _: self._show_marks())
        self.generate_page.note.connect(lambda saying: self.status.show(saying, 15000))
        self._show_marks()
        self.retranslate()
        self.skipped_notice.set_catalog_files(catalog.skipped)

    @property
    def loaded(self) -> bool:
        """Return True once the catalog and the steps are loaded."""
        return self.document is not None

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        self.print_action = QAction(
            self, shortcut=QKeySequence.StandardKey.Print, triggered=self.print_packet
        )
        self.files.menu.insertAction(self.files.quit_action, self.print_action)
        self.files.menu.insertSeparator(self.files.quit_action)
        self.menuBar().addMenu(self.files.menu)
        self.edit_menu = EditMenu(self)
        self.menuBar().addMenu(self.edit_menu)
        self.view_menu = self.menuBar().addMenu("")
        self.catalog_action = QAction(self, triggered=self.show_catalog)
        self.view_menu.addAction(self.catalog_action)
        self.language_menu = LanguageMenu(self.settings, self)
        self.language_menu.switched.connect(self._retranslate_all)
        self.menuBar().addMenu(self.language_menu)
        self.help_menu = self.menuBar().addMenu("")
        self.guide_action = QAction(
            self, shortcut=QKeySequence.StandardKey.HelpContents, triggered=self.show_guide
        )
        self.about_action = QAction(self, triggered=self.show_about)
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        """Set every text of the window in the current language (the pages set their own)."""
        self.files.retranslate()
        self.print_action.setText(self.tr("打印(&P)…"))
        self.edit_menu.retranslate()
        self.edit_menu.setEnabled(self.loaded)
        self.view_menu.setTitle(self.tr("查看(&V)"))
        self.catalog_action.setText(self.tr("政策目录"))
        self.language_menu.retranslate()
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.guide_action.setText(self.tr("使用说明"))
        self.about_action.setText(self.tr("关于"))
        self.view_menu.setEnabled(self.loaded)
        self.workspace.retranslate()
        self.skipped_notice.retranslate()
        self._update_title()
        self._refresh_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_all()
        super().changeEvent(event)

    def _retranslate_all(self) -> None:
        self.retranslate()
        self.workspace.retranslate_pages()
        self.status.retranslate()
        if self.help_window is not None:
            self.help_window.show_guide()

    # -- state ---------------------------------------------------------------------------------
    def _switched(self) -> None:
        """The user went to the window that has the file: a window with nothing in it goes away."""
        if self.document.path is None and not self.document.dirty:
            QTimer.singleShot(0, self.close)

    def _update_title(self) -> None:
        program = program_name()
        if self.document is None:
            self.setWindowTitle(program)
            return
        name = self.document.data["firm"].get("name") or self.tr("未命名企业")
        where = f" — {self.document.path.name}" if self.document.path else ""
        if self.files.read_only:
            where += self.tr("（只读）")
        self.setWindowTitle(f"{name}{where}[*] — {program}")
        self.setWindowModified(self.document.dirty)

    def _refresh(self) -> None:
        self.workspace.refresh()
        self._update_title()
        self._refresh_status()
        self._show_marks()

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if self.document is not None and old is not None and old.window() is self:
            self.document.commit_edit()

    def _show_marks(self) -> None:
        from desktop.gui.steps import step_marks  # with the engine: loaded after the first paint

        self.workspace.show_marks(step_marks(self.document, self.generate_page.packet_is_current()))

    def _refresh_status(self) -> None:
        if self.document is None:
            return
        result = self.document.result
        if result is None:
            self.total_label.setText(self.tr("企业信息有误"))
            set_style(self.total_label, "color: #c0392b;")
            return
        text = self.tr("合计 {total}").format(total=money_text(result.total))
        if result.total_up_to:
            text += self.tr(" + 最高 {up_to}").format(up_to=money_text(result.total_up_to))
        self.total_label.setText(text)
        colour = "#1e7b34" if result.total or result.total_up_to else "#555555"
        set_style(self.total_label, f"color: {colour}; font-weight: bold;")

    def start(self, path: Path | None = None) -> None:
        """What happens once the window is shown: recovery, the file asked for, the firm open last
        time, or the sample on first start."""
        recent = self.settings.recent_files()
        left = self.settings.step  # the step the window was closed on
        restored = self.recovery.offer()
        if self.recovery.damaged:
            self._say_damaged_autosaves()
        if restored:
            self._back_to(left)
        elif path is not None:
            self.files.open_path(path, ask=False)
        elif recent and not self.settings.first_start:
            if self.files.open_path(Path(recent[0]), ask=False):
                self._back_to(left)
                self.status.show(lambda: self.tr("已打开上次的企业文件 {path}").format(path=recent[0]), 10000)
        elif self.settings.first_start:
            self.document.load_data(sample_data(), None)
            self.workspace.steps.setCurrentRow(RESULTS_STEP)
            self.status.show(
                lambda: self.tr("已打开示例企业，可随意修改；“文件 → 新建”开始填写自己的企业。"), 15000
            )
        self.settings.mark_started()

    def _back_to(self, step: int | None) -> None:
        if step is not None and 0 <= step < len(self.workspace.pages):
            self.workspace.go_to_step(step)

    def _say_damaged_autosaves(self) -> None:
        """Say where damaged autosaves went: after a power cut one may hold the only copy of the work."""
        damaged = self.recovery.damaged
        self.skipped_notice.add_autosaves(damaged)
        places = "\n".join(f"· {item.moved_to or item.name}" for item in damaged)
        QMessageBox.warning(
            self,
            self.tr("自动保存已损坏"),
            self.tr(
                "有 {count} 份自动保存无法恢复(内容不完整或已损坏，可能因断电而中断)。"
                "它们没有被删除，已移到：\n{places}\n其中可能有未保存的内容，可用文本编辑器打开查看。"
            ).format(count=len(damaged), places=places),
        )

    # -- drag and drop -------------------------------------------------------------------------
    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        return files[0] if len(files) == 1 and files[0].suffix.lower() == ".json" else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.loaded and self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if self.loaded and path is not None:
            event.acceptProposedAction()
            # not inside the drop: the question may show
            QTimer.singleShot(0, lambda: self.files.open_path(path))
        else:
            event.ignore()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.loaded:
            event.accept()
            return
        if self.generate_page.job is not None:
            self.generate_page.stop()
        if self.batch_page.job is not None:
            self.batch_page.stop()
        if self.files.ask_to_save():
            self.recovery.discard()  # saved, unchanged, or deliberately discarded: nothing to recover
            self.recovery.stop()
            self.files.release()
            self.settings.geometry = self.saveGeometry()
            self.settings.step = self.workspace.steps.currentRow()
            event.accept()
        else:
            event.ignore()

    # -- dialogs -------------------------------------------------------------------------------
    def print_packet(self) -> None:
        """Print the packet of the firm on screen (step 5 says how, or that it must be written first)."""
        if self.loaded:
            self.workspace.go_to_step(self.workspace.pages.index(self.generate_page))
            self.generate_page.print_packet()

    def show_catalog(self) -> None:
        """Show the documents and guides in use and every measure of the catalog."""
        from desktop.gui.catalog_window import CatalogDialog

        self.catalog_window = CatalogDialog(self.catalog, self)
        self.catalog_window.files.open_firm = self._open_firm
        self.catalog_window.files.catalog_changed.connect(self.use_catalog)
        self.catalog_window.show()

    def _open_firm(self) -> FirmFile | None:
        """Return the open firm as the engine reads it (invalid fields set aside)."""
        return self.document.evaluable_firm()

    def use_catalog(self, catalog: Catalog) -> None:
        """Work with a catalog that gained or lost a document or guide: recalculate the open firm."""
        self.catalog = catalog
        self.batch_page.catalog = catalog
        self.skipped_notice.set_catalog_files(catalog.skipped)
        self.document.use_catalog(catalog)

    def show_guide(self) -> None:
        """Show the built-in guide (F1), in a window of its own."""
        from desktop.gui.help_window import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()

    def show_about(self) -> None:
        """Show the program and catalog versions."""
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr(
                "<h3>跨境电商政策申报助手 CBEC Grant Desk</h3>"
                "<p>程序版本 {version} · 政策目录 {catalog}</p>"
                "<p>离线判断成都、德阳、绵阳、连云港、苏州及四川省跨境电商政策是否适用，"
                "按原文测算奖励金额，并生成申报材料。</p>"
            ).format(version=__version__, catalog=self.catalog.version),
        )
