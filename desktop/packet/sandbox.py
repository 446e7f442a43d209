"""The sandbox Word templates render in: no escape to Python, no loader, bounded time, output and arithmetic."""

from __future__ import annotations

import ctypes
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

MAX_OUTPUT_CHARS = 20_000_000
RENDER_SECONDS = 10.0
MAX_WIDTH = 100_000
MAX_EXPONENT = 1_000
# Tab, newline and carriage return are the only control characters XML 1.0 allows; Word refuses the rest.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BIG_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d{6,})|\.(\*|\d{6,})|\{[^{}]*:[^{}]*(\d{6,}|\{)")
_WIDENING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "__mul__", "__rmul__"}
FORBIDDEN_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
}


class RenderTimeout(Exception):
    """Raised inside a render that ran longer than RENDER_SECONDS."""


def xml_safe(value: object) -> object:
    """Return text without the characters XML cannot hold, so no value can make a .docx unreadable."""
    if isinstance(value, Markup):
        return Markup(_XML_ILLEGAL.sub("", value))
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, also refusing operations that would use unbounded memory in C code.

    C code cannot be interrupted by the time limit, so sizes are checked before it runs.
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            finalize=xml_safe,
        )
        self.globals.pop("lipsum", None)
        for name in ("center", "indent", "format"):
            self.filters[name] = _guarded(self.filters[name], name)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"指数过大：{right}")
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(__obj, "__name__", "") in _WIDENING_METHODS and isinstance(
            getattr(__obj, "__self__", None), (str, list, tuple)
        ):
            _check_numbers(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def format_string(
        self, s: str, args: tuple[Any, ...], kwargs: dict[str, Any], format_func: Any = None
    ) -> str:
        _check_format(s, (args, kwargs))
        return super().format_string(s, args, kwargs, format_func)


def _check_repeat(sequence: Any, times: Any) -> None:
    if (
        isinstance(sequence, (str, list, tuple))
        and isinstance(times, int)
        and len(sequence) * times > MAX_OUTPUT_CHARS
    ):
        raise SecurityError(f"结果过大：{len(sequence)} × {times}")


def _check_numbers(args: Any, kwargs: Any = None) -> None:
    values = list(args) if isinstance(args, (list, tuple)) else [args]
    values += list((kwargs or {}).values())
    for value in values:
        if isinstance(value, (list, tuple, dict)):
            _check_numbers(list(value.values()) if isinstance(value, dict) else value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
            raise SecurityError(f"宽度过大：{value}")


def _check_format(text: str, values: Any) -> None:
    if _BIG_FORMAT_WIDTH.search(text):
        raise SecurityError("格式宽度过大")
    _check_numbers(values)


def _guarded(original: Any, name: str) -> Any:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        positional = [
            value for value in args if not isinstance(value, (jinja2.runtime.Context, jinja2.Environment))
        ]
        if name == "format" and positional and isinstance(positional[0], str):
            _check_format(positional[0], (positional[1:], kwargs))
        else:
            _check_numbers(positional[1:], kwargs)
        return original(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):
        if hasattr(original, attribute):
            setattr(guarded, attribute, getattr(original, attribute))
    return guarded


def forbidden_tags(environment: jinja2.Environment, source: str) -> list[tuple[int, str]]:
    """Return (line, tag kind) of every include/import/extends: templates may not read other files."""
    found = []
    for kind, label in FORBIDDEN_TAGS.items():
        found += [(node.lineno, label) for node in environment.parse(source).find_all(kind)]
    return sorted(found)


def number_tags(source: str, pattern: re.Pattern[str]) -> tuple[str, dict[int, str]]:
    """Return the source with each tag's content on a line of its own, and {line: tag}.

    Word keeps a whole document on one line; with a line per tag, the line Jinja reports for an
    error names the tag. A newline inside ``{{ … }}`` or ``{% … %}`` changes nothing rendered.
    """
    pieces: list[str] = []
    lines: dict[int, str] = {}
    line, position = 1, 0
    for match in pattern.finditer(source):
        before = source[position : match.start()]
        tag = match.group(0)
        opener = 3 if len(tag) > 2 and tag[2] in "-+" else 2
        pieces += [before, tag[:opener], "\n", tag[opener:]]
        line += before.count("\n") + 1
        text = re.sub(r"\s+", " ", tag)
        for offset in range(tag.count("\n") + 1):
            lines[line + offset] = text
        line += tag.count("\n")
        position = match.end()
    pieces.append(source[position:])
    return "".join(pieces), lines


def failing_line(exc: BaseException) -> int | None:
    """Return the template line of the innermost template frame in ``exc``'s traceback."""
    line = getattr(exc, "lineno", None)
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


@contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """Raise RenderTimeout in this thread if the block runs longer than ``seconds``.

    A template loop is Python code: an exception set asynchronously on this thread stops it
    wherever it is, which a check between output chunks could not (a loop may write nothing).
    """
    seconds = RENDER_SECONDS if seconds is None else seconds
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(thread_id), ctypes.py_object(RenderTimeout)
                )

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["active"] = False
            if state["fired"]:  # not yet raised: withdraw it so it cannot strike later code
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


def render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Return the rendered text; raises SecurityError past MAX_OUTPUT_CHARS."""
    chunks: list[str] = []
    size = 0
    started = time.monotonic()
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise SecurityError(f"填写结果超过 {MAX_OUTPUT_CHARS // 1_000_000} 百万字符")
        if time.monotonic() - started > RENDER_SECONDS:
            raise RenderTimeout
        chunks.append(chunk)
    return "".join(chunks)
