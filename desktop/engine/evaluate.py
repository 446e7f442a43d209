"""The engine: a pure function from a firm file and the catalog to a result for every measure it reaches."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache

from desktop.catalog.loader import Catalog, Entry
from desktop.catalog.model import AwardKind, Jurisdiction, Measure
from desktop.engine.awards import ZERO, apply_history, compute, near_miss_hints
from desktop.engine.conditions import DISTRICT, ESTABLISHED, FactContext, all_hold, evaluate
from desktop.engine.period import counting_period, period_note
from desktop.engine.result import Check, FirmResult, MeasureResult, Status
from desktop.errors import Problem
from desktop.firm import FirmFile
from desktop.money import format_yuan, round_award


def validity(jurisdiction: Jurisdiction, year: int) -> tuple[bool, str | None]:
    """Return whether the document is in force in the year, and the reason when it is not."""
    return _validity(jurisdiction.document, jurisdiction.valid_from, jurisdiction.valid_to, year)


@lru_cache(maxsize=256)
def _validity(document: str, valid_from: date, valid_to: date | None, year: int) -> tuple[bool, str | None]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if valid_from > end:
        return False, f"《{document}》自 {valid_from.isoformat()} 起施行，{year} 业绩年度尚未生效"
    if valid_to is not None and valid_to < start:
        return False, f"《{document}》有效期至 {valid_to.isoformat()}，{year} 业绩年度已不在有效期内"
    return True, None


def _role_check(measure: Measure, firm: FirmFile, catalog: Catalog) -> Check | None:
    if not measure.roles:
        return None
    return _role_check_for(catalog, tuple(measure.roles), tuple(firm.firm.roles))


@lru_cache(maxsize=1024)
def _role_check_for(catalog: Catalog, wanted: tuple[str, ...], held: tuple[str, ...]) -> Check:
    wanted_text = "或".join(catalog.roles[role].label for role in wanted)
    held_text = "、".join(catalog.roles[role].label for role in held) or "未选择"
    holds = any(role in held for role in wanted)
    return Check(
        f"企业类型为{wanted_text}：本企业为 {held_text}",
        holds,
        value=held,
        kind="role",
        reason=f"本企业为{held_text}，不是{wanted_text}",
    )


def _one_off_check(measure: Measure, firm: FirmFile) -> Check | None:
    if not measure.one_off:
        return None
    name = measure.one_off_label
    earlier = [entry for entry in firm.history if entry.measure == measure.id]
    if not earlier:
        return Check(f"{name}：未曾获得本项奖励", True, kind="one_off")
    first = min(earlier, key=lambda entry: entry.year)
    return Check(
        f"{name}：已于 {first.year} 年获得本项奖励 {format_yuan(first.amount)}，不能再次申请",
        False,
        kind="one_off",
    )


def _evaluate_measure(
    entry: Entry,
    firm: FirmFile,
    context: FactContext,
    done: dict[str, MeasureResult],
) -> MeasureResult:
    catalog = context.catalog
    year = firm.year
    measure, jurisdiction, guide = entry.measure, entry.document, entry.guide
    result = MeasureResult(measure, jurisdiction, Status.INELIGIBLE, guide=guide, window=entry.window)
    in_force, out_of_force = validity(jurisdiction, year)
    if not in_force:
        result.status = Status.NOT_IN_FORCE
        result.summary = out_of_force or ""
        return result
    result.period = counting_period(jurisdiction, year, guide)
    note = period_note(jurisdiction, year, guide)
    if note is not None:
        result.notes.append(note)
    if guide is not None:
        applied = f"{year} 年度按《{guide.guide}》"
        windows = guide.windows_of(measure.id)
        if windows:
            applied += f"，申报时间 {windows[0].text()}，截止 {windows[0].to.isoformat()}"
            applied += "".join(f"；{window.labelled()}" for window in windows[1:])
        result.notes.append(applied)
        closed = guide.measures.get(measure.id)
        if closed is not None and not closed.open:
            result.checks = [
                Check(f"《{guide.guide}》：{year} 年度本项不受理({closed.reason})", False, kind="guide")
            ]
            result.summary = f"{year} 年度指南未开放本项：{closed.reason}"
            return result
    if jurisdiction.draft:
        result.notes.append("出自征求意见稿，以正式印发文本为准")
    result.notes.extend(measure.notes)
    if jurisdiction.validity_note:
        result.notes.append(jurisdiction.validity_note)
    if jurisdiction.budget_note and measure.award.is_money:
        result.notes.append(jurisdiction.budget_note)
    role = _role_check(measure, firm, catalog)
    if measure.award.kind is AwardKind.UNQUANTIFIED:
        if role is not None and not role.holds:
            result.checks = [role]
            return result
        result.status = Status.UNQUANTIFIED
        result.summary = measure.guidance or "文件未规定金额，按有关规定给予支持"
        return result

    checks = [check for check in (role, _one_off_check(measure, firm)) if check]
    checks.extend(evaluate(condition, context, year) for condition in measure.conditions)
    result.checks = checks
    verdict = all_hold(checks)
    if verdict is None and _no_tier_can_hold(measure, context, year):
        verdict = False
    result.conditions_hold = verdict
    if verdict is False:
        result.status = Status.INELIGIBLE
        result.hints = near_miss_hints(checks, context)
        if all_hold(checks) is not False and measure.award.tiers:
            lowest = measure.award.tiers[0]
            result.checks = checks + [evaluate(condition, context, year) for condition in lowest.when]
            result.summary = f"未达到最低档“{lowest.label}”，其余数据无论如何都不适用"
        return result
    if verdict is None:
        result.status = Status.NEEDS_INPUT
        result.missing = list(dict.fromkeys(fact for check in checks for fact in check.missing))
        result.summary = "需补充：" + "、".join(_fact_label(catalog, fact) for fact in result.missing)
        return result

    outcome = compute(measure, context, year, done)
    already = sum(
        (entry.amount for entry in firm.history if entry.measure == measure.id and entry.year == year),
        ZERO,
    )
    apply_history(outcome, already)
    if outcome.status is Status.ELIGIBLE and outcome.award == 0:
        outcome.status = Status.INELIGIBLE
        outcome.summary = outcome.summary or "按本项规则计算的奖励不足 1 元，没有可申报的金额"
    result.provisional = outcome.provisional
    result.status = outcome.status
    result.checks = checks + outcome.checks
    result.arithmetic = outcome.arithmetic
    result.calculation = outcome.calculation
    result.hints = outcome.hints
    result.warnings = outcome.warnings
    result.missing = outcome.missing
    if outcome.status is Status.NEEDS_INPUT:
        result.summary = "需补充：" + "、".join(_fact_label(catalog, fact) for fact in outcome.missing)
        return result
    if outcome.status is Status.INELIGIBLE:
        result.summary = outcome.summary
        return result
    result.award = outcome.award
    if measure.award.is_ceiling:
        result.ceiling = outcome.award
        result.up_to = True
    result.summary = outcome.summary
    return result


def _no_tier_can_hold(measure: Measure, context: FactContext, year: int) -> bool:
    """Return True when every tier of a tiered award already fails, so no missing fact can help."""
    tiers = measure.award.tiers
    if not tiers:
        return False
    return all(all_hold([evaluate(c, context, year) for c in tier.when]) is False for tier in tiers)


def _fact_label(catalog: Catalog, key: str) -> str:
    if key == ESTABLISHED:
        return "成立日期(firm.established)"
    if key == DISTRICT:
        return "注册所在区（市）县(firm.district)"
    definition = catalog.facts.get(key)
    return f"{definition.label}({key})" if definition else key


def _apply_claims(results: list[MeasureResult], firm: FirmFile) -> list[Problem]:
    """Take the amount the bureau approved (核定金额) for any money measure, never above the computed
    figure, in whole 元 (ruling 15 of 2026-12)."""
    problems: list[Problem] = []
    by_id = {result.id: result for result in results}
    for measure_id, claim in firm.claims.items():
        result = by_id.get(measure_id)
        where = f"claims.{measure_id}"
        if result is None:
            problems.append(Problem(where, "该措施不适用于本企业所在城市"))
            continue
        if result.status is not Status.ELIGIBLE or not result.measure.award.is_money:
            result.warnings.append(f"已填写核定金额 {format_yuan(claim)}，但本项当前不可申报，金额未计入")
            continue
        limit = result.ceiling if result.ceiling is not None else result.award
        word = "最高额" if result.ceiling is not None else "按政策计算的金额"
        if claim > limit:
            problems.append(
                Problem(where, f"核定金额 {format_yuan(claim)} 超过本项{word} {format_yuan(limit)}")
            )
            continue
        whole = round_award(claim)
        result.award = whole
        result.claimed = True
        result.up_to = False
        line = f"核定金额 {format_yuan(claim)}(不超过{word} {format_yuan(limit)})"
        if whole != claim:
            line += f"，按整元计 {format_yuan(whole)}"
        result.arithmetic.append(line)
        if whole == 0:
            result.status = Status.INELIGIBLE
            result.summary = "核定金额为 0 元，本项没有可申报的金额"
        if result.calculation is not None:
            result.calculation = replace(result.calculation, claim=whole)
        pending = [
            other
            for other in result.measure.award.exclude_base_of
            if other in by_id and by_id[other].status is Status.NEEDS_INPUT
        ]
        if result.provisional and pending and whole > 0:
            names = "、".join(pending)
            result.warnings.append(
                f"核定金额 {format_yuan(whole)}暂不计入合计：{names} 尚需补充数据，补充后按核定金额计入"
            )
    return problems


def _highest_only_note(jurisdiction: Jurisdiction) -> str:
    """Return why support for the same matter from elsewhere is compared (ruling 17 of 2026-12): the
    document's own words where it says 就高不重复, else what every real call asks."""
    if jurisdiction.highest_only:
        return f"《{jurisdiction.document}》：“{jurisdiction.highest_only}”"
    return (
        f"《{jurisdiction.document}》原文未写明就高不重复，但申报通知均要求如实申报同一事项"
        "已获得或正在申请的其他财政资金，重复部分不予支持"
    )


