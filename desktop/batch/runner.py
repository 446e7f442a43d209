"""Running a batch: every firm through the same validation, engine and packet writer, in parallel processes."""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from multiprocessing.context import BaseContext
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from desktop import __version__
from desktop.batch.outcome import FAILED, GENERATED, NOT_RUN, SKIPPED, FirmOutcome, MeasureFigure
from desktop.batch.outputs import (
    ERROR_REPORT,
    OLD_FOLDER,
    RECORD,
    BatchRecord,
    ReportPaths,
    mark_unfinished,
    record_reports,
    report_paths,
    retire,
)
from desktop.batch.reader import BatchInput, BatchItem, CellProblem, read_batch
from desktop.batch.termination import BatchTerminated, end_worker_on_signals, ending_on_signals, wait_for_exit
from desktop.catalog.added import catalog_in_use
from desktop.catalog.loader import Catalog
from desktop.engine import FirmResult, evaluate_firm
from desktop.engine.result import Status
from desktop.errors import GrantDeskError, InputError, OutputError, Problem
from desktop.firm import FirmFile, parse_firm
from desktop.locks import FileLock
from desktop.os_errors import check_replaceable, output_error
from desktop.packet.files import safe_name, sha256_file
from desktop.packet.keep import clean_leftovers, leftover_writers
from desktop.packet.pdf import (
    Converter,
    convertible,
    find_soffice,
    pdf_name,
    require_soffice,
    stop_leftover_converters,
)
from desktop.packet.writer import (
    MANIFEST,
    SERVICES_FILE,
    catalog_files_used,
    custom_forms,
    packet_folder_name,
    templates_used,
    write_packet,
)
from desktop.paths import user_catalog_dir

LOCK_FILE = ".grant-desk-batch.lock"
WORKER_DIED = (
    "处理这家企业时工作进程意外退出(可能是内存不足或数据异常)；其他企业不受影响，请检查这家企业的数据"
)
EXIT_OK, EXIT_BAD_INPUT, EXIT_SOME_FAILED = 0, 2, 3

Progress = Callable[[int, int, FirmOutcome], None]
Task = tuple[Path, date, Path | None, Path | None, Path | None]  # what process_item needs besides the firm


@dataclass
class BatchReport:
    """The finished batch: every firm's outcome in input order, the reports written, the exit status."""

    outcomes: list[FirmOutcome]
    input_problems: list[CellProblem]
    summary: Path
    error_report: Path
    seconds: float
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """Return 0 when every firm succeeded, 3 when some failed (or the input had loose problems)."""
        failed = any(o.state in (FAILED, NOT_RUN) for o in self.outcomes) or self.input_problems
        return EXIT_SOME_FAILED if failed else EXIT_OK

    def count(self, state: str) -> int:
        """Return how many firms ended in ``state``."""
        return sum(1 for outcome in self.outcomes if outcome.state == state)


