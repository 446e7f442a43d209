"""Annual guides: applying one to a measure for its year, and checking it against the document's ceilings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

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


def apply_guide(measure: Measure, entry: GuideMeasure) -> Measure:
    """Return the measure as the guide fixes it for its year: exact rate or amount, cap, scale,
    attachments and notes added. A closed measure is returned unchanged (the engine closes it)."""
    award = measure.award
    fixed: list[str] = []
    if entry.amount is not None and award.amount is not None:
        fixed.append(
            f"年度指南确定金额 {format_compact(entry.amount)}(文件规定最高 {format_compact(award.amount)})"
        )
    if entry.rate is not None and award.rate is not None:
        fixed.append(
            f"年度指南确定比例 {format_percent(entry.rate)}(文件规定最高 {format_percent(award.rate)})"
        )
    if entry.cap is not None:
        fixed.append(f"年度指南规定上限 {format_compact(entry.cap)}")
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
    conditions = list(measure.conditions)
    notes = [*measure.notes, *fixed]
    if entry.scale is not None:
        condition = entry.scale.condition()
        if condition is not None:
            conditions.append(condition)
        notes.append(f"年度指南规定的规模标准：{entry.scale.text}")
    notes.extend(entry.notes)
    attachments = list(dict.fromkeys(measure.attachments + entry.attachments))
    return measure.model_copy(
        update={"award": award, "conditions": conditions, "notes": notes, "attachments": attachments}
    )


def _ceiling_problems(measure: Measure, entry: GuideMeasure, where: str) -> Iterator[Problem]:
    award = measure.award
    kind = award.kind
    if kind is AwardKind.UNQUANTIFIED and (entry.amount, entry.rate, entry.cap) != (None, None, None):
        yield Problem(
            where,
            "文件未规定金额，指南不能在此设定 rate、amount 或 cap；允许：scale、attachments、open、"
            "application_window、notes；核定金额请填入企业文件的 claims",
        )
        return
    if entry.amount is not None and entry.rate is not None:
        yield Problem(f"{where} 字段 amount", "amount 与 rate 只能给出一个；请按文件的奖励方式选择")
    if entry.amount is not None:
        if not (kind is AwardKind.UP_TO and award.amount is not None):
            yield Problem(
                f"{where} 字段 amount",
                f"文件的奖励方式为 {kind.value}"
                + ("(按比例计算)" if award.rate is not None else "(金额已确定)")
                + "，指南不能改定金额；允许：只对“最高X万元”(up_to amount)的措施给出 amount",
            )
        elif entry.amount > award.amount:
            yield Problem(
                f"{where} 字段 amount",
                f"{format_compact(entry.amount)} 超过文件规定的最高 {format_compact(award.amount)}；"
                f"允许：不超过 {format_compact(award.amount)}；请核对指南原文",
            )
        elif entry.amount <= 0:
            yield Problem(f"{where} 字段 amount", "金额应大于 0")
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
                "cap 只用于按比例计算的措施；允许：最高额措施请用 amount",
            )
        elif award.cap is not None and entry.cap > award.cap:
            yield Problem(
                f"{where} 字段 cap",
                f"{format_compact(entry.cap)} 超过文件规定的上限 {format_compact(award.cap)}；"
                f"允许：不超过 {format_compact(award.cap)}；请核对指南原文",
            )


def guide_problems(
    guide: Guide, documents: Mapping[str, list[Jurisdiction]], facts: Mapping[str, FactDef]
) -> list[Problem]:
    """Return every problem of a guide against the catalog's documents (each jurisdiction's, oldest
    first) and facts: unknown jurisdiction or measure, a measure out of force in the year, a field
    the award rule does not allow, a figure above the document's ceiling, an unknown scale fact."""
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
