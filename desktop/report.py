"""The engine's result as terminal text and as the JSON of profile.md."""

from __future__ import annotations

import unicodedata
from typing import Any

from desktop.catalog.describe import (
    describe_award,
    describe_call,
    describe_guide_entry,
    describe_window,
    jurisdiction_heading,
)
from desktop.catalog.loader import BUNDLED, Catalog, CatalogFile
from desktop.catalog.model import Guide, Window
from desktop.engine.calls import guides_of, receiving_bureau
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


def _names_source(result: MeasureResult, catalog: Catalog) -> bool:
    """Return True when the reader must be told which document (or guide) a measure came from:
    its jurisdiction has several documents, or a guide applies."""
    return result.guide is not None or len(catalog.documents.get(result.jurisdiction.key, ())) > 1


def source_text(result: MeasureResult) -> str:
    """Return where the measure's figures come from: ``依据《文件》 · 年度指南《指南》，申报截止 …``."""
    text = f"依据《{result.document}》{result.measure.clause}"
    if result.guide is not None:
        text += f" · 年度指南《{result.guide.guide}》"
    return text


def render_text(firm: FirmFile, result: FirmResult, catalog: Catalog) -> str:
    """Return the calc report: a header, one block per measure with its reasons, and the totals."""
    reached = catalog.cities[firm.firm.city].reaches
    heading = " + ".join(jurisdiction_heading(catalog.jurisdictions[key]) for key in reached)
    lines = [f"{firm.firm.name} · {firm.year} 业绩年度 · {heading}"]
    lines.extend(call_lines(firm, result, catalog))
    title_width = min(30, max(display_width(r.measure.title) for r in result.measures) + 2)
    for measure_result in result.measures:
        row = pad(measure_result.id, 7) + pad(measure_result.measure.title, title_width, gap=2)
        row += pad(status_text(measure_result), 22) + amount_text(measure_result)
        lines.append(row.rstrip())
        if _names_source(measure_result, catalog):
            lines.append(INDENT + source_text(measure_result))
        for reason in measure_result.reasons():
            lines.append(INDENT + reason)
    lines.append("")
    total = f"合计 {format_grouped(result.total)} 元"
    if result.total_up_to:
        total += f"，另有最高额 {format_grouped(result.total_up_to)} 元待年度指南确定"
    lines.append(total)
    lines.extend(f"⚠ {warning}" for warning in result.warnings)
    return "\n".join(lines) + "\n"


def call_lines(firm: FirmFile, result: FirmResult, catalog: Catalog) -> list[str]:
    """Return what the year's guides say of the call (period, windows, receiving bureau, submission,
    notes), a block per guide, for the head of the calc report."""
    lines: list[str] = []
    guides = guides_of(result.measures)
    for guide in guides:
        issuer = f" · {guide.issued_by}" if guide.issued_by else ""
        lines.append(f"年度指南《{guide.guide}》{issuer}")
        lines.extend(INDENT + line for line in describe_call(guide))
    if any(guide.submission is not None for guide in guides):
        lines.append(f"{INDENT}受理单位：{receiving_bureau(firm, guides, catalog)}")
    return lines


def result_json(firm: FirmFile, result: FirmResult, catalog: Catalog) -> dict[str, Any]:
    """Return the calc result as the JSON object of profile.md, with extra descriptive fields."""
    return {
        "year": result.year,
        "city": result.city,
        "firm": {"name": firm.firm.name, "credit_code": firm.firm.credit_code},
        "catalog_version": catalog.version,
        "measures": [_measure_json(r) for r in result.measures],
        "guides": [_guide_json(guide) for guide in guides_of(result.measures)],
        "receiving_bureau": receiving_bureau(firm, guides_of(result.measures), catalog),
        "total": str(result.total),
        "total_up_to": str(result.total_up_to),
        "warnings": list(result.warnings),
    }


def _window_json(window: Window) -> dict[str, str]:
    return {"label": window.label, "from": window.from_.isoformat(), "to": window.to.isoformat()}


