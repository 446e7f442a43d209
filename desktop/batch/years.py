"""One firm over several performance years: the awards of its earlier years as history of its later ones,
and next year's row made from this year's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.batch.reader import BatchInput, BatchItem, CellProblem
from desktop.catalog.loader import Catalog
from desktop.catalog.model import FactKind
from desktop.engine import FirmResult, evaluate_firm
from desktop.engine.result import Status
from desktop.errors import InputError
from desktop.firm import parse_firm


def awards_as_history(result: FirmResult) -> list[dict[str, Any]]:
    """Return what a year's result pays as history entries (measure, year, amount): 核定金额 where entered,
    else every exact award the totals count. A ceiling (最高) without 核定金额 is no amount received and is
    left out."""
    entries = []
    for measure in result.measures:
        if measure.status is not Status.ELIGIBLE or not measure.counted or measure.counted_award <= 0:
            continue
        if measure.up_to and not measure.claimed:
            continue
        entries.append(
            {"measure": measure.id, "year": result.year, "amount": format(measure.counted_award, "f")}
        )
    return entries


def carry_earlier_awards(batch: BatchInput, catalog: Catalog) -> None:
    """For every firm with rows for several years, add what each earlier year pays to the history of its
    later years (in year order, so a later year sees all earlier ones). An earlier row that cannot be
    evaluated makes each later row fail, naming it: its history would otherwise be silently incomplete."""
    by_code: dict[str, list[BatchItem]] = {}
    for item in batch.items:
        if item.credit_code and item.year is not None:
            by_code.setdefault(item.credit_code, []).append(item)
    for items in by_code.values():
        items.sort(key=lambda item: item.year or 0)
        for position, item in enumerate(items[:-1]):
            later = [other for other in items[position + 1 :] if other.year != item.year]
            if item.problems:
                _cannot_carry(item, later)
                continue
            try:
                result = evaluate_firm(parse_firm(item.data, catalog, item.label), catalog)
            except InputError:
                _cannot_carry(item, later)
                continue
            if result.problems:
                _cannot_carry(item, later)
                continue
            for other in later:
                _add_history(other, awards_as_history(result), item)


def _cannot_carry(item: BatchItem, later: list[BatchItem]) -> None:
    for other in later:
        other.problems.append(
            CellProblem(
                other.label,
                "history",
                f"同一企业 {item.year} 年度的行({item.label})有问题，其获奖无法计入本年度的历史获奖；请先更正该行",
            )
        )


def _add_history(item: BatchItem, entries: list[dict[str, Any]], source: BatchItem) -> None:
    history = item.data.setdefault("history", [])
    given = {(entry.get("measure"), entry.get("year")) for entry in history if isinstance(entry, dict)}
    for entry in entries:
        if (entry["measure"], entry["year"]) in given:
            continue  # the consultant entered it in 历史获奖 already
        item.cells[f"history[{len(history)}]"] = source.label
        history.append(dict(entry))


# This year's figure that becomes next year's "last year" figure: the prior facts of the vocabulary.
PRIOR_OF = {"cbec_transaction_prior": "cbec_transaction"}
# Yes/no facts that become true for good once this year's figure passes a threshold.
BECOMES_TRUE = {"cbec_over_1m_before": ("cbec_transaction", Decimal(1_000_000))}


def next_year_firm(data: dict[str, Any], result: FirmResult | None, catalog: Catalog) -> dict[str, Any]:
    """Return a firm's data for its next performance year: the same firm details and roles, yes/no and
    choice answers (states that last: registrations, recognitions), this year's figures as last year's,
    this year's awards (核定金额 where entered) added to its history; the year's own figures, claims and
    support from elsewhere left empty to be filled."""
    facts = data.get("facts", {})
    kept = {
        key: value
        for key, value in facts.items()
        if key in catalog.facts and catalog.facts[key].kind in (FactKind.BOOL, FactKind.ENUM)
    }
    for prior, current in PRIOR_OF.items():
        if facts.get(current) not in (None, ""):
            kept[prior] = facts[current]
    for fact, (source, threshold) in BECOMES_TRUE.items():
        value = facts.get(source)
        if value not in (None, "") and Decimal(str(value)) > threshold:
            kept[fact] = True
    history = [dict(entry) for entry in data.get("history", []) if isinstance(entry, dict)]
    if result is not None:
        given = {(entry.get("measure"), entry.get("year")) for entry in history}
        history += [
            entry for entry in awards_as_history(result) if (entry["measure"], entry["year"]) not in given
        ]
    return {
        **data,
        "year": int(data["year"]) + 1,
        "facts": kept,
        "claims": {},
        "other_support": [],
        "history": history,
    }
