"""`.ci/run` fails whenever one of its commands fails, and runs exactly the README's test command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = PROJECT_ROOT / ".ci" / "run"

# Stand-ins for the system's and the venvs' tools: each logs its command line and fails when it
# matches one of the shell patterns in $FAIL (separated by colons).
FAKE_TOOL = """#!/bin/sh
name="$(basename "$0")"
if [ "$(basename "$(dirname "$0")")" = bin ]; then name="$(basename "$(dirname "$(dirname "$0")")")/$name"; fi
line="$name $*"
echo "$line" >> "$LOG"
IFS=:
for pattern in $FAIL; do case "$line" in $pattern) exit 1;; esac; done
exit 0
"""
FAKE_PYTHON3 = """#!/bin/sh
echo "python3 $*" >> "$LOG"
if [ "$1 $2" = "-c import ensurepip" ]; then exit "$NO_ENSUREPIP"; fi
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin"
  for tool in pip python ruff; do cp "$FAKE_TOOL" "$3/bin/$tool"; done
fi
"""


def block(section: str) -> list[str]:
    """Return the lines of the first shell block after the README heading ``section``."""
    text = README[README.index(f"\n## {section}\n") :]
    return text[text.index("```sh\n") + 6 : text.index("\n```", text.index("```sh\n"))].splitlines()


def apt_packages(lines: list[str]) -> set[str]:
    (install,) = [line for line in lines if "apt-get install" in line]
    return {
        word
        for word in install.split()
        if not word.startswith(("-", "$")) and word not in ("apt-get", "install")
    }


def run_ci(tmp_path: Path, fail: str = "__never__", no_ensurepip: int = 0) -> tuple[int, list[str]]:
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy(CI_RUN, project / ".ci" / "run")
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "fake-tool"
    fake.write_text(FAKE_TOOL, encoding="utf-8")
    (tools / "python3").write_text(FAKE_PYTHON3, encoding="utf-8")
    for name in ("dpkg", "apt-get", "sudo"):
        shutil.copy(fake, tools / name)
    for path in tools.iterdir():
        path.chmod(0o755)
    log = tmp_path / "log"
    log.touch()
    env = {
        "PATH": f"{tools}:{os.environ['PATH']}",
        "LOG": str(log),
        "FAIL": fail,
        "FAKE_TOOL": str(fake),
        "NO_ENSUREPIP": str(no_ensurepip),
    }
    result = subprocess.run(["bash", str(project / ".ci" / "run")], env=env, capture_output=True, check=False)
    return result.returncode, log.read_text(encoding="utf-8").splitlines()


def test_every_command_runs_in_order_when_all_succeed(tmp_path: Path) -> None:
    status, log = run_ci(tmp_path)
    assert status == 0
    steps = [line for line in log if line.startswith((".venv", "python3 -m venv"))]
    assert steps == [
        "python3 -m venv .venv",
        ".venv/pip install -e .[test]",
        ".venv/python -m pytest",
        ".venv/ruff check .",
        ".venv/ruff format --check .",
        "python3 -m venv .venv-build",
        ".venv-build/pip install --require-hashes -r requirements/bundle.txt",
        ".venv-build/python tools/build.py",
    ]
    assert not any(line.startswith("apt-get") for line in log), "nothing missing: nothing installed"


@pytest.mark.parametrize(
    ("fail", "never_runs"),
    [
        (".venv/pip install*", ".venv/python -m pytest"),
        (".venv/python -m pytest*", ".venv/ruff check ."),
        (".venv/ruff check*", ".venv-build/python tools/build.py"),
        (".venv/ruff format*", ".venv-build/python tools/build.py"),
        (".venv-build/pip install*", ".venv-build/python tools/build.py"),
        (".venv-build/python tools/build.py*", None),
        ("apt-get install*", "python3 -m venv .venv"),
    ],
)
def test_a_failing_command_fails_the_run(tmp_path: Path, fail: str, never_runs: str | None) -> None:
    if fail.startswith("apt-get"):
        fail = "dpkg *:apt-get install*"  # packages missing, and their installation fails
    status, log = run_ci(tmp_path, fail)
    assert status != 0
    assert never_runs is None or never_runs not in log


def test_without_ensurepip_python3_venv_is_installed_with_what_is_missing(tmp_path: Path) -> None:
    status, log = run_ci(tmp_path, fail="dpkg -s libpython3.11:dpkg -s python3-venv", no_ensurepip=1)
    assert status == 0
    (install,) = [line for line in log if line.startswith("apt-get install")]
    assert install.split()[-2:] == ["libpython3.11", "python3-venv"]


def test_ci_runs_the_readme_test_command_and_installs_its_packages() -> None:
    script = CI_RUN.read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    readme = block("Run the tests")
    for command in readme[-3:]:
        assert command in lines
    declared = re.search(r"apt_packages=\((.*?)\)", script, re.DOTALL)
    assert declared is not None
    assert apt_packages(readme) - {"python3-venv"} <= set(declared.group(1).split())
    assert {"binutils", "xvfb", "weston"} <= set(declared.group(1).split()), (
        "the bundle's smoke tests need them"
    )
    assert "set -euo pipefail" in lines
    commands = [line for line in lines if line and not line.startswith("#")]
    assert not [line for line in commands if "&&" in line], "one command per line"


def test_both_readme_blocks_install_what_the_window_needs_on_x11_and_wayland() -> None:
    needed = {
        "python3-venv", "libglib2.0-0", "libegl1", "libgl1", "libfontconfig1", "libdbus-1-3",
        "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0",
        "libxcb-shape0", "libxcb-xkb1", "libxkbcommon-x11-0", "libwayland-client0", "libwayland-cursor0",
        "libwayland-egl1",
    }  # fmt: skip
    for section in ("Run it", "Run the tests"):
        assert needed <= apt_packages(block(section)), section
    assert block("Run it")[-1] == ".venv/bin/grant-desk"


def test_every_readme_command_names_its_interpreter() -> None:
    # "uv pip compile" is uv's own command, run as .venv/bin/uv
    bare = re.findall(
        r"(?<![/\w.\\-])(?<!uv )(?:python3?|pip|ruff|pytest|pyside6-\w+) (?!-m venv)\S+", README
    )
    assert bare == []
