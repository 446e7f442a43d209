"""Writing one firm's application packet: every file staged in a temporary folder, renamed into place whole."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from desktop import __version__
from desktop.catalog.loader import Catalog
from desktop.engine.result import FirmResult
from desktop.errors import Problem, TemplateError
from desktop.firm import FirmFile
from desktop.os_errors import output_error
from desktop.packet import sandbox
from desktop.packet.context import packet_context
from desktop.packet.files import StagingFolder, safe_name, sha256_bytes, sha256_file
from desktop.packet.keep import MANIFEST, carry_over
from desktop.packet.templates import find_template, is_custom, load_docx
from desktop.packet.workbook import build_workbook

APPLICATION = "申报书.docx"
MEASURE_FORM = "申请表.docx"
COMMITMENT = "信用承诺书.docx"
CHECKLIST = "材料清单.docx"
WORKBOOK = "测算表.xlsx"
INTERNAL = "内部核对单.docx"
REPORT = "项目申请报告.docx"
ASSESSMENT = "绩效自评表.docx"
INTERNAL_FILE = "00_内部核对单（不提交）.docx"

# Every Word template a packet may be rendered from.
TEMPLATES = (INTERNAL, APPLICATION, MEASURE_FORM, COMMITMENT, CHECKLIST, REPORT, ASSESSMENT)

Progress = Callable[[str], None]
# Converts the named Word files of a staged packet folder to PDF beside them; returns the PDF names.
Office = Callable[[Path, list[str]], list[str]]


@dataclass(frozen=True)
class Packet:
    """A written packet: its folder, the files in it in the order written, and the user's files kept."""

    folder: Path
    files: list[str]
    kept: list[str] = field(default_factory=list)


def packet_folder_name(firm: FirmFile) -> str:
    """Return the packet folder's name: the sanitised firm name and the year."""
    return f"{safe_name(firm.firm.name)}_{firm.year}"


@dataclass
class Rendered:
    """A packet rendered in memory: (file name, bytes) in order, and the Word files made from custom
    forms that only an office program can turn into PDFs."""

    files: list[tuple[str, bytes]]
    office: list[str] = field(default_factory=list)


def custom_forms(forms: Path | None = None) -> list[str]:
    """Return the names of the templates in use that are not the bundled ones."""
    return [name for name in TEMPLATES if is_custom(name, forms)]


def render_packet(
    firm: FirmFile,
    result: FirmResult,
    catalog: Catalog,
    day: date,
    forms: Path | None = None,
    progress: Progress | None = None,
    pdf: bool = False,
) -> Rendered:
    """Return the packet's documents, and with ``pdf`` the PDFs of the default forms and the 测算表,
    without touching the disk.

    The whole render, loading the templates included, runs under one time and memory limit and
    stops at once when the thread's ``sandbox.cancellable`` event is set (RenderCancelled).
    """
    try:
        with sandbox.deadline():
            return _render_packet(firm, result, catalog, day, forms, progress, pdf)
    except (sandbox.RenderTimeout, sandbox.RenderTooLarge) as exc:  # struck between two templates
        limit = (
            f"超过 {sandbox.RENDER_SECONDS:g} 秒"
            if isinstance(exc, sandbox.RenderTimeout)
            else f"占用内存超过 {sandbox.RENDER_MEMORY_BYTES // 1_000_000} MB"
        )
        raise TemplateError(str(forms or ""), [Problem("", f"生成申报材料{limit}，已停止")]) from exc


def _render_packet(
    firm: FirmFile,
    result: FirmResult,
    catalog: Catalog,
    day: date,
    forms: Path | None,
    progress: Progress | None,
    pdf: bool,
) -> Rendered:
    from desktop.packet.pdfs import PacketPdfs  # the PDF writer loads only when PDFs are asked for

    context = packet_context(firm, result, catalog, day)
    name = firm.firm.name
    rendered = Rendered([])
    pdfs = PacketPdfs(day) if pdf else None
    custom = set(custom_forms(forms)) if pdf else set()

    def add(file_name: str, data: bytes) -> None:
        rendered.files.append((file_name, data))
        if progress:
            progress(file_name)

    def form(file_name: str, template: str, values: dict[str, object], title: str) -> None:
        add(file_name, load_docx(template, forms).render(values, title, day))
        if pdfs is None:
            return
        if template in custom:
            rendered.office.append(file_name)
        else:
            pdfs.add_form(file_name, template, values, title)

    form(INTERNAL_FILE, INTERNAL, context, f"{name} 内部核对单")
    form(f"01_{APPLICATION}", APPLICATION, context, f"{name} 申报书")
    for measure in context["applied"]:
        form(measure["file"], MEASURE_FORM, {**context, "m": measure}, f"{name} {measure['title']}申请表")
    form(f"03_{COMMITMENT}", COMMITMENT, context, f"{name} 信用承诺书")
    workbook = build_workbook(firm, result, catalog, day)
    add(f"04_{WORKBOOK}", workbook)
    if pdfs is not None:
        pdfs.add_workbook(f"04_{WORKBOOK}", workbook, f"{name} {firm.year} 年度奖励测算表")
    form(f"05_{CHECKLIST}", CHECKLIST, context, f"{name} 申报材料清单")
    for measure in context["reports"]:
        form(measure["file"], REPORT, {**context, "m": measure}, f"{name} {measure['title']}项目申请报告")
    if context["applied"]:
        form(context["assessment_file"], ASSESSMENT, context, f"{name} 绩效自评表")
    if pdfs is not None:
        for file_name, data in pdfs.write():
            add(file_name, data)
    return rendered


