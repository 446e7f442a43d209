"""One batch at a time per output folder: a second run is refused (exit 2); a killed run's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from desktop.batch.runner import LOCK_FILE, run_batch
from desktop.cli import main
from desktop.credit_code import with_check_character
from desktop.errors import OutputError
from desktop.locks import FileLock
from tests.batch.conftest import fill, firm

FIRMS = 30


def _batch_command(source: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "batch", str(source), "--out", str(out), "--jobs", "1",
            "--date", "2026-03-01"]  # fmt: skip


def test_a_second_batch_into_the_same_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        firm(name=f"成都并发企业{i:03d}", credit_code=with_check_character(f"915101000000{i:05d}"))
        for i in range(FIRMS)
    ]
    source = fill(tmp_path / "firms.xlsx", rows)
    out = tmp_path / "out"
    first = subprocess.Popen(
        _batch_command(source, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not (out / LOCK_FILE).exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.01)
        assert first.poll() is None, "the first batch ended before the second could start"
        other = fill(tmp_path / "other.xlsx", [firm()])
        assert main(["batch", str(other), "--out", str(out), "--jobs", "1"]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1
        assert str(out) in err and "另一个批量任务正在向该文件夹输出" in err and f"进程 {first.pid}" in err
    finally:
        stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stdout + stderr
    assert f"共 {FIRMS} 家：生成 {FIRMS}" in stdout
    assert not (out / "成都甲跨境科技有限公司_2025").exists()  # nothing of the refused batch was written
    assert not (out / LOCK_FILE).exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_killed_runs_lock_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom desktop.locks import FileLock\n"
         "FileLock(sys.argv[1]).acquire({'started': 'then'})\nprint('locked', flush=True)\ntime.sleep(120)",
         str(out / LOCK_FILE)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(OutputError):
        run_batch(fill(tmp_path / "firms.xlsx", [firm()]), out, date(2026, 3, 1))
    os.kill(holder.pid, signal.SIGKILL)
    holder.communicate()
    assert (out / LOCK_FILE).exists()  # the killed run's lock file is still there
    report = run_batch(fill(tmp_path / "firms.xlsx", [firm()]), out, date(2026, 3, 1))
    assert report.exit_status == 0
    assert not (out / LOCK_FILE).exists()


def test_the_lock_is_released_when_a_batch_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = fill(tmp_path / "firms.xlsx", [firm()])
    out.mkdir()
    (out / "汇总.xlsx").symlink_to(tmp_path / "elsewhere.xlsx")  # never written through: the batch stops
    with pytest.raises(OutputError):
        run_batch(source, out, date(2026, 3, 1))
    lock = FileLock(out / LOCK_FILE)
    assert lock.acquire()
    lock.release()


_WARM_UP_PROBE = """
import gc
from desktop.batch.runner import _warm_up
from desktop.packet.pdfs import builtin_writer
_warm_up(None, pdf={pdf})
print(gc.get_freeze_count() > 0, builtin_writer.cache_info().currsize)
"""


@pytest.mark.parametrize(("pdf", "fonts_loaded"), [(True, "1"), (False, "0")])
def test_a_worker_warms_up_the_pdf_writer_only_for_pdfs_and_sets_what_it_loaded_aside(
    pdf: bool, fonts_loaded: str
) -> None:
    # in a process of its own, as a worker: frozen objects stay frozen for the life of the process
    completed = subprocess.run(
        [sys.executable, "-c", _WARM_UP_PROBE.format(pdf=pdf)],
        capture_output=True, text=True, check=True, timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert completed.stdout.split() == ["True", fonts_loaded]
