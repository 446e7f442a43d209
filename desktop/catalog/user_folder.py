"""The user's catalog folder: one folder per added file (the file, its source text, who added it and
when), and what an interrupted ``catalog add`` left behind. Files of the older flat layout (a YAML
file and its source text side by side) are still read."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from desktop.locks import process_alive
from desktop.regular_file import read_regular

RECORD = "added.json"
PARTIAL_PREFIX = ".adding-"
SUFFIXES = (".yaml", ".yml")
MAX_RECORD_BYTES = 64_000
_PARTIAL = re.compile(rf"^{re.escape(PARTIAL_PREFIX)}(\d+)-[0-9a-f]{{8}}-(.+)$")
_WRITE_TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")  # desktop.atomic's temporary file
_SOURCE_LINE = re.compile(r"^source\s*:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class AddedRecord:
    """Who added a file and when (local time, ISO 8601), and the path it was added from."""

    added_by: str
    added_at: str
    original: str = ""

    def to_json(self) -> bytes:
        """Return the record as the JSON file beside the added file holds it."""
        data = {"added_by": self.added_by, "added_at": self.added_at, "from": self.original}
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class AddedPath:
    """An added file in the user's folder: its YAML file, its own folder (None for a file of the flat
    layout) and the record of who added it."""

    path: Path
    folder: Path | None
    record: AddedRecord | None


@dataclass(frozen=True)
class Leftover:
    """What an interrupted ``catalog add`` left: the name ``catalog remove`` takes, and its path."""

    name: str
    path: Path


def read_record(folder: Path) -> AddedRecord | None:
    """Return the record of an added file's folder; None when it has none or it is unreadable."""
    try:
        data = json.loads(read_regular(folder / RECORD, MAX_RECORD_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    values = [data.get(key) for key in ("added_by", "added_at", "from")]
    if not all(isinstance(value, str) for value in values[:2]):
        return None
    return AddedRecord(values[0], values[1], values[2] if isinstance(values[2], str) else "")


def _head(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            return stream.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _is_guide(path: Path) -> bool:
    return re.search(r"^guide\s*:", _head(path), re.MULTILINE) is not None


def _yaml_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()]
    except OSError:
        return []


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []


def added_files(folder: Path) -> list[AddedPath]:
    """Return the added files in the user's catalog folder: documents first (a guide needs its
    document), then guides, each by name."""
    found: list[AddedPath] = []
    for entry in _entries(folder):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            inside = _yaml_files(entry)
            if len(inside) == 1:
                found.append(AddedPath(inside[0], entry, read_record(entry)))
        elif entry.suffix.lower() in SUFFIXES and entry.is_file():
            found.append(AddedPath(entry, None, None))
    found.sort(key=lambda added: added.path.name)
    return sorted(found, key=lambda added: _is_guide(added.path))


def _flat_sources(folder: Path) -> set[str]:
    """Return the source texts the flat layout's YAML files name."""
    return {
        match.group(1).strip() for path in _yaml_files(folder) for match in _SOURCE_LINE.finditer(_head(path))
    }


def leftovers(folder: Path) -> list[Leftover]:
    """Return what interrupted adds left: a temporary folder whose process has ended, a temporary
    file of a write, and (flat layout) a source text no YAML file names."""
    found: list[Leftover] = []
    sources: set[str] | None = None
    for entry in _entries(folder):
        partial = _PARTIAL.match(entry.name)
        if partial and entry.is_dir():
            if not process_alive(int(partial.group(1))):  # else an add is under way right now
                found.append(Leftover(partial.group(2), entry))
        elif _WRITE_TEMPORARY.match(entry.name) and entry.is_file():
            found.append(Leftover(entry.name, entry))
        elif not entry.name.startswith(".") and entry.is_file() and entry.suffix.lower() not in SUFFIXES:
            if sources is None:
                sources = _flat_sources(folder)
            if entry.name not in sources:
                found.append(Leftover(entry.name, entry))
    return found
