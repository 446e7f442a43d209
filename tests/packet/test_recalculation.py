"""The 测算表 read three ways — stored values, LibreOffice's recalculation, LibreOffice's printed PDF —
agrees with the engine to the 元 for every sample and generated firms, claims included."""

from __future__ import annotations

import json
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.catalog.added import extend, read_added
from desktop.engine import FirmResult, Status, evaluate_firm
from desktop.firm import FirmFile, load_firm, parse_firm
from desktop.packet.workbook import build_workbook
from desktop.paths import samples_dir
from tests.conftest import firm_data
from tests.packet.conftest import DAY, SAMPLES, requires_soffice, write_sample
from tests.packet.sheet_reading import (
    Word,
    convert,
    expected,
    normalised,
    pdf_pages,
    printed_figures,
    printed_text,
    smallest_text,
    stored_figures,
)

NEAR = {  # values around the thresholds and caps of the money measures
    "cbec_transaction": [
        "999999",
        "1000001",
        "50000000",
        "50000001",
        "200000001",
        "500000000",
        "500000001",
        "126000000",
    ],
    "cbec_transaction_prior": ["0", "40000000", "100000000", "250000000", "420000000"],
    "service_revenue_chuanyu": ["1", "12345678", "16666667", "30000000"],
    "sichuan_made_export": ["0", "8600000", "45000000", "40000000"],
    "sichuan_made_export_programme": ["0", "12000000", "30000000", "50000000"],
    "programme_platform_gmv_usd": ["10000000000", "10000000001"],
    "overseas_warehouse_area": ["49999", "50000", "100000"],
    "bonded_area_rented": ["3000", "3000.5", "5000"],
    "bonded_export_value": ["100000000", "100000001", "300000001", "800000000"],
    "bonded_import_1210_value": ["100000000", "100000001", "400000000"],
    "pilot_import_value": ["3333333", "90000000"],
    "loan_interest_paid": ["0", "1200000", "3000001"],
    "parent_revenue": ["2000000000", "2000000001"],
    "exhibition_costs": ["12345679", "200000"],
    "livestream_studio_cost": ["333333", "333334"],
    "ip_costs": ["86000", "120000"],
    "brand_promotion_costs": ["750000", "123457"],
    "special_area_rent": ["2000000", "500000"],
    "logistics_contract_fees": ["4999999", "3000000"],
}


def _generated(catalog: Catalog, count: int) -> list[tuple[object, FirmResult]]:
    rng = random.Random(20261123)
    firms = []
    for index in range(count):
        city = "lianyungang" if index % 3 == 2 else "chengdu"
        facts: dict[str, object] = {
            key: rng.choice(values) for key, values in NEAR.items() if rng.random() < 0.8
        }
        for key, definition in catalog.facts.items():
            if definition.kind.value == "bool" and rng.random() < 0.8:
                facts[key] = rng.random() < 0.7
            if definition.kind.value == "enum" and rng.random() < 0.8:
                facts[key] = rng.choice(list(definition.choices))
        for key, definition in catalog.facts.items():  # a part above its whole is refused (ruling 14)
            whole = definition.part_of
            if whole in facts and key in facts and Decimal(str(facts[key])) > Decimal(str(facts[whole])):
                facts[key] = facts[whole]
        extra: dict[str, object] = {}
        if city == "lianyungang":
            if rng.random() < 0.5:
                extra["history"] = [
                    {"measure": "LYG-09", "year": 2025, "amount": rng.choice(["50000", "300000"])}
                ]
            if rng.random() < 0.5:
                extra["other_support"] = [
                    {"measure": "LYG-07", "source": "省级资金", "amount": rng.choice(["20000", "60000"])}
                ]
            if facts.get("exhibition_costs") and rng.random() < 0.5:
                extra["claims"] = {"LYG-05": "100000"}
            if facts.get("ip_costs") and rng.random() < 0.3:  # 核定金额 below a computed award
                extra.setdefault("claims", {})["LYG-07"] = "30000"
        else:
            if rng.random() < 0.4:
                extra["history"] = [
                    {"measure": rng.choice(["CD-5", "CD-6", "CD-3A"]), "year": 2025, "amount": "500000"}
                ]
            if facts.get("loan_interest_paid") in ("1200000", "3000001") and rng.random() < 0.5:
                extra["claims"] = {"CD-9": rng.choice(["1", "500000"])}
        data = firm_data(
            city,
            roles=rng.sample(["trader", "service", "warehouse", "park_operator"], rng.randint(1, 3)),
            facts=facts,
            established=rng.choice(["2019-04-16", "2024-06-18"]),
            **extra,
        )
        data["firm"]["name"] = f"测试企业{index:03d}"
        firm = parse_firm(data, catalog)
        result = evaluate_firm(firm, catalog)
        if result.problems:
            continue
        firms.append((firm, result))
    return firms