def _guide_json(guide: Guide) -> dict[str, Any]:
    period = guide.eligible_period
    return {
        "name": guide.guide,
        "jurisdiction": guide.jurisdiction,
        "year": guide.year,
        "issued_by": guide.issued_by,
        "eligible_period": (
            {"from": period.from_.isoformat(), "to": period.to.isoformat()} if period is not None else None
        ),
        "application_windows": [_window_json(window) for window in guide.windows],
        "submission": guide.submission.model_dump(mode="json") if guide.submission is not None else None,
        "notes": list(guide.notes),
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
        "document": result.document,
        "guide": result.guide_name or None,
        "application_window": (
            {"from": result.window.from_.isoformat(), "to": result.window.to.isoformat()}
            if result.window
            else None
        ),
        "deadline": result.deadline.isoformat() if result.deadline else None,
        "eligible_period": (
            {"from": result.period.from_.isoformat(), "to": result.period.to.isoformat()}
            if result.period is not None
            else None
        ),
        "other_support": [
            {"source": source, "amount": str(amount)} for source, amount in result.other_support
        ],
        "reasons": result.reasons(),
        "missing": result.missing,
    }


def _file_line(item: CatalogFile, catalog: Catalog) -> str:
    if item.document is not None:
        document = item.document
        heading = jurisdiction_heading(document)
        detail = f"{heading} 有效期 {describe_window(document)}"
    else:
        guide = item.guide
        assert guide is not None
        heading = jurisdiction_heading(catalog.jurisdictions[guide.jurisdiction])
        detail = f"{heading} {guide.year} 业绩年度"
        if guide.application_window is not None:
            detail += f" 申报时间 {guide.application_window.text()}"
    where = "" if item.origin == BUNDLED else f" · {item.who_added} · {item.path}"
    return f"  [{item.origin}] {item.kind_label}《{item.name}》 {detail}{where}"


def render_catalog_text(catalog: Catalog) -> str:
    """Return the documents and guides in use (bundled and added, with validity and origin), the
    files skipped, then every measure with clause and award rule, grouped by document."""
    lines = [f"政策目录 {catalog.version}", "", "政策文件与年度指南："]
    lines.extend(_file_line(item, catalog) for item in catalog.files)
    for error in catalog.skipped:
        lines.append(f"  [已跳过] {error.source}")
        lines.extend(f"      ✗ {problem}" for problem in error.problems)
    for documents in catalog.documents.values():
        for jurisdiction in documents:
            lines.append("")
            source = f" · 来源 {jurisdiction.source_file}" if jurisdiction.source_file else ""
            lines.append(
                f"{jurisdiction_heading(jurisdiction)} 《{jurisdiction.document}》 "
                f"有效期 {describe_window(jurisdiction)}{source}"
            )
            for measure in jurisdiction.measures:
                lines.append(f"  {pad(measure.id, 7)}{measure.title} · {measure.clause}")
                lines.append(f"  {INDENT}{describe_award(measure, catalog)}")
    for guide in catalog.guides.values():
        lines.append("")
        window = f" 申报时间 {guide.application_window.text()}" if guide.application_window else ""
        lines.append(f"年度指南《{guide.guide}》 {guide.jurisdiction} {guide.year} 业绩年度{window}")
        for measure_id, entry in guide.measures.items():
            lines.append(f"  {pad(measure_id, 7)}{describe_guide_entry(entry)}")
    return "\n".join(lines) + "\n"


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """Return the catalog listing as JSON: the files in use, and each measure with clause,
    validity, award rule and the document it comes from."""
    measures = []
    for documents in catalog.documents.values():
        for jurisdiction in documents:
            for measure in jurisdiction.measures:
                measures.append(
                    {
                        "id": measure.id,
                        "title": measure.title,
                        "title_en": measure.title_en,
                        "jurisdiction": jurisdiction.key,
                        "document": jurisdiction.document,
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
    files = []
    for item in catalog.files:
        entry: dict[str, Any] = {**item.record(), "path": str(item.path)}
        if item.origin != BUNDLED:
            entry["added_by"] = item.added_by or None
            entry["added_at"] = item.added_at or None
        if item.document is not None:
            entry["jurisdiction"] = item.document.key
            entry["valid_from"] = item.document.valid_from.isoformat()
            entry["valid_to"] = item.document.valid_to.isoformat() if item.document.valid_to else None
        elif item.guide is not None:
            entry["jurisdiction"] = item.guide.jurisdiction
            entry["year"] = item.guide.year
            window = item.guide.application_window
            entry["application_window"] = (
                {"from": window.from_.isoformat(), "to": window.to.isoformat()} if window else None
            )
        files.append(entry)
    skipped = [{"file": e.source, "problems": [str(p) for p in e.problems]} for e in catalog.skipped]
    return {"version": catalog.version, "files": files, "skipped": skipped, "measures": measures}
