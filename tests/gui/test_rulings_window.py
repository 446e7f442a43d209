"""The rulings of 2026-12 in the window: a part above its whole flagged on both fields, reasons as
sentences, the eligible period and the other-funds note in the details, warnings beside the total."""

from __future__ import annotations

import json

from PySide6.QtGui import QColor

from desktop.engine import Status
from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir


def _open(window: MainWindow, **changes: object) -> None:
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    data["facts"].update(changes.pop("facts", {}))
    data["firm"].update(changes.pop("firm", {}))
    data.update(changes)
    window.document.load_data(data, None)


def _reddish(colour: QColor) -> bool:
    return colour.red() > 240 and colour.green() < 240 and colour.blue() < 240


def test_a_part_above_its_whole_is_flagged_on_both_fields_and_pays_nothing(window: MainWindow) -> None:
    """Ruling 14: programme export above all 四川造 export is an input error naming both, never an award."""
    _open(window, facts={"sichuan_made_export_programme": "50000000"})
    window.workspace.go_to_step(2)
    page = window.workspace.pages[2]
    for key, other in (
        ("sichuan_made_export_programme", "“四川造”跨境电商出口交易额"),
        ("sichuan_made_export", "通过第三方平台出海项目的“四川造”出口交易额"),
    ):
        edit = page.fields[key].edit
        assert edit.property("error")
        help_text = page.helps[key].text()
        assert help_text.startswith("✗") and other in help_text and "50,000,000" in help_text
        image = edit.grab().toImage()
        assert _reddish(image.pixelColor(4, image.height() // 2)), key  # the frame is really drawn red
    result = window.document.result
    assert result is not None
    assert result.get("CD-3B").status is not Status.ELIGIBLE
    assert result.get("CD-3C").status is not Status.ELIGIBLE
    window.document.set_fact("sichuan_made_export_programme", "12000000")
    window.workspace.go_to_step(2)
    edit = page.fields["sichuan_made_export"].edit
    assert not edit.property("error") and not page.helps["sichuan_made_export"].text().startswith("✗")
    image = edit.grab().toImage()
    assert not _reddish(image.pixelColor(4, image.height() // 2))


def test_screening_says_why_each_alternative_fails(window: MainWindow) -> None:
    _open(window, facts={"chain_leader_parent": "none"}, firm={"established": "2024-03-01"})
    window.workspace.go_to_step(1)
    table = window.screening_page.measures
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "CD-1")
    text = table.item(row, 2).text()
    assert "投资设立本企业的链主企业类型为不适用，不属于所列任一类" in text
    assert "满足下列情形之一" not in text


def test_details_show_the_eligible_period_and_the_other_funds_note(window: MainWindow) -> None:
    funds = [{"measure": "CD-2A", "source": "四川省外经贸发展专项资金", "amount": "100000"}]
    _open(window, year=2023, other_support=funds)
    window.workspace.go_to_step(3)
    page = window.workspace.pages[3]
    page.select("CD-2A")
    details = page.details.toPlainText()
    assert "业绩计算期间 2023-02-14 至 2023-12-31" in details
    assert "四川省外经贸发展专项资金" in details and "申报通知均要求如实申报同一事项" in details
    assert not page.warnings.isVisible()


def test_support_naming_another_citys_measure_is_a_warning_beside_the_total(window: MainWindow) -> None:
    """Ruling 20: never ignored silently."""
    _open(
        window, other_support=[{"measure": "LYG-07", "source": "江苏省知识产权专项资金", "amount": "20000"}]
    )
    window.workspace.go_to_step(3)
    page = window.workspace.pages[3]
    assert page.warnings.isVisible()
    assert "LYG-07" in page.warnings.text() and "连云港市" in page.warnings.text()
