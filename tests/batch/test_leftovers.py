"""A batch tidies only what killed runs of the program left; other hidden folders and the user's files stay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from desktop.batch.runner import run_batch
from desktop.packet.files import MARKER, write_marker
from tests.batch.conftest import fill, firm

DAY = date(2026, 3, 1)


def _dead_pid() -> int:
    """Return the id of a process that has ended (a killed run's)."""
    process = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(process.stdout)


def _leftover(out: Path, name: str, kind: str, target: str, pid: int, files: dict[str, str]) -> Path:
    folder = out / name
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(text, encoding="utf-8")
    write_marker(folder, kind, target)
    data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    (folder / MARKER).write_text(json.dumps({**data, "pid": pid}), encoding="utf-8")
    return folder


def test_other_hidden_folders_are_never_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    theirs = {
        ".backup.old": {"年报.xlsx": "客户的备份"},
        ".照片.partial": {"营业执照.jpg": "scan"},
        ".sync.old": {},  # even empty, a folder the program did not make stays
        ".claims.partial": {MARKER: "not the program's marker"},
    }
    for name, files in theirs.items():
        (out / name).mkdir(parents=True)
        for file, text in files.items():
            (out / name / file).write_text(text, encoding="utf-8")
    run_batch(fill(tmp_path / "firms.xlsx", [firm()]), out, DAY)
    for name, files in theirs.items():
        assert (out / name).is_dir(), name
        for file, text in files.items():
            assert (out / name / file).read_text(encoding="utf-8") == text


def test_a_killed_runs_leftovers_are_tidied_and_an_old_packet_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = _dead_pid()
    unfinished = _leftover(
        out, ".成都甲跨境科技有限公司_2025.1a2b.partial", "partial", "x", dead, {"01.docx": "half"}
    )
    # Killed between setting the old packet aside and moving the new one in: the old one comes back.
    set_aside = _leftover(
        out, ".成都乙公司_2024.3c4d.old", "old", "成都乙公司_2024", dead, {"营业执照扫描件.pdf": "licence"}
    )
    # Killed after the new packet was in place, the user's file already carried into it: removed.
    replaced = _leftover(out, ".成都丙公司_2024.5e6f.old", "old", "成都丙公司_2024", dead, {"a.pdf": "kept"})
    (out / "成都丙公司_2024").mkdir()
    (out / "成都丙公司_2024" / "a.pdf").write_text("kept", encoding="utf-8")
    # The new packet lacks a file of the user's that is only in the old one: the old one is kept.
    lacking = _leftover(out, ".成都丁公司_2024.7a8b.old", "old", "成都丁公司_2024", dead, {"only.pdf": "x"})
    (out / "成都丁公司_2024").mkdir()
    # A folder of a program still running (this one) is in use.
    running = _leftover(out, ".成都戊公司_2024.9c0d.partial", "partial", "成都戊公司_2024", os.getpid(), {})

    run_batch(fill(tmp_path / "firms.xlsx", [firm()]), out, DAY)
    assert not unfinished.exists() and not replaced.exists()
    assert not set_aside.exists()
    assert (out / "成都乙公司_2024" / "营业执照扫描件.pdf").read_text(encoding="utf-8") == "licence"
    assert not (out / "成都乙公司_2024" / MARKER).exists()
    assert (lacking / "only.pdf").exists()
    assert running.exists()
