"""Computing one measure's award once its conditions hold: tiers, rates, caps, history, with the arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from desktop.catalog.model import Award, AwardKind, FactKind, Measure, Tier
from desktop.engine.conditions import FactContext, all_hold, evaluate, format_threshold, phrase
from desktop.engine.result import Calculation, Check, MeasureResult, Status
from desktop.money import format_grouped, format_percent, format_yuan, round_award

ZERO = Decimal(0)


@dataclass
class Outcome:
    """The award part of a measure's result."""

    status: Status
    award: Decimal = ZERO
    calculation: Calculation | None = None
    arithmetic: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    summary: str = ""
    provisional: bool = False


def gap_hint(check: Check, context: FactContext, prefix: str = "") -> str | None:
    """Return how far a failed lower-bound threshold is from holding, e.g. ``还差 180,000,001 元``."""
    if check.holds is not False or check.fact is None or check.wording is None:
        return None
    if not isinstance(check.value, Decimal) or check.threshold is None:
        return None
    definition = context.catalog.facts[check.fact]
    reading_inclusive = check.reading == "含本数"
    if check.threshold < check.value or check.wording in ("以下", "以内", "不超过", "最高", "不满", "低于"):
        return None
    target = (
        f"{prefix}{definition.label} {phrase(check.wording, format_threshold(definition, check.threshold))}"
    )
    difference = check.threshold - check.value
    if definition.kind is FactKind.MONEY:
        needed = difference if reading_inclusive else round_award(difference) + 1
        return f"{target} 还差 {format_yuan(needed)}"
    if definition.kind is FactKind.RATIO:
        points = format_percent(difference, 2).removesuffix("%")
        return f"{target} 还差 {points} 个百分点{'以上' if reading_inclusive else '以上(不含本数)'}"
    amount = f"{format_grouped(difference)} {definition.kind.unit}".strip()
    return f"{target} 还差 {amount}{'' if reading_inclusive else '以上(不含本数)'}"


def _leaves(checks: list[Check]) -> list[Check]:
    found: list[Check] = []
    for check in checks:
        found.extend(_leaves(list(check.children)) if check.children else [check])
    return found


def near_miss_hints(checks: list[Check], context: FactContext, prefix: str = "") -> list[str]:
    """Return a gap hint for each failed threshold when thresholds are all that fail."""
    failed = [check for check in _leaves(checks) if check.holds is False]
    hints = [gap_hint(check, context, prefix) for check in failed]
    if not failed or any(hint is None for hint in hints):
        return []
    return [hint for hint in hints if hint]


def _evaluate_tiers(
    tiers: list[Tier], context: FactContext, year: int
) -> list[tuple[Tier, list[Check], bool | None]]:
    evaluated = []
    for tier in tiers:
        checks = [evaluate(condition, context, year) for condition in tier.when]
        evaluated.append((tier, checks, all_hold(checks)))
    return evaluated


def _tiered(award: Award, context: FactContext, year: int) -> Outcome:
    assert award.tiers is not None
    evaluated = _evaluate_tiers(award.tiers, context, year)
    best = max((i for i, (_, _, holds) in enumerate(evaluated) if holds), default=None)
    above = evaluated[(best + 1 if best is not None else 0) :]
    undecided = [checks for _, checks, holds in above if holds is None]
    if undecided:
        missing = list(dict.fromkeys(f for checks in undecided for c in checks for f in c.missing))
        outcome = Outcome(Status.NEEDS_INPUT, missing=missing, checks=undecided[0])
        if best is not None:
            tier = evaluated[best][0]
            outcome.hints.append(
                f"已满足“{tier.label}”档({format_yuan(tier.amount)})；补充数据后可判断是否适用更高档次"
            )
        return outcome
    if best is None:
        first_tier, first_checks, _ = evaluated[0]
        outcome = Outcome(Status.INELIGIBLE, checks=first_checks)
        outcome.summary = f"未达到最低档“{first_tier.label}”"
        outcome.hints = near_miss_hints(first_checks, context, "最低档 ")
        return outcome
    tier, checks, _ = evaluated[best]
    outcome = Outcome(Status.ELIGIBLE, award=tier.amount, checks=checks)
    outcome.arithmetic.append(f"适用档次：{tier.label} → {format_yuan(tier.amount)}")
    outcome.calculation = Calculation(
        kind=award.kind.value, tier_label=tier.label, tier_amount=tier.amount, formula_amount=tier.amount
    )
    if best + 1 < len(evaluated):
        next_tier, next_checks, _ = evaluated[best + 1]
        outcome.hints = near_miss_hints(next_checks, context, "下一档 ")
        if outcome.hints:
            outcome.hints = [f"{hint}(该档 {format_yuan(next_tier.amount)})" for hint in outcome.hints]
    return outcome


