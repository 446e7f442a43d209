"""The engine's result as terminal text and as the JSON of profile.md."""

from __future__ import annotations

import unicodedata
from typing import Any

from desktop.catalog.describe import describe_award, describe_window, jurisdiction_heading
from desktop.catalog.loader import Catalog
from desktop.engine.result import STATUS_LABELS, FirmResult, MeasureResult, Status
from desktop.firm import FirmFile
from desktop.money import format_grouped

INDENT = " " * 7


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int, gap: int = 1) -> str:
    """Return ``text`` padded with spaces to ``width`` terminal columns, at least ``gap`` of them."""
    return text + " " * max(gap, width - display_width(text))


def status_text(result: MeasureResult) -> str:
    """Return the status as shown in the table: 可申报, 可申报(最高), 不符合 …"""
    label = STATUS_LABELS[result.status]
    if result.status is Status.ELIGIBLE and result.up_to:
        label += "(最高)"
    if result.status is Status.ELIGIBLE and result.claimed:
        label += "(已核定)"
    if result.status is Status.ELIGIBLE and result.provisional:
        label += "(暂不计入)"
    elif result.status is Status.ELIGIBLE and not result.counted:
        label += "(不计入)"
    elif result.status is Status.ELIGIBLE and result.counted_award < result.award:
        label += "(补差)"
    return label


def amount_text(result: MeasureResult) -> str:
    """Return the award column: ``2,000,000 元``, ``≤ 600,000 元`` or empty."""
    if result.status is not Status.ELIGIBLE:
        return ""
    prefix = "≤ " if result.up_to else ""
    return f"{prefix}{format_grouped(result.award)} 元"


def render_text(firm: FirmFile, result: FirmResult, catalog: Catalog) -> str:
    """Return the calc report: a header, one block per measure with its reasons, and the totals."""
    reached = catalog.cities[firm.firm.city].reaches
    heading = " + ".join(jurisdiction_heading(catalog.jurisdictions[key]) for key in reached)
    lines = [f"{firm.firm.name} · {firm.year} 业绩年度 · {heading}"]
    title_width = min(30, max(display_width(r.measure.title) for r in result.measures) + 2)
    for measure_result in result.measures:
        row = pad(measure_result.id, 7) + pad(measure_result.measure.title, title_width, gap=2)
        row += pad(status_text(measure_result), 22) + amount_text(measure_result)
        lines.append(row.rstrip())
        for reason in measure_result.reasons():
            lines.append(INDENT + reason)
    lines.append("")
    total = f"合计 {format_grouped(result.total)} 元"
    if result.total_up_to:
        total += f"，另有最高额 {format_grouped(result.total_up_to)} 元待年度指南确定"
    lines.append(total)
    lines.extend(f"⚠ {warning}" for warning in result.warnings)
    return "\n".join(lines) + "\n"


def result_json(firm: FirmFile, result: FirmResult, catalog: Catalog) -> dict[str, Any]:
    """Return the calc result as the JSON object of profile.md, with extra descriptive fields."""
    return {
        "year": result.year,
        "city": result.city,
        "firm": {"name": firm.firm.name, "credit_code": firm.firm.credit_code},
        "catalog_version": catalog.version,
        "measures": [_measure_json(r) for r in result.measures],
        "total": str(result.total),
        "total_up_to": str(result.total_up_to),
    }


def _measure_json(result: MeasureResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "title": result.measure.title,
        "jurisdiction": result.jurisdiction.key,
        "clause": result.measure.clause,
        "status": result.status.value,
        "award": str(result.award) if result.status is Status.ELIGIBLE else "0",
        "up_to": result.up_to,
        "ceiling": None if result.ceiling is None else str(result.ceiling),
        "claimed": result.claimed,
        "counted": result.counted,
        "counted_award": str(result.counted_award),
        "provisional": result.provisional,
        "draft": result.draft,
        "reasons": result.reasons(),
        "missing": result.missing,
    }


def render_catalog_text(catalog: Catalog) -> str:
    """Return every measure with clause, validity and award rule, grouped by jurisdiction."""
    lines = [f"政策目录 {catalog.version}"]
    for jurisdiction in catalog.jurisdictions.values():
        lines.append("")
        lines.append(
            f"{jurisdiction_heading(jurisdiction)} 《{jurisdiction.document}》 "
            f"有效期 {describe_window(jurisdiction)} · 来源 {jurisdiction.source_file}"
        )
        for measure in jurisdiction.measures:
            lines.append(f"  {pad(measure.id, 7)}{measure.title} · {measure.clause}")
            lines.append(f"  {INDENT}{describe_award(measure, catalog)}")
    return "\n".join(lines) + "\n"


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """Return the catalog listing as JSON: each measure with clause, validity and award rule."""
    measures = []
    for jurisdiction in catalog.jurisdictions.values():
        for measure in jurisdiction.measures:
            measures.append(
                {
                    "id": measure.id,
                    "title": measure.title,
                    "title_en": measure.title_en,
                    "jurisdiction": jurisdiction.key,
                    "source_file": jurisdiction.source_file,
                    "clause": measure.clause,
                    "quote": measure.quote,
                    "valid_from": jurisdiction.valid_from.isoformat(),
                    "valid_to": jurisdiction.valid_to.isoformat() if jurisdiction.valid_to else None,
                    "draft": jurisdiction.draft,
                    "award_kind": measure.award.kind.value,
                    "award_rule": describe_award(measure, catalog),
                    "one_off": measure.one_off,
                    "matter": measure.matter,
                    "facts": measure.facts(),
                    "attachments": measure.attachments,
                }
            )
    return {"version": catalog.version, "measures": measures}