def render_files(
    firm: FirmFile,
    result: FirmResult,
    catalog: Catalog,
    day: date,
    forms: Path | None = None,
    progress: Progress | None = None,
) -> list[tuple[str, bytes]]:
    """Return the packet's documents as (file name, bytes), without touching the disk."""
    return render_packet(firm, result, catalog, day, forms, progress).files


def templates_used(forms: Path | None = None) -> dict[str, str]:
    """Return the SHA-256 of every Word template a packet is rendered from (the user's or the bundled one,
    as ``forms`` and the user's forms folder decide): a changed template makes a packet out of date."""
    return {name: _file_digest(find_template(name, forms)) for name in TEMPLATES}


@cache
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    return sha256_file(path)


def _file_digest(path: Path) -> str:
    status = path.stat()
    return _digest(path, status.st_mtime_ns, status.st_size)


def catalog_files_used(firm: FirmFile, catalog: Catalog) -> list[dict[str, str]]:
    """Return the policy documents and annual guides the firm's figures come from (name, SHA-256)."""
    return [item.record() for item in catalog.files_used(firm.firm.city, firm.year)]


def manifest(
    firm_sha256: str,
    files: list[tuple[str, bytes]],
    catalog: Catalog,
    day: date,
    used: list[dict[str, str]] | None = None,
    forms: dict[str, str] | None = None,
) -> bytes:
    """Return manifest.json: program and catalog versions, the documents and guides used, the
    templates used, the date written on the forms, the input's hash and every file's hash."""
    data = {
        "program": "CBEC Grant Desk",
        "program_version": __version__,
        "catalog_version": catalog.version,
        "catalog_files": used or [],
        "date": day.isoformat(),
        "forms": forms or {},
        "input_sha256": firm_sha256,
        "files": {name: sha256_bytes(content) for name, content in files},
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_packet(
    firm: FirmFile,
    result: FirmResult,
    catalog: Catalog,
    out_dir: Path,
    day: date,
    firm_sha256: str,
    forms: Path | None = None,
    progress: Progress | None = None,
    extra: Callable[[Path, list[str]], list[str]] | None = None,
    pdf: bool = False,
    office: Office | None = None,
) -> Packet:
    """Write the packet folder into ``out_dir`` and return it.

    Everything is rendered in memory first (a broken template writes nothing), then written into
    a temporary folder beside the target that is renamed into place only when complete. With ``pdf``
    every document gets a PDF beside it: the built-in writer prints the default forms and the 测算表,
    ``office`` converts the Word files made from custom forms (refused, before anything is written,
    when there are such files and no ``office``). ``extra`` may add files to the staged folder before
    it is committed. Files the user put into an existing packet folder (a scanned licence, a form
    edited in Word) are carried into the new one.
    """
    if pdf and office is None and (custom := custom_forms(forms)):
        from desktop.packet.pdfs import office_needed

        raise office_needed(custom, forms)
    rendered = render_packet(firm, result, catalog, day, forms, progress, pdf=pdf)
    files = rendered.files
    target = Path(out_dir) / packet_folder_name(firm)
    try:
        folder = StagingFolder(target, carry=carry_over)
        with folder as staging:
            for name, data in files:
                (staging / name).write_bytes(data)
            written = [name for name, _ in files]
            if rendered.office and office is not None:
                added = office(staging, list(rendered.office))
                files += [(name, (staging / name).read_bytes()) for name in added]
                written += added
            if extra is not None:
                added = extra(staging, list(written))
                files += [(name, (staging / name).read_bytes()) for name in added]
                written += added
            (staging / MANIFEST).write_bytes(
                manifest(
                    firm_sha256, files, catalog, day, catalog_files_used(firm, catalog), templates_used(forms)
                )
            )
            written.append(MANIFEST)
    except OSError as exc:
        raise output_error(exc, target) from exc
    return Packet(target, written, folder.carried)
