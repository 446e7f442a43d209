"""The bundle is built from hash-locked versions, and a lock that pyproject.toml outgrew stops the build."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("build_tool", PROJECT_ROOT / "tools" / "build.py")
assert spec is not None and spec.loader is not None
build_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_tool)

LOCK = PROJECT_ROOT / "requirements" / "bundle.txt"


def pyproject_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "pyproject.toml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return changed


def test_the_lock_satisfies_pyproject() -> None:
    assert build_tool.stale_lock_problems(PROJECT_ROOT / "pyproject.toml", LOCK) == [], (
        f"refresh the lock: {build_tool.REFRESH}"
    )


def test_every_locked_package_carries_hashes() -> None:
    text = LOCK.read_text(encoding="utf-8")
    pins = re.findall(r"^[A-Za-z0-9][^ ]*==", text, re.MULTILINE)
    assert len(pins) >= 15
    for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2]):
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_lock_holds_the_three_platforms_build_dependencies() -> None:
    pins = build_tool.locked_versions(LOCK)
    assert {"pyinstaller", "pyside6-essentials", "pefile", "pywin32-ctypes", "macholib"} <= set(pins)
    assert str(pins["pefile"][1]) == 'sys_platform == "win32"'


def test_a_new_dependency_missing_from_the_lock_is_named(tmp_path: Path) -> None:
    pyproject = pyproject_with(tmp_path, '"platformdirs>=4",', '"platformdirs>=4",\n    "tomli-w>=1.0",')
    assert build_tool.stale_lock_problems(pyproject, LOCK) == ["tomli-w>=1.0 is not in bundle.txt"]


def test_a_range_the_locked_version_is_outside_of_is_named(tmp_path: Path) -> None:
    pyproject = pyproject_with(tmp_path, '"openpyxl>=3.1",', '"openpyxl>=99",')
    (problem,) = build_tool.stale_lock_problems(pyproject, LOCK)
    assert problem.startswith("openpyxl>=99 is not satisfied by the locked openpyxl==")


def test_the_build_stops_with_the_refresh_command_on_a_stale_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    (project / "requirements").mkdir(parents=True)
    (project / "requirements" / "bundle.txt").write_text(LOCK.read_text(encoding="utf-8"), encoding="utf-8")
    pyproject_with(project, '"openpyxl>=3.1",', '"openpyxl>=99",')
    monkeypatch.setattr(build_tool, "ROOT", project)
    monkeypatch.setattr(build_tool, "LOCK", project / "requirements" / "bundle.txt")
    monkeypatch.setattr(build_tool, "build", lambda: pytest.fail("built from a stale lock"))
    monkeypatch.setattr(sys, "argv", ["build.py"])
    with pytest.raises(SystemExit) as stopped:
        build_tool.main()
    assert str(stopped.value.code).startswith(
        "lock is stale: run .venv/bin/pip install uv && .venv/bin/uv pip compile"
    )
    assert "openpyxl>=99" in str(stopped.value.code)
