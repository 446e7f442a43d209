"""Linux menu entry: it validates, installs with the bundle's absolute path, and opens the .json given."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.cli import parse
from desktop.gui.app import prepare_window
from desktop.gui.settings import Settings
from desktop.paths import samples_dir
from tests.conftest import PROJECT_ROOT

LINUX = PROJECT_ROOT / "packaging" / "linux"


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def exec_argv(value: str, file: str) -> list[str]:
    """Return the command line a desktop environment runs for ``Exec=value`` opening ``file``
    (Desktop Entry Specification 1.4: string escapes, then quoted arguments, then %f)."""
    unescaped = value.replace("\\\\", "\0")
    unescaped = unescaped.replace("\\s", " ").replace("\\n", "\n").replace("\\t", "\t").replace("\0", "\\")
    argv, current, quoted, escape, started = [], "", False, False, False
    for char in unescaped:
        if quoted and escape:
            current, escape = current + char, False
        elif quoted and char == "\\":
            escape = True
        elif char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if started or current:
                argv.append(current)
            current, started = "", False
        else:
            current += char
    if started or current:
        argv.append(current)
    return [file if arg == "%f" else arg for arg in argv]


def test_the_entry_describes_the_program_and_opens_json_files() -> None:
    desktop = entry(LINUX / "cbec-grant-desk.desktop")
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert desktop["Name[zh_CN]"] == "跨境电商政策申报助手"
    assert "application/json" in desktop["MimeType"].split(";")
    assert "Office" in desktop["Categories"].split(";")
    assert exec_argv(desktop["Exec"], "/a b/企业.json") == ["grant-desk", "gui", "/a b/企业.json"]
    assert desktop["Icon"] == "cbec-grant-desk"
    validate = shutil.which("desktop-file-validate")
    if validate:  # where the desktop-file-utils are installed, their verdict too
        result = subprocess.run(
            [validate, str(LINUX / "cbec-grant-desk.desktop")], capture_output=True, text=True
        )
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.ci_may_skip("the installer is a POSIX shell script for Linux desktops")
@pytest.mark.skipif(os.name == "nt", reason="the installer is a POSIX shell script for Linux desktops")
@pytest.mark.parametrize("folder", ["grant-desk", 'My Apps/张三 的 "程序" $HOME `x` \\ back'])
def test_installing_names_the_bundle_by_its_absolute_path(tmp_path: Path, folder: str) -> None:
    bundle = tmp_path / folder
    (bundle / "_internal" / "resources" / "icons").mkdir(parents=True)
    shutil.copy(
        PROJECT_ROOT / "resources" / "icons" / "grant-desk.png", bundle / "_internal" / "resources" / "icons"
    )
    for name in ("cbec-grant-desk.desktop", "install-desktop-entry.sh"):
        shutil.copy(LINUX / name, bundle / name)
    data = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    subprocess.run(["sh", str(bundle / "install-desktop-entry.sh")], env=env, check=True, capture_output=True)
    installed = entry(data / "applications" / "cbec-grant-desk.desktop")
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "cbec-grant-desk.png").is_file()
    firm = "/home/张三/My Documents/企业 1.json"
    assert exec_argv(installed["Exec"], firm) == [str(bundle / "grant-desk"), "gui", firm]
    assert installed["TryExec"].replace("\\\\", "\\") == str(bundle / "grant-desk")


def test_the_window_opens_the_firm_file_the_entry_passes(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "张三" / "My Documents"
    folder.mkdir(parents=True)
    firm = folder / "蓉贸 2025.json"
    shutil.copy(samples_dir() / "chengdu-trader.json", firm)
    argv = exec_argv(entry(LINUX / "cbec-grant-desk.desktop")["Exec"], str(firm))
    args = parse(argv[1:])
    assert args.command == "gui" and args.firm == firm
    window = prepare_window(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    window.load()
    window.start(args.firm)
    name = json.loads(firm.read_text(encoding="utf-8"))["firm"]["name"]
    assert window.document.path == firm
    assert name in window.windowTitle()
