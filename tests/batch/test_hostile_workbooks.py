"""Workbooks from others: wrong file types, XML entity attacks, zip bombs, huge sheets, formulas without results."""

from __future__ import annotations

import shutil
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl.xml
import pytest
from openpyxl import load_workbook

from desktop.batch.columns import FIRMS_SHEET, KEY_ROW
from desktop.batch.reader import read_batch
from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from desktop.cli import main
from desktop.errors import InputError
from tests.batch.conftest import fill, firm

DAY = date(2026, 3, 1)
FIRMS_PART = "xl/worksheets/sheet2.xml"


def rewrite(path: Path, changes: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Rewrite parts of the zip at ``path`` in place."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, changes[name](data) if name in changes else data)
    return path


def refused(path: Path, catalog: Catalog) -> str:
    with pytest.raises(InputError) as caught:
        read_batch(path, catalog)
    assert len(caught.value.lines()) == 1
    return str(caught.value)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = fill(tmp_path / "firms.xlsx", [firm()])
    assert load_workbook(path).sheetnames[1] == FIRMS_SHEET  # so FIRMS_PART is the firms sheet
    return path


def test_defusedxml_is_installed_and_used_by_openpyxl() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # text is read as CSV (UTF-8, GBK or UTF-16, comma or tab), whatever the file's name
        ("企业名称,统一社会信用代码\n甲,91510100MA6CDRM0TN\n".encode(), "缺少必需的列 注册城市、业绩年度"),
        ("企业名称\t城市\n甲\t成都\n".encode("gbk"), "缺少必需的列 统一社会信用代码、注册城市、业绩年度"),
        ("企业名称,城市\n".encode("utf-16"), "缺少必需的列 统一社会信用代码、注册城市、业绩年度"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "旧版 Excel(.xls)"),
        (b"", "空的"),
        (bytes(range(256)) * 4, "文件内容不是工作簿(.xlsx、.ods 或 .csv)"),
    ],
)
def test_file_type_is_judged_by_content(
    tmp_path: Path, catalog: Catalog, content: bytes, expected: str
) -> None:
    path = tmp_path / "firms.xlsx"
    path.write_bytes(content)
    assert expected in refused(path, catalog)


def test_word_document_is_not_a_workbook(tmp_path: Path, catalog: Catalog) -> None:
    from desktop.paths import forms_dir

    path = tmp_path / "firms.xlsx"
    shutil.copy(forms_dir() / "申报书.docx", path)
    assert "Word 文档" in refused(path, catalog)


@pytest.mark.parametrize("name", ["firms.csv", "firms.txt"])
def test_cli_text_file_as_source_or_compare_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workbook: Path, name: str
) -> None:
    text = tmp_path / name
    text.write_text("企业名称,城市\n甲,成都市\n", encoding="utf-8")
    assert main(["batch", str(text), "--out", str(tmp_path / "out")]) == 2  # read as CSV: columns missing
    err = capsys.readouterr().err
    assert "缺少必需的列 统一社会信用代码、注册城市、业绩年度" in err and len(err.strip().splitlines()) == 1
    assert main(["batch", str(workbook), "--out", str(tmp_path / "out2"), "--compare-to", str(text)]) == 2
    err = capsys.readouterr().err
    assert "--compare-to" in err and "文本文件" in err and len(err.strip().splitlines()) == 1


XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>\n"
)


def _with_prolog(prolog: bytes, reference: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1].lstrip() if data.startswith(b"<?xml") else data
        return prolog + body.replace(b"<t>", b"<t>" + reference, 1)

    return change


def test_xxe_is_refused(workbook: Path, catalog: Catalog) -> None:
    rewrite(workbook, {FIRMS_PART: _with_prolog(XXE, b"&xxe;")})
    message = refused(workbook, catalog)
    assert "实体声明" in message and "root:" not in message


def test_billion_laughs_is_refused_quickly(workbook: Path, catalog: Catalog) -> None:
    rewrite(workbook, {FIRMS_PART: _with_prolog(LAUGHS, b"&lol9;")})
    started = time.monotonic()
    assert "实体声明" in refused(workbook, catalog)
    assert time.monotonic() - started < 10


