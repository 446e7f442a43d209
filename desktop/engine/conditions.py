"""Evaluating a measure's conditions against one firm's facts, each with the words shown to the user."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from desktop.catalog.loader import Catalog
from desktop.catalog.model import Condition, FactDef, FactKind
from desktop.engine.result import Check
from desktop.firm import FactValue, FirmFile
from desktop.money import format_compact, format_grouped, format_percent

ESTABLISHED = "firm.established"
DISTRICT = "firm.district"


@dataclass(frozen=True)
class Derived:
    """A derived fact that could not be computed, and why (a holding reason, not a missing fact)."""

    reason: str


@dataclass
class FactContext:
    """One firm's facts for one evaluation, derived facts computed once on first use."""

    firm: FirmFile
    catalog: Catalog
    _derived: dict[str, FactValue | Derived | None] = field(default_factory=dict)

    def value(self, key: str) -> FactValue | Derived | None:
        """Return a fact's value, a Derived reason it cannot be had, or None when missing."""
        definition = self.catalog.facts[key]
        if not definition.derived:
            return self.firm.facts.get(key)
        if key not in self._derived:
            self._derived[key] = self._derive(key, definition)
        return self._derived[key]

    def missing_sources(self, key: str) -> tuple[str, ...]:
        """Return the entered facts a missing fact depends on (the fact itself when entered)."""
        definition = self.catalog.facts[key]
        if not definition.derived:
            return (key,)
        return tuple(source for source in definition.derived_from if self.firm.facts.get(source) is None)

    def _derive(self, key: str, definition: FactDef) -> FactValue | Derived | None:
        if key == "cbec_growth":
            current = self.firm.facts.get("cbec_transaction")
            prior = self.firm.facts.get("cbec_transaction_prior")
            if current is None or prior is None:
                return None
            assert isinstance(current, Decimal) and isinstance(prior, Decimal)
            if prior == 0:
                return Derived("上年度交易额为 0，无法计算同比增长")
            return (current - prior) / prior
        raise KeyError(f"no rule computes the derived fact {key}")


def format_value(definition: FactDef, value: FactValue) -> str:
    """Return a fact's value as the user reads it: ``320,000,000 元``, ``28.00%``, ``是``."""
    kind = definition.kind
    if kind is FactKind.BOOL:
        return "是" if value else "否"
    if kind is FactKind.ENUM:
        return definition.choices[str(value)].label
    assert isinstance(value, Decimal)
    if kind is FactKind.RATIO:
        return format_percent(value, 2)
    return f"{format_grouped(value)} {kind.unit}"


POSTFIX_WORDINGS = frozenset({"以上", "以下", "以内"})


def phrase(wording: str, threshold: str) -> str:
    """Return a threshold phrase in Chinese word order: ``超过 5000万元`` but ``20%以上``."""
    return f"{threshold}{wording}" if wording in POSTFIX_WORDINGS else f"{wording} {threshold}"


def format_threshold(definition: FactDef, threshold: Decimal) -> str:
    """Return a threshold the way the policy text writes it: ``2亿元``, ``20%``, ``3,000㎡``."""
    if definition.kind is FactKind.RATIO:
        return format_percent(threshold)
    return format_compact(threshold, definition.kind.unit)


def all_hold(checks: list[Check]) -> bool | None:
    """Return False if any check fails, None if any is undecided, else True."""
    if any(check.holds is False for check in checks):
        return False
    if any(check.holds is None for check in checks):
        return None
    return True


def evaluate(condition: Condition, context: FactContext, year: int) -> Check:
    """Return one condition evaluated for the firm and year, carrying the catalog's note on it."""
    check = _evaluate(condition, context, year)
    return replace(check, note=condition.note) if condition.note and check.note is None else check


def _evaluate(condition: Condition, context: FactContext, year: int) -> Check:
    if condition.any_of is not None:
        return _any_of(condition, context, year)
    if condition.established_within_years is not None:
        return _established_within(condition, context.firm, year)
    if condition.first_time is not None:
        return _first_time(condition, context, year)
    if condition.registered_in is not None:
        return _registered_in(condition, context)
    assert condition.fact is not None
    definition = context.catalog.facts[condition.fact]
    value = context.value(condition.fact)
    if condition.wording is not None:
        return _threshold(condition, definition, value, context)
    if condition.is_ is not None:
        label = condition.label or definition.label
        required = "" if condition.is_ else "(须为否)"
        if value is None:
            return Check(f"{label}{required}：未填写", None, condition.fact, missing=(condition.fact,))
        answer = format_value(definition, value)
        return Check(
            f"{label}{required}：{answer}",
            value is condition.is_,
            condition.fact,
            value=value,
            reason=f"{label}：回答为“{answer}”，本项须为“{'是' if condition.is_ else '否'}”",
        )
    assert condition.in_ is not None
    allowed = "或".join(definition.choices[choice].label for choice in condition.in_)
    label = condition.label or f"{definition.label}为{allowed}"
    if value is None:
        return Check(f"{label}：未填写", None, condition.fact, missing=(condition.fact,))
    return Check(
        f"{label}：{format_value(definition, value)}",
        value in condition.in_,
        condition.fact,
        value=value,
        reason=f"{definition.label}为{format_value(definition, value)}，不是{allowed}",
    )


