"""A batch killed half-way (SIGKILL to its process group) leaves only complete packets; a re-run finishes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.batch.outputs import RECORD
from desktop.credit_code import with_check_character
from desktop.packet.files import sha256_file
from tests.batch.conftest import fill, firm

FIRMS = 40


def _packets(out: Path) -> list[Path]:
    return [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")] if out.exists() else []


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX only")
def test_kill_mid_way_then_rerun(tmp_path: Path) -> None:
    rows = [
        firm(name=f"成都测试企业{i:03d}", credit_code=with_check_character(f"915101000000{i:05d}"))
        for i in range(FIRMS)
    ]
    source = fill(tmp_path / "firms.xlsx", rows)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "desktop",
        "batch",
        str(source),
        "--out",
        str(out),
        "--jobs",
        "2",
        "--date",
        "2026-03-01",
    ]
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while len(_packets(out)) < 5 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(_packets(out))
    assert 0 < done_before < FIRMS, "the batch was not stopped half-way"
    for packet in _packets(out):  # whatever is there is complete
        manifest = json.loads((packet / "manifest.json").read_text(encoding="utf-8"))
        assert all(sha256_file(packet / name) == sha for name, sha in manifest["files"].items())

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"未变化跳过 {done_before}" in rerun.stdout
    packets = _packets(out)
    assert len(packets) == FIRMS
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != RECORD]
    for packet in packets:
        manifest = json.loads((packet / "manifest.json").read_text(encoding="utf-8"))
        assert all(sha256_file(packet / name) == sha for name, sha in manifest["files"].items())


def _session_members(session: int) -> list[int]:
    """Return the live (not zombie) processes of a session: the batch and everything it started."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] not in ("Z", "X"):
            members.append(int(entry.name))
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    rows = [
        firm(name=f"成都测试企业{i:03d}", credit_code=with_check_character(f"915101000000{i:05d}"))
        for i in range(FIRMS)
    ]
    source = fill(tmp_path / "firms.xlsx", rows)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "desktop", "batch", str(source), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while len(_packets(out)) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
        assert process.poll() is None and len(_session_members(process.pid)) >= 3, "no workers running"
        os.kill(process.pid, signal.SIGKILL)  # the main process only, as a task manager would
        process.wait()
        deadline = time.monotonic() + 5
        while _session_members(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _session_members(process.pid)
    finally:
        for pid in _session_members(process.pid):
            os.kill(pid, signal.SIGKILL)
    assert left == [], f"workers still running {left}"
