"""Translations with Qt's own mechanism: sources are written in 简体中文, English comes from a .qm file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.paths import resources_dir

LANGUAGES = ("zh", "en")
_state = {"language": "zh", "translator": None}


def translations_dir() -> Path:
    """Return the folder of the compiled translations (.qm)."""
    return resources_dir() / "translations"


def is_english() -> bool:
    """Return True when the interface is in English."""
    return _state["language"] == "en"


def current_language() -> str:
    """Return ``zh`` or ``en``."""
    return str(_state["language"])


def set_language(language: str) -> bool:
    """Switch the application's language; installing or removing a translator sends every widget a
    LanguageChange event, on which it retranslates.

    Returns False when the English translation file cannot be loaded (the interface stays Chinese).
    """
    app = QCoreApplication.instance()
    old = _state["translator"]
    if old is not None and app is not None:
        app.removeTranslator(old)
        _state["translator"] = None
    _state["language"] = "zh"
    if language == "en":
        translator = QTranslator(app)
        if not translator.load(str(translations_dir() / "grant_desk_en.qm")):
            return False
        if app is not None:
            app.installTranslator(translator)
        _state["translator"] = translator
        _state["language"] = "en"
    return True
