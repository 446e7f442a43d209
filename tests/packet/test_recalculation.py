"""The 测算表's live formulas, recalculated by LibreOffice, agree with the engine to the 元."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop.catalog import Catalog
from desktop.engine import FirmResult, Status, evaluate_firm
from desktop.firm import parse_firm
from desktop.packet.writer import write_packet
from tests.conftest import firm_data
from tests.packet.conftest import DAY, SAMPLES, recalculate, requires_soffice, write_sample

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
    "cbec_transaction_prior": ["0", "900000", "40000000", "100000000", "250000000", "420000000"],
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
        elif rng.random() < 0.4:
            extra["history"] = [
                {"measure": rng.choice(["CD-5", "CD-6", "CD-3A"]), "year": 2025, "amount": "500000"}
            ]
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


def _assert_agrees(path: Path, result: FirmResult) -> None:
    workbook = load_workbook(path, data_only=True)
    calc = workbook["测算"]
    rows = {
        calc.cell(row=r, column=1).value: r
        for r in range(2, calc.max_row + 1)
        if calc.cell(row=r, column=1).value
    }
    for measure in result.measures:
        if measure.id not in rows:
            assert measure.status is Status.NOT_IN_FORCE or not measure.measure.award.is_money
            continue
        row = rows[measure.id]
        award = calc.cell(row=row, column=13).value
        counted = calc.cell(row=row, column=15).value
        assert Decimal(str(award)) == measure.award, (measure.id, measure.reasons())
        assert Decimal(str(counted)) == measure.counted_award, measure.id
        if measure.status is Status.ELIGIBLE:
            assert (calc.cell(row=row, column=14).value == "是") is measure.up_to, measure.id
    last = max(rows.values(), default=1)
    assert Decimal(str(calc.cell(row=last + 2, column=15).value)) == result.total
    assert Decimal(str(calc.cell(row=last + 3, column=15).value)) == result.total_up_to


@requires_soffice
def test_samples_and_generated_firms_recalculate_to_the_engine(tmp_path: Path, catalog: Catalog) -> None:
    cases: list[tuple[Path, FirmResult]] = []
    for index, name in enumerate(SAMPLES):
        _, result, packet = write_sample(name, tmp_path / "packets", catalog)
        copy = tmp_path / "sheets" / f"sample{index}.xlsx"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes((packet.folder / "04_测算表.xlsx").read_bytes())
        cases.append((copy, result))
    for index, (firm, result) in enumerate(_generated(catalog, 45)):
        packet = write_packet(firm, result, catalog, tmp_path / "packets", DAY, "0" * 64)
        copy = tmp_path / "sheets" / f"generated{index}.xlsx"
        copy.write_bytes((packet.folder / "04_测算表.xlsx").read_bytes())
        cases.append((copy, result))
    assert sum(1 for _, r in cases if r.total > 0) >= 20
    recalculated = recalculate([path for path, _ in cases], tmp_path / "recalculated")
    for path, (_, result) in zip(recalculated, cases, strict=True):
        _assert_agrees(path, result)


@requires_soffice
def test_changing_an_input_changes_the_award(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path / "p", catalog)
    workbook = load_workbook(packet.folder / "04_测算表.xlsx")
    inputs = workbook["输入"]
    row = next(
        r for r in range(2, inputs.max_row + 1) if inputs.cell(row=r, column=1).value == "cbec_transaction"
    )
    inputs.cell(row=row, column=3).value = 500000001  # 超过5亿: CD-2A goes to 500万
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    (path,) = recalculate([edited], tmp_path / "out")
    calc = load_workbook(path, data_only=True)["测算"]
    row = next(r for r in range(2, calc.max_row + 1) if calc.cell(row=r, column=1).value == "CD-2A")
    assert calc.cell(row=row, column=13).value == 5000000
