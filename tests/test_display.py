"""Without a graphical display the window command says so in Chinese and English (exit 2) before Qt starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.display import (
    check_display,
    display_found,
    display_width,
    needs_display_server,
    no_display_message,
    program_command,
)
from desktop.paths import samples_dir

# What Qt reads to find a display; a session without a desktop (ssh, a console, a cron job) has none.
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def _without_display(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in DISPLAY_VARIABLES}
    return {**env, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), **extra}


# Reports whether Qt was loaded at all: the check must come before it.
PROBE = (
    "import sys; from desktop.app import main; status = main(sys.argv[1:]); "
    "print('Qt loaded' if 'PySide6.QtWidgets' in sys.modules else 'Qt not loaded'); sys.exit(status)"
)


@pytest.mark.skipif(not needs_display_server(), reason="Windows and macOS always have a display")
@pytest.mark.parametrize("arguments", [[], ["gui"], ["gui", "--self-test"], ["FIRM"]])
def test_the_window_without_a_display_says_so_and_exits_2(tmp_path: Path, arguments: list[str]) -> None:
    arguments = [str(samples_dir() / "suzhou-brand.json") if a == "FIRM" else a for a in arguments]
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        env=_without_display(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout.strip() == "Qt not loaded"
    assert "未找到图形显示" in completed.stderr and "No graphical display was found" in completed.stderr
    assert "calc 企业.json" in completed.stderr and "--help" in completed.stderr
    assert "Traceback" not in completed.stderr and "qt.qpa" not in completed.stderr


def test_the_command_line_needs_no_display(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "desktop", "calc", str(samples_dir() / "suzhou-brand.json")],
        env=_without_display(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "未找到图形显示" not in completed.stderr


@pytest.mark.parametrize(
    ("environ", "found"),
    [
        ({}, False),
        ({"DISPLAY": ""}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
        ({"QT_QPA_PLATFORM": "wayland;offscreen"}, True),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, True),
    ],
)
def test_what_counts_as_a_display(environ: dict[str, str], found: bool) -> None:
    assert display_found(environ) is found


def test_windows_and_macos_are_never_stopped() -> None:
    assert not needs_display_server("win32") and not needs_display_server("darwin")
    assert needs_display_server("linux") and needs_display_server("freebsd14")


def test_the_message_shows_the_command_the_user_ran() -> None:
    bundle = "/home/张三/Programs/grant-desk/grant-desk"
    assert program_command(bundle, frozen=True) == bundle
    assert program_command(".venv/bin/grant-desk", frozen=False) == ".venv/bin/grant-desk"
    assert program_command("/src/desktop/__main__.py", frozen=False).endswith(" -m desktop")
    assert f"{bundle} calc 企业.json" in no_display_message(bundle)
    assert check_display({"DISPLAY": ":11"}) is None


def test_the_commands_line_up_in_a_terminal() -> None:
    lines = no_display_message("grant-desk").splitlines()[3:]
    columns = {display_width(line[: line.index("grant-desk")]) for line in lines}
    assert len(lines) == 4 and len(columns) == 1