PRINTED = len(SAMPLES) + 5 + 14
GUIDE = Path(__file__).resolve().parent.parent / "catalog_files" / "lianyungang_2025_guide.yaml"
GUIDE_2023 = GUIDE.parent / "chengdu_2023_guide.yaml"


def _sample_cases(catalog: Catalog) -> list[tuple[str, FirmFile, FirmResult, Catalog]]:
    cases = []
    for name in SAMPLES:
        firm = load_firm(samples_dir() / name, catalog)
        cases.append((name.removesuffix(".json"), firm, evaluate_firm(firm, catalog), catalog))
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    data["claims"] = {"CD-9": "500000"}
    firm = parse_firm(data, catalog)
    cases.append(("chengdu-claim", firm, evaluate_firm(firm, catalog), catalog))
    data["other_support"] = [{"measure": "CD-2A", "source": '=HYPERLINK("x","省级")', "amount": "100000"}]
    firm = parse_firm(data, catalog)
    cases.append(("chengdu-claim-support", firm, evaluate_firm(firm, catalog), catalog))
    # an annual guide fixes LYG-05's rate and LYG-01's amount and closes LYG-04 for 2025
    guided = extend(catalog, [read_added(GUIDE, catalog)])
    facts = {
        "exhibition_costs": "100000",
        "lyg_first_cbec_scale_met": True,
        "benchmark_list_first_entry": True,
    }
    for name, data in (
        ("lianyungang-guided", firm_data("lianyungang", facts=facts)),
        (
            "lianyungang-brand-guided",
            json.loads((samples_dir() / "lianyungang-brand.json").read_text("utf-8")),
        ),
    ):
        firm = parse_firm(data, guided)
        cases.append((name, firm, evaluate_firm(firm, guided), guided))
    # a 2023-style call: the conditions every call asks, facts of its own, a counting period,
    # lower fixed and tiered amounts and a district condition the program judges
    text = GUIDE_2023.read_text(encoding="utf-8").replace(
        "conditions:\n  - {fact: independent_legal_entity, is: true}",
        "conditions:\n  - {registered_in: [高新区]}\n  - {fact: independent_legal_entity, is: true}",
    )
    with tempfile.TemporaryDirectory() as folder:
        call = Path(folder) / "chengdu_2023_district_guide.yaml"
        call.write_text(text, encoding="utf-8")
        called = extend(catalog, [read_added(call, catalog)])
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    data["year"], data["history"] = 2023, []
    data["facts"].update(independent_legal_entity=True, bonded_lease_one_year=False)
    firm = parse_firm(data, called)
    cases.append(("chengdu-2023-call", firm, evaluate_firm(firm, called), called))
    return cases


