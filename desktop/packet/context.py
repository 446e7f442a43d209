"""What the templates see: the firm, the engine's figures and reasons, worded for print; nothing recomputed."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from desktop import __version__
from desktop.catalog.describe import describe_award, describe_call, jurisdiction_heading
from desktop.catalog.loader import Catalog
from desktop.catalog.model import Guide, Period, Window
from desktop.engine.calls import Reminder, guides_of, receiving_bureau, universal_reminders
from desktop.engine.conditions import DISTRICT, ESTABLISHED, format_value
from desktop.engine.result import STATUS_LABELS, Check, FirmResult, MeasureResult, Status
from desktop.firm import FirmFile
from desktop.money import format_compact, format_grouped, format_percent, to_capital
from desktop.packet.files import title_for_file

COMMON_ATTACHMENTS = (
    "跨境电商政策资金申报书（本套材料）",
    "信用承诺书",
    "营业执照（副本）复印件",
    "法定代表人身份证复印件",
    "银行开户许可证或基本存款账户信息",
)

# Characters after or before which a space is never wanted in Chinese print: CJK, full-width forms,
# Chinese quotes and brackets, and units such as ㎡.
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》"
_SPACE_AT_CJK = re.compile(rf"[ \t]+(?=[{_CJK}])|(?<=[{_CJK}])[ \t]+")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_FACT_KEY = re.compile(r"[(（][a-z][a-z0-9]*(?:_[a-z0-9]+)+[)）]")
_MEASURE_ID = re.compile(r"\b[A-Z]{2,3}-[0-9A-Z]{1,3}\b")


def date_text(day: date) -> str:
    """Return a date as forms write it: ``2026年3月1日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_text(period: Period) -> str:
    """Return a counting period as forms write it: ``2023年2月14日至12月31日``."""
    end = period.to
    tail = f"{end.month}月{end.day}日" if end.year == period.from_.year else date_text(end)
    return f"{date_text(period.from_)}至{tail}"


def windows_text(windows: list[Window]) -> str:
    """Return application windows as forms write them: ``线上申报2024年3月6日至3月15日；修改补充……``."""
    return "；".join(
        window.label + period_text(Period(from_=window.from_, to=window.to)) for window in windows
    )


def _quoted(title: str) -> str:
    """Return a measure title in Chinese quotes, its own quotes turned into inner ones."""
    return "“" + title.replace("“", "‘").replace("”", "’") + "”"


