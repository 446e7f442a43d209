"""In CI (CI=true) a skipped test fails, unless the test lists its skip reason with ``ci_may_skip``."""

from __future__ import annotations

import os

import pytest

MARKER = "ci_may_skip"


def in_ci() -> bool:
    """Return True when running under a CI service (which sets CI=true)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def acceptable(reason: str, accepted: list[str]) -> bool:
    """Return True when ``reason`` is one of the reasons a test accepts to be skipped for in CI."""
    return any(reason == text for text in accepted)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(*reasons): skip reasons this test may be skipped for in CI (any other skip fails there)",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = _reason(report)
    accepted = [str(text) for marker in item.iter_markers(MARKER) for text in marker.args]
    if acceptable(reason, accepted):
        return
    report.outcome = "failed"
    report.longrepr = (
        f"skipped in CI: {reason}\n"
        f"CI must run every test. Install what it needs, or, if this skip is acceptable in CI, "
        f"list the reason on the test: @pytest.mark.{MARKER}({reason!r})"
    )


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if in_ci() and report.skipped:
        _skipped_modules.append(f"{report.nodeid}: {_reason(report)}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A whole module skipped in CI fails the run (a module cannot list acceptable reasons)."""
    if _skipped_modules:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        for line in _skipped_modules:
            if reporter is not None:
                reporter.write_line(f"FAILED (module skipped in CI) {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_skipped_modules: list[str] = []