# The rulings of 2026-12 the sheet must follow (tests/scenarios/rulings_2026_12.yaml): "首次" from the
# figures, this year's history off the computed figure, whole 元 after history, support and claims.
RULING_FIRMS: dict[str, dict[str, object]] = {
    "r13-first-from-last-year": {
        "established": "2024-02-29",
        "facts": {
            "chain_leader_parent": "export_trader",
            "parent_revenue": "2500000000",
            "cbec_transaction": "150000000",
            "cbec_transaction_prior": "900000",
        },
    },
    "r13-last-year-reached": {
        "established": "2024-03-01",
        "facts": {
            "chain_leader_parent": "export_trader",
            "parent_revenue": "2500000000",
            "cbec_transaction": "150000000",
            "cbec_transaction_prior": "120000000",
            "chain_entity_reached_before": False,
        },
    },
    "r13-set-up-two-years-back-answered": {
        "established": "2023-12-31",
        "facts": {
            "chain_leader_parent": "export_trader",
            "parent_revenue": "2500000000",
            "cbec_transaction": "150000000",
            "cbec_transaction_prior": "50000000",
            "chain_entity_reached_before": False,
        },
    },
    "r15-history-half-yuan": {
        "city": "lianyungang",
        "facts": {"ip_costs": "100000"},
        "history": [{"measure": "LYG-07", "year": 2025, "amount": "0.5"}],
    },
    "r15-support-half-yuan": {
        "city": "lianyungang",
        "facts": {"ip_costs": "100000"},
        "other_support": [{"measure": "LYG-07", "source": "省级", "amount": "0.5"}],
    },
    "r15-claim-with-jiao": {
        "city": "lianyungang",
        "facts": {"ip_costs": "100000"},
        "claims": {"LYG-07": "30000.5"},
    },
    "r16-rent-history": {
        "city": "lianyungang",
        "facts": {"special_area_rent": "100000", "exhibition_costs": "100000", "ip_costs": "20000"},
        "history": [
            {"measure": "LYG-12", "year": 2025, "amount": "30000"},
            {"measure": "LYG-05", "year": 2025, "amount": "20000"},
            {"measure": "LYG-07", "year": 2025, "amount": "10000"},
        ],
    },
    "r16-service-history": {
        "roles": ["service"],
        "facts": {"service_main_business": "platform", "service_revenue_chuanyu": "10000000"},
        "history": [{"measure": "CD-2B", "year": 2025, "amount": "100000.5"}],
    },
    "r18-chengdu-2023": {
        "year": 2023,
        "roles": ["trader", "service"],
        "facts": {
            "service_main_business": "platform",
            "service_revenue_chuanyu": "10000000",
            "cbec_transaction": "300000000",
            "cbec_transaction_prior": "200000000",
        },
    },
}


def _ruling_cases(catalog: Catalog) -> list[tuple[str, FirmFile, FirmResult, Catalog]]:
    cases = []
    for name, spec in RULING_FIRMS.items():
        spec = dict(spec)
        firm = parse_firm(firm_data(str(spec.pop("city", "chengdu")), **spec), catalog)  # type: ignore[arg-type]
        cases.append((name, firm, evaluate_firm(firm, catalog), catalog))
    return cases


