"""``batch --pdf``: every document of every packet also as PDF, written by the program; custom forms by one
long-lived LibreOffice per worker."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.batch.runner import EXIT_SOME_FAILED, run_batch
from desktop.cli import main
from desktop.packet import pdf as pdf_module
from desktop.packet.pdf import Converter, convertible, find_soffice, pdf_name
from desktop.paths import samples_dir
from tests.packet.conftest import (
    DAY,
    SAMPLES,
    custom_forms_folder,
    office_left_behind,
    office_processes,
    requires_soffice,
)


def _firm_folder(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "firms"
    folder.mkdir()
    for name in names:
        (folder / name).write_text((samples_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_every_document_of_every_firm_gets_a_pdf(tmp_path: Path, own_temporary: Path) -> None:
    source = _firm_folder(tmp_path, SAMPLES)
    out = tmp_path / "out"
    ticks: list[int] = []
    report = run_batch(source, out, DAY, jobs=2, pdf=True, progress=lambda done, total, o: ticks.append(done))
    assert [o.state for o in report.outcomes] == ["generated"] * len(SAMPLES), [
        o.problems for o in report.outcomes
    ]
    assert ticks == list(range(1, len(SAMPLES) + 1))
    for outcome in report.outcomes:
        folder = out / outcome.folder
        documents = convertible(sorted(p.name for p in folder.iterdir()))
        # a firm with an amount to apply for has its 申报书 and 测算表; one without, its 政策服务清单
        first = "01_申报书" if Decimal(outcome.total) or Decimal(outcome.total_up_to) else "01_政策服务清单"
        assert f"{first}.docx" in documents
        assert ("04_测算表.xlsx" in documents) == (first == "01_申报书")
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        for name in documents:
            assert (folder / pdf_name(name)).read_bytes().startswith(b"%PDF-"), name
            assert pdf_name(name) in manifest
        assert outcome.name in _pdf_text(folder / f"{first}.pdf").replace(" ", "")
    assert office_left_behind(own_temporary) == []
    rerun = run_batch(source, out, DAY, jobs=2, pdf=True)
    assert {o.state for o in rerun.outcomes} == {"skipped"}


def test_pdfs_are_written_when_the_output_folder_is_given_relative(
    tmp_path: Path, own_temporary: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _firm_folder(tmp_path, ["suzhou-brand.json"])
    monkeypatch.chdir(tmp_path)
    assert main(["packet", "firms/suzhou-brand.json", "--out", "one", "--pdf"]) == 0
    assert main(["batch", "firms", "--out", "many", "--pdf", "--date", DAY.isoformat(), "--jobs", "1"]) == 0
    capsys.readouterr()
    for out in ("one", "many"):
        (folder,) = [p for p in (tmp_path / out).iterdir() if p.is_dir()]
        assert (folder / "01_政策服务清单.pdf").read_bytes().startswith(b"%PDF-"), out  # no money measure
        assert not (folder / "01_申报书.pdf").exists() and not (folder / "04_测算表.pdf").exists()
    assert office_left_behind(own_temporary) == []


def test_a_packet_written_without_pdfs_is_redone_when_pdfs_are_asked_for(tmp_path: Path) -> None:
    source = _firm_folder(tmp_path, ["suzhou-brand.json"])
    out = tmp_path / "out"
    assert run_batch(source, out, DAY, jobs=1).outcomes[0].state == "generated"
    report = run_batch(source, out, DAY, jobs=1, pdf=True)
    assert report.outcomes[0].state == "generated"
    assert (out / report.outcomes[0].folder / "01_政策服务清单.pdf").is_file()


@requires_soffice
def test_a_firm_whose_conversion_fails_is_reported_and_the_others_go_on(
    tmp_path: Path, own_temporary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _firm_folder(tmp_path, ["chengdu-trader.json", "suzhou-brand.json", "lianyungang-brand.json"])
    forms = custom_forms_folder(tmp_path)
    original = Converter.convert

    def convert_with_one_broken_file(self: Converter, folder: Path, names: list[str], **kwargs: object):
        if "连云港" in folder.name:  # a document LibreOffice cannot open: a truncated Word file
            broken = folder / "01_申报书.docx"
            broken.write_bytes(broken.read_bytes()[:3000])
        return original(self, folder, names, **kwargs)

    monkeypatch.setattr(Converter, "convert", convert_with_one_broken_file)
    out = tmp_path / "out"
    report = run_batch(source, out, DAY, jobs=1, pdf=True, forms=forms)
    states = {o.name: o.state for o in report.outcomes}
    assert list(states.values()).count("failed") == 1
    failed = next(o for o in report.outcomes if o.state == "failed")
    assert "连云港" in failed.name and "01_申报书.pdf" in failed.problems[0].message
    assert not (out / failed.folder).exists()
    for outcome in report.outcomes:
        if outcome is not failed:  # Suzhou's packet is its 政策服务清单, Chengdu's has a 测算表
            first = "01_政策服务清单.pdf" if "苏州" in outcome.name else "04_测算表.pdf"
            assert (out / outcome.folder / first).is_file(), outcome.name
    assert report.exit_status == EXIT_SOME_FAILED
    errors = load_workbook(report.error_report).active
    assert any("01_申报书.pdf" in str(cell.value) for row in errors.iter_rows() for cell in row)
    assert office_left_behind(own_temporary) == []


@requires_soffice
def test_converter_keeps_one_instance_and_restarts_a_dead_one(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    sample = samples_dir() / "chengdu-trader.json"
    assert main(["packet", str(sample), "--out", str(tmp_path / "p"), "--date", "2026-03-01"]) == 0
    packet = next((tmp_path / "p").iterdir())
    names = ["01_申报书.docx", "04_测算表.xlsx"]
    for name in names:
        (folder / name).write_bytes((packet / name).read_bytes())
    soffice = find_soffice()
    assert soffice is not None
    with Converter(soffice, tmp_path / "grant-desk-pdf-test" / "worker") as converter:
        assert converter.convert(folder, names) == ["01_申报书.pdf", "04_测算表.pdf"]
        first = converter.process
        assert converter.convert(folder, names[:1]) == ["01_申报书.pdf"]
        assert converter.process is first and converter.running
        pdf_module.stop_process_group(first.pid, force=True)
        first.wait(timeout=30)
        assert converter.convert(folder, names[1:]) == ["04_测算表.pdf"]
        assert converter.process is not first and converter.running
        assert len(office_processes(tmp_path)) >= 1
    assert not converter.running and office_processes(tmp_path) == []


def test_batch_pdf_without_libreoffice_is_written_by_the_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _firm_folder(tmp_path, ["suzhou-brand.json"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["batch", str(source), "--out", str(tmp_path / "out"), "--pdf", "--jobs", "1"]) == 0
    capsys.readouterr()
    (folder,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert (folder / "01_政策服务清单.pdf").read_bytes().startswith(b"%PDF-")  # no money measure in Suzhou


def test_batch_pdf_with_custom_forms_without_libreoffice_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _firm_folder(tmp_path, ["suzhou-brand.json"])
    forms = custom_forms_folder(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    arguments = ["batch", str(source), "--out", str(tmp_path / "out"), "--pdf", "--forms", str(forms)]
    assert main(arguments) == 2
    error = capsys.readouterr().err
    assert "LibreOffice" in error and "申报书.docx" in error
    assert not (tmp_path / "out").exists()
