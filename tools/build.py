"""Build the bundled program with PyInstaller from a clean tree, then prove that what it ships works.

Usage: python tools/build.py [--skip-build] [--max-glibc X.Y] [--bare-systems SUITES]
The build environment must hold exactly the versions of requirements/bundle.txt (the hash-locked
dependencies); the build stops first when pyproject.toml asks for something the lock does not hold.
On Linux it first refuses a shipped library that asks for an executable stack or links to a Qt
library left out, prints the bundle's glibc floor (the highest glibc version any shipped file needs)
and, with --max-glibc, refuses a higher one.
Smoke tests: --version; calc --json on every sample identical to running from source; a packet that
is complete; the window shown offscreen (--self-test), on Linux also on X11 (Xvfb) and Wayland
(weston), and a clear word without any display; packet --pdf and batch --pdf write every PDF with
LibreOffice hidden (and, with it installed, a custom form through it); a missing or corrupt bundled
catalog gives a clear error, not a traceback; `catalog add` takes an annual guide, refuses a broken
one; on Linux the menu entry installs.
Prints the bundle size and start-up times beside the source's, then writes the release archive
beside the bundle (dist/grant-desk-VERSION-PLATFORM.tar.gz, .zip on Windows) and prints its size.
Last, where fresh-debian can run (root), the archive on bare Debian 12 and 13 without Python: the
README's install blocks verbatim, then the window on X11, Wayland and offscreen.
Exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "grant-desk"
EXECUTABLE = DIST / ("grant-desk.exe" if os.name == "nt" else "grant-desk")
SOURCE = [sys.executable, "-m", "desktop"]
LOCK = ROOT / "requirements" / "bundle.txt"
REFRESH = (
    ".venv/bin/pip install uv && .venv/bin/uv pip compile pyproject.toml --extra build --universal "
    "--generate-hashes --python-version 3.11 -o requirements/bundle.txt"
)
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")


def locked_versions(lock: Path) -> dict[str, tuple[str, Marker | None]]:
    """Return the pinned version (and environment marker) of every package in a uv/pip-tools lock file."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            name, version, marker = match.groups()
            pins[canonicalize_name(name)] = (version, Marker(marker) if marker else None)
    return pins


def bundle_requirements(pyproject: Path) -> list[Requirement]:
    """Return the dependencies of the bundle: the project's and its ``build`` extra."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [
        Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["build"]]
    ]


def stale_lock_problems(pyproject: Path, lock: Path) -> list[str]:
    """Return what pyproject.toml asks for that the lock does not satisfy (empty when the lock is fresh)."""
    pins = locked_versions(lock)
    problems = []
    for requirement in bundle_requirements(pyproject):  # every platform's: the lock is universal
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement} is not in {lock.name}")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            problems.append(
                f"{requirement} is not satisfied by the locked {requirement.name}=={pins[name][0]}"
            )
    return problems


def environment_problems(lock: Path) -> list[str]:
    """Return the locked packages (for this platform) that this interpreter has in another version, or lacks."""
    problems = []
    for name, (version, marker) in sorted(locked_versions(lock).items()):
        if marker is not None and not marker.evaluate():
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            problems.append(f"{name}=={version} is locked but {installed or 'nothing'} is installed")
    return problems


def check_lock() -> None:
    """Refuse to build from a stale lock or from an environment that is not the lock's."""
    stale = stale_lock_problems(ROOT / "pyproject.toml", LOCK)
    if stale:
        sys.exit("lock is stale: run " + REFRESH + "\n  " + "\n  ".join(stale))
    different = environment_problems(LOCK)
    if different:
        sys.exit(
            f"the build environment is not the lock's: run {Path(sys.executable).parent / 'pip'} install "
            f"--require-hashes -r requirements/bundle.txt\n  " + "\n  ".join(different)
        )
    print(f"ok  build environment matches {LOCK.relative_to(ROOT)}")


