"""Running an attack in a child process under a memory and time limit, so that a defence that fails
costs a failed test, never the shared machine."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MEMORY_BYTES = 1_500_000_000  # address space: Python, Qt-free imports and the work itself
SECONDS = 60


@dataclass(frozen=True)
class Outcome:
    """How the child ended: exit status, its output, and the wall-clock seconds it took."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float


def _limit(memory: int, seconds: int) -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def run_limited(
    code: str, *args: str, memory: int = MEMORY_BYTES, seconds: int = SECONDS, stdin: str | None = None
) -> Outcome:
    """Run ``python -c code args…`` from the project folder with the test's environment (its own user
    folders), at most ``memory`` bytes of address space and ``seconds`` of CPU and of wall clock."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
            capture_output=True,
            text=True,
            timeout=seconds,
            input=stdin,
            preexec_fn=lambda: _limit(memory, seconds),
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"still running after {seconds} s: {code[:200]}") from exc
    return Outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


CLI = "import sys; from desktop.cli import main; sys.exit(main(sys.argv[1:]))"


def grant_desk(*args: str, memory: int = MEMORY_BYTES, seconds: int = SECONDS) -> Outcome:
    """Run the command line with ``args`` under the limits."""
    return run_limited(CLI, *args, memory=memory, seconds=seconds)


COMMANDS = """
import contextlib, io, json, sys, time
from desktop.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    results.append([code, out.getvalue(), err.getvalue(), time.monotonic() - started])
sys.stdout.write(json.dumps(results))
"""


def grant_desk_each(
    *commands: list[str], memory: int = MEMORY_BYTES, seconds: int = SECONDS
) -> list[Outcome]:
    """Run several command lines one after another in one child under the limits (one start-up)."""
    import json

    done = run_limited(COMMANDS, json.dumps(list(commands)), memory=memory, seconds=seconds)
    assert done.returncode == 0, done.stderr[-3000:]
    return [Outcome(code, out, err, took) for code, out, err, took in json.loads(done.stdout)]
