"""Read-only, forbidden, file-not-folder, full-disk and in-use paths: one Chinese line naming the path, exit 2."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.batch.outputs import RECORD
from desktop.cli import main
from desktop.os_errors import CLOSE_HINT
from desktop.paths import samples_dir
from tests.batch.conftest import fill, firm

SAMPLE = samples_dir() / "chengdu-trader.json"


def _one_line(capsys: pytest.CaptureFixture[str], *wanted: str) -> str:
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[")]  # progress
    err = "\n".join(lines).strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    for text in wanted:
        assert text in err, err
    return err


def _mount(point: Path, options: str) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {done.stderr!r}")


@pytest.fixture
def mounts(tmp_path: Path) -> Iterator[list[Path]]:
    points: list[Path] = []
    yield points
    for point in reversed(points):
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return fill(tmp_path / "firms.xlsx", [firm()])


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path, error: int = errno.EACCES) -> None:
    """Make every creation inside ``folder`` fail as the system does for a folder without write permission."""
    real_open, real_mkdir = os.open, os.mkdir

    def inside(path: object) -> bool:
        return Path(os.fsdecode(path)).is_relative_to(folder) and Path(os.fsdecode(path)) != folder

    def fake_open(path, flags, *args, **kwargs):
        if inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(error, os.strerror(error), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    def fake_mkdir(path, *args, **kwargs):
        if inside(path):
            raise OSError(error, os.strerror(error), os.fsdecode(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)


def test_output_that_is_a_file(tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file", encoding="utf-8")
    for target in (blocker, blocker / "sub"):
        assert main(["batch", str(source), "--out", str(target)]) == 2
        _one_line(capsys, str(target), "不是文件夹")
        assert main(["packet", str(SAMPLE), "--out", str(target)]) == 2
        _one_line(capsys, "不是文件夹")
        assert main(["template", "--out", str(target / "批量.xlsx")]) == 2
        _one_line(capsys, "不是文件夹")
    assert blocker.read_text(encoding="utf-8") == "a file"


def test_read_only_folder(
    tmp_path: Path, source: Path, mounts: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    readonly = tmp_path / "readonly"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        readonly.mkdir()
        readonly.chmod(0o555)
    else:
        _mount(readonly, "ro,size=1m")
        mounts.append(readonly)
    for target in (readonly, readonly / "new"):
        assert main(["batch", str(source), "--out", str(target)]) == 2
        line = _one_line(capsys, str(target))
        assert "只读" in line or "权限" in line
        assert main(["packet", str(SAMPLE), "--out", str(target)]) == 2
        line = _one_line(capsys)
        assert "只读" in line or "权限" in line
    assert main(["template", "--out", str(readonly / "批量.xlsx")]) == 2
    _one_line(capsys, "批量.xlsx")


def test_folder_without_permission(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    denied = tmp_path / "denied"
    denied.mkdir()
    _deny(monkeypatch, denied)
    assert main(["batch", str(source), "--out", str(denied)]) == 2
    _one_line(capsys, str(denied), "没有写入该位置的权限")
    assert main(["batch", str(source), "--out", str(denied / "new")]) == 2
    _one_line(capsys, str(denied / "new"), "没有写入该位置的权限")
    assert main(["packet", str(SAMPLE), "--out", str(denied)]) == 2
    _one_line(capsys, "没有写入该位置的权限")
    assert list(denied.iterdir()) == []


def test_full_disk(
    tmp_path: Path, source: Path, mounts: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    disk = tmp_path / "disk"
    _mount(disk, "size=64k")
    mounts.append(disk)
    (disk / "out").mkdir()
    filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)  # filled up, as by other people's files
    try:
        while True:
            os.write(filler, b"x" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(filler)
    assert main(["batch", str(source), "--out", str(disk / "out")]) == 2
    _one_line(capsys, "磁盘空间不足")
    assert main(["packet", str(SAMPLE), "--out", str(disk / "out")]) == 2
    _one_line(capsys, "磁盘空间不足")
    assert not [p for p in (disk / "out").iterdir()]


def test_disk_full_while_writing_packets_and_summary(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "out"
    real_write = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.parent.name.endswith(".partial"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["batch", str(source), "--out", str(out), "--jobs", "1"]) == 3  # each firm fails, said why
    rows = list(load_workbook(out / "错误报告.xlsx").active.iter_rows(values_only=True))[1:]
    assert len(rows) == 1 and "磁盘空间不足" in rows[0][-1]
    assert not [p for p in out.iterdir() if (p.name.startswith(".") and p.name != RECORD) or p.is_dir()]
    monkeypatch.undo()

    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(os.fsdecode(dst)).name == "汇总.xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    capsys.readouterr()
    assert main(["batch", str(source), "--out", str(tmp_path / "out2"), "--jobs", "1"]) == 2
    _one_line(capsys, str(tmp_path / "out2" / "汇总.xlsx"), "磁盘空间不足")
    assert not [p for p in (tmp_path / "out2").iterdir() if p.name.startswith(".") and p.name != RECORD]


def _held_open(monkeypatch: pytest.MonkeyPatch, *files: Path) -> None:
    """Behave as Windows does while Excel or Word has ``files`` open: no writing, replacing or moving them."""
    real_open, real_replace = os.open, os.replace

    def held(path: object) -> bool:
        path = Path(os.fsdecode(path))
        return any(path == file or file.is_relative_to(path) for file in files)

    def fake_open(path, flags, *args, **kwargs):
        if held(path) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    def fake_replace(src, dst, *args, **kwargs):
        if held(src) or held(dst):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(src))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "replace", fake_replace)


def test_summary_open_in_excel_is_refused_before_the_batch_runs(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(source), "--out", str(out)]) == 0
    shutil.rmtree(out / "成都甲跨境科技有限公司_2025")
    capsys.readouterr()
    _held_open(monkeypatch, out / "汇总.xlsx")
    assert main(["batch", str(source), "--out", str(out)]) == 2
    _one_line(capsys, str(out / "汇总.xlsx"), CLOSE_HINT)
    assert not (out / "成都甲跨境科技有限公司_2025").exists()  # refused before any firm was processed


def test_packet_file_open_in_word_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["packet", str(SAMPLE), "--out", str(tmp_path), "--date", "2026-03-01"]) == 0
    folder = tmp_path / "成都蓉贸跨境科技有限公司_2025"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    capsys.readouterr()
    _held_open(monkeypatch, folder / "01_申报书.docx")
    assert main(["packet", str(SAMPLE), "--out", str(tmp_path), "--date", "2026-03-02"]) == 2
    _one_line(capsys, "01_申报书.docx", CLOSE_HINT)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_workbook_open_in_excel_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "批量申报.xlsx"
    workbook.write_bytes(b"filled")
    _held_open(monkeypatch, workbook)
    assert main(["template", "--out", str(workbook), "--force"]) == 2
    _one_line(capsys, str(workbook), CLOSE_HINT)
    assert workbook.read_bytes() == b"filled"
    assert [p.name for p in tmp_path.iterdir()] == [workbook.name]