def test_utf16_entity_declaration_is_refused(workbook: Path, catalog: Catalog) -> None:
    def utf16(data: bytes) -> bytes:
        text = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE worksheet [<!ENTITY a \'b\'>]>' + text
        return text.encode("utf-16")

    rewrite(workbook, {FIRMS_PART: utf16})
    assert "实体声明" in refused(workbook, catalog)


def test_sheet_claiming_a_huge_size_reads_as_its_cells(workbook: Path, catalog: Catalog) -> None:
    def claim(data: bytes) -> bytes:
        start = data.index(b"<dimension ref=")
        end = data.index(b"/>", start) + 2
        return data[:start] + b'<dimension ref="A1:XFD1048576"/>' + data[end:]

    rewrite(workbook, {FIRMS_PART: claim})
    started = time.monotonic()
    batch = read_batch(workbook, catalog)
    assert time.monotonic() - started < 10
    assert [item.data["firm"]["name"] for item in batch.items] == [firm()["name"]]


def test_cell_far_away_is_refused(workbook: Path, catalog: Catalog) -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    rewrite(workbook, {FIRMS_PART: lambda data: data.replace(b"</sheetData>", far, 1)})
    message = refused(workbook, catalog)
    assert "XFD1048576" in message and "超出可读取范围" in message


def test_too_many_rows(workbook: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("desktop.batch.xlsx.MAX_ROWS", 10)
    rows = b"".join(
        f'<row r="{n}"><c r="B{n}" t="inlineStr"><is><t>x</t></is></c></row>'.encode() for n in range(20, 30)
    )
    rewrite(workbook, {FIRMS_PART: lambda data: data.replace(b"</sheetData>", rows + b"</sheetData>", 1)})
    assert "B20" in refused(workbook, catalog)


def test_huge_part_is_refused_before_parsing(tmp_path: Path, catalog: Catalog, workbook: Path) -> None:
    """A 1 GB cell: the part's unpacked size is checked before openpyxl reads a byte of it."""
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != FIRMS_PART:
                target.writestr(info.filename, source.read(info))
        with target.open(FIRMS_PART, "w", force_zip64=True) as stream:
            stream.write(b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            block = b"A" * (1 << 20)
            for _ in range(1024):
                stream.write(block)
            stream.write(b"</t></is></c></row></sheetData></worksheet>")
    assert bomb.stat().st_size < 5_000_000
    message = refused(bomb, catalog)
    assert FIRMS_PART in message and "超过上限" in message


def test_total_unpacked_size(workbook: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("desktop.batch.xlsx.MAX_TOTAL_BYTES", 10_000)
    assert "解压后共" in refused(workbook, catalog)


def test_too_long_cell(tmp_path: Path, catalog: Catalog) -> None:
    path = fill(tmp_path / "firms.xlsx", [firm(name="LONGNAME")])
    rewrite(path, {FIRMS_PART: lambda data: data.replace(b"LONGNAME", b"A" * 40_000, 1)})
    item = read_batch(path, catalog).items[0]
    assert any("40000 个字符" in problem.message for problem in item.problems)


def _key_column(path: Path, key: str) -> str:
    from openpyxl.utils import get_column_letter

    sheet = load_workbook(path)[FIRMS_SHEET]
    return get_column_letter([cell.value for cell in sheet[KEY_ROW]].index(key) + 1)


def test_formula_without_stored_value_is_reported(tmp_path: Path, catalog: Catalog) -> None:
    path = fill(tmp_path / "firms.xlsx", [firm(loan_interest_paid="=1000000+200000")])
    column = _key_column(path, "loan_interest_paid")
    item = read_batch(path, catalog).items[0]
    expected = f"单元格 {column}4 是公式且没有保存计算结果，请在 Excel 中打开并保存后再导入"
    assert [p.where for p in item.problems] == [f"{FIRMS_SHEET}!{column}4"]
    assert expected in item.problems[0].message
    report = run_batch(path, tmp_path / "out", DAY, jobs=1)
    assert report.outcomes[0].state == "failed"
    rows = list(load_workbook(report.error_report).active.iter_rows(values_only=True))
    assert any(expected in str(row[-1]) for row in rows)


def test_formula_with_stored_value_is_read(tmp_path: Path, catalog: Catalog) -> None:
    path = fill(tmp_path / "firms.xlsx", [firm(loan_interest_paid="=1000000+200000")])
    rewrite(
        path,
        {
            FIRMS_PART: lambda data: data.replace(
                b"<f>1000000+200000</f><v></v>", b"<f>1000000+200000</f><v>1200000</v>"
            )
        },
    )
    item = read_batch(path, catalog).items[0]
    assert item.problems == []
    assert item.data["facts"]["loan_interest_paid"] == "1200000"


def test_empty_text_result_of_a_formula_is_blank(tmp_path: Path, catalog: Catalog) -> None:
    path = fill(tmp_path / "firms.xlsx", [firm(legal_representative='=""')])
    rewrite(
        path,
        {
            FIRMS_PART: lambda data: data.replace(b'<f>""</f><v></v>', b'<f>""</f><v></v>').replace(
                b'"><f>""', b'" t="str"><f>""'
            )
        },
    )
    item = read_batch(path, catalog).items[0]
    assert item.problems == [] and "legal_representative" not in item.data["firm"]


def test_compare_to_is_read_defensively(tmp_path: Path, workbook: Path, catalog: Catalog) -> None:
    first = run_batch(workbook, tmp_path / "out", DAY, jobs=1)
    rewrite(first.summary, {"xl/worksheets/sheet1.xml": _with_prolog(XXE, b"&xxe;")})
    with pytest.raises(InputError) as caught:
        run_batch(workbook, tmp_path / "out2", DAY, jobs=1, compare_to=first.summary)
    assert "--compare-to" in str(caught.value) and "实体声明" in str(caught.value)
