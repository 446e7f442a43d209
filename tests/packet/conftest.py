"""Fixtures for packet tests: written packets of every sample, and LibreOffice when it is installed."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop.catalog import Catalog
from desktop.engine import FirmResult, evaluate_firm
from desktop.firm import FirmFile, load_firm
from desktop.packet.files import sha256_file
from desktop.packet.pdf import find_soffice
from desktop.packet.writer import Packet, write_packet
from desktop.paths import samples_dir

DAY = date(2026, 3, 1)
SAMPLES = sorted(p.name for p in samples_dir().glob("*.json"))


def write_sample(name: str, out: Path, catalog: Catalog, **kwargs) -> tuple[FirmFile, FirmResult, Packet]:
    """Return a sample firm, its result and its packet written into ``out``."""
    path = samples_dir() / name
    firm = load_firm(path, catalog)
    result = evaluate_firm(firm, catalog)
    return firm, result, write_packet(firm, result, catalog, out, DAY, sha256_file(path), **kwargs)


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


# CI installs LibreOffice, so there these tests must run, never skip.
requires_soffice = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)
