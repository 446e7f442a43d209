"""Step 1, 企业信息: who the firm is; the credit code is checked as it is typed."""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.document import FirmDocument
from desktop.gui.fields import heading_label, mark_error
from desktop.gui.i18n import is_english

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


class FirmPage(QWidget):
    """The firm block of the firm file and the performance year."""

    def __init__(self, document: FirmDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        catalog = document.catalog
        self.edits: dict[str, QLineEdit] = {key: QLineEdit(self) for key in TEXT_FIELDS}
        self.edits["credit_code"].setMaxLength(18)
        self.edits["credit_code"].setPlaceholderText("91510100MA6CDRM0TN")
        self.credit_status = QLabel(self)
        self.credit_status.setWordWrap(True)
        self.city = QComboBox(self)
        for key, city in catalog.cities.items():
            self.city.addItem(city.name, key)
        self.established = QLineEdit(self)
        self.established.setPlaceholderText("2021-05-10")
        self.established_status = QLabel(self)
        self.year = QSpinBox(self)
        self.year.setRange(2020, 2035)
        self.roles = {key: QCheckBox(role.label, self) for key, role in catalog.roles.items()}

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
        row("year", self.year)
        established = QWidget(self)
        established_layout = QHBoxLayout(established)
        established_layout.setContentsMargins(0, 0, 0, 0)
        established_layout.addWidget(self.established)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.contacts)
        layout.addStretch(1)

        chain = [self.edits["name"], self.edits["credit_code"], self.city, self.year, self.established]
        chain += list(self.roles.values()) + [self.edits[key] for key in TEXT_FIELDS[2:]]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        for key, edit in self.edits.items():
            edit.textEdited.connect(lambda text, key=key: self.document.set_firm_field(key, text.strip()))
        self.edits["credit_code"].textEdited.connect(self._upper_credit_code)
        self.city.currentIndexChanged.connect(
            lambda _: self.document.set_firm_field("city", self.city.currentData())
        )
        self.year.valueChanged.connect(self.document.set_year)
        self.established.textEdited.connect(self._established_edited)
        for key, box in self.roles.items():
            box.toggled.connect(lambda checked, key=key: self._role_toggled(key, checked))
        self.retranslate()

    def _upper_credit_code(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            position = self.edits["credit_code"].cursorPosition()
            self.edits["credit_code"].setText(upper)
            self.edits["credit_code"].setCursorPosition(position)
            self.document.set_firm_field("credit_code", upper.strip())

    def _established_edited(self, text: str) -> None:
        text = text.strip()
        try:
            value = date.fromisoformat(text).isoformat() if text else None
        except ValueError:
            value = text
        self.document.set_firm_field("established", value)

    def _role_toggled(self, key: str, checked: bool) -> None:
        roles = [r for r in self.document.data["firm"].get("roles", []) if r != key]
        if checked:
            roles.append(key)
        ordered = [r for r in self.document.catalog.roles if r in roles]
        self.document.set_firm_field("roles", ordered)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.heading.setText(self.tr("企业信息"))
        texts = {
            "name": self.tr("企业名称"),
            "credit_code": self.tr("统一社会信用代码"),
            "city": self.tr("注册城市"),
            "year": self.tr("业绩年度"),
            "established": self.tr("成立日期"),
            "roles": self.tr("企业类型"),
            "legal_representative": self.tr("法定代表人"),
            "contact_person": self.tr("联系人"),
            "contact_phone": self.tr("联系电话"),
            "address": self.tr("注册地址"),
            "bank_name": self.tr("开户银行"),
            "bank_account": self.tr("银行账号"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.contacts.setTitle(self.tr("联系人与银行账户"))
        english = is_english()
        catalog = self.document.catalog
        for index, (key, city) in enumerate(catalog.cities.items()):
            self.city.setItemText(index, city.name_en if english else city.name)
            assert self.city.itemData(index) == key
        for key, box in self.roles.items():
            box.setText(catalog.roles[key].label_en if english else catalog.roles[key].label)
        self.refresh()

    def refresh(self) -> None:
        """Show the document's values and the problems of each field."""
        firm = self.document.data["firm"]
        for key, edit in self.edits.items():
            value = str(firm.get(key) or "")
            if edit.text() != value and not edit.hasFocus():
                edit.setText(value)
        established = str(firm.get("established") or "")
        if self.established.text() != established and not self.established.hasFocus():
            self.established.setText(established)
        index = self.city.findData(firm.get("city"))
        if index >= 0 and index != self.city.currentIndex():
            self.city.blockSignals(True)
            self.city.setCurrentIndex(index)
            self.city.blockSignals(False)
        if self.year.value() != self.document.data.get("year"):
            self.year.blockSignals(True)
            self.year.setValue(int(self.document.data.get("year") or 2025))
            self.year.blockSignals(False)
        for key, box in self.roles.items():
            checked = key in firm.get("roles", [])
            if box.isChecked() != checked:
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)
        errors = self.document.field_errors
        for key, edit in self.edits.items():
            mark_error(edit, errors.get(f"firm.{key}"))
        code_error = errors.get("firm.credit_code")
        if code_error:
            self.credit_status.setText("✗ " + code_error)
            self.credit_status.setStyleSheet("color: #c0392b;")
        elif firm.get("credit_code"):
            self.credit_status.setText("✓ " + self.tr("校验位正确"))
            self.credit_status.setStyleSheet("color: #1e7b34;")
        else:
            self.credit_status.setText(self.tr("18 位，最后一位为校验位"))
            self.credit_status.setStyleSheet("color: #555;")
        established_error = errors.get("firm.established")
        mark_error(self.established, established_error)
        self.established_status.setText(self.tr("格式 YYYY-MM-DD") if established_error else "")
