"""Annual guides: applying one to a measure for its year, and checking it against the document's ceilings."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal

from desktop.catalog.checks import condition_problems
from desktop.catalog.model import (
    Award,
    AwardKind,
    FactDef,
    Guide,
    GuideMeasure,
    Jurisdiction,
    Measure,
    in_force,
)
from desktop.catalog.suggest import suggest
from desktop.errors import Problem
from desktop.money import format_compact, format_percent


def apply_guide(
    measure: Measure,
    entry: GuideMeasure | None,
    guide: Guide | None = None,
    facts: Mapping[str, FactDef] | None = None,
) -> Measure:
    """Return the measure as the guide fixes it for its year: exact rate or amount (below a fixed or
    tiered ceiling too), cap, scale, the guide's conditions for all measures and for this one (with
    the proofs of the facts they ask), attachments and notes added. A measure the guide does not
    list (``entry`` None) gets only the guide-wide conditions. A closed measure is returned
    unchanged (the engine closes it)."""
    entry = entry or GuideMeasure()
    award = measure.award
    fixed: list[str] = []
    if entry.amount is not None and award.amount is not None:
        ceiling = "最高" if award.kind is AwardKind.UP_TO else ""
        fixed.append(
            f"年度指南确定金额 {format_compact(entry.amount)}(文件规定{ceiling} {format_compact(award.amount)})"
        )
    if entry.rate is not None and award.rate is not None:
        fixed.append(
            f"年度指南确定比例 {format_percent(entry.rate)}(文件规定最高 {format_percent(award.rate)})"
        )
    if entry.cap is not None:
        fixed.append(f"年度指南规定上限 {format_compact(entry.cap)}")
    if entry.tiers and award.tiers:
        fixed.append(
            "年度指南确定各档金额："
            + "；".join(
                f"{tier.label} {format_compact(entry.tiers[tier.label])}(文件规定 {format_compact(tier.amount)})"
                for tier in award.tiers
                if tier.label in entry.tiers
            )
        )
        tiers = [
            tier.model_copy(update={"amount": entry.tiers.get(tier.label, tier.amount)})
            for tier in award.tiers
        ]
        award = award.model_copy(update={"tiers": tiers})
    if entry.amount is not None:
        award = Award(kind=AwardKind.FIXED, amount=entry.amount, per_year=award.per_year)
    elif entry.rate is not None:
        award = Award.model_validate(
            {
                **award.model_dump(exclude_none=True),
                "kind": AwardKind.RATE,
                "rate": entry.rate,
                "cap": entry.cap if entry.cap is not None else award.cap,
            }
        )
    elif entry.cap is not None:
        award = Award.model_validate({**award.model_dump(exclude_none=True), "cap": entry.cap})
    added = [*(guide.conditions if guide is not None and award.is_money else []), *entry.conditions]
    conditions = [*measure.conditions, *added]
    notes = [*measure.notes, *fixed]
    if entry.scale is not None:
        condition = entry.scale.condition()
        if condition is not None:
            conditions.append(condition)
        notes.append(f"年度指南规定的规模标准：{entry.scale.text}")
    notes.extend(entry.notes)
    proofs = [
        proof
        for condition in added
        for fact in condition.facts()
        for proof in (facts[fact].proof if facts is not None and fact in facts else [])
    ]
    attachments = list(dict.fromkeys(measure.attachments + entry.attachments + proofs))
    return measure.model_copy(
        update={"award": award, "conditions": conditions, "notes": notes, "attachments": attachments}
    )


def _ceiling_problems(measure: Measure, entry: GuideMeasure, where: str) -> Iterator[Problem]:
    award = measure.award
    kind = award.kind
    if kind is AwardKind.UNQUANTIFIED and (entry.amount, entry.rate, entry.cap, entry.tiers) != (
        None,
        None,
        None,
        None,
    ):
        yield Problem(
            where,
            "文件未规定金额，指南不能在此设定 rate、amount、tiers 或 cap；允许：scale、attachments、open、"
            "application_window(s)、report、notes；核定金额请填入企业文件的 claims",
        )
        return
    if kind is AwardKind.UNQUANTIFIED and entry.conditions:
        yield Problem(
            f"{where} 字段 conditions",
            "文件未规定金额的措施不按条件计算金额，指南不能为其加条件；允许：scale、attachments、open、notes",
        )
    if entry.amount is not None and entry.rate is not None:
        yield Problem(f"{where} 字段 amount", "amount 与 rate 只能给出一个；请按文件的奖励方式选择")
    if entry.amount is not None:
        if not (kind in (AwardKind.UP_TO, AwardKind.FIXED) and award.amount is not None):
            yield Problem(
                f"{where} 字段 amount",
                f"文件的奖励方式为 {kind.value}"
                + ("(按比例计算)" if award.rate is not None else "(分档)" if award.tiers else "")
                + "，指南不能以 amount 改定金额；允许：“最高X万元”(up_to amount)或定额(fixed)的措施给出 amount"
                + ("，分档措施用 tiers 给出各档金额" if award.tiers else ""),
            )
        elif entry.amount > award.amount:
            word = "最高" if kind is AwardKind.UP_TO else "金额"
            yield Problem(
                f"{where} 字段 amount",
                f"{format_compact(entry.amount)} 超过文件规定的{word} {format_compact(award.amount)}；"
                f"允许：不超过 {format_compact(award.amount)}；请核对指南原文",
            )
        elif entry.amount <= 0:
            yield Problem(f"{where} 字段 amount", "金额应大于 0")
    if entry.tiers is not None:
        yield from _tier_problems(measure, entry.tiers, where)
    if entry.rate is not None:
        if not (kind is AwardKind.UP_TO and award.rate is not None):
            yield Problem(
                f"{where} 字段 rate",
                f"文件的奖励方式为 {kind.value}，指南不能改定比例；允许：只对“最高X%”(up_to rate)的措施给出 rate",
            )
        elif entry.rate > award.rate:
            yield Problem(
                f"{where} 字段 rate",
                f"{format_percent(entry.rate)} 超过文件规定的最高 {format_percent(award.rate)}；"
                f"允许：不超过 {format_percent(award.rate)}；请核对指南原文",
            )
    if entry.cap is not None:
        if award.rate is None:
            yield Problem(
                f"{where} 字段 cap",
                "cap 只用于按比例计算的措施；允许：最高额或定额措施请用 amount，分档措施用 tiers",
            )
        elif award.cap is not None and entry.cap > award.cap:
            yield Problem(
                f"{where} 字段 cap",
                f"{format_compact(entry.cap)} 超过文件规定的上限 {format_compact(award.cap)}；"
                f"允许：不超过 {format_compact(award.cap)}；请核对指南原文",
            )


def _tier_problems(measure: Measure, amounts: Mapping[str, Decimal], where: str) -> Iterator[Problem]:
    """Yield the problems of a guide's tier amounts: only for tiered measures, by the document's
    labels, none above the document's amount nor below 1 元, still rising from tier to tier."""
    tiers = measure.award.tiers
    if not tiers:
        yield Problem(
            f"{where} 字段 tiers",
            f"文件的奖励方式为 {measure.award.kind.value}，不分档；允许：只对分档(tiered)的措施给出 tiers",
        )
        return
    labels = [tier.label for tier in tiers]
    for label, amount in amounts.items():
        tier = next((tier for tier in tiers if tier.label == label), None)
        if tier is None:
            yield Problem(
                f"{where} 字段 tiers.{label}",
                f"文件没有名为“{label}”的档次{suggest(label, labels)}；允许：{'、'.join(labels)}",
            )
        elif amount > tier.amount:
            yield Problem(
                f"{where} 字段 tiers.{label}",
                f"{format_compact(amount)} 超过文件规定的 {format_compact(tier.amount)}；"
                f"允许：不超过 {format_compact(tier.amount)}；请核对指南原文",
            )
        elif amount <= 0:
            yield Problem(f"{where} 字段 tiers.{label}", "金额应大于 0")
    fixed = [amounts.get(tier.label, tier.amount) for tier in tiers]
    if all(label in labels for label in amounts) and fixed != sorted(fixed):
        yield Problem(
            f"{where} 字段 tiers",
            "调整后高一档的金额低于低一档("
            + "、".join(
                f"{label} {format_compact(amount)}" for label, amount in zip(labels, fixed, strict=True)
            )
            + ")；允许：各档金额从低到高",
        )


