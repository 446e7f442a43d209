"""The system's Chinese fonts for the built-in PDFs: found per OS, measured and subset with HarfBuzz.

Forms ask for 仿宋 (body) and 黑体 (titles), which Windows ships; elsewhere the nearest equivalents
installed are taken (macOS: the Songti/Heiti/STFangsong families; Linux: Noto CJK or WenQuanYi).
A character a font lacks (☐ in most CJK fonts) is taken from the next font found.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import uharfbuzz as hb

from desktop.errors import OutputError, Problem

FONT_DIRS_VARIABLE = "GRANT_DESK_FONT_DIRS"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")

# File names (lower case) in order of preference, as Windows, macOS and Linux distributions name them.
BODY_FILES = (
    "simfang.ttf",  # 仿宋 (Windows)
    "stfangso.ttf",  # 华文仿宋 (Office for Windows)
    "stfangsong.ttf",
    "华文仿宋.ttf",
    "fangsong.ttf",
    "simsun.ttc",  # 宋体 (Windows)
    "songti.ttc",  # Songti SC (macOS)
    "stsong.ttf",
    "notoserifcjk-regular.ttc",  # fonts-noto-cjk
    "notoserifcjksc-regular.otf",
    "notoserifsc-regular.otf",
    "sourcehanserifsc-regular.otf",
    "sourcehanserif-regular.ttc",
    "simkai.ttf",  # 楷体 (Windows)
    "kaiti.ttc",
    "uming.ttc",  # fonts-arphic-uming
    "ukai.ttc",
    "notosanscjk-regular.ttc",
    "notosanscjksc-regular.otf",
    "wqy-zenhei.ttc",  # fonts-wqy-zenhei
    "wqy-microhei.ttc",  # fonts-wqy-microhei
    "msyh.ttc",  # 微软雅黑
    "stheiti light.ttc",
    "pingfang.ttc",
    "hiragino sans gb.ttc",
    "droidsansfallbackfull.ttf",
)
TITLE_FILES = (
    "simhei.ttf",  # 黑体 (Windows)
    "stheiti medium.ttc",  # macOS
    "stheiti light.ttc",
    "pingfang.ttc",
    "hiragino sans gb.ttc",
    "notosanscjk-bold.ttc",  # fonts-noto-cjk
    "notosanscjksc-bold.otf",
    "notosanssc-bold.otf",
    "sourcehansanssc-bold.otf",
    "notosanscjk-medium.ttc",
    "notosanscjk-regular.ttc",
    "notosanscjksc-regular.otf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "msyh.ttc",
    "droidsansfallbackfull.ttf",
)
# For the few symbols CJK fonts lack (☐ ✗): searched after the body and title fonts.
SYMBOL_FILES = (
    "seguisym.ttf",  # Segoe UI Symbol (Windows)
    "apple symbols.ttf",
    "dejavusans.ttf",
    "msgothic.ttc",
    "arial unicode.ttf",
    "notosanssymbols2-regular.ttf",
)
# Faces inside a collection: the simplified-Chinese one (Noto CJK holds JP, KR, SC, TC and HK).
PREFERRED_FACE_MARKS = (" SC", "GB", "SimSun", "Songti SC", "Heiti SC", "PingFang SC")


def font_dirs() -> list[Path]:
    """Return the folders searched for fonts: those in GRANT_DESK_FONT_DIRS if set, else the system's and the user's."""
    override = os.environ.get(FONT_DIRS_VARIABLE)
    if override is not None:
        return [Path(part) for part in override.split(os.pathsep) if part]
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        assets = sorted(Path("/System/Library/AssetsV2").glob("com_apple_MobileAsset_Font*"))
        return [
            home / "Library" / "Fonts",
            Path("/Library/Fonts"),
            Path("/System/Library/Fonts"),
            *assets,
        ]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [
        data_home / "fonts",
        home / ".fonts",
        Path("/usr/local/share/fonts"),
        Path("/usr/share/fonts"),
    ]


def install_hint() -> str:
    """Return, in Chinese, what to install on this system for the PDFs to have Chinese fonts."""
    if sys.platform == "win32":
        return "请在“设置 → 个性化 → 字体”中安装“仿宋”“黑体”（Windows 自带，可能被删除或未启用）"
    if sys.platform == "darwin":
        return "请在“字体册”中启用或下载“宋体-简”“黑体-简”“华文仿宋”等中文字体"
    return (
        "请安装中文字体，例如 Debian/Ubuntu 上运行 sudo apt install fonts-noto-cjk"
        "（或 fonts-wqy-microhei），Fedora 上运行 sudo dnf install google-noto-serif-cjk-fonts"
    )


def _files(folders: Iterable[Path]) -> dict[str, Path]:
    """Return every font file under the folders, by lower-case file name (the first found wins)."""
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                key = name.lower()
                if key.endswith(FONT_SUFFIXES) and key not in found:
                    found[key] = Path(root) / name
    return found


@dataclass(eq=False)
class Font:
    """One face of a font file, its metrics read through HarfBuzz; glyphs and advances cached."""

    path: Path
    index: int
    face: hb.Face
    hb_font: hb.Font
    upem: int
    ascender: int
    descender: int  # negative
    line_gap: int
    cff: bool
    bold: bool
    postscript_name: str
    glyphs: dict[int, int] = field(default_factory=dict)
    advances: dict[int, int] = field(default_factory=dict)

    def glyph(self, codepoint: int) -> int:
        """Return the glyph id of a character, 0 when the font lacks it."""
        gid = self.glyphs.get(codepoint)
        if gid is None:
            gid = self.hb_font.get_nominal_glyph(codepoint) or 0
            self.glyphs[codepoint] = gid
        return gid

    def advance(self, gid: int) -> int:
        """Return a glyph's advance width in font units."""
        width = self.advances.get(gid)
        if width is None:
            width = self.hb_font.get_glyph_h_advance(gid)
            self.advances[gid] = width
        return width

    @property
    def line_height(self) -> float:
        """Return the font's single line height in ems (ascender + descender + line gap)."""
        return (self.ascender - self.descender + self.line_gap) / self.upem


