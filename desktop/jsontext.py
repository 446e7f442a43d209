"""JSON from others: bounded size and nesting, duplicate keys refused, no invisible or control characters."""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from desktop.errors import InputError, Problem
from desktop.money import MAX_DIGITS

MAX_JSON_BYTES = 2_000_000  # a firm file is a few kilobytes
MAX_DEPTH = 20  # a firm file nests four deep
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
# Right-to-left overrides and embeddings, isolates, marks, zero-width characters and the BOM: invisible,
# they make a name read differently from what it holds.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_MULTILINE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class JsonTextError(InputError, ValueError):
    """JSON text that cannot be used; a ValueError too, for callers that catch ``json`` errors."""


def read_json_text(path: Path) -> str:
    """Return the UTF-8 text of a JSON file of at most MAX_JSON_BYTES; raises InputError naming the file."""
    source = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_JSON_BYTES + 1)
    except FileNotFoundError as exc:
        raise JsonTextError(source, [Problem("", "找不到文件")]) from exc
    except IsADirectoryError as exc:
        raise JsonTextError(source, [Problem("", "这是文件夹，不是企业文件")]) from exc
    except OSError as exc:
        raise JsonTextError(source, [Problem("", f"无法读取文件：{exc.strerror or exc}")]) from exc
    if len(data) > MAX_JSON_BYTES:
        raise JsonTextError(
            source, [Problem("", f"文件超过 {MAX_JSON_BYTES // 1_000_000} MB，不像是企业文件")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonTextError(source, [Problem("", "文件不是 UTF-8 编码的文本")]) from exc


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _depth_problem(text: str) -> Problem | None:
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group(0) in "[{" else -1
        if depth > MAX_DEPTH:
            return Problem(
                f"第 {_line_of(text, match.start())} 行", f"嵌套超过 {MAX_DEPTH} 层，不像是企业文件"
            )
    return None


def decode_json(text: str, source: str = "") -> object:
    """Return JSON data, every non-integer number an exact Decimal.

    Raises JsonTextError for text that is not JSON, nests deeper than MAX_DEPTH, or repeats a key
    in one object (JSON readers disagree on which one wins; the user must say).
    """
    if len(text) > MAX_JSON_BYTES:
        raise JsonTextError(
            source, [Problem("", f"内容超过 {MAX_JSON_BYTES // 1_000_000} MB，不像是企业文件")]
        )
    depth = _depth_problem(text)
    if depth:
        raise JsonTextError(source, [depth])
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, value in items:
            if key in result and key not in duplicates:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_json_int, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise JsonTextError(
            source, [Problem(f"第 {exc.lineno} 行第 {exc.colno} 列", f"不是有效的 JSON：{exc.msg}")]
        ) from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        raise JsonTextError(source, [Problem("", f"不是有效的 JSON：{exc}")]) from exc
    if duplicates:
        raise JsonTextError(source, [_duplicate(text, key) for key in duplicates])
    return data


def _json_int(text: str) -> int | Decimal:
    # An integer too long for int() (Python refuses over 4300 digits) stays a Decimal, refused by its field.
    return int(text) if len(text) <= MAX_DIGITS else Decimal(text)


def _duplicate(text: str, key: str) -> Problem:
    pattern = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
    places = [_line_of(text, match.start()) for match in pattern.finditer(text)]
    lines = "、".join(f"第 {line} 行" for line in places[:5]) or "文件中"
    return Problem(f"键 {key!r}", f"在同一对象中出现了不止一次（{lines}）；请只保留一个，程序不会替你选择")


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def text_problems(data: object, multiline: tuple[str, ...] = (), path: str = "") -> list[Problem]:
    """Return a problem for every key or text in ``data`` holding control or invisible formatting characters.

    Control characters make .docx files Word cannot open; right-to-left and zero-width marks make a
    name or address display differently from what it holds. Tab and newline are allowed only in
    texts whose path starts with one of ``multiline``.
    """
    problems: list[Problem] = []

    def check(where: str, text: str) -> None:
        allows_lines = any(where.startswith(prefix) for prefix in multiline)
        control = (_MULTILINE_CONTROL if allows_lines else _CONTROL).search(text)
        if control:
            problems.append(
                Problem(
                    where or "键",
                    f"含有控制字符 {_describe(control.group(0))}，生成的 Word 文件会无法打开；请删除",
                )
            )
        invisible = _INVISIBLE.search(text)
        if invisible:
            problems.append(
                Problem(
                    where or "键",
                    f"含有不可见的格式字符 {_describe(invisible.group(0))}(从右到左或零宽字符)，"
                    "会让文字显示得与实际内容不同；请删除",
                )
            )

    def walk(value: object, where: str) -> None:
        if isinstance(value, str):
            check(where, value)
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and (_CONTROL.search(key) or _INVISIBLE.search(key)):
                    check(f"{where or '顶层'} 的键 {key!r}", key)
                    continue
                walk(item, child)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")

    walk(data, path)
    return problems
