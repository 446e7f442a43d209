"""The program's entry point (python -m desktop, grant-desk, the bundle): the window or a command."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.cli import parse, run_command, wants_window


def firm_file_argument(argv: Sequence[str]) -> Path | None:
    """Return the firm file when the whole command line is one ``*.json`` path: what a file
    association, a double-click or a drop on the program's icon runs (``grant-desk FIRM.json``)."""
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0].lower().endswith(".json"):
        return Path(argv[0])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Open the desktop program when no command (or ``gui``, or just a firm file) is given, else run the command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    firm = firm_file_argument(argv)
    if firm is not None:
        from desktop.gui.app import run

        return run(firm)
    args = parse(argv)
    if wants_window(args):
        from desktop.gui.app import run  # only the window needs Qt; it loads the catalog itself

        return run(getattr(args, "firm", None), getattr(args, "self_test", False))
    return run_command(args)