def _weight(face: hb.Face) -> int:
    data = face.reference_table("OS/2").data
    return int.from_bytes(data[4:6], "big") if len(data) >= 6 else 400


def _face_index(blob: hb.Blob) -> int:
    """Return the face of a collection to use: the simplified-Chinese one where the file holds several."""
    count = hb.Face(blob, 0).count
    for index in range(count if isinstance(count, int) else 1):
        family = hb.Face(blob, index).get_name(hb.OTNameIdPredefined.FONT_FAMILY) or ""
        if any(mark in family for mark in PREFERRED_FACE_MARKS):
            return index
    return 0


@cache
def load_font(path: Path) -> Font:
    """Return the font in ``path`` (a collection's simplified-Chinese face), loaded once per process."""
    blob = hb.Blob.from_file_path(str(path))
    index = _face_index(blob) if path.suffix.lower() in (".ttc", ".otc") else 0
    return _font(path, index, blob)


def _font(path: Path, index: int, blob: hb.Blob, postscript_name: str | None = None) -> Font:
    face = hb.Face(blob, index)
    hb_font = hb.Font(face)
    extents = hb_font.get_font_extents("ltr")
    tags = set(face.table_tags)
    name = postscript_name or face.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME) or path.stem
    return Font(
        path=path,
        index=index,
        face=face,
        hb_font=hb_font,
        upem=face.upem,
        ascender=extents.ascender,
        descender=extents.descender,
        line_gap=extents.line_gap,
        cff="CFF " in tags,
        bold=_weight(face) >= 600,
        postscript_name="".join(ch for ch in name if (ch.isascii() and ch.isalnum()) or ch in "-_") or "Font",
    )


@dataclass(frozen=True)
class FontSet:
    """The fonts a document is set in, by number. Role 0 (body, 仿宋's) and role 1 (titles, 黑体's) are
    fonts 0 and 1; ``roles`` lists for each role the fonts to try for a character, before every other."""

    fonts: tuple[Font, ...]
    roles: tuple[tuple[int, ...], ...] = ((0,), (1,))

    @property
    def body(self) -> Font:
        return self.fonts[0]

    @property
    def title(self) -> Font:
        return self.fonts[1]

    def glyph(self, codepoint: int, role: int) -> tuple[int, int]:
        """Return (font number, glyph id) for a character: from the role's fonts if one has it, else
        from the first font that has it; (role, 0) when none has."""
        order = self.roles[role]
        for number in (*order, *range(len(self.fonts))):
            gid = self.fonts[number].glyph(codepoint)
            if gid:
                return number, gid
        return role, 0