def _apply_matters(results: list[MeasureResult], firm: FirmFile, catalog: Catalog) -> None:
    """Count only the highest award of each matter (就高不重复), and of it only the part above the
    support already received for the same matter from other policies (补差), in whole 元."""
    for result in results:
        result.counted = result.is_money and not result.provisional
        result.counted_award = result.award if result.counted else ZERO
    groups: dict[str, list[MeasureResult]] = defaultdict(list)
    for result in results:
        if result.counted:
            groups[result.measure.matter].append(result)
    for members in groups.values():
        if len(members) < 2:
            continue
        winner = max(members, key=lambda member: member.award)
        for member in members:
            if member is winner:
                member.notes.append(
                    "就高不重复：与 "
                    + "、".join(m.id for m in members if m is not winner)
                    + " 属同一事项，按较高的本项计"
                )
                continue
            member.counted = False
            member.counted_award = ZERO
            member.warnings.append(
                f"就高不重复：与 {winner.id}({format_yuan(winner.award)})属同一事项，只计较高的 {winner.id}，本项不计入合计"
            )
    received: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for entry in firm.other_support:
        if entry.measure in catalog.measures:
            received[catalog.measures[entry.measure].matter].append((entry.source, entry.amount))
    for result in results:
        entries = received.get(result.measure.matter)
        if not entries or not result.is_money:
            continue
        amount = sum((value for _, value in entries), ZERO)
        result.other_support = list(entries)
        sources = "、".join(f"“{source}” {format_yuan(value)}" for source, value in entries)
        result.warnings.append(
            f"同一事项已从其他政策获得支持：{sources}；按就高不重复原则，企业最终只获较高的一项"
            f"({_highest_only_note(result.jurisdiction)})"
        )
        if not result.counted:
            continue
        if amount >= result.award:
            result.counted = False
            result.counted_award = ZERO
            result.warnings.append(
                f"已获支持 {format_yuan(amount)} 不低于本项 {format_yuan(result.award)}，本项不计入合计"
            )
            continue
        difference = result.award - amount
        result.counted_award = round_award(difference)
        line = f"补差：本项 {format_yuan(result.award)} − 已获支持 {format_yuan(amount)} = {format_yuan(difference)}"
        if result.counted_award != difference:
            line += f"，向下取整为 {format_yuan(result.counted_award)}"
        result.warnings.append(line + "，合计只计入这部分")
        if result.counted_award == 0:
            result.counted = False


