"""Hostile Word templates: nothing runs, every fault is one line naming template and tag, nothing is written."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from desktop.catalog import Catalog
from desktop.cli import main
from desktop.errors import TemplateError
from desktop.packet.check import check_forms
from desktop.paths import forms_dir, samples_dir
from tests.packet.conftest import DAY, write_sample

SAMPLE = "chengdu-trader.json"


def hostile_forms(folder: Path, tag: str, name: str = "申报书.docx", raw: bytes | None = None) -> Path:
    """Copy the bundled forms to ``folder`` with ``tag`` written as a paragraph at the start of one body."""
    shutil.copytree(forms_dir(), folder, dirs_exist_ok=True)
    path = folder / name
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "word/document.xml":
                paragraph = f"<w:p><w:r><w:t>{tag}</w:t></w:r></w:p>".encode()
                data = raw if raw is not None else data.replace(b"<w:body>", b"<w:body>" + paragraph, 1)
            archive.writestr(info, data)
    return folder


def refusal(tmp_path: Path, catalog: Catalog, tag: str, **kwargs) -> str:
    forms = hostile_forms(tmp_path / "forms", tag, **kwargs)
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as caught:
        write_sample(SAMPLE, out, catalog, forms=forms)
    assert not out.exists() or list(out.iterdir()) == []
    return str(caught.value)


def test_sandbox_escape_runs_nothing(tmp_path: Path, catalog: Catalog) -> None:
    proof = tmp_path / "ran"
    tag = f"{{{{ cycler.__init__.__globals__.os.popen('touch {proof}').read() }}}}"
    message = refusal(tmp_path, catalog, tag)
    assert not proof.exists()
    assert "申报书.docx" in message and "cycler.__init__" in message and "不允许" in message
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ firm.__class__.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{% set x = [] %}{{ x.append(1) }}",
    ],
)
def test_other_escapes_are_sandbox_violations(tmp_path: Path, catalog: Catalog, tag: str) -> None:
    assert "不允许的操作" in refusal(tmp_path, catalog, tag)


def test_runtime_error_names_the_tag(tmp_path: Path, catalog: Catalog) -> None:
    message = refusal(tmp_path, catalog, "{{ 1/0 }}")
    assert "申报书.docx" in message and "{{ 1/0 }}" in message and "ZeroDivisionError" in message
    assert len(message.splitlines()) == 1


def test_undefined_names_the_tag(tmp_path: Path, catalog: Catalog) -> None:
    message = refusal(tmp_path, catalog, "{{ firm.nmae }}")
    assert "{{ firm.nmae }}" in message and "未知字段" in message


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("{% include 'other.xml' %}", "include"),
        ("{% import 'macros.xml' as m %}", "import"),
        ("{% from 'macros.xml' import f %}", "from … import"),
        ("{% extends 'base.xml' %}", "extends"),
    ],
)
def test_no_loader_access(tmp_path: Path, catalog: Catalog, tag: str, kind: str) -> None:
    message = refusal(tmp_path, catalog, tag)
    assert f"不允许使用 {kind}" in message and tag in message


def test_syntax_error_names_the_tag(tmp_path: Path, catalog: Catalog) -> None:
    message = refusal(tmp_path, catalog, "{% if year %}")
    assert "语法" in message and "申报书.docx" in message


def test_non_utf8_xml(tmp_path: Path, catalog: Catalog) -> None:
    raw = '<?xml version="1.0" encoding="GBK"?><w:document><w:body>申报</w:body></w:document>'.encode("gbk")
    message = refusal(tmp_path, catalog, "", raw=raw)
    assert "word/document.xml" in message and "UTF-8" in message


def test_endless_loop_is_stopped(tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.packet.templates import load_docx
    from desktop.packet.writer import APPLICATION, CHECKLIST, COMMITMENT, INTERNAL, MEASURE_FORM

    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    forms = hostile_forms(tmp_path / "forms", loop)
    for name in (INTERNAL, APPLICATION, MEASURE_FORM, COMMITMENT, CHECKLIST):
        load_docx(name, forms)  # loaded (and cached) first: the short limit below is all for the loop
    monkeypatch.setattr("desktop.packet.sandbox.RENDER_SECONDS", 2.0)
    with pytest.raises(TemplateError) as caught:
        write_sample(SAMPLE, tmp_path / "out", catalog, forms=forms)
    message = str(caught.value)
    assert "秒仍未完成" in message and "range(100000)" in message
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_recursive_macro(tmp_path: Path, catalog: Catalog) -> None:
    message = refusal(tmp_path, catalog, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    assert "嵌套过深" in message


@pytest.mark.parametrize(
    "tag",
    [
        "{% for a in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
        "{{ 'x' * 1000000000 }}",
        "{{ [1, 2] * 1000000000 }}",
        "{{ 9 ** 99999999 }}",
        "{{ 'x'.center(1000000000) }}",
        "{{ 'x'|center(1000000000) }}",
        "{{ 'x'|indent(1000000000, true) }}",
        "{{ '%999999999d' % 1 }}",
        "{{ '%*d'|format(1000000000, 1) }}",
        "{{ '{:>999999999}'.format(1) }}",
    ],
)
def test_output_and_memory_bombs(tmp_path: Path, catalog: Catalog, tag: str) -> None:
    assert "申报书.docx" in refusal(tmp_path, catalog, tag)


def test_control_characters_never_reach_the_document(tmp_path: Path, catalog: Catalog) -> None:
    from desktop.engine import evaluate_firm
    from desktop.firm import load_firm
    from desktop.packet.writer import write_packet

    firm = load_firm(samples_dir() / SAMPLE, catalog)
    # model_copy skips validation: this is the last line of defence, behind the firm-file checks
    firm = firm.model_copy(update={"firm": firm.firm.model_copy(update={"name": "蓉贸\x01\x0b科技\x1f"})})
    packet = write_packet(firm, evaluate_firm(firm, catalog), catalog, tmp_path, DAY, "0" * 64)
    for path in packet.folder.glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".xml"):
                    etree.fromstring(archive.read(name))  # raises on a character XML cannot hold
    with zipfile.ZipFile(packet.folder / "01_申报书.docx") as archive:
        assert "蓉贸科技" in archive.read("word/document.xml").decode()


def test_bundled_forms_still_render(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample(SAMPLE, tmp_path, catalog)
    assert any(name.startswith("01_") for name in packet.files)


def test_forms_check_refuses_what_the_packet_refuses(tmp_path: Path, catalog: Catalog) -> None:
    proof = tmp_path / "ran"
    forms = hostile_forms(
        tmp_path / "forms", f"{{{{ cycler.__init__.__globals__.os.popen('touch {proof}').read() }}}}"
    )
    reports = {report.name: report for report in check_forms(catalog, forms)}
    assert not proof.exists()
    assert any("不允许的操作" in problem for problem in reports["申报书.docx"].problems)


@pytest.mark.parametrize("tag", ["{{ 1/0 }}", "{% include 'x' %}"])
def test_cli_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], tag: str) -> None:
    forms = hostile_forms(tmp_path / "forms", tag)
    out = tmp_path / "out"
    code = main(["packet", str(samples_dir() / SAMPLE), "--out", str(out), "--forms", str(forms)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and tag in err
    assert not out.exists() or list(out.iterdir()) == []
    assert main(["forms", "check", str(forms)]) == 2
    assert "✗ 申报书.docx" in capsys.readouterr().out
