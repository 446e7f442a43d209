"""A Word template is inert: nothing in it reaches out of the document or runs when Word or LibreOffice
opens it — no external relationships, OLE or ActiveX objects, fields that fetch, DOCTYPE/ENTITY
declarations or macros. Each finding names the part it is in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from desktop.errors import Problem

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# Field instructions that make Word or LibreOffice read a file, a web address or another program:
# INCLUDEPICTURE/INCLUDETEXT/LINK/IMPORT fetch content, DDE/DDEAUTO start programs.
_FETCHING_FIELD = re.compile(
    r"(?<![A-Za-z])(INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT|DDEAUTO|DDE)(?![A-Za-z])", re.I
)
_INSTRUCTION = re.compile(rb"<w:instrText\b[^>]*>([^<]*)</w:instrText>|\bw:instr=\"([^\"]*)\"", re.DOTALL)
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.DOTALL)
_ATTRIBUTE = re.compile(rb'\b(Id|Type|Target|TargetMode)\s*=\s*"([^"]*)"')
_ADDRESS = re.compile(
    rb"""=\s*["'](\s*(?:file|https?|ftp|smb|mhtml)\s*:[^"']*|\\\\[^"']*)["']""", re.IGNORECASE
)
# Namespaces and schema ids are addresses by form only; nothing fetches them.
_SCHEMA_HOSTS = re.compile(
    rb"^\s*https?://(schemas\.openxmlformats\.org|schemas\.microsoft\.com|www\.w3\.org|purl\.org|"
    rb"schemas\.libreoffice\.org|openoffice\.org)/",
    re.IGNORECASE,
)
_ACTIVE_TYPES = {
    "oleObject": "嵌入的 OLE 对象",
    "package": "嵌入的 Office 文件(OLE 包)",
    "control": "ActiveX 控件",
    "activeXControlBinary": "ActiveX 控件",
    "vbaProject": "宏(VBA 工程)",
    "vbaData": "宏(VBA 数据)",
    "wordVbaData": "宏(VBA 数据)",
    "keyMapCustomizations": "宏快捷键定义",
    "aFChunk": "嵌入的外部格式内容(altChunk)",
    "attachedTemplate": "附加模板",
    "subDocument": "子文档",
}
_ACTIVE_PARTS = (
    (re.compile(r"(^|/)vbaProject\.bin$", re.I), "宏(VBA 工程)"),
    (re.compile(r"(^|/)vbaData\.xml$", re.I), "宏(VBA 数据)"),
    (re.compile(r"^word/activeX/", re.I), "ActiveX 控件"),
    (re.compile(r"^word/embeddings/.*\.(bin|docm|xlsm|pptm|ole)$", re.I), "嵌入的 OLE 对象"),
)
_MACRO_CONTENT = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX|oleObject", re.IGNORECASE)
_OBJECT_ELEMENTS = re.compile(rb"<(o:OLEObject|w:object|w:control|w14:contentPart)\b")


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def declaration_problems(name: str, data: bytes) -> Iterator[Problem]:
    """Yield a problem when an XML part declares a DOCTYPE or ENTITY (Word refuses such a file;
    an entity can expand a small file into a huge one or read a local file)."""
    match = _DECLARATION.search(data)
    if match:
        kind = match.group(1).decode().upper()
        yield Problem(
            name, f"含有 <!{kind}> 声明：Word 无法打开此类文件，实体还可读取本机文件；请在 Word 中另存后再用"
        )


def field_problems(name: str, data: bytes) -> Iterator[Problem]:
    """Yield a problem for every field that fetches a file or web address, or starts a program."""
    instructions = "".join(_text(a or b) for a, b in _INSTRUCTION.findall(data))
    for match in dict.fromkeys(m.group(1).upper() for m in _FETCHING_FIELD.finditer(instructions)):
        yield Problem(name, f"含有 {match} 域：它会读取其他文件或网址(或启动程序)；请在 Word 中删除该域")


def address_problems(name: str, data: bytes) -> Iterator[Problem]:
    """Yield a problem for an attribute pointing at a file, share or web address (e.g. a VML image's
    ``o:href="file:///…"``), which LibreOffice may fetch while making a PDF."""
    for match in _ADDRESS.finditer(data):
        address = match.group(1)
        if not _SCHEMA_HOSTS.match(address):
            yield Problem(
                name, f"引用外部地址 {_text(address)[:80]}：文档不能读取其他文件或网址；请改为嵌入的内容"
            )
            return


def _relationship_problems(name: str, data: bytes) -> Iterator[Problem]:
    for element in _RELATIONSHIP.findall(data):
        attributes = {key.decode(): _text(value) for key, value in _ATTRIBUTE.findall(element)}
        kind = attributes.get("Type", "").rsplit("/", 1)[-1]
        target = attributes.get("Target", "")
        if attributes.get("TargetMode", "").lower() == "external":
            what = {"image": "图片", "hyperlink": "超链接", **_ACTIVE_TYPES}.get(kind, kind or "关系")
            yield Problem(
                name, f"{what}指向外部地址 {target[:80]}：文档不能引用其他文件或网址；请改为嵌入的内容"
            )
        elif kind in _ACTIVE_TYPES:
            yield Problem(
                name,
                f"含有{_ACTIVE_TYPES[kind]}({target[:60]})：模板不能带可执行或外部内容；请在 Word 中删除",
            )


def part_problems(name: str, data: bytes) -> list[Problem]:
    """Return what makes one part of a .docx not inert."""
    problems: list[Problem] = []
    for pattern, what in _ACTIVE_PARTS:
        if pattern.search(name):
            problems.append(Problem(name, f"含有{what}：模板不能带宏或可执行内容；请另存为不含宏的 .docx"))
            return problems
    if name.endswith(".rels"):
        problems.extend(declaration_problems(name, data))
        problems.extend(_relationship_problems(name, data))
    elif name == "[Content_Types].xml":
        problems.extend(declaration_problems(name, data))
        if _MACRO_CONTENT.search(data):
            problems.append(
                Problem(
                    name, "声明了宏、ActiveX 或 OLE 内容：模板须是不含宏的 .docx；请在 Word 中另存为 .docx"
                )
            )
    elif name.endswith(".xml") or name.endswith(".vml"):
        problems.extend(declaration_problems(name, data))
        problems.extend(field_problems(name, data))
        problems.extend(address_problems(name, data))
        element = _OBJECT_ELEMENTS.search(data)
        if element:
            problems.append(
                Problem(
                    name,
                    f"含有嵌入对象 <{element.group(1).decode()}>：模板不能带 OLE 或 ActiveX 对象；请在 Word 中删除",
                )
            )
    return problems


def inert_problems(entries: Iterable[tuple[str, bytes]]) -> list[Problem]:
    """Return every problem that keeps a .docx's parts from being inert, each naming its part."""
    return [problem for name, data in entries for problem in part_problems(name, data)]