def input_sha256(firm: FirmFile) -> str:
    """Return the hash of a firm's validated data: the same input gives the same hash, from any source."""
    text = json.dumps(firm.to_json_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def packet_is_current(
    folder: Path,
    digest: str,
    catalog: Catalog,
    used: list[dict[str, str]] | None = None,
    day: date | None = None,
    forms: dict[str, str] | None = None,
) -> bool:
    """Return True when ``folder`` holds a complete packet made from this input by this program and
    catalog, with the same policy documents and guides (``used``, by name and SHA-256), dated ``day``
    and rendered from the same templates (``forms``, by name and SHA-256)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if (
            manifest.get("input_sha256") != digest
            or manifest.get("catalog_version") != catalog.version
            or manifest.get("catalog_files", []) != (used or [])
            or manifest.get("program_version") != __version__
            or (day is not None and manifest.get("date") != day.isoformat())
            or (forms is not None and manifest.get("forms") != forms)
        ):
            return False
        return all(sha256_file(folder / name) == sha for name, sha in manifest["files"].items())
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _figures(result: FirmResult) -> dict[str, MeasureFigure]:
    return {
        m.id: MeasureFigure(
            m.status.value,
            str(m.award),
            m.up_to,
            m.counted,
            m.measure.title,
            m.document,
            m.guide_name,
            m.window.from_.isoformat() if m.window else "",
            m.window.to.isoformat() if m.window else "",
        )
        for m in result.measures
        if m.measure.award.is_money
    }


def _missing(result: FirmResult) -> dict[str, list[str]]:
    """Return the facts the firm has still to give, each with the measures waiting for it, in catalog order."""
    missing: dict[str, list[str]] = {}
    for measure in result.measures:
        if measure.status is Status.NEEDS_INPUT:
            for fact in measure.missing:
                missing.setdefault(fact, []).append(measure.id)
    return missing


def process_item(
    item: BatchItem,
    out: Path,
    day: date,
    forms: Path | None = None,
    catalog_folder: Path | None = None,
    pdf_root: Path | None = None,
) -> FirmOutcome:
    """Validate, evaluate and write one firm's packet; never raises: a failure is an outcome.

    ``catalog_folder`` is the user's catalog folder as the parent process saw it (workers may have
    started with another environment). With ``pdf_root`` every Word form and the workbook are also
    converted to PDF, by this process's long-lived LibreOffice (profile under ``pdf_root``), before
    the packet is committed."""
    try:
        return _process(item, out, day, forms, catalog_folder, pdf_root)
    except Exception as exc:  # one firm's unexpected failure, wherever it happens, must not stop the others
        return failed_outcome(item, f"内部错误：{type(exc).__name__}: {exc}")


def failed_outcome(item: BatchItem, message: str) -> FirmOutcome:
    """Return a failed outcome for ``item`` with one problem naming its row (or file)."""
    firm_block = item.data.get("firm") if isinstance(item.data, dict) else None
    firm_block = firm_block if isinstance(firm_block, dict) else {}
    return FirmOutcome(
        item.index,
        item.label,
        FAILED,
        name=str(firm_block.get("name", "")),
        credit_code=str(firm_block.get("credit_code", "")),
        city=str(firm_block.get("city", "")),
        problems=[CellProblem(item.label, "", message)],
        row=item.row or item.index + 1,
        year=item.year,
    )


def evaluate_item(
    item: BatchItem, catalog: Catalog
) -> tuple[FirmOutcome, FirmFile | None, FirmResult | None]:
    """Validate and evaluate one firm of the batch without writing anything: its outcome (failed with its
    problems, each naming its cell, or with its figures), and the firm and result when it can go on."""
    firm_block = item.data.get("firm") if isinstance(item.data.get("firm"), dict) else {}
    outcome = FirmOutcome(
        item.index,
        item.label,
        FAILED,
        name=str(firm_block.get("name", "")),
        credit_code=str(firm_block.get("credit_code", "")),
        city=str(firm_block.get("city", "")),
        row=item.row or item.index + 1,
        year=item.year,
    )
    if outcome.city in catalog.cities:
        outcome.city = catalog.cities[outcome.city].name
    problems = list(item.problems)
    try:
        firm = parse_firm(item.data, catalog, item.label)
    except InputError as exc:
        problems += [
            CellProblem(item.cell_of(p.field), p.field, p.message)
            for p in exc.problems
            if not any(q.field == p.field for q in item.problems)
        ]
        outcome.problems = problems
        return outcome, None, None
    if problems:
        outcome.problems = problems
        return outcome, None, None
    result = evaluate_firm(firm, catalog)
    if result.problems:
        outcome.problems = [CellProblem(item.cell_of(p.field), p.field, p.message) for p in result.problems]
        return outcome, None, None
    outcome.measures = _figures(result)
    outcome.missing = _missing(result)
    outcome.total, outcome.total_up_to = str(result.total), str(result.total_up_to)
    outcome.city = catalog.cities[firm.firm.city].name
    outcome.folder = packet_folder_name(firm)
    return outcome, firm, result


def _process(
    item: BatchItem,
    out: Path,
    day: date,
    forms: Path | None = None,
    catalog_folder: Path | None = None,
    pdf_root: Path | None = None,
) -> FirmOutcome:
    catalog = catalog_in_use(catalog_folder)
    outcome, firm, result = evaluate_item(item, catalog)  # raising, it is this firm's failure (process_item)
    if firm is None or result is None:
        return outcome
    try:
        folder = out / outcome.folder
        digest = input_sha256(firm)
        current = packet_is_current(
            folder, digest, catalog, catalog_files_used(firm, catalog), day, templates_used(forms)
        )
        if current and (pdf_root is None or packet_has_pdfs(folder)):
            outcome.state = SKIPPED
            outcome.services_only = (folder / SERVICES_FILE).is_file()
            return outcome
        pdf = pdf_root is not None
        office = pdf_converter(pdf_root).convert if pdf_root is not None and custom_forms(forms) else None
        packet = write_packet(firm, result, catalog, out, day, digest, forms=forms, pdf=pdf, office=office)
        outcome.state = GENERATED
        outcome.services_only = SERVICES_FILE in packet.files
    except GrantDeskError as exc:
        outcome.problems = [CellProblem(item.label, "", line) for line in exc.lines()]
        outcome.state = FAILED
    return outcome


_converter: Converter | None = None


def pdf_converter(root: Path) -> Converter:
    """Return this process's LibreOffice converter, its profile folder under ``root``; started on first use
    and stopped when the process exits."""
    global _converter
    if _converter is None or _converter.profile.parent != root:
        close_pdf_converter()
        _converter = Converter(require_soffice(), root / f"worker-{os.getpid()}")
        multiprocessing.util.Finalize(None, close_pdf_converter, exitpriority=10)
    return _converter


def close_pdf_converter() -> None:
    """Stop this process's LibreOffice converter, if one was started."""
    global _converter
    if _converter is not None:
        _converter.close()
        _converter = None