def _rate(measure: Measure, context: FactContext, done: dict[str, MeasureResult]) -> Outcome:
    award = measure.award
    assert award.rate is not None and award.base is not None
    base_definition = context.catalog.facts[award.base]
    base = context.value(award.base)
    if base is None:
        return Outcome(Status.NEEDS_INPUT, missing=[award.base])
    assert isinstance(base, Decimal)
    outcome = Outcome(Status.ELIGIBLE)
    excluded = ZERO
    # The other measure's conditions decide, not its award: a CD-3C whose cap is used up this year
    # still takes its programme export out of CD-3B's base (ruling 1 of 2026-11).
    excluded_by = [other for other in award.exclude_base_of if other in done and done[other].conditions_hold]
    if excluded_by and award.exclude_fact:
        part = context.value(award.exclude_fact)
        part = part if isinstance(part, Decimal) else ZERO
        part_label = context.catalog.facts[award.exclude_fact].label
        if part > base:
            outcome.warnings.append(
                f"{part_label}({format_yuan(part)})大于{base_definition.label}({format_yuan(base)})，请核对"
            )
        excluded = min(part, base)
        outcome.arithmetic.append(
            f"计算基数 = {base_definition.label} {format_yuan(base)} − {part_label}(适用 {'、'.join(excluded_by)}) "
            f"{format_yuan(excluded)} = {format_yuan(base - excluded)}(同一笔出口不重复奖励)"
        )
        if base - excluded == 0:
            outcome.status = Status.INELIGIBLE
            outcome.summary = f"{base_definition.label}全部为{part_label}，已适用 {'、'.join(excluded_by)}，本项没有剩余可计奖的基数"
            return outcome
    pending = [
        other for other in award.exclude_base_of if other in done and done[other].status is Status.NEEDS_INPUT
    ]
    if pending and award.exclude_fact:
        part_label = context.catalog.facts[award.exclude_fact].label
        names = "、".join(pending)
        outcome.provisional = True
        outcome.warnings.append(
            f"{names} 尚需补充数据，本项金额暂不计入合计：如 {names} 适用，{part_label}将从本项基数中扣除，改按 {names} 计奖"
        )
    effective = base - excluded
    raw = award.rate * effective
    rounded = round_award(raw)
    verb = "最高 " if award.kind is AwardKind.UP_TO else ""
    line = f"{verb}{format_percent(award.rate)} × {format_yuan(effective)} = {format_grouped(raw)} 元"
    if rounded != raw:
        line += f"，向下取整为 {format_yuan(rounded)}"
    outcome.arithmetic.append(line)
    formula = rounded
    if award.cap is not None:
        scope = (
            "每年(按业绩年度计)"
            if award.per_year
            else ("单个企业" if measure.one_off else "单个企业(按业绩年度计)")
        )
        if rounded > award.cap:
            outcome.arithmetic.append(
                f"{scope}上限 {format_yuan(award.cap)}，取上限 {format_yuan(award.cap)}"
            )
            formula = award.cap
        else:
            outcome.arithmetic.append(f"未超过{scope}上限 {format_yuan(award.cap)}")
    outcome.award = formula
    outcome.calculation = Calculation(
        kind=award.kind.value,
        rate=award.rate,
        base_fact=award.base,
        base=base,
        excluded_fact=award.exclude_fact if excluded_by else None,
        excluded=excluded,
        raw=raw,
        cap=award.cap,
        formula_amount=formula,
    )
    return outcome


def compute(measure: Measure, context: FactContext, year: int, done: dict[str, MeasureResult]) -> Outcome:
    """Return the award outcome of a measure whose own conditions all hold."""
    award = measure.award
    if award.tiers is not None:
        return _tiered(award, context, year)
    if award.rate is not None:
        return _rate(measure, context, done)
    assert award.amount is not None
    verb = "最高" if award.kind is AwardKind.UP_TO else "定额"
    return Outcome(
        Status.ELIGIBLE,
        award=award.amount,
        arithmetic=[f"{verb} {format_yuan(award.amount)}"],
        calculation=Calculation(
            kind=award.kind.value,
            formula_amount=award.amount,
            cap=award.amount if award.kind is AwardKind.UP_TO else None,
        ),
    )


def apply_history(outcome: Outcome, already: Decimal) -> None:
    """Take what the firm already received for the measure in the same year off its computed figure.

    Cost and value facts are the whole year's, so the award is min(rate × base, cap) − received
    (or the amount − received), never below 0 and in whole 元 (rulings 15 and 16 of 2026-12): the
    same measure never pays a firm more than its figure for one year. Nothing left is ``ineligible``.
    """
    if already <= 0 or outcome.status is not Status.ELIGIBLE:
        return
    calculation = outcome.calculation
    assert calculation is not None
    computed = outcome.award
    remaining = max(ZERO, computed - already)
    award = round_award(remaining)
    line = f"{format_yuan(computed)} − 本年度已获本项 {format_yuan(already)} = {format_yuan(remaining)}"
    if award != remaining:
        line += f"，向下取整为 {format_yuan(award)}"
    outcome.arithmetic.append(line)
    outcome.award = award
    outcome.calculation = replace(calculation, already=already)
    if award == 0:
        outcome.status = Status.INELIGIBLE
        outcome.summary = (
            f"本年度已获本项 {format_yuan(already)}，不少于按本项计算的 {format_yuan(computed)}，"
            "没有剩余可申报的金额"
        )
