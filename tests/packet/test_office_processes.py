"""The tests' count of LibreOffice processes: a test's own (profile under its folder), never another run's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.packet.conftest import office_left_behind, office_processes

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/cmdline").exists(), reason="reads the process table from /proc"
)


def _stand_in(profile: Path) -> subprocess.Popen[bytes]:
    """Start a process whose command line names ``profile`` as a LibreOffice one does."""
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", f"-env:UserInstallation={profile.as_uri()}"]
    )


def test_only_the_processes_whose_profile_lies_under_the_folder_are_counted(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine", tmp_path / "mine-not"
    processes = [_stand_in(mine / "grant-desk-pdf-x" / "工作 1"), _stand_in(other / "grant-desk-pdf-y" / "w")]
    try:
        (found,) = office_processes(mine)
        assert "grant-desk-pdf-x" in found
        assert len(office_processes(tmp_path)) == 2
        assert len(office_left_behind(mine, seconds=0.2)) == 1
    finally:
        for process in processes:
            process.kill()
            process.wait()
    assert office_processes(tmp_path) == []


def test_a_profile_folder_left_behind_is_reported(tmp_path: Path) -> None:
    (tmp_path / "grant-desk-pdf-abc" / "worker-1").mkdir(parents=True)
    assert office_left_behind(tmp_path, seconds=0.2) == [str(tmp_path / "grant-desk-pdf-abc")]
