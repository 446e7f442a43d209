"""The program's remembered settings (language, recent files, folders) and its data folders."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_dir, user_data_dir
from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from desktop.paths import APP_NAME

MAX_RECENT = 8


def data_dir() -> Path:
    """Return the user's data folder (autosaves, custom forms)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


class Settings:
    """Typed access to the program's settings, kept in an ini file in the user's config folder."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.ini"
        self._store = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def language(self) -> str:
        """Return ``zh`` (the default) or ``en``."""
        value = self._store.value("language", "zh")
        return value if value in ("zh", "en") else "zh"

    @language.setter
    def language(self, value: str) -> None:
        self._store.setValue("language", value)
        self._store.sync()

    @property
    def first_start(self) -> bool:
        """Return True until the program has been started once."""
        return self._store.value("started", "false") != "true"

    def mark_started(self) -> None:
        """Remember that the program has been started."""
        self._store.setValue("started", "true")
        self._store.sync()

    def recent_files(self) -> list[str]:
        """Return the recently opened or saved firm files, newest first, existing ones only."""
        value = self._store.value("recent", [])
        files = [value] if isinstance(value, str) else list(value or [])
        return [f for f in files if Path(f).is_file()]

    def add_recent(self, path: Path) -> None:
        """Put a file at the top of the recent files."""
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        self._store.setValue("recent", files[:MAX_RECENT])
        self._store.sync()

    @property
    def last_folder(self) -> str:
        """Return the folder last used for packets."""
        return str(self._store.value("last_folder", str(Path(documents_dir()) / "申报材料")))

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self._store.setValue("last_folder", value)
        self._store.sync()

    @property
    def file_folder(self) -> str:
        """Return the folder the last file dialog used; the user's Documents folder at first."""
        value = str(self._store.value("file_folder", "") or "")
        if value and Path(value).is_dir():
            return value
        return documents_dir()

    @file_folder.setter
    def file_folder(self, value: str) -> None:
        self._store.setValue("file_folder", value)
        self._store.sync()

    def remember_file(self, path: str | Path) -> None:
        """Remember the folder of a file chosen in a dialog, for the next dialog."""
        self.file_folder = str(Path(path).parent)

    @property
    def step(self) -> int | None:
        """Return the step the window showed when it was closed last (0-based), or None."""
        try:
            value = int(self._store.value("step", -1))
        except (TypeError, ValueError):
            return None
        return value if value >= 0 else None

    @step.setter
    def step(self, value: int) -> None:
        self._store.setValue("step", value)
        self._store.sync()

    @property
    def geometry(self) -> QByteArray | None:
        """Return the main window's remembered geometry, or None."""
        value = self._store.value("geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("geometry", value)
        self._store.sync()


def documents_dir() -> str:
    """Return the user's Documents folder (the home folder when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found if found and Path(found).is_dir() else str(Path.home())
