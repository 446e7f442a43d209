"""Step 1, 企业信息: who the firm is; the credit code is checked as it is typed."""

from __future__ import annotations

import itertools
import re

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.engine.calls import guides_of, receiving_bureau
from desktop.gui.changes import CHANGE_STYLE, show_change
from desktop.gui.dates import DateTextError, parse_date
from desktop.gui.document import FirmDocument
from desktop.gui.field_names import firm_field_names, problem_text
from desktop.gui.fields import EnterMovesOn, heading_label, label_text, mark_error, set_style, without_keys
from desktop.gui.i18n import is_english

_SPACES = re.compile(r"\s+")
UNANSWERED = "__unanswered__"
NOT_A_YEAR = 1999  # the year field's blank: the file's year is not a number

TEXT_FIELDS = (
    "name",
    "credit_code",
    "legal_representative",
    "contact_person",
    "contact_phone",
    "address",
    "bank_name",
    "bank_account",
)


FIRM_FIELDS = frozenset(
    [f"firm.{key}" for key in (*TEXT_FIELDS, "city", "district", "established", "roles")] + ["year"]
)


class FirmPage(QWidget):
    """The firm block of the firm file and the performance year."""

    def __init__(self, document: FirmDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        catalog = document.catalog
        # Fields left empty on a new firm are not flagged until they are visited or the firm is saved.
        self.touched: set[str] = set()
        self._reload = False
        self.edits: dict[str, QLineEdit] = {key: QLineEdit(self) for key in TEXT_FIELDS}
        self.edits["credit_code"].setMaxLength(40)  # pasted text may carry spaces; they are removed
        self.credit_status = QLabel(self)
        self.credit_status.setWordWrap(True)
        self.city = QComboBox(self)
        for key, city in catalog.cities.items():
            self.city.addItem(city.name, key)
        self.city.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.established = QLineEdit(self)
        self.established.setMaximumWidth(200)
        self.calendar_button = QToolButton(self)
        self.calendar = QCalendarWidget(self)
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.calendar.clicked.connect(self._calendar_chosen)
        self.calendar.activated.connect(self._calendar_chosen)
        self.established_status = QLabel(self)
        self.established_status.setWordWrap(True)
        self.year = QSpinBox(self)
        # The lowest value, shown blank, stands for a year the file holds that is not a number ("二〇二五"):
        # never a year shown that the file does not hold.
        self.year.setRange(NOT_A_YEAR, 2099)
        self.year.setSpecialValueText(" ")
        self.year.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.year_status = QLabel(self)
        self.year_status.setWordWrap(True)
        set_style(self.year_status, "color: #c0392b;")
        self.roles = {key: QCheckBox(role.label, self) for key, role in catalog.roles.items()}
        self.district = QLineEdit(self)
        self.district.setMaxLength(40)
        self.bureau = QLabel(self)
        self.bureau.setWordWrap(True)
        # The conditions every call asks (依法纳税, the 信用中国 lists): asked once, here.
        self.conditions = QGroupBox(self)
        self.conditions_intro = QLabel(self.conditions)
        self.conditions_intro.setWordWrap(True)
        self.answers: dict[str, QComboBox] = {}
        self.answer_labels: dict[str, QLabel] = {}
        conditions_form = QFormLayout(self.conditions)
        conditions_form.addRow(self.conditions_intro)
        for key, definition in catalog.facts.items():
            if not definition.universal:
                continue
            box = QComboBox(self.conditions)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            label = QLabel(self.conditions)
            label.setBuddy(box)
            self.answers[key] = box
            self.answer_labels[key] = label
            conditions_form.addRow(label, box)
            box.activated.connect(lambda _, key=key: self._answered(key))

        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}

        def row(key: str, widget: QWidget) -> None:
            label = QLabel(self)
            label.setBuddy(widget.focusProxy() or widget)
            self.labels[key] = label
            self.form.addRow(label, widget)

        row("name", self.edits["name"])
        credit = QWidget(self)
        credit_layout = QVBoxLayout(credit)
        credit_layout.setContentsMargins(0, 0, 0, 0)
        credit_layout.addWidget(self.edits["credit_code"])
        credit_layout.addWidget(self.credit_status)
        credit.setFocusProxy(self.edits["credit_code"])
        row("credit_code", credit)
        row("city", self.city)
        district = QWidget(self)
        district_layout = QHBoxLayout(district)
        district_layout.setContentsMargins(0, 0, 0, 0)
        district_layout.addWidget(self.district)
        district_layout.addWidget(self.bureau, 1)
        district.setFocusProxy(self.district)
        row("district", district)
        year = QWidget(self)
        year_layout = QHBoxLayout(year)
        year_layout.setContentsMargins(0, 0, 0, 0)
        year_layout.addWidget(self.year)
        year_layout.addWidget(self.year_status, 1)
        year.setFocusProxy(self.year)
        row("year", year)
        established = QWidget(self)
        established_layout = QHBoxLayout(established)
        established_layout.setContentsMargins(0, 0, 0, 0)
        established_layout.addWidget(self.established)
        established_layout.addWidget(self.calendar_button)
        established_layout.addWidget(self.established_status, 1)
        established.setFocusProxy(self.established)
        row("established", established)
        roles = QWidget(self)
        roles_layout = QHBoxLayout(roles)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.roles.values():
            roles_layout.addWidget(box)
        roles_layout.addStretch(1)
        row("roles", roles)
        self.contacts = QGroupBox(self)
        contacts_form = QFormLayout(self.contacts)
        for key in TEXT_FIELDS[2:]:
            label = QLabel(self)
            label.setBuddy(self.edits[key])
            self.labels[key] = label
            contacts_form.addRow(label, self.edits[key])
        self.heading = heading_label(self)
        self.change = QLabel(self)
        self.change.setStyleSheet(CHANGE_STYLE)
        self.change.setWordWrap(True)
        self.change.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.change)
        groups = QHBoxLayout()  # side by side: the page still fits a 1280×720 screen
        groups.addWidget(self.conditions, 1)
        groups.addWidget(self.contacts, 1)
        layout.addLayout(groups)
        layout.addStretch(1)

        self.chain: list[QWidget] = [self.edits["name"], self.edits["credit_code"], self.city, self.district]
        self.chain += [self.year, self.established, self.calendar_button, *self.roles.values()]
        self.chain += [*self.answers.values()]
        self.chain += [self.edits[key] for key in TEXT_FIELDS[2:]]
        for first, second in itertools.pairwise(self.chain):
            QWidget.setTabOrder(first, second)
        self.enter_moves_on = EnterMovesOn(self)
        for key, edit in self.edits.items():
            edit.installEventFilter(self.enter_moves_on)
            if key != "credit_code":
                edit.textEdited.connect(lambda text, key=key: self._edited(key, text.strip()))
            edit.editingFinished.connect(lambda key=key: self._visited(key))
        self.district.installEventFilter(self.enter_moves_on)
        self.district.textEdited.connect(lambda text: self._edited("district", text.strip()))
        self.district.editingFinished.connect(lambda: self._visited("district"))
        self.established.installEventFilter(self.enter_moves_on)
        self.established.editingFinished.connect(lambda: self._visited("established"))
        self.edits["credit_code"].textEdited.connect(self._credit_code_edited)
        document.replaced.connect(self._forget_visits)
        document.restored.connect(self._must_reload)
        self.city.currentIndexChanged.connect(lambda _: self._chosen("city", self.city.currentData()))
        self.year.valueChanged.connect(lambda year: self._chosen("year", year))
        self.established.textEdited.connect(self._established_edited)
        for key, box in self.roles.items():
            box.toggled.connect(lambda checked, key=key: self._role_toggled(key, checked))
        self.retranslate()

    def first_field(self) -> QWidget:
        """Return the first field of the page in tab order."""
        return self.chain[0]

    def focus_chain(self) -> list[QWidget]:
        """Return the page's fields in tab order."""
        return list(self.chain)

    def _forget_visits(self) -> None:
        self.touched = set()
        self._reload = True

    def _must_reload(self) -> None:
        self._reload = True

    def _edited(self, key: str, value: object) -> None:
        self.touched.add(key)
        self.document.set_firm_field(key, value)

    def _chosen(self, key: str, value: object) -> None:
        """A choice made (city, year, a role, a calendar day) is a whole edit."""
        if key == "year":
            if value == NOT_A_YEAR:
                self.refresh()  # stepped down to the blank: no year chosen, the year held is shown again
                return
            self.document.set_year(int(value))
        else:
            self.document.set_firm_field(key, value)
        self.document.commit_edit()

    def _visited(self, key: str) -> None:
        if key not in self.touched:
            self.touched.add(key)
            self.refresh()

    def _credit_code_edited(self, text: str) -> None:
        """Upper-case the code and drop spaces (pasted codes often carry them), keeping the cursor."""
        edit = self.edits["credit_code"]
        clean = _SPACES.sub("", text).upper()
        if clean != text:
            position = edit.cursorPosition()
            removed = len(_SPACES.sub("", text[:position])) - position
            edit.setText(clean)
            edit.setCursorPosition(max(0, position + removed))
        self._edited("credit_code", clean)

    def _established_edited(self, text: str) -> None:
        try:
            parsed = parse_date(text)
        except DateTextError:
            value: str | None = text.strip()  # kept as typed, flagged until fixed
        else:
            value = parsed.isoformat() if parsed else None
        self._edited("established", value)

    def open_calendar(self) -> None:
        """Show the calendar under the date field, on the date typed (or 1 January of the year)."""
        try:
            current = parse_date(self.established.text())
        except DateTextError:
            current = None
        year = self._year() or 2025
        shown = QDate(current.year, current.month, current.day) if current else QDate(year, 1, 1)
        self.calendar.setSelectedDate(shown)
        self.calendar.setCurrentPage(shown.year(), shown.month())
        self.calendar.adjustSize()
        self.calendar.move(self.established.mapToGlobal(self.established.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _calendar_chosen(self, chosen: QDate) -> None:
        text = chosen.toString("yyyy-MM-dd")
        self.established.setText(text)
        self.touched.add("established")
        self._chosen("established", text)
        self.calendar.hide()
        self.established.setFocus()

    def _answered(self, key: str) -> None:
        value = self.answers[key].currentData()
        self.document.set_fact(key, None if value == UNANSWERED else value)
        self.document.commit_edit()  # a choice made is a whole edit

    def _role_toggled(self, key: str, checked: bool) -> None:
        roles = [r for r in self.document.data["firm"].get("roles", []) if r != key]
        if checked:
            roles.append(key)
        ordered = [r for r in self.document.catalog.roles if r in roles]
        self._chosen("roles", ordered)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(self.tr("企业信息"))
        names = firm_field_names()
        for key, label in self.labels.items():
            label.setText(names["year" if key == "year" else f"firm.{key}"])
        self.contacts.setTitle(self.tr("联系人与银行账户"))
        self.edits["name"].setPlaceholderText(self.tr("与营业执照一致"))
        self.edits["credit_code"].setPlaceholderText(self.tr("18 位，见营业执照"))
        self.established.setPlaceholderText(self.tr("年-月-日"))
        self.district.setPlaceholderText(self.tr("如 高新区、锦江区"))
        self.district.setToolTip(
            self.tr("营业执照上的注册地所在区（市）县：申报材料报送该区（市）县的商务主管部门")
        )
        self.conditions.setTitle(self.tr("申报通知通常要求的条件"))
        english = is_english()
        for key, box in self.answers.items():
            definition = self.document.catalog.facts[key]
            self.answer_labels[key].setText(label_text(definition.label, definition.label_en))
            proof = self.tr("证明材料：") + "、".join(definition.proof)
            tip = "\n".join(filter(None, [definition.help if not english else "", proof]))
            box.setToolTip(tip)
            self.answer_labels[key].setToolTip(tip)
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("未回答"), UNANSWERED)
            box.addItem(self.tr("是"), True)
            box.addItem(self.tr("否"), False)
            box.blockSignals(False)
        self.calendar_button.setText(self.tr("日历…"))
        self.calendar_button.setToolTip(self.tr("从日历中选择成立日期"))
        self.established.setProperty("help", self.tr("可写 2024-03-15、2024/3/15、2024年3月15日 或 20240315"))
        catalog = self.document.catalog
        for index, (key, city) in enumerate(catalog.cities.items()):
            self.city.setItemText(index, city.name_en if english else city.name)
            assert self.city.itemData(index) == key
        for key, box in self.roles.items():
            box.setText(label_text(catalog.roles[key].label, catalog.roles[key].label_en))
        self.refresh()

    def refresh(self) -> None:
        """Show the document's values and the problems of each field."""
        firm = self.document.data["firm"]
        reload, self._reload = self._reload, False
        typing = self.document.open_field  # the field typed in is left as typed until it is left
        for key, edit in self.edits.items():
            value = str(firm.get(key) or "")
            if edit.text() != value and (reload or typing != f"firm.{key}"):
                edit.setText(value)
        established = str(firm.get("established") or "")
        if self.established.text() != established and (reload or typing != "firm.established"):
            self.established.setText(established)
        index = self.city.findData(firm.get("city"))
        if index >= 0 and index != self.city.currentIndex():
            self.city.blockSignals(True)
            self.city.setCurrentIndex(index)
            self.city.blockSignals(False)
        year = self._year() or NOT_A_YEAR  # a year that is not a number is flagged, not shown as another
        if self.year.value() != year:
            self.year.blockSignals(True)
            self.year.setValue(year)
            self.year.blockSignals(False)
        for key, box in self.roles.items():
            checked = key in firm.get("roles", [])
            if box.isChecked() != checked:
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)
        district = str(firm.get("district") or "")
        if self.district.text() != district and (reload or typing != "firm.district"):
            self.district.setText(district)
        for key, box in self.answers.items():
            value = self.document.fact(key)
            index = box.findData(UNANSWERED if value is None else value)
            if index >= 0 and index != box.currentIndex():
                box.setCurrentIndex(index)
        self._show_call()
        errors = self.shown_errors()
        district_error = errors.get("firm.district")
        mark_error(
            self.district,
            problem_text("firm.district", district_error, self.document.data) if district_error else None,
        )
        for key, edit in self.edits.items():
            error = errors.get(f"firm.{key}")
            mark_error(edit, problem_text(f"firm.{key}", error, self.document.data) if error else None)
        code_error = errors.get("firm.credit_code")
        if code_error:
            self.credit_status.setText(
                "✗ " + problem_text("firm.credit_code", code_error, self.document.data)
            )
            set_style(self.credit_status, "color: #c0392b;")
        elif firm.get("credit_code") and not self.document.field_errors.get("firm.credit_code"):
            self.credit_status.setText("✓ " + self.tr("校验位正确"))
            set_style(self.credit_status, "color: #1e7b34;")
        else:
            self.credit_status.setText(self.tr("18 位，最后一位为校验位"))
            set_style(self.credit_status, "color: #555;")
        self._show_established(errors.get("firm.established"))
        self._show_year(errors.get("year"))
        show_change(
            self.change, self.document.changes, FIRM_FIELDS | {f"facts.{key}" for key in self.answers}
        )

    def _year(self) -> int | None:
        """Return the performance year as a number, or None when the file holds something else ("二〇二五")."""
        year = self.document.data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not NOT_A_YEAR < year <= 2099:
            return None
        return year

    def _show_year(self, error: str | None) -> None:
        """Say what the file holds when its year is not one the field can show."""
        year = self.document.data.get("year")
        message = ""
        if self._year() is None:
            held = self.tr("文件中的业绩年度为“{value}”，不是年份：请选择业绩年度").format(value=year)
            message = held if year not in (None, "") else self.tr("请选择业绩年度")
        elif error:
            message = problem_text("year", error, self.document.data)
        mark_error(self.year, message or None)
        if self.year_status.text() != message:
            self.year_status.setText(message)

    def _show_call(self) -> None:
        """Say who receives the application, and whether this year's guide makes the conditions binding."""
        result, firm = self.document.result, self.document.firm
        guides = guides_of(result.measures) if result is not None else []
        if firm is not None:
            bureau = receiving_bureau(firm, guides, self.document.catalog)
            self.bureau.setText(self.tr("受理单位：{bureau}").format(bureau=bureau))
        else:
            self.bureau.setText("")
        asked = {
            fact
            for measure in (result.measures if result is not None else [])
            if measure.guide is not None
            for condition in measure.measure.conditions
            for fact in condition.facts()
        }
        if asked & set(self.answers):
            names = "、".join(f"《{guide.guide}》" for guide in guides)
            text = self.tr("{guides}将下列条件作为申报条件：被列入名单的不能申报，未回答的需补充。").format(
                guides=names
            )
        else:
            text = self.tr(
                "各地申报通知通常要求下列条件；本年度尚无年度指南规定时，只在内部核对单和材料清单中提醒，不影响测算金额。"
            )
        self.conditions_intro.setText(text)

    def shown_errors(self) -> dict[str, str]:
        """Return the field errors to flag: all of them, except empty fields of a new firm not yet visited."""
        errors = dict(self.document.field_errors)
        if self.document.path is None:
            firm = self.document.data["firm"]
            for key in list(errors):
                name = key.removeprefix("firm.")
                if key.startswith("firm.") and name not in self.touched and not firm.get(name):
                    del errors[key]
        return errors

    def _show_established(self, error: str | None) -> None:
        text = self.established.text()
        message, colour = "", "#555"
        try:
            parsed = parse_date(text)
        except DateTextError as exc:
            message, colour = str(exc), "#c0392b"
            mark_error(self.established, message)
        else:
            mark_error(self.established, error)
            year = self._year() or 0
            if error:
                message, colour = without_keys(error), "#c0392b"
            elif parsed and year and parsed.year > year:
                message = self.tr("成立日期晚于业绩年度 {year} 年，请核对").format(year=year)
                colour = "#b9770e"
            elif parsed:  # what was understood, however it was typed (2024年3月15日, 20240315 …)
                shown = (
                    parsed.isoformat() if is_english() else f"{parsed.year}年{parsed.month}月{parsed.day}日"
                )
                message = self.tr("= {date}").format(date=shown)
        self.established_status.setText(message)
        set_style(self.established_status, f"color: {colour};")