def packet_has_pdfs(folder: Path) -> bool:
    """Return True when the packet's manifest lists a PDF beside every Word form and the workbook."""
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
        return all(pdf_name(name) in files for name in convertible(list(files)))
    except (OSError, ValueError, KeyError, TypeError):
        return False


@contextmanager
def pdf_profiles(pdf: bool) -> Iterator[Path | None]:
    """Yield a folder for the LibreOffice profiles of the converters custom forms need (None without
    ``pdf``); afterwards stop any converter a dead worker left running and remove the folder."""
    if not pdf:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="grant-desk-pdf-"))
    try:
        yield root
    finally:
        close_pdf_converter()
        stop_leftover_converters(root)
        shutil.rmtree(root, ignore_errors=True)


def _warm_up(catalog_folder: Path | None = None, pdf: bool = False) -> None:
    """Load the catalog, the templates and, for PDFs, the fonts once per worker process, then set them
    aside from the cycle collector: they live as long as the worker, and every full collection would
    walk them again (a few ms a firm when it makes PDFs)."""
    from desktop.packet.templates import load_docx
    from desktop.packet.writer import APPLICATION, CHECKLIST, COMMITMENT, INTERNAL, MEASURE_FORM

    exit_with_parent()
    end_worker_on_signals(close_pdf_converter)
    catalog_in_use(catalog_folder)
    for name in (APPLICATION, MEASURE_FORM, COMMITMENT, CHECKLIST, INTERNAL):
        load_docx(name)
    if pdf:  # the PDF modules only then: a batch without PDFs does not start with them
        from desktop.packet.pdfs import builtin_writer

        with suppress(GrantDeskError):  # no Chinese font: each firm's packet says so, naming what to install
            builtin_writer()
    gc.collect()
    gc.freeze()


