"""The conditions every call asks are answered once on 企业信息 with the registered district, which names the
receiving bureau; the year's annual guide (its period, windows, submission and notes) is shown with the results."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from desktop.catalog.added import extend, read_added
from desktop.catalog.loader import bundled_catalog
from desktop.engine import Status
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.paths import samples_dir

GUIDE_2023 = Path(__file__).resolve().parent.parent / "catalog_files" / "chengdu_2023_guide.yaml"
UNIVERSAL = (
    "tax_compliant",
    "listed_dishonest_executee",
    "listed_serious_dishonesty",
    "listed_major_tax_violation",
)


def _answer(window: MainWindow, key: str, value: bool) -> None:
    box = window.firm_page.answers[key]
    box.setCurrentIndex(box.findData(value))
    box.activated.emit(box.currentIndex())


def test_the_conditions_are_asked_once_on_the_firm_page_and_saved(window: MainWindow, tmp_path: Path) -> None:
    page = window.firm_page
    assert list(page.answers) == list(UNIVERSAL)
    assert page.answer_labels["listed_dishonest_executee"].text() == "被列入失信被执行人名单"
    assert "“信用中国”查询截图（失信被执行人）" in page.answers["listed_dishonest_executee"].toolTip()
    assert not set(UNIVERSAL) & set(window.screening_page.questions)  # not asked a second time
    assert "不影响测算金额" in page.conditions_intro.text()
    _answer(window, "listed_dishonest_executee", False)
    _answer(window, "tax_compliant", True)
    page.district.setText("高新区")
    page.district.textEdited.emit("高新区")
    assert page.bureau.text() == "受理单位：所在区（市）县商务主管部门"
    path = tmp_path / "firm.json"
    window.document.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["firm"]["district"] == "高新区"
    assert data["facts"]["listed_dishonest_executee"] is False and data["facts"]["tax_compliant"] is True
    assert page.focus_chain().index(page.district) == page.focus_chain().index(page.city) + 1
    assert page.answers["tax_compliant"] in page.focus_chain()


def test_with_the_guide_the_answers_decide_and_the_results_show_the_call(qtbot, tmp_path: Path) -> None:
    catalog = bundled_catalog()
    guided = extend(catalog, [read_added(GUIDE_2023, catalog)])
    window = MainWindow(guided, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    data["year"], data["history"] = 2023, []
    window.document.load_data(data, None)
    page = window.firm_page
    assert page.bureau.text() == "受理单位：成都高新区国际合作商务局"
    assert "将下列条件作为申报条件" in page.conditions_intro.text()
    # the guide's own yes/no fact is asked with the other qualification questions
    window.workspace.steps.setCurrentRow(1)
    assert window.screening_page.form.isRowVisible(
        window.screening_page.questions["independent_legal_entity"]
    )
    window.document.set_fact("independent_legal_entity", True)
    assert window.document.result.get("CD-2A").status is Status.ELIGIBLE
    _answer(window, "listed_serious_dishonesty", True)
    assert window.document.result.get("CD-2A").status is Status.INELIGIBLE
    box = page.answers["listed_serious_dishonesty"]
    box.setCurrentIndex(box.findData("__unanswered__"))
    box.activated.emit(box.currentIndex())
    assert window.document.result.get("CD-2A").status is Status.NEEDS_INPUT
    window.workspace.steps.setCurrentRow(0)
    page.district.setText("锦江区")
    page.district.textEdited.emit("锦江区")
    assert page.bureau.text() == "受理单位：所在区（市）县商务主管部门"

    window.workspace.steps.setCurrentRow(3)
    call = window.results_page.call
    assert call.isVisibleTo(window.results_page)
    for part in (
        "年度指南《成都市2023年度跨境电商发展专项资金申报指南(测试)》",
        "业绩计算期间：2023-02-14 至 2023-12-31",
        "修改补充 2024-03-16 至 2024-03-20",
        "一式四份",
        "说明：同一项目已获得或正在申请其他财政资金支持的，须在申报书中如实说明。",
        "受理单位：所在区（市）县商务主管部门",
    ):
        assert part in call.text(), part
    window.generate_page.stop()


def test_without_a_guide_the_results_show_no_call(window: MainWindow) -> None:
    window.workspace.steps.setCurrentRow(3)
    assert not window.results_page.call.isVisibleTo(window.results_page)


def test_support_without_an_amount_is_ticked_to_apply_for_it(window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    from desktop.packet.context import packet_context

    window.workspace.steps.setCurrentRow(1)
    table = window.screening_page.measures
    rows = {table.item(row, 0).text(): row for row in range(table.rowCount())}
    support = table.item(rows["CD-P1"], 1)  # the tick sits by the title (the code column is hidden)
    assert support.checkState() == Qt.CheckState.Unchecked
    assert table.item(rows["CD-2A"], 1).data(Qt.ItemDataRole.CheckStateRole) is None  # a money measure
    support.setCheckState(Qt.CheckState.Checked)
    assert window.document.data["apply_for"] == ["CD-P1"] and window.document.dirty
    firm, result = window.document.firm, window.document.result
    reports = packet_context(firm, result, window.document.catalog, result_day())["reports"]
    assert [report["id"] for report in reports] == ["CD-P1"]
    table = window.screening_page.measures  # refreshed: the tick stays
    rows = {table.item(row, 0).text(): row for row in range(table.rowCount())}
    table.item(rows["CD-P1"], 1).setCheckState(Qt.CheckState.Unchecked)
    assert window.document.data["apply_for"] == []


def result_day() -> date:
    return date(2026, 3, 1)