FACT_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def _fact_problems(guide: Guide, facts: Mapping[str, FactDef]) -> Iterator[Problem]:
    """Yield the problems of the facts a guide declares: a key already meaning something else, a
    derived fact (only the program computes those), a key that is not lower_snake_case."""
    for key, definition in guide.facts.items():
        where = f"字段 facts.{key}"
        if not FACT_KEY.match(key):
            yield Problem(where, "数据项的键只能用小写字母、数字和下划线，以字母开头(例：export_growth_met)")
        known = facts.get(key)
        if known is not None and known != definition:
            yield Problem(
                where,
                f"程序已有数据项 {key}(“{known.label}”)；允许：换一个新键，或与已有定义完全相同",
            )
        if definition.derived:
            yield Problem(f"{where}.derived_from", "指南不能声明计算得出的数据项；请让企业直接填写")
        if definition.universal:
            yield Problem(
                f"{where}.universal",
                "通用条件(纳税、信用名单)由程序提供；指南声明的数据项用 conditions 引用即可",
            )


def guide_facts(guide: Guide, facts: Mapping[str, FactDef]) -> Mapping[str, FactDef]:
    """Return the facts a guide's conditions may read: the catalog's and the guide's own."""
    return {**facts, **guide.facts} if guide.facts else facts


