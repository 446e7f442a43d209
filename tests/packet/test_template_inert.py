"""Shared Word templates are inert and bounded: nothing in them reaches out (external relationships,
OLE, fetching fields, DOCTYPE/ENTITY, macros), no single operation outgrows the limits, the load is
bounded by size and tags, and the whole render, load included, is under the time limit. Every
attack runs in a child process under a memory and time limit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.paths import forms_dir
from tests.hostile_templates import EXHAUSTION, FORM, INERT_CASES, SAMPLE, forms_with, paragraph, tags
from tests.limited import grant_desk, grant_desk_each

MEMORY = 1_200_000_000


@pytest.mark.parametrize("case", list(INERT_CASES))
def test_a_template_that_reaches_out_is_refused_by_forms_check_and_at_load(tmp_path: Path, case: str) -> None:
    edit, words = INERT_CASES[case]
    forms = forms_with(tmp_path / "forms", edit)
    out = tmp_path / "out"
    checked, made = grant_desk_each(
        ["forms", "check", str(forms)],
        ["packet", SAMPLE, "--out", str(out), "--forms", str(forms)],
        memory=MEMORY,
    )
    assert checked.returncode == 2, checked.stdout + checked.stderr
    block = checked.stdout[checked.stdout.index(f"✗ {FORM}") :].split("\n✓")[0]
    for word in words:
        assert word in block, checked.stdout
    assert made.returncode == 2 and "Traceback" not in made.stderr
    assert FORM in made.stderr and all(word in made.stderr for word in words), made.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_what_the_tags_write_must_be_inert_too(tmp_path: Path) -> None:
    tag = "<w:p><w:r><w:instrText>{{ 'INCLUDE' ~ 'PICTURE http://198.51.100.7/x.png' }}</w:instrText></w:r></w:p>"
    forms = forms_with(tmp_path / "forms", paragraph(tag))
    made = grant_desk("packet", SAMPLE, "--out", str(tmp_path / "out"), "--forms", str(forms), memory=MEMORY)
    assert made.returncode == 2
    assert "word/document.xml(填写后): 含有 INCLUDEPICTURE 域" in made.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("case", list(EXHAUSTION))
def test_no_single_operation_outgrows_the_limits(tmp_path: Path, case: str) -> None:
    forms = forms_with(tmp_path / "forms", paragraph(f"<w:p><w:r><w:t>{EXHAUSTION[case]}</w:t></w:r></w:p>"))
    out = tmp_path / "out"
    made, checked = grant_desk_each(
        ["packet", SAMPLE, "--out", str(out), "--forms", str(forms)],
        ["forms", "check", str(forms)],
        memory=MEMORY,
    )
    assert made.returncode == 2, made.stderr
    # Refused by its own guard ("不允许的操作"), not stopped by the 10 s limit after filling memory.
    assert made.seconds < 30, f"{case}: {made.seconds:.1f} s"
    assert (
        FORM in made.stderr and "不允许的操作" in made.stderr and len(made.stderr.strip().splitlines()) == 1
    )
    assert checked.returncode == 2 and "不允许的操作" in checked.stdout


def test_a_small_file_with_150000_tags_is_refused_at_load(tmp_path: Path) -> None:
    forms = forms_with(tmp_path / "forms", tags(150_000))
    assert (forms / FORM).stat().st_size < 100_000  # compressed: small on disk, huge inside
    made = grant_desk("packet", SAMPLE, "--out", str(tmp_path / "out"), "--forms", str(forms), memory=MEMORY)
    assert made.returncode == 2 and made.seconds < 30
    assert "共有 150,003 个标签，超过 1,000 个" in made.stderr or "超过 1 MB" in made.stderr, made.stderr


def test_tags_beyond_the_limit_are_refused_by_count(tmp_path: Path) -> None:
    forms = forms_with(tmp_path / "forms", tags(1_000))
    checked = grant_desk("forms", "check", str(forms), memory=MEMORY)
    assert checked.returncode == 2 and "个标签，超过 1,000 个" in checked.stdout


def test_a_part_over_the_size_limit_is_refused_at_load(tmp_path: Path) -> None:
    filler = "<w:p><w:r><w:t>" + "申报" * 200_000 + "</w:t></w:r></w:p>"
    forms = forms_with(tmp_path / "forms", paragraph(filler))
    checked = grant_desk("forms", "check", str(forms), memory=MEMORY)
    assert checked.returncode == 2 and "word/document.xml: 超过 1 MB，不像是表单模板" in checked.stdout


def test_loading_counts_against_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from desktop.errors import TemplateError
    from desktop.packet import templates
    from desktop.packet.templates import compile_docx

    read_entries = templates._read_entries

    def slow_read(path: Path) -> object:  # a load that takes longer than the limit, on any machine
        ends = time.monotonic() + 1.0  # Python code, which the limit's asynchronous exception stops
        while time.monotonic() < ends:
            pass
        return read_entries(path)

    monkeypatch.setattr(templates, "_read_entries", slow_read)
    monkeypatch.setattr("desktop.packet.sandbox.RENDER_SECONDS", 0.2)
    with pytest.raises(TemplateError) as caught:
        compile_docx(forms_dir() / "申请表.docx")
    assert "读取模板超过时间限制" in str(caught.value)


def test_the_bundled_forms_are_inert() -> None:
    from desktop.packet.inert import inert_problems

    for path in forms_dir().glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert inert_problems((i.filename, archive.read(i)) for i in archive.infolist()) == [], path.name
