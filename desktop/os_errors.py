"""OS errors on the user's files and folders as one Chinese line naming the path: the only place they are worded."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from desktop.errors import OutputError, Problem

CLOSE_HINT = "请先在 Excel/Word 中关闭该文件"
_WINDOWS_IN_USE = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def _in_use(exc: OSError, path: Path) -> bool:
    """Return True when a permission error most likely means another program holds the file open.

    On Windows a file open in Excel or Word cannot be replaced; anywhere, a refused write to an existing
    file inside a folder we may write to is the same situation (or a file marked read-only).
    """
    if getattr(exc, "winerror", None) in _WINDOWS_IN_USE:
        return True
    try:
        return path.is_file() and os.access(path.parent, os.W_OK)
    except OSError:
        return False


def _file_in_the_way(path: Path) -> Path | None:
    """Return the file that stands where ``path`` needs a folder (``path`` itself or a parent), if any."""
    for candidate in (path, *path.parents):
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            return None
    return None


def describe(exc: OSError, path: Path | str) -> str:
    """Return what went wrong writing ``path`` as one line a clerk understands (the path is named by the caller)."""
    path = Path(path)
    code = exc.errno
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        if _in_use(exc, path):
            return f"文件“{path.name}”正被其他程序打开或为只读；{CLOSE_HINT}，再重试"
        return "没有写入该位置的权限；请换一个文件夹，或请管理员开放写入权限"
    if code == errno.EROFS:
        return "该位置是只读的(只读磁盘或文件夹)；请换一个文件夹"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "磁盘空间不足；请清理磁盘或换一个磁盘后重试"
    blocker = _file_in_the_way(path)
    if blocker is not None and (code == errno.ENOTDIR or isinstance(exc, FileExistsError)):
        return f"“{blocker.name}”是一个文件，不是文件夹；请换一个文件夹"
    if code == errno.EISDIR:
        return "这是一个文件夹，不是文件；请换一个文件名"
    if code == errno.ENOENT:
        return "找不到该文件夹；请检查路径"
    if code == errno.ENAMETOOLONG:
        return "路径太长；请换一个较短的文件夹"
    if code == errno.EEXIST:
        return "已存在同名的文件或文件夹"
    return exc.strerror or str(exc)


def output_error(exc: OSError, path: Path | str) -> OutputError:
    """Return the OutputError to raise for ``exc`` met while writing ``path``: one line naming the path."""
    return OutputError(str(path), [Problem("", f"无法写入：{describe(exc, path)}")])


def check_replaceable(path: Path) -> None:
    """Raise OutputError now if an existing ``path`` cannot be written (open in Excel, read-only), so a long
    batch does not run only to fail at its end."""
    if not path.is_file():
        return
    try:
        os.close(os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0)))
    except OSError as exc:
        raise output_error(exc, path) from exc
