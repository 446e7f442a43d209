"""The window's save and generate paths: a file held open or a full disk is a message box, never a traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.gui.main_window import MainWindow
from desktop.os_errors import CLOSE_HINT
from desktop.paths import samples_dir
from tests.gui.conftest import Answers


def test_saving_over_a_file_held_open_says_close_it(
    window: MainWindow, answers: Answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "企业.json"
    target.write_text("{}", encoding="utf-8")
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    real_replace = os.replace

    def held(src, dst, *args, **kwargs):
        if Path(os.fsdecode(dst)) == target:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", held)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert not window.files.save_as()
    assert str(target) in answers[-1] and CLOSE_HINT in answers[-1]
    assert target.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_generating_onto_a_full_disk_shows_a_message_box(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))

    def full(*_: object, **__: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("desktop.packet.files.new_folder", full)
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    page.folder.setText(str(tmp_path / "out"))
    page.start()
    qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    assert shown and "磁盘空间不足" in shown[-1] and "成都蓉贸跨境科技有限公司_2025" in shown[-1]
    assert "磁盘空间不足" in page.message.text()


def test_regenerating_from_the_window_says_which_of_the_users_files_it_kept(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    window.files.open_path(samples_dir() / "chengdu-trader.json", ask=False)
    page = window.generate_page
    page.folder.setText(str(tmp_path))
    page.start()
    qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    folder = tmp_path / "成都蓉贸跨境科技有限公司_2025"
    (folder / "营业执照扫描件.pdf").write_bytes(b"scan")
    page.start()
    qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    assert "营业执照扫描件.pdf" in page.message.text()
    assert (folder / "营业执照扫描件.pdf").read_bytes() == b"scan"
