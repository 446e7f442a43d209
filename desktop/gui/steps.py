"""The step list's marks: per step whether it is complete (✓), needs attention (!) or is still empty,
with what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.catalog.model import FactKind
from desktop.engine import Status
from desktop.gui.field_names import field_name

if TYPE_CHECKING:
    from desktop.catalog.loader import Catalog
    from desktop.catalog.model import Measure
    from desktop.gui.document import FirmDocument

DONE, ATTENTION, EMPTY = "✓", "!", ""

# What the packet prints of the firm (申报书, 申请表, 信用承诺书) and what decides its measures.
PACKET_FIELDS = (
    "name",
    "credit_code",
    "established",
    "roles",
    "legal_representative",
    "contact_person",
    "contact_phone",
    "address",
    "bank_name",
    "bank_account",
)


@dataclass(frozen=True)
class Mark:
    """A step's mark and, for "!", the things still to do (field labels, in the interface language)."""

    symbol: str
    missing: tuple[str, ...] = ()


_asked: dict[tuple[int, ...], tuple[Catalog, list[Measure], dict[str, set[str]]]] = {}  # measures → questions


def question_roles(catalog: Catalog, measures: list[Measure]) -> dict[str, set[str]]:
    """Return every yes/no and choice question of the measures with the roles it concerns (empty: it
    concerns every firm). Worked out once per set of measures: the marks ask on every keystroke."""
    key = (id(catalog), *map(id, measures))
    if key not in _asked:
        _asked.clear()  # one firm at a time: keep only the latest (which also keeps its measures alive)
        _asked[key] = (catalog, list(measures), _question_roles(catalog, measures))
    return _asked[key][2]


def _question_roles(catalog: Catalog, measures: list[Measure]) -> dict[str, set[str]]:
    concerns: dict[str, set[str]] = {}
    everyone: set[str] = set()
    for measure in measures:
        for fact in measure.facts():
            if fact in catalog.facts and catalog.facts[fact].kind in (FactKind.BOOL, FactKind.ENUM):
                concerns.setdefault(fact, set()).update(measure.roles)
                if not measure.roles:
                    everyone.add(fact)
    return {fact: set() if fact in everyone else roles for fact, roles in concerns.items()}


def relevant_questions(document: FirmDocument) -> list[str]:
    """Return the questions the firm's measures ask (with this year's guides applied, when the firm
    can be evaluated) that concern its roles or every firm."""
    city = document.data["firm"].get("city")
    if city not in document.catalog.cities:
        return []
    result = document.result
    measures = [m.measure for m in result.measures] if result else document.catalog.measures_for_city(city)
    roles = set(document.data["firm"].get("roles") or [])
    concerned = question_roles(document.catalog, measures)
    return [question for question, wanted in concerned.items() if not wanted or wanted & roles]


def _firm(document: FirmDocument) -> Mark:
    firm = document.data["firm"]
    if not any(value for key, value in firm.items() if key != "city"):
        return Mark(EMPTY)
    missing = [f"firm.{key}" for key in PACKET_FIELDS if not firm.get(key)]
    wrong = [
        key
        for key in document.field_errors
        if (key.startswith("firm.") or key == "year") and key not in missing
    ]
    if missing or wrong:
        return Mark(ATTENTION, tuple(field_name(key, document.catalog) for key in [*missing, *wrong]))
    return Mark(DONE)


def _open_facts(document: FirmDocument) -> set[str]:
    """Return the facts still missing for a measure that may pay (what decides it is not answered)."""
    result = document.result
    if result is None:
        return set()
    facts = document.catalog.facts
    missing: set[str] = set()
    for measure in result.measures:
        if measure.status is Status.NEEDS_INPUT:
            for fact in measure.missing:
                sources = facts[fact].derived_from if fact in facts else None
                missing.update(sources or [fact])
    return missing


def _screening(document: FirmDocument) -> Mark:
    asked = relevant_questions(document)
    if not set(asked) & set(document.data.get("facts", {})):
        return Mark(EMPTY)
    open_questions = [q for q in asked if q in _open_facts(document)]
    if open_questions:
        return Mark(ATTENTION, tuple(field_name(f"facts.{q}", document.catalog) for q in open_questions))
    return Mark(DONE)


def _data(document: FirmDocument) -> Mark:
    catalog = document.catalog
    figures = [
        key
        for key in document.data.get("facts", {})
        if key in catalog.facts and catalog.facts[key].kind.is_numeric
    ]
    if not figures:
        return Mark(EMPTY)
    wrong = [key for key in document.field_errors if key.startswith("facts.")]
    open_figures = [
        f"facts.{key}"
        for key in sorted(_open_facts(document))
        if key in catalog.facts and catalog.facts[key].kind.is_numeric
    ]
    if wrong or open_figures:
        return Mark(ATTENTION, tuple(field_name(key, catalog) for key in [*open_figures, *wrong]))
    return Mark(DONE)


def _results(document: FirmDocument) -> Mark:
    result = document.result
    if result is None:
        return Mark(ATTENTION) if _firm(document).symbol else Mark(EMPTY)
    wrong = [key for key in document.field_errors if key.startswith("claims.")]
    if wrong:
        return Mark(ATTENTION, tuple(field_name(key, document.catalog) for key in wrong))
    return Mark(DONE) if any(m.status is Status.ELIGIBLE for m in result.measures) else Mark(EMPTY)


def step_marks(document: FirmDocument, generated: bool) -> list[Mark]:
    """Return the mark of each of the five firm steps (the batch step has none)."""
    return [
        _firm(document),
        _screening(document),
        _data(document),
        _results(document),
        Mark(DONE if generated else EMPTY),
        Mark(EMPTY),
    ]
