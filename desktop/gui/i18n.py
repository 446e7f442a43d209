"""Translations with Qt's own mechanism: sources are written in 简体中文, English comes from a .qm file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from desktop.paths import resources_dir

LANGUAGES = ("zh", "en")
PROGRAM_NAME = {"zh": "跨境电商政策申报助手", "en": "CBEC Grant Desk"}
_state: dict[str, object] = {"language": "zh", "translators": []}


def translations_dir() -> Path:
    """Return the folder of the compiled translations (.qm)."""
    return resources_dir() / "translations"


def qt_translations_dir() -> Path:
    """Return the folder of Qt's own translations (standard buttons, file dialogs), shipped with PySide6."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / "qtbase_zh_CN.qm").is_file():  # a bundle may not say where Qt's files went
        import PySide6

        folder = Path(PySide6.__file__).resolve().parent / "Qt" / "translations"
    return folder


def is_english() -> bool:
    """Return True when the interface is in English."""
    return _state["language"] == "en"


def current_language() -> str:
    """Return ``zh`` or ``en``."""
    return str(_state["language"])


def program_name() -> str:
    """Return the program's name in the current language (one name, never both)."""
    return PROGRAM_NAME[current_language()]


def _translator(path: Path) -> QTranslator | None:
    translator = QTranslator()
    return translator if translator.load(str(path)) else None


def set_language(language: str) -> bool:
    """Switch the application's language; installing or removing a translator sends every widget a
    LanguageChange event, on which it retranslates.

    Chinese loads Qt's own ``qtbase_zh_CN`` so standard buttons (保存/不保存/取消) and file dialogs
    speak Chinese too (``qt_extra_zh_CN`` adds the file dialog labels it lacks: 查找范围, 文件类型); English loads the program's translation (Qt's own texts are English already).
    Returns False when the English translation file cannot be loaded (the interface stays Chinese).
    """
    app = QCoreApplication.instance()
    language = "en" if language == "en" else "zh"
    if language == _state["language"] and (_state["translators"] or app is None):
        return True  # nothing to change: no LanguageChange storm for widgets being torn down
    wanted: list[QTranslator] = []
    if language == "en":
        english = _translator(translations_dir() / "grant_desk_en.qm")
        if english is None:
            return set_language("zh") and False
        wanted.append(english)
    else:
        base = _translator(qt_translations_dir() / "qtbase_zh_CN.qm")
        extra = _translator(translations_dir() / "qt_extra_zh_CN.qm")  # what qtbase_zh_CN lacks
        wanted += [translator for translator in (base, extra) if translator is not None]
    if app is not None:
        for old in _state["translators"]:  # type: ignore[union-attr]
            app.removeTranslator(old)
        for translator in wanted:
            app.installTranslator(translator)
        if hasattr(app, "setApplicationDisplayName"):
            app.setApplicationDisplayName(PROGRAM_NAME[language])
    _state["translators"] = wanted
    _state["language"] = language
    return True
