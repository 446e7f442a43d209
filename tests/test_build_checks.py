"""tools/build.py refuses shipped libraries that ask for an executable stack and prints the glibc floor."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("build_tool", PROJECT_ROOT / "tools" / "build.py")
assert spec is not None and spec.loader is not None
build_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_tool)

BINUTILS = all(shutil.which(tool) for tool in ("as", "ld", "readelf"))
needs_binutils = pytest.mark.skipif(not BINUTILS, reason="binutils (as, ld, readelf) are not installed")
ICU_STUB = re.search(
    r'ICU_STUB = """(.*?)"""', (PROJECT_ROOT / "build.spec").read_text(encoding="utf-8"), re.S
)


def _library(work: Path, folder: Path, name: str, assembly: str, *link: str) -> Path:
    """Return a shared library in ``folder``, assembled (in ``work``) and linked as build.spec makes the
    ICU stub."""
    work.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    (work / f"{name}.s").write_text(assembly, encoding="ascii")
    subprocess.run(["as", str(work / f"{name}.s"), "-o", str(work / f"{name}.o")], check=True)
    subprocess.run(["ld", "-shared", *link, "-o", str(folder / name), str(work / f"{name}.o")], check=True)
    return folder / name


def _stub(with_note: bool = True) -> str:
    assert ICU_STUB is not None
    text = ICU_STUB.group(1).format(v=73)
    return text if with_note else "\n".join(line for line in text.splitlines() if "GNU-stack" not in line)


@needs_binutils
def test_the_icu_stub_asks_for_no_executable_stack_even_linked_without_noexecstack(tmp_path: Path) -> None:
    assert not build_tool.asks_for_executable_stack(
        _library(tmp_path / "work", tmp_path, "libicudata.so.73", _stub())
    )


@needs_binutils
@pytest.mark.parametrize(
    ("with_note", "link"), [(False, ()), (True, ("-z", "execstack"))], ids=["no GNU_STACK", "RWE"]
)
def test_a_library_asking_for_an_executable_stack_stops_the_build_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], with_note: bool, link: tuple[str, ...]
) -> None:
    bundle = tmp_path / "bundle"
    _library(tmp_path / "work", bundle / "_internal", "libgood.so.1", _stub())
    bad = _library(tmp_path / "work", bundle / "_internal" / "deep", "libbad.so.2", _stub(with_note), *link)
    assert build_tool.asks_for_executable_stack(bad)
    with pytest.raises(SystemExit) as stopped:
        build_tool.check_shipped_libraries(bundle)
    assert "_internal/deep/libbad.so.2" in str(stopped.value) and "libgood" not in str(stopped.value)


READELF_V = """
Version symbols section '.gnu.version' contains 5 entries:
  000:   0 (*local*)       2 (GLIBC_2.99)
Version definition section '.gnu.version_d' contains 1 entry:
  000000: Rev: 1  Flags: BASE  Index: 1  Cnt: 1  Name: libexample.so.1
Version needs section '.gnu.version_r' contains 2 entries:
 Addr: 0x0000000000000a38  Offset: 0x00000a38  Link: 4 (.dynstr)
  000000: Version: 1  File: libm.so.6  Cnt: 1
  0x0010:   Name: GLIBC_2.29  Flags: none  Version: 5
  0x0020: Version: 1  File: libc.so.6  Cnt: 3
  0x0030:   Name: GLIBC_2.3.4  Flags: none  Version: 6
  0x0040:   Name: GLIBC_2.34  Flags: none  Version: 4
  0x0050:   Name: GLIBC_PRIVATE  Flags: none  Version: 3