def exit_with_parent() -> None:
    """In a worker process: end it as soon as the process that started it ends (even by SIGKILL).

    multiprocessing gives every child a sentinel of its parent (a pipe the parent alone holds open, or
    its process handle on Windows): it becomes ready when the parent is gone, however it went.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        close_pdf_converter()  # its LibreOffice would otherwise outlive the batch
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def remove_leftovers(out: Path) -> list[str]:
    """Tidy the temporary folders killed runs of this program left in ``out`` (only those); return their names."""
    return clean_leftovers(out)


def run_items(
    batch: BatchInput,
    out: Path,
    day: date,
    jobs: int = 1,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    forms: Path | None = None,
    start_method: str | None = None,
    pdf_root: Path | None = None,
) -> tuple[list[FirmOutcome], bool]:
    """Process every firm, ``jobs`` at a time in worker processes; return outcomes in input order."""
    items = batch.items
    catalog_folder = user_catalog_dir()
    outcomes: dict[int, FirmOutcome] = {}
    total = len(items)
    stop = False

    def record(outcome: FirmOutcome) -> None:
        outcomes[outcome.index] = outcome
        if progress:
            progress(len(outcomes), total, outcome)

    if jobs <= 1:
        for item in items:
            if cancelled and cancelled():
                stop = True
                break
            record(process_item(item, out, day, forms, catalog_folder, pdf_root))
    else:
        method = start_method or (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        # Workers never fork from this process: they would inherit (and touch) the whole batch input,
        # and their memory would grow with the number of firms.
        context = multiprocessing.get_context(method)
        stop = run_in_workers(
            items, out, day, jobs, forms, context, record, cancelled, catalog_folder, pdf_root=pdf_root
        )
    for item in items:
        if item.index not in outcomes:
            firm = item.data.get("firm") if isinstance(item.data.get("firm"), dict) else {}
            outcomes[item.index] = FirmOutcome(
                item.index,
                item.label,
                NOT_RUN,
                name=str(firm.get("name", "")),
                credit_code=str(firm.get("credit_code", "")),
                row=item.row or item.index + 1,
                year=item.year,
            )
    return [outcomes[i] for i in sorted(outcomes)], stop


def run_in_workers(
    items: list[BatchItem],
    out: Path,
    day: date,
    jobs: int,
    forms: Path | None,
    context: BaseContext,
    record: Callable[[FirmOutcome], None],
    cancelled: Callable[[], bool] | None = None,
    catalog_folder: Path | None = None,
    pdf_root: Path | None = None,
) -> bool:
    """Process ``items`` in ``jobs`` worker processes, recording each outcome; return True when cancelled.

    A worker that dies (a crash, the system killing it) takes only its pool down: the firms that were in
    that pool are run again one by one in a pool of their own, so the one that kills its worker fails
    alone, named in the error report, and every other firm is processed.
    """
    queue = deque(items)
    suspects: list[BatchItem] = []
    stop = False
    while queue and not stop:
        stop = _pool_round(
            queue, suspects, (out, day, forms, catalog_folder, pdf_root), jobs, context, record, cancelled
        )
    for item in suspects:
        if stop or (cancelled and cancelled()):
            return True
        record(_run_alone(item, (out, day, forms, catalog_folder, pdf_root), context))
    return stop


def _pool_round(
    queue: deque[BatchItem],
    suspects: list[BatchItem],
    task: Task,
    jobs: int,
    context: BaseContext,
    record: Callable[[FirmOutcome], None],
    cancelled: Callable[[], bool] | None,
) -> bool:
    """Run firms from ``queue`` in one pool until it is empty, cancelled (True) or the pool breaks."""
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_warm_up, initargs=(task[3], task[4] is not None), mp_context=context
    ) as pool:
        pending: dict[Future[FirmOutcome], BatchItem] = {}
        in_flight = jobs * 3  # bounded, so memory stays flat however many firms there are
        stop = broken = False
        while True:
            while not stop and not broken and len(pending) < in_flight and queue:
                item = queue.popleft()
                pending[pool.submit(process_item, item, *task)] = item
            if not pending:
                return stop
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    record(future.result())
                except BrokenProcessPool:
                    broken = True
                    suspects.append(item)
                except Exception as exc:  # the outcome could not come back: this firm fails, not the batch
                    record(failed_outcome(item, f"内部错误：{type(exc).__name__}: {exc}"))
            if broken:
                suspects.extend(pending.values())
                return stop
            if cancelled and cancelled() and not stop:
                stop = True


def _run_alone(item: BatchItem, task: Task, context: BaseContext) -> FirmOutcome:
    """Process one firm in a worker of its own; a worker that dies makes that firm's failure."""
    with ProcessPoolExecutor(
        max_workers=1, initializer=_warm_up, initargs=(task[3], task[4] is not None), mp_context=context
    ) as pool:
        try:
            return pool.submit(process_item, item, *task).result()
        except BrokenProcessPool:
            return failed_outcome(item, WORKER_DIED)
        except Exception as exc:
            return failed_outcome(item, f"内部错误：{type(exc).__name__}: {exc}")


