"""Autosaves: one per open document (keyed by its file, or a new document's id), each recovered on its own.

Every running copy of the program holds a session lock in the autosave folder; an autosave whose
session lock is free was left by a program that ended without closing the document (a crash), and
only those are offered for recovery. Another window's autosave is never offered nor removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.firm import decode_json, write_atomic
from desktop.gui.settings import data_dir
from desktop.locks import FileLock

_SESSION_ID = re.compile(r"[0-9a-f]{32}")


def autosave_dir() -> Path:
    """Return the folder of the autosaves."""
    return data_dir() / "autosave"


class Session:
    """This running program in the autosave folder: an id, and a lock the system holds while it lives."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.id = uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        self.lock = FileLock(_lock_path(folder, self.id))
        self.lock.acquire()

    def end(self) -> None:
        """Give the session up (the program ends)."""
        self.lock.release()


_session: Session | None = None


def session() -> Session:
    """Return this program's session in the current autosave folder, starting it on first use."""
    global _session
    folder = autosave_dir()
    if _session is None or _session.folder != folder:
        _session = Session(folder)
    return _session


def end_session() -> None:
    """End this program's session: its autosaves become recoverable (as after a crash)."""
    global _session
    if _session is not None:
        _session.end()
        _session = None


def _lock_path(folder: Path, session_id: str) -> Path:
    return folder / f"session-{session_id}.lock"


def _session_alive(folder: Path, session_id: object) -> bool:
    if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
        return False
    if _session is not None and session_id == _session.id:
        return True
    path = _lock_path(folder, session_id)
    if not path.exists():
        return False
    lock = FileLock(path)
    try:
        if not lock.acquire():
            return True
    except OSError:
        return True
    lock.release()  # its program is gone: the stale lock file goes too
    return False


def document_key(path: Path | None, document_id: str) -> str:
    """Return the autosave key of a document: a hash of its file's full path, or its id while it has none."""
    if path is None:
        return f"new-{document_id}"
    full = os.path.normcase(str(Path(path).resolve()))
    return hashlib.sha256(full.encode("utf-8")).hexdigest()[:16]


@dataclass
class Autosave:
    """One autosave left by a program that did not close its document."""

    file: Path
    path: Path | None
    document_id: str
    data: dict[str, Any]
    saved: str

    def discard(self) -> None:
        """Remove it (recovered into a window, or declined)."""
        self.file.unlink(missing_ok=True)


def orphans() -> list[Autosave]:
    """Return the autosaves whose program is gone, newest first; unreadable ones are removed."""
    folder = autosave_dir()
    found: list[Autosave] = []
    if not folder.is_dir():
        return found
    for file in folder.glob("*.json"):
        try:
            saved = decode_json(file.read_text(encoding="utf-8"))
            if not isinstance(saved, dict):
                raise TypeError
            if _session_alive(folder, saved.get("session")):
                continue
            data, original = saved["data"], saved.get("path")
            if not isinstance(data, dict):
                raise TypeError
            found.append(
                Autosave(
                    file,
                    Path(original) if isinstance(original, str) and original else None,
                    str(saved.get("id") or uuid.uuid4().hex),
                    data,
                    str(saved.get("saved") or ""),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            if not _session_alive(folder, _peek_session(file)):
                file.unlink(missing_ok=True)
    for lock in folder.glob("session-*.lock"):  # programs that ended leave their (free) lock files
        _session_alive(folder, lock.stem.removeprefix("session-"))
    return sorted(found, key=lambda autosave: autosave.saved, reverse=True)


def _peek_session(file: Path) -> object:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return data.get("session") if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


class DocumentAutosave:
    """The autosave of the document open in one window: written while it has unsaved changes, removed
    when it is saved, discarded or closed; it follows the document when it gets a file name."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.file: Path | None = None
        self._written: str | None = None
        document.path_changed.connect(lambda _: self.discard())  # another file, or saved: nothing to recover

    def save(self) -> None:
        """Write the autosave if the document has unsaved changes not yet autosaved."""
        document = self.document
        if not document.dirty:
            return
        current = session()
        file = current.folder / f"{document_key(document.path, document.id)}.{current.id}.json"
        body = {"path": str(document.path) if document.path else None, "data": document.data_for_file()}
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        if text == self._written and file == self.file:
            return
        record = {
            "session": current.id,
            "id": document.id,
            "saved": datetime.now().isoformat(sep=" ", timespec="seconds"),
            **body,
        }
        write_atomic(file, json.dumps(record, ensure_ascii=False, indent=2))
        if self.file is not None and self.file != file:
            self.file.unlink(missing_ok=True)  # the document was saved under a new name or replaced
        self.file, self._written = file, text

    def discard(self) -> None:
        """Remove this document's autosave (saved, discarded, or closed): no other window's."""
        if self.file is not None:
            self.file.unlink(missing_ok=True)
        self.file, self._written = None, None

    def adopt(self, autosave: Autosave) -> None:
        """Take over a recovered autosave: the document continues under its id, autosaved as this window's."""
        self.document.id = autosave.document_id
        self.save()
        autosave.discard()
