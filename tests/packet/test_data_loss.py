"""Nothing of the user's is lost: files added to a packet folder, a filled workbook, a symlinked file, permissions."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.batch.runner import run_batch
from desktop.catalog import Catalog
from desktop.cli import main
from desktop.firm import write_atomic
from desktop.packet.files import sha256_file, write_bytes_atomic
from desktop.packet.keep import KEPT_SUFFIX, carry_over, user_files
from desktop.paths import samples_dir
from tests.batch.conftest import fill, firm
from tests.packet.conftest import write_sample

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and symlinks")


def test_regenerating_a_packet_keeps_the_users_files(tmp_path: Path, catalog: Catalog) -> None:
    _, _, packet = write_sample("chengdu-trader.json", tmp_path, catalog)
    folder = packet.folder
    (folder / "营业执照扫描件.pdf").write_bytes(b"%PDF-1.4 licence")
    (folder / "附件").mkdir()
    (folder / "附件" / "银行流水.jpg").write_bytes(b"jpeg")
    edited = (folder / "01_申报书.docx").read_bytes() + b"edited in Word"
    (folder / "01_申报书.docx").write_bytes(edited)

    _, _, again = write_sample("chengdu-trader.json", tmp_path, catalog)
    assert again.folder == folder
    assert (folder / "营业执照扫描件.pdf").read_bytes() == b"%PDF-1.4 licence"
    assert (folder / "附件" / "银行流水.jpg").read_bytes() == b"jpeg"
    assert (folder / f"01_申报书{KEPT_SUFFIX}.docx").read_bytes() == edited
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert all(sha256_file(folder / name) == sha for name, sha in manifest["files"].items())
    assert "营业执照扫描件.pdf" not in manifest["files"]
    assert sorted(again.kept) == sorted(["营业执照扫描件.pdf", "附件", f"01_申报书{KEPT_SUFFIX}.docx"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no hidden leftovers

    # A third run keeps them again, and the unchanged program files are not taken for the user's.
    _, _, third = write_sample("chengdu-trader.json", tmp_path, catalog)
    assert sorted(third.kept) == sorted(again.kept)


def test_packet_command_says_which_files_it_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = samples_dir() / "chengdu-trader.json"
    assert main(["packet", str(sample), "--out", str(tmp_path), "--date", "2026-03-01"]) == 0
    folder = next(tmp_path.iterdir())
    (folder / "营业执照扫描件.pdf").write_bytes(b"scan")
    capsys.readouterr()
    assert main(["packet", str(sample), "--out", str(tmp_path), "--date", "2026-03-02"]) == 0
    assert "营业执照扫描件.pdf" in capsys.readouterr().out
    assert (folder / "营业执照扫描件.pdf").read_bytes() == b"scan"


def test_a_batch_regenerating_a_changed_firm_keeps_the_users_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch(fill(tmp_path / "a.xlsx", [firm()]), out, date(2026, 3, 1))
    folder = out / "成都甲跨境科技有限公司_2025"
    (folder / "营业执照扫描件.pdf").write_bytes(b"scan")
    report = run_batch(fill(tmp_path / "b.xlsx", [firm(loan_interest_paid=900000)]), out, date(2026, 3, 1))
    assert report.outcomes[0].state == "generated"
    assert (folder / "营业执照扫描件.pdf").read_bytes() == b"scan"


def test_template_refuses_to_overwrite_a_workbook_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = tmp_path / "批量申报.xlsx"
    filled.write_bytes(b"three hundred firms typed in")
    assert main(["template", "--out", str(filled)]) == 2
    err = capsys.readouterr().err
    assert str(filled) in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert filled.read_bytes() == b"three hundred firms typed in"
    assert [p.name for p in tmp_path.iterdir()] == [filled.name]
    assert main(["template", "--out", str(filled), "--force"]) == 0
    assert filled.read_bytes().startswith(b"PK")


@posix_only
def test_saving_through_a_symlink_writes_the_target_and_keeps_its_mode(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "firm.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "firm.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    report = tmp_path / "汇总.xlsx"
    report.symlink_to(real)
    write_bytes_atomic(report, b"bytes")
    assert report.is_symlink() and real.read_bytes() == b"bytes"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["firm.json"]


@posix_only
@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_outputs_get_the_permissions_of_the_umask(tmp_path: Path, umask: int, catalog: Catalog) -> None:
    old = os.umask(umask)
    try:
        _, _, packet = write_sample("chengdu-trader.json", tmp_path / "packets", catalog)
        report = run_batch(fill(tmp_path / "firms.xlsx", [firm()]), tmp_path / "batch", date(2026, 3, 1))
        assert main(["template", "--out", str(tmp_path / "blank.xlsx")]) == 0
        write_atomic(tmp_path / "firm.json", "{}")
    finally:
        os.umask(old)
    folders = [packet.folder, report.summary.parent / report.outcomes[0].folder]
    files = [
        *packet.folder.iterdir(),
        report.summary,
        report.error_report,
        tmp_path / "blank.xlsx",
        tmp_path / "firm.json",
    ]
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o666 & ~umask, file


def test_in_the_programs_sub_folders_only_the_users_changes_are_kept(tmp_path: Path) -> None:
    """上传/ and 打印/ are the program's: their unchanged files are rewritten, a scan that replaced a
    placeholder page and a file the user added there are carried, by their paths."""
    old, new = tmp_path / "old", tmp_path / "new"
    placeholder, scanned = "上传/08_附件_营业执照（副本）复印件.pdf", b"%PDF-1.4 the scanned licence"
    program = {"01_申报书.pdf": b"%PDF a", "上传/01_申报书.pdf": b"%PDF b", placeholder: b"%PDF c"}
    program["打印/申报材料.pdf"] = b"%PDF d"
    for name, data in program.items():
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_bytes(data)
    listed = {name: hashlib.sha256(data).hexdigest() for name, data in program.items()}
    (old / "manifest.json").write_text(json.dumps({"files": listed}), encoding="utf-8")
    (old / placeholder).write_bytes(scanned)
    (old / "上传" / "说明.txt").write_text("盖章后再扫描", encoding="utf-8")
    (old / "附件").mkdir()
    (old / "附件" / "银行流水.jpg").write_bytes(b"jpeg")
    assert user_files(old) == sorted([placeholder, "上传/说明.txt", "附件"])

    (new / "上传").mkdir(parents=True)
    (new / placeholder).write_bytes(b"%PDF the new placeholder")
    kept = carry_over(old, new)
    kept_scan = f"上传/08_附件_营业执照（副本）复印件{KEPT_SUFFIX}.pdf"
    assert sorted(kept) == sorted([kept_scan, "上传/说明.txt", "附件"])
    assert (new / kept_scan).read_bytes() == scanned
    assert (new / "上传" / "说明.txt").read_text(encoding="utf-8") == "盖章后再扫描"
    assert not (new / "打印").exists()  # the program's own print set is written anew, never carried
