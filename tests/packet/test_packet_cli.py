"""``packet`` and ``forms check`` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.paths import samples_dir
from tests.packet.conftest import requires_soffice


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


def test_pdf_without_libreoffice_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code = main(
        ["packet", str(samples_dir() / "chengdu-trader.json"), "--out", str(tmp_path / "out"), "--pdf"]
    )
    assert code == 2
    assert "LibreOffice" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@requires_soffice
def test_pdf_files_are_added_and_hashed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["packet", str(samples_dir() / "suzhou-brand.json"), "--out", str(tmp_path), "--pdf"])
    assert code == 0, capsys.readouterr().err
    folder = next(tmp_path.iterdir())
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert pdfs == ["00_内部核对单（不提交）.pdf", "01_政策服务清单.pdf"]  # no money measure in Suzhou
    assert all((folder / name).read_bytes().startswith(b"%PDF") for name in pdfs)
    assert "01_政策服务清单.pdf" in (folder / "manifest.json").read_text(encoding="utf-8")


def test_forms_check_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["forms", "check"]) == 0
    out = capsys.readouterr().out
    assert "✓ 申报书.docx" in out and "{{ firm.name }}" in out
    assert main(["forms", "check", str(tmp_path)]) == 2
    assert "找不到模板文件" in capsys.readouterr().out
