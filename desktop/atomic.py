"""Atomic writes that take nothing from the user: through symlinks, keeping the file's mode, umask permissions."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Temporary files and folders are created with os.open/os.mkdir and the usual 0o666/0o777, so the
# user's umask decides their permissions (tempfile.mkstemp/mkdtemp would make them 0600/0700 for good).


def _unique(parent: Path, prefix: str, suffix: str, make: Callable[[Path], T]) -> tuple[Path, T]:
    for _ in range(100):
        candidate = parent / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return candidate, make(candidate)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "没有可用的临时文件名", str(parent))


def new_folder(parent: Path, prefix: str, suffix: str) -> Path:
    """Create and return a new, uniquely named folder in ``parent`` with the umask's permissions."""
    path, _ = _unique(Path(parent), prefix, suffix, lambda candidate: candidate.mkdir(0o777))
    return path


def real_target(path: Path) -> Path:
    """Return the file a write to ``path`` should replace: the end of its symlinks, else ``path`` itself."""
    return Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)


def write_bytes(path: Path, data: bytes, replace: bool = True, fsync: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, then rename it into place.

    A symlink is followed (the file it points to is written, the link stays); an existing file keeps its
    permissions; a new one gets the umask's. With ``replace=False`` an existing file raises
    FileExistsError and is left untouched. A failure leaves the old file whole and no temporary behind.
    """
    target = real_target(Path(path))
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    temporary, handle = _unique(
        target.parent, f".{target.name[:40]}.", ".tmp", lambda candidate: os.open(candidate, flags, 0o666)
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if fsync:
                stream.flush()
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        if replace:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _place_new(temporary: Path, target: Path) -> None:
    """Move ``temporary`` to ``target`` only if nothing is there: a hard link fails on an existing name."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links (FAT, some network shares)
        if target.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(temporary, target)
        return
    temporary.unlink()


def write_text(path: Path, text: str, replace: bool = True) -> None:
    """Write UTF-8 text with ``\\n`` line ends atomically and durably (see write_bytes)."""
    write_bytes(path, text.encode("utf-8"), replace=replace, fsync=True)
