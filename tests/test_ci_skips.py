"""CI cannot pass by accident: a skipped test fails there unless it lists its reason as acceptable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

TESTS = """
import pytest

def test_runs():
    pass

@pytest.mark.skipif(True, reason="LibreOffice is not installed")
def test_needs_a_tool():
    pass

@pytest.mark.ci_may_skip("process groups are POSIX only")
@pytest.mark.skipif(True, reason="process groups are POSIX only")
def test_listed_reason():
    pass

@pytest.mark.ci_may_skip("process groups are POSIX only")
def test_other_reason_than_listed():
    pytest.skip("no network")

@pytest.mark.xfail(reason="known", strict=True)
def test_expected_failure():
    assert False
"""


def run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (folder / "test_sample.py").write_text(TESTS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_skips", "-p", "no:cacheprovider", "-rA",
         "--rootdir", str(folder), "-c", os.devnull, str(folder)],
        capture_output=True, text=True, check=False, env=env, cwd=folder,
    )  # fmt: skip


def test_outside_ci_skips_are_skips(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 3 skipped, 1 xfailed" in result.stdout


def test_in_ci_an_unlisted_skip_fails_and_says_how_to_accept_it(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    # a skip decided at set-up (skipif) is reported as an error, one inside the test as a failure
    assert "1 failed, 1 passed, 1 skipped, 1 xfailed, 1 error" in result.stdout
    assert "ERROR test_sample.py::test_needs_a_tool" in result.stdout
    assert "FAILED test_sample.py::test_other_reason_than_listed" in result.stdout
    assert "skipped in CI: LibreOffice is not installed" in result.stdout
    assert "@pytest.mark.ci_may_skip('LibreOffice is not installed')" in result.stdout


def test_in_ci_a_skipped_module_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "test_module.py").write_text(
        'import pytest\npytest.skip("no tool", allow_module_level=True)\n', encoding="utf-8"
    )
    result = run_pytest(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "module skipped in CI" in result.stdout and "no tool" in result.stdout
