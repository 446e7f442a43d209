"""Step 2, 适用政策: yes/no and choice questions, beside the city's measures updating live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.catalog.model import FactKind, guide_condition_facts
from desktop.engine import Status
from desktop.gui.changes import CHANGE_STYLE, show_change
from desktop.gui.document import FirmDocument
from desktop.gui.field_names import measure_title, readable
from desktop.gui.fields import heading_label, label_text, money_text
from desktop.gui.i18n import is_english
from desktop.gui.measure_model import CHANGED_COLOUR, STATUS_COLOURS
from desktop.gui.status_text import status_label
from desktop.gui.steps import relevant_questions

UNANSWERED = "__unanswered__"
ONE_LINE_QUESTION = 28  # characters of a Chinese question that fit the question panel's width at 1366×768
CODE, TITLE, STATUS = range(3)  # the measure table's columns; the code is hidden, the title's tooltip


def two_lines(question: str) -> str:
    """Return a Chinese question longer than ONE_LINE_QUESTION on two lines: before its bracketed part
    when it has one, else in the middle."""
    if len(question) <= ONE_LINE_QUESTION:
        return question
    bracket = min((i for i in (question.find("("), question.find("（")) if i > 0), default=-1)
    cut = (
        bracket
        if bracket > 0 and max(bracket, len(question) - bracket) <= ONE_LINE_QUESTION
        else len(question) // 2
    )
    return question[:cut] + "\n" + question[cut:]


def question_facts(document: FirmDocument) -> list[str]:
    """Return the yes/no and choice facts the measures of any city and the annual guides' conditions
    ask about, in vocabulary order; the conditions every call asks are on 企业信息 instead."""
    catalog = document.catalog
    used = {fact for m in catalog.measures.values() for fact in m.facts()}
    used |= {fact for guide in catalog.guides.values() for fact in guide_condition_facts(guide)}
    return [
        key
        for key, definition in catalog.facts.items()
        if key in used and definition.kind in (FactKind.BOOL, FactKind.ENUM) and not definition.universal
    ]


class ScreeningPage(QWidget):
    """Qualification questions on the left, every measure of the firm's jurisdictions on the right."""

    def __init__(self, document: FirmDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.heading = heading_label(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.change = QLabel(self)
        self.change.setStyleSheet(CHANGE_STYLE)
        self.change.setWordWrap(True)
        self.change.setVisible(False)
        self.questions: dict[str, QComboBox] = {}
        self.question_labels: dict[str, QLabel] = {}
        form_widget = QWidget(self)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # questions about measures for other roles (a park's, a service firm's) are folded away
        self.others = QToolButton(form_widget)
        self.others.setCheckable(True)
        self.others.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.others.setArrowType(Qt.ArrowType.RightArrow)
        self.others.setAutoRaise(True)
        self.others.toggled.connect(self._unfold)
        self.others_body = QWidget(form_widget)
        self.others_form = QFormLayout(self.others_body)
        self.others_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.others_form.setContentsMargins(0, 0, 0, 0)
        self.others_body.setVisible(False)
        for key in question_facts(document):
            box = QComboBox(form_widget)
            label = QLabel(form_widget)  # one line: a long question goes above its answer, unbroken
            label.setBuddy(box)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.questions[key] = box
            self.question_labels[key] = label
            self.form.addRow(label, box)
            box.activated.connect(lambda _, key=key: self._answered(key))
        self._placed: tuple[tuple[str, bool, bool], ...] = ()
        form_layout = QVBoxLayout(form_widget)
        form_layout.addLayout(self.form)
        form_layout.addWidget(self.others)
        form_layout.addWidget(self.others_body)
        form_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        self.measures = QTableWidget(0, 3, self)
        self.measures.verticalHeader().setVisible(False)
        self.measures.setAlternatingRowColors(True)
        self.measures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.measures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.measures.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.measures.setTabKeyNavigation(False)
        self.measures.itemChanged.connect(self._applied_for)
        # Reasons wrap onto more lines instead of ending in "…"; the full text is also the tooltip.
        self.measures.setWordWrap(True)
        self.measures.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.measures.setColumnHidden(
            0, True
        )  # the code: kept for the row's identity and the title's tooltip
        header = self.measures.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.measures.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scroll)
        splitter.addWidget(self.measures)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.change)
        layout.addWidget(splitter, 1)
        self.retranslate()

    def first_field(self) -> QWidget:
        """Return the first question the firm's city asks (or the measure list)."""
        return next((box for box in self._in_order() if box.isVisibleTo(self)), self.measures)

    def focus_chain(self) -> list[QWidget]:
        """Return the page's fields in tab order: the firm's questions, the fold, the other roles'
        questions (when unfolded), then the measure list."""
        relevant = [self.questions[key] for key, mine, _ in self._placed if mine]
        others = [self.questions[key] for key, mine, _ in self._placed if not mine]
        return [*relevant, self.others, *others, self.measures]

    def _in_order(self) -> list[QComboBox]:
        return [self.questions[key] for key, mine, _ in self._placed if mine] or list(self.questions.values())

    def _unfold(self, unfolded: bool) -> None:
        self.others.setArrowType(Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow)
        self.others_body.setVisible(unfolded)

    def _place_questions(self, asked: set[str], relevant: set[str]) -> None:
        """Put the questions concerning the firm's roles in the form and the other roles' under the fold."""
        placed = tuple((key, key in relevant, key in asked) for key in self.questions)
        if placed == self._placed:
            return
        for box in self.questions.values():
            for form in (self.form, self.others_form):
                if form.indexOf(box) >= 0:
                    form.takeRow(box)
        for key, mine, in_city in placed:
            form = self.form if mine or not in_city else self.others_form
            form.addRow(self.question_labels[key], self.questions[key])
            form.setRowVisible(self.questions[key], in_city)
        self._placed = placed

    def _applied_for(self, item: QTableWidgetItem) -> None:
        """Record a tick beside support without an amount: the firm applies for it (项目申请报告)."""
        measure_id = item.data(Qt.ItemDataRole.UserRole)
        if item.column() != TITLE or not measure_id:
            return
        wanted = [m for m in self.document.data.get("apply_for", []) if m != measure_id]
        if item.checkState() == Qt.CheckState.Checked:
            wanted.append(measure_id)
        self.document.set_apply_for(wanted)
        self.document.commit_edit()  # a tick is a whole edit

    def _answered(self, key: str) -> None:
        value = self.questions[key].currentData()
        self.document.set_fact(key, None if value == UNANSWERED else value)
        self.document.commit_edit()  # a choice made is a whole edit

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(self.tr("适用政策"))
        self.intro.setText(
            self.tr("回答下列资格问题，右侧实时显示本市和本省措施是否适用及原因；不知道的可以先不答。")
        )
        english = is_english()
        catalog = self.document.catalog
        for key, box in self.questions.items():
            definition = catalog.facts[key]
            # English breaks between words; Chinese would break mid-word, so it stays on one line, or on
            # two broken where the wording allows when it is longer than the panel is wide at 1366×768
            # (a word-wrapped label beside its answer was cut: QFormLayout gives it one line's height)
            text = label_text(definition.label, definition.label_en)
            self.question_labels[key].setText(text if english else two_lines(text))
            self.question_labels[key].setWordWrap(english)
            users = [
                f"{measure_title(m.id, catalog)} {m.clause}"
                for m in catalog.measures.values()
                if key in m.facts()
            ]
            tip = "\n".join(filter(None, [definition.help, self.tr("用于：") + "；".join(users)]))
            box.setToolTip(tip)
            self.question_labels[key].setToolTip(tip)
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("未回答"), UNANSWERED)
            if definition.kind is FactKind.BOOL:
                box.addItem(self.tr("是"), True)
                box.addItem(self.tr("否"), False)
            else:
                for choice_key, choice in definition.choices.items():
                    box.addItem(label_text(choice.label, choice.label_en), choice_key)
            box.blockSignals(False)
        self.measures.setHorizontalHeaderLabels([self.tr("编号"), self.tr("措施"), self.tr("是否适用及原因")])
        self.measures.horizontalHeaderItem(0).setToolTip(
            self.tr("政策支持事项可勾选申请，生成材料时附项目申请报告")
        )
        self.refresh()

    def refresh(self) -> None:
        """Show the answers, only the questions the firm's city asks, and the measures' statuses."""
        result = self.document.result
        city = self.document.data["firm"].get("city")
        catalog = self.document.catalog
        asked = set()
        if city in catalog.cities:
            asked = {fact for m in catalog.measures_for_city(city) for fact in m.facts()}
        if result is not None:  # with the year's guide applied: the facts its conditions ask
            asked |= {fact for m in result.measures for fact in m.measure.facts()}
        self._place_questions(asked, set(relevant_questions(self.document)))
        folded = sum(1 for _, mine, in_city in self._placed if in_city and not mine)
        self.others.setVisible(folded > 0)
        self.others.setText(self.tr("其他角色的问题（{count}）").format(count=folded))
        for key, box in self.questions.items():
            value = self.document.fact(key)
            index = box.findData(UNANSWERED if value is None else value)
            if index >= 0 and index != box.currentIndex():
                box.setCurrentIndex(index)
        current = self.measures.currentRow()
        selected = (
            self.measures.item(current, 0).text() if current >= 0 and self.measures.item(current, 0) else None
        )
        self.measures.setRowCount(0)
        changes = self.document.changes
        show_change(self.change, changes, {f"facts.{key}" for key in self.questions})
        if result is None:
            return
        english = is_english()
        wanted = set(self.document.data.get("apply_for", []))
        self.measures.blockSignals(True)
        self.measures.setRowCount(len(result.measures))
        for row, measure in enumerate(result.measures):
            reason = measure.summary
            if measure.status is Status.INELIGIBLE:
                failed = [c.sentence for c in measure.checks if c.holds is False]
                reason = failed[0] if failed else reason
            elif measure.status is Status.ELIGIBLE:
                reason = ("≤ " if measure.up_to else "") + money_text(measure.award)
            title = measure.measure.title_en if english else measure.measure.title
            texts = [measure.id, title, readable(f"{status_label(measure)}  {reason}", catalog)]
            tips = [measure.id, f"{measure.id} · {title}", readable("\n".join(measure.reasons()), catalog)]
            change = changes.measures.get(measure.id)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[column])
                if change is not None:
                    item.setBackground(QBrush(QColor(CHANGED_COLOUR)))
                self.measures.setItem(row, column, item)
            self.measures.item(row, 2).setForeground(QBrush(QColor(STATUS_COLOURS[measure.status])))
            if measure.status is Status.UNQUANTIFIED:  # tick to apply for it: a 项目申请报告 is written
                item = self.measures.item(row, TITLE)
                item.setData(Qt.ItemDataRole.UserRole, measure.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = measure.id in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                item.setToolTip(
                    tips[TITLE] + "\n" + self.tr("勾选即申请这项政策支持，生成材料时附项目申请报告")
                )
            if measure.id == selected:
                self.measures.setCurrentCell(row, 0)
        self.measures.blockSignals(False)
        self.measures.setColumnWidth(1, min(240, max(120, self.measures.sizeHintForColumn(1))))