"""


def test_the_glibc_needed_is_the_highest_version_a_file_requires() -> None:
    assert build_tool.glibc_needed(READELF_V) == (2, 34)  # not 2.99: that one is not a need
    assert build_tool.glibc_needed("Version needs section '.gnu.version_r'\n  File: libz.so.1\n") is None
    assert build_tool.glibc_needed("No version information found in this file.") is None
    assert build_tool.dotted((2, 3, 4)) == "2.3.4" and (2, 36) > (2, 3, 4)


@needs_binutils
def test_the_floor_names_the_files_that_need_the_newest_glibc(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    libc_user = Path(shutil.which("readelf") or "")  # any program of this system needs its glibc
    shutil.copy(libc_user, bundle / "tool")
    _library(tmp_path / "work", bundle, "libnone.so.1", _stub())
    (bundle / "notes.txt").write_text("not ELF", encoding="utf-8")
    (bundle / "link").symlink_to("tool")
    assert [p.name for p in build_tool.elf_files(bundle)] == ["libnone.so.1", "tool"]
    floor, needing = build_tool.glibc_floor(build_tool.elf_files(bundle))
    assert floor is not None and floor >= (2, 2) and needing == ["tool"]
    with pytest.raises(SystemExit, match=re.escape(f"glibc floor {build_tool.dotted(floor)} within")):
        build_tool.check_shipped_libraries(bundle, highest_glibc=(2, 1))
    build_tool.check_shipped_libraries(bundle, highest_glibc=floor)


@needs_binutils
def test_a_shipped_file_linking_to_a_qt_library_left_out_stops_the_build(tmp_path: Path) -> None:
    work, bundle = tmp_path / "work", tmp_path / "bundle"
    svg = _library(work, work / "qt", "libQt6Svg.so.6", _stub(), "-soname", "libQt6Svg.so.6")
    _library(work, bundle / "plugins", "libadwaita.so", _stub(), str(svg))
    assert build_tool.unshipped_qt_libraries(build_tool.elf_files(bundle)) == [
        "libadwaita.so: libQt6Svg.so.6"
    ]
    with pytest.raises(SystemExit, match=re.escape("libadwaita.so: libQt6Svg.so.6")):
        build_tool.check_shipped_libraries(bundle)
    shutil.copy(svg, bundle / "libQt6Svg.so.6")
    assert build_tool.unshipped_qt_libraries(build_tool.elf_files(bundle)) == []


def test_the_bare_system_check_runs_the_readmes_install_blocks_verbatim() -> None:
    blocks = build_tool.readme_blocks(PROJECT_ROOT / "README.md")
    install, pdf = blocks["bundle-install"], blocks["bundle-pdf"]
    packages = set(next(line for line in install.splitlines() if "apt-get install" in line).split())
    assert {"libegl1", "libgl1", "libfontconfig1", "libwayland-client0", "libwayland-cursor0"} <= packages
    assert "fonts-noto-cjk" in packages and "tar -xzf ~/grant-desk-" in install
    assert "install-desktop-entry.sh" in install and "libreoffice-writer-nogui" in pdf and "--pdf" in pdf
    script = build_tool.bare_system_script(blocks)
    assert script.startswith("set -euo pipefail\n")
    assert (
        script.index(install) < script.index("every Qt plugin") < script.index(pdf) < script.index("weston")
    )


def test_the_bare_system_check_says_why_it_cannot_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(build_tool.os, "geteuid", lambda: 1000)
    assert build_tool.bare_system_missing("trixie") == "needs root on Linux"
    monkeypatch.setattr(build_tool.os, "geteuid", lambda: 0)
    monkeypatch.setattr(build_tool, "FRESH_DEBIAN", tmp_path / "fresh-debian")
    assert build_tool.bare_system_missing("trixie") == f"needs {tmp_path / 'fresh-debian'}"
    (tmp_path / "fresh-debian").write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(build_tool.shutil, "which", lambda name: None)
    assert build_tool.bare_system_missing("trixie") == "needs git"
    monkeypatch.setattr(build_tool.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(build_tool, "FRESH_CACHE", tmp_path / "cache")
    assert "has not built its trixie base system" in (build_tool.bare_system_missing("trixie") or "")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "base-trixie-none.tar").write_bytes(b"")
    assert build_tool.bare_system_missing("trixie") is None
    assert "bookworm base" in (build_tool.bare_system_missing("bookworm") or "")


def test_the_pdf_smoke_test_names_what_a_packet_lacks(tmp_path: Path) -> None:
    """The bundle's PDF smoke test asks of each packet a PDF beside every form and workbook and, where it
    hands something in, the print set — not a count of files that changes with every new document."""
    pdf = b"%PDF-1.7\n"
    submitting = tmp_path / "甲_2025"
    (submitting / "打印").mkdir(parents=True)
    for name in ("manifest.json", "01_申报书.docx", "04_测算表.xlsx"):
        (submitting / name).write_bytes(b"{}")
    (submitting / "01_申报书.pdf").write_bytes(pdf)
    (submitting / "04_测算表.pdf").write_bytes(b"not a pdf")
    listing = tmp_path / "乙_2025"
    listing.mkdir()
    for name in ("manifest.json", "01_政策服务清单.docx"):
        (listing / name).write_bytes(b"{}")
    (listing / "01_政策服务清单.pdf").write_bytes(pdf)
    assert build_tool.packet_pdfs_missing(tmp_path) == ["甲_2025/04_测算表.pdf", "甲_2025/打印/申报材料.pdf"]
    (submitting / "04_测算表.pdf").write_bytes(pdf)
    (submitting / "打印" / "申报材料.pdf").write_bytes(pdf)
    assert build_tool.packet_pdfs_missing(tmp_path) == []
    assert build_tool.packet_pdfs_missing(tmp_path / "empty") == [f"{tmp_path / 'empty'}: no packet"]
