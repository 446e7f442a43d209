"""Build the bundled program with PyInstaller from a clean tree, then prove that what it ships works.

Usage: python tools/build.py [--skip-build]
The build environment must hold exactly the versions of requirements/bundle.txt (the hash-locked
dependencies); the build stops first when pyproject.toml asks for something the lock does not hold.
Smoke tests: --version; calc --json on every sample identical to running from source; a packet that
is complete; the window shown offscreen (--self-test); packet --pdf and batch --pdf write every PDF
with LibreOffice hidden (and, with it installed, a custom form through it); a missing or corrupt
bundled catalog gives a clear error, not a traceback; `catalog add` takes an annual guide, refuses a
broken one; on Linux the menu entry installs.
Prints the bundle size and start-up times beside the source's, then writes the release archive
beside the bundle (dist/grant-desk-VERSION-PLATFORM.tar.gz, .zip on Windows) and prints its size.
Exits non-zero on the first failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
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


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    """Run a command from the project root with the program's environment (offscreen Qt, private folders)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.update(kwargs.pop("env", {}))
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
    gui = run([str(EXECUTABLE), "gui", "--self-test"], env=env)
    check(
        gui.returncode == 0 and "window shown" in gui.stdout, f"window shown offscreen: {gui.stdout.strip()}"
    )
    pdfs(env)
    broken_catalog(env)
    added_catalog()
    if sys.platform.startswith("linux"):
        menu_entry(home)


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
        written = [path for path in Path(out).glob("*/*.pdf") if path.read_bytes()[:5] == b"%PDF-"]
        passed = packet.returncode == 0 and len(written) == 9
        check(
            passed,
            f"packet --pdf, LibreOffice hidden: {len(written)} PDFs"
            + ("" if passed else f" {packet.stderr[-300:]}"),
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
        written = [
            path for path in (Path(out) / "batch").glob("*/*.pdf") if path.read_bytes()[:5] == b"%PDF-"
        ]
        passed = batch.returncode == 0 and len(written) >= 12
        check(
            passed,
            f"batch --pdf, LibreOffice hidden: {len(written)} PDFs"
            + ("" if passed else f" {batch.stderr[-300:]}"),
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
    """The bundle takes an annual guide with `catalog add`, uses it, refuses a broken one, removes it."""
    guide = next((ROOT / "docs" / "examples").glob("*年度指南*.yaml"))
    with tempfile.TemporaryDirectory() as home:
        env = {"XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home}
        data = json.loads(
            (ROOT / "resources" / "samples" / "lianyungang-brand.json").read_text(encoding="utf-8")
        )
        data.pop("claims", None)  # the sample's claim is above what the example guide grants
        sample = str(Path(home) / "firm.json")
        Path(sample).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        added = run([str(EXECUTABLE), "catalog", "add", str(guide)], env=env)
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
        refused = run([str(EXECUTABLE), "catalog", "add", str(broken)], env=env)
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


def main() -> int:
    check_lock()
    if "--skip-build" not in sys.argv:
        build()
    with tempfile.TemporaryDirectory() as home:
        smoke(Path(home))
        figures(Path(home))
    archive()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
