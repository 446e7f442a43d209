"""A packet's PDFs: the built-in writer for the default forms and the 测算表; custom forms need an office program.

The default forms are printed from their descriptions (desktop/packet/forms.py), the 测算表 from the
workbook as written; all PDFs of a packet are written together, so each font is subset once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from desktop.errors import OutputError, Problem
from desktop.packet.forms import form
from desktop.packet.pdf_forms import PAGE as FORM_PAGE
from desktop.packet.pdf_forms import form_blocks
from desktop.packet.pdf_workbook import PAGE as WORKBOOK_PAGE
from desktop.packet.pdf_workbook import workbook_blocks
from desktop.pdf.fonts import install_hint, system_fonts
from desktop.pdf.layout import MissingCharacter
from desktop.pdf.writer import Document, PdfWriter


def pdf_name(name: str) -> str:
    """Return the PDF file name of a document: ``01_申报书.docx`` → ``01_申报书.pdf``."""
    return name.rsplit(".", 1)[0] + ".pdf"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a PDF is laid out and written: the many small objects it
    makes (none in cycles) made the collector walk the process's caches again and again, a quarter of
    the cost of a packet's PDFs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def builtin_writer() -> PdfWriter:
    """Return the process's PDF writer with the system's fonts; raises OutputError naming what to install."""
    return PdfWriter(system_fonts())


@dataclass
class PacketPdfs:
    """The PDFs of one packet, collected while its documents are rendered and written together."""

    day: date
    writer: PdfWriter = field(default_factory=builtin_writer)
    documents: list[tuple[str, Document]] = field(default_factory=list)

    def add_form(self, file_name: str, template: str, context: dict[str, Any], title: str) -> None:
        """Lay out the default form ``template`` filled with ``context`` as the PDF of ``file_name``;
        raises OutputError naming the field and the character when no font found can print one."""
        try:
            with _collector_paused():
                pages = self.writer.typesetter.layout(form_blocks(form(template), context), FORM_PAGE)
        except MissingCharacter as exc:
            raise missing_character(exc, pdf_name(file_name), context) from exc
        self.documents.append((pdf_name(file_name), Document(pages, title, self.day)))

    def add_workbook(self, file_name: str, data: bytes, title: str) -> None:
        """Lay out the print areas of the workbook ``data`` as the PDF of ``file_name``."""
        try:
            with _collector_paused():
                pages = self.writer.typesetter.layout(workbook_blocks(data), WORKBOOK_PAGE)
        except MissingCharacter as exc:
            raise missing_character(exc, pdf_name(file_name), {}) from exc
        self.documents.append((pdf_name(file_name), Document(pages, title, self.day)))

    def write(self) -> list[tuple[str, bytes]]:
        """Return every PDF as (file name, bytes)."""
        with _collector_paused():
            written = self.writer.write([document for _, document in self.documents])
        return [(name, data) for (name, _), data in zip(self.documents, written, strict=True)]


def _field_with(value: object, character: str, path: str = "", depth: int = 0) -> str | None:
    """Return the dotted path of the first text in ``value`` (the form's data) holding ``character``."""
    if depth > 12:
        return None
    if isinstance(value, str):
        return path if character in value else None
    if isinstance(value, dict):
        items = [(str(key), item) for key, item in value.items()]
    elif isinstance(value, (list, tuple)):
        items = [(str(index), item) for index, item in enumerate(value)]
    elif hasattr(value, "model_dump"):
        items = [(str(key), item) for key, item in value.model_dump().items()]
    else:
        return None
    for key, item in items:
        found = _field_with(item, character, f"{path}.{key}" if path else key, depth + 1)
        if found is not None:
            return found
    return None


def missing_character(exc: MissingCharacter, file_name: str, context: dict[str, Any]) -> OutputError:
    """Return the error for a character no installed font can print, naming the field it is in."""
    field_name = _field_with(context, exc.character) or ""
    where = f"（{field_name}）" if field_name else ""
    return OutputError(
        "PDF",
        [
            Problem(
                field_name,
                f"{file_name}：“{exc.text[:40]}”{where}中的“{exc.character}”（U+{ord(exc.character):04X}）"
                f"在本机已安装的字体中都没有，PDF 无法印出这个字，未生成 PDF；{install_hint()}"
                "（Noto CJK 含扩展 A 区等生僻字），或改用常用字",
            )
        ],
    )


def office_needed(custom: list[str], folder: Path | None) -> OutputError:
    """Return the error for custom forms that need an office program to become PDFs when none is found."""
    where = f"（{folder}）" if folder else "（您的表单文件夹）"
    return OutputError(
        "--pdf",
        [
            Problem(
                "",
                f"自定义表单 {'、'.join(custom)}{where}只能由 LibreOffice 转为 PDF，但未找到 LibreOffice(soffice)；"
                "请安装 LibreOffice 后重试，或移除这些自定义表单改用程序自带的表单（自带表单不需要 LibreOffice），"
                "或不生成 PDF",
            )
        ],
    )
