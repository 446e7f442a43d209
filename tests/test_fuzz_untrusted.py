"""Fuzzing the readers of files from others: the only failure allowed is the program's own error."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from desktop.batch.columns import FIRMS_SHEET, FIRST_DATA_ROW, KEY_ROW, SIDE_SHEETS
from desktop.batch.reader import read_batch
from desktop.batch.template import build_template
from desktop.catalog import bundled_catalog
from desktop.errors import GrantDeskError
from desktop.firm import load_firm, parse_firm
from desktop.paths import samples_dir

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIRMS_PART = "xl/worksheets/sheet2.xml"

texts = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    [
        "",
        " ",
        "=1+1",
        "是",
        "否",
        "成都市",
        "1e999999",
        "-1",
        "NaN",
        "Infinity",
        "9" * 5000,
        "2025-13-45",
        "\u202e",
    ]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
    | st.decimals(allow_nan=False, allow_infinity=False).map(str)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@cache
def _sample() -> dict[str, Any]:
    return json.loads((samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8"))


def _mutate(data: Any, path: list[Any], value: Any) -> Any:
    """Return ``data`` with the item at ``path`` (indices taken modulo the container size) replaced."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    result = copy.copy(data)
    keys = list(result) if isinstance(result, dict) else list(range(len(result)))
    key = keys[path[0] % len(keys)] if isinstance(path[0], int) else path[0]
    if isinstance(result, dict):
        result[key] = _mutate(result.get(key), path[1:], value)
    else:
        index = key % len(result) if isinstance(key, int) else 0
        result[index] = _mutate(result[index], path[1:], value)
    return result


def _load_text(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "firm.json"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        with contextlib.suppress(GrantDeskError):
            load_firm(path, bundled_catalog())


@FUZZ
@given(st.lists(st.integers(0, 50) | texts, min_size=1, max_size=4), json_values)
def test_firm_file_with_one_field_replaced(path: list[Any], value: Any) -> None:
    _load_text(json.dumps(_mutate(_sample(), path, value), ensure_ascii=False, default=str))


@FUZZ
@given(json_values)
def test_firm_file_of_any_json(value: Any) -> None:
    _load_text(json.dumps(value, ensure_ascii=False, default=str))


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_firm_file_of_any_bytes(content: bytes | str) -> None:
    _load_text(content)


@FUZZ
@given(st.integers(0, 10_000), st.text(st.sampled_from('{}[]",:0123456789 tfnul\\e.-'), max_size=30))
def test_firm_file_with_text_spliced_in(position: int, splice: str) -> None:
    text = (samples_dir() / "chengdu-trader.json").read_text(encoding="utf-8")
    position %= len(text)
    _load_text(text[:position] + splice + text[position:])


@cache
def _template() -> bytes:
    return build_template(bundled_catalog())


cell_values = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates(date(1900, 3, 1), date(9999, 12, 31))
    | st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31))
    | st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=30)
    | st.sampled_from(
        ["=1+1", "=A1", "是", "否", "成都市", "trader", "2025", "1,000", "１２３", "-5", "1e400"]
    )
    | st.decimals(allow_nan=False, allow_infinity=False, places=4).map(Decimal)
)


def _read(path: Path) -> None:
    catalog = bundled_catalog()
    try:
        batch = read_batch(path, catalog)
    except GrantDeskError:
        return
    for item in batch.items:
        with contextlib.suppress(GrantDeskError):
            parse_firm(item.data, catalog, item.label)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([FIRMS_SHEET, *SIDE_SHEETS]), st.integers(0, 4), st.integers(0, 120), cell_values
        ),
        min_size=1,
        max_size=25,
    )
)
def test_workbook_with_any_cell_values(edits: list[tuple[str, int, int, Any]]) -> None:
    workbook = load_workbook(io.BytesIO(_template()))
    for sheet_name, row, column, value in edits:
        sheet = workbook[sheet_name]
        width = max(sheet.max_column, 1)
        target = KEY_ROW if row == 4 else FIRST_DATA_ROW + row
        sheet.cell(row=target, column=column % width + 1, value=value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "firms.xlsx"
        workbook.save(path)
        _read(path)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=8))
def test_workbook_with_bytes_changed(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_template())
    for position, value in flips:
        data[position % len(data)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "firms.xlsx"
        path.write_bytes(bytes(data))
        _read(path)


@FUZZ
@given(st.integers(0, 10**7), st.text(st.sampled_from("<>/=\"' abcrvtfis0123456789:&#;x!-[]"), max_size=40))
def test_workbook_with_sheet_xml_spliced(position: int, splice: str) -> None:
    with zipfile.ZipFile(io.BytesIO(_template())) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "firms.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            for name, content in entries:
                if name == FIRMS_PART:
                    cut = position % len(content)
                    content = content[:cut] + splice.encode() + content[cut:]
                archive.writestr(name, content)
        _read(path)