@requires_soffice
def test_stored_recalculated_and_printed_figures_equal_the_engine(tmp_path: Path, catalog: Catalog) -> None:
    cases = _sample_cases(catalog)
    cases += [
        (f"generated{i:02d}", firm, result, catalog)
        for i, (firm, result) in enumerate(_generated(catalog, 45))
    ]
    rulings = _ruling_cases(catalog)
    by_ruling = {name: result for name, _, result, _ in rulings}
    assert by_ruling["r13-first-from-last-year"].get("CD-1").award == 3000000
    assert by_ruling["r15-history-half-yuan"].get("LYG-07").award == 49999
    assert by_ruling["r16-rent-history"].get("LYG-12").status is Status.INELIGIBLE
    cases += rulings  # after the printed ones: recalculated, not printed
    assert sum(1 for *_, r, _ in cases if r.total > 0) >= 20
    assert sum(1 for _, firm, r, _ in cases if firm.claims and not r.problems) >= 5
    guided = {name: result for name, _, result, _ in cases}["lianyungang-guided"]
    assert guided.get("LYG-05").award == 50000 and guided.get("LYG-04").status is Status.INELIGIBLE
    call = {name: result for name, _, result, _ in cases}["chengdu-2023-call"]
    assert (call.total, call.get("CD-9").award) == (3950000, 360000)  # 200万 + 99万 + 60万 + 30% × 120万
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    paths = []
    for name, firm, result, used in cases:
        path = sheets / f"{name}.xlsx"
        path.write_bytes(build_workbook(firm, result, used, DAY))
        paths.append(path)
    by_name = {name: result for name, _, result, _ in cases}
    # the Chengdu sample as the 申报书 states it: 3,590,000 + the CD-9 ceiling; with CD-9 granted 500,000
    assert (by_name["chengdu-trader"].total, by_name["chengdu-trader"].total_up_to) == (3590000, 600000)
    assert (by_name["chengdu-claim"].total, by_name["chengdu-claim"].total_up_to) == (4090000, 0)
    # 100,000 received elsewhere for CD-2A's matter: only the 1,900,000 above it counts (补差)
    assert by_name["chengdu-claim-support"].total == 3990000

    recalculated = convert(paths, tmp_path / "recalculated", "xlsx")
    # printing costs LibreOffice about 0.5 s of CPU a workbook: every sample and the first generated firms
    printed = convert(paths[:PRINTED], tmp_path / "printed", "pdf")
    for index, (path, again, (name, _, result, _)) in enumerate(zip(paths, recalculated, cases, strict=True)):
        want = normalised(expected(result))
        assert normalised(stored_figures(path)) == want, f"{name}: stored values"
        assert normalised(stored_figures(again)) == want, f"{name}: LibreOffice recalculation"
        _assert_every_formula_cell_recalculates_to_its_stored_value(path, again)
        if index < PRINTED:
            pages = pdf_pages(printed[index])
            assert normalised(printed_figures(pages)) == want, f"{name}: printed PDF"
            _assert_print_ready(name, pages)


def _values(path: Path) -> dict[tuple[str, str], object]:
    workbook = load_workbook(path, data_only=True)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    }


def _assert_every_formula_cell_recalculates_to_its_stored_value(path: Path, again: Path) -> None:
    formulas = load_workbook(path)
    stored, recalculated = _values(path), _values(again)
    count = 0
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                count += 1
                key = (sheet.title, cell.coordinate)
                mine, theirs = stored[key], recalculated[key]
                if isinstance(mine, int | float) or isinstance(theirs, int | float):
                    assert abs(float(mine) - float(theirs)) < 1e-9, (path.name, key, mine, theirs)
                else:
                    assert (mine or "") == (theirs or ""), (path.name, key, mine, theirs)
    assert count >= 2  # the totals at least


def _assert_print_ready(name: str, pages: list[list[Word]]) -> None:
    calc_pages = [words for words in pages if any(w.text == "奖励金额" for w in words)]
    assert calc_pages, name
    total = len(pages)
    for number, words in enumerate(pages, start=1):
        text = printed_text(words)
        assert f"第{number}页共{total}页" in text, f"{name}: footer of page {number}"
        assert smallest_text(words) >= 9, f"{name}: page {number} prints below 9 pt"
        page_right = max(w.x1 for w in words)
        assert page_right < 842 - 10, f"{name}: page {number} runs off the paper"
    for words in calc_pages:  # headers repeated, no column cut off: the last column's header on every page
        assert any(w.text == "计入合计" for w in words) and any(w.text == "序号" for w in words), name


@requires_soffice
def test_changing_inputs_changes_the_awards(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path / "p", catalog)
    workbook = load_workbook(packet.folder / "04_测算表.xlsx")
    inputs = workbook["输入"]
    labels = {inputs.cell(row=r, column=1).value: r for r in range(1, inputs.max_row + 1)}
    inputs.cell(row=labels["年度跨境电商交易额"], column=2).value = 500000001  # 超过5亿: CD-2A goes to 500万
    inputs.cell(
        row=labels["已在成都跨境贸易电子商务公共服务平台完成备案"], column=2
    ).value = "否"  # CD-9 not met
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    (path,) = convert([edited], tmp_path / "out", "xlsx")
    calc = load_workbook(path, data_only=True)["测算"]
    awards = {
        calc.cell(row=r, column=2).value: calc.cell(row=r, column=12).value
        for r in range(1, calc.max_row + 1)
    }
    assert awards["做大做强(跨境电商贸易企业)"] == 5000000
    assert awards["金融融资"] == 0
