"""What differs on Windows, checked here: reserved device names, folders with spaces and a Chinese user
name, and fonts the forms name that every Chinese Windows has."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from desktop.packet.files import safe_name
from desktop.paths import samples_dir
from tests.conftest import PROJECT_ROOT

# Windows' device names, reserved with any extension and with trailing spaces before it
# (learn.microsoft.com: "Naming Files, Paths, and Namespaces").
DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in "123456789¹²³"
}

# Font families installed with Simplified Chinese Windows 10/11, by the names Word and Excel store
# (the Chinese and the English family name) — no 仿宋_GB2312, 方正小标宋 or Office-only 华文 fonts.
WINDOWS_FONTS = {
    "宋体", "SimSun", "新宋体", "NSimSun", "黑体", "SimHei", "仿宋", "FangSong", "楷体", "KaiTi",
    "微软雅黑", "Microsoft YaHei", "等线", "DengXian", "等线 Light", "DengXian Light",
    "Times New Roman", "Arial", "Calibri", "Calibri Light", "Cambria", "Cambria Math", "Tahoma",
    "Verdana", "Courier New", "Segoe UI", "Symbol", "Wingdings", "Consolas", "Georgia",
    "Courier",  # Windows' own raster Courier; Word shows Courier New (only python-docx's Macro Text style)
}  # fmt: skip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def windows_accepts(name: str) -> bool:
    """Return True when Windows can create a file or folder of this name."""
    if not name or name != name.rstrip(" .") or re.search(r'[\\/:*?"<>|\x00-\x1f]', name):
        return False
    return name.split(".")[0].rstrip(" ").upper() not in DEVICES


def fonts_used(path: Path) -> set[str]:
    """Return the fonts a .docx or .xlsx applies to text: run and style fonts and the theme's
    major/minor Latin and East Asian fonts (not the theme's per-script fallback table)."""
    fonts: set[str] = set()
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith(".xml") or name.endswith("fontTable.xml"):
                continue
            root = ET.fromstring(package.read(name))
            for element in root.iter(f"{W}rFonts"):
                fonts |= {
                    v
                    for k, v in element.attrib.items()
                    if k[len(W) :] in ("ascii", "hAnsi", "eastAsia", "cs")
                }
            for group in (*root.iter(f"{A}majorFont"), *root.iter(f"{A}minorFont")):
                fonts |= {
                    child.get("typeface", "") for child in group if child.tag in (f"{A}latin", f"{A}ea")
                }
            if name == "xl/styles.xml":
                fonts |= {element.get("val", "") for element in root.iter(f"{S}name")}
    return {font for font in fonts if font}


@pytest.mark.parametrize(
    "name",
    ["CON", "con", "Nul.公司", "COM1", "lpt9.txt", "AUX .docx", "CON ", "COM¹", "CONIN$", "PRN.",
     "成都/蓉贸:公司?", "..", "  ", "name. ", 'a<b>c|d"e*', "蓉贸\t科技"],
)  # fmt: skip
def test_firm_names_become_names_windows_accepts(name: str) -> None:
    safe = safe_name(name)
    assert windows_accepts(safe), safe
    assert windows_accepts(f"{safe}_2025")


def test_the_fonts_the_forms_name_ship_with_windows() -> None:
    templates = sorted((PROJECT_ROOT / "forms").glob("*.do*x")) + sorted(
        (PROJECT_ROOT / "forms").glob("*.xlsx")
    )
    assert len(templates) >= 5
    for template in templates:
        used = fonts_used(template)
        assert {"仿宋", "黑体", "宋体"} & used or template.suffix == ".xlsx", template.name
        assert used <= WINDOWS_FONTS, f"{template.name}: {sorted(used - WINDOWS_FONTS)}"


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "AppData" / "Roaming"))
    env["XDG_DATA_HOME"] = str(home / "AppData" / "Local")
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def test_packet_and_batch_in_folders_with_spaces_and_a_chinese_user_name(tmp_path: Path) -> None:
    # like C:\Users\张三\My Documents\申报 材料 2026 on a clerk's PC, and a firm named after a device
    home = tmp_path / "Users" / "张三"
    documents = home / "My Documents" / "申报 材料 2026"
    firms = documents / "企业 文件"
    firms.mkdir(parents=True)
    for sample, firm_name in (
        ("chengdu-trader.json", "CON"),
        ("lianyungang-brand.json", "连云港 晶彩.公司 "),
    ):
        data = json.loads((samples_dir() / sample).read_text(encoding="utf-8"))
        data["firm"]["name"] = firm_name
        (firms / f"{firm_name.strip()} 企业.json").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )

    single = run(
        "packet",
        str(firms / "CON 企业.json"),
        "--out",
        str(documents / "单个 申报"),
        "--date",
        "2026-03-01",
        home=home,
    )
    assert single.returncode == 0, single.stderr
    batch = run("batch", str(firms), "--out", str(documents / "批量 申报"), home=home)
    assert batch.returncode == 0, batch.stderr

    written = [p for p in (documents / "单个 申报").rglob("*")] + [
        p for p in (documents / "批量 申报").rglob("*")
    ]
    assert len([p for p in written if p.suffix == ".docx"]) >= 10
    for path in written:
        assert windows_accepts(path.name), path
    for manifest in documents.rglob("manifest.json"):
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        assert all((manifest.parent / name).is_file() for name in files), manifest
        for name in files:
            if name.endswith((".docx", ".xlsx")):
                assert fonts_used(manifest.parent / name) <= WINDOWS_FONTS, name
    shutil.rmtree(tmp_path / "Users")  # everything written stayed inside the user's folder
    assert list(tmp_path.iterdir()) == []