@contextmanager
def locked_output(out: Path) -> Iterator[tuple[BatchRecord, ReportPaths]]:
    """Create the output folder and hold its lock while the batch runs; yield what the batch wrote there
    before and where its reports go this time.

    A second batch into the same folder is refused; a lock left by a killed run is free (the system
    released it with the process) and is taken over. Folder problems become one line naming it; so do a
    report name that is a symbolic link and a report held open by another program.
    """
    lock = FileLock(out / LOCK_FILE)
    try:
        out.mkdir(parents=True, exist_ok=True)
        taken = lock.acquire({"started": datetime.now().isoformat(sep=" ", timespec="seconds")})
    except OSError as exc:
        raise output_error(exc, out) from exc
    if not taken:
        holder = lock.holder()
        who = f"(进程 {holder['pid']}，开始于 {holder.get('started', '?')})" if "pid" in holder else ""
        raise OutputError(
            str(out), [Problem("", f"另一个批量任务正在向该文件夹输出{who}；请等它结束，或换一个输出文件夹")]
        )
    try:
        record = BatchRecord.load(out)
        paths = report_paths(out, record)
        for report in (paths.summary, paths.errors):
            check_replaceable(report)
        yield record, paths
    finally:
        lock.release()


def write_reports(
    paths: ReportPaths,
    outcomes: list[FirmOutcome],
    batch: BatchInput,
    catalog: Catalog,
    out: Path,
    old: dict | None,
    day: date,
) -> None:
    """Write the summary and the error report; a folder or disk problem becomes one line naming the file."""
    from desktop.batch.reports import write_error_report, write_summary

    outcomes = [printable_outcome(outcome) for outcome in outcomes]
    try:
        write_summary(
            paths.summary,
            outcomes,
            catalog,
            out,
            old,
            day=day,
            errors_name=paths.errors.name,
            cells=batch.columns,
        )
    except OSError as exc:
        raise output_error(exc, paths.summary) from exc
    try:
        write_error_report(paths.errors, outcomes, [printable_problem(p) for p in batch.problems], catalog)
    except OSError as exc:
        raise output_error(exc, paths.errors) from exc