def _other_city_warnings(firm: FirmFile, catalog: Catalog, reached: set[str]) -> list[str]:
    """Return a warning for each history or other-support entry naming a measure the firm's city
    does not reach (ruling 20 of 2026-12): it is not compared with anything, and the user is told."""
    city = catalog.cities[firm.firm.city].name
    warnings: list[str] = []

    def owner(measure_id: str) -> str:
        return catalog.jurisdictions[catalog.jurisdiction_of[measure_id]].name

    for entry in firm.other_support:
        if entry.measure in catalog.measures and entry.measure not in reached:
            warnings.append(
                f"已获其他支持“{entry.source}”({format_yuan(entry.amount)})填写的对应措施 {entry.measure} "
                f"属于{owner(entry.measure)}，不是{city}企业可申报的措施，未参与就高不重复的比较；"
                f"如该资金与{city}某项措施是同一事项，请改填该措施"
            )
    for item in firm.history:
        if item.measure in catalog.measures and item.measure not in reached:
            warnings.append(
                f"历史获奖 {item.measure}({item.year} 年 {format_yuan(item.amount)})属于{owner(item.measure)}，"
                f"不是{city}企业可申报的措施，未用于一次性奖励和年度上限的判断"
            )
    return warnings


@lru_cache(maxsize=64)
def _plan(catalog: Catalog, city: str, year: int) -> tuple[tuple[str, ...], tuple[Entry, ...]]:
    """Return a city's measure ids in catalog order, and its entries for the year (each measure
    from the document in force, with the year's guide) in evaluation order: measures whose base
    others exclude come first, so exclusions see their results."""
    entries = catalog.entries(city, year)
    excluded = {other for entry in entries for other in entry.measure.award.exclude_base_of}
    ordered = sorted(entries, key=lambda entry: entry.measure.id not in excluded)
    return tuple(entry.measure.id for entry in entries), tuple(ordered)


def evaluate_firm(firm: FirmFile, catalog: Catalog) -> FirmResult:
    """Return the result of every measure the firm's city reaches, for the firm's year, with totals.

    Problems with the firm's claims (a claim above its ceiling) are returned in ``problems``.
    """
    context = FactContext(firm, catalog)
    ids, ordered = _plan(catalog, firm.firm.city, firm.year)
    done: dict[str, MeasureResult] = {}
    for entry in ordered:
        done[entry.measure.id] = _evaluate_measure(entry, firm, context, done)
    results = [done[measure_id] for measure_id in ids]
    problems = _apply_claims(results, firm)
    _apply_matters(results, firm, catalog)
    warnings = _other_city_warnings(firm, catalog, set(ids))
    total = sum((r.counted_award for r in results if r.counted and not r.up_to), Decimal(0))
    total_up_to = sum((r.counted_award for r in results if r.counted and r.up_to), Decimal(0))
    return FirmResult(
        year=firm.year,
        city=firm.firm.city,
        firm_name=firm.firm.name,
        measures=results,
        total=total,
        total_up_to=total_up_to,
        problems=problems,
        warnings=warnings,
    )
