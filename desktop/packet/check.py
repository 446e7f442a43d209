"""``forms check``: every tag a template uses, unknown or misspelt tags, tags Word split, a trial render."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import meta

from desktop.catalog.loader import Catalog
from desktop.engine import evaluate_firm
from desktop.errors import GrantDeskError, TemplateError
from desktop.firm import load_firm
from desktop.packet.context import packet_context
from desktop.packet.sandbox import TemplateSandbox
from desktop.packet.templates import compile_docx, find_template, tags_in, user_forms_dir
from desktop.packet.writer import (
    APPLICATION,
    ASSESSMENT,
    CHECKLIST,
    COMMITMENT,
    INTERNAL,
    MEASURE_FORM,
    REPORT,
    SERVICES,
    WORKBOOK,
    render_files,
)
from desktop.paths import samples_dir

DOCX_TEMPLATES = (APPLICATION, MEASURE_FORM, COMMITMENT, CHECKLIST, INTERNAL, REPORT, ASSESSMENT, SERVICES)
PER_MEASURE = (MEASURE_FORM, REPORT)  # rendered once per measure, which they see as ``m``
SAMPLE = "chengdu-trader.json"
SAMPLE_WITHOUT_MONEY = "suzhou-brand.json"


@dataclass
class TemplateReport:
    """What the check found in one template."""

    name: str
    path: Path | None
    tags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _unknown_variables(compiled_sources: dict[str, str], known: set[str]) -> list[str]:
    environment = TemplateSandbox()  # parsing only; the same environment the packet renders in
    problems = []
    for part, source in compiled_sources.items():
        for name in sorted(meta.find_undeclared_variables(environment.parse(source))):
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                hint = f"；是否想写 {close[0]}？" if close else f"；可用：{'、'.join(sorted(known))}"
                problems.append(f"{part}: 未知标签 {name}{hint}")
    return problems


def _workbook_report(folder: Path | None) -> TemplateReport:
    """The 测算表 is written by the program, not filled from a template: a 测算表.xlsx left in a forms
    folder is reported as unused, so nobody edits it expecting a change."""
    report = TemplateReport(WORKBOOK, None)
    candidates = [folder / WORKBOOK] if folder else [user_forms_dir() / WORKBOOK]
    for candidate in candidates:
        if candidate.is_file():
            report.path = candidate
            report.warnings.append(
                "测算表不再使用模板：程序直接生成测算表(公式与计算结果一并写入)，此文件不会被使用"
            )
    return report


def check_forms(catalog: Catalog, folder: Path | None = None) -> list[TemplateReport]:
    """Return a report per template in ``folder`` (or the templates in use): tags, problems, warnings."""
    sample = load_firm(samples_dir() / SAMPLE, catalog)
    # the trial fills every template: a 项目申请报告 too, for the city's first support without an amount
    support = next(
        m.id for m in catalog.measures_for_city(sample.firm.city) if not m.award.is_money and not m.roles
    )
    sample = sample.model_copy(update={"apply_for": [support]})
    result = evaluate_firm(sample, catalog)
    context = packet_context(sample, result, catalog, date(2026, 1, 1))
    known = set(context)
    reports: list[TemplateReport] = []
    for name in DOCX_TEMPLATES:
        report = TemplateReport(name, None)
        reports.append(report)
        try:
            path = find_template(name, folder)
            report.path = path
            compiled = compile_docx(path)
        except TemplateError as exc:
            report.problems.extend(str(problem) for problem in exc.problems)
            continue
        for source in compiled.sources.values():
            report.tags.extend(tag for tag in tags_in(source) if tag not in report.tags)
        report.problems.extend(
            _unknown_variables(compiled.sources, known | ({"m"} if name in PER_MEASURE else set()))
        )
        report.warnings.extend(
            f"标签被 Word 拆分到多段文字中：{tag}（程序会合并，但建议在 Word 中重新输入）"
            for tag in compiled.split
        )
    reports.append(_workbook_report(folder))
    if not any(report.problems for report in reports):
        # and a firm with nothing to apply for with an amount, whose packet has the 政策服务清单
        without_money = load_firm(samples_dir() / SAMPLE_WITHOUT_MONEY, catalog)
        trials = ((sample, result), (without_money, evaluate_firm(without_money, catalog)))
        for firm, outcome in trials:
            try:
                render_files(firm, outcome, catalog, date(2026, 1, 1), folder)
            except GrantDeskError as exc:
                for problem in exc.problems:
                    owner = next((r for r in reports if r.path and str(r.path) == exc.source), reports[0])
                    owner.problems.append(f"试填示例企业失败：{problem}")
                break
    return reports
