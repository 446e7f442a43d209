"""Autosave: one per document, recovered one by one; closing one window never removes another's autosave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from desktop.catalog import bundled_catalog
from desktop.gui import autosave
from desktop.gui.autosave import autosave_dir, orphans
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.paths import samples_dir
from tests.gui.conftest import Answers


def _set_text(edit: QLineEdit, text: str) -> None:
    edit.setText(text)
    edit.textEdited.emit(text)


def _window(qtbot, tmp_path: Path, name: str) -> MainWindow:
    main = MainWindow(bundled_catalog(), Settings(tmp_path / f"{name}.ini"))
    qtbot.addWidget(main)
    main.show()
    main.document.new("chengdu")
    return main


def _autosaves() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(autosave_dir().glob("*.json"))]


def _crash() -> None:
    """The program dies without closing its windows: its session lock is freed by the system."""
    autosave.end_session()


def test_autosave_then_crash_offers_recovery(qtbot, tmp_path: Path, answers: Answers) -> None:
    window = _window(qtbot, tmp_path, "a")
    _set_text(window.firm_page.edits["name"], "崩溃前的企业")
    window.recovery.timer.setInterval(50)
    qtbot.waitUntil(lambda: bool(_autosaves()), timeout=3000)
    window.recovery.timer.stop()
    _crash()
    restarted = _window(qtbot, tmp_path, "b")
    answers.queue.append(QMessageBox.StandardButton.Yes)
    assert restarted.recovery.offer()
    assert "崩溃前的企业" in answers[-1] and "尚未保存的新企业" in answers[-1]
    assert restarted.document.data["firm"]["name"] == "崩溃前的企业"
    assert restarted.document.dirty
    # The recovered autosave now belongs to the running program: not offered again, kept until saved.
    assert orphans() == [] and len(_autosaves()) == 1
    window.document.dirty = restarted.document.dirty = False


def test_closing_a_second_window_keeps_the_first_windows_autosave(
    qtbot, tmp_path: Path, answers: Answers
) -> None:
    first = _window(qtbot, tmp_path, "first")
    _set_text(first.firm_page.edits["name"], "第一个窗口的企业")
    first.recovery.autosave()
    second = _window(qtbot, tmp_path, "second")
    _set_text(second.firm_page.edits["name"], "第二个窗口的企业")
    second.recovery.autosave()
    assert sorted(a["data"]["firm"]["name"] for a in _autosaves()) == ["第一个窗口的企业", "第二个窗口的企业"]
    # A window of the running program never offers another live window's autosave.
    assert not second.recovery.offer() and answers == []
    answers.queue.append(QMessageBox.StandardButton.Discard)
    assert second.close()
    assert [a["data"]["firm"]["name"] for a in _autosaves()] == ["第一个窗口的企业"]
    _crash()  # now the first window's program dies: its work is still there to recover
    restarted = _window(qtbot, tmp_path, "restarted")
    answers.queue.append(QMessageBox.StandardButton.Yes)
    assert restarted.recovery.offer()
    assert restarted.document.data["firm"]["name"] == "第一个窗口的企业"
    first.document.dirty = restarted.document.dirty = False


def test_each_document_is_recovered_on_its_own(qtbot, tmp_path: Path, answers: Answers) -> None:
    opened = _window(qtbot, tmp_path, "opened")
    assert opened.files.open_path(samples_dir() / "lianyungang-brand.json", ask=False)
    _set_text(opened.firm_page.edits["contact_phone"], "0518-88888888")
    opened.recovery.autosave()
    fresh = _window(qtbot, tmp_path, "fresh")
    _set_text(fresh.firm_page.edits["name"], "新建的企业")
    fresh.recovery.autosave()
    names = {a["path"]: a["data"]["firm"]["name"] for a in _autosaves()}
    assert len(names) == 2 and names[None] == "新建的企业"
    _crash()
    restarted = _window(qtbot, tmp_path, "restarted")
    # Declining one removes only that one; the next is asked about separately.
    answers.queue += [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    assert restarted.recovery.offer()
    assert len(answers) == 2
    declined = "新建的企业" if "新建的企业" in answers[0] else "lianyungang-brand.json"
    recovered = answers[1]
    assert declined not in recovered
    if declined == "新建的企业":
        assert restarted.document.path == samples_dir() / "lianyungang-brand.json"
        assert restarted.document.data["firm"]["contact_phone"] == "0518-88888888"
    else:
        assert restarted.document.data["firm"]["name"] == "新建的企业"
    assert orphans() == []
    opened.document.dirty = fresh.document.dirty = restarted.document.dirty = False


def test_saving_removes_only_that_documents_autosave(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    first = _window(qtbot, tmp_path, "first")
    _set_text(first.firm_page.edits["name"], "甲")
    first.recovery.autosave()
    second = _window(qtbot, tmp_path, "second")
    _set_text(second.firm_page.edits["name"], "乙")
    second.recovery.autosave()
    target = tmp_path / "乙.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert second.files.save_as()
    assert [a["data"]["firm"]["name"] for a in _autosaves()] == ["甲"]
    _set_text(second.firm_page.edits["name"], "乙二")
    second.recovery.autosave()  # now keyed by its file
    saved = {a["data"]["firm"]["name"]: a["path"] for a in _autosaves()}
    assert saved == {"甲": None, "乙二": str(target)}
    first.document.dirty = second.document.dirty = False


def test_declined_recovery_removes_the_autosave(qtbot, tmp_path: Path, answers: Answers) -> None:
    window = _window(qtbot, tmp_path, "a")
    _set_text(window.firm_page.edits["name"], "不要恢复")
    window.recovery.autosave()
    assert _autosaves()
    _crash()
    restarted = _window(qtbot, tmp_path, "b")
    answers.queue.append(QMessageBox.StandardButton.No)
    assert not restarted.recovery.offer()
    assert _autosaves() == []
    window.document.dirty = False


def test_lock_files_of_ended_programs_are_tidied(qtbot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, "a")
    _set_text(window.firm_page.edits["name"], "甲")
    window.recovery.autosave()
    ended = autosave_dir() / f"session-{'0' * 32}.lock"
    ended.write_text("{}", encoding="utf-8")  # left by a program that ended: nobody holds it
    assert orphans() == []
    assert not ended.exists()
    assert (autosave_dir() / f"session-{autosave.session().id}.lock").exists()  # the running one's stays
    window.document.dirty = False


def test_a_full_disk_while_autosaving_is_said_not_raised(qtbot, tmp_path: Path, monkeypatch) -> None:
    import errno

    window = _window(qtbot, tmp_path, "a")
    _set_text(window.firm_page.edits["name"], "甲")

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(autosave, "write_atomic", full)
    window.recovery.autosave()  # on the timer's thread of control: must not raise
    assert "磁盘空间不足" in window.statusBar().currentMessage()
    window.document.dirty = False


def _leave(name: str, text: str) -> Path:
    """An autosave left by a program that is gone (its session id in the name, nobody holding it)."""
    folder = autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.{'0' * 32}.json"
    path.write_text(text, encoding="utf-8")
    return path


def _record(data: object) -> str:
    return json.dumps(
        {"session": "0" * 32, "id": "x", "saved": "2026-03-01 10:00:00", "path": None, "data": data}
    )


DAMAGED = {
    "cut short by a power failure": _record({"firm": {"name": "断电前的企业"}})[:60],
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "valid JSON of another shape": json.dumps(["not", "an", "autosave"]),
    "firm data of the wrong shape": _record({"firm": {"name": {"a": 1}}, "facts": "x"}),
    "facts holding lists": _record({"firm": {"name": "甲"}, "facts": {"cbec_transaction": [1, 2]}}),
    "empty file": "",
    "year as text": _record({"firm": {"name": "甲"}, "year": "二〇二五"}),
}


@pytest.mark.parametrize("case", list(DAMAGED))
def test_a_damaged_autosave_is_set_aside_and_the_window_says_where(
    qtbot, tmp_path: Path, answers: Answers, case: str
) -> None:
    left = _leave("new-abc", DAMAGED[case])
    original = left.read_bytes()
    window = _window(qtbot, tmp_path, "a")
    window.start()
    assert not left.exists()
    [moved] = list((autosave_dir() / "damaged").iterdir())
    assert moved.read_bytes() == original  # nothing of the user's is lost
    assert any(str(moved) in text and "没有被删除" in text for text in answers), answers
    notice = window.skipped_notice
    assert notice.isVisible() and any(str(moved) in line for line in notice.lines())
    window.close()  # the window started and works
    restarted = _window(qtbot, tmp_path, "b")
    restarted.start()  # the next start finds nothing more to say about it
    assert not restarted.skipped_notice.isVisible()


def test_an_autosave_with_odd_but_typed_values_is_offered_and_shown(
    qtbot, tmp_path: Path, answers: Answers
) -> None:
    data = {"firm": {"name": "乙", "credit_code": "123", "established": "2024-02-30"}, "year": 2025,
            "facts": {"cbec_transaction": "很多", "unknown_fact": True}, "claims": {"CD-9": "x"}}  # fmt: skip
    _leave("new-def", _record(data))
    window = _window(qtbot, tmp_path, "a")
    answers.queue.append(QMessageBox.StandardButton.Yes)
    window.start()
    assert window.document.data["firm"]["name"] == "乙" and window.document.dirty
    assert not (autosave_dir() / "damaged").exists()
    window.document.dirty = False
