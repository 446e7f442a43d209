"""GUI test setup: Qt offscreen, settings and data folders in a temporary place, a fresh main window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.catalog import bundled_catalog
from desktop.gui import questions
from desktop.gui.i18n import set_language
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep settings, autosaves and custom forms of each test in its own temporary folder, and never
    let a modal message box block a test: unless a test answers them, questions are answered Discard."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(questions, "choose", lambda *a, **k: None)
    for name in ("warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    return tmp_path


class Answers(list):
    """The message-box texts shown during a test, and queues of the buttons and choices to answer with."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[QMessageBox.StandardButton] = []
        self.choices: list[int | None] = []  # answers to questions.choose (None: 取消)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Answer QMessageBox questions from ``answers.queue`` (Cancel when empty) and record every text."""
    asked = Answers()

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return asked.queue.pop(0) if asked.queue else QMessageBox.StandardButton.Cancel

    def choose(parent, title, text, answers, default=0):
        asked.append(text)
        return asked.choices.pop(0) if asked.choices else None

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(questions, "choose", choose)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: asked.append(text))
    return asked


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    """Return a shown main window with an empty firm, closed without prompts afterwards."""
    set_language("zh")
    main = MainWindow(bundled_catalog(), Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.show()
    main.document.new("chengdu")
    yield main
    main.generate_page.stop()
    set_language("zh")
