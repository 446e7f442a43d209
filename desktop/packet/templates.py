"""Word templates: found in the user's forms folder or the bundled forms/, parsed and compiled once per process."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from platformdirs import user_data_dir

from desktop.errors import Problem, TemplateError
from desktop.packet import sandbox
from desktop.packet.files import core_properties, zip_bytes
from desktop.packet.inert import address_problems, declaration_problems, field_problems, inert_problems
from desktop.packet.sandbox import (
    RenderCancelled,
    RenderTimeout,
    RenderTooLarge,
    SecurityError,
    TemplateSandbox,
    deadline,
    failing_line,
    forbidden_tags,
    number_tags,
    render_bounded,
    xml_safe,
)
from desktop.paths import APP_NAME, forms_dir

TEMPLATE_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
DEFAULT_EAST_ASIA_FONT = "宋体"
_RFONTS = re.compile(r"<w:rFonts\b([^>]*?)(/?)>")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
MAX_TEMPLATE_BYTES = 100_000_000
MAX_TEMPLATE_ENTRIES = 2_000
# A filled part is read by docxtpl's regular expressions and compiled by Jinja, C and Python code
# whose time grows with its size and tag count: the bundled forms have parts of about 20 KB and
# 7 to 41 tags; these limits keep a template's load to a few seconds on a slow office PC.
MAX_PART_BYTES = 1_000_000
MAX_TEMPLATE_TAGS = 1_000


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
    lines: dict[str, dict[int, str]] = field(default_factory=dict)

    def render(self, context: dict[str, Any], title: str, day: date) -> bytes:
        """Return the filled document as .docx bytes; raises TemplateError naming the template and tag.

        Rendered in the sandbox, at most RENDER_SECONDS for the whole form.
        """
        rendered: dict[str, bytes] = {}
        name = ""
        try:
            with deadline():
                for name, template in self.parts.items():
                    rendered[name] = render_bounded(template, context).encode("utf-8")
        except RenderCancelled:
            raise
        except Exception as exc:  # a shared template may fail in any way; none may crash the program
            raise TemplateError(str(self.path), [self._problem(name, exc)]) from exc
        problems = [
            problem
            for name, data in rendered.items()
            for check in (declaration_problems, field_problems, address_problems)
            for problem in check(name, data)
        ]
        if problems:  # what the tags wrote must be as inert as the template
            raise TemplateError(str(self.path), [Problem(f"{p.where}(填写后)", p.message) for p in problems])
        entries = []
        for name, data in self.entries:
            if name in rendered:
                data = rendered[name]
            elif name == "docProps/core.xml":
                data = core_properties(xml_safe(title), day)
            entries.append((name, data))
        return zip_bytes(entries)

    def _problem(self, part: str, exc: BaseException) -> Problem:
        line = failing_line(exc)
        tag = self.lines.get(part, {}).get(line or 0, "")
        where = f"{part} 标签 {tag}" if tag else part
        if isinstance(exc, RenderTimeout):
            message = f"填写超过 {sandbox.RENDER_SECONDS:g} 秒仍未完成（可能是死循环），已停止"
        elif isinstance(exc, RenderTooLarge):
            message = f"填写占用内存超过 {sandbox.RENDER_MEMORY_BYTES // 1_000_000} MB，已停止"
        elif isinstance(exc, jinja2.UndefinedError):
            message = f"未知字段：{exc.message}"
        elif isinstance(exc, SecurityError):
            message = f"模板试图执行不允许的操作：{exc}"
        elif isinstance(exc, RecursionError):
            message = "宏或循环嵌套过深（可能是无限递归）"
        elif isinstance(exc, MemoryError):
            message = "填写结果过大，内存不足"
        else:
            message = f"模板无法填写：{type(exc).__name__}: {exc}"
        return Problem(where, message)


def _environment() -> jinja2.Environment:
    return TemplateSandbox()


def _read_entries(path: Path) -> list[tuple[str, bytes]]:
    source = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if len(infos) > MAX_TEMPLATE_ENTRIES or total > MAX_TEMPLATE_BYTES:
                raise TemplateError(
                    source,
                    [Problem("", f"模板解压后超过 {MAX_TEMPLATE_BYTES // 1_000_000} MB，不像是表单模板")],
                )
            return [(info.filename, archive.read(info)) for info in infos]
    except (OSError, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise TemplateError(source, [Problem("", f"不是可读取的 Word 文件(.docx)：{exc}")]) from exc


def _utf8(data: bytes, name: str, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            source, [Problem(name, f"不是 UTF-8 编码的 XML（第 {exc.start} 字节），请在 Word 中另存后再用")]
        ) from exc


def _size_problems(name: str, raw: str) -> list[Problem]:
    if len(raw.encode("utf-8")) > MAX_PART_BYTES:
        return [
            Problem(name, f"超过 {MAX_PART_BYTES // 1_000_000} MB，不像是表单模板；请删去多余内容或拆成几份")
        ]
    return []


def compile_docx(path: Path) -> CompiledDocx:
    """Return the template at ``path`` read and compiled; raises TemplateError for a broken one.

    Refused here, before anything renders, each naming its part: anything not inert (external
    relationships, OLE, fields that fetch, DOCTYPE/ENTITY, macros), a part over MAX_PART_BYTES, more
    than MAX_TEMPLATE_TAGS tags, syntax errors, include/import/extends (no template may read another
    file), XML that is not UTF-8. The load runs under the render's time and memory limits.
    """
    source = str(path)
    try:
        with deadline():
            return _compile(path)
    except (RenderTimeout, RenderTooLarge) as exc:
        what = "超过时间限制" if isinstance(exc, RenderTimeout) else "占用内存过多"
        raise TemplateError(source, [Problem("", f"读取模板{what}，已停止；模板过大或过于复杂")]) from exc


def _compile(path: Path) -> CompiledDocx:
    source = str(path)
    entries = _read_entries(path)
    names = dict(entries)
    if "word/document.xml" not in names:
        raise TemplateError(source, [Problem("", "不是 Word 文件：缺少 word/document.xml")])
    problems = inert_problems(entries)
    raws: dict[str, str] = {}
    for name, data in entries:
        if TEMPLATE_PARTS.match(name):
            raws[name] = _utf8(data, name, source)
            problems.extend(_size_problems(name, raws[name]))
    tags = sum(len(_TAG.findall(raw)) for raw in raws.values()) if not problems else 0
    if tags > MAX_TEMPLATE_TAGS:
        problems.append(
            Problem(
                "", f"共有 {tags:,} 个标签，超过 {MAX_TEMPLATE_TAGS:,} 个，不像是表单模板；请删去重复的标签"
            )
        )
    if problems:
        raise TemplateError(source, problems)
    font = _doc_defaults_font(_utf8(names.get("word/styles.xml", b""), "word/styles.xml", source))
    patcher = DocxTemplate.__new__(DocxTemplate)
    environment = _environment()
    parts: dict[str, jinja2.Template] = {}
    sources: dict[str, str] = {}
    lines: dict[str, dict[int, str]] = {}
    split: list[str] = []
    fixed_entries = []
    for name, data in entries:
        if name == "word/styles.xml":
            data = _with_east_asian_fonts(_utf8(data, name, source), font).encode("utf-8")
        if name in raws:
            raw = raws[name]
            split.extend(split_tags(raw))
            cleaned = _with_east_asian_fonts(DocxTemplate.patch_xml(patcher, raw), font)
            sources[name] = cleaned
            numbered, lines[name] = number_tags(cleaned, _TAG)
            try:
                for line, kind in forbidden_tags(environment, numbered):
                    tag = lines[name].get(line, kind)
                    problems.append(Problem(f"{name} 标签 {tag}", f"不允许使用 {kind}：模板不能读取其他文件"))
                parts[name] = environment.from_string(numbered)
            except jinja2.TemplateSyntaxError as exc:
                tag = lines[name].get(exc.lineno) or _near(cleaned, None)
                problems.append(Problem(name, f"标签语法错误：{exc.message}（附近：{tag}）"))
            except RecursionError:
                problems.append(Problem(name, "标签嵌套过深"))
        fixed_entries.append((name, data))
    if problems:
        raise TemplateError(source, problems)
    return CompiledDocx(path, fixed_entries, parts, sources, split, lines)


def _near(xml: str, line: int | None) -> str:
    text = xml.splitlines()[(line or 1) - 1] if xml else ""
    tags = _TAG.findall(text) or re.findall(r"\{[\{%][^<]{0,40}", text)
    return "、".join(tags[:3]) or re.sub(r"<[^>]+>", "", text)[:60]


@cache
def _same_as_bundled(path: Path, mtime_ns: int, size: int) -> bool:
    bundled = forms_dir() / path.name
    try:
        return path.samefile(bundled) or path.read_bytes() == bundled.read_bytes()
    except OSError:
        return False


def is_custom(name: str, folder: Path | None = None) -> bool:
    """Return True when the template ``name`` in use is not the bundled one (a copy unchanged is not custom)."""
    path = find_template(name, folder)
    status = path.stat()
    return not _same_as_bundled(path, status.st_mtime_ns, status.st_size)


@cache
def _compiled(path: Path, mtime_ns: int) -> CompiledDocx:
    return compile_docx(path)


def load_docx(name: str, folder: Path | None = None) -> CompiledDocx:
    """Return the compiled template ``name``, parsed once per process (again only if the file changes)."""
    path = find_template(name, folder)
    return _compiled(path, path.stat().st_mtime_ns)
