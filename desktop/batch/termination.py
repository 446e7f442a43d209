"""Ending a batch by a signal (Ctrl+C, ``kill``, a closed terminal, a logout) without leaving anything running.

Python's default for SIGTERM and SIGHUP ends a process at once, before any ``finally`` runs. For a
batch that would leave each worker's LibreOffice running (it lives in a process group of its own,
so a signal to the batch's group does not reach it), its profile folder in the temporary folder, an
unfinished packet and the output folder's lock behind. Ctrl+C would unwind as KeyboardInterrupt in
every process at once, ending in a traceback. All three take one path here instead.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from desktop.locks import process_alive

WORKER_EXIT_SECONDS = 15  # a worker stops its LibreOffice (usually well under a second) before it exits


def terminating_signals() -> tuple[signal.Signals, ...]:
    """Return the signals that ask a process to end and that it may clean up after: Ctrl+C, and on
    POSIX SIGTERM (``kill``, a shutdown) and SIGHUP (a closed terminal, a logout)."""
    if sys.platform == "win32":
        return (signal.SIGINT,)
    return signal.SIGINT, signal.SIGTERM, signal.SIGHUP


class BatchTerminated(BaseException):
    """Raised in the batch's main thread by a terminating signal. A BaseException, so that no
    ``except Exception`` that turns one firm's error into its failure can swallow it."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number

    @property
    def signal_name(self) -> str:
        """How the user knows the signal: Ctrl+C, else its name (SIGTERM, SIGHUP)."""
        return "Ctrl+C" if self.signal_number == signal.SIGINT else signal.Signals(self.signal_number).name

    @property
    def exit_status(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number."""
        return 128 + self.signal_number


@contextmanager
def ending_on_signals() -> Iterator[None]:
    """While the batch runs in the main thread, make a terminating signal end the worker processes
    (each stops its LibreOffice) and raise BatchTerminated, so the batch's own clean-up runs.

    Elsewhere (the desktop program runs batches in a thread) signal handlers cannot be set: nothing
    changes there.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signal_number: int, _frame: FrameType | None) -> None:
        _ignore_further_signals()
        children = multiprocessing.active_children()
        for child in children:
            child.terminate()
        wait_for_exit([child.pid for child in children if child.pid is not None])
        raise BatchTerminated(signal_number)

    previous = {number: signal.signal(number, stop) for number in terminating_signals()}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _ignore_further_signals() -> None:
    """Once stopping, stop only once: a worker is signalled by the group and again by the main process,
    and a second run of the handler would cut the first one's clean-up short."""
    for number in terminating_signals():
        signal.signal(number, signal.SIG_IGN)


def wait_for_exit(pids: list[int]) -> None:
    """Wait until the processes have ended, up to WORKER_EXIT_SECONDS. By pid, not by ``join``: a
    forkserver's worker is the forkserver's child, and ``join`` returns as soon as the forkserver is gone
    while the worker may still be stopping its LibreOffice (and still own its unfinished packet)."""
    deadline = time.monotonic() + WORKER_EXIT_SECONDS
    while any(process_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)


def end_worker_on_signals(close: Callable[[], None]) -> None:
    """In a worker process: on a terminating signal run ``close`` (stop its LibreOffice), then exit."""

    def stop(signal_number: int, _frame: FrameType | None) -> None:
        _ignore_further_signals()
        close()
        os._exit(128 + signal_number)

    for number in terminating_signals():
        signal.signal(number, stop)
