"""Plain-language descriptions of catalog entries: award rules, validity windows, jurisdictions."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.catalog.loader import Catalog
from desktop.catalog.model import AwardKind, Condition, FactDef, Guide, GuideMeasure, Jurisdiction, Measure
from desktop.money import format_compact, format_grouped, format_percent

KIND_LABELS = {
    AwardKind.FIXED: "定额",
    AwardKind.TIERED: "分档",
    AwardKind.RATE: "比例",
    AwardKind.COST_SHARE: "费用补助",
    AwardKind.UP_TO: "最高额",
    AwardKind.UNQUANTIFIED: "政策支持(无金额)",
}


def describe_award(measure: Measure, catalog: Catalog) -> str:
    """Return the award rule in one line, e.g. ``3% × 服务川渝地区跨境电商企业收入，上限 50万元``."""
    award = measure.award
    parts: list[str] = []
    if award.kind is AwardKind.UNQUANTIFIED:
        parts.append("文件未定金额，按有关规定给予支持")
    elif award.tiers is not None:
        parts.append(
            "分档(取最高一档)：" + "；".join(f"{t.label} {format_compact(t.amount)}" for t in award.tiers)
        )
    elif award.rate is not None and award.base is not None:
        base = catalog.facts[award.base].label
        prefix = "最高 " if award.kind is AwardKind.UP_TO else ""
        text = f"{prefix}{format_percent(award.rate)} × {base}"
        if award.cap is not None:
            text += f"，{'每年' if award.per_year else '单个企业'}上限 {format_compact(award.cap)}"
        else:
            text += "，文件未定金额上限"
        parts.append(text)
    elif award.amount is not None:
        prefix = "最高 " if award.kind is AwardKind.UP_TO else ""
        parts.append(f"{prefix}{format_compact(award.amount)}")
    if award.per_year and award.cap is None and award.kind is not AwardKind.UNQUANTIFIED:
        parts.append("年度奖励")
    if measure.one_off:
        parts.append("一次性")
    if award.kind is AwardKind.UP_TO:
        parts.append("具体金额由年度指南确定")
    return "，".join(parts)


def describe_window(jurisdiction: Jurisdiction) -> str:
    """Return the validity window, e.g. ``2024-11-20 至 2027-12-31``."""
    end = jurisdiction.valid_to.isoformat() if jurisdiction.valid_to else "未定"
    return f"{jurisdiction.valid_from.isoformat()} 至 {end}"


def jurisdiction_heading(jurisdiction: Jurisdiction) -> str:
    """Return a jurisdiction's name, marked when its document is a draft."""
    return f"{jurisdiction.name}(征求意见稿)" if jurisdiction.draft else jurisdiction.name


def describe_guide_entry(entry: GuideMeasure) -> str:
    """Return what a guide fixes for one measure, e.g. ``比例 50%，申报时间 …``."""
    parts: list[str] = []
    if not entry.open:
        parts.append(f"本年度不受理：{entry.reason}")
    if entry.rate is not None:
        parts.append(f"比例 {format_percent(entry.rate)}")
    if entry.amount is not None:
        parts.append(f"金额 {format_compact(entry.amount)}")
    if entry.cap is not None:
        parts.append(f"上限 {format_compact(entry.cap)}")
    if entry.scale is not None:
        parts.append(f"规模标准：{entry.scale.text}")
    if entry.attachments:
        parts.append("另需材料：" + "、".join(entry.attachments))
    if entry.application_window is not None:
        parts.append(f"申报时间 {entry.application_window.text()}")
    return "，".join(parts) or "沿用文件规定"


def describe_condition(condition: Condition, facts: Mapping[str, FactDef]) -> str:
    """Return a condition in a few words: ``依法纳税，无欠缴税款：是``, ``注册地在成都高新区``."""
    if condition.label:
        return condition.label
    if condition.registered_in is not None:
        return "注册地在" + "、".join(condition.registered_in)
    if condition.established_within_years is not None:
        return f"成立{condition.established_within_years}年内"
    if condition.any_of is not None:
        return "满足下列情形之一：" + "、".join(branch.label for branch in condition.any_of)
    definition = facts.get(condition.fact or "")
    label = definition.label if definition is not None else str(condition.fact)
    if condition.is_ is not None:
        return f"{label}：{'是' if condition.is_ else '否'}"
    if condition.in_ is not None and definition is not None:
        return f"{label}为" + "或".join(
            definition.choices[c].label for c in condition.in_ if c in definition.choices
        )
    unit = definition.kind.unit if definition is not None else ""
    threshold = format_compact(condition.threshold, unit) if condition.threshold is not None else ""
    return f"{label} {condition.wording} {threshold}"


def describe_call(guide: Guide) -> list[str]:
    """Return what a guide says of the call as lines: the counting period, the windows, how to submit
    (platform, upload limit, copies, seals, signatures, hotline, payout) and its notes."""
    lines: list[str] = []
    period = guide.eligible_period
    if period is not None:
        lines.append(f"业绩计算期间：{period.from_.isoformat()} 至 {period.to.isoformat()}")
    if guide.windows:
        lines.append("申报时间：" + "；".join(window.labelled() for window in guide.windows))
    submission = guide.submission
    if submission is not None:
        if submission.platform:
            address = f"({submission.platform_address})" if submission.platform_address else ""
            limit = (
                f"，每个文件不超过 {format_grouped(submission.max_upload_mb)}MB"
                if submission.max_upload_mb is not None
                else ""
            )
            lines.append(f"申报平台：{submission.platform}{address}{limit}")
        if submission.upload_items:
            lines.append("上传材料：" + "、".join(submission.upload_items))
        paper = []
        if submission.copies:
            paper.append(f"一式{chinese_count(submission.copies)}份")
        if submission.seals:
            paper.append("、".join(submission.seals))
        if submission.deliver_to:
            paper.append(f"报送{submission.deliver_to}")
        if paper:
            lines.append("纸质材料：" + "，".join(paper))
        if submission.signatures:
            lines.append("签字：" + "、".join(submission.signatures))
        if submission.hotline:
            lines.append(f"咨询电话：{submission.hotline}")
        if submission.payout:
            lines.append(f"资金拨付：{submission.payout}")
    lines.extend(f"说明：{note}" for note in guide.notes)
    return lines


def chinese_count(number: int) -> str:
    """Return a small count in Chinese numerals, as 一式四份 writes it: 4 → 四, 12 → 十二, 20 → 二十."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")
