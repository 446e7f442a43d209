"""Re-runs tell the truth: a new date or template re-renders, packets of firms gone or failing are set
aside, an interrupted run leaves no old summary beside new packets, and the user's own files are never
overwritten or written through."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.batch import runner
from desktop.batch.outputs import OLD_FOLDER, RECORD
from desktop.batch.runner import EXIT_OK, run_batch
from desktop.batch.termination import BatchTerminated
from desktop.cli import main
from desktop.errors import InputError, OutputError
from desktop.paths import forms_dir
from tests.batch.conftest import fill, firm, summary_rows

DAY = date(2026, 3, 1)
OTHER = {"name": "成都乙跨境有限公司", "credit_code": "91510100MA6CDFW0XF"}


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_a_new_date_re_renders_every_packet(tmp_path: Path) -> None:
    source, out = fill(tmp_path / "firms.xlsx", [firm()]), tmp_path / "out"
    first = run_batch(source, out, DAY)
    assert _manifest(out / first.outcomes[0].folder)["date"] == "2026-03-01"
    assert [o.state for o in run_batch(source, out, DAY).outcomes] == ["skipped"]
    later = run_batch(source, out, date(2026, 12, 4))
    assert [o.state for o in later.outcomes] == ["generated"]
    assert _manifest(out / later.outcomes[0].folder)["date"] == "2026-12-04"


def _touch_template(folder: Path, name: str) -> None:
    """Save a template again with one word changed, as a clerk editing it in Word would."""
    path = folder / name
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = data.replace(
                    b"</cp:coreProperties>", b"<dc:subject>edited</dc:subject></cp:coreProperties>"
                )
            archive.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def test_a_changed_template_re_renders(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    source, out = fill(tmp_path / "firms.xlsx", [firm()]), tmp_path / "out"
    first = run_batch(source, out, DAY, forms=forms)
    recorded = _manifest(out / first.outcomes[0].folder)["forms"]
    assert set(recorded) >= {
        "申报书.docx",
        "申请表.docx",
        "信用承诺书.docx",
        "材料清单.docx",
        "内部核对单.docx",
    }
    assert [o.state for o in run_batch(source, out, DAY, forms=forms).outcomes] == ["skipped"]
    _touch_template(forms, "信用承诺书.docx")
    again = run_batch(source, out, DAY, forms=forms)
    assert [o.state for o in again.outcomes] == ["generated"]
    assert (
        _manifest(out / again.outcomes[0].folder)["forms"]["信用承诺书.docx"] != recorded["信用承诺书.docx"]
    )


def test_packets_of_firms_removed_renamed_or_failing_are_set_aside(tmp_path: Path) -> None:
    third = {"name": "成都丙跨境有限公司", "credit_code": "91510600MA6DYMN0P6"}
    source, out = fill(tmp_path / "firms.xlsx", [firm(), firm(**OTHER), firm(**third)]), tmp_path / "out"
    first = run_batch(source, out, DAY)
    folders = [o.folder for o in first.outcomes]
    (out / folders[1] / "营业执照扫描件.pdf").write_bytes(b"%PDF scanned")  # the user's own file in a packet
    (out / "客户资料").mkdir()  # the user's own folder
    (out / "客户资料" / "合同.docx").write_bytes(b"x")
    # the second firm is gone from the workbook, the third renamed, the first now fails
    fill(
        source,
        [
            firm(cbec_transaction="三亿"),
            firm(name="成都丙跨境科技有限公司", credit_code=third["credit_code"]),
        ],
    )
    report = run_batch(source, out, DAY)
    assert [o.state for o in report.outcomes] == ["failed", "generated"]
    assert sorted(report.moved) == sorted(folders)
    assert sorted(p.name for p in (out / OLD_FOLDER).iterdir()) == sorted(folders)
    assert (out / OLD_FOLDER / folders[1] / "营业执照扫描件.pdf").read_bytes() == b"%PDF scanned"
    current = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    assert current == sorted(["客户资料", "成都丙跨境科技有限公司_2025"])
    assert any(OLD_FOLDER in note and "3 个" in note for note in report.notes)
    assert [row["处理结果"] for row in summary_rows(report.summary)] == ["失败", "已生成"]


def test_a_cancelled_run_keeps_the_packets_it_did_not_reach(tmp_path: Path) -> None:
    source, out = fill(tmp_path / "firms.xlsx", [firm(), firm(**OTHER)]), tmp_path / "out"
    run_batch(source, out, DAY)
    fill(source, [firm(loan_interest_paid=1300000), firm(**OTHER, loan_interest_paid=1300000)])
    report = run_batch(source, out, DAY, jobs=1, cancelled=lambda: True)
    assert [o.state for o in report.outcomes] == ["not_run", "not_run"]
    assert report.moved == [] and not (out / OLD_FOLDER).exists()
    # in Chinese punctuation, as the 批量申报 page says it
    assert [row["处理结果"] for row in summary_rows(report.summary)] == ["未处理（已取消）"] * 2


def test_an_interrupted_run_leaves_no_old_summary_beside_new_packets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = fill(tmp_path / "firms.xlsx", [firm(), firm(**OTHER)]), tmp_path / "out"
    first = run_batch(source, out, DAY)
    original = runner.run_items

    def interrupted(*args, **kwargs):
        original(*args, **kwargs)  # the packets are written from the new data, then the run is ended
        raise BatchTerminated(15)

    monkeypatch.setattr(runner, "run_items", interrupted)
    fill(source, [firm(loan_interest_paid=1300000), firm(**OTHER)])
    with pytest.raises(BatchTerminated):
        run_batch(source, out, DAY)
    for report in (first.summary, first.error_report):
        text = [str(row[0]) for row in load_workbook(report).active.iter_rows(values_only=True)]
        assert "本次批量处理尚未完成" in text[0], report.name
    with pytest.raises(InputError) as caught:
        run_batch(source, tmp_path / "out2", DAY, compare_to=first.summary)
    assert "未完成" in str(caught.value)
    monkeypatch.undo()
    finished = run_batch(source, out, DAY)
    assert (
        finished.summary == first.summary
        and summary_rows(finished.summary)[0]["处理结果"] == "未变化，已跳过"
    )


def test_the_users_own_summary_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = fill(tmp_path / "firms.xlsx", [firm()]), tmp_path / "out"
    out.mkdir()
    mine = b"my own summary, not the program's"
    (out / "汇总.xlsx").write_bytes(mine)
    assert main(["batch", str(source), "--out", str(out), "--jobs", "1", "--date", "2026-03-01"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "汇总.xlsx 不是本程序写的" in printed and "汇总(2).xlsx" in printed
    assert (out / "汇总.xlsx").read_bytes() == mine and (out / "汇总(2).xlsx").is_file()
    report = run_batch(source, out, DAY)
    assert report.summary == out / "汇总(2).xlsx" and report.error_report == out / "错误报告.xlsx"
    assert (out / "汇总.xlsx").read_bytes() == mine
    with (out / "错误报告.xlsx").open("ab") as stream:  # the program's report, edited by the user since
        stream.write(b" ")
    edited = (out / "错误报告.xlsx").read_bytes()
    report = run_batch(source, out, DAY)
    assert report.error_report == out / "错误报告(2).xlsx"
    assert (out / "错误报告.xlsx").read_bytes() == edited


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
@pytest.mark.parametrize("name", ["汇总.xlsx", "错误报告.xlsx"])
def test_a_report_that_is_a_symlink_is_refused(tmp_path: Path, name: str) -> None:
    source, out = fill(tmp_path / "firms.xlsx", [firm()]), tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere" / "important.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"someone else's file")
    (out / name).symlink_to(target)
    with pytest.raises(OutputError) as caught:
        run_batch(source, out, DAY)
    assert name in str(caught.value) and "符号链接" in str(caught.value)
    assert target.read_bytes() == b"someone else's file"
    assert sorted(p.name for p in out.iterdir()) == [name]  # refused before any packet was written


def test_the_record_lists_what_the_batch_wrote(tmp_path: Path) -> None:
    source, out = fill(tmp_path / "firms.xlsx", [firm(), firm(**OTHER)]), tmp_path / "out"
    report = run_batch(source, out, DAY)
    record = json.loads((out / RECORD).read_text(encoding="utf-8"))
    assert sorted(record["packets"]) == sorted(o.folder for o in report.outcomes)
    assert set(record["reports"]) == {"汇总.xlsx", "错误报告.xlsx"}
