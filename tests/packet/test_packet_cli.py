"""``packet`` and ``forms check`` on the command line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.paths import samples_dir
from tests.packet.conftest import custom_forms_folder, requires_soffice


def test_packet_command_writes_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["packet", str(samples_dir() / "chengdu-trader.json"), "--out", str(tmp_path), "--date", "2026-03-01"]
    )
    out = capsys.readouterr().out
    assert code == 0
    folder = tmp_path / "成都蓉贸跨境科技有限公司_2025"
    assert str(folder) in out
    assert (folder / "manifest.json").is_file()


def test_packet_with_bad_firm_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = Path(__file__).parent.parent / "bad_inputs" / "firms" / "bad-credit-code.json"
    code = main(["packet", str(bad), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "firm.credit_code" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_bad_date_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(
            [
                "packet",
                str(samples_dir() / "chengdu-trader.json"),
                "--out",
                str(tmp_path),
                "--date",
                "2026-13-01",
            ]
        )
    assert caught.value.code == 2


def test_pdf_without_libreoffice_is_written_by_the_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code = main(
        ["packet", str(samples_dir() / "chengdu-trader.json"), "--out", str(tmp_path / "out"), "--pdf"]
    )
    assert code == 0, capsys.readouterr().err
    folder = next((tmp_path / "out").iterdir())
    assert len(list(folder.glob("*.pdf"))) == len(list(folder.glob("*.docx"))) + 1  # and the 测算表


def test_custom_forms_without_libreoffice_are_named_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forms = custom_forms_folder(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    sample = str(samples_dir() / "chengdu-trader.json")
    code = main(["packet", sample, "--out", str(tmp_path / "out"), "--pdf", "--forms", str(forms)])
    assert code == 2
    error = capsys.readouterr().err
    assert "申报书.docx" in error and "LibreOffice" in error and str(forms) in error
    assert "申请表.docx" not in error  # an unchanged copy of a bundled form is no custom form
    assert not (tmp_path / "out").exists()
    assert main(["packet", sample, "--out", str(tmp_path / "out"), "--forms", str(forms)]) == 0


@requires_soffice
def test_custom_forms_go_through_libreoffice_and_the_others_through_the_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = custom_forms_folder(tmp_path)
    sample = str(samples_dir() / "chengdu-trader.json")  # its packet has the customised 申报书
    code = main(["packet", sample, "--out", str(tmp_path / "out"), "--pdf", "--forms", str(forms)])
    assert code == 0, capsys.readouterr().err
    folder = next((tmp_path / "out").iterdir())
    producers = {pdf.name: _producer(pdf) for pdf in folder.glob("*.pdf")}
    assert producers.pop("01_申报书.pdf").startswith("LibreOffice")
    assert set(producers.values()) == {"CBEC Grant Desk"}, producers


def test_a_firm_without_a_money_measure_gets_the_service_list_in_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # the program's own writer, no LibreOffice
    code = main(["packet", str(samples_dir() / "suzhou-brand.json"), "--out", str(tmp_path), "--pdf"])
    assert code == 0, capsys.readouterr().err
    folder = next(tmp_path.iterdir())
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert pdfs == ["00_内部核对单（不提交）.pdf", "01_政策服务清单.pdf"]  # no money measure in Suzhou
    assert all((folder / name).read_bytes().startswith(b"%PDF") for name in pdfs)
    assert "01_政策服务清单.pdf" in (folder / "manifest.json").read_text(encoding="utf-8")


def _producer(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Producer:"))


def test_forms_check_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["forms", "check"]) == 0
    out = capsys.readouterr().out
    assert "✓ 申报书.docx" in out and "{{ firm.name }}" in out
    assert main(["forms", "check", str(tmp_path)]) == 2
    assert "找不到模板文件" in capsys.readouterr().out
