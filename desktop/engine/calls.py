"""What the year's call asks beyond each measure: its guides, the receiving bureau, and the
conditions every call asks (universal facts), whether a guide made them conditions or not."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.catalog.loader import Catalog
from desktop.catalog.model import Guide
from desktop.engine.conditions import format_value, same_district
from desktop.engine.result import FirmResult, MeasureResult
from desktop.firm import FirmFile

DEFAULT_BUREAU = "所在区（市）县商务主管部门"
DISTRICT_REMINDER = "注册地在受理申报的区（市）县"


def guides_of(measures: list[MeasureResult]) -> list[Guide]:
    """Return the annual guides the measures were evaluated with, each once, in order."""
    found: list[Guide] = []
    for measure in measures:
        if measure.guide is not None and not any(guide is measure.guide for guide in found):
            found.append(measure.guide)
    return found


def receiving_bureau(firm: FirmFile, guides: list[Guide], catalog: Catalog) -> str:
    """Return the bureau that receives the firm's application: the one a guide names for the firm's
    registered district, else the guide's default, else the district's commerce department."""
    city = catalog.cities.get(firm.firm.city)
    city_name = city.name if city is not None else ""
    for guide in guides:
        submission = guide.submission
        if submission is None:
            continue
        for district, bureau in submission.bureaus.items():
            if same_district(firm.firm.district, district, city_name):
                return bureau
        if submission.receiving_bureau:
            return submission.receiving_bureau
    return DEFAULT_BUREAU


@dataclass(frozen=True)
class Reminder:
    """One condition every call asks: its wording, the firm's answer, whether it is met, its proofs,
    and whether a guide made it a condition of the measures (else it changes no award)."""

    label: str
    answer: str
    holds: bool | None
    proof: list[str]
    required: bool


def universal_reminders(firm: FirmFile, result: FirmResult, catalog: Catalog) -> list[Reminder]:
    """Return the conditions every call asks (registered district, 依法纳税, the 信用中国 lists) with
    the firm's answers; ``required`` when a guide used for the firm's measures asks them."""
    asked = {
        fact
        for measure in result.measures
        if measure.guide is not None
        for condition in measure.measure.conditions
        for fact in condition.facts()
    }
    district_asked = any(
        condition.registered_in is not None
        for measure in result.measures
        if measure.guide is not None
        for condition in measure.measure.conditions
    )
    district = firm.firm.district.strip()
    reminders = [
        Reminder(
            DISTRICT_REMINDER,
            f"注册于{district}" if district else "未填写注册所在区（市）县",
            True if district else None,
            ["营业执照（副本）复印件"],
            district_asked,
        )
    ]
    for key, definition in catalog.facts.items():
        if not definition.universal:
            continue
        value = firm.facts.get(key)
        expected = definition.expected
        reminders.append(
            Reminder(
                definition.label + ("" if expected else "(须为否)"),
                format_value(definition, value) if value is not None else "未填写",
                None if value is None else value is expected,
                list(definition.proof),
                key in asked,
            )
        )
    return reminders
