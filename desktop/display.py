"""Whether a window can open: on Linux and other X11/Wayland systems, a graphical display must be there."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path

# Qt platforms that draw without a display server (QT_QPA_PLATFORM): the window then needs none.
HEADLESS_PLATFORMS = frozenset(
    {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
)


def needs_display_server(platform: str = sys.platform) -> bool:
    """Return True where Qt draws through X11 or Wayland (not on Windows or macOS)."""
    return not platform.startswith(("win", "darwin", "cygwin"))


def display_found(environ: Mapping[str, str]) -> bool:
    """Return True when Qt can find somewhere to draw the window: an X11 or Wayland display, or a
    platform that needs none (``QT_QPA_PLATFORM=offscreen`` …; a list such as ``wayland;xcb`` is tried
    in order, so one headless entry is enough)."""
    requested = {
        name.split(":", 1)[0].strip().lower() for name in environ.get("QT_QPA_PLATFORM", "").split(";")
    }
    if requested & HEADLESS_PLATFORMS:
        return True
    return bool(environ.get("DISPLAY", "").strip() or environ.get("WAYLAND_DISPLAY", "").strip())


def program_command(argv0: str, frozen: bool) -> str:
    """Return how the user started this program, to show the command line with the same words."""
    if frozen:
        return argv0
    if Path(argv0).name in ("__main__.py", "-m", "-c", ""):
        return f"{Path(sys.executable).name} -m desktop"
    return argv0


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def no_display_message(program: str) -> str:
    """Return the message shown when the window is asked for but there is no display to show it on."""
    commands = [
        ("测算 / check and calculate a firm:", f"{program} calc 企业.json"),
        ("申报材料 / write its application packet:", f"{program} packet 企业.json --out 申报材料"),
        ("批量 / a whole folder of firms:", f"{program} batch 企业文件夹 --out 申报材料"),
        ("全部命令 / every command:", f"{program} --help"),
    ]
    column = max(display_width(label) for label, _ in commands) + 2
    return (
        "未找到图形显示（DISPLAY 和 WAYLAND_DISPLAY 均未设置），无法打开窗口。\n"
        "No graphical display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), "
        "so the window cannot open.\n"
        "请在桌面会话中启动本程序，或改用命令行 / Start it in a desktop session, or use the command line:\n"
    ) + "".join(f"  {label}{' ' * (column - display_width(label))}{command}\n" for label, command in commands)


def check_display(environ: Mapping[str, str] | None = None) -> str | None:
    """Return the no-display message when the window cannot open here (None when it can), before Qt
    starts: without a display Qt aborts with a hint about missing libraries that misleads."""
    environ = os.environ if environ is None else environ
    if not needs_display_server() or display_found(environ):
        return None
    return no_display_message(program_command(sys.argv[0], getattr(sys, "frozen", False)))
