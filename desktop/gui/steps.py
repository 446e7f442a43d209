"""The step list's marks: per step whether it is complete (✓), needs attention (!) or is still empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.catalog.model import FactKind
from desktop.engine import Status

if TYPE_CHECKING:
    from desktop.gui.document import FirmDocument

DONE, ATTENTION, EMPTY = "✓", "!", ""


def _firm(document: FirmDocument) -> str:
    firm = document.data["firm"]
    filled = any(value for key, value in firm.items() if key != "city")
    if not filled:
        return EMPTY
    if any(key.startswith("firm.") for key in document.field_errors):
        return ATTENTION
    return DONE


def _screening(document: FirmDocument) -> str:
    catalog = document.catalog
    city = document.data["firm"].get("city")
    if city not in catalog.cities:
        return EMPTY
    asked = {
        fact
        for measure in catalog.measures_for_city(city)
        for fact in measure.facts()
        if fact in catalog.facts and catalog.facts[fact].kind in (FactKind.BOOL, FactKind.ENUM)
    }
    answered = asked & set(document.data.get("facts", {}))
    if not answered:
        return EMPTY
    return DONE if answered == asked else ATTENTION


def _data(document: FirmDocument) -> str:
    catalog = document.catalog
    figures = [
        key
        for key in document.data.get("facts", {})
        if key in catalog.facts and catalog.facts[key].kind.is_numeric
    ]
    if not figures:
        return EMPTY
    if any(key.startswith("facts.") for key in document.field_errors):
        return ATTENTION
    result = document.result
    if result is not None and any(m.status is Status.NEEDS_INPUT for m in result.measures):
        return ATTENTION
    return DONE


def _results(document: FirmDocument) -> str:
    result = document.result
    if result is None:
        return ATTENTION if _firm(document) else EMPTY
    if any(key.startswith("claims.") for key in document.field_errors):
        return ATTENTION
    return DONE if any(m.status is Status.ELIGIBLE for m in result.measures) else EMPTY


def step_marks(document: FirmDocument, generated: bool) -> list[str]:
    """Return the mark of each of the five firm steps (the batch step has none)."""
    return [
        _firm(document),
        _screening(document),
        _data(document),
        _results(document),
        DONE if generated else EMPTY,
        EMPTY,
    ]
