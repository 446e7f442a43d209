"""A packet folder that is a symbolic link to a folder elsewhere is refused: nothing is written there,
nothing of it is hard-linked into the packet, and the link stays as it was."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.paths import samples_dir
from tests.limited import grant_desk

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX symbolic links")
SAMPLE = samples_dir() / "chengdu-trader.json"
FOLDER = "成都蓉贸跨境科技有限公司_2025"


def _elsewhere(tmp_path: Path) -> Path:
    """Someone else's folder, with a file of theirs and what looks like an old packet's manifest."""
    foreign = tmp_path / "elsewhere"
    foreign.mkdir()
    (foreign / "私人文件.txt").write_text("别人的内容", encoding="utf-8")
    (foreign / "manifest.json").write_text('{"files": {}}', encoding="utf-8")
    return foreign


def _untouched(foreign: Path) -> None:
    assert sorted(p.name for p in foreign.iterdir()) == ["manifest.json", "私人文件.txt"]
    assert (foreign / "私人文件.txt").stat().st_nlink == 1  # never hard-linked anywhere


def test_packet_into_a_linked_packet_folder_is_refused(tmp_path: Path) -> None:
    foreign = _elsewhere(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / FOLDER).symlink_to(foreign)
    done = grant_desk("packet", str(SAMPLE), "--out", str(out))
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert str(out / FOLDER) in line and f"是链接(快捷方式)，指向 {foreign}" in line
    _untouched(foreign)
    assert sorted(p.name for p in out.iterdir()) == [FOLDER] and os.readlink(out / FOLDER) == str(foreign)


def test_a_dangling_link_is_refused_too(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / FOLDER).symlink_to(tmp_path / "nowhere")
    done = grant_desk("packet", str(SAMPLE), "--out", str(out))
    assert done.returncode == 2 and "是链接" in done.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_batch_fails_only_the_firm_whose_folder_is_a_link(tmp_path: Path) -> None:
    from desktop.batch.runner import run_batch
    from tests.batch.conftest import fill, firm

    foreign = _elsewhere(tmp_path)
    source = fill(
        tmp_path / "firms.xlsx",
        [firm(), firm(name="成都第二跨境电商有限公司", credit_code="91510100MA6CDRM1TP")],
    )
    out = tmp_path / "batch"
    out.mkdir()
    first = run_batch(source, tmp_path / "probe", date(2026, 3, 1))
    linked = first.outcomes[0].folder
    (out / linked).symlink_to(foreign)
    report = run_batch(source, out, date(2026, 3, 1))
    states = {outcome.folder: outcome.state for outcome in report.outcomes}
    assert states[linked] == "failed" and list(states.values()).count("generated") == 1
    failed = next(o for o in report.outcomes if o.folder == linked)
    assert "是链接" in " ".join(str(p) for p in failed.problems)
    _untouched(foreign)
