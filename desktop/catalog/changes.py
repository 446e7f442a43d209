"""What adding a document or guide changes: measures added, award rules changed, for which years,
the awards of the sample firms (or the open firm), and whether the user must confirm it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.catalog.added import extend
from desktop.catalog.describe import describe_award, describe_call, describe_condition
from desktop.catalog.loader import BUNDLED, Catalog, CatalogFile, Entry, in_force, jurisdiction_entries
from desktop.catalog.model import DocumentFile
from desktop.engine.result import STATUS_LABELS, FirmResult, MeasureResult, Status
from desktop.errors import GrantDeskError
from desktop.money import format_grouped

YEARS_WITHOUT_END = 3  # a document without valid_to is previewed for its first three years at least


def _years(item: CatalogFile, catalog: Catalog) -> list[int]:
    if item.guide is not None:
        return [item.guide.year]
    document = item.document
    assert document is not None
    if document.valid_to:
        last = document.valid_to.year
    else:  # open-ended: at least every year another document of the jurisdiction covers
        others = catalog.documents.get(document.key, [])
        covered = [doc.valid_to.year if doc.valid_to else doc.valid_from.year for doc in others]
        last = max([document.valid_from.year + YEARS_WITHOUT_END - 1, *covered])
    return list(range(document.valid_from.year, last + 1))


def _state(entry: Entry | None, year: int, catalog: Catalog) -> str:
    if entry is None:
        return "无此措施"
    if not in_force(entry.document, year):
        return "不在有效期"
    guided = entry.guide.measures.get(entry.measure.id) if entry.guide is not None else None
    if guided is not None and not guided.open:
        return f"本年度不受理({guided.reason})"
    return describe_award(entry.measure, catalog)


def _year_text(years: list[int]) -> str:
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]} 年"
    return "、".join(str(year) for year in years) + " 年"


@dataclass
class Preview:
    """What installing a file would change: the rule changes line by line, the firms' awards before
    and after, and the changes the user must agree to (a year a document already covers, or a
    measure of a bundled document)."""

    lines: list[str]
    firms: list[str] = field(default_factory=list)
    to_confirm: list[str] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        """Return True when the file changes money the user already relied on."""
        return bool(self.to_confirm)


def _bundled_ids(catalog: Catalog) -> set[str]:
    return {
        m.id
        for item in catalog.files
        if item.origin == BUNDLED and item.document is not None
        for m in item.document.measures
    }


def preview(item: CatalogFile, catalog: Catalog, firms: Iterable[Path] = ()) -> Preview:
    """Return what ``item`` changes against ``catalog``: new cities and measures; for each measure
    whose award rule changes, the years it changes in, before → after; and for each firm file in
    ``firms`` whose city the file reaches, its awards before → after for its year."""
    key = item.document.key if item.document is not None else item.guide.jurisdiction  # type: ignore[union-attr]
    after = extend(catalog, [item])
    lines: list[str] = []
    if isinstance(item.document, DocumentFile):
        lines.extend(
            f"新增城市：{city.name}(适用：{'、'.join(city.reaches)})"
            for city in item.document.cities.values()
        )
        added = [m for m in item.document.measures if m.id not in catalog.measures]
        lines.extend(f"新增措施：{m.id} {m.title}" for m in added)
    bundled = _bundled_ids(catalog)
    changed: dict[tuple[str, str, str], list[int]] = {}
    confirm: set[tuple[str, str, str]] = set()
    for year in _years(item, catalog):
        before = (
            {e.measure.id: e for e in jurisdiction_entries(catalog, key, year)}
            if key in catalog.documents
            else {}
        )
        for entry in jurisdiction_entries(after, key, year):
            earlier = before.get(entry.measure.id)
            old, new = _state(earlier, year, catalog), _state(entry, year, after)
            if old != new and entry.measure.id in catalog.measures:
                change = (entry.measure.id, old, new)
                changed.setdefault(change, []).append(year)
                covered = earlier is not None and in_force(earlier.document, year)
                if covered or entry.measure.id in bundled:
                    confirm.add(change)
    to_confirm = []
    for change, years in changed.items():
        measure_id, old, new = change
        line = f"{measure_id} {after.measures[measure_id].title}：{_year_text(years)} {old} → {new}"
        lines.append(line)
        if change in confirm:
            to_confirm.append(line)
    lines.extend(_guide_lines(item, after))
    firm_lines = [line for path in firms for line in firm_changes(path, catalog, after, key)]
    return Preview(lines or ["不改变任何措施的金额或规则"], firm_lines, to_confirm)


def _guide_lines(item: CatalogFile, after: Catalog) -> list[str]:
    """Return what a guide adds beyond amounts: its facts, conditions, period, windows and submission."""
    guide = item.guide
    if guide is None:
        return []
    lines = [f"新增数据项：{fact.label}" for fact in guide.facts.values()]
    if guide.conditions:
        lines.append(
            "有金额的措施都须满足："
            + "；".join(describe_condition(condition, after.facts) for condition in guide.conditions)
        )
    for measure_id, entry in guide.measures.items():
        if entry.conditions:
            lines.append(
                f"{measure_id} 另须满足："
                + "；".join(describe_condition(condition, after.facts) for condition in entry.conditions)
            )
    lines.extend(line for line in describe_call(guide) if not line.startswith("说明："))
    return lines


def describe_changes(item: CatalogFile, catalog: Catalog) -> list[str]:
    """Return, line by line, what ``item`` changes against ``catalog``: new cities and measures,
    and for each measure whose award rule changes, the years it changes in, before → after."""
    return preview(item, catalog).lines


def _award_text(measure: MeasureResult | None) -> str:
    if measure is None:
        return "无此措施"
    if measure.status is not Status.ELIGIBLE:
        return STATUS_LABELS[measure.status]
    counted = "" if measure.counted else "(不计入)"
    return f"{'最高 ' if measure.up_to else ''}{format_grouped(measure.award)} 元{counted}"


def firm_changes(path: Path, before: Catalog, after: Catalog, key: str | None = None) -> list[str]:
    """Return, for the firm file at ``path`` (when its city reaches jurisdiction ``key``), one line:
    the awards that change for its year and its total, before → after; nothing when none changes."""
    from desktop.engine import evaluate_firm
    from desktop.firm import load_firm

    try:
        firm = load_firm(path, before)
        if key is not None and key not in before.cities[firm.firm.city].reaches:
            return []
        old, new = evaluate_firm(firm, before), evaluate_firm(firm, after)
    except (GrantDeskError, KeyError):
        return []
    return firm_result_changes(firm.firm.name, firm.year, old, new)


def firm_result_changes(name: str, year: int, old: FirmResult, new: FirmResult) -> list[str]:
    """Return the line of ``firm_changes`` for two results of one firm."""
    previous = {m.id: m for m in old.measures}
    parts = []
    for measure in new.measures:
        was = previous.get(measure.id)
        if was is None and measure.status is Status.NOT_IN_FORCE:
            continue  # a measure of other years: nothing changes for this one
        then, now = _award_text(was), _award_text(measure)
        if then != now:
            parts.append(f"{measure.id} {then} → {now}")
    totals = (old.total, old.total_up_to), (new.total, new.total_up_to)
    if not parts and totals[0] == totals[1]:
        return []
    total = f"合计 {format_grouped(totals[0][0])} → {format_grouped(totals[1][0])} 元"
    if totals[0][1] != totals[1][1]:
        total += f"，最高额 {format_grouped(totals[0][1])} → {format_grouped(totals[1][1])} 元"
    return [f"{name}({year} 业绩年度)：{'；'.join(parts)}；{total}"]
