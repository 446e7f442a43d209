"""A batch's clean-up stops what its workers left running (the LibreOffice instance and a forwarding call
in flight) and waits until it is gone, before it removes the profile folders."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.packet.pdf import CALL_PID_FILE, PID_FILE, stop_leftover_converters

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX only")


def _orphan_group(code: str) -> int:
    """Start ``code`` in a process group of its own whose leader has already exited (as a worker's
    LibreOffice outlives its launcher); return the group's id."""
    leader = subprocess.Popen(
        ["sh", "-c", '"$0" -c "$1" </dev/null >/dev/null 2>&1 &', sys.executable, code],
        start_new_session=True,
    )
    leader.wait()
    return leader.pid


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def test_a_leftover_instance_and_call_are_stopped_before_the_profiles_go(tmp_path: Path) -> None:
    root = tmp_path / "grant-desk-pdf-test"
    profile = root / "worker-1"
    profile.mkdir(parents=True)
    server = _orphan_group("import time; time.sleep(60)")
    # A call that outlived its instance starts one of its own on the profile: it writes there again.
    call = _orphan_group(
        "import pathlib, time\n"
        f"while True:\n    pathlib.Path({str(profile / 'user')!r}).mkdir(parents=True, exist_ok=True)\n"
        "    time.sleep(0.01)"
    )
    (profile / PID_FILE).write_text(str(server), encoding="ascii")
    (profile / CALL_PID_FILE).write_text(str(call), encoding="ascii")
    deadline = time.monotonic() + 10
    while not (profile / "user").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        stop_leftover_converters(root)
        assert not _group_alive(server) and not _group_alive(call)
    finally:
        for group in (server, call):
            if _group_alive(group):
                os.killpg(group, 9)
