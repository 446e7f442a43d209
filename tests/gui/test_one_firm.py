"""One firm at a time, whole: New/Open resets every page; one firm file is edited in one window."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.catalog import bundled_catalog
from desktop.gui.file_guard import holder_of, lock_path
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.paths import samples_dir
from tests.gui.conftest import Answers

SAMPLE = samples_dir() / "chengdu-trader.json"


def _firm_file(tmp_path: Path) -> Path:
    path = tmp_path / "firm.json"
    shutil.copy(SAMPLE, path)
    return path


def _window(qtbot, tmp_path: Path, name: str) -> MainWindow:
    main = MainWindow(bundled_catalog(), Settings(tmp_path / f"{name}.ini"))
    qtbot.addWidget(main)
    main.show()
    return main


def _set_text(edit, text: str) -> None:
    edit.setText(text)
    edit.textEdited.emit(text)


# -- New/Open resets every page ------------------------------------------------------------------


def test_new_firm_clears_what_was_typed_even_in_the_field_with_the_focus(window: MainWindow, qtbot) -> None:
    window.files.open_path(SAMPLE, ask=False)
    window.workspace.go_to_step(2)
    data = window.data_page
    bad = data.fields["loan_interest_paid"]
    _set_text(bad.edit, "12x")  # flagged and kept while it is being fixed
    window.activateWindow()
    typed = data.fields["cbec_transaction"].edit
    typed.setFocus()
    qtbot.waitUntil(typed.hasFocus, timeout=3000)
    QApplication.sendEvent(
        typed, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_5, Qt.KeyboardModifier.NoModifier, "5")
    )
    assert window.document.editing
    window.document.dirty = False
    window.files.new_file()
    window.workspace.go_to_step(2)
    assert typed.text() == "" and bad.edit.text() == "" and not bad.edit.property("error")
    assert not any(label.isVisibleTo(data) for label in data.changes.values())
    window.workspace.go_to_step(0)
    assert window.firm_page.edits["name"].text() == ""
    assert window.firm_page.credit_status.text() == "18 位，最后一位为校验位"


# -- one file, one window --------------------------------------------------------------------------


def test_new_firm_takes_away_what_the_status_bar_said_of_the_one_before(
    window: MainWindow, tmp_path: Path
) -> None:
    window.document.load_data(json.loads((samples_dir() / "chengdu-trader.json").read_text("utf-8")), None)
    window.status.show(lambda: "已打开示例企业，可随意修改；“文件 → 新建”开始填写自己的企业。", 15000)
    window.files.new_file()
    assert window.statusBar().currentMessage() == ""  # was: the sample's line stayed over the new firm
    data = json.loads((samples_dir() / "chengdu-trader.json").read_text("utf-8"))
    data["year"] = "二〇二五"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert window.files.open_path(path, ask=False)
    assert (
        window.statusBar().currentMessage() == "文件中有 1 处需要修正，已在相应字段标出"
    )  # what comes with it stays


def test_a_second_window_on_the_same_file_opens_it_read_only(
    qtbot, tmp_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _firm_file(tmp_path)
    first = _window(qtbot, tmp_path, "first")
    assert first.files.open_path(path, ask=False)
    assert lock_path(path).exists() and not first.files.read_only
    second = _window(qtbot, tmp_path, "second")
    answers.choices.append(1)  # 只读打开
    assert second.files.open_path(path, ask=False)
    assert "已在另一个窗口中打开" in answers[-1]
    assert second.files.read_only and "（只读）" in second.windowTitle()
    _set_text(second.firm_page.edits["contact_person"], "第二个窗口")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert not second.files.save()  # Save becomes Save As, and that file is held: refused
    assert "正在另一个窗口中打开，不能保存到这里" in answers[-1]
    assert json.loads(path.read_text(encoding="utf-8"))["firm"]["contact_person"] == "李晓蓉"
    elsewhere = tmp_path / "copy.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(elsewhere), ""))
    assert second.files.save()
    assert not second.files.read_only and lock_path(elsewhere).exists()
    second.document.dirty = False
    assert second.close()
    assert not lock_path(elsewhere).exists()
    assert holder_of(path) is not None  # the first window still holds its file


def test_switching_to_the_window_that_has_the_file(qtbot, tmp_path: Path, answers: Answers) -> None:
    path = _firm_file(tmp_path)
    first = _window(qtbot, tmp_path, "first")
    first.files.open_path(path, ask=False)
    second = _window(qtbot, tmp_path, "second")
    answers.choices.append(0)  # 切换到那个窗口
    assert not second.files.open_path(path, ask=False)
    assert "另一个窗口想打开本企业文件" in first.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not second.isVisible(), timeout=3000)  # it had nothing in it: it goes


def test_a_file_held_by_another_running_program_is_detected(
    qtbot, tmp_path: Path, answers: Answers, monkeypatch
) -> None:
    from desktop.gui import file_guard

    # the other program holds the file as soon as it opens it, but answers only once its pages are
    # built: on a loaded machine (the whole suite beside other runs) that took longer than 5 s
    monkeypatch.setattr(file_guard, "KNOCK_WAIT_S", 60.0)
    path = _firm_file(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    other = subprocess.Popen([sys.executable, "-m", "desktop", str(path)], env=env)
    try:
        deadline = time.monotonic() + 60
        while holder_of(path) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        holder = holder_of(path)
        assert holder is not None and holder.pid == other.pid
        window = _window(qtbot, tmp_path, "here")
        switched: list[bool] = []
        window.files.switched.connect(lambda: switched.append(True))
        answers.choices.append(0)
        assert not window.files.open_path(path, ask=False)
        assert switched == [True], "the other program answered the knock"
    finally:
        other.terminate()
        other.wait(30)
    assert holder_of(path) is None  # a lock whose program is gone does not count


def test_saving_over_a_file_changed_on_disk_asks(
    qtbot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    path = _firm_file(tmp_path)
    window.files.open_path(path, ask=False)
    _set_text(window.firm_page.edits["contact_person"], "本窗口")
    outside = json.loads(path.read_text(encoding="utf-8"))
    outside["firm"]["contact_person"] = "别处"
    path.write_text(json.dumps(outside, ensure_ascii=False), encoding="utf-8")
    qtbot.waitUntil(
        lambda: "已在别处修改；保存时会先询问" in window.statusBar().currentMessage(), timeout=5000
    )
    answers.choices.append(None)
    assert not window.files.save()
    assert "在打开后已被其他程序或窗口修改" in answers[-1]
    assert json.loads(path.read_text(encoding="utf-8"))["firm"]["contact_person"] == "别处"
    answers.choices.append(0)  # 覆盖
    assert window.files.save()
    assert json.loads(path.read_text(encoding="utf-8"))["firm"]["contact_person"] == "本窗口"
    assert window.files.save() and len([a for a in answers if "已被其他程序" in a]) == 2  # no question now


def test_an_unchanged_window_follows_its_file_changed_elsewhere(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    path = _firm_file(tmp_path)
    window.files.open_path(path, ask=False)
    outside = json.loads(path.read_text(encoding="utf-8"))
    outside["firm"]["contact_person"] = "别处"
    path.write_text(json.dumps(outside, ensure_ascii=False), encoding="utf-8")
    qtbot.waitUntil(lambda: window.document.data["firm"]["contact_person"] == "别处", timeout=5000)
    assert "已重新载入" in window.statusBar().currentMessage()
    assert not window.document.dirty


def test_a_stale_lock_file_does_not_block(window: MainWindow, tmp_path: Path, answers: Answers) -> None:
    path = _firm_file(tmp_path)
    lock_path(path).write_text('{"pid": 999999999, "since": "2026-01-01 09:00:00"}', encoding="utf-8")
    assert window.files.open_path(path, ask=False)
    assert not window.files.read_only and answers == []


def test_a_knock_is_answered_even_when_the_folder_cannot_be_watched(qtbot, tmp_path: Path) -> None:
    """The system may refuse a watch without a word (its limit is shared by every program of the user)."""
    from desktop.gui.file_guard import FileGuard, knock_dir

    path = _firm_file(tmp_path)
    guard = FileGuard()
    guard.take(path)
    guard._knocks.removePaths(guard._knocks.directories())  # as if the watch had been refused
    knock = knock_dir() / f"{os.getpid()}-test.knock"
    knock.write_text(json.dumps({"path": str(path.resolve())}), encoding="utf-8")
    with qtbot.waitSignal(guard.asked_to_show, timeout=5000):
        pass
    assert not knock.exists()
    guard.release()
