"""Step marks that mean something: ✓ when the step is done for the packet, ! with what is left."""

from __future__ import annotations

import json

from desktop.gui.main_window import MainWindow
from desktop.paths import samples_dir

SAMPLE = samples_dir() / "chengdu-trader.json"


def _marks(window: MainWindow) -> list[str]:
    steps = window.workspace.steps
    return [steps.item(row).text().removeprefix(window.workspace.step_names[row]).strip() for row in range(5)]


def _set_text(edit, text: str) -> None:
    edit.setText(text)
    edit.textEdited.emit(text)


def test_the_sample_opens_complete(window: MainWindow) -> None:
    window.files.open_path(SAMPLE, ask=False)
    assert _marks(window)[:4] == ["✓", "✓", "✓", "✓"]  # was: ! on 适用政策 and 申报数据


def test_firm_step_is_done_only_with_every_field_the_packet_prints(window: MainWindow) -> None:
    firm = window.firm_page
    _set_text(firm.edits["name"], "成都测试跨境科技有限公司")
    _set_text(firm.edits["credit_code"], "91510100MA6CDRM0TN")
    assert _marks(window)[0] == "!"  # was ✓ with a name and a code
    tip = window.workspace.steps.item(0).toolTip()
    assert "成立日期" in tip and "法定代表人" in tip and "银行账号" in tip and "企业名称" not in tip
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for key, edit in firm.edits.items():
        _set_text(edit, data["firm"][key])
    _set_text(firm.established, "2019-04-16")
    assert _marks(window)[0] == "!" and "企业类型" in window.workspace.steps.item(0).toolTip()
    firm.roles["trader"].click()
    assert _marks(window)[0] == "✓"


def test_screening_asks_only_what_the_firms_roles_make_relevant(window: MainWindow) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    window.document.load_data(data, None)
    screening = window.screening_page
    window.workspace.go_to_step(1)
    park = screening.questions["park_rating"]  # a park operator's question
    assert not park.isVisibleTo(screening), "folded under 其他角色的问题"
    assert screening.others.isVisibleTo(screening) and screening.others.text().startswith("其他角色的问题")
    assert _marks(window)[1] == "✓"  # was ! until the park and service questions were answered too
    screening.others.click()
    assert park.isVisibleTo(screening) and park in screening.focus_chain()
    del data["facts"]["provincial_public_ow_key"]
    window.document.load_data(data, None)
    assert _marks(window)[1] == "!"
    assert "被认定为四川省公共海外仓重点培育企业" in window.workspace.steps.item(1).toolTip()
    window.firm_page.roles["park_operator"].click()
    assert screening.questions["park_rating"] in [
        box for box in screening.focus_chain()[: screening.focus_chain().index(screening.others)]
    ], "a park operator's own questions come first"


def test_data_step_asks_for_figures_only_for_measures_that_may_still_pay(window: MainWindow) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del data["facts"]["loan_interest_paid"]
    window.document.load_data(data, None)
    assert _marks(window)[2] == "!"
    assert "年度贷款实付利息" in window.workspace.steps.item(2).toolTip()
    data["facts"]["chengdu_platform_registered"] = False  # CD-9 is out: its figure is not needed
    window.document.load_data(data, None)
    assert _marks(window)[2] == "✓"
