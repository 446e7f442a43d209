"""Every interface string has its English translation, and the compiled file is up to date."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.gui.i18n import translations_dir

TS = translations_dir() / "grant_desk_en.ts"
GUI = Path(__file__).resolve().parents[2] / "desktop" / "gui"


def qt_tool(name: str) -> Path:
    """Return PySide6's tool installed beside this interpreter (a venv's bin/ or Scripts/), not one on PATH."""
    return Path(sys.executable).parent / (f"{name}.exe" if os.name == "nt" else name)


LUPDATE = qt_tool("pyside6-lupdate")
LRELEASE = qt_tool("pyside6-lrelease")


def test_every_message_is_translated() -> None:
    messages = list(ET.parse(TS).iter("message"))
    assert len(messages) > 100
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, message.findtext("source")
        assert (translation.text or "").strip(), message.findtext("source")


@pytest.mark.skipif(not LUPDATE.exists(), reason=f"{LUPDATE} is not installed")
def test_no_interface_string_is_missing_from_the_translations(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    subprocess.run([str(LUPDATE), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(fresh).iter("context")
        for m in c.iter("message")
    }
    have = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(TS).iter("context")
        for m in c.iter("message")
    }
    assert wanted - have == set(), "run the commands in README 'Translations'"


@pytest.mark.skipif(not LRELEASE.exists(), reason=f"{LRELEASE} is not installed")
@pytest.mark.parametrize("source", sorted(translations_dir().glob("*.ts")), ids=lambda path: path.stem)
def test_compiled_translations_match_the_source(source: Path, tmp_path: Path) -> None:
    compiled = tmp_path / "compiled.qm"
    subprocess.run([str(LRELEASE), str(source), "-qm", str(compiled)], check=True, capture_output=True)
    assert compiled.read_bytes() == source.with_suffix(".qm").read_bytes()


def test_qt_file_dialog_labels_are_chinese(qapp) -> None:
    """Qt's own qtbase_zh_CN leaves "Look in:" and "Files of type:" in English; qt_extra_zh_CN adds them."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    from desktop.gui.i18n import set_language

    set_language("en")
    set_language("zh")
    dialog = QFileDialog(None, "打开")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    dialog.deleteLater()
    assert labels == ["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："]