def common_characters() -> str:
    """Return the characters whose glyphs a working font keeps: GB 2312 (the 6,763 most used Chinese
    characters and its symbols), ASCII, Latin-1, punctuation, the symbols forms print (− × ÷ ≤ → ㎡ ☐)."""
    found: list[str] = []
    for first in (*range(0xA1, 0xAA), *range(0xB0, 0xF8)):
        for second in range(0xA1, 0xFF):
            try:
                found.append(bytes((first, second)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    ranges = (
        (0x20, 0x7F), (0xA0, 0x100), (0x2010, 0x2028), (0x2100, 0x2300), (0x2460, 0x2500),
        (0x25A0, 0x2700), (0x3000, 0x3040), (0x3300, 0x3400), (0xFE30, 0xFE50), (0xFF01, 0xFF5F),
    )  # fmt: skip
    found += [chr(code) for start, end in ranges for code in range(start, end)]
    return "".join(sorted(set(found)))


COMMON_VERSION = "2"
_WORKING_DROPPED = (
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG", "kern", "morx",
    "mort", "feat", "meta", "STAT", "hdmx", "LTSH", "VDMX", "gasp", "PCLT", "EBDT", "EBLC", "EBSC",
    "CBDT", "CBLC", "sbix", "SVG ", "COLR", "CPAL",
)  # fmt: skip


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    from desktop.paths import APP_NAME

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "fonts"


def _working_program(font: Font, characters: str) -> bytes:
    subset_input = hb.SubsetInput()
    subset_input.sets(hb.SubsetInputSets.UNICODE).update(ord(ch) for ch in characters)
    subset_input.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(_tag_number(tag) for tag in _WORKING_DROPPED)
    subset_input.flags = (
        hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NO_LAYOUT_CLOSURE | hb.SubsetFlags.DESUBROUTINIZE
    )
    return bytes(hb.subset(font.face, subset_input).blob.data)


@cache
def working_font(font: Font, characters: str) -> Font:
    """Return a font holding only ``characters`` of ``font``: subsets cut from it take a few
    milliseconds where the whole font (65,535 glyphs in Noto CJK) takes ten or more.

    Built once per process and kept in the user's cache folder for the next process (the same font
    file, characters and HarfBuzz always give the same bytes, so a PDF does not depend on the cache).
    """
    status = font.path.stat()
    key = f"{font.path}|{font.index}|{status.st_size}|{status.st_mtime_ns}|{hb.__version__}|{COMMON_VERSION}|"
    digest = hashlib.sha256((key + characters).encode("utf-8")).hexdigest()[:40]
    cached = _cache_dir() / f"{digest}.font"
    blob = None
    if cached.is_file():
        blob = hb.Blob.from_file_path(str(cached))
        if hb.Face(blob).glyph_count == 0:
            blob = None
    if blob is None:
        program = _working_program(font, characters)
        blob = hb.Blob(program)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.partial")
            partial.write_bytes(program)
            os.replace(partial, cached)
        except OSError:
            pass  # a cache that cannot be written only costs the next process the build
    return _font(font.path, 0, blob, font.postscript_name)


def _first(found: dict[str, Path], names: Sequence[str]) -> Path | None:
    return next((found[name] for name in names if name in found), None)


@cache
def _system_fonts(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    found = _files(folders)
    body = _first(found, BODY_FILES)
    if body is None:
        return ()
    title = _first(found, TITLE_FILES) or body
    chosen = [body, title]
    for name in (*SYMBOL_FILES, *BODY_FILES, *TITLE_FILES):
        path = found.get(name)
        if path is not None and path not in chosen:
            chosen.append(path)
    return tuple(chosen)


def system_fonts() -> FontSet:
    """Return the fonts found on this system; raises OutputError naming what to install when there is
    no Chinese font."""
    paths = _system_fonts(tuple(font_dirs()))
    if not paths:
        searched = "、".join(str(folder) for folder in font_dirs())
        raise OutputError(
            "PDF",
            [Problem("", f"未找到中文字体（已查找：{searched}），无法生成 PDF；{install_hint()}")],
        )
    full = [load_font(path) for path in paths]
    characters = common_characters()
    body, title = working_font(full[0], characters), working_font(full[1], characters)
    return FontSet((body, title, *full), roles=((0, 2), (1, 3)))


@dataclass(frozen=True)
class Subset:
    """A font program holding only the glyphs used, and the new glyph id of each old one."""

    program: bytes
    new_ids: dict[int, int]
    tag: str


_DROPPED_TABLES = (
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG", "kern", "morx",
    "mort", "feat", "meta", "STAT", "hdmx", "LTSH", "VDMX", "gasp", "PCLT", "EBDT", "EBLC", "EBSC",
    "CBDT", "CBLC", "sbix", "SVG ", "COLR", "CPAL", "cmap", "post", "name",
)  # fmt: skip


def _tag_number(tag: str) -> int:
    return int.from_bytes(tag.encode("ascii"), "big")


@cache
def _dropped_numbers() -> tuple[int, ...]:
    return tuple(_tag_number(tag) for tag in _DROPPED_TABLES)


def subset(font: Font, gids: Iterable[int]) -> Subset:
    """Return a font program with only ``gids`` (and glyph 0): a TrueType font, or for a CFF font
    its bare CFF table with glyph ids as CIDs, as a PDF embeds them."""
    wanted = sorted(set(gids) | {0})
    subset_input = hb.SubsetInput()
    subset_input.sets(hb.SubsetInputSets.GLYPH_INDEX).update(wanted)
    subset_input.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(_dropped_numbers())
    # Desubroutinised CFF subsets in about 12 ms instead of 17 and comes out smaller.
    subset_input.flags = (
        hb.SubsetFlags.NO_HINTING
        | hb.SubsetFlags.NO_LAYOUT_CLOSURE
        | hb.SubsetFlags.DESUBROUTINIZE
        | hb.SubsetFlags.CFF_IDENTITY_CHARSET
    )
    plan = hb.SubsetPlan(font.face, subset_input)
    face = plan.execute()
    mapping = plan.old_to_new_glyph_mapping
    new_ids = {old: mapping[old] for old in wanted}
    program = face.reference_table("CFF ").data if font.cff else face.blob.data
    digest = hashlib.sha256(font.postscript_name.encode() + b"".join(g.to_bytes(4, "big") for g in wanted))
    tag = "".join(chr(65 + byte % 26) for byte in digest.digest()[:6])
    return Subset(bytes(program), new_ids, tag)
