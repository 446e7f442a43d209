"""Writing one firm's application packet: every file staged in a temporary folder, renamed into place whole."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import __version__
from desktop.catalog.loader import Catalog
from desktop.engine.result import FirmResult
from desktop.errors import Problem, TemplateError
from desktop.firm import FirmFile
from desktop.os_errors import output_error
from desktop.packet import sandbox
from desktop.packet.context import packet_context, packet_guides
from desktop.packet.files import StagingFolder, safe_name, sha256_bytes, sha256_file
from desktop.packet.keep import MANIFEST, carry_over
from desktop.packet.templates import find_template, is_custom, load_docx
from desktop.packet.workbook import build_workbook, measures_in_sheet

if TYPE_CHECKING:
    from desktop.packet.pdfs import PacketPdfs
    from desktop.packet.sets import Sets, SetsPlan

APPLICATION = "申报书.docx"
MEASURE_FORM = "申请表.docx"
COMMITMENT = "信用承诺书.docx"
CHECKLIST = "材料清单.docx"
WORKBOOK = "测算表.xlsx"
INTERNAL = "内部核对单.docx"
REPORT = "项目申请报告.docx"
ASSESSMENT = "绩效自评表.docx"
SERVICES = "政策服务清单.docx"
INTERNAL_FILE = "00_内部核对单（不提交）.docx"
SERVICES_FILE = f"01_{SERVICES}"

# Every Word template a packet may be rendered from.
TEMPLATES = (INTERNAL, APPLICATION, MEASURE_FORM, COMMITMENT, CHECKLIST, REPORT, ASSESSMENT, SERVICES)

Progress = Callable[[str], None]
# Converts the named Word files of a staged packet folder to PDF beside them; returns the PDF names.
Office = Callable[[Path, list[str]], list[str]]


@dataclass(frozen=True)
class Packet:
    """A written packet: its folder, the files in it in the order written, and the user's files kept."""

    folder: Path
    files: list[str]
    kept: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def packet_folder_name(firm: FirmFile) -> str:
    """Return the packet folder's name: the sanitised firm name and the year."""
    return f"{safe_name(firm.firm.name)}_{firm.year}"


@dataclass
class Rendered:
    """A packet rendered in memory: (file name, bytes) in order, and the Word files made from custom
    forms that only an office program can turn into PDFs."""

    files: list[tuple[str, bytes]]
    office: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. an upload file over the platform's limit
    sets: SetsPlan | None = None  # the upload and print sets, to lay out once the office PDFs are made


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
    from desktop.packet import sets  # the PDF writer loads only when PDFs are asked for
    from desktop.packet.pdfs import PacketPdfs

    context = packet_context(firm, result, catalog, day)
    name = firm.firm.name
    rendered = Rendered([])
    pdfs = PacketPdfs(day) if pdf else None
    custom = set(custom_forms(forms)) if pdf else set()

    def add(file_name: str, data: bytes) -> None:
        rendered.files.append((file_name, data))
        if progress:
            progress(file_name)

    def form(
        file_name: str,
        template: str,
        values: dict[str, object],
        title: str,
        item: tuple[str, str] | None = None,
    ) -> None:
        add(file_name, load_docx(template, forms).render(values, title, day))
        if pdfs is None:
            return
        if template in custom:
            rendered.office.append(file_name)
        else:
            pdfs.add_form(file_name, template, values, title)
        if item is not None:
            items.append((item[0], file_name, item[1]))

    def per_measure(measures: list[dict[str, Any]], template: str, document: str, kind: str) -> None:
        for measure in measures:
            title = measure["title"]
            form(
                measure["file"],
                template,
                {**context, "m": measure},
                f"{name} {title}{document}",
                (kind, title),
            )

    items: list[tuple[str, str, str]] = []  # the documents of the upload and print sets: kind, file, measure
    form(INTERNAL_FILE, INTERNAL, context, f"{name} 内部核对单")
    applying = bool(context["applied"])
    if applying:
        form(f"01_{APPLICATION}", APPLICATION, context, f"{name} 申报书", (sets.APPLICATION, ""))
        per_measure(context["applied"], MEASURE_FORM, "申请表", sets.MEASURE_FORM)
    else:  # nothing to apply for with an amount: never a 人民币零元整 申报书, the support it can seek instead
        form(SERVICES_FILE, SERVICES, context, f"{name} 政策服务清单")
    if applying or context["reports"]:  # the commitment goes with an application
        form(f"03_{COMMITMENT}", COMMITMENT, context, f"{name} 信用承诺书", (sets.COMMITMENT, ""))
    if measures_in_sheet(result):  # a sheet without a money measure would compute nothing
        workbook = build_workbook(firm, result, catalog, day)
        add(f"04_{WORKBOOK}", workbook)
        if pdfs is not None:
            pdfs.add_workbook(f"04_{WORKBOOK}", workbook, f"{name} {firm.year} 年度奖励测算表")
            if applying:  # the sheet computes what the 申报书 asks for
                items.append((sets.WORKBOOK, f"04_{WORKBOOK}", ""))
    if applying:
        form(f"05_{CHECKLIST}", CHECKLIST, context, f"{name} 申报材料清单")
    per_measure(context["reports"], REPORT, "项目申请报告", sets.REPORT)
    if context["applied"]:
        form(context["assessment_file"], ASSESSMENT, context, f"{name} 绩效自评表")
    if pdfs is not None:
        # a packet with nothing to submit (the 政策服务清单 alone) has no upload or print set
        plan = _sets_plan(pdfs, items, context, result, day) if items else None
        made = None if plan is None or plan.from_office else sets.lay_out(pdfs.writer.typesetter, plan)
        if made is not None:
            pdfs.documents.append((sets.PRINT_FILE, made.printed))
        written = dict(pdfs.write())
        for file_name, _ in pdfs.documents:
            if "/" not in file_name:  # the documents' own PDFs; the sets' files follow in their order
                add(file_name, written[file_name])
        if made is None:
            rendered.sets = plan  # laid out once LibreOffice has made the custom forms' PDFs
        else:
            written.update(made.write_placeholders(pdfs.writer, day))
            set_files, warnings = _set_files(made, written, written, plan.call.limit_mb)
            for file_name, data in set_files:
                add(file_name, data)
            rendered.warnings += warnings
    return rendered


