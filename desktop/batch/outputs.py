"""What a batch owns in its output folder: its record of the packets and reports it wrote, reports written
only over its own files (never through a link), a 未完成 summary while it runs, and old packets set aside.

The record (``.grant-desk-batch.json``) lists every packet folder and report the batch wrote, the reports
with their SHA-256. A report file that is not listed with the hash it has now is the user's (their own
汇总.xlsx, or ours edited since): the batch writes ``汇总(2).xlsx`` beside it instead and says so.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from desktop.batch.cells import safe_row
from desktop.errors import OutputError, Problem
from desktop.packet.files import normalised_container, sha256_file, write_bytes_atomic
from desktop.packet.keep import MANIFEST

RECORD = ".grant-desk-batch.json"
OLD_FOLDER = "_旧材料"
SUMMARY = "汇总.xlsx"
ERROR_REPORT = "错误报告.xlsx"
MAX_RECORD_BYTES = 16_000_000
UNFINISHED = "本次批量处理尚未完成"
PROGRAM = "CBEC Grant Desk"


@dataclass
class BatchRecord:
    """The packet folders (name → credit code and year) and reports (name → SHA-256) a batch wrote into ``out``."""

    packets: dict[str, dict[str, object]] = field(default_factory=dict)
    reports: dict[str, str] = field(default_factory=dict)
    source: str = ""  # the workbook (or folder of firm files) the batch last read

    @classmethod
    def load(cls, out: Path) -> BatchRecord:
        """Return the record in ``out``; an absent, damaged or foreign one is empty (then nothing is ours)."""
        path = out / RECORD
        try:
            if path.is_symlink() or not path.is_file():
                return cls()
            with path.open("rb") as stream:
                data = json.loads(stream.read(MAX_RECORD_BYTES + 1)[:MAX_RECORD_BYTES])
        except (OSError, ValueError, RecursionError):
            return cls()
        if not isinstance(data, dict) or data.get("program") != PROGRAM:
            return cls()
        packets = data.get("packets") if isinstance(data.get("packets"), dict) else {}
        reports = data.get("reports") if isinstance(data.get("reports"), dict) else {}
        return cls(
            {str(k): v for k, v in packets.items() if isinstance(v, dict)},
            {str(k): str(v) for k, v in reports.items() if isinstance(v, str)},
            str(data.get("source", "")),
        )

    def save(self, out: Path) -> None:
        """Write the record atomically (a link in its place is replaced, never followed)."""
        data = {"program": PROGRAM, "packets": self.packets, "reports": self.reports, "source": self.source}
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path = out / RECORD
        if path.is_symlink():
            path.unlink()
        write_bytes_atomic(path, text.encode("utf-8"))

    def owns(self, path: Path) -> bool:
        """Return True when ``path`` is a regular file this batch wrote and nobody changed since."""
        expected = self.reports.get(path.name)
        if expected is None or path.is_symlink() or not path.is_file():
            return False
        try:
            return sha256_file(path) == expected
        except OSError:
            return False


@dataclass(frozen=True)
class ReportPaths:
    """Where this run writes its summary and error report, and why not at the usual names (if so)."""

    summary: Path
    errors: Path
    notes: list[str]


def report_paths(out: Path, record: BatchRecord) -> ReportPaths:
    """Return the report files to write: 汇总.xlsx and 错误报告.xlsx when absent or the batch's own, else
    the first free 汇总(2).xlsx …; raises OutputError when one of the usual names is a symbolic link."""
    chosen: list[Path] = []
    notes: list[str] = []
    for name in (SUMMARY, ERROR_REPORT):
        path = out / name
        if path.is_symlink():
            raise OutputError(
                str(path),
                [
                    Problem(
                        "",
                        "这是一个符号链接；程序不会通过链接写入汇总或错误报告，请删除该链接或换一个输出文件夹",
                    )
                ],
            )
        candidate = path
        number = 1
        while _taken(candidate, record):
            number += 1
            candidate = out / f"{Path(name).stem}({number}){Path(name).suffix}"
        if candidate != path:
            notes.append(
                f"输出文件夹中的 {name} 不是本程序写的(或已被修改)，未覆盖；本次写入 {candidate.name}"
            )
        chosen.append(candidate)
    return ReportPaths(chosen[0], chosen[1], notes)


def _taken(path: Path, record: BatchRecord) -> bool:
    """Return True when something not the batch's own is at ``path`` (a file, a folder or a link)."""
    return (path.exists() or path.is_symlink()) and not record.owns(path)


def placeholder(title: str, started: datetime) -> bytes:
    """Return a workbook saying that the run which started at ``started`` has not finished."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for line in (
        f"{UNFINISHED}(开始于 {started.isoformat(sep=' ', timespec='seconds')})。",
        "本文件不是结果：批量处理被中断或仍在运行；上次的结果已不再与材料文件夹一致。",
        "请重新运行同一批量处理：已完成的企业会跳过，其余企业继续处理，完成后本文件会被替换为完整的结果。",
    ):
        sheet.append(safe_row(sheet, [line]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalised_container(buffer.getvalue(), title, started.date())


def mark_unfinished(paths: ReportPaths, record: BatchRecord, out: Path, started: datetime) -> None:
    """Replace the batch's own reports from an earlier run by 未完成 placeholders (recorded as its own), so
    that an interrupted run never leaves an old summary beside packets made from new data."""
    changed = False
    for path, title in ((paths.summary, "汇总"), (paths.errors, "错误报告")):
        if not record.owns(path):
            continue
        write_bytes_atomic(path, placeholder(title, started))
        record.reports[path.name] = sha256_file(path)
        changed = True
    if changed:
        record.save(out)


def record_reports(record: BatchRecord, out: Path, paths: Iterable[Path]) -> None:
    """Record the reports just written as the batch's own."""
    for path in paths:
        record.reports[path.name] = sha256_file(path)
    record.save(out)


def is_packet(folder: Path) -> bool:
    """Return True when ``folder`` is a real folder holding a packet this program wrote (its manifest)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        with (folder / MANIFEST).open("rb") as stream:
            data = json.loads(stream.read(MAX_RECORD_BYTES))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("program") == PROGRAM


def retire(out: Path, names: Iterable[str], day: date) -> tuple[list[str], list[str]]:
    """Move the packet folders ``names`` of ``out`` into ``out/_旧材料`` (as ``NAME``, or ``NAME（旧，日期）``
    when taken); return the names moved and one line per folder that could not be moved."""
    moved: list[str] = []
    problems: list[str] = []
    names = [name for name in names if is_packet(out / name)]
    if not names:
        return moved, problems
    old = out / OLD_FOLDER
    if old.is_symlink() or (old.exists() and not old.is_dir()):
        return moved, [f"{OLD_FOLDER} 不是文件夹(或是符号链接)，旧材料未移动：{'、'.join(names)}"]
    try:
        old.mkdir(exist_ok=True)
    except OSError as exc:
        return moved, [f"无法创建 {OLD_FOLDER}：{exc.strerror or exc}"]
    for name in names:
        target = old / name
        number = 1
        while target.exists() or target.is_symlink():
            number += 1
            target = old / f"{name}（{day.isoformat()}-{number}）"
        try:
            os.rename(out / name, target)
            moved.append(name)
        except OSError as exc:
            problems.append(f"旧材料 {name} 未能移入 {OLD_FOLDER}：{exc.strerror or exc}")
    return moved, problems
