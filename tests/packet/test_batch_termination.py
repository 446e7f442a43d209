"""A batch ended by Ctrl+C, SIGTERM or SIGHUP (kill, a closed terminal, a logout) leaves nothing running or
half-made, and says so in one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.paths import samples_dir
from tests.packet.conftest import DAY, office_left_behind, requires_soffice

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _firms(folder: Path, count: int) -> Path:
    folder.mkdir()
    sample = json.loads((samples_dir() / "suzhou-brand.json").read_text(encoding="utf-8"))
    for number in range(count):
        sample["firm"]["name"] = f"苏州测试{number}跨境电子商务有限公司"
        (folder / f"{number:03d}.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    return folder


def _finished(out: Path) -> list[Path]:
    """Return the packets written in full (renamed into place), their PDFs included (a Suzhou firm's
    packet is its 政策服务清单 and 内部核对单)."""
    if not out.is_dir():
        return []
    return [p for p in out.iterdir() if not p.name.startswith(".") and (p / "01_政策服务清单.pdf").is_file()]


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@requires_soffice
@pytest.mark.parametrize(
    ("number", "whole_group"), [(signal.SIGTERM, True), (signal.SIGHUP, False), (signal.SIGINT, True)]
)
def test_a_signalled_batch_stops_its_libreoffice_and_tidies_up(
    tmp_path: Path, number: signal.Signals, whole_group: bool
) -> None:
    source, out, temporary = _firms(tmp_path / "firms", 60), tmp_path / "out", tmp_path / "tmp"
    temporary.mkdir()
    command = [
        sys.executable,
        "-m",
        "desktop",
        "batch",
        str(source),
        "--out",
        str(out),
        "--pdf",
        "--jobs",
        "2",
    ]
    batch = subprocess.Popen(
        [*command, "--date", DAY.isoformat()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        assert _wait(lambda: len(_finished(out)) >= 2, 60), "no packet was converted"
        if whole_group:
            os.killpg(batch.pid, number)
        else:
            os.kill(batch.pid, number)
        _, errors = batch.communicate(timeout=30)
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
    assert batch.returncode == 128 + number
    assert errors.decode().strip().splitlines()[-1].startswith("批量处理已被终止"), errors.decode()[-3000:]
    assert "Traceback" not in errors.decode()
    assert office_left_behind(temporary, 5) == []
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
    assert _finished(out) == [p for p in out.iterdir() if p.is_dir()]
