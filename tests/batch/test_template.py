"""The blank workbook: identifiers as text, units in the headers, nothing Excel refuses that the program
accepts, measures to pick from, instructions that name the program's real commands."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from desktop.batch.columns import (
    CLAIMS_SHEET,
    FIRMS_SHEET,
    GUIDE_SHEET,
    HISTORY_SHEET,
    KEY_ROW,
    SIDE_SHEETS,
    firm_columns,
)
from desktop.batch.template import LISTS_SHEET, build_template
from desktop.catalog import Catalog


def _template(tmp_path: Path, catalog: Catalog) -> Path:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(build_template(catalog))
    return path


def test_identifier_columns_are_text_and_the_key_row_is_hidden(tmp_path: Path, catalog: Catalog) -> None:
    book = load_workbook(_template(tmp_path, catalog))
    sheet = book[FIRMS_SHEET]
    keys = [cell.value for cell in sheet[KEY_ROW]]
    for key in ("credit_code", "bank_account", "contact_phone"):
        letter = get_column_letter(keys.index(key) + 1)
        assert sheet[f"{letter}4"].number_format == "@", key
        assert sheet.column_dimensions[letter].number_format == "@", key
    assert sheet.row_dimensions[KEY_ROW].hidden
    for name in SIDE_SHEETS:
        side = book[name]
        assert side.row_dimensions[KEY_ROW].hidden
        assert side["A3"].number_format == "@"  # the credit code


def test_headers_show_units_and_widths_fit(tmp_path: Path, catalog: Catalog) -> None:
    sheet = load_workbook(_template(tmp_path, catalog))[FIRMS_SHEET]
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    assert "年度跨境电商交易额(元)" in headers
    assert "出海项目所属平台年度全球商品交易总额(GMV)(美元)" in headers
    assert any(str(header).endswith("(㎡)") for header in headers)
    assert "统一社会信用代码 *" in headers
    assert sheet.column_dimensions[headers["企业名称 *"]].width >= 30
    assert sheet.column_dimensions[headers["统一社会信用代码 *"]].width >= 20  # 18 characters, not cut


def test_no_validation_refuses_what_the_program_accepts(tmp_path: Path, catalog: Catalog) -> None:
    sheet = load_workbook(_template(tmp_path, catalog))[FIRMS_SHEET]
    keys = [cell.value for cell in sheet[KEY_ROW]]
    amount = f"{get_column_letter(keys.index('cbec_transaction') + 1)}3"
    (rule,) = [v for v in sheet.data_validations.dataValidation if str(v.sqref).split(":")[0] == amount]
    assert rule.type is None and "2600万" in rule.prompt  # an input message, no "decimal" rule against 2600万
    yes_no = f"{get_column_letter(keys.index('cbec_over_1m_before') + 1)}3"
    (rule,) = [v for v in sheet.data_validations.dataValidation if str(v.sqref).split(":")[0] == yes_no]
    assert rule.type == "list" and not rule.showErrorMessage  # √ and Y are accepted by the program


def test_side_sheets_offer_measures_to_pick(tmp_path: Path, catalog: Catalog) -> None:
    book = load_workbook(_template(tmp_path, catalog))
    lists = {
        column[0]: [v for v in column[1:] if v] for column in book[LISTS_SHEET].iter_cols(values_only=True)
    }
    measures = lists[f"{HISTORY_SHEET}.measure"]
    assert "CD-2A 做大做强(跨境电商贸易企业)" in measures and "LYG-02 独立站出口达到规模" in measures
    assert not any(label.startswith("CD-P1") for label in measures)  # support without money is no award
    for name in (HISTORY_SHEET, CLAIMS_SHEET):
        rules = book[name].data_validations.dataValidation
        assert any(rule.type == "list" and str(rule.sqref).startswith("B3") for rule in rules)
    assert [cell.value for cell in book[CLAIMS_SHEET][KEY_ROW]] == [
        "credit_code",
        "measure",
        "amount",
        "year",
    ]


def test_instructions_name_the_real_commands(tmp_path: Path, catalog: Catalog) -> None:
    text = "\n".join(
        str(row[0])
        for row in load_workbook(_template(tmp_path, catalog))[GUIDE_SHEET].iter_rows(values_only=True)
        if row[0]
    )
    assert "python -m desktop" not in text
    assert "批量申报" in text and "grant-desk batch" in text and "(万元)" in text and "文本格式" in text


def test_every_column_is_read_back_by_its_header_alone(catalog: Catalog) -> None:
    """A sheet made by copying only the header row (no hidden key row) is still read column by column."""
    from desktop.batch.columns import header_parts

    columns = firm_columns(catalog)
    labels = [header_parts(column.header)[0] for column in columns]
    assert len(labels) == len(set(labels))