def run(command: list[str], unset: tuple[str, ...] = (), **kwargs) -> subprocess.CompletedProcess[str]:
    """Run a command from the project root with the program's environment (offscreen Qt, private folders),
    without the environment variables named in ``unset``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.update(kwargs.pop("env", {}))
    for name in unset:
        env.pop(name, None)
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False, **kwargs
    )


def check(condition: bool, message: str) -> None:
    """Stop the build with a message when a smoke test fails."""
    if not condition:
        sys.exit(f"SMOKE TEST FAILED: {message}")
    print(f"ok  {message}")


def build() -> None:
    """Build from a clean tree."""
    for folder in (ROOT / "build", ROOT / "dist"):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    result = run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm", "--clean", "--log-level", "WARN"]
    )
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    print(f"built {DIST} in {time.perf_counter() - started:.0f} s")


ELF_MAGIC = b"\x7fELF"
GNU_STACK = re.compile(r"^\s*GNU_STACK(?:\s+0x[0-9a-fA-F]+){5}\s([RWE ]{3})", re.MULTILINE)
GLIBC_NEEDED = re.compile(r"\bName: GLIBC_(\d+(?:\.\d+)+)\b")


def elf_files(folder: Path) -> list[Path]:
    """Return the ELF files (executables and shared libraries) under ``folder``, symbolic links left out."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def readelf(option: str, path: Path) -> str:
    """Return what ``readelf OPTION -W`` says about ``path`` (binutils: the Linux build needs it to strip)."""
    result = subprocess.run(["readelf", option, "-W", str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"readelf {option} {path}: {result.stderr.strip()}")
    return result.stdout


def asks_for_executable_stack(path: Path) -> bool:
    """Return True when an ELF file asks for an executable stack: its GNU_STACK header is RWE, or it has
    none (the loader then assumes one). glibc ≥ 2.41 refuses to load such a library; older glibc makes
    the whole process's stack executable."""
    match = GNU_STACK.search(readelf("-l", path))
    return match is None or "E" in match.group(1)


NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")
OWN_LIBRARY = re.compile(r"^lib(Qt6|pyside6|shiboken6)")


def unshipped_qt_libraries(files: list[Path]) -> list[str]:
    """Return "file: library" for every Qt library a shipped file links to that the bundle lacks (the
    file would fail to load, as the adwaita decoration plugin did without QtSvg)."""
    shipped = {path.name for path in files}
    missing = []
    for path in files:
        for library in NEEDED.findall(readelf("-d", path)):
            if OWN_LIBRARY.match(library) and library not in shipped:
                missing.append(f"{path.name}: {library}")
    return missing


def glibc_needed(readelf_versions: str) -> tuple[int, ...] | None:
    """Return the highest glibc symbol version in ``readelf -V`` output's version needs (None without any)."""
    needs = readelf_versions.split("Version needs section", 1)
    if len(needs) < 2:
        return None
    versions = [tuple(int(part) for part in found.split(".")) for found in GLIBC_NEEDED.findall(needs[1])]
    return max(versions, default=None)


def glibc_floor(files: list[Path]) -> tuple[tuple[int, ...] | None, list[str]]:
    """Return the oldest glibc the files can run on (the highest version any of them needs) and the
    names of the files that need it."""
    needed = {path: glibc_needed(readelf("-V", path)) for path in files}
    floor = max((version for version in needed.values() if version is not None), default=None)
    return floor, sorted(path.name for path, version in needed.items() if floor and version == floor)


def dotted(version: tuple[int, ...]) -> str:
    """Return a version as people write it (2.36)."""
    return ".".join(map(str, version))


def check_shipped_libraries(folder: Path, highest_glibc: tuple[int, ...] | None = None) -> None:
    """Linux: stop when a shipped ELF file asks for an executable stack (naming each) or needs a newer
    glibc than ``highest_glibc``; print the bundle's glibc floor (the oldest glibc it runs on)."""
    files = elf_files(folder)
    executable_stack = [str(path.relative_to(folder)) for path in files if asks_for_executable_stack(path)]
    check(
        not executable_stack,
        f"no executable stack in {len(files)} shipped ELF files"
        + (
            f"; asking for one (GNU_STACK RWE or none): {', '.join(executable_stack)}"
            if executable_stack
            else ""
        ),
    )
    missing = unshipped_qt_libraries(files)
    check(
        not missing,
        "every Qt library a shipped file links to is shipped" + (f": {missing}" if missing else ""),
    )
    floor, needing = glibc_floor(files)
    if floor is None:
        sys.exit("SMOKE TEST FAILED: no shipped file names a glibc version: is this a Linux bundle?")
    print(
        f"glibc floor {dotted(floor)}: runs on Linux with glibc >= {dotted(floor)} (needed by {', '.join(needing)})"
    )
    if highest_glibc is not None:
        check(
            floor <= highest_glibc,
            f"glibc floor {dotted(floor)} within the oldest supported system's glibc {dotted(highest_glibc)}",
        )


def smoke(home: Path) -> None:
    """Run the bundle the way a user would and compare it with the source."""
    env = {"XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}
    version = run([str(EXECUTABLE), "--version"], env=env)
    check(version.returncode == 0 and "政策目录" in version.stdout, f"--version: {version.stdout.strip()}")
    for sample in sorted((ROOT / "resources" / "samples").glob("*.json")):
        bundled = run([str(EXECUTABLE), "calc", str(sample), "--json"], env=env)
        source = run([*SOURCE, "calc", str(sample), "--json"], env=env)
        check(
            bundled.returncode == 0 and bundled.stdout == source.stdout,
            f"calc --json identical to source: {sample.name}",
        )
    with tempfile.TemporaryDirectory() as out:
        sample = ROOT / "resources" / "samples" / "lianyungang-brand.json"
        packet = run([str(EXECUTABLE), "packet", str(sample), "--out", out, "--date", "2026-03-01"], env=env)
        check(packet.returncode == 0, "packet written")
        folder = next(Path(out).iterdir())
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        whole = all(
            hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
            for name, digest in manifest["files"].items()
        )
        check(
            whole and len(manifest["files"]) >= 5,
            f"packet complete: {len(manifest['files'])} files, hashes match",
        )
    windows(env)
    pdfs(env)
    broken_catalog(env)
    added_catalog()
    if sys.platform.startswith("linux"):
        menu_entry(home)


# What Qt prints when a platform plugin or a library it needs cannot be loaded.
LOAD_FAILURES = re.compile(r"Cannot load library|Failed to load|cannot open shared object|executable stack")
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def window_shown(platform_name: str, env: dict[str, str], unset: tuple[str, ...] = ()) -> None:
    """The bundle's window starts on ``platform_name`` (``gui --self-test``), nothing failing to load."""
    gui = run([str(EXECUTABLE), "gui", "--self-test"], env=env, unset=unset)
    failures = [line for line in gui.stderr.splitlines() if LOAD_FAILURES.search(line)]
    passed = gui.returncode == 0 and f"window shown on {platform_name}," in gui.stdout and not failures
    check(
        passed,
        f"window shown on {platform_name}: {gui.stdout.strip()}"
        + ("" if passed else f" {gui.stderr[-1500:]}"),
    )


def display_tool(name: str, platform_name: str) -> str | None:
    """Return the display server ``name`` (Xvfb, weston) the window is tried on; in CI, where .ci/run
    installs it, its absence fails the build instead of skipping the check."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            sys.exit(
                f"SMOKE TEST FAILED: {name} is not installed: the window cannot be tried on {platform_name}"
            )
        print(f"--  window on {platform_name} skipped: {name} is not installed")
    return found


@contextmanager
def x11_display(xvfb: str) -> Iterator[dict[str, str]]:
    """Yield the environment of a private X11 display (Xvfb on the first free display number)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write)
    try:
        with os.fdopen(read, "rb") as announced:
            number = announced.readline().decode().strip()  # written once the display accepts clients
        if not number.isdigit():
            sys.exit("SMOKE TEST FAILED: Xvfb did not start")
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def wayland_display(weston: str) -> Iterator[dict[str, str]]:
    """Yield the environment of a private Wayland display: weston's headless backend, its socket in a
    runtime folder of its own."""
    version = subprocess.run([weston, "--version"], capture_output=True, text=True, check=False).stdout
    major = re.search(r"(\d+)\.\d+", version)
    backend = "headless" if major and int(major.group(1)) >= 11 else "headless-backend.so"  # renamed in 11
    runtime = Path(tempfile.mkdtemp(prefix="grant-desk-wayland-"))
    runtime.chmod(0o700)
    socket = "grant-desk-smoke"
    with (runtime / "weston.log").open("wb") as log:
        server = subprocess.Popen(
            [weston, f"--backend={backend}", f"--socket={socket}", "--idle-time=0"],
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while not (runtime / socket).exists():
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(
                    "SMOKE TEST FAILED: weston did not start: " + (runtime / "weston.log").read_text()[-1500:]
                )
            time.sleep(0.1)
        yield {"WAYLAND_DISPLAY": socket, "XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "wayland"}
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # weston and the helper clients it started
        server.wait(timeout=30)
        shutil.rmtree(runtime, ignore_errors=True)


def windows(env: dict[str, str]) -> None:
    """The window starts offscreen, and on Linux on X11 and Wayland (when their servers are installed);
    with no display at all the window command says so (exit 2) instead of Qt aborting."""
    window_shown("offscreen", env)
    if not sys.platform.startswith("linux"):
        return
    xvfb = display_tool("Xvfb", "X11")
    if xvfb:
        with x11_display(xvfb) as display:
            window_shown("xcb", {**env, **display}, unset=("WAYLAND_DISPLAY",))
    weston = display_tool("weston", "Wayland")
    if weston:
        with wayland_display(weston) as display:
            window_shown("wayland", {**env, **display}, unset=("DISPLAY",))
    bare = run([str(EXECUTABLE), "gui"], env=env, unset=DISPLAY_VARIABLES)
    check(
        bare.returncode == 2 and "未找到图形显示" in bare.stderr and "No graphical display" in bare.stderr,
        "no display: the window command says so in Chinese and English, exit 2"
        + ("" if bare.returncode == 2 else f" (exit {bare.returncode}) {bare.stderr[-600:]}"),
    )


def packet_pdfs_missing(out: Path) -> list[str]:
    """Return what the packets under ``out`` lack: a real PDF beside each Word form and workbook, and, in a
    packet that hands in a 申报书 or a 信用承诺书, the print set; an empty list when nothing is missing."""
    folders = [path.parent for path in out.glob("*/manifest.json")]
    missing = [] if folders else [f"{out}: no packet"]
    for folder in folders:
        for document in sorted([*folder.glob("*.docx"), *folder.glob("*.xlsx")]):
            pdf = document.with_suffix(".pdf")
            if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
                missing.append(f"{folder.name}/{pdf.name}")
        submits = any(folder.glob("*申报书.docx")) or any(folder.glob("*信用承诺书.docx"))
        printed = folder / "打印" / "申报材料.pdf"
        if submits and not (printed.is_file() and printed.read_bytes()[:5] == b"%PDF-"):
            missing.append(f"{folder.name}/打印/申报材料.pdf")
    return missing


def pdfs(env: dict[str, str]) -> None:
    """packet --pdf and batch --pdf from the bundle write every PDF with LibreOffice hidden (no office
    program on the PATH: the built-in writer and the system's fonts only); with LibreOffice installed,
    a custom form still goes through it (the bundle must hand it the system's libraries, not its own)."""
    samples = ROOT / "resources" / "samples"
    with tempfile.TemporaryDirectory() as out:
        hidden = {**env, "PATH": str(Path(out) / "no-office")}
        sample = samples / "chengdu-trader.json"
        packet = run(
            [str(EXECUTABLE), "packet", str(sample), "--out", out, "--date", "2026-03-01", "--pdf"],
            env=hidden,
        )
        missing = packet_pdfs_missing(Path(out))
        passed = packet.returncode == 0 and not missing
        check(
            passed,
            f"packet --pdf, LibreOffice hidden: {len(list(Path(out).rglob('*.pdf')))} PDFs"
            + ("" if passed else f" missing {missing[:5]} {packet.stderr[-300:]}"),
        )
        firms = Path(out) / "firms"
        firms.mkdir()
        for name in ("suzhou-brand.json", "lianyungang-brand.json"):
            shutil.copy(samples / name, firms / name)
        batch = run(
            [
                str(EXECUTABLE),
                "batch",
                str(firms),
                "--out",
                str(Path(out) / "batch"),
                "--date",
                "2026-03-01",
                "--pdf",
            ],
            env=hidden,
        )
        missing = packet_pdfs_missing(Path(out) / "batch")
        passed = batch.returncode == 0 and not missing
        check(
            passed,
            f"batch --pdf, LibreOffice hidden: {len(list((Path(out) / 'batch').rglob('*.pdf')))} PDFs"
            + ("" if passed else f" missing {missing[:5]} {batch.stderr[-300:]}"),
        )
        if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
            print("--  custom-form PDF smoke test skipped: LibreOffice (soffice) not installed")
            return
        forms = Path(out) / "forms"
        forms.mkdir()
        for form in (ROOT / "forms").glob("*.docx"):
            shutil.copy(form, forms / form.name)
        custom = forms / "申报书.docx"
        custom.write_bytes(custom.read_bytes() + b"\0")  # a custom form: not the bundled file
        converted = run(
            [
                str(EXECUTABLE),
                "packet",
                str(sample),
                "--out",
                str(Path(out) / "custom"),
                "--pdf",
                "--forms",
                str(forms),
            ],
            env=env,
        )
        written = [  # LibreOffice's PDF, not one the program wrote itself
            path
            for path in (Path(out) / "custom").glob("*/01_申报书.pdf")
            if path.read_bytes()[:5] == b"%PDF-" and b"CBEC Grant Desk" not in path.read_bytes()
        ]
        passed = converted.returncode == 0 and len(written) == 1
        check(
            passed,
            "packet --pdf with a custom form: LibreOffice converts it"
            + ("" if passed else f" {converted.stderr[-300:]}"),
        )


def added_catalog() -> None:
    """The bundle takes an annual guide with `catalog add --yes` (it changes the sample's awards), uses it,
    refuses a broken one, removes it."""
    # a Lianyungang guide for the Lianyungang sample below (a Chengdu guide would not reach it)
    guide = ROOT / "docs" / "examples" / "示例_年度指南_连云港2025.yaml"
    with tempfile.TemporaryDirectory() as home:
        env = {"XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home}
        data = json.loads(
            (ROOT / "resources" / "samples" / "lianyungang-brand.json").read_text(encoding="utf-8")
        )
        data.pop("claims", None)  # the sample's claim is above what the example guide grants
        sample = str(Path(home) / "firm.json")
        Path(sample).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        added = run([str(EXECUTABLE), "catalog", "add", "--yes", str(guide)], env=env)
        check(added.returncode == 0, f"catalog add: {added.stdout.strip()} {added.stderr.strip()}")
        calc = run([str(EXECUTABLE), "calc", sample, "--json"], env=env)
        guides = (
            {m.get("guide") for m in json.loads(calc.stdout)["measures"]} if calc.returncode == 0 else set()
        )
        check(any(name and "指南" in name for name in guides), "calc uses the added guide")
        broken = Path(home) / "broken.yaml"
        broken.write_text(
            guide.read_text(encoding="utf-8").replace("rate: 50%", "rate: 90%"), encoding="utf-8"
        )
        refused = run([str(EXECUTABLE), "catalog", "add", "--yes", str(broken)], env=env)
        check(
            refused.returncode == 2 and "LYG-05" in refused.stderr and "Traceback" not in refused.stderr,
            "catalog add refuses a guide above the ceiling: exit 2, names the measure",
        )
        removed = run([str(EXECUTABLE), "catalog", "remove", guide.stem], env=env)
        check(removed.returncode == 0, "catalog remove")


def menu_entry(home: Path) -> None:
    """Linux: the bundle's installer puts a menu entry naming this bundle's executable, and its icon."""
    data = home / "menu"
    installer = run(["sh", str(DIST / "install-desktop-entry.sh")], env={"XDG_DATA_HOME": str(data)})
    entry = data / "applications" / "cbec-grant-desk.desktop"
    text = entry.read_text(encoding="utf-8") if entry.is_file() else ""
    icon = data / "icons" / "hicolor" / "256x256" / "apps" / "cbec-grant-desk.png"
    check(
        installer.returncode == 0 and f'Exec="{EXECUTABLE}" gui %f' in text and icon.is_file(),
        "menu entry installed: opens .json firm files with this bundle",
    )


def broken_catalog(env: dict[str, str]) -> None:
    """A missing or corrupt bundled catalog is a clear error (exit 4), never a traceback."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "grant-desk"
        shutil.copytree(DIST, copy, copy_function=os.link)  # hard links: fast, and the original stays intact
        catalog = next(copy.rglob("resources/catalog"))
        executable = copy / EXECUTABLE.name
        sample = str(ROOT / "resources" / "samples" / "chengdu-trader.json")
        (catalog / "chengdu.yaml").unlink()
        missing = run([str(executable), "calc", sample], env=env)
        check(
            missing.returncode == 4
            and "chengdu.yaml" in missing.stderr
            and "Traceback" not in missing.stderr,
            "missing catalog file: exit 4, names the file, no traceback",
        )
        (catalog / "chengdu.yaml").write_text("measures: [\n", encoding="utf-8")
        corrupt = run([str(executable), "calc", sample], env=env)
        check(
            corrupt.returncode == 4 and "YAML" in corrupt.stderr and "Traceback" not in corrupt.stderr,
            "corrupt catalog file: exit 4, says why, no traceback",
        )


def _seconds(command: list[str], env: dict[str, str], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = run(command, env=env)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(result.stderr)
    return statistics.median(times)


def _first_window(command: list[str], env: dict[str, str], what: str = "first window") -> float:
    """Return seconds from launch to the main window shown ("first window") or loaded ("ready"),
    as the self-test reports them."""
    launched = time.time()
    result = run([*command, "gui", "--self-test"], env={**env, "GRANT_DESK_LAUNCHED": repr(launched)})
    for line in result.stdout.splitlines():
        if line.startswith(what):
            return float(line.split()[-2])
    sys.exit(f"no start-up time reported: {result.stdout}{result.stderr}")


def figures(home: Path) -> None:
    """Print the bundle size and start-up times, bundle beside source, measured in one run."""
    env = {"XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}
    files = [p for p in DIST.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files) / 2**20
    qt = sum(p.stat().st_size for p in files if "PySide6" in p.parts) / 2**20
    sample = str(ROOT / "resources" / "samples" / "chengdu-trader.json")
    cold = {"bundle": _first_window([str(EXECUTABLE)], env), "source": _first_window(SOURCE, env)}
    warm = {
        "bundle": statistics.median(_first_window([str(EXECUTABLE)], env) for _ in range(3)),
        "source": statistics.median(_first_window(SOURCE, env) for _ in range(3)),
    }
    calc = {
        "bundle": _seconds([str(EXECUTABLE), "calc", sample], env),
        "source": _seconds([*SOURCE, "calc", sample], env),
    }
    ready = {
        "bundle": statistics.median(_first_window([str(EXECUTABLE)], env, "ready") for _ in range(3)),
        "source": statistics.median(_first_window(SOURCE, env, "ready") for _ in range(3)),
    }
    print(f"bundle size {size:.0f} MB (PySide6 and Qt {qt:.0f} MB)")
    for label, values in (
        ("first window, first run", cold),
        ("first window, warm", warm),
        ("window loaded and ready, warm", ready),
        ("calc one firm", calc),
    ):
        print(f"{label}: bundle {values['bundle']:.2f} s, source {values['source']:.2f} s")


def archive() -> Path:
    """Write the release archive of the bundle (zip on Windows, tar.gz elsewhere) and print its size."""
    sys.path.insert(0, str(ROOT))
    from desktop import __version__

    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = DIST.parent / f"grant-desk-{__version__}-{system}-{platform.machine().lower()}"
    made = Path(shutil.make_archive(str(base), "zip" if os.name == "nt" else "gztar", DIST.parent, DIST.name))
    print(f"release archive {made.relative_to(ROOT)}: {made.stat().st_size / 2**20:.0f} MB")
    return made


# The README's blocks for a new user of the Linux archive, run verbatim on a bare system.
README_BLOCK = re.compile(
    r"<!-- (bundle-install|bundle-pdf):begin -->\s*```sh\n(.*?)```\s*<!-- \1:end -->", re.S
)
FRESH_DEBIAN = ROOT.parent / "shared" / "tools" / "fresh-debian"
FRESH_CACHE = Path("/var/tmp/fresh-debian")
SUITES = ("bookworm", "trixie")

# Run on the bare system after the README's install block (bash, as root, no Python there): what a
# user of the archive relies on. Test tools (Xvfb, weston) are installed only after the check that
# the README's packages alone give every Qt platform plugin its libraries.
AFTER_INSTALL = r"""
app=~/Programs/grant-desk
ok() { echo "ok  $*"; }
fail() { echo "SMOKE TEST FAILED: $*"; exit 1; }
! command -v python3 && ! command -v python || fail "Python is installed: not a system without Python"
ok "no Python on this system ($(. /etc/os-release && echo "$PRETTY_NAME"), $(ldd --version | head -1))"
missing=$(for f in "$app"/_internal/PySide6/Qt/plugins/*/*.so; do
  LD_LIBRARY_PATH="$app/_internal" ldd "$f" | grep "not found" | sed "s|^|${f#"$app"/}: |" || true
done)
[ -z "$missing" ] || fail "Qt plugins lack libraries after the README's packages: $missing"
ok "every Qt plugin finds all its libraries (xcb, wayland, offscreen …)"
grep -q "^Exec=\"$app/grant-desk\" gui %f" ~/.local/share/applications/cbec-grant-desk.desktop \
  || fail "menu entry not installed"
ok "menu entry installed"
status=0; "$app/grant-desk" gui 2>/tmp/no-display.txt || status=$?
[ "$status" = 2 ] && grep -q "未找到图形显示" /tmp/no-display.txt && grep -q "No graphical display" /tmp/no-display.txt \
  || fail "no display: exit $status $(cat /tmp/no-display.txt)"
ok "no display: the window command says so in Chinese and English, exit 2"
shown() {  # $1: the Qt platform the window must have opened on; the command line follows
  local platform=$1; shift
  "$@" "$app/grant-desk" gui --self-test >/tmp/window.txt 2>/tmp/window-errors.txt \
    || fail "window on $platform: $(cat /tmp/window.txt /tmp/window-errors.txt)"
  grep -q "window shown on $platform," /tmp/window.txt || fail "window on $platform: $(cat /tmp/window.txt)"
  ! grep -E "Cannot load library|Failed to load|cannot open shared object|executable stack" /tmp/window-errors.txt \
    || fail "window on $platform: a library failed to load"
  ok "window shown on $platform: $(cat /tmp/window.txt)"
}
shown offscreen env QT_QPA_PLATFORM=offscreen
"""
AFTER_PDF = r"""
pdfs=$(find ~/申报材料 -name '*.pdf' | wc -l)
[ "$pdfs" -ge 5 ] || fail "packet --pdf wrote $pdfs PDFs"
ok "packet --pdf: $pdfs PDFs"
apt-get install -y -qq --no-install-recommends xvfb weston >/dev/null
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true' EXIT
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>/tmp/x-display 2>/dev/null & servers+=($!)
for _ in $(seq 100); do [ -s /tmp/x-display ] && break; sleep 0.1; done
shown xcb env -u WAYLAND_DISPLAY DISPLAY=":$(cat /tmp/x-display)" QT_QPA_PLATFORM=xcb
backend=headless-backend.so  # weston 11 renamed its backends
[ "$(weston --version | grep -o '[0-9]*' | head -1)" -lt 11 ] || backend=headless
mkdir -m 700 /tmp/wayland
XDG_RUNTIME_DIR=/tmp/wayland weston --backend="$backend" --socket=smoke --idle-time=0 >/tmp/weston.log 2>&1 &
servers+=($!)
for _ in $(seq 100); do [ -S /tmp/wayland/smoke ] && break; sleep 0.1; done
[ -S /tmp/wayland/smoke ] || fail "weston did not start: $(tail -5 /tmp/weston.log)"
shown wayland env -u DISPLAY XDG_RUNTIME_DIR=/tmp/wayland WAYLAND_DISPLAY=smoke QT_QPA_PLATFORM=wayland
"""


def readme_blocks(readme: Path) -> dict[str, str]:
    """Return the README's blocks for a new user of the Linux archive (install, PDF), by name."""
    return {name: text for name, text in README_BLOCK.findall(readme.read_text(encoding="utf-8"))}


def bare_system_script(blocks: dict[str, str]) -> str:
    """Return the script run on a bare system: the README's blocks verbatim, each followed by checks."""
    return "\n".join(
        ["set -euo pipefail", blocks["bundle-install"], AFTER_INSTALL, blocks["bundle-pdf"], AFTER_PDF]
    )


def bare_system_missing(suite: str) -> str | None:
    """Return what this machine lacks to try the archive on a bare Debian ``suite`` (None: nothing).

    fresh-debian needs root, git (it clones the project) and, to stay within minutes, its base system
    already built (a CI system, itself a fresh-debian one, has none: there the check is skipped)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux"
    if not FRESH_DEBIAN.is_file():
        return f"needs {FRESH_DEBIAN}"
    if shutil.which("git") is None:
        return "needs git"
    prefix = "base-" if suite == "bookworm" else f"base-{suite}-"
    if not (FRESH_CACHE / f"{prefix}none.tar").is_file():
        return f"fresh-debian has not built its {suite} base system here ({FRESH_CACHE})"
    return None


def bare_systems(made: Path, suites: list[str]) -> None:
    """Linux: unpack the release archive on brand-new Debian systems with no Python (fresh-debian, as
    root) and run the README's blocks and the checks on it; say why where that cannot run."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bare-system-smoke.sh"
        script.write_text(bare_system_script(readme_blocks(ROOT / "README.md")), encoding="utf-8")
        for suite in suites:
            missing = bare_system_missing(suite)
            if missing:
                print(f"--  archive on a bare Debian {suite} without Python skipped: {missing}")
                continue
            started = time.perf_counter()
            result = subprocess.run(
                [str(FRESH_DEBIAN), "--suite", suite, "--base", "none", "--copy", str(made), "--copy", str(script),
                 "--", f"bash /root/{script.name}"],
                cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False,
            )  # fmt: skip
            shown = [line for line in result.stdout.splitlines() if line.startswith(("ok  ", "SMOKE TEST"))]
            passed = result.returncode == 0 and shown and shown[-1].startswith("ok  window shown on wayland")
            for line in shown:
                print(f"    {suite}: {line}")
            check(
                bool(passed),
                f"the README's blocks and the checks on a bare Debian {suite} with no Python "
                f"({time.perf_counter() - started:.0f} s)"
                + ("" if passed else f"\n{result.stdout[-3000:]}{result.stderr[-3000:]}"),
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build, smoke-test and archive the bundled program.")
    parser.add_argument("--skip-build", action="store_true", help="test the bundle already in dist/")
    parser.add_argument(
        "--max-glibc",
        type=lambda text: tuple(int(part) for part in text.split(".")),
        metavar="X.Y",
        help="Linux: fail when the bundle needs a newer glibc (the oldest system it must run on)",
    )
    parser.add_argument(
        "--bare-systems",
        default=",".join(SUITES),
        metavar="SUITES",
        help="Linux, as root with fresh-debian: the Debian suites to try the archive on without Python "
        "(default %(default)s; '' for none)",
    )
    args = parser.parse_args(argv)
    check_lock()
    if not args.skip_build:
        build()
    if sys.platform.startswith("linux"):
        check_shipped_libraries(DIST, args.max_glibc)
    with tempfile.TemporaryDirectory() as home:
        smoke(Path(home))
        figures(Path(home))
    made = archive()
    bare_systems(made, [suite for suite in args.bare_systems.split(",") if suite])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
