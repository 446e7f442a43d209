"""Exclusive locks held by the operating system for a process: a killed holder's lock is free again at once."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path


def process_alive(pid: int) -> bool:
    """Return True when process ``pid`` exists and has not ended (a zombie counts as ended)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


class FileLock:
    """An exclusive, non-blocking lock on a file, released by the system when the process ends.

    The file holds who locked it (process id, start time) for the message a second comer shows.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self, info: dict[str, object] | None = None) -> bool:
        """Take the lock and write ``info`` into the file; return False when another holder has it."""
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
            if not _lock(fd):
                os.close(fd)
                return False
            try:  # the holder before us may have removed the file between our open and our lock
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            _unlock(fd)
            os.close(fd)
        self._fd = fd
        text = json.dumps({"pid": os.getpid(), **(info or {})}, ensure_ascii=False).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, text)
        except OSError:  # a full disk: no lock, and no lock file left behind
            self.release()
            raise
        return True

    def holder(self) -> dict[str, object]:
        """Return what the current holder wrote into the lock file (empty when unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def release(self, remove: bool = True) -> None:
        """Give the lock up and (by default) remove the lock file."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if remove and sys.platform != "win32":
            self.path.unlink(missing_ok=True)  # while still locked: no one can take a lock on a dead file
        _unlock(fd)
        os.close(fd)
        if remove and sys.platform == "win32":
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)

    @property
    def held(self) -> bool:
        """Return True while this object holds the lock."""
        return self._fd is not None


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
