"""Running a batch: every firm through the same validation, engine and packet writer, in parallel processes."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop import __version__
from desktop.batch.outcome import FAILED, GENERATED, NOT_RUN, SKIPPED, FirmOutcome, MeasureFigure
from desktop.batch.reader import BatchInput, BatchItem, CellProblem, read_batch
from desktop.catalog.added import catalog_in_use
from desktop.catalog.loader import Catalog
from desktop.engine import FirmResult, evaluate_firm
from desktop.errors import GrantDeskError, InputError
from desktop.firm import FirmFile, parse_firm
from desktop.packet.files import sha256_file
from desktop.packet.writer import MANIFEST, catalog_files_used, packet_folder_name, write_packet
from desktop.paths import user_catalog_dir

SUMMARY = "汇总.xlsx"
ERROR_REPORT = "错误报告.xlsx"
EXIT_OK, EXIT_BAD_INPUT, EXIT_SOME_FAILED = 0, 2, 3

Progress = Callable[[int, int, FirmOutcome], None]


@dataclass
class BatchReport:
    """The finished batch: every firm's outcome in input order, the reports written, the exit status."""

    outcomes: list[FirmOutcome]
    input_problems: list[CellProblem]
    summary: Path
    error_report: Path
    seconds: float
    cancelled: bool = False

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
    folder: Path, digest: str, catalog: Catalog, used: list[dict[str, str]] | None = None
) -> bool:
    """Return True when ``folder`` holds a complete packet made from this input by this program and
    catalog, with the same policy documents and guides (``used``, by name and SHA-256)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if (
            manifest.get("input_sha256") != digest
            or manifest.get("catalog_version") != catalog.version
            or manifest.get("catalog_files", []) != (used or [])
            or manifest.get("program_version") != __version__
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
            m.document,
            m.guide_name,
            m.window.from_.isoformat() if m.window else "",
            m.window.to.isoformat() if m.window else "",
        )
        for m in result.measures
        if m.measure.award.is_money
    }


def process_item(
    item: BatchItem, out: Path, day: date, forms: Path | None = None, catalog_folder: Path | None = None
) -> FirmOutcome:
    """Validate, evaluate and write one firm's packet; never raises: a failure is an outcome.

    ``catalog_folder`` is the user's catalog folder as the parent process saw it (workers may have
    started with another environment)."""
    catalog = catalog_in_use(catalog_folder)
    firm_block = item.data.get("firm") if isinstance(item.data.get("firm"), dict) else {}
    outcome = FirmOutcome(
        item.index,
        item.label,
        FAILED,
        name=str(firm_block.get("name", "")),
        credit_code=str(firm_block.get("credit_code", "")),
        city=str(firm_block.get("city", "")),
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
        return outcome
    if problems:
        outcome.problems = problems
        return outcome
    try:
        result = evaluate_firm(firm, catalog)
        if result.problems:
            outcome.problems = [
                CellProblem(item.cell_of(p.field), p.field, p.message) for p in result.problems
            ]
            return outcome
        outcome.measures = _figures(result)
        outcome.total, outcome.total_up_to = str(result.total), str(result.total_up_to)
        outcome.city = catalog.cities[firm.firm.city].name
        folder = out / packet_folder_name(firm)
        outcome.folder = folder.name
        digest = input_sha256(firm)
        if packet_is_current(folder, digest, catalog, catalog_files_used(firm, catalog)):
            outcome.state = SKIPPED
            return outcome
        write_packet(firm, result, catalog, out, day, digest, forms=forms)
        outcome.state = GENERATED
    except GrantDeskError as exc:
        outcome.problems = [CellProblem(item.label, "", line) for line in exc.lines()]
    except Exception as exc:  # one firm's unexpected failure must not stop the others
        outcome.problems = [CellProblem(item.label, "", f"内部错误：{type(exc).__name__}: {exc}")]
    return outcome


def _warm_up(catalog_folder: Path | None = None) -> None:
    """Load the catalog and templates once per worker process."""
    from desktop.packet.templates import load_docx
    from desktop.packet.writer import APPLICATION, CHECKLIST, COMMITMENT, MEASURE_FORM

    catalog_in_use(catalog_folder)
    for name in (APPLICATION, MEASURE_FORM, COMMITMENT, CHECKLIST):
        load_docx(name)


def remove_leftovers(out: Path) -> list[str]:
    """Remove temporary folders a killed run left in ``out``; return their names."""
    removed = []
    if out.is_dir():
        for leftover in list(out.glob(".*.partial")) + list(out.glob(".*.old")):
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover.name)
    return removed


def run_items(
    batch: BatchInput,
    out: Path,
    day: date,
    jobs: int = 1,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    forms: Path | None = None,
    start_method: str | None = None,
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
            record(process_item(item, out, day, forms, catalog_folder))
    else:
        method = start_method or (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        # Workers never fork from this process: they would inherit (and touch) the whole batch input,
        # and their memory would grow with the number of firms.
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_warm_up, initargs=(catalog_folder,), mp_context=context
        ) as pool:
            pending: set[Future[FirmOutcome]] = set()
            queue = iter(items)
            in_flight = jobs * 3  # bounded, so memory stays flat however many firms there are
            while True:
                while not stop and len(pending) < in_flight:
                    item = next(queue, None)
                    if item is None:
                        break
                    pending.add(pool.submit(process_item, item, out, day, forms, catalog_folder))
                if not pending:
                    break
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    record(future.result())
                if cancelled and cancelled() and not stop:
                    stop = True
    for item in items:
        if item.index not in outcomes:
            outcomes[item.index] = FirmOutcome(item.index, item.label, NOT_RUN)
    return [outcomes[i] for i in sorted(outcomes)], stop


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
) -> BatchReport:
    """Run a whole batch and write its summary and error report; raises InputError when the input
    (or the old summary to compare with) cannot be used, before anything is written.

    ``start_method`` chooses how worker processes start ("spawn" from a GUI, where forking a
    threaded Qt process is unsafe); None keeps the platform's default.
    """
    from desktop.batch.reports import read_old_summary, write_error_report, write_summary

    started = time.perf_counter()
    catalog = catalog_in_use()
    batch = read_batch(source, catalog)
    old = read_old_summary(compare_to) if compare_to else None
    out.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    outcomes, stopped = run_items(batch, out, day, jobs, progress, cancelled, forms, start_method)
    summary, errors = out / SUMMARY, out / ERROR_REPORT
    write_summary(summary, outcomes, catalog, out, old, day=day)
    write_error_report(errors, outcomes, batch.problems)
    return BatchReport(outcomes, batch.problems, summary, errors, time.perf_counter() - started, stopped)


def default_jobs() -> int:
    """Return the number of worker processes to use by default: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
