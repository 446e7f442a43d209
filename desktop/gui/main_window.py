"""The main window: five steps, file menu with recent files, autosave and recovery, language, catalog, about."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.errors import GrantDeskError
from desktop.gui.fields import EDIT_STYLE, money_text, set_style
from desktop.gui.geometry import available_geometry, fitted_size, place
from desktop.gui.i18n import current_language, is_english, program_name, set_language
from desktop.gui.settings import Settings
from desktop.paths import samples_dir

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog

# The window shows before the catalog (and pydantic, the engine, the pages) is loaded: those come
# in load(), right after the first paint, so the program answers at once.

AUTOSAVE_MS = 5000
FIRST_SAMPLE = "chengdu-trader.json"
STEP_COUNT = 6


class CatalogDialog(QWidget):
    """A window listing the documents and guides in use (import, remove) and every measure of the
    catalog with its clause, validity and award rule."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        from desktop.gui.catalog_files import CatalogFilesPanel

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
        self.pages: list[QWidget] = []
        self._stale: set[int] = set()
        self.generated_for: str | None = None  # the firm data a packet was last written for
        self.setStyleSheet(EDIT_STYLE)
        place(self, screen_area or available_geometry(self), self.settings.geometry)
        self.setAcceptDrops(True)
        self.steps = QListWidget(self)
        self.steps.setFixedWidth(150)
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stack = QStackedWidget(self)
        self.loading = QLabel(self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.total_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.total_label)
        self.catalog_window: CatalogDialog | None = None
        self._build_menus()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosaver = None
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

        catalog = catalog or catalog_in_use()
        self.catalog = catalog
        self.document = FirmDocument(catalog, self)
        from desktop.gui.autosave import DocumentAutosave

        self.autosaver = DocumentAutosave(self.document)
        self.firm_page = FirmPage(self.document, self)
        self.screening_page = ScreeningPage(self.document, self)
        self.data_page = DataPage(self.document, self)
        self.results_page = ResultsPage(self.document, self)
        self.generate_page = GeneratePage(self.document, self.settings, self)
        self.batch_page = BatchPage(catalog, self.settings, self)
        self.pages = [
            self.firm_page,
            self.screening_page,
            self.data_page,
            self.results_page,
            self.generate_page,
            self.batch_page,
        ]
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        for page in self.pages:
            self.stack.addWidget(page)
            self.steps.addItem("")
        self.steps.currentRowChanged.connect(self._show_step)
        self.steps.setCurrentRow(0)
        self.document.changed.connect(self._refresh)
        self.document.dirty_changed.connect(self.setWindowModified)
        self.document.path_changed.connect(lambda _: self._update_title())
        self.generate_page.generated.connect(self._generated)
        self.autosave_timer.start()
        self.retranslate()
        if catalog.skipped:
            names = "、".join(Path(error.source).name for error in catalog.skipped)
            self.statusBar().showMessage(
                self.tr("已跳过损坏的政策文件：{names}(详见 查看 → 政策目录)").format(names=names)
            )

    @property
    def loaded(self) -> bool:
        """Return True once the catalog and the steps are loaded."""
        return self.document is not None

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.new_action = QAction(self, shortcut=QKeySequence.StandardKey.New, triggered=self.new_file)
        self.open_action = QAction(self, shortcut=QKeySequence.StandardKey.Open, triggered=self.open_dialog)
        self.sample_action = QAction(self, triggered=self.open_sample)
        self.save_action = QAction(self, shortcut=QKeySequence.StandardKey.Save, triggered=self.save)
        self.save_as_action = QAction(self, shortcut=QKeySequence.StandardKey.SaveAs, triggered=self.save_as)
        self.quit_action = QAction(self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.recent_menu = self.file_menu.addMenu("")
        for action in (self.new_action, self.open_action, self.sample_action):
            self.file_menu.insertAction(self.recent_menu.menuAction(), action)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.save_action, self.save_as_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = self.menuBar().addMenu("")
        self.catalog_action = QAction(self, triggered=self.show_catalog)
        self.view_menu.addAction(self.catalog_action)
        self.language_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language, text in (("zh", "简体中文"), ("en", "English")):
            action = QAction(text, self, checkable=True)
            action.triggered.connect(lambda _=False, language=language: self.change_language(language))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[language] = action
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self, triggered=self.show_about)
        self.help_menu.addAction(self.about_action)
        # Ctrl+1…6 and Alt+1…6 go to a step (Alt+digit would otherwise type the digit into a field);
        # Ctrl+PgUp/PgDn step back and forth, as between tabs.
        self.step_actions: list[QAction] = []
        for row in range(STEP_COUNT):
            action = QAction(self)
            action.setShortcuts([QKeySequence(f"Ctrl+{row + 1}"), QKeySequence(f"Alt+{row + 1}")])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, row=row: self.go_to_step(row))
            self.addAction(action)
            self.step_actions.append(action)
        self.previous_step_action = QAction(self, shortcut=QKeySequence("Ctrl+PgUp"))
        self.previous_step_action.triggered.connect(lambda: self.go_to_step(self.steps.currentRow() - 1))
        self.next_step_action = QAction(self, shortcut=QKeySequence("Ctrl+PgDown"))
        self.next_step_action.triggered.connect(lambda: self.go_to_step(self.steps.currentRow() + 1))
        self.addActions([self.previous_step_action, self.next_step_action])

    def go_to_step(self, row: int) -> None:
        """Show a step (0-based) and put the focus on its first field."""
        if not self.loaded or not 0 <= row < len(self.pages):
            return
        self.steps.setCurrentRow(row)
        first = getattr(self.pages[row], "first_field", None)
        target = first() if first else None
        (target or self.stack.currentWidget()).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab runs from the step list through the fields of the step shown and back to the step list.

        The order is each page's own list, not Qt's focus chain across the hidden pages, which
        looped inside the firm page.
        """
        if not self.loaded:
            return super().focusNextPrevChild(next)
        page = self.pages[self.stack.currentIndex()]
        chain: list[QWidget] = [self.steps]
        chain += [
            w
            for w in page.focus_chain()
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        widget = QApplication.focusWidget()
        while widget is not None and widget not in chain:
            widget = widget.parentWidget()
        if widget is None:
            return super().focusNextPrevChild(next)
        target = chain[(chain.index(widget) + (1 if next else -1)) % len(chain)]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        if isinstance(target, QLineEdit):
            target.selectAll()
        return True

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, path=path: self.open_path(Path(path)))
        self.recent_menu.setEnabled(bool(files))

    def retranslate(self) -> None:
        """Set every text of the window in the current language."""
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.new_action.setText(self.tr("新建(&N)"))
        self.open_action.setText(self.tr("打开(&O)…"))
        self.sample_action.setText(self.tr("打开示例企业"))
        self.recent_menu.setTitle(self.tr("最近打开"))
        self.save_action.setText(self.tr("保存(&S)"))
        self.save_as_action.setText(self.tr("另存为(&A)…"))
        self.quit_action.setText(self.tr("退出(&Q)"))
        self.view_menu.setTitle(self.tr("查看(&V)"))
        self.catalog_action.setText(self.tr("政策目录"))
        self.language_menu.setTitle(self.tr("语言 / Language"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.about_action.setText(self.tr("关于"))
        for language, action in self.language_actions.items():
            action.setChecked(language == current_language())
        for menu in (self.file_menu, self.view_menu):
            menu.setEnabled(self.loaded)
        if not self.loaded:
            self.loading.setText(self.tr("正在载入政策目录…"))
        names = [
            self.tr("1 企业信息"),
            self.tr("2 适用政策"),
            self.tr("3 申报数据"),
            self.tr("4 测算结果"),
            self.tr("5 生成材料"),
            self.tr("批量申报"),
        ]
        self.step_names = names
        self._show_marks()
        self.previous_step_action.setText(self.tr("上一步"))
        self.next_step_action.setText(self.tr("下一步"))
        for row, action in enumerate(self.step_actions):
            action.setText(names[row])
        self._rebuild_recent()
        self._update_title()
        self._refresh_status()

    def _generated(self, firm_json: str) -> None:
        self.generated_for = firm_json
        self._show_marks()

    def _show_marks(self) -> None:
        if self.document is None:
            return
        from desktop.gui.steps import step_marks  # with the engine: loaded after the first paint

        generated = self.generated_for is not None and self.generated_for == self.document.to_json()
        marks = step_marks(self.document, generated)
        tips = {"✓": self.tr("已完成"), "!": self.tr("需要处理"), "": self.tr("尚未填写")}
        for row, name in enumerate(self.step_names[: self.steps.count()]):
            item = self.steps.item(row)
            item.setText(f"{name}  {marks[row]}" if marks[row] else name)
            item.setToolTip(tips[marks[row]] if row < 5 else "")
            item.setForeground(QColor({"!": "#b9770e", "✓": "#1e7b34"}.get(marks[row], "#202020")))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_all()
        super().changeEvent(event)

    def _retranslate_all(self) -> None:
        self.retranslate()
        for page in self.pages:
            page.retranslate()

    def change_language(self, language: str) -> None:
        """Switch the interface language now and remember it."""
        if set_language(language):
            self.settings.language = language
        self._retranslate_all()

    # -- state ---------------------------------------------------------------------------------
    def _update_title(self) -> None:
        program = program_name()
        if self.document is None:
            self.setWindowTitle(program)
            return
        name = self.document.data["firm"].get("name") or self.tr("未命名企业")
        where = f" — {self.document.path.name}" if self.document.path else ""
        self.setWindowTitle(f"{name}{where}[*] — {program}")
        self.setWindowModified(self.document.dirty)

    def _show_step(self, row: int) -> None:
        if row in self._stale:
            self._stale.discard(row)
            self.pages[row].refresh()
        self.stack.setCurrentIndex(row)

    def _refresh(self) -> None:
        """Refresh the page in view now and the others when they are shown: an edit stays instant."""
        current = self.stack.currentIndex()
        self._stale = set(range(len(self.pages))) - {current}
        self.pages[current].refresh()
        self._update_title()
        self._refresh_status()
        self._show_marks()

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

    # -- files ---------------------------------------------------------------------------------
    def ask_to_save(self) -> bool:
        """Return True when it is fine to drop the current firm (saved, discarded, or unchanged)."""
        if not self.document.dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("尚未保存"),
            self.tr("“{name}”有未保存的修改，是否保存？").format(
                name=self.document.data["firm"].get("name") or self.tr("未命名企业")
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_file(self) -> None:
        """Start a new firm, with the cursor in its first field."""
        if self.ask_to_save():
            self.document.new(self.document.data["firm"].get("city") or "chengdu")
            self.go_to_step(0)

    def open_dialog(self) -> None:
        """Ask for a firm file and open it."""
        if not self.ask_to_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开企业文件"), self.settings.file_folder, self.file_filter()
        )
        if path:
            self.settings.remember_file(path)
            self.open_path(Path(path), ask=False)

    def file_filter(self) -> str:
        """Return the file dialogs' filter for firm files, in the interface language."""
        return self.tr("企业文件 (*.json)")

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a firm file; return False when it could not be opened (the user is told why)."""
        if ask and not self.ask_to_save():
            return False
        try:
            self.document.open(path)
        except GrantDeskError as exc:
            QMessageBox.warning(self, self.tr("无法打开"), "\n".join(exc.lines()))
            return False
        self.settings.add_recent(path)
        self._rebuild_recent()
        if self.document.problems:
            self.statusBar().showMessage(
                self.tr("文件中有 {count} 处需要修正，已在相应字段标出").format(
                    count=len(self.document.problems)
                ),
                8000,
            )
        return True

    def open_sample(self) -> None:
        """Open the sample firm as an unsaved copy."""
        if self.ask_to_save():
            self.document.load_data(
                json.loads((samples_dir() / FIRST_SAMPLE).read_text(encoding="utf-8")), None
            )
            self.steps.setCurrentRow(3)

    def save(self) -> bool:
        """Save to the current file, or ask where; return True when saved."""
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        """Ask for a file name and save there; return True when saved."""
        suggested = (self.document.data["firm"].get("name") or self.tr("企业")) + ".json"
        folder = str(self.document.path.parent) if self.document.path else self.settings.file_folder
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为"), str(Path(folder) / suggested), self.file_filter()
        )
        if not path:
            return False
        self.settings.remember_file(path)
        if not path.endswith(".json"):
            path += ".json"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except OSError as exc:
            from desktop.os_errors import output_error

            QMessageBox.warning(self, self.tr("无法保存"), str(output_error(exc, path)))
            return False
        self.settings.add_recent(path)
        self._rebuild_recent()
        self.discard_autosave()
        self.statusBar().showMessage(self.tr("已保存 {path}").format(path=path), 5000)
        return True

    # -- autosave and recovery -----------------------------------------------------------------
    def autosave(self) -> None:
        """Keep a copy of this document's unsaved changes in the data folder (every few seconds)."""
        try:
            self.autosaver.save()
        except OSError as exc:  # a full or read-only data folder: say so in passing, keep working
            from desktop.gui.autosave import autosave_dir
            from desktop.os_errors import describe

            self.statusBar().showMessage(self.tr("无法自动保存：") + describe(exc, autosave_dir()), 8000)

    def discard_autosave(self) -> None:
        """Remove this document's autosave after a save or a deliberate discard (no other window's)."""
        self.autosaver.discard()

    def offer_recovery(self) -> bool:
        """Offer, one by one, the autosaves a crashed program left; return True when one was restored.

        Declined ones are removed; after one is restored the others stay for the next start.
        """
        from desktop.gui.autosave import orphans

        left = orphans()
        for number, saved in enumerate(left):
            name = saved.data.get("firm", {}).get("name") if isinstance(saved.data.get("firm"), dict) else ""
            answer = QMessageBox.question(
                self,
                self.tr("恢复未保存的内容"),
                self.tr(
                    "程序上次未正常关闭，“{name}”（{where}）有未保存的修改（自动保存于 {time}）。是否恢复？"
                ).format(
                    name=name or self.tr("未命名企业"),
                    where=str(saved.path) if saved.path else self.tr("尚未保存的新企业"),
                    time=saved.saved,
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.document.load_data(saved.data, saved.path, dirty=True)
                self.autosaver.adopt(saved)
                if len(left) > number + 1:
                    self.statusBar().showMessage(
                        self.tr("还有 {count} 份自动保存，下次启动时会再询问").format(
                            count=len(left) - number - 1
                        ),
                        15000,
                    )
                return True
            saved.discard()
        return False

    def start(self, path: Path | None = None) -> None:
        """What happens once the window is shown: recovery, the file asked for, the firm open last
        time, or the sample on first start."""
        recent = self.settings.recent_files()
        if self.offer_recovery():
            pass
        elif path is not None:
            self.open_path(path, ask=False)
        elif recent and not self.settings.first_start:
            if self.open_path(Path(recent[0]), ask=False):
                self.statusBar().showMessage(
                    self.tr("已打开上次的企业文件 {path}").format(path=recent[0]), 10000
                )
        elif self.settings.first_start:
            self.document.load_data(
                json.loads((samples_dir() / FIRST_SAMPLE).read_text(encoding="utf-8")), None
            )
            self.steps.setCurrentRow(3)
            self.statusBar().showMessage(
                self.tr("已打开示例企业，可随意修改；“文件 → 新建”开始填写自己的企业。"), 15000
            )
        self.settings.mark_started()

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
            QTimer.singleShot(0, lambda: self.open_path(path))  # not inside the drop: the question may show
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
        if self.ask_to_save():
            self.discard_autosave()  # saved, unchanged, or deliberately discarded: nothing to recover
            self.autosave_timer.stop()
            self.settings.geometry = self.saveGeometry()
            event.accept()
        else:
            event.ignore()

    # -- dialogs -------------------------------------------------------------------------------
    def show_catalog(self) -> None:
        """Show the documents and guides in use and every measure of the catalog."""
        self.catalog_window = CatalogDialog(self.catalog, self)
        self.catalog_window.files.catalog_changed.connect(self.use_catalog)
        self.catalog_window.show()

    def use_catalog(self, catalog: Catalog) -> None:
        """Work with a catalog that gained or lost a document or guide: recalculate the open firm."""
        self.catalog = catalog
        self.document.catalog = catalog
        self.batch_page.catalog = catalog
        self.document.recalculate()

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
