"""What a call asks beyond each measure: the conditions every call asks as firm facts, and annual
guides that say what calls say (counting period, several windows, conditions over any fact, lower
amounts, how to submit, notes shown)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.catalog.added import extend, read_added
from desktop.cli import main
from desktop.engine import FirmResult, Status, evaluate_firm
from desktop.engine.calls import DEFAULT_BUREAU, receiving_bureau, universal_reminders
from desktop.engine.conditions import same_district
from desktop.errors import CatalogError, InputError
from desktop.firm import FirmFile, parse_firm
from desktop.packet.context import packet_context
from desktop.packet.workbook import build_workbook
from tests.conftest import firm_data

FILES = Path(__file__).resolve().parent.parent / "catalog_files"
GUIDE_2023 = FILES / "chengdu_2023_guide.yaml"
NAME = "成都市2023年度跨境电商发展专项资金申报指南(测试)"
ANSWERS = {
    "tax_compliant": True,
    "listed_dishonest_executee": False,
    "listed_serious_dishonesty": False,
    "listed_major_tax_violation": False,
}
TRADER = {  # CD-2A 200万 (3.2亿, +28%), CD-3B and CD-3C, CD-9 on 120万 of interest
    "cbec_transaction": "320000000",
    "cbec_transaction_prior": "250000000",
    "sichuan_made_export": "45000000",
    "sichuan_made_export_programme": "12000000",
    "programme_platform_gmv_usd": "15000000000",
    "chengdu_platform_registered": True,
    "loan_interest_paid": "1200000",
}


def _guided(catalog: Catalog, path: Path = GUIDE_2023) -> Catalog:
    return extend(catalog, [read_added(path, catalog)])


def _firm_2023(**facts: Any) -> dict[str, Any]:
    data = firm_data("chengdu", year=2023, facts={**TRADER, **facts})
    data["firm"]["district"] = "成都高新区"
    return data


def _evaluate(catalog: Catalog, data: dict[str, Any]) -> tuple[FirmFile, FirmResult]:
    firm = parse_firm(data, catalog)
    return firm, evaluate_firm(firm, catalog)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- item 1: the conditions every call asks, as facts of the firm -------------------------------------


def test_without_a_guide_the_universal_conditions_change_no_award_and_become_reminders(
    catalog: Catalog,
) -> None:
    plain = _evaluate(catalog, firm_data("chengdu", facts=TRADER))[1]
    listed = firm_data("chengdu", facts={**TRADER, **ANSWERS, "listed_dishonest_executee": True})
    firm, result = _evaluate(catalog, listed)
    assert [(m.id, m.status, m.award) for m in result.measures] == [
        (m.id, m.status, m.award) for m in plain.measures
    ]
    reminders = {r.label: r for r in universal_reminders(firm, result, catalog)}
    assert not any(r.required for r in reminders.values())
    assert reminders["被列入失信被执行人名单(须为否)"].holds is False
    assert reminders["依法纳税，无欠缴税款"].holds is True
    assert reminders["注册地在受理申报的区（市）县"].answer == "未填写注册所在区（市）县"
    assert "“信用中国”查询截图（失信被执行人）" in reminders["被列入失信被执行人名单(须为否)"].proof
    context = packet_context(firm, result, catalog, firm_date())
    rows = {row["name"]: row["measures"] for row in context["checklist"]}
    assert rows["完税证明或纳税信用等级证明"] == "申报通知通常要求"
    universal = {row["label"]: row for row in context["internal"]["universal"]}
    assert universal["被列入失信被执行人名单（须为否）"]["verdict"] == "不符合"
    assert "不影响测算金额" in universal["被列入失信被执行人名单（须为否）"]["source"]
    assert context["receiving_bureau"] == DEFAULT_BUREAU == "所在区（市）县商务主管部门"


def firm_date() -> date:
    return date(2024, 3, 7)


def test_the_firm_file_takes_the_district_and_the_answers(catalog: Catalog) -> None:
    data = firm_data("chengdu", facts=ANSWERS)
    data["firm"]["district"] = "高新区"
    firm = parse_firm(data, catalog)
    assert firm.firm.district == "高新区" and firm.facts["listed_major_tax_violation"] is False
    data["facts"]["tax_compliant"] = "是"
    with pytest.raises(InputError) as error:
        parse_firm(data, catalog)
    assert "facts.tax_compliant（依法纳税，无欠缴税款）" in str(error.value)


# -- item 2: a guide's conditions over any fact, for all measures and per measure --------------------


def test_a_guide_makes_the_universal_conditions_conditions_of_every_money_measure(catalog: Catalog) -> None:
    guided = _guided(catalog)
    answered = _firm_2023(**ANSWERS, independent_legal_entity=True)
    result = _evaluate(guided, answered)[1]
    assert result.get("CD-2A").status is Status.ELIGIBLE and result.get("CD-2A").award == 2000000
    assert result.get("CD-9").award == 360000  # the guide's 30% of 1,200,000
    assert result.get("CD-P1").guide is None  # support without an amount is no part of the money call

    on_a_list = _evaluate(
        guided, _firm_2023(**{**ANSWERS, "listed_serious_dishonesty": True}, independent_legal_entity=True)
    )[1]
    for measure_id in ("CD-2A", "CD-3B", "CD-3C", "CD-9"):
        measure = on_a_list.get(measure_id)
        assert measure.status is Status.INELIGIBLE, measure_id
        failed = [check.text for check in measure.checks if check.holds is False]
        assert failed == ["被列入严重违法失信企业名单(须为否)：是"]
    assert on_a_list.total == 0

    unanswered = _evaluate(guided, _firm_2023(independent_legal_entity=True))[1]
    cd2a = unanswered.get("CD-2A")
    assert cd2a.status is Status.NEEDS_INPUT
    assert cd2a.missing == [
        "tax_compliant",
        "listed_dishonest_executee",
        "listed_serious_dishonesty",
        "listed_major_tax_violation",
    ]
    # the proofs of the facts the guide's conditions ask become attachments of its measures
    assert {
        "“信用中国”查询截图（失信被执行人）",
        "完税证明或纳税信用等级证明",
        "营业执照（副本）复印件",
    } <= set(result.get("CD-2A").measure.attachments)


def test_a_guide_declares_facts_its_conditions_ask_and_firms_may_give_them(catalog: Catalog) -> None:
    guided = _guided(catalog)
    assert guided.facts["bonded_lease_one_year"].label == "保税仓租赁合同期限一年以上"
    warehouse = {"bonded_area_rented": "5000", "bonded_export_value": "350000000"}
    base = {**ANSWERS, **warehouse, "independent_legal_entity": True}
    data = _firm_2023(**base)
    data["firm"]["roles"] = ["warehouse"]
    assert _evaluate(guided, data)[1].get("CD-6").status is Status.NEEDS_INPUT
    data["facts"]["bonded_lease_one_year"] = False
    cd6 = _evaluate(guided, data)[1].get("CD-6")
    assert cd6.status is Status.INELIGIBLE
    assert "保税仓租赁合同期限一年以上：否" in [c.text for c in cd6.checks if c.holds is False]
    data["facts"]["bonded_lease_one_year"] = True
    cd6 = _evaluate(guided, data)[1].get("CD-6")
    assert cd6.status is Status.ELIGIBLE and cd6.award == 1000000
    assert "保税仓租赁合同" in cd6.measure.attachments
    # the per-measure condition binds CD-6 only
    assert not any("保税仓租赁" in c.text for c in _evaluate(guided, data)[1].get("CD-2A").checks)
    # without the guide the fact is unknown to the firm file, as any unknown fact
    with pytest.raises(InputError, match=r"facts\.bonded_lease_one_year"):
        parse_firm(data, catalog)


def test_registered_in_checks_the_firm_district_however_it_is_spelt(catalog: Catalog, tmp_path: Path) -> None:
    text = GUIDE_2023.read_text(encoding="utf-8").replace(
        "conditions:\n  - {fact: independent_legal_entity, is: true}",
        "conditions:\n  - {registered_in: [成都高新区, 天府新区]}\n  - {fact: independent_legal_entity, is: true}",
    )
    path = tmp_path / "district.yaml"
    path.write_text(text, encoding="utf-8")
    guided = _guided(catalog, path)
    data = _firm_2023(**ANSWERS, independent_legal_entity=True)
    for district, status in (
        ("高新区", Status.ELIGIBLE),
        (" 成都市天府新区 ", Status.ELIGIBLE),
        ("锦江区", Status.INELIGIBLE),
    ):
        data["firm"]["district"] = district
        cd2a = _evaluate(guided, data)[1].get("CD-2A")
        assert cd2a.status is status, district
    assert [c.text for c in cd2a.checks if c.holds is False] == ["注册地在成都高新区、天府新区：注册于锦江区"]
    data["firm"]["district"] = ""
    cd2a = _evaluate(guided, data)[1].get("CD-2A")
    assert cd2a.status is Status.NEEDS_INPUT and cd2a.missing == ["firm.district"]
    assert "注册所在区（市）县" in cd2a.summary


@pytest.mark.parametrize(
    ("firm", "listed", "same"),
    [("高新区", "成都高新区", True), ("锦江", "锦江区", True), ("成都市锦江区", "锦江区", True),
     ("锦江区", "青羊区", False), ("", "高新区", False), ("高新区", "高新", True)],
)  # fmt: skip
def test_district_spellings(firm: str, listed: str, same: bool) -> None:
    assert same_district(firm, listed, "成都市") is same


# -- item 2: counting period, several windows, lower amounts -----------------------------------------


def test_the_counting_period_and_both_windows_are_on_every_money_measure(
    catalog: Catalog, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    guided = _guided(catalog)
    firm, result = _evaluate(guided, _firm_2023(**ANSWERS, independent_legal_entity=True))
    for measure in result.measures:
        if not measure.measure.award.is_money:
            continue
        assert measure.period is not None and measure.period.from_.isoformat() == "2023-02-14"
        assert any(note.startswith("业绩计算期间 2023-02-14 至 2023-12-31") for note in measure.notes)
        assert measure.deadline is not None and measure.deadline.isoformat() == "2024-03-15"
        assert any("修改补充 2024-03-16 至 2024-03-20" in note for note in measure.notes)
    context = packet_context(firm, result, guided, firm_date())
    assert context["period_text"] == "2023年2月14日至12月31日"
    form = next(m for m in context["applied"] if m["id"] == "CD-2A")
    assert form["period_text"] == "2023年2月14日至12月31日"
    assert form["windows_text"] == "线上申报2024年3月6日至3月15日；修改补充2024年3月16日至3月20日"
    assert form["deadline"] == "2024年3月15日"
    # without the guide Chengdu 2023 still counts from 2023-02-14 (ruling 18: the measures start then)
    plain = _evaluate(catalog, _firm_2023(**ANSWERS))[1]
    period = plain.get("CD-2A").period
    assert period is not None and period.from_.isoformat() == "2023-02-14"
    assert not any("年度指南" in note for note in plain.get("CD-2A").notes if note.startswith("业绩计算期间"))


def test_a_guide_grants_less_than_a_fixed_or_tiered_ceiling(catalog: Catalog) -> None:
    guided = _guided(catalog)
    park = _firm_2023(**ANSWERS, independent_legal_entity=True, park_recognised_municipal=True)
    park["firm"]["roles"] = ["park_operator"]
    for rating, before, after in (
        ("significant", 3000000, 2000000),
        ("good", 1500000, 1000000),
        ("initial", 500000, 500000),
    ):
        park["facts"]["park_rating"] = rating
        assert (
            _evaluate(
                catalog,
                {
                    **park,
                    "facts": {k: v for k, v in park["facts"].items() if k != "independent_legal_entity"},
                },
            )[1]
            .get("CD-4")
            .award
            == before
        )
        cd4 = _evaluate(guided, park)[1].get("CD-4")
        assert cd4.award == after, rating
    assert any(
        "年度指南确定各档金额：成效较好 100万元(文件规定 150万元)；成效明显 200万元(文件规定 300万元)" in n
        for n in cd4.notes
    )
    chain = _firm_2023(
        **ANSWERS,
        independent_legal_entity=True,
        chain_leader_parent="export_trader",
        parent_revenue="2500000000",
        cbec_transaction_prior="90000000",  # below 1亿: 2023 is the first year to reach it (ruling 13)
        chain_entity_reached_before=False,
    )
    chain["firm"]["established"] = "2022-06-01"
    cd1 = _evaluate(guided, chain)[1].get("CD-1")
    assert cd1.status is Status.ELIGIBLE and cd1.award == 2000000 and not cd1.up_to
    assert "年度指南确定金额 200万元(文件规定 300万元)" in cd1.notes


# -- item 2: the submission record and the guide's notes ---------------------------------------------


def test_the_receiving_bureau_comes_from_the_district_and_the_guide(catalog: Catalog) -> None:
    guided = _guided(catalog)
    data = _firm_2023(**ANSWERS, independent_legal_entity=True)
    for district, bureau in (("成都高新区", "成都高新区国际合作商务局"), ("高新区", "成都高新区国际合作商务局"),
                             ("锦江区", "所在区（市）县商务主管部门"), ("", "所在区（市）县商务主管部门")):  # fmt: skip
        data["firm"]["district"] = district
        firm, result = _evaluate(guided, data)
        assert receiving_bureau(firm, [result.get("CD-2A").guide], guided) == bureau
        assert packet_context(firm, result, guided, firm_date())["receiving_bureau"] == bureau
    context = packet_context(firm, result, guided, firm_date())
    assert context["signatures"] == ["法定代表人", "财务负责人", "项目负责人"]
    plain = _firm_2023(**ANSWERS)
    assert packet_context(*_evaluate(catalog, plain), catalog, firm_date())["signatures"] == ["法定代表人"]


def test_guide_notes_and_the_call_are_shown_in_calc_text_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _run(capsys, "catalog", "add", "--yes", str(GUIDE_2023))[0] == 0
    path = tmp_path / "firm.json"
    path.write_text(
        json.dumps(_firm_2023(**ANSWERS, independent_legal_entity=True), ensure_ascii=False), "utf-8"
    )
    code, out, err = _run(capsys, "calc", str(path))
    assert code == 0, err
    head = out[: out.index("CD-1 ")]
    for line in (
        f"年度指南《{NAME}》 · 成都市商务局",
        "业绩计算期间：2023-02-14 至 2023-12-31",
        "申报时间：线上申报 2024-03-06 至 2024-03-15；修改补充 2024-03-16 至 2024-03-20",
        "申报平台：成都市商务局专项资金综合管理信息化平台，每个文件不超过 50MB",
        "纸质材料：一式四份，封面盖章、骑缝章",
        "签字：法定代表人、财务负责人、项目负责人",
        "咨询电话：028-61880000",
        "说明：同一项目已获得或正在申请其他财政资金支持的，须在申报书中如实说明。",
        "受理单位：成都高新区国际合作商务局",
    ):
        assert line in head, line
    data = json.loads(_run(capsys, "calc", "--json", str(path))[1])
    (guide,) = data["guides"]
    assert guide["name"] == NAME and guide["eligible_period"] == {"from": "2023-02-14", "to": "2023-12-31"}
    assert [w["label"] for w in guide["application_windows"]] == ["线上申报", "修改补充"]
    assert guide["submission"]["copies"] == 4 and guide["notes"][1].startswith("同一项目")
    assert data["receiving_bureau"] == "成都高新区国际合作商务局"
    cd2a = next(m for m in data["measures"] if m["id"] == "CD-2A")
    assert cd2a["eligible_period"] == {"from": "2023-02-14", "to": "2023-12-31"}
    assert cd2a["deadline"] == "2024-03-15"


def test_guide_notes_and_period_are_in_the_workbook(catalog: Catalog) -> None:
    guided = _guided(catalog)
    firm, result = _evaluate(guided, _firm_2023(**ANSWERS, independent_legal_entity=True))
    from io import BytesIO

    workbook = load_workbook(BytesIO(build_workbook(firm, result, guided, firm_date())))
    texts = " ".join(str(c.value) for row in workbook["测算"].iter_rows() for c in row if c.value)
    assert f"业绩计算期间(《{NAME}》)：2023-02-14 至 2023-12-31" in texts
    assert "指南说明：同一项目已获得或正在申请其他财政资金支持的，须在申报书中如实说明。" in texts
    inputs = " ".join(str(c.value) for row in workbook["输入"].iter_rows() for c in row if c.value)
    assert "在成都市注册并具有独立法人资格" in inputs and "被列入严重违法失信企业名单" in inputs


# -- old guides keep working; broken new fields are refused -------------------------------------------


def test_an_old_style_guide_reads_as_before(catalog: Catalog) -> None:
    guide = read_added(FILES / "lianyungang_2025_guide.yaml", catalog).guide
    assert guide is not None
    assert guide.windows == [guide.application_window] and guide.conditions == [] and guide.submission is None
    assert guide.window_of("LYG-05") is guide.application_window


@pytest.mark.parametrize(
    ("find", "replace", "words"),
    [
        ("eligible_period: {from: 2023-02-14, to: 2023-12-31}", "eligible_period: {from: 2023-02-14, to: 2024-01-31}",
         ["eligible_period", "应在业绩年度 2023 年之内"]),
        ("  CD-1: {amount: 200万}", "  CD-1: {amount: 400万}", ["措施 CD-1 字段 amount", "超过文件规定的金额 300万元"]),
        ("tiers: {成效明显: 200万, 成效较好: 100万}", "tiers: {成效明现: 200万}",
         ["措施 CD-4 字段 tiers.成效明现", "没有名为“成效明现”的档次", "是否想写 成效明显"]),
        ("tiers: {成效明显: 200万, 成效较好: 100万}", "tiers: {成效较好: 400万}",
         ["措施 CD-4 字段 tiers.成效较好", "超过文件规定的 150万元"]),
        ("tiers: {成效明显: 200万, 成效较好: 100万}", "tiers: {成效明显: 40万}", ["措施 CD-4 字段 tiers", "从低到高"]),
        ("  CD-9: {rate: 30%}", "  CD-9: {tiers: {甲: 1万}}", ["措施 CD-9 字段 tiers", "不分档"]),
        ("{fact: tax_compliant, is: true}", "{fact: tax_complaint, is: true}",
         ["全部措施 字段 conditions.fact", "未知事实 tax_complaint", "是否想写 tax_compliant"]),
        ("conditions: [{fact: bonded_lease_one_year, is: true}]", "conditions: [{fact: bonded_lease_one_year, is: 是}]",
         ["措施 CD-6 字段 conditions[0].is"]),
        ("signatures: [法定代表人, 财务负责人, 项目负责人]", "signatures: [法定代表人, 会计]",
         ["submission", "会计 不是可签字的人", "允许：法定代表人、财务负责人、项目负责人"]),
        ("  copies: 4", "  copis: 4", ["字段 submission.copis", "是否想写 copies"]),
        ("  - {label: 线上申报, from: 2024-03-06, to: 2024-03-15}", "  - {label: 线上申报, from: 2024-03-06, to: 2024-03-01}",
         ["application_windows[0]", "早于开始日"]),
        ("issued_by: 成都市商务局", "issued_by: 成都市商务局\napplication_window: {from: 2024-03-06, to: 2024-03-15}",
         ["application_window 与 application_windows 只能给出一个"]),
        ("    label: 保税仓租赁合同期限一年以上", "    label: 保税仓租赁合同期限一年以上\n    derived_from: [cbec_transaction]",
         ["字段 facts.bonded_lease_one_year.derived_from", "不能声明计算得出的数据项"]),
        ("facts:\n", "facts:\n  own_brand: {kind: bool, label: 别的意思, label_en: something else}\n",
         ["字段 facts.own_brand", "程序已有数据项 own_brand"]),
    ],
)  # fmt: skip
def test_broken_new_guide_fields_are_refused_naming_field_and_what_is_allowed(
    catalog: Catalog, tmp_path: Path, find: str, replace: str, words: list[str]
) -> None:
    text = GUIDE_2023.read_text(encoding="utf-8")
    assert find in text, "the edit no longer matches the file"
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        read_added(path, catalog)
    message = str(error.value)
    for word in words:
        assert word in message, message


def test_amount_below_a_fixed_ceiling_is_a_decimal_and_old_amount_rule_still_holds(catalog: Catalog) -> None:
    guide = read_added(GUIDE_2023, catalog).guide
    assert guide is not None and guide.measures["CD-1"].amount == Decimal("2000000")


def test_importing_the_guide_previews_what_it_changes(catalog: Catalog) -> None:
    from desktop.catalog.changes import describe_changes

    lines = describe_changes(read_added(GUIDE_2023, catalog), catalog)
    text = "\n".join(lines)
    for part in (
        "CD-1 招引链主企业：2023 年 300万元，一次性 → 200万元，一次性",
        "新增数据项：在成都市注册并具有独立法人资格",
        "有金额的措施都须满足：在成都市注册并具有独立法人资格：是；依法纳税，无欠缴税款：是；被列入失信被执行人名单：否",
        "CD-6 另须满足：保税仓租赁合同期限一年以上：是",
        "业绩计算期间：2023-02-14 至 2023-12-31",
        "申报时间：线上申报 2024-03-06 至 2024-03-15；修改补充 2024-03-16 至 2024-03-20",
    ):
        assert part in text, text