def bureau_text(text: str, catalog: Catalog | None = None) -> str:
    """Return engine or catalog text as a form prints it.

    Measure ids become their quoted titles, ISO dates Chinese dates, half-width punctuation
    full-width (thousands separators stay), arrows a plain clause, and no space touches a
    Chinese character: ``超过 2亿元(不含本数)`` → ``超过2亿元（不含本数）``.
    """
    if catalog is not None:
        text = _MEASURE_ID.sub(lambda match: _measure_title(match.group(0), catalog), text)
    text = _FACT_KEY.sub("", text)
    text = re.sub(r"\s*→\s*", "，计", text)
    text = _ISO_DATE.sub(lambda m: f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日", text)
    text = text.replace("(", "（").replace(")", "）")
    text = re.sub(r"\s*(?<!\d):(?!\d)\s*", "：", text)
    text = re.sub(r"\s*;\s*", "；", text)
    text = re.sub(r",(?!\d{3}(?!\d))\s*", "，", text)
    text = _SPACE_AT_CJK.sub("", text)
    text = re.sub(r"\s*([=×÷−])\s*", r"\1", text)
    return text.strip()


def _measure_title(measure_id: str, catalog: Catalog) -> str:
    measure = catalog.measures.get(measure_id)
    return _quoted(bureau_text(measure.title)) if measure is not None else measure_id


def measure_form_name(index: int, measure: MeasureResult) -> str:
    """Return the file name of the packet's ``index``-th measure form, named by the measure's title."""
    return f"02_{index:02d}_申请表_{title_for_file(measure.measure.title)}.docx"


def applied(result: FirmResult) -> list[MeasureResult]:
    """Return the measures the packet applies for: eligible, with money, counted in the totals."""
    return [measure for measure in result.measures if measure.status is Status.ELIGIBLE and measure.counted]


def _firm(firm: FirmFile, catalog: Catalog) -> dict[str, str]:
    info = firm.firm
    return {
        "name": info.name,
        "credit_code": info.credit_code,
        "city": info.city,
        "city_name": catalog.cities[info.city].name,
        "established": date_text(info.established) if info.established else "",
        "roles": "、".join(catalog.roles[role].label for role in info.roles),
        "legal_representative": info.legal_representative,
        "contact_person": info.contact_person,
        "contact_phone": info.contact_phone,
        "address": info.address,
        "bank_name": info.bank_name,
        "bank_account": info.bank_account,
    }


def _condition_rows(checks: list[Check], catalog: Catalog, depth: int = 0) -> list[dict[str, str]]:
    rows = []
    for check in checks:
        condition, _, figure = check.text.partition("：")
        verdict = {True: "符合", False: "不符合", None: "待补充"}[check.holds]
        rows.append(
            {
                "indent": "　" * depth,
                "condition": bureau_text(condition, catalog),
                "figure": bureau_text(figure.removeprefix("本企业为"), catalog),
                "verdict": verdict,
            }
        )
        rows.extend(_condition_rows(list(check.children), catalog, depth + 1))
    return rows


def _facts_of(checks: list[Check]) -> list[str]:
    found: list[str] = []
    for check in checks:
        if check.fact and check.holds is not None:
            found.append(check.fact)
        found.extend(_facts_of(list(check.children)))
    return found


def _figures(measure: MeasureResult, firm: FirmFile, catalog: Catalog) -> list[dict[str, Any]]:
    """Return every figure the measure is decided and computed from, a derived one after its sources;
    ``numeric`` marks an amount, area or rate (a performance indicator), not a yes/no or a choice."""
    keys = _facts_of(measure.checks)
    calculation = measure.calculation
    if calculation is not None:
        keys += [key for key in (calculation.base_fact, calculation.excluded_fact) if key]
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(key: str, text: str, method: str = "") -> None:
        if key not in seen:
            seen.add(key)
            rows.append(
                {
                    "label": bureau_text(catalog.facts[key].label),
                    "value": bureau_text(text),
                    "method": method,
                    "numeric": catalog.facts[key].kind.is_numeric,
                }
            )

    for key in dict.fromkeys(keys):
        definition = catalog.facts[key]
        if definition.derived:
            sources = [(source, firm.facts.get(source)) for source in definition.derived_from]
            for source, value in sources:
                if value is not None:
                    add(source, format_value(catalog.facts[source], value))
            values = [value for _, value in sources]
            if len(values) == 2 and all(isinstance(v, Decimal) for v in values) and values[1]:
                current, prior = values
                assert isinstance(current, Decimal) and isinstance(prior, Decimal)
                rate = format_percent((current - prior) / prior, 2)
                current_label, prior_label = (bureau_text(catalog.facts[k].label) for k, _ in sources)
                add(key, rate, f"（{current_label}−{prior_label}）÷{prior_label}")
            continue
        value = firm.facts.get(key)
        if value is not None:
            add(key, format_value(definition, value))
    return rows


def not_applied_reason(measure: MeasureResult, catalog: Catalog | None = None) -> str:
    """Return the one-line reason a measure is not applied for (for the firm, not the bureau)."""
    if measure.status is Status.ELIGIBLE:
        return measure.warnings[-1] if measure.warnings else "金额为0"
    if measure.status is Status.NEEDS_INPUT and catalog is not None and measure.missing:
        return "需补充：" + "、".join(fact_label(key, catalog) for key in measure.missing)
    if measure.summary and measure.status is not Status.UNQUANTIFIED:
        return _FACT_KEY.sub("", measure.summary)
    if measure.status is Status.UNQUANTIFIED:
        return "政策未规定金额，按有关规定给予支持"
    failed = [check for check in measure.checks if check.holds is False]
    if failed:
        return "；".join(f"不符合：{check.sentence}" for check in failed[:2])
    return measure.summary or STATUS_LABELS[measure.status]


def fact_label(key: str, catalog: Catalog) -> str:
    """Return the Chinese label of a fact key (or of the firm's establishment date)."""
    if key == ESTABLISHED:
        return "企业成立日期"
    if key == DISTRICT:
        return "注册所在区（市）县"
    definition = catalog.facts.get(key)
    return definition.label if definition is not None else key


def _rule(measure: MeasureResult, catalog: Catalog) -> str:
    """Return the award rule as a form states it; tiers as ``超过2亿元的，奖励200万元``."""
    award = measure.measure.award
    if award.tiers is None:
        return bureau_text(describe_award(measure.measure, catalog))
    tiers = "；".join(f"{bureau_text(t.label)}的，奖励{format_compact(t.amount)}" for t in award.tiers)
    extra = "，一次性" if measure.measure.one_off else ("，年度奖励" if award.per_year else "")
    return f"分档奖励，取最高一档：{tiers}{extra}"


def _several_windows(measure: MeasureResult) -> str:
    """Return a call's windows in words when it has several (申报, 修改补充); one is said by its deadline."""
    windows = measure.guide.windows_of(measure.id) if measure.guide is not None else []
    return windows_text(windows) if len(windows) > 1 else ""


def _support(measure: MeasureResult) -> list[dict[str, str]]:
    """Return the other funds for the same matter (就高不重复) as the forms list them."""
    return [
        {"source": bureau_text(source), "amount": str(amount), "amount_text": format_grouped(amount)}
        for source, amount in measure.other_support
    ]


def measure_context(measure: MeasureResult, catalog: Catalog, firm: FirmFile | None = None) -> dict[str, Any]:
    """Return the fields of one measure's application form, in the bureau's words.

    ``amount`` is what is applied for: the computed award (``computed``) less support received
    elsewhere for the same matter (``support``), counted as the totals count it (ruling 17 of 2026-12).
    """
    jurisdiction = measure.jurisdiction
    up_to_note = "政策原文只规定了上限，本表金额为最高额，具体金额以年度资金申报指南核定为准。"
    applied_amount = measure.counted_award if measure.counted else measure.award
    support = _support(measure)
    support_total = sum((amount for _, amount in measure.other_support), Decimal(0))
    return {
        "id": measure.id,
        "title": bureau_text(measure.measure.title),
        "clause": bureau_text(measure.measure.clause),
        "quote": bureau_text(measure.measure.quote),
        "document": bureau_text(jurisdiction.document),
        "document_short": jurisdiction.name,
        "jurisdiction_name": bureau_text(jurisdiction_heading(jurisdiction)),
        "source_file": jurisdiction.source_file,
        "rule": _rule(measure, catalog),
        "conditions": _condition_rows(measure.checks, catalog),
        "figures": _figures(measure, firm, catalog) if firm is not None else [],
        "arithmetic": [bureau_text(line, catalog) for line in measure.arithmetic],
        "notes": [up_to_note] if measure.up_to else [],
        "attachments": [bureau_text(a) for a in measure.measure.attachments],
        "computed": measure.award,
        "computed_text": format_grouped(measure.award),
        "support": support,
        "support_text": "；".join(f"{s['source']}：{s['amount_text']}元" for s in support),
        "support_total_text": format_grouped(support_total),
        "support_rounded": bool(support) and applied_amount != measure.award - support_total,
        "amount": applied_amount,
        "amount_text": format_grouped(applied_amount),
        "amount_capital": to_capital(applied_amount),
        "up_to": measure.up_to,
        "claimed": measure.claimed,
        "guide": bureau_text(measure.guide_name),
        "application_window": measure.window.text() if measure.window else "",
        "windows_text": _several_windows(measure),
        "deadline": date_text(measure.deadline) if measure.deadline else "",
        "period_text": period_text(measure.period) if measure.period else "",
    }


def checklist(result: FirmResult, reminders: list[Reminder] | None = None) -> list[dict[str, str]]:
    """Return every document the applied measures need, each once, with the measures (by title) needing
    it; then the proofs of the conditions calls usually ask that no guide made conditions here."""
    needed: dict[str, list[str]] = {name: ["全部事项"] for name in COMMON_ATTACHMENTS}
    for measure in applied(result):
        title = bureau_text(measure.measure.title)
        for attachment in measure.measure.attachments:
            name = bureau_text(attachment)
            if name in needed and needed[name] == ["全部事项"]:
                continue
            needed.setdefault(name, []).append(title)
    for reminder in reminders or []:
        for proof in reminder.proof:
            needed.setdefault(bureau_text(proof), [USUALLY_ASKED])
    return [{"name": name, "measures": "、".join(titles)} for name, titles in needed.items()]


USUALLY_ASKED = "申报通知通常要求"


def _reminders(reminders: list[Reminder]) -> list[dict[str, str]]:
    """Return the conditions every call asks with the firm's answers, for the 内部核对单."""
    verdicts = {True: "符合", False: "不符合", None: "未填写"}
    return [
        {
            "label": bureau_text(reminder.label),
            "answer": bureau_text(reminder.answer),
            "verdict": verdicts[reminder.holds],
            "proof": "、".join(bureau_text(p) for p in reminder.proof),
            "source": "年度指南规定的申报条件" if reminder.required else USUALLY_ASKED + "（不影响测算金额）",
        }
        for reminder in reminders
    ]


def _internal(result: FirmResult, catalog: Catalog, chosen: list[MeasureResult]) -> dict[str, Any]:
    """Return the firm's own check list: what is not applied for and why, missing facts, near misses, readings."""
    not_applied = [m for m in result.measures if m not in chosen]
    missing: dict[str, list[str]] = {}
    for measure in result.measures:
        if measure.status is Status.NEEDS_INPUT:
            for key in measure.missing:
                missing.setdefault(fact_label(key, catalog), []).append(measure.id)
    hints = [
        {"id": m.id, "title": bureau_text(m.measure.title), "text": bureau_text(hint)}
        for m in result.measures
        for hint in m.hints
    ]
    notes = [
        {"id": m.id, "title": bureau_text(m.measure.title), "text": bureau_text(text)}
        for m in result.measures
        if m.status is not Status.NOT_IN_FORCE
        for text in dict.fromkeys(m.notes + m.warnings)
    ]
    return {
        "not_applied": [
            {
                "id": m.id,
                "title": bureau_text(m.measure.title),
                "status_text": STATUS_LABELS[m.status]
                + ("（不计入）" if m.status is Status.ELIGIBLE else ""),
                "reason": bureau_text(not_applied_reason(m, catalog)),
            }
            for m in not_applied
        ],
        "missing": [{"label": label, "measures": "、".join(ids)} for label, ids in missing.items()],
        "hints": hints,
        "readings": notes,
        "warnings": list(result.warnings),
    }


def other_funds(firm: FirmFile, result: FirmResult, catalog: Catalog) -> list[dict[str, str]]:
    """Return every other fund the firm recorded for a matter of its measures, with how the packet
    treats it: taken off the amount applied for, above it (not applied for), or for a measure not
    applied for this time (ruling 17 of 2026-12)."""
    funds = []
    for entry in firm.other_support:
        measure = catalog.measures.get(entry.measure)
        if measure is None:
            continue
        title = bureau_text(measure.title)
        same_matter = [m for m in result.measures if m.measure.matter == measure.matter]
        counted = [m for m in same_matter if m.counted]
        refused = [m for m in same_matter if m.is_money and not m.counted and m.other_support]
        if counted:
            treatment = (
                "已从“" + "”“".join(bureau_text(m.measure.title) for m in counted) + "”的申报金额中扣除"
            )
        elif refused:
            treatment = "不低于按政策测算的金额，该事项本次不申报"
        elif same_matter:
            treatment = "该事项本次未申报"
        else:
            treatment = "不属于本次申报的政策，仅作说明"
        funds.append(
            {
                "measure": title,
                "source": bureau_text(entry.source),
                "amount": str(entry.amount),
                "amount_text": format_grouped(entry.amount),
                "treatment": treatment,
            }
        )
    return funds


def report_file_name(index: int, measure: MeasureResult) -> str:
    """Return the file name of the packet's ``index``-th 项目申请报告, named by the measure's title."""
    return f"06_{index:02d}_项目申请报告_{title_for_file(measure.measure.title)}.docx"


ASSESSMENT_FILE = "07_绩效自评表（资金拨付后填写）.docx"


def _firm_intro(firm: FirmFile, catalog: Catalog) -> str:
    """Return the firm in one sentence from what its file holds: name, code, founding, address, roles."""
    info = firm.firm
    parts = [f"{info.name}（统一社会信用代码：{info.credit_code}）"]
    if info.established:
        parts.append(f"成立于{date_text(info.established)}")
    place = info.address or (catalog.cities[info.city].name + info.district)
    parts.append(f"注册地址为{place}")
    if info.legal_representative:
        parts.append(f"法定代表人为{info.legal_representative}")
    if info.roles:
        parts.append("属" + "、".join(catalog.roles[role].label for role in info.roles))
    return bureau_text("，".join(parts) + "。")


def _firm_figures(firm: FirmFile, catalog: Catalog) -> list[dict[str, str]]:
    """Return the business figures the firm gave, in vocabulary order (the universal answers aside)."""
    return [
        {
            "label": bureau_text(definition.label),
            "value": bureau_text(format_value(definition, firm.facts[key])),
        }
        for key, definition in catalog.facts.items()
        if key in firm.facts and not definition.universal and not definition.derived
    ]


def _wanted_reports(firm: FirmFile, result: FirmResult, chosen: list[MeasureResult]) -> list[MeasureResult]:
    """Return the measures a 项目申请报告 is written for: those applied for whose guide asks one, and
    those the firm's ``apply_for`` names that it may apply for (applied, or support without an amount)."""
    wanted: list[MeasureResult] = []
    for measure in result.measures:
        entry = measure.guide.measures.get(measure.id) if measure.guide is not None else None
        asked = measure in chosen and entry is not None and entry.report
        named = measure.id in firm.apply_for and (measure in chosen or measure.status is Status.UNQUANTIFIED)
        if asked or named:
            wanted.append(measure)
    return wanted


def _unreported(
    firm: FirmFile, result: FirmResult, reported: list[MeasureResult], catalog: Catalog
) -> list[str]:
    """Return why a measure the firm's ``apply_for`` names gets no 项目申请报告 (for the 内部核对单)."""
    by_id = {measure.id: measure for measure in result.measures}
    reasons = []
    for measure_id in firm.apply_for:
        measure = by_id.get(measure_id)
        if measure is not None and measure in reported:
            continue
        title = _measure_title(measure_id, catalog)
        if measure is None:
            why = "不适用于本企业所在城市"
        else:
            why = f"本年度{STATUS_LABELS[measure.status]}：{not_applied_reason(measure, catalog)}"
        reasons.append(f"申请的政策支持事项{title}未生成项目申请报告：{bureau_text(why, catalog)}")
    return reasons


def _report(measure: MeasureResult, catalog: Catalog, firm: FirmFile, index: int) -> dict[str, Any]:
    """Return one 项目申请报告's fields: the measure's form fields, what the firm must do, the figures."""
    fields = measure_context(measure, catalog, firm)
    money = measure.status is Status.ELIGIBLE
    return {
        **fields,
        "file": report_file_name(index, measure),
        "money": money,
        "guidance": bureau_text(measure.measure.guidance),
    }


def _assessment_rows(applied_fields: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Return the 绩效自评表's indicator rows: every amount, area or rate each applied measure was
    decided and computed from (a fixed award decided by yes/no facts alone: its amount)."""
    rows = []
    for fields in applied_fields:
        figures = [figure for figure in fields["figures"] if figure["numeric"]]
        for figure in figures or [{"label": "申报金额（元）", "value": fields["amount_text"]}]:
            rows.append({"title": fields["title"], "label": figure["label"], "value": figure["value"]})
    return rows


def services(result: FirmResult, catalog: Catalog) -> list[dict[str, Any]]:
    """Return the support without an amount the firm can seek, by policy document in catalog order: for
    each measure what it is (its title), what to do and the clause — the 政策服务清单's rows."""
    groups: dict[str, dict[str, Any]] = {}
    number = 0
    for measure in result.measures:
        if measure.status is not Status.UNQUANTIFIED:
            continue
        jurisdiction = measure.jurisdiction
        heading = f"{jurisdiction.name}《{jurisdiction.document}》"
        if jurisdiction.draft and "征求意见稿" not in jurisdiction.document:
            heading += "（征求意见稿）"
        group = groups.setdefault(jurisdiction.key, {"heading": bureau_text(heading), "measures": []})
        number += 1
        group["measures"].append(
            {
                "number": number,
                "title": bureau_text(measure.measure.title),
                "guidance": bureau_text(measure.measure.guidance or "按有关部门的申报通知申请。", catalog),
                "clause": bureau_text(measure.measure.clause),
            }
        )
    return list(groups.values())


def awaiting(result: FirmResult, catalog: Catalog) -> list[dict[str, str]]:
    """Return the measures that can be decided only once the firm gives more figures or answers, each
    with what is still needed, in the bureau's words."""
    return [
        {
            "title": bureau_text(measure.measure.title),
            "needed": "、".join(bureau_text(fact_label(key, catalog)) for key in measure.missing),
        }
        for measure in result.measures
        if measure.status is Status.NEEDS_INPUT and measure.missing
    ]


def _call(guides: list[Guide]) -> list[dict[str, Any]]:
    """Return what each guide says of the call, worded for print: name, issuer, lines, notes."""
    return [
        {
            "name": guide.guide,
            "issued_by": guide.issued_by,
            "lines": [bureau_text(line) for line in describe_call(guide) if not line.startswith("说明：")],
            "notes": [bureau_text(note) for note in guide.notes],
        }
        for guide in guides
    ]


def _signatures(guides: list[Guide]) -> list[str]:
    """Return who signs the application: whom the guide names, the legal representative first; by
    default the legal representative alone."""
    asked = [name for guide in guides if guide.submission for name in guide.submission.signatures]
    return list(dict.fromkeys(["法定代表人", *asked])) if asked else ["法定代表人"]


def packet_guides(result: FirmResult) -> list[Guide]:
    """Return the annual guides the packet follows: those of the measures applied for, else any used."""
    return guides_of(applied(result)) or guides_of(result.measures)


def packet_context(firm: FirmFile, result: FirmResult, catalog: Catalog, day: date) -> dict[str, Any]:
    """Return the context shared by every template of one firm's packet."""
    chosen = applied(result)
    reached = catalog.cities[firm.firm.city].reaches
    documents = list(dict.fromkeys(f"《{bureau_text(m.jurisdiction.document)}》" for m in chosen))
    documents += list(
        dict.fromkeys(f"《{bureau_text(m.guide.guide)}》" for m in chosen if m.guide is not None)
    )
    guides = packet_guides(result)
    reminders = universal_reminders(firm, result, catalog)
    periods = list(dict.fromkeys(m.period for m in chosen))
    reported = _wanted_reports(firm, result, chosen)
    internal = _internal(result, catalog, chosen)
    applied_fields = [
        {**measure_context(m, catalog, firm), "file": measure_form_name(index, m)}
        for index, m in enumerate(chosen, start=1)
    ]
    return {
        "firm": _firm(firm, catalog),
        "year": firm.year,
        "period_text": period_text(periods[0]) if len(periods) == 1 and periods[0] is not None else "",
        "receiving_bureau": receiving_bureau(firm, guides, catalog),
        "signatures": _signatures(guides),
        "call": _call(guides),
        "date_text": date_text(day),
        "date": day.isoformat(),
        "jurisdictions_text": "、".join(
            bureau_text(jurisdiction_heading(catalog.jurisdictions[k])) for k in reached
        ),
        "documents_text": "、".join(documents),
        "applied": applied_fields,
        "other_funds": other_funds(firm, result, catalog),
        "firm_intro": _firm_intro(firm, catalog),
        "firm_figures": _firm_figures(firm, catalog),
        "reports": [_report(m, catalog, firm, index) for index, m in enumerate(reported, start=1)],
        "assessment": _assessment_rows(applied_fields),
        "assessment_file": ASSESSMENT_FILE,
        "internal": {
            **internal,
            "warnings": [*internal["warnings"], *_unreported(firm, result, reported, catalog)],
            "universal": _reminders(reminders),
        },
        "total": result.total,
        "total_text": format_grouped(result.total),
        "total_capital": to_capital(result.total),
        "total_up_to": result.total_up_to,
        "total_up_to_text": format_grouped(result.total_up_to),
        "total_up_to_capital": to_capital(result.total_up_to),
        "has_up_to": result.total_up_to > 0,
        "up_to_totals": [format_grouped(result.total_up_to)] if result.total_up_to > 0 else [],
        "up_to_count": sum(1 for m in chosen if m.up_to),
        "checklist": checklist(result, [r for r in reminders if not r.required]),
        "services": services(result, catalog),
        "awaiting": awaiting(result, catalog),
        "program_version": __version__,
        "catalog_version": catalog.version,
    }
