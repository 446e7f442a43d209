"""The user's own files in a packet folder: carried into a regenerated packet; only the program's leftovers cleaned."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from desktop.packet.files import MARKER, marker_of, sha256_file

MANIFEST = "manifest.json"
KEPT_SUFFIX = "（您修改的版本）"


def user_files(folder: Path) -> list[str]:
    """Return the names in a packet folder that are not the program's unchanged output, sorted.

    A file is the program's when the folder's manifest lists it with the hash it still has; everything
    else (a scanned licence, a form the clerk edited in Word, a sub-folder) belongs to the user. In a
    sub-folder the program writes (``上传/``, ``打印/``), only what the user changed or added there is the
    user's, named by its path (``上传/06_附件_营业执照（副本）复印件.pdf``).
    """
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
        listed = listed if isinstance(listed, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        listed = {}
    names: list[str] = []

    def visit(directory: Path, prefix: str) -> None:
        for entry in sorted(directory.iterdir()):
            name = prefix + entry.name
            if name in (MANIFEST, MARKER):
                continue
            if (
                entry.is_dir()
                and not entry.is_symlink()
                and any(str(key).startswith(f"{name}/") for key in listed)
            ):
                visit(entry, f"{name}/")
                continue
            if entry.is_file() and not entry.is_symlink() and name in listed:
                try:
                    if sha256_file(entry) == listed[name]:
                        continue
                except OSError:
                    pass
            names.append(name)

    visit(folder, "")
    return names


def _free_name(folder: Path, name: str) -> str:
    """Return ``name``, or ``name`` marked as the user's version when the new packet has a file of that name."""
    if not (folder / name).exists():
        return name
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    for number in range(1, 1000):
        candidate = f"{stem}{KEPT_SUFFIX}{number if number > 1 else ''}{dot}{suffix}"
        if not (folder / candidate).exists():
            return candidate
    raise FileExistsError(name)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # instant and no extra space; the old folder is removed afterwards
    except OSError:
        shutil.copy2(source, target)


def carry_over(old: Path, new: Path) -> list[str]:
    """Copy the user's files of the old packet folder into the new one; return their names in the new one.

    Copies, not moves: until the new folder replaces the old one, the originals stay where they were.
    """
    kept = []
    for name in user_files(old):
        source, target = old / name, new / _free_name(new, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        elif source.is_dir():
            shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(source), str(target))
        kept.append(target.relative_to(new).as_posix())
    return kept


def clean_leftovers(out: Path) -> list[str]:
    """Tidy what killed runs of this program left in ``out``; return the names handled.

    Only folders holding the program's marker are touched: an unfinished new packet (``.*.partial``) is
    removed; an old packet set aside (``.*.old``) goes back in place when its packet is missing, is
    removed when the packet that replaced it holds all of the user's files, and is otherwise kept.
    Other hidden folders, and those of a program still running, are never touched.
    """
    handled: list[str] = []
    if not out.is_dir():
        return handled
    for folder in sorted(out.iterdir()):
        if not folder.is_dir() or folder.is_symlink() or not folder.name.startswith("."):
            continue
        if folder.name.endswith(".partial"):
            mark = marker_of(folder)
            if mark is None:
                try:
                    folder.rmdir()  # empty: killed before it was even marked; nothing of anyone's in it
                    handled.append(folder.name)
                except OSError:
                    pass
            elif mark.get("kind") == "partial" and not _running(mark):
                shutil.rmtree(folder, ignore_errors=True)
                handled.append(folder.name)
        elif folder.name.endswith(".old"):
            mark = marker_of(folder)
            if mark is None or mark.get("kind") != "old" or _running(mark):
                continue
            target = out / str(mark.get("target", ""))
            if target.parent != out or target == out:
                continue
            if not target.exists():
                os.replace(folder, target)
                (target / MARKER).unlink(missing_ok=True)
            elif all((target / name).exists() for name in user_files(folder)):
                shutil.rmtree(folder, ignore_errors=True)
            else:
                continue
            handled.append(folder.name)
    return handled


def leftover_writers(out: Path) -> list[int]:
    """Return the process ids that wrote the program's unfinished (``.*.partial``) folders in ``out``."""
    pids: list[int] = []
    if not out.is_dir():
        return pids
    for folder in out.iterdir():
        if folder.name.startswith(".") and folder.name.endswith(".partial") and folder.is_dir():
            mark = marker_of(folder)
            pid = mark.get("pid") if mark else None
            if isinstance(pid, int) and pid != os.getpid():
                pids.append(pid)
    return pids


def _running(mark: dict[str, object]) -> bool:
    """Return True when the process that wrote a marker is this one or still alive (its folder is in use)."""
    from desktop.locks import process_alive

    pid = mark.get("pid")
    return isinstance(pid, int) and process_alive(pid)