def _threshold(
    condition: Condition,
    definition: FactDef,
    value: FactValue | Derived | None,
    context: FactContext,
) -> Check:
    assert condition.wording is not None and condition.threshold is not None
    reading = condition.reading
    head = _threshold_head(condition, definition)
    base = {
        "fact": condition.fact,
        "wording": condition.wording,
        "reading": reading.note,
        "threshold": condition.threshold,
        "note": condition.note,
    }
    if value is None:
        if condition.if_given:
            return Check(f"{head}：未填写(填写时才核对)", True, **base)
        missing = context.missing_sources(definition_key(condition))
        return Check(f"{head}：未填写", None, missing=missing, **base)
    if isinstance(value, Derived):
        return Check(f"{head}：{value.reason}", False, value=None, **base)
    assert isinstance(value, Decimal)
    holds = reading.compare(value, condition.threshold)
    shown = format_value(definition, value)
    wanted = phrase(condition.wording, format_threshold(definition, condition.threshold))
    reason = f"{definition.label} {shown}，不满足“{wanted}”({reading.note})"
    return Check(f"{head}：{shown}", holds, value=value, reason=reason, **base)


_HEADS: dict[int, tuple[Condition, str]] = {}


def _threshold_head(condition: Condition, definition: FactDef) -> str:
    """Return the fixed part of a threshold check's text, e.g. ``年度跨境电商交易额 超过 2亿元(不含本数)``.

    Computed once per catalog condition; the condition is kept beside its text so its id stays unique.
    """
    cached = _HEADS.get(id(condition))
    if cached is not None and cached[0] is condition:
        return cached[1]
    assert condition.wording is not None and condition.threshold is not None
    threshold = format_threshold(definition, condition.threshold)
    head = condition.label or f"{definition.label} {phrase(condition.wording, threshold)}"
    text = f"{head}({condition.reading.note})"
    _HEADS[id(condition)] = (condition, text)
    return text


def definition_key(condition: Condition) -> str:
    """Return the fact key of a fact-reading condition."""
    assert condition.fact is not None
    return condition.fact


def _established_within(condition: Condition, firm: FirmFile, year: int) -> Check:
    years = condition.established_within_years
    assert years is not None
    label = condition.label or f"企业成立{years}年内(以业绩年度末计)"
    established = firm.firm.established
    if established is None:
        return Check(f"{label}：未填写成立日期", None, missing=(ESTABLISHED,), kind="established")
    year_end = date(year, 12, 31)
    try:
        limit = established.replace(year=established.year + years)
    except ValueError:  # 29 February
        limit = established.replace(year=established.year + years, day=28)
    holds = established <= year_end <= limit
    return Check(
        f"{label}：成立于 {established.isoformat()}，{year} 年末{'在' if holds else '不在'}{years}年内"
        f"(至 {limit.isoformat()})",
        holds,
        value=established,
        kind="established",
    )


def _first_time(condition: Condition, context: FactContext, year: int) -> Check:
    """Return whether a figure reaches its threshold for the first time in ``year`` (ruling 13 of 2026-12).

    Last year's figure settles it when it already reached the threshold. The firm's earlier years are
    those since it was set up: none (set up this year), or only last year with its figure given,
    settle it too; otherwise the yes/no answer "reached in an earlier year" decides, and is asked.
    """
    first = condition.first_time
    assert first is not None
    facts = context.catalog.facts
    prior_definition, answer_definition = facts[first.prior], facts[first.answer]
    wanted = phrase(first.wording, format_threshold(prior_definition, first.threshold))
    label = condition.label or f"首次{wanted}"
    prior, answer = context.value(first.prior), context.value(first.answer)
    established = context.firm.firm.established
    last = year - 1
    if isinstance(prior, Decimal) and first.reading.compare(prior, first.threshold):
        text = (
            f"{label}：{prior_definition.label}({last}年) {format_value(prior_definition, prior)} "
            f"已{wanted}，本年度不是首次"
        )
        if answer is False:
            text += f"；与“{answer_definition.label}”回答的“否”不符，以上年度数据为准"
        return Check(text, False, first.prior, value=prior, kind="first_time")
    if established is not None and established.year >= year:
        return Check(
            f"{label}：企业成立于 {established.isoformat()}，{year} 年以前没有业绩年度，本年度即为首次",
            True,
            kind="first_time",
        )
    if established is not None and established.year == last and isinstance(prior, Decimal):
        return Check(
            f"{label}：企业成立于 {established.isoformat()}，此前只有 {last} 年，"
            f"{prior_definition.label} {format_value(prior_definition, prior)}，不满足“{wanted}”，本年度为首次",
            True,
            first.prior,
            value=prior,
            kind="first_time",
        )
    if not isinstance(answer, bool):
        return Check(
            f"{label}：未填写“{answer_definition.label}”",
            None,
            missing=(first.answer,),
            kind="first_time",
        )
    shown = format_value(answer_definition, answer)
    return Check(
        f"{label}：{answer_definition.label}：{shown}",
        not answer,
        value=answer,
        kind="first_time",
        reason=f"{label}：{answer_definition.label}，回答为“{shown}”，本年度不是首次",
    )


