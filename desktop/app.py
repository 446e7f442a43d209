"""The program's entry point (python -m desktop, grant-desk, the bundle): the window or a command."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.cli import parse, run_command, wants_window


def main(argv: Sequence[str] | None = None) -> int:
    """Open the desktop program when no command (or ``gui``) is given, else run the command."""
    args = parse(argv)
    if wants_window(args):
        from desktop.gui.app import run  # only the window needs Qt; it loads the catalog itself

        return run(getattr(args, "firm", None), getattr(args, "self_test", False))
    return run_command(args)
