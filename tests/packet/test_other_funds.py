"""Ruling 17 of 2026-12 in the written packet: the 申报书's rows add up to its totals and name every other
fund for the same matter; the 申请表 of such a measure says the same; the eligible period is on the forms."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from docx import Document

from desktop.catalog import Catalog
from desktop.engine import FirmResult, evaluate_firm
from desktop.firm import FirmFile, parse_firm
from desktop.money import format_grouped
from desktop.packet.files import sha256_file, title_for_file
from desktop.packet.writer import write_packet
from desktop.paths import samples_dir
from tests.packet.conftest import DAY
from tests.packet.test_documents import application_rows

FUNDS = [
    {"measure": "CD-2A", "source": "四川省外经贸发展专项资金", "amount": "100000.5"},
    {"measure": "CD-9", "source": "成都市中小企业融资担保资金(贴息)", "amount": "20000"},
    {"measure": "LYG-07", "source": "江苏省知识产权专项资金", "amount": "5000"},
]


def _packet(tmp_path: Path, catalog: Catalog, **changes: object) -> tuple[FirmFile, FirmResult, Path]:
    path = samples_dir() / "chengdu-trader.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    firm = parse_firm(data, catalog)
    result = evaluate_firm(firm, catalog)
    packet = write_packet(firm, result, catalog, tmp_path, DAY, sha256_file(path))
    return firm, result, packet.folder


def _amount(text: str) -> Decimal:
    return Decimal(text.removeprefix("最高").replace(",", ""))


def _table(path: Path, last_header: str) -> list[tuple[str, ...]]:
    for table in Document(str(path)).tables:
        if table.rows[0].cells[-1].text == last_header:
            return [tuple(cell.text for cell in row.cells) for row in table.rows[1:]]
    return []


def _text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join(parts)


def test_rows_add_up_to_the_totals_and_name_each_other_fund(tmp_path: Path, catalog: Catalog) -> None:
    _, result, folder = _packet(tmp_path, catalog, other_support=FUNDS)
    rows = application_rows(folder / "01_申报书.docx")
    measures = [row for row in rows if row[0].isdigit()]
    totals = {row[2]: row[-1] for row in rows if not row[0]}
    determinate = [row for row in measures if not row[-1].startswith("最高")]
    ceilings = [row for row in measures if row[-1].startswith("最高")]
    assert sum(_amount(row[-1]) for row in determinate) == _amount(totals["合计（确定金额）"]) == result.total
    assert sum(_amount(row[-1]) for row in ceilings) == _amount(totals["最高额合计（待核定）"])
    assert _amount(totals["最高额合计（待核定）"]) == result.total_up_to
    by_title = {row[2]: row for row in measures}
    growth = by_title["做大做强（跨境电商贸易企业）"]
    # computed 2,000,000, less 100,000.5 received elsewhere, in whole 元 (rulings 15 and 17)
    assert growth[3] == "2,000,000"
    assert "四川省外经贸发展专项资金" in growth[4] and "100,000.5" in growth[4]
    assert growth[5] == "1,899,999"
    loan = by_title["金融融资"]
    assert loan[3] == "最高600,000" and loan[5] == "最高580,000"
    assert "成都市中小企业融资担保资金（贴息）" in loan[4]
    for row in measures:
        if row[4] == "无":
            assert row[3] == row[5]

    funds = _table(folder / "01_申报书.docx", "处理")
    assert [(row[2], row[3]) for row in funds] == [
        ("四川省外经贸发展专项资金", "100,000.5"),
        ("成都市中小企业融资担保资金（贴息）", "20,000"),
        ("江苏省知识产权专项资金", "5,000"),
    ]
    assert "已从“做大做强（跨境电商贸易企业）”的申报金额中扣除" in funds[0][4]
    assert "不属于本次申报的政策" in funds[2][4]
    application = _text(folder / "01_申报书.docx")
    assert (
        f"¥{format_grouped(result.total)}" in application.split("四、申报声明")[1]
    )  # the seal signs the total

    form = _text(folder / f"02_01_申请表_{title_for_file('做大做强(跨境电商贸易企业)')}.docx")
    assert "四川省外经贸发展专项资金：100,000.5元" in form
    assert "申报金额＝测算金额2,000,000元−其他资金支持100,000.5元＝1,899,999元（不足1元的部分不计）" in form
    assert "申报金额：1,899,999元" in form


def test_support_above_the_award_is_declared_and_the_measure_not_applied_for(
    tmp_path: Path, catalog: Catalog
) -> None:
    funds = [{"measure": "CD-2A", "source": "四川省外经贸发展专项资金", "amount": "2500000"}]
    _, result, folder = _packet(tmp_path, catalog, other_support=funds)
    titles = [row[2] for row in application_rows(folder / "01_申报书.docx") if row[0].isdigit()]
    assert "做大做强（跨境电商贸易企业）" not in titles
    funds_rows = _table(folder / "01_申报书.docx", "处理")
    assert funds_rows[0][3] == "2,500,000" and "本次不申报" in funds_rows[0][4]
    assert result.get("CD-2A").counted_award == 0


def test_without_other_funds_the_application_says_so(tmp_path: Path, catalog: Catalog) -> None:
    _, _, folder = _packet(tmp_path, catalog)
    assert _table(folder / "01_申报书.docx", "处理") == []
    assert "本单位申报事项未获得、也未申请其他财政资金支持。" in _text(folder / "01_申报书.docx")
    assert all(row[4] == "无" for row in application_rows(folder / "01_申报书.docx") if row[0].isdigit())


def test_the_eligible_period_is_on_the_forms(tmp_path: Path, catalog: Catalog) -> None:
    """Ruling 18 of 2026-12: Chengdu 2023 counts from 2023-02-14, and the forms say so."""
    _, result, folder = _packet(tmp_path, catalog, year=2023)
    assert result.total > 0
    application = _text(folder / "01_申报书.docx")
    assert "业绩计算期间：2023年2月14日至12月31日" in application
    form = _text(folder / f"02_01_申请表_{title_for_file('做大做强(跨境电商贸易企业)')}.docx")
    assert "业绩计算期间 | 2023年2月14日至12月31日" in form
    _, _, whole_year = _packet(tmp_path / "2025", catalog)
    assert "业绩计算期间 | 2025年全年" in _text(
        whole_year / f"02_01_申请表_{title_for_file('做大做强(跨境电商贸易企业)')}.docx"
    )
