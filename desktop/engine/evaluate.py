"""The engine: a pure function from a firm file and the catalog to a result for every measure it reaches."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache

from desktop.catalog.loader import Catalog, Entry
from desktop.catalog.model import AwardKind, Guide, Jurisdiction, Measure, Period
from desktop.engine.awards import ZERO, apply_history, compute, near_miss_hints
from desktop.engine.conditions import DISTRICT, ESTABLISHED, FactContext, all_hold, evaluate
from desktop.engine.result import Check, FirmResult, MeasureResult, Status
from desktop.errors import Problem
from desktop.firm import FirmFile
from desktop.money import format_yuan


def validity(jurisdiction: Jurisdiction, year: int) -> tuple[bool, str | None]:
    """Return whether the document is in force in the year, and a note when the window
    starts or ends inside it (or the reason it is out of force)."""
    return _validity(jurisdiction.document, jurisdiction.valid_from, jurisdiction.valid_to, year)


@lru_cache(maxsize=256)
def _validity(document: str, valid_from: date, valid_to: date | None, year: int) -> tuple[bool, str | None]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    window = f"{valid_from.isoformat()} 至 {valid_to.isoformat() if valid_to else '未定'}"
    if valid_from > end:
        return False, f"《{document}》自 {valid_from.isoformat()} 起施行，{year} 业绩年度尚未生效"
    if valid_to is not None and valid_to < start:
        return False, f"《{document}》有效期至 {valid_to.isoformat()}，{year} 业绩年度已不在有效期内"
    if valid_from > start:
        return True, (
            f"有效期 {window}：自 {valid_from.isoformat()} 起施行，{year} 年只有部分期间在有效期内；"
            f"请只填写 {valid_from.isoformat()} 起发生的业务和费用"
        )
    if valid_to is not None and valid_to < end:
        return True, f"有效期 {window}：{valid_to.isoformat()} 到期，{year} 年只有部分期间在有效期内"
    return True, None


def counting_period(jurisdiction: Jurisdiction, year: int, guide: Guide | None = None) -> Period | None:
    """Return the part of the performance year whose business and costs count, or None for the
    whole year: the document's window inside the year (ruling 11), narrowed by the annual guide's
    ``eligible_period`` (ruling 18: the 2023 call counted from 2023-02-14)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = max(first, jurisdiction.valid_from)
    end = min(last, jurisdiction.valid_to or last)
    if guide is not None and guide.eligible_period is not None:
        start = max(start, guide.eligible_period.from_)
        end = min(end, guide.eligible_period.to)
    if (start, end) == (first, last) or start > end:
        return None
    return Period(from_=start, to=end)


def _period_note(jurisdiction: Jurisdiction, year: int, guide: Guide) -> str | None:
    """Return the note of a guide's counting period, which replaces the document's partial-year note."""
    period = counting_period(jurisdiction, year, guide)
    if guide.eligible_period is None or period is None:
        return None
    note = (
        f"业绩计算期间 {period.from_.isoformat()} 至 {period.to.isoformat()}(年度指南《{guide.guide}》规定)："
        "只计这一期间发生的业务和费用，请只填写该期间的数据"
    )
    if period.from_ > guide.eligible_period.from_ or period.to < guide.eligible_period.to:
        note += f"(《{jurisdiction.document}》有效期 {jurisdiction.valid_from.isoformat()} 起)"
    return note


def _role_check(measure: Measure, firm: FirmFile, catalog: Catalog) -> Check | None:
    if not measure.roles:
        return None
    return _role_check_for(catalog, tuple(measure.roles), tuple(firm.firm.roles))


@lru_cache(maxsize=1024)
def _role_check_for(catalog: Catalog, wanted: tuple[str, ...], held: tuple[str, ...]) -> Check:
    wanted_text = "或".join(catalog.roles[role].label for role in wanted)
    held_text = "、".join(catalog.roles[role].label for role in held) or "未选择"
    holds = any(role in held for role in wanted)
    return Check(f"企业类型为{wanted_text}：本企业为 {held_text}", holds, value=held, kind="role")


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
    in_force, window_note = validity(jurisdiction, year)
    if not in_force:
        result.status = Status.NOT_IN_FORCE
        result.summary = window_note or ""
        return result
    result.period = counting_period(jurisdiction, year, guide)
    if guide is not None:
        window_note = _period_note(jurisdiction, year, guide) or window_note
    if window_note:
        result.notes.append(window_note)
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
    apply_history(measure, outcome, already)
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
    """Take the amount the bureau approved (核定金额) for any money measure, never above the computed figure."""
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
        result.award = claim
        result.claimed = True
        result.up_to = False
        result.arithmetic.append(f"核定金额 {format_yuan(claim)}(不超过{word} {format_yuan(limit)})")
        if claim == 0:
            result.status = Status.INELIGIBLE
            result.summary = "核定金额为 0 元，本项没有可申报的金额"
        if result.calculation is not None:
            result.calculation = replace(result.calculation, claim=claim)
    return problems


def _apply_matters(results: list[MeasureResult], firm: FirmFile, catalog: Catalog) -> None:
    """Count only the highest award of each matter (就高不重复), and of it only the part above the
    support already received for the same matter from other policies (补差)."""
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
        sources = "、".join(f"“{source}” {format_yuan(value)}" for source, value in entries)
        result.warnings.append(
            f"同一事项已从其他政策获得支持：{sources}；按就高不重复原则，企业最终只获较高的一项"
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
        result.counted_award = result.award - amount
        result.warnings.append(
            f"补差：本项 {format_yuan(result.award)} − 已获支持 {format_yuan(amount)} = "
            f"{format_yuan(result.counted_award)}，合计只计入这部分"
        )


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
    )
