"""Installing and removing added documents and guides: one atomic step each way.

An add writes the checked bytes (the file, its source text, who added it and when) into a temporary
folder and renames it into place; killed at any moment it leaves either nothing or that temporary
folder, which the catalog lists as skipped and ``catalog remove`` clears.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from desktop.atomic import new_folder
from desktop.catalog.added import Checked, catalog_in_use, check_file, forget_catalog_in_use, with_added
from desktop.catalog.loader import ADDED, Catalog, CatalogFile, bundled_catalog
from desktop.catalog.suggest import suggest
from desktop.catalog.user_folder import PARTIAL_PREFIX, RECORD, AddedRecord, added_files, leftovers
from desktop.errors import CatalogError, Problem
from desktop.paths import user_catalog_dir


def current_user() -> str:
    """Return the name of the person running the program (the system account)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no account name in the environment or the password file
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "未知用户"


def _free_name(folder: Path, stem: str) -> Path:
    for number in range(1, 1000):
        candidate = folder / (stem if number == 1 else f"{stem}-{number}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise CatalogError(str(folder), [Problem("", f"用户政策目录中 {stem} 的同名文件夹过多")])


def _write_new(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as stream:  # never through a name that already exists
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _clear_leftovers_of(folder: Path, stem: str) -> None:
    """Remove what an earlier, interrupted add of the same file left (it is being added again)."""
    for left in leftovers(folder):
        if left.name == stem and left.path.name.startswith(PARTIAL_PREFIX):
            shutil.rmtree(left.path, ignore_errors=True)


def install(checked: Checked, folder: Path | None = None) -> CatalogFile:
    """Install a checked file (and its source text) into the user's catalog folder as one step;
    raises CatalogError when the folder cannot be written (nothing is installed then)."""
    from desktop.os_errors import describe

    folder = Path(folder or user_catalog_dir())
    origin = checked.item.path
    record = AddedRecord(
        current_user(), datetime.now().astimezone().isoformat(timespec="seconds"), str(origin)
    )
    staging: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _clear_leftovers_of(folder, origin.stem)
        staging = new_folder(folder, f"{PARTIAL_PREFIX}{os.getpid()}-", f"-{origin.stem}")
        if checked.source is not None:
            name, data = checked.source
            _write_new(staging.joinpath(*PurePosixPath(name).parts), data)
        _write_new(staging / origin.name, checked.data)
        _write_new(staging / RECORD, record.to_json())
        target = _free_name(folder, origin.stem)
        os.rename(staging, target)  # the one step: before it nothing is installed, after it all is
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise CatalogError(
            str(folder), [Problem("", f"无法写入用户政策目录：{describe(exc, folder)}")]
        ) from exc
    forget_catalog_in_use()
    return replace(
        checked.item, path=target / origin.name, added_by=record.added_by, added_at=record.added_at
    )


def add_file(path: Path, folder: Path | None = None) -> CatalogFile:
    """Check a file against the bundled catalog and everything already added, then install it.
    Raises CatalogError; nothing is installed then."""
    folder = Path(folder or user_catalog_dir())
    return install(check_file(Path(path), catalog_in_use(folder)), folder)


def find_added(name: str, catalog: Catalog) -> CatalogFile:
    """Return the added file called ``name`` (its document or guide name, file name or folder name)."""
    for item in catalog.files:
        if name in (item.name, item.path.name, item.path.stem, item.path.parent.name):
            if item.origin != ADDED:
                raise CatalogError(
                    name, [Problem("", f"《{item.name}》是内置文件，不能删除；只能删除用户添加的文件")]
                )
            return item
    names = [f.name for f in catalog.files if f.origin == ADDED]
    listed = "、".join(names) if names else "(尚未添加任何文件)"
    raise CatalogError(
        name, [Problem("", f"没有名为 {name} 的添加文件{suggest(name, names)}；已添加：{listed}")]
    )


def _remove_leftovers(name: str, folder: Path) -> list[str]:
    removed = []
    for left in leftovers(folder):
        if name in (left.name, left.path.name):
            if left.path.is_dir() and not left.path.is_symlink():
                shutil.rmtree(left.path)
            else:
                left.path.unlink()
            removed.append(left.name)
    return removed


def _remove_installed(item: CatalogFile, folder: Path, after: Catalog) -> None:
    """Delete the added file, its source text and record: only what the add wrote."""
    own = next((added.folder for added in added_files(folder) if added.path == item.path), None)
    document = item.document
    source = getattr(document, "source", None)
    if own is None:  # the flat layout: the source text may be shared with another added file
        item.path.unlink()
        shared = any(
            getattr(other.document, "source", None) == source
            for other in after.files
            if other.origin == ADDED
        )
        if source and not shared:
            (folder / source.replace("\\", "/")).unlink(missing_ok=True)
        return
    files = [item.path, own / RECORD]
    if source:
        files.append(own.joinpath(*PurePosixPath(source.replace("\\", "/")).parts))
    for path in files:
        path.unlink(missing_ok=True)
    for inner in sorted((p for p in own.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            inner.rmdir()
    with contextlib.suppress(OSError):  # the user's own files put there stay, and so does the folder
        own.rmdir()


def remove_file(name: str, folder: Path | None = None) -> str:
    """Take an added document or guide out of the user's folder, or clear what an interrupted add of
    that name left; return what was done, in a line. Refused while another added file depends on it
    (a guide on its document)."""
    folder = Path(folder or user_catalog_dir())
    cleared = _remove_leftovers(name, folder)
    if cleared:
        forget_catalog_in_use()
        return f"已清除未完成的添加：{'、'.join(cleared)}"
    catalog = catalog_in_use(folder)
    item = find_added(name, catalog)
    before = {e.source for e in catalog.skipped}
    after = with_added(bundled_catalog(), folder, leave_out=item.path)
    broken = [e for e in after.skipped if e.source not in before]
    if broken:
        raise CatalogError(
            name,
            [
                Problem(Path(e.source).name, f"依赖《{item.name}》：{p.message}；请先删除该文件")
                for e in broken
                for p in e.problems[:1]
            ],
        )
    _remove_installed(item, folder, after)
    forget_catalog_in_use()
    return f"已删除{item.kind_label}《{item.name}》"
