"""Batch progress on the terminal: firms done of total, rate, time left, on one updating line."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from desktop.batch.outcome import FirmOutcome


class TerminalProgress:
    """A progress callback that rewrites one line on a terminal (or prints every tenth firm to a file)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.interactive = self.stream.isatty()

    def __call__(self, done: int, total: int, outcome: FirmOutcome) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        minutes, seconds = divmod(int(left + 0.5), 60)
        line = f"[{done}/{total}] {100 * done / total:5.1f}%  {rate:6.1f} 家/秒  剩余约 {minutes:02d}:{seconds:02d}"
        if self.interactive:
            self.stream.write("\r" + line + ("\n" if done == total else ""))
            self.stream.flush()
        elif done == total or done % 10 == 0:
            self.stream.write(line + "\n")