def guide_problems(
    guide: Guide, documents: Mapping[str, list[Jurisdiction]], facts: Mapping[str, FactDef]
) -> list[Problem]:
    """Return every problem of a guide against the catalog's documents (each jurisdiction's, oldest
    first) and facts: unknown jurisdiction or measure, a measure out of force in the year, a field
    the award rule does not allow, a figure above the document's ceiling, an unknown fact in a scale
    or condition, a fact declared twice with two meanings."""
    problems: list[Problem] = []
    key = guide.jurisdiction
    if key not in documents:
        return [
            Problem(
                "字段 jurisdiction",
                f"未知辖区 {key}{suggest(key, documents)}；允许：{'、'.join(documents)}",
            )
        ]
    current = [doc for doc in documents[key] if in_force(doc, guide.year)]
    if not current:
        windows = "；".join(
            f"《{doc.document}》{doc.valid_from} 至 {doc.valid_to or '未定'}" for doc in documents[key]
        )
        problems.append(
            Problem(
                "字段 year",
                f"{key} 在 {guide.year} 业绩年度没有有效的政策文件({windows})；请先添加该年度的政策文件",
            )
        )
        return problems
    period = guide.eligible_period
    if period is not None and not any(
        doc.valid_from <= period.to and (doc.valid_to is None or doc.valid_to >= period.from_)
        for doc in current
    ):
        problems.append(
            Problem(
                "字段 eligible_period",
                f"{period.from_} 至 {period.to} 不在任何有效政策文件的有效期内；允许：与文件有效期重叠的期间",
            )
        )
    problems.extend(_fact_problems(guide, facts))
    facts = guide_facts(guide, facts)
    problems.extend(condition_problems(guide.conditions, facts, "全部措施"))
    known = list(dict.fromkeys(m.id for doc in documents[key] for m in doc.measures))
    for measure_id, entry in guide.measures.items():
        where = f"措施 {measure_id}"
        if measure_id not in known:
            problems.append(
                Problem(where, f"{key} 没有编号为 {measure_id} 的措施{suggest(measure_id, known)}")
            )
            continue
        carrying = [doc for doc in current if any(m.id == measure_id for m in doc.measures)]
        if not carrying:
            problems.append(
                Problem(
                    where, f"{measure_id} 在 {guide.year} 业绩年度不在任何有效的政策文件中，指南不能为其定额"
                )
            )
            continue
        document = max(carrying, key=lambda doc: doc.valid_from)
        measure = next(m for m in document.measures if m.id == measure_id)
        problems.extend(_ceiling_problems(measure, entry, where))
        problems.extend(condition_problems(entry.conditions, facts, where))
        scale = entry.scale
        if scale is not None and scale.fact is not None:
            definition = facts.get(scale.fact)
            if definition is None:
                problems.append(
                    Problem(
                        f"{where} 字段 scale.fact",
                        f"未知事实 {scale.fact}{suggest(scale.fact, facts)}",
                    )
                )
            elif not definition.kind.is_numeric:
                problems.append(
                    Problem(f"{where} 字段 scale.fact", f"{scale.fact} 不是数额类事实，不能用阈值比较")
                )
    return problems
