"""A consultant's commands around a batch: check a workbook without writing packets, export one row as a
firm file the window opens, and make next year's workbook from this year's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.batch.outcome import CHECKED, FirmOutcome
from desktop.batch.outputs import RECORD, BatchRecord
from desktop.batch.reader import BatchInput, read_batch
from desktop.batch.runner import evaluate_item
from desktop.batch.years import awards_as_history, next_year_firm
from desktop.catalog.loader import Catalog
from desktop.errors import InputError, Problem
from desktop.firm import FirmFile


def check_batch(source: Path, catalog: Catalog) -> tuple[BatchInput, list[FirmOutcome]]:
    """Return the batch as read and every firm's outcome (检查通过, or failed with its problems), writing
    nothing; raises InputError when the input cannot be used at all."""
    batch = read_batch(source, catalog)
    outcomes = []
    for item in batch.items:
        outcome, firm, _ = evaluate_item(item, catalog)
        if firm is not None:
            outcome.state = CHECKED
        outcomes.append(outcome)
    return batch, outcomes


def export_row(source: Path, row: int, catalog: Catalog) -> FirmFile:
    """Return the firm of input row ``row`` (its place, for a folder of firm files) as a validated firm
    file; raises InputError naming the row when there is none or its data has problems."""
    batch = read_batch(source, catalog)
    item = next((item for item in batch.items if item.row == row), None)
    if item is None:
        rows = "、".join(str(item.row) for item in batch.items[:20])
        raise InputError(
            str(source), [Problem(f"第 {row} 行", f"这一行没有企业(有企业的行：{rows or '无'})")]
        )
    outcome, firm, _ = evaluate_item(item, catalog)
    if firm is None:
        raise InputError(
            str(source), [Problem(problem.where, problem.message) for problem in outcome.problems]
        )
    return firm


def batch_source(path: Path) -> Path:
    """Return the batch input behind ``path``: a batch's output folder names the workbook it last read."""
    if path.is_dir() and (path / RECORD).is_file():
        recorded = BatchRecord.load(path).source
        if not recorded:
            raise InputError(
                str(path), [Problem("", "该输出文件夹没有记录批量处理读取的工作簿；请直接指定工作簿")]
            )
        return Path(recorded)
    return path


def next_year(source: Path, catalog: Catalog) -> tuple[list[dict[str, Any]], list[FirmOutcome]]:
    """Return next year's firms from this year's batch (one per firm: its latest year + 1, this year's
    figures as last year's, the awards of all its years as history), and the firms left out because their
    rows have problems (each with them)."""
    batch = read_batch(batch_source(source), catalog)
    by_code: dict[str, list[tuple[int, dict[str, Any], Any]]] = {}
    left_out: list[FirmOutcome] = []
    for item in batch.items:
        outcome, firm, result = evaluate_item(item, catalog)
        if firm is None:
            left_out.append(outcome)
            continue
        by_code.setdefault(firm.firm.credit_code, []).append((firm.year, firm.to_json_dict(), result))
    firms = []
    for years in by_code.values():
        years.sort(key=lambda entry: entry[0])
        _, latest, result = years[-1]
        data = next_year_firm(latest, result, catalog)
        given = {(entry["measure"], entry["year"]) for entry in data["history"]}
        for _, _, earlier in years[:-1]:
            data["history"] += [
                e for e in awards_as_history(earlier) if (e["measure"], e["year"]) not in given
            ]
        firms.append(data)
    return firms, left_out
