"""Word templates: found in the user's forms folder or the bundled forms/, parsed and compiled once per process."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from platformdirs import user_data_dir

from desktop.errors import Problem, TemplateError
from desktop.packet.files import core_properties, zip_bytes
from desktop.paths import APP_NAME, forms_dir

TEMPLATE_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
DEFAULT_EAST_ASIA_FONT = "宋体"
_RFONTS = re.compile(r"<w:rFonts\b([^>]*?)(/?)>")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def user_forms_dir() -> Path:
    """Return the user's own forms folder; a template there replaces the bundled one of the same name."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "forms"


def find_template(name: str, folder: Path | None = None) -> Path:
    """Return the template to use: ``folder`` if given, else the user's forms folder, else the bundled one."""
    candidates = [folder / name] if folder else [user_forms_dir() / name, forms_dir() / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise TemplateError(str(candidates[-1]), [Problem("", "找不到模板文件")])


def _with_east_asian_fonts(xml: str, default: str) -> str:
    """Return part XML where every w:rFonts names an explicit East Asian font.

    Without w:eastAsia (or with only a theme font) Word picks a Japanese font for Chinese text.
    """

    def fix(match: re.Match[str]) -> str:
        attributes = re.sub(r'\s+w:eastAsiaTheme="[^"]*"', "", match.group(1))
        if "w:eastAsia=" not in attributes:
            attributes += f' w:eastAsia="{default}"'
        return f"<w:rFonts{attributes}{match.group(2)}>"

    return _RFONTS.sub(fix, xml)


def _doc_defaults_font(styles_xml: str) -> str:
    match = re.search(r"<w:docDefaults>.*?w:eastAsia=\"([^\"]+)\"", styles_xml, re.DOTALL)
    return match.group(1) if match else DEFAULT_EAST_ASIA_FONT


def split_tags(xml: str) -> list[str]:
    """Return the tags Word split across runs: a {{ … }} or {% … %} with XML markup inside it."""
    found = []
    for match in re.finditer(r"\{[\{%](?:(?![\}%]\}).)*?[\}%]\}", xml, re.DOTALL):
        if "<" in match.group(0):
            found.append(re.sub(r"<[^>]+>", "", match.group(0)))
    return found


def tags_in(xml: str) -> list[str]:
    """Return every Jinja tag in cleaned template XML, in order."""
    return [re.sub(r"\s+", " ", tag) for tag in _TAG.findall(xml)]


@dataclass
class CompiledDocx:
    """A Word template read once: its zip entries and its compiled Jinja parts."""

    path: Path
    entries: list[tuple[str, bytes]]
    parts: dict[str, jinja2.Template]
    sources: dict[str, str]
    split: list[str]

    def render(self, context: dict[str, Any], title: str, day: date) -> bytes:
        """Return the filled document as .docx bytes; raises TemplateError naming the template and tag."""
        rendered: dict[str, bytes] = {}
        for name, template in self.parts.items():
            try:
                rendered[name] = template.render(context).encode("utf-8")
            except jinja2.UndefinedError as exc:
                raise TemplateError(str(self.path), [Problem("", f"未知字段：{exc.message}")]) from exc
            except jinja2.TemplateError as exc:
                raise TemplateError(str(self.path), [Problem("", f"模板无法填写：{exc}")]) from exc
        entries = []
        for name, data in self.entries:
            if name in rendered:
                data = rendered[name]
            elif name == "docProps/core.xml":
                data = core_properties(title, day)
            entries.append((name, data))
        return zip_bytes(entries)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def compile_docx(path: Path) -> CompiledDocx:
    """Return the template at ``path`` read and compiled; raises TemplateError for a broken one."""
    source = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(source, [Problem("", f"不是可读取的 Word 文件(.docx)：{exc}")]) from exc
    names = dict(entries)
    if "word/document.xml" not in names:
        raise TemplateError(source, [Problem("", "不是 Word 文件：缺少 word/document.xml")])
    font = _doc_defaults_font(names.get("word/styles.xml", b"").decode("utf-8"))
    patcher = DocxTemplate.__new__(DocxTemplate)
    environment = _environment()
    parts: dict[str, jinja2.Template] = {}
    sources: dict[str, str] = {}
    split: list[str] = []
    problems: list[Problem] = []
    fixed_entries = []
    for name, data in entries:
        if name == "word/styles.xml":
            data = _with_east_asian_fonts(data.decode("utf-8"), font).encode("utf-8")
        if TEMPLATE_PARTS.match(name):
            raw = data.decode("utf-8")
            split.extend(split_tags(raw))
            cleaned = _with_east_asian_fonts(DocxTemplate.patch_xml(patcher, raw), font)
            sources[name] = cleaned
            try:
                parts[name] = environment.from_string(cleaned)
            except jinja2.TemplateSyntaxError as exc:
                snippet = _near(cleaned, exc.lineno)
                problems.append(Problem(name, f"标签语法错误：{exc.message}（附近：{snippet}）"))
        fixed_entries.append((name, data))
    if problems:
        raise TemplateError(source, problems)
    return CompiledDocx(path, fixed_entries, parts, sources, split)


def _near(xml: str, line: int | None) -> str:
    text = xml.splitlines()[(line or 1) - 1] if xml else ""
    tags = _TAG.findall(text) or re.findall(r"\{[\{%][^<]{0,40}", text)
    return "、".join(tags[:3]) or re.sub(r"<[^>]+>", "", text)[:60]


@cache
def _compiled(path: Path, mtime_ns: int) -> CompiledDocx:
    return compile_docx(path)


def load_docx(name: str, folder: Path | None = None) -> CompiledDocx:
    """Return the compiled template ``name``, parsed once per process (again only if the file changes)."""
    path = find_template(name, folder)
    return _compiled(path, path.stat().st_mtime_ns)
