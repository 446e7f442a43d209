"""Reading a file someone else made: a regular file only (never a link, device or pipe), at most a given size."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a named pipe must not wait for a writer
_BINARY = getattr(os, "O_BINARY", 0)


class NotARegularFileError(OSError):
    """Raised for a path that is a link, a device, a pipe or a folder, or a file over the size limit;
    ``reason`` says which, in Chinese."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.reason = reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISLNK(mode):
        return "链接"
    return "特殊文件"


def read_regular(path: Path, limit: int, follow_links: bool = False) -> bytes:
    """Return the bytes of the regular file at ``path``, refusing anything else before reading.

    A symbolic link is refused unless ``follow_links`` (and its target must still be a regular
    file); so are devices (/dev/zero), pipes (which would block), folders and files over ``limit``
    bytes. Raises NotARegularFileError, or the OSError of a file that cannot be opened.
    """
    path = Path(path)
    if not follow_links and stat.S_ISLNK(os.lstat(path).st_mode):
        raise NotARegularFileError(path, "是链接(快捷方式)，不是文件本身；请给出文件本身")
    flags = os.O_RDONLY | _NONBLOCK | _BINARY | (0 if follow_links else _NOFOLLOW)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotARegularFileError(path, "是链接(快捷方式)，不是文件本身；请给出文件本身") from exc
        if exc.errno == errno.EISDIR or (os.name == "nt" and path.is_dir()):
            raise NotARegularFileError(path, "是文件夹，不是文件") from exc
        raise
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFileError(path, f"是{_kind(info.st_mode)}，不是普通文件")
        if info.st_size > limit:
            raise NotARegularFileError(path, f"超过 {_size(limit)}")
        data = stream.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise NotARegularFileError(path, f"超过 {_size(limit)}")
    return data


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} KB"
