"""One firm file, one window: a lock beside the file other windows see, the file's state on disk, and a
knock that asks the window holding a file to come forward."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal

from desktop.gui.settings import data_dir
from desktop.locks import FileLock
from desktop.paths import samples_dir

KNOCK_WAIT_S = 5.0  # how long a knock waits for the window holding the file to answer (a busy machine)
STALE_KNOCK_S = 60
KNOCK_POLL_MS = 1000  # a window holding a file also looks for knocks this often


def lock_path(path: Path) -> Path:
    """Return the lock file beside a firm file (LibreOffice's pattern, which version control ignores)."""
    return path.with_name(f".~lock.{path.name}#")


def knock_dir() -> Path:
    """Return the folder where one window asks another to come forward."""
    return data_dir() / "windows"


@dataclass(frozen=True)
class DiskState:
    """What a file is on disk: enough to tell that someone else wrote it."""

    modified_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> DiskState | None:
        """Return the file's state, or None when it cannot be read (gone, moved, no access)."""
        try:
            data = path.read_bytes()
            return cls(path.stat().st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
        except OSError:
            return None


@dataclass(frozen=True)
class Holder:
    """Another window holding a firm file: its process and since when."""

    pid: int
    since: str

    @classmethod
    def of(cls, info: dict[str, object]) -> Holder:
        pid = info.get("pid")
        return cls(pid if isinstance(pid, int) else 0, str(info.get("since") or ""))


def lockable(path: Path) -> bool:
    """Return False for the program's own sample firms: any number of windows may show them, and
    no lock file is written into the program's folder."""
    return not Path(path).resolve().is_relative_to(samples_dir().resolve())


def holder_of(path: Path) -> Holder | None:
    """Return the other window holding ``path``, or None when no one does (or it cannot be told)."""
    if not lockable(path):
        return None
    lock = FileLock(lock_path(Path(path).resolve()))
    try:
        if lock.acquire():
            lock.release()
            return None
    except OSError:  # a folder we cannot write to: no lock can be taken there, by anyone
        return None
    return Holder.of(lock.holder())


class FileGuard(QObject):
    """The firm file one window has open: held by a lock beside it (read-only when another window
    holds it), watched for changes on disk, and reachable by a knock from another window."""

    changed_on_disk = Signal()  # the file changed on disk, written by someone other than this window
    asked_to_show = Signal()  # another window wants to open this window's file

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.read_only = False
        self.state: DiskState | None = None
        self._lock: FileLock | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._file_changed)
        self._knocks = QFileSystemWatcher(self)
        self._knocks.directoryChanged.connect(lambda _: self._answer_knocks())
        # and once a second besides: a watch can be refused without a word (the system's limit of
        # watches is shared by every program of the user), and then a knock would go unanswered
        self._knock_timer = QTimer(self)
        self._knock_timer.setInterval(KNOCK_POLL_MS)
        self._knock_timer.timeout.connect(self._answer_knocks)

    def take(self, path: Path | None) -> None:
        """Hold ``path`` (the file now open in the window), letting go of the file held before."""
        path = Path(path).resolve() if path is not None else None
        if path == self.path:
            self.saved()
            return
        self.release()
        self.path = path
        if path is None or not lockable(path):
            return
        lock = FileLock(lock_path(path))
        try:
            held = lock.acquire({"since": datetime.now().isoformat(sep=" ", timespec="seconds")})
        except (
            OSError
        ):  # a read-only folder (a CD, a share): no lock, but the window may still save elsewhere
            held = False
            lock = None
        else:
            self.read_only = not held
        self._lock = lock if held else None
        self.state = DiskState.of(path)
        if path.exists():
            self._watcher.addPath(str(path))
        self._listen()

    def holds(self, path: Path) -> bool:
        """Return True when this window holds the lock of ``path``."""
        return self._lock is not None and self.path == Path(path).resolve()

    def saved(self) -> None:
        """Note the file as this window just wrote it."""
        if self.path is not None:
            self.state = DiskState.of(self.path)
            if str(self.path) not in self._watcher.files() and self.path.exists():
                self._watcher.addPath(str(self.path))

    def changed_since_read(self) -> bool:
        """Return True when the file on disk is no longer what this window read or wrote last."""
        if self.path is None or self.state is None:
            return False
        now = DiskState.of(self.path)
        return now is not None and now != self.state

    def release(self) -> None:
        """Let go of the file: the lock file goes, the watch stops."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        self._knock_timer.stop()
        self.path, self.read_only, self.state = None, False, None

    def _file_changed(self, name: str) -> None:
        if self.path is None or Path(name) != self.path:
            return
        if self.path.exists() and name not in self._watcher.files():
            self._watcher.addPath(name)  # a file replaced by a rename is no longer watched
        if self.changed_since_read():
            self.changed_on_disk.emit()

    # -- knocks ----------------------------------------------------------------------------------
    def _listen(self) -> None:
        folder = knock_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        if str(folder) not in self._knocks.directories():
            self._knocks.addPath(str(folder))
        self._knock_timer.start()

    def _answer_knocks(self) -> None:
        if self.path is None:
            return
        for knock in knock_dir().glob(f"{os.getpid()}-*.knock"):
            try:
                asked = json.loads(knock.read_text(encoding="utf-8")).get("path")
                old = time.time() - knock.stat().st_mtime > STALE_KNOCK_S
            except (OSError, ValueError, AttributeError):
                continue
            if old:
                knock.unlink(missing_ok=True)
            elif asked == str(self.path):
                knock.unlink(missing_ok=True)
                self.asked_to_show.emit()


def knock(holder: Holder, path: Path) -> bool:
    """Ask the window holding ``path`` to come forward; return True when it answered."""
    folder = knock_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / f"{holder.pid}-{secrets.token_hex(4)}.knock"
        file.write_text(json.dumps({"path": str(Path(path).resolve())}, ensure_ascii=False), encoding="utf-8")
    except OSError:
        return False
    deadline = time.monotonic() + KNOCK_WAIT_S
    while file.exists() and time.monotonic() < deadline:
        QCoreApplication.processEvents()  # the holder may be a window of this very program
        time.sleep(0.02)
    answered = not file.exists()
    file.unlink(missing_ok=True)
    return answered
