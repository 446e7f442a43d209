"""The names a clerk knows things by, in the interface language: field labels and measure titles, never
keys or codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.credit_code import CHARSET, LENGTH, expected_check_character
from desktop.gui.fields import label_text, without_keys
from desktop.gui.i18n import is_english

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog

_MEASURE_ID = re.compile(r"\b[A-Z]{2,3}-[0-9A-Z]{1,3}\b")


def firm_field_names() -> dict[str, str]:
    """Return the label of every field of the firm block and of the year, by field ("firm.name")."""
    translate = QCoreApplication.translate
    return {
        "firm.name": translate("Fields", "企业名称"),
        "firm.credit_code": translate("Fields", "统一社会信用代码"),
        "firm.city": translate("Fields", "注册城市"),
        "year": translate("Fields", "业绩年度"),
        "firm.established": translate("Fields", "成立日期"),
        "firm.roles": translate("Fields", "企业类型"),
        "firm.district": translate("Fields", "注册所在区（市）县"),
        "firm.legal_representative": translate("Fields", "法定代表人"),
        "firm.contact_person": translate("Fields", "联系人"),
        "firm.contact_phone": translate("Fields", "联系电话"),
        "firm.address": translate("Fields", "注册地址"),
        "firm.bank_name": translate("Fields", "开户银行"),
        "firm.bank_account": translate("Fields", "银行账号"),
        "apply_for": translate("Fields", "申请的政策支持"),
    }


def measure_title(measure_id: str, catalog: Catalog) -> str:
    """Return a measure's title in the interface language (its id when the catalog lacks it)."""
    measure = catalog.measures.get(measure_id)
    if measure is None:
        return measure_id
    return measure.title_en if is_english() else measure.title


def field_name(field: str, catalog: Catalog) -> str:
    """Return what the clerk calls a field: its label on screen, or "" when it has none."""
    names = firm_field_names()
    if field in names:
        return names[field]
    section, _, key = field.partition(".")
    if section == "facts" and key in catalog.facts:
        definition = catalog.facts[key]
        return label_text(definition.label, definition.label_en)
    if section == "claims":
        return QCoreApplication.translate("Fields", "{measure} 核定金额").format(
            measure=measure_title(key, catalog)
        )
    return ""


def readable(text: str, catalog: Catalog) -> str:
    """Return engine text as a clerk reads it: measure codes become their titles in quotes
    (``（适用 CD-3C）`` → ``（适用 “参与平台出海项目”）``), field keys go."""

    def title(match: re.Match[str]) -> str:
        code = match.group(0)
        return f"“{measure_title(code, catalog)}”" if code in catalog.measures else code

    return without_keys(_MEASURE_ID.sub(title, text))


def _static_problems() -> dict[str, str]:
    """Return the file checks' fixed messages (desktop.errors.VALIDATION_MESSAGES) in the interface language."""
    translate = QCoreApplication.translate
    return {
        "缺少必填字段": translate("Problems", "缺少必填字段"),
        "应为整数": translate("Problems", "应为整数"),
        "应为文本": translate("Problems", "应为文本"),
        "应为日期，格式 YYYY-MM-DD": translate("Problems", "应为日期，格式 YYYY-MM-DD"),
        "不能为空": translate("Problems", "不能为空"),
        "格式不符": translate("Problems", "格式不符"),
        "不是允许的取值": translate("Problems", "不是允许的取值"),
        "超出允许范围": translate("Problems", "超出允许范围"),
    }


def credit_code_text(code: str) -> str | None:
    """Return why a unified social credit code is wrong, in the interface language, or None when it is right."""
    translate = QCoreApplication.translate
    if len(code) != LENGTH:
        return translate("Problems", "统一社会信用代码应为 18 位，实为 {count} 位").format(count=len(code))
    bad = sorted({char for char in code if char not in CHARSET})
    if bad:
        return translate(
            "Problems", "统一社会信用代码含不允许的字符 {chars}（只允许数字和除 I、O、S、V、Z 外的大写字母）"
        ).format(chars="、".join(bad))
    expected = expected_check_character(code[:17])
    if code[17] != expected:
        return translate(
            "Problems", "统一社会信用代码校验位错误：第 18 位是 {found}，按 GB 32100-2015 应为 {expected}"
        ).format(found=code[17], expected=expected)
    return None


def problem_text(field: str, message: str, data: dict) -> str:
    """Return a problem with a field of the firm file as the clerk reads it, in the interface language."""
    if field == "firm.credit_code":
        code = str(data.get("firm", {}).get("credit_code") or "").strip().upper()
        return credit_code_text(code) or without_keys(message)
    return _static_problems().get(message, without_keys(message))
