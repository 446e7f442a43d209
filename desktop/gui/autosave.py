"""Autosaves: one per open document (keyed by its file, or a new document's id), each recovered on its own.

Every running copy of the program holds a session lock in the autosave folder; an autosave whose
session lock is free was left by a program that ended without closing the document (a crash), and
only those are offered for recovery. Another window's autosave is never offered nor removed.
An autosave that cannot be read (cut short by a power failure) or holds something other than a
firm is never deleted: it is moved to ``autosave/damaged/`` and the window says where.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.errors import InputError
from desktop.firm import decode_json, write_atomic
from desktop.gui.settings import data_dir
from desktop.jsontext import read_json_text
from desktop.locks import FileLock

_SESSION_ID = re.compile(r"[0-9a-f]{32}")
DAMAGED = "damaged"


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


@dataclass(frozen=True)
class Damaged:
    """An autosave that could not be offered: its name, why, and where it was set aside (None when
    it could not be moved)."""

    name: str
    reason: str
    moved_to: Path | None


class _Unusable(Exception):
    """An autosave that is not one: the reason, in the user's words."""


_SCALAR = (str, int, float, bool, type(None), Decimal)


def _shape_problem(data: object) -> str | None:
    """Return why ``data`` is not a firm the window can show (a wrong type where the firm file has a
    fixed one), or None. Invalid values of the right type are kept: they are what the user typed."""
    blank = {
        "firm": dict, "facts": dict, "claims": dict, "history": list, "other_support": list,
        "year": (int, type(None)), "schema_version": (int, type(None)),
    }  # fmt: skip
    if not isinstance(data, dict):
        return "内容不是企业数据"
    for key, kind in blank.items():
        if key in data and not isinstance(data[key], kind):
            return f"字段 {key} 的类型不对"
    firm = data.get("firm", {})
    for key, value in firm.items():
        allowed = list if key == "roles" else _SCALAR
        if not isinstance(value, allowed) or (key == "roles" and not all(isinstance(v, str) for v in value)):
            return f"字段 firm.{key} 的类型不对"
    for key in ("facts", "claims"):
        if not all(isinstance(value, _SCALAR) for value in data.get(key, {}).values()):
            return f"字段 {key} 中有无法显示的值"
    for key in ("history", "other_support"):
        for item in data.get(key, []):
            if not isinstance(item, dict) or not all(isinstance(v, _SCALAR) for v in item.values()):
                return f"字段 {key} 中有无法显示的条目"
    return None


def _read(file: Path) -> dict[str, Any]:
    try:
        saved = decode_json(read_json_text(file))
    except InputError as exc:
        raise _Unusable("内容不完整或已损坏(可能因断电而中断)") from exc
    if not isinstance(saved, dict) or not isinstance(saved.get("data"), dict):
        raise _Unusable("内容不是本程序的自动保存")
    problem = _shape_problem(saved["data"])
    if problem:
        raise _Unusable(f"内容不是本程序的自动保存：{problem}")
    return saved


def _session_of(file: Path) -> str:
    """Return the session id an autosave's name carries (``key.session.json``)."""
    parts = file.name.split(".")
    return parts[-2] if len(parts) >= 3 else ""


def _set_aside(file: Path, reason: str) -> Damaged:
    """Move a damaged autosave into ``damaged/`` under a name no other file has (never over one)."""
    folder = file.parent / DAMAGED
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder.mkdir(exist_ok=True)
        for number in range(1, 1000):
            target = folder / f"{file.stem}-{stamp}{'' if number == 1 else f'-{number}'}.json"
            if not target.exists():
                os.rename(file, target)
                return Damaged(file.name, reason, target)
    except OSError:
        pass
    return Damaged(file.name, reason, None)


def scan() -> tuple[list[Autosave], list[Damaged]]:
    """Return the autosaves whose program is gone (newest first), and those that could not be read or
    are not a firm, each moved to ``autosave/damaged/`` (never deleted)."""
    folder = autosave_dir()
    found: list[Autosave] = []
    damaged: list[Damaged] = []
    if not folder.is_dir():
        return found, damaged
    for file in sorted(folder.glob("*.json")):
        if _session_alive(folder, _session_of(file)):
            continue  # a running window's: never touched
        try:
            saved = _read(file)
        except _Unusable as exc:
            damaged.append(_set_aside(file, str(exc)))
            continue
        if _session_alive(folder, saved.get("session")):
            continue
        original = saved.get("path")
        found.append(
            Autosave(
                file,
                Path(original) if isinstance(original, str) and original else None,
                str(saved.get("id") or uuid.uuid4().hex),
                saved["data"],
                str(saved.get("saved") or ""),
            )
        )
    for lock in folder.glob("session-*.lock"):  # programs that ended leave their (free) lock files
        _session_alive(folder, lock.stem.removeprefix("session-"))
    return sorted(found, key=lambda autosave: autosave.saved, reverse=True), damaged


def orphans() -> list[Autosave]:
    """Return the autosaves whose program is gone, newest first (damaged ones are set aside)."""
    return scan()[0]


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
