"""Broken templates, unwritable folders and hostile firm names: clear errors and nothing left behind."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from desktop.catalog import Catalog
from desktop.engine import evaluate_firm
from desktop.errors import OutputError, TemplateError
from desktop.firm import parse_firm
from desktop.packet.check import check_forms
from desktop.packet.files import safe_name, title_for_file
from desktop.packet.writer import write_packet
from desktop.paths import forms_dir
from tests.conftest import firm_data
from tests.packet.conftest import DAY, write_sample


def _edit_template(folder: Path, name: str, find: str, replace: str) -> None:
    """Copy the bundled forms to ``folder`` and replace text inside one template's document.xml."""
    folder.mkdir(parents=True, exist_ok=True)
    for template in forms_dir().iterdir():
        if not (folder / template.name).exists():
            shutil.copy(template, folder / template.name)
    path = folder / name
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert find in text
                data = text.replace(find, replace, 1).encode("utf-8")
            archive.writestr(info, data)


def test_unknown_field_names_template_and_tag_and_writes_nothing(tmp_path: Path, catalog: Catalog) -> None:
    forms = tmp_path / "forms"
    _edit_template(forms, "信用承诺书.docx", "{{ firm.credit_code }}", "{{ firm.credit_cod }}")
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as caught:
        write_sample("chengdu-trader.json", out, catalog, forms=forms)
    message = str(caught.value)
    assert "信用承诺书.docx" in message and "credit_cod" in message
    assert not out.exists() or list(out.iterdir()) == []


def test_bad_tag_syntax_is_reported(tmp_path: Path, catalog: Catalog) -> None:
    forms = tmp_path / "forms"
    _edit_template(forms, "材料清单.docx", "{{ item.name }}", "{{ item.name }")
    with pytest.raises(TemplateError) as caught:
        write_sample("chengdu-trader.json", tmp_path / "out", catalog, forms=forms)
    assert "材料清单.docx" in str(caught.value) and "语法" in str(caught.value)


def test_not_a_word_file(tmp_path: Path, catalog: Catalog) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    (forms / "申报书.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        write_sample("chengdu-trader.json", tmp_path / "out", catalog, forms=forms)
    assert "申报书.docx" in str(caught.value)


def test_forms_check_flags_misspelt_and_split_tags(tmp_path: Path, catalog: Catalog) -> None:
    forms = tmp_path / "forms"
    _edit_template(forms, "申报书.docx", "{{ total_text }}", "{{ totl_text }}")
    _edit_template(forms, "申请表.docx", "{{ m.quote }}", "{{ m.</w:t></w:r><w:r><w:t>quote }}")
    reports = {report.name: report for report in check_forms(catalog, forms)}
    application = reports["申报书.docx"]
    assert any("totl_text" in p and "total_text" in p for p in application.problems)
    assert "{{ year }}" in application.tags
    assert any("m.quote" in w for w in reports["申请表.docx"].warnings)
    assert reports["申请表.docx"].problems == []


def test_bundled_forms_pass_the_check(catalog: Catalog) -> None:
    reports = check_forms(catalog, forms_dir())
    assert [r.problems for r in reports] == [[] for _ in reports]
    assert [r.warnings for r in reports] == [[] for _ in reports]


def test_user_forms_folder_overrides_the_bundled_template(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    user_forms = tmp_path / "data" / "cbec-grant-desk" / "forms"
    staging = tmp_path / "edited"
    _edit_template(staging, "信用承诺书.docx", "信用承诺书", "信用承诺书（成都市商务局2026版）")
    user_forms.mkdir(parents=True)
    shutil.copy(staging / "信用承诺书.docx", user_forms / "信用承诺书.docx")
    _, _, packet = write_sample("chengdu-trader.json", tmp_path / "out", catalog)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(packet.folder / "03_信用承诺书.docx")).paragraphs)
    assert "成都市商务局2026版" in text


def test_unwritable_output_folder(tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "locked"
    out.mkdir()

    def refuse(*_: object, **__: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("desktop.packet.files.new_folder", refuse)
    with pytest.raises(OutputError) as caught:
        write_sample("chengdu-trader.json", out, catalog)
    assert "locked" in str(caught.value) and "没有写入该位置的权限" in str(caught.value)
    assert list(out.iterdir()) == []


def test_output_path_that_is_a_file(tmp_path: Path, catalog: Catalog) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        write_sample("chengdu-trader.json", blocker, catalog)
    assert "无法写入" in str(caught.value)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def test_failure_while_writing_leaves_nothing_and_keeps_the_old_packet(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, old = write_sample("chengdu-trader.json", tmp_path, catalog)
    before = {p.name: p.read_bytes() for p in old.folder.iterdir()}

    def broken_extra(folder: Path, names: list[str]) -> list[str]:
        raise OSError(28, "No space left on device")

    firm = parse_firm(firm_data(), catalog)
    firm = firm.model_copy(update={"firm": firm.firm.model_copy(update={"name": "成都蓉贸跨境科技有限公司"})})
    with pytest.raises(OutputError):
        write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64, extra=broken_extra)
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.folder.name]
    assert {p.name: p.read_bytes() for p in old.folder.iterdir()} == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('成都/蓉贸\\跨境:科技*有限?公司"<>|', "成都_蓉贸_跨境_科技_有限_公司_"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("CON", "_CON"),
        ("  ..", "未命名"),
        ("甲" * 200, "甲" * 80),
    ],
)
def test_safe_names(name: str, expected: str) -> None:
    assert safe_name(name) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("做大做强(跨境电商贸易企业)", "做大做强（跨境电商贸易企业）"),
        ("“四川造”跨境电商出口", "“四川造”跨境电商出口"),
        ("保税仓进口(1210)", "保税仓进口（1210）"),
        ("Amazon 平台 / 独立站: 推广", "Amazon平台_独立站_推广"),
        ("..", "未命名"),
    ],
)
def test_measure_titles_as_file_names(title: str, expected: str) -> None:
    assert title_for_file(title) == expected


def test_hostile_firm_name_stays_inside_the_output_folder(tmp_path: Path, catalog: Catalog) -> None:
    data = firm_data()
    data["firm"]["name"] = '../成都/蓉贸\\跨境:科技*有限?公司"<>|'
    firm = parse_firm(data, catalog)
    out = tmp_path / "out"
    packet = write_packet(firm, evaluate_firm(firm, catalog), catalog, out, DAY, "0" * 64)
    assert packet.folder.parent == out
    assert [p.name for p in out.iterdir()] == [packet.folder.name]
    assert not any(char in packet.folder.name for char in '/\\:*?"<>|')