def _sets_plan(
    pdfs: PacketPdfs,
    items: list[tuple[str, str, str]],
    context: dict[str, Any],
    result: FirmResult,
    day: date,
) -> SetsPlan:
    """Return what the upload and print sets are laid out from (``items``: kind, Word file, measure title);
    a document made from a custom form has no pages yet (LibreOffice makes its PDF)."""
    from desktop.packet import sets
    from desktop.packet.pdfs import pdf_name

    documents = dict(pdfs.documents)
    call = sets.call_of(packet_guides(result), context["receiving_bureau"])
    return sets.SetsPlan(
        [
            sets.Item(
                kind,
                pdf_name(file),
                title,
                documents[pdf_name(file)].pages if pdf_name(file) in documents else None,
            )
            for kind, file, title in items
        ],
        [entry["name"] for entry in context["checklist"]],
        call,
        sets.cover_of(context, call),
        day,
    )


def _set_files(
    made: Sets, written: dict[str, bytes], documents: dict[str, bytes], limit: Decimal
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Return the files of the sets in order (``written``: the sets' own new PDFs; ``documents``: the
    packet's PDFs the upload set repeats) and a warning for each upload file over the call's limit."""
    from desktop.packet import sets

    upload = [
        (file.path, documents[file.source] if file.source else written[file.path]) for file in made.upload
    ]
    return [*upload, (sets.PRINT_FILE, written[sets.PRINT_FILE])], sets.oversized(upload, limit)


def _office_sets(plan: SetsPlan, files: dict[str, bytes], warnings: list[str]) -> list[tuple[str, bytes]]:
    """Return the files of the sets of a packet some of whose documents LibreOffice made from custom forms:
    their PDFs are repeated in the upload set and their pages merged into the print set."""
    from desktop.packet import sets
    from desktop.packet.pdfs import builtin_writer

    office = {source: files[source] for source in plan.from_office}
    writer = builtin_writer()
    made = sets.lay_out(writer.typesetter, plan, office)
    (printed,) = writer.write([made.printed])
    written = made.write_placeholders(writer, plan.day)
    written[sets.PRINT_FILE] = sets.merge_office_pages(printed, made.office_pages, office)
    set_files, too_big = _set_files(made, written, files, plan.call.limit_mb)
    warnings += too_big
    return set_files


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
    # an upload copy is the very bytes of its form's PDF: hashed once (the contents are alive, so no
    # two share an id)
    digests = {id(content): sha256_bytes(content) for _, content in files}
    data = {
        "program": "CBEC Grant Desk",
        "program_version": __version__,
        "catalog_version": catalog.version,
        "catalog_files": used or [],
        "date": day.isoformat(),
        "forms": forms or {},
        "input_sha256": firm_sha256,
        "files": {name: digests[id(content)] for name, content in files},
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
            for folder_name in {Path(name).parent for name, _ in files} - {Path(".")}:
                (staging / folder_name).mkdir(parents=True, exist_ok=True)  # 上传/, 打印/
            for name, data in files:
                (staging / name).write_bytes(data)
            written = [name for name, _ in files]
            if rendered.office and office is not None:
                added = office(staging, list(rendered.office))
                files += [(name, (staging / name).read_bytes()) for name in added]
                written += added
            if rendered.sets is not None:
                for name, data in _office_sets(rendered.sets, dict(files), rendered.warnings):
                    (staging / name).parent.mkdir(exist_ok=True)
                    (staging / name).write_bytes(data)
                    files.append((name, data))
                    written.append(name)
                    if progress:
                        progress(name)
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
    return Packet(target, written, folder.carried, rendered.warnings)
