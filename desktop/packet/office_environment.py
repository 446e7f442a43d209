"""The environment LibreOffice runs in: its private profile, the system's libraries (never the
packaged program's) and, where fontconfig chooses the fonts, free stand-ins for the Chinese office
fonts the forms name.

The forms name 仿宋, 黑体 and 宋体, as a bureau's own templates do. Windows has them; a Linux
desktop usually has none, and LibreOffice then falls back glyph by glyph for every Chinese run,
which costs about half its conversion time and picks whatever CJK font sorts first. Telling
fontconfig which installed families stand in for each name (after the name itself, so a machine
that has the real font still uses it) makes the PDF both faster and closer to the form: a serif
CJK face for 宋体/仿宋, a sans face for 黑体.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

SYSTEM_FONTS_CONF = Path("/etc/fonts/fonts.conf")
FONTS_CONF = "fonts.conf"
# LibreOffice treats a profile that has not recorded its version as just upgraded, and then runs its
# graphics self-tests (about 0.8 s) at every start: a headless converter never records it. Our
# profiles are private throwaway folders, so they say they have seen every version.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">\
<value>999.9</value></prop></item>
</oor:items>
"""

_SANS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "AR PL SungtiL GB", *_SANS)
_KAI = ("AR PL UKai CN", "AR PL KaitiM GB", *_SERIF)

# The Chinese font names Word forms use, and the free families that stand in for them, best first.
STAND_INS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("宋体", "SimSun", "新宋体", "NSimSun", "华文宋体", "STSong", "方正小标宋简体"), _SERIF),
    **dict.fromkeys(("仿宋", "仿宋_GB2312", "FangSong", "FangSong_GB2312", "华文仿宋", "STFangsong"), _SERIF),
    **dict.fromkeys(("楷体", "楷体_GB2312", "KaiTi", "KaiTi_GB2312", "华文楷体", "STKaiti"), _KAI),
    **dict.fromkeys(("黑体", "SimHei", "微软雅黑", "Microsoft YaHei", "等线", "DengXian", "华文黑体"), _SANS),
}


def fonts_conf_text(system_conf: Path, stand_ins: Mapping[str, tuple[str, ...]] = STAND_INS) -> str:
    """Return a fontconfig file that reads ``system_conf`` and adds the stand-ins as accepted
    families (used only where the named font itself is missing)."""
    aliases = []
    for name, families in stand_ins.items():
        accepted = "".join(f"<family>{escape(family)}</family>" for family in families)
        aliases.append(f"  <alias><family>{escape(name)}</family><accept>{accepted}</accept></alias>")
    return "\n".join(
        [
            '<?xml version="1.0"?>',
            '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
            "<fontconfig>",
            f'  <include ignore_missing="yes">{escape(str(system_conf))}</include>',
            *aliases,
            "</fontconfig>",
            "",
        ]
    )


def _system_fonts_conf(environment: Mapping[str, str]) -> Path | None:
    named = environment.get("FONTCONFIG_FILE")
    if named:
        path = Path(named)
        return path if path.is_absolute() and path.is_file() else None
    return SYSTEM_FONTS_CONF if SYSTEM_FONTS_CONF.is_file() else None


def _system_libraries(environment: dict[str, str]) -> None:
    """Undo what a packaged (PyInstaller) program's loader put in front of the library path, so
    the system's LibreOffice loads the system's libraries."""
    if not getattr(sys, "frozen", False):
        return
    for variable in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "LIBPATH"):
        original = environment.pop(f"{variable}_ORIG", None)
        if original is not None:
            environment[variable] = original
        else:
            environment.pop(variable, None)


def prepare_profile(profile: Path) -> None:
    """Create the private profile folder ``profile`` with the settings a converter starts fastest with
    (kept if LibreOffice already wrote its own there)."""
    settings = profile / "user" / "registrymodifications.xcu"
    if not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(PROFILE_SETTINGS, encoding="utf-8")


def office_environment(profile: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Prepare the profile folder ``profile`` and return the environment for a LibreOffice using it:
    the system's library path, and on fontconfig systems a fonts.conf with the stand-ins written
    into the profile."""
    prepare_profile(profile)
    environment = dict(os.environ if base is None else base)
    _system_libraries(environment)
    if sys.platform in ("win32", "darwin"):
        return environment
    system_conf = _system_fonts_conf(environment)
    if system_conf is None:
        return environment
    conf = profile / FONTS_CONF
    conf.write_text(fonts_conf_text(system_conf), encoding="utf-8")
    environment["FONTCONFIG_FILE"] = str(conf)
    return environment