def _printable(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def printable_problem(problem: CellProblem) -> CellProblem:
    """Return ``problem`` with characters a workbook cannot hold replaced (they would abort the report)."""
    return CellProblem(_printable(problem.where), _printable(problem.field), _printable(problem.message))


def printable_outcome(outcome: FirmOutcome) -> FirmOutcome:
    """Return ``outcome`` with every text a workbook cannot hold made printable, so one firm's odd
    name or file name never stops the summary of all the others."""
    return replace(
        outcome,
        label=_printable(outcome.label),
        name=_printable(outcome.name),
        credit_code=_printable(outcome.credit_code),
        city=_printable(outcome.city),
        folder=_printable(outcome.folder),
        problems=[printable_problem(p) for p in outcome.problems],
    )


def write_check_report(
    out: Path, batch: BatchInput, outcomes: list[FirmOutcome], catalog: Catalog
) -> tuple[Path, list[str]]:
    """Write the error report of a check (no packets) into ``out``, under the same rules as a batch's:
    only over the batch's own report, never through a link. Return its path and any note."""
    from desktop.batch.reports import write_error_report

    with locked_output(out) as (record, paths):
        try:
            write_error_report(
                paths.errors,
                [printable_outcome(o) for o in outcomes],
                [printable_problem(p) for p in batch.problems],
                catalog,
            )
            record_reports(record, out, (paths.errors,))
        except OSError as exc:
            raise output_error(exc, paths.errors) from exc
    return paths.errors, [note for note in paths.notes if ERROR_REPORT in note]


def expected_folder(item: BatchItem) -> str | None:
    """Return the packet folder a firm of the batch writes (its file-safe name and year), or None while
    its name or year is missing."""
    firm = item.data.get("firm") if isinstance(item.data, dict) else None
    name = firm.get("name") if isinstance(firm, dict) else None
    year = item.data.get("year") if isinstance(item.data, dict) else None
    if not isinstance(name, str) or not name.strip() or not isinstance(year, int):
        return None
    return f"{safe_name(name)}_{year}"


def settle_packets(
    out: Path, batch: BatchInput, outcomes: list[FirmOutcome], record: BatchRecord, day: date
) -> tuple[list[str], list[str]]:
    """Set aside (into ``_旧材料``) every packet folder that no longer belongs to a firm of this run:
    those the batch wrote before for a firm now removed from the input, and those of firms now failing;
    record the packets written or kept. Folders of firms not processed (a cancelled run) stay.
    Return the folders moved and the problems moving them."""
    current = {o.folder for o in outcomes if o.state in (GENERATED, SKIPPED) and o.folder}
    not_run = {
        expected_folder(item) for item, o in zip(batch.items, outcomes, strict=True) if o.state == NOT_RUN
    }
    failed = {
        expected_folder(item) for item, o in zip(batch.items, outcomes, strict=True) if o.state == FAILED
    }
    stale = (set(record.packets) | {name for name in failed if name}) - current - not_run
    moved, problems = retire(out, sorted(stale), day)
    for name in moved:
        record.packets.pop(name, None)
    for outcome in outcomes:
        if outcome.folder in current:
            record.packets[outcome.folder] = {"credit_code": outcome.credit_code, "row": outcome.row}
    return moved, problems


def run_batch(
    source: Path,
    out: Path,
    day: date,
    jobs: int = 1,
    compare_to: Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    forms: Path | None = None,
    start_method: str | None = None,
    pdf: bool = False,
    carry_awards: bool = False,
) -> BatchReport:
    """Run a whole batch and write its summary and error report; raises InputError when the input
    (or the old summary to compare with) cannot be used, before anything is written, and
    BatchTerminated when SIGTERM or SIGHUP ends it (workers and converters stopped, lock released;
    the packets finished so far stay, the reports are left as 未完成 placeholders).

    ``start_method`` chooses how worker processes start ("spawn" from a GUI, where forking a
    threaded Qt process is unsafe); None keeps the platform's default. ``pdf`` also writes every
    packet's documents as PDF: the built-in writer prints the default forms and the 测算表, LibreOffice
    converts custom forms (refused before anything is written when no Chinese font is found, or when
    custom forms are in use and LibreOffice is missing). With ``carry_awards`` a firm's awards in an
    earlier year of the batch count as history for its later years.
    """
    from desktop.batch.reports import read_old_summary
    from desktop.batch.years import carry_earlier_awards

    started = time.perf_counter()
    catalog = catalog_in_use()
    batch = read_batch(source, catalog)
    if carry_awards:
        carry_earlier_awards(batch, catalog)
    old = read_old_summary(compare_to) if compare_to else None
    if pdf:
        check_pdf_ready(forms)
    with locked_output(out) as (record, paths), pdf_profiles(pdf) as pdf_root, ending_on_signals():
        remove_leftovers(out)
        try:
            mark_unfinished(paths, record, out, datetime.now())
        except OSError as exc:
            raise output_error(exc, paths.summary) from exc
        try:
            outcomes, stopped = run_items(
                batch, out, day, jobs, progress, cancelled, forms, start_method, pdf_root=pdf_root
            )
        except BatchTerminated:
            # The packets the workers were writing when they were ended. The workers may not all be known
            # by now (a forkserver ended by the same signal takes its children's handles with it), but
            # each unfinished packet names the process writing it.
            wait_for_exit(leftover_writers(out))
            remove_leftovers(out)
            raise
        moved, problems = settle_packets(out, batch, outcomes, record, day)
        record.source = str(source.resolve())
        try:
            record.save(out)
        except OSError as exc:
            raise output_error(exc, out / RECORD) from exc
        write_reports(paths, outcomes, batch, catalog, out, old, day)
        try:
            record_reports(record, out, (paths.summary, paths.errors))
        except OSError as exc:
            raise output_error(exc, out / RECORD) from exc
    notes = list(paths.notes)
    if moved:
        notes.append(
            f"{len(moved)} 个不再对应本次企业(已删除、改名或失败)的旧材料文件夹已移入 {OLD_FOLDER}：{'、'.join(moved)}"
        )
    notes += problems
    return BatchReport(
        outcomes,
        batch.problems,
        paths.summary,
        paths.errors,
        time.perf_counter() - started,
        stopped,
        notes,
        moved,
    )


def check_pdf_ready(forms: Path | None) -> None:
    """Raise OutputError, naming what to install, when PDFs cannot be written: no Chinese font for the
    built-in writer, or custom forms in use and no LibreOffice to convert them."""
    from desktop.packet.pdfs import builtin_writer, office_needed

    builtin_writer()
    custom = custom_forms(forms)
    if custom and find_soffice() is None:
        raise office_needed(custom, forms)


def default_jobs() -> int:
    """Return the number of worker processes to use by default: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
