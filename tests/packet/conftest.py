"""Fixtures for packet tests: written packets of every sample, and LibreOffice when it is installed."""

from __future__ import annotations

import multiprocessing.util
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from desktop.catalog import Catalog
from desktop.engine import FirmResult, evaluate_firm
from desktop.firm import FirmFile, load_firm
from desktop.packet.files import sha256_file
from desktop.packet.pdf import find_soffice
from desktop.packet.writer import Packet, write_packet
from desktop.paths import forms_dir, samples_dir

DAY = date(2026, 3, 1)
SAMPLES = sorted(p.name for p in samples_dir().glob("*.json"))


def write_sample(name: str, out: Path, catalog: Catalog, **kwargs) -> tuple[FirmFile, FirmResult, Packet]:
    """Return a sample firm, its result and its packet written into ``out``."""
    path = samples_dir() / name
    firm = load_firm(path, catalog)
    result = evaluate_firm(firm, catalog)
    return firm, result, write_packet(firm, result, catalog, out, DAY, sha256_file(path), **kwargs)


def custom_forms_folder(tmp_path: Path) -> Path:
    """Return a forms folder holding the bundled forms, the 申报书 edited (a custom form)."""
    folder = tmp_path / "forms"
    folder.mkdir()
    for form in forms_dir().glob("*.docx"):
        (folder / form.name).write_bytes(form.read_bytes())
    edited = folder / "申报书.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")  # same content to Word, different file
    return folder


def recalculate(files: list[Path], out: Path) -> list[Path]:
    """Return the workbooks recalculated and saved by LibreOffice (one call for all of them)."""
    soffice = find_soffice()
    assert soffice is not None
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--calc", "--convert-to", "xlsx",
         "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return [out / file.name for file in files]


PROFILE_OPTION = "-env:UserInstallation="


def _profile_of(arguments: list[str]) -> Path | None:
    """Return the profile folder a LibreOffice command line names (None when it names none)."""
    for argument in arguments:
        if argument.startswith(PROFILE_OPTION):
            url = urlparse(argument.removeprefix(PROFILE_OPTION))
            return Path(unquote(url.path)) if url.scheme == "file" else None
    return None


def office_processes(root: Path) -> list[str]:
    """Return the command lines of running LibreOffice processes whose profile lies under ``root``.

    Only a test's own processes are counted: other test runs on the machine start converters of their
    own. Read from /proc (no procps needed); a zombie has an empty command line and is not counted.
    """
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = [part.decode(errors="replace") for part in cmdline.read_bytes().split(b"\0")]
        except OSError:
            continue
        profile = _profile_of(arguments)
        if profile is not None and profile.is_relative_to(root):
            lines.append(" ".join(arguments).strip())
    return lines


def office_left_behind(root: Path, seconds: float = 10) -> list[str]:
    """Wait until no LibreOffice of ``root`` runs and no profile folder of the program (grant-desk-*) is
    left under it; return what is still there after ``seconds`` (empty when all is gone)."""
    deadline = time.monotonic() + seconds
    while True:
        left = office_processes(root) + [str(p) for p in root.glob("**/grant-desk-*")]
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.1)


@pytest.fixture
def own_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Yield a temporary folder of this test's own that the program's temporary files go to (the
    converters' profiles among them), so that its LibreOffice processes can be told from others'."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    multiprocessing.util.get_temp_dir()  # made once a process and kept: made where it would be anyway
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


# CI installs LibreOffice, so there these tests must run, never skip.
requires_soffice = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)
