"""Safe, deterministic files: sanitised names, zip containers with fixed timestamps, atomic folders, hashes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from desktop.atomic import new_folder, write_bytes

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAX_NAME_LENGTH = 80
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# Windows reserves these device names with any extension, also with spaces before the dot.
_RESERVED = re.compile(
    r"^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[1-9¹²³]|LPT[1-9¹²³]) *(\..*)?$", re.IGNORECASE
)


def safe_name(name: str, fallback: str = "未命名") -> str:
    """Return ``name`` usable as a file or folder name on Windows, macOS and Linux.

    Path separators and reserved characters become ``_``; leading and trailing dots and spaces go;
    Windows device names get a ``_`` prefix; the result is at most MAX_NAME_LENGTH characters.
    """
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub("_", text).strip(" .")
    text = re.sub(r"_{2,}", "_", text)
    if not text.strip("_"):
        text = fallback
    if _RESERVED.match(text):
        text = f"_{text}"
    return text[:MAX_NAME_LENGTH].rstrip(" .")


def title_for_file(title: str) -> str:
    """Return a measure's title as it stands in a file name the clerk and the bureau read.

    ``做大做强(跨境电商贸易企业)`` → ``做大做强（跨境电商贸易企业）``: brackets full-width as the forms print
    them, no spaces, and what no system allows in a name replaced (safe_name).
    """
    text = title.replace("(", "（").replace(")", "）")
    return safe_name(re.sub(r"\s+", "", text))


def sha256_bytes(data: bytes) -> str:
    """Return the SHA-256 of ``data`` in hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Return the SHA-256 of a file in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def core_properties(title: str, day: date, creator: str = "") -> bytes:
    """Return a docProps/core.xml with fixed content: the same inputs give the same bytes.

    No author by default: the documents are submitted to a bureau, which should not see a software name."""
    stamp = f"{day.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def zip_bytes(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """Return a zip container of ``entries`` with fixed timestamps and attributes (deterministic)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data, compresslevel=1)  # fast; the files are small and already light
    return buffer.getvalue()


def normalised_container(data: bytes, title: str, day: date) -> bytes:
    """Return an Office container (docx/xlsx bytes) rewritten deterministically, with fixed core properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [
            (
                info.filename,
                core_properties(title, day) if info.filename == "docProps/core.xml" else archive.read(info),
            )
            for info in archive.infolist()
        ]
    return zip_bytes(entries)


def write_bytes_atomic(path: Path, data: bytes, replace: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it into place
    (following a symlink, keeping the file's permissions; ``replace=False`` refuses an existing file)."""
    write_bytes(path, data, replace=replace)


def refuse_link(path: Path) -> None:
    """Raise OutputError when ``path`` is a symbolic link or junction: a folder the program replaces is
    never followed elsewhere (it would write its temporary files there and carry the files it finds
    there into the packet)."""
    from desktop.errors import OutputError, Problem

    is_junction = getattr(os.path, "isjunction", lambda _: False)
    if os.path.islink(path) or is_junction(path):
        try:
            where = f"，指向 {os.readlink(path)}"
        except OSError:
            where = ""
        message = f"是链接(快捷方式){where}：程序不会通过链接写入别处；请删除该链接，或换一个输出文件夹"
        raise OutputError(str(path), [Problem("", message)])


MARKER = ".grant-desk-temp"  # inside every temporary folder the program makes: what it may clean up later


def write_marker(folder: Path, kind: str, target: str) -> None:
    """Mark ``folder`` as the program's temporary ``kind`` ("partial" or "old") for the packet ``target``."""
    data = {"program": "CBEC Grant Desk", "kind": kind, "target": target, "pid": os.getpid()}
    (folder / MARKER).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def marker_of(folder: Path) -> dict[str, object] | None:
    """Return the program's marker in ``folder``, or None when the folder is not the program's."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("program") == "CBEC Grant Desk" else None


class StagingFolder:
    """A temporary folder beside the target, renamed into place only when complete.

    Use as a context manager: on an exception the temporary folder is removed and the target,
    if it existed, is left as it was. ``carry`` copies what must survive from the old target into the
    new folder just before the swap (the user's own files).
    """

    def __init__(self, target: Path, carry: Callable[[Path, Path], list[str]] | None = None) -> None:
        self.target = target
        self.carry = carry
        self.carried: list[str] = []
        self.path: Path | None = None

    def _prefix(self) -> str:
        return f".{self.target.name[:40]}."

    def __enter__(self) -> Path:
        refuse_link(self.target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = new_folder(self.target.parent, self._prefix(), ".partial")
        try:
            write_marker(self.path, "partial", self.target.name)
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise
        return self.path

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        assert self.path is not None
        if kind is None:
            try:
                self.commit()
                return
            except BaseException:
                shutil.rmtree(self.path, ignore_errors=True)
                raise
        shutil.rmtree(self.path, ignore_errors=True)

    def commit(self) -> None:
        """Move the finished folder into place, replacing an older one only after the new one is whole."""
        assert self.path is not None
        refuse_link(self.target)  # made a link while the packet was being written
        backup: Path | None = None
        if self.target.exists():
            if self.carry is not None:
                self.carried = self.carry(self.target, self.path)
            write_marker(self.target, "old", self.target.name)  # marked before the move: every .old is ours
            backup = self.target.parent / f"{self._prefix()}{secrets.token_hex(4)}.old"
            try:
                os.replace(self.target, backup)
            except BaseException:
                (self.target / MARKER).unlink(missing_ok=True)
                self._name_file_in_use()
                raise
        try:
            os.replace(self.path, self.target)
        except BaseException:
            if backup is not None:
                os.replace(backup, self.target)
                (self.target / MARKER).unlink(missing_ok=True)
            raise
        (self.target / MARKER).unlink(missing_ok=True)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)

    def _name_file_in_use(self) -> None:
        """Raise OutputError naming a file of the old folder that another program (Word, Excel) holds open."""
        from desktop.os_errors import check_replaceable

        for path in sorted(self.target.rglob("*")):
            if path.is_file() and not path.is_symlink():
                check_replaceable(path)
