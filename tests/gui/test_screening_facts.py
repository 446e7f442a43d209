"""The rulings' new yes/no facts are asked on the screening page with their help and clause."""

from __future__ import annotations

from desktop.engine import Status
from desktop.gui.main_window import MainWindow


def _answer(window: MainWindow, key: str, value: bool) -> None:
    box = window.screening_page.questions[key]
    box.setCurrentIndex(box.findData(value))
    box.activated.emit(box.currentIndex())


def test_own_brand_is_asked_for_lianyungang_with_help_and_clause(window: MainWindow) -> None:
    window.document.new("lianyungang")
    window.document.set_fact("brand_promotion_costs", "100000")
    screening = window.screening_page
    window.workspace.steps.setCurrentRow(1)
    box = screening.questions["own_brand"]
    assert screening.form.isRowVisible(box)
    label = screening.question_labels["own_brand"]
    assert label.text() == "拥有自主品牌(注册商标)并以该品牌开展跨境电商"
    for tip in (label.toolTip(), box.toolTip()):
        assert "跨境电商品牌企业" in tip  # the help text
        assert "跨境电商品牌推广 (七)支持跨境电商“品牌出海”" in tip  # the measure (by title) and its clause
    assert window.document.result.get("LYG-09").status is Status.NEEDS_INPUT
    _answer(window, "own_brand", False)
    assert window.document.result.get("LYG-09").status is Status.INELIGIBLE
    _answer(window, "own_brand", True)
    assert window.document.result.get("LYG-09").award == 50000
    assert not screening.form.isRowVisible(screening.questions["chain_entity_reached_before"])


def test_cd1_first_time_is_asked_for_chengdu(window: MainWindow) -> None:
    screening = window.screening_page
    window.workspace.steps.setCurrentRow(1)
    box = screening.questions["chain_entity_reached_before"]
    assert screening.form.isRowVisible(box)
    assert screening.question_labels["chain_entity_reached_before"].text() == (
        "以前年度跨境电商交易额曾达到链主招引奖励标准\n(按投资方类型为2亿元、10亿元或1亿元)"
    )  # longer than the panel is wide at 1366×768: two lines, broken before the bracket
    assert "招引链主企业 一、大力招引跨境电商链主企业" in box.toolTip()
    assert "首次" in box.toolTip()
    assert not screening.form.isRowVisible(screening.questions["own_brand"])


def test_an_approved_amount_below_a_computed_award_is_entered_in_the_table(window: MainWindow) -> None:
    window.document.new("lianyungang")
    window.document.set_fact("ip_costs", "86000")
    window.workspace.steps.setCurrentRow(3)
    model = window.results_page.model
    index = model.index(model.row_of("LYG-07"), model.CLAIM)
    assert model.setData(index, "30,000")
    assert window.document.data["claims"] == {"LYG-07": "30000"}
    assert window.document.result.get("LYG-07").award == 30000


def test_results_say_top_up_and_provisional(window: MainWindow) -> None:
    from pathlib import Path

    from desktop.gui.measure_model import status_label
    from desktop.paths import samples_dir

    window.files.open_path(Path(samples_dir() / "lianyungang-brand.json"), ask=False)
    assert status_label(window.document.result.get("LYG-07")).endswith("(补差)")
    window.document.new("chengdu")
    window.document.set_fact("sichuan_made_export", "10000000")
    window.document.set_fact("sichuan_made_export_programme", "4000000")
    assert status_label(window.document.result.get("CD-3B")) == "可申报(暂不计入)"
