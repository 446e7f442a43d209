"""The program's entry point (python -m desktop, grant-desk, the bundle): the window or a command."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.cli import EXIT_BAD_INPUT, parse, run_command, wants_window
from desktop.display import check_display


def firm_file_argument(argv: Sequence[str]) -> Path | None:
    """Return the firm file when the whole command line is one ``*.json`` path: what a file
    association, a double-click or a drop on the program's icon runs (``grant-desk FIRM.json``)."""
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0].lower().endswith(".json"):
        return Path(argv[0])
    return None


def _window(firm: Path | None = None, self_test: bool = False) -> int:
    """Open the window, or say plainly (exit 2) that there is no display to open it on."""
    problem = check_display()
    if problem is not None:
        sys.stderr.write(problem)
        return EXIT_BAD_INPUT
    from desktop.gui.app import run  # only the window needs Qt; it loads the catalog itself

    return run(firm, self_test)


def main(argv: Sequence[str] | None = None) -> int:
    """Open the desktop program when no command (or ``gui``, or just a firm file) is given, else run the command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    firm = firm_file_argument(argv)
    if firm is not None:
        return _window(firm)
    args = parse(argv)
    if wants_window(args):
        return _window(getattr(args, "firm", None), getattr(args, "self_test", False))
    return run_command(args)
