"""What the templates see: the firm, the engine's figures and reasons, formatted for print; nothing recomputed."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop import __version__
from desktop.catalog.describe import describe_award, jurisdiction_heading
from desktop.catalog.loader import Catalog
from desktop.engine.result import STATUS_LABELS, Check, FirmResult, MeasureResult, Status
from desktop.firm import FirmFile
from desktop.money import format_grouped, to_capital

COMMON_ATTACHMENTS = (
    "跨境电商政策资金申报书(本套材料)",
    "信用承诺书",
    "营业执照(副本)复印件",
    "法定代表人身份证复印件",
    "银行开户许可证或基本存款账户信息",
)


def date_text(day: date) -> str:
    """Return a date as forms write it: ``2026年3月1日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def applied(result: FirmResult) -> list[MeasureResult]:
    """Return the measures the packet applies for: eligible, with money, counted in the totals."""
    return [measure for measure in result.measures if measure.status is Status.ELIGIBLE and measure.counted]


def _firm(firm: FirmFile, catalog: Catalog) -> dict[str, str]:
    info = firm.firm
    return {
        "name": info.name,
        "credit_code": info.credit_code,
        "city": info.city,
        "city_name": catalog.cities[info.city].name,
        "established": date_text(info.established) if info.established else "",
        "roles": "、".join(catalog.roles[role].label for role in info.roles),
        "legal_representative": info.legal_representative,
        "contact_person": info.contact_person,
        "contact_phone": info.contact_phone,
        "address": info.address,
        "bank_name": info.bank_name,
        "bank_account": info.bank_account,
    }


def _condition_rows(checks: list[Check], depth: int = 0) -> list[dict[str, str]]:
    rows = []
    for check in checks:
        condition, _, figure = check.text.partition("：")
        verdict = {True: "✓ 满足", False: "✗ 不满足", None: "? 待补充"}[check.holds]
        rows.append({"indent": "　" * depth, "condition": condition, "figure": figure, "verdict": verdict})
        rows.extend(_condition_rows(list(check.children), depth + 1))
    return rows


def not_applied_reason(measure: MeasureResult) -> str:
    """Return the one-line reason a measure is not applied for."""
    if measure.status is Status.ELIGIBLE:
        return measure.warnings[-1] if measure.warnings else "金额为 0"
    if measure.summary and measure.status is not Status.UNQUANTIFIED:
        return measure.summary
    if measure.status is Status.UNQUANTIFIED:
        return "政策未规定金额，按有关规定给予支持"
    failed = [check for check in measure.checks if check.holds is False]
    if failed:
        return "；".join(f"✗ {check.text}" for check in failed[:2])
    return measure.summary or STATUS_LABELS[measure.status]


def measure_context(measure: MeasureResult, catalog: Catalog) -> dict[str, Any]:
    """Return the fields of one measure's application form."""
    jurisdiction = measure.jurisdiction
    return {
        "id": measure.id,
        "title": measure.measure.title,
        "clause": measure.measure.clause,
        "quote": measure.measure.quote,
        "document": jurisdiction.document,
        "document_short": f"{jurisdiction.name} ",
        "jurisdiction_name": jurisdiction_heading(jurisdiction),
        "source_file": jurisdiction.source_file,
        "rule": describe_award(measure.measure, catalog),
        "conditions": _condition_rows(measure.checks),
        "arithmetic": list(measure.arithmetic),
        "notes": list(dict.fromkeys(measure.notes + measure.warnings)),
        "attachments": list(measure.measure.attachments),
        "amount": measure.award,
        "amount_text": format_grouped(measure.award),
        "amount_capital": to_capital(measure.award),
        "up_to": measure.up_to,
        "claimed": measure.claimed,
        "guide": measure.guide_name,
        "application_window": measure.window.text() if measure.window else "",
        "deadline": date_text(measure.deadline) if measure.deadline else "",
    }


def checklist(result: FirmResult) -> list[dict[str, str]]:
    """Return every document the applied measures need, each once, with the measures needing it."""
    needed: dict[str, list[str]] = {name: ["全部"] for name in COMMON_ATTACHMENTS}
    for measure in applied(result):
        for attachment in measure.measure.attachments:
            if attachment in needed and needed[attachment] == ["全部"]:
                continue
            needed.setdefault(attachment, []).append(measure.id)
    return [{"name": name, "measures": "、".join(ids)} for name, ids in needed.items()]


def packet_context(firm: FirmFile, result: FirmResult, catalog: Catalog, day: date) -> dict[str, Any]:
    """Return the context shared by every template of one firm's packet."""
    chosen = applied(result)
    reached = catalog.cities[firm.firm.city].reaches
    not_applied = [m for m in result.measures if m not in chosen]
    return {
        "firm": _firm(firm, catalog),
        "year": firm.year,
        "date_text": date_text(day),
        "date": day.isoformat(),
        "jurisdictions_text": " + ".join(jurisdiction_heading(catalog.jurisdictions[key]) for key in reached),
        "applied": [measure_context(m, catalog) for m in chosen],
        "not_applied": [
            {
                "id": m.id,
                "title": m.measure.title,
                "status_text": STATUS_LABELS[m.status] + ("(不计入)" if m.status is Status.ELIGIBLE else ""),
                "reason": not_applied_reason(m),
            }
            for m in not_applied
        ],
        "total": result.total,
        "total_text": format_grouped(result.total),
        "total_capital": to_capital(result.total),
        "total_up_to": result.total_up_to,
        "total_up_to_text": format_grouped(result.total_up_to),
        "total_up_to_capital": to_capital(result.total_up_to),
        "has_up_to": result.total_up_to > 0,
        "up_to_count": sum(1 for m in chosen if m.up_to),
        "checklist": checklist(result),
        "program_version": __version__,
        "catalog_version": catalog.version,
    }
