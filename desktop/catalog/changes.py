"""What adding a document or guide changes: measures added, award rules changed, for which years."""

from __future__ import annotations

from desktop.catalog.added import extend
from desktop.catalog.describe import describe_award, describe_call, describe_condition
from desktop.catalog.loader import Catalog, CatalogFile, Entry, in_force, jurisdiction_entries
from desktop.catalog.model import DocumentFile

YEARS_WITHOUT_END = 3  # a document without valid_to is previewed for its first three years


def _years(item: CatalogFile) -> list[int]:
    if item.guide is not None:
        return [item.guide.year]
    document = item.document
    assert document is not None
    last = document.valid_to.year if document.valid_to else document.valid_from.year + YEARS_WITHOUT_END - 1
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


def describe_changes(item: CatalogFile, catalog: Catalog) -> list[str]:
    """Return, line by line, what ``item`` changes against ``catalog``: new cities and measures,
    and for each measure whose award rule changes, the years it changes in, before → after."""
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
    changed: dict[tuple[str, str, str], list[int]] = {}
    for year in _years(item):
        before = (
            {e.measure.id: e for e in jurisdiction_entries(catalog, key, year)}
            if key in catalog.documents
            else {}
        )
        for entry in jurisdiction_entries(after, key, year):
            old, new = _state(before.get(entry.measure.id), year, catalog), _state(entry, year, after)
            if old != new and entry.measure.id in catalog.measures:
                changed.setdefault((entry.measure.id, old, new), []).append(year)
    for (measure_id, old, new), years in changed.items():
        title = after.measures[measure_id].title
        lines.append(f"{measure_id} {title}：{_year_text(years)} {old} → {new}")
    guide = item.guide
    if guide is not None:
        lines.extend(f"新增数据项：{fact.label}" for fact in guide.facts.values())
        facts = after.facts
        if guide.conditions:
            lines.append(
                "有金额的措施都须满足："
                + "；".join(describe_condition(condition, facts) for condition in guide.conditions)
            )
        for measure_id, entry in guide.measures.items():
            if entry.conditions:
                lines.append(
                    f"{measure_id} 另须满足："
                    + "；".join(describe_condition(condition, facts) for condition in entry.conditions)
                )
        lines.extend(line for line in describe_call(guide) if not line.startswith("说明："))
    return lines or ["不改变任何措施的金额或规则"]