def _branch_reason(label: str, pairs: list[tuple[Condition, Check]]) -> str:
    """Return why one alternative fails: its failed qualifications (kind, yes/no) when there are
    any, else its failed figures — a figure does not matter while the kind is wrong."""
    failed = [(condition, check) for condition, check in pairs if check.holds is False]
    qualifying = [
        check for condition, check in failed if condition.in_ is not None or condition.is_ is not None
    ]
    chosen = qualifying or [check for _, check in failed]
    return f"{label}：{'；'.join(check.sentence for check in chosen)}"


def _kind_decides(alternatives: list[list[tuple[Condition, Check]]], context: FactContext) -> str | None:
    """Return one sentence when every alternative fails on the same choice fact (the firm is none of
    the kinds listed): ``投资设立本企业的链主企业类型为不适用，不属于所列任一类（……）``."""
    common: set[str] | None = None
    for pairs in alternatives:
        facts = {c.fact for c, check in pairs if c.in_ is not None and check.holds is False and c.fact}
        common = facts if common is None else common & facts
    if not common:
        return None
    key = next(c.fact for pairs in alternatives for c, _ in pairs if c.fact in common)
    assert key is not None
    definition = context.catalog.facts[key]
    value = context.value(key)
    allowed = [
        definition.choices[choice].label
        for pairs in alternatives
        for c, _ in pairs
        if c.fact == key and c.in_ is not None
        for choice in c.in_
    ]
    shown = format_value(definition, value) if value is not None else "未填写"
    return f"{definition.label}为{shown}，不属于所列任一类（{'、'.join(dict.fromkeys(allowed))}）"


def district_key(name: str, city_name: str = "") -> str:
    """Return a district name reduced to what two spellings of it share: ``成都高新区`` and ``高新区``
    are the same district of 成都市, ``锦江区`` and ``锦江`` too."""
    text = "".join(name.split())
    for prefix in (city_name, city_name.removesuffix("市")):
        if prefix and text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    return text.removesuffix("区").removesuffix("县").removesuffix("市") or text


def same_district(firm_district: str, listed: str, city_name: str = "") -> bool:
    """Return True when the firm's registered district is the listed one, however either is spelt."""
    return bool(firm_district.strip()) and district_key(firm_district, city_name) == district_key(
        listed, city_name
    )


def _registered_in(condition: Condition, context: FactContext) -> Check:
    assert condition.registered_in is not None
    listed = "、".join(condition.registered_in)
    label = condition.label or f"注册地在{listed}"
    district = context.firm.firm.district.strip()
    if not district:
        return Check(f"{label}：未填写注册所在区（市）县", None, missing=(DISTRICT,), kind="district")
    city = context.catalog.cities.get(context.firm.firm.city)
    city_name = city.name if city is not None else ""
    holds = any(same_district(district, name, city_name) for name in condition.registered_in)
    return Check(f"{label}：注册于{district}", holds, value=district, kind="district")


def _any_of(condition: Condition, context: FactContext, year: int) -> Check:
    assert condition.any_of is not None
    label = condition.label or "符合所列情形之一"
    alternatives: list[list[tuple[Condition, Check]]] = []
    branches: list[Check] = []
    for branch in condition.any_of:
        pairs = [(inner, evaluate(inner, context, year)) for inner in branch.all_of]
        checks = [check for _, check in pairs]
        missing = tuple(dict.fromkeys(fact for check in checks for fact in check.missing))
        holds = all_hold(checks)
        if holds is False:
            # the branch's text says why it fails; its failed conditions stay below it for the hints
            text = _branch_reason(branch.label, pairs)
            failed = tuple(check for check in checks if check.holds is False)
            branches.append(Check(text, False, missing=missing, children=failed, kind="branch", reason=text))
        else:
            branches.append(
                Check(branch.label, holds, missing=missing, children=tuple(checks), kind="branch")
            )
        alternatives.append(pairs)
    if any(branch.holds for branch in branches):
        shown = tuple(branch for branch in branches if branch.holds)
        return Check(label, True, children=shown, kind="any_of")
    if all(branch.holds is False for branch in branches):
        decided = _kind_decides(alternatives, context)
        if decided is not None:
            return Check(f"{label}：{decided}", False, kind="any_of", reason=decided)
        reason = "不符合所列任一情形：" + "；".join(branch.text for branch in branches)
        return Check(
            f"{label}：不符合所列任一情形", False, children=tuple(branches), kind="any_of", reason=reason
        )
    shown = tuple(branch for branch in branches if branch.holds is None)
    missing = tuple(dict.fromkeys(fact for branch in shown for fact in branch.missing))
    return Check(label, None, missing=missing, children=shown, kind="any_of")
