"""The sandbox Word templates render in: no escape to Python, no loader; every operation that can
build something large (``*``, ``**``, ``+``, ``~``, ``%``, string methods, filters that join,
replace, pad or collect) is sized before it runs; the whole render is bounded in time and memory
and can be cancelled."""

from __future__ import annotations

import ctypes
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

MAX_OUTPUT_CHARS = 20_000_000
RENDER_SECONDS = 10.0
RENDER_MEMORY_BYTES = 768_000_000  # growth of the process while one packet renders
MAX_WIDTH = 100_000
MAX_EXPONENT = 1_000
MAX_NUMBER_BITS = 14_000  # about 4,300 digits: the longest integer Python will print
MAX_ITEMS = 1_000_000
ESCAPE_FACTOR = 5  # '"' becomes '&#34;'
_WATCH_SECONDS = 0.05
# Tab, newline and carriage return are the only control characters XML 1.0 allows; Word refuses the rest.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BIG_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d{6,})|\.(\*|\d{6,})|\{[^{}]*:[^{}]*(\d{6,}|\{)")
_FORMAT_NUMBERS = re.compile(r"\d+")
FORBIDDEN_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
}


class RenderTimeout(Exception):
    """Raised inside a render (or template load) that ran longer than RENDER_SECONDS."""


class RenderCancelled(Exception):
    """Raised inside a render when the user cancels it."""


class RenderTooLarge(Exception):
    """Raised inside a render that made the process grow by more than RENDER_MEMORY_BYTES."""


def xml_safe(value: object) -> object:
    """Return text without the characters XML cannot hold, so no value can make a .docx unreadable;
    refuse a value too large to print (it would be escaped, up to five times its size, before any
    output limit could see it)."""
    if _size(value) * ESCAPE_FACTOR > MAX_OUTPUT_CHARS:
        raise SecurityError(f"要写入的内容过大：约 {_size(value):,} 字符")
    if isinstance(value, Markup):
        return Markup(_XML_ILLEGAL.sub("", value))
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def _size(value: Any, depth: int = 0) -> int:
    """Return about how many characters ``value`` holds or prints as: text by its length, a
    container by everything in it, an integer by its digits."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 1
    if isinstance(value, int):
        return value.bit_length() * 3 // 10 + 1
    if depth > 20:
        return 1
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) + sum(_size(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return len(value) + sum(_size(k, depth + 1) + _size(v, depth + 1) for k, v in value.items())
    return 1


def _refuse_size(size: int, what: str) -> None:
    if size > MAX_OUTPUT_CHARS:
        raise SecurityError(
            f"结果过大：{what}约 {size:,} 字符，超过 {MAX_OUTPUT_CHARS // 1_000_000} 百万字符"
        )


def _check_width(value: Any, what: str = "宽度") -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise SecurityError(f"{what}过大：{value}")


def _check_numbers(args: Any, kwargs: Any = None) -> None:
    values = list(args) if isinstance(args, (list, tuple)) else [args]
    values += list((kwargs or {}).values())
    for value in values:
        if isinstance(value, (list, tuple, dict)):
            _check_numbers(list(value.values()) if isinstance(value, dict) else value)
        else:
            _check_width(value)


def _check_format(text: str, values: Any) -> None:
    """Refuse a %- or {}-format whose widths or arguments would make its result too large."""
    if _BIG_FORMAT_WIDTH.search(text):
        raise SecurityError("格式宽度过大")
    _check_numbers(values)
    widths = sum(int(number) for number in _FORMAT_NUMBERS.findall(text))
    _refuse_size(len(text) + widths + _size(values), "格式化")


def _check_bits(bits: int) -> None:
    if bits > MAX_NUMBER_BITS:
        raise SecurityError(f"数字过大：约 {bits * 3 // 10:,} 位")


def _collect(values: Iterable[Any], what: str, factor: int = 1) -> list[Any]:
    """Return ``values`` as a list, refusing it as soon as what it holds grows too large (a lazy
    sequence is counted while it is read, before it is all in memory)."""
    if isinstance(values, (str, Markup)):
        values = list(values)
    items: list[Any] = []
    total = 0
    for item in values:
        total += (_size(item) + 1) * factor
        items.append(item)
        if total > MAX_OUTPUT_CHARS or len(items) > MAX_ITEMS:
            _refuse_size(max(total, MAX_OUTPUT_CHARS + 1), what)
    return items


def _replaced_size(text: str, old: str, new: str, count: int | None = None) -> int:
    times = len(text) + 1 if not old else text.count(old)
    if count is not None and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def _pieces(text: str, separator: Any = None) -> int:
    return (text.count(separator) if isinstance(separator, str) and separator else len(text) // 2) + 1


# Growth of each str/list method, from the object and the call's arguments: ``None`` lets it run.
_METHOD_SIZES: dict[str, Callable[[Any, tuple[Any, ...], dict[str, Any]], int | None]] = {
    "replace": lambda obj, a, k: (
        _replaced_size(obj, *(str(x) for x in a[:2]), *a[2:3]) if len(a) >= 2 else None
    ),
    "expandtabs": lambda obj, a, k: len(obj) + obj.count("\t") * int((a or [k.get("tabsize", 8)])[0]),
    "translate": lambda obj, a, k: (
        len(obj)
        * max(
            [
                1,
                *(
                    len(v)
                    for v in (a[0].values() if a and isinstance(a[0], dict) else [])
                    if isinstance(v, str)
                ),
            ]
        )
    ),
    "split": lambda obj, a, k: _pieces(obj, (a or [k.get("sep")])[0]) * 8,
    "rsplit": lambda obj, a, k: _pieces(obj, (a or [k.get("sep")])[0]) * 8,
    "splitlines": lambda obj, a, k: (obj.count("\n") + 1) * 8,
    "encode": lambda obj, a, k: len(obj) * 4,
}


class _GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator with ``~`` (concatenation) sized before it joins."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_checked((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, also refusing any single operation whose result would be larger
    than the output limit or take longer than the time limit: C code (joining, repeating, big
    numbers) cannot be interrupted, so sizes are checked before it runs."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _GuardedCodeGenerator

    def __init__(self) -> None:
        super().__init__(
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            finalize=xml_safe,
        )
        self.globals.pop("lipsum", None)
        for name, check in _FILTER_CHECKS.items():
            if name in self.filters:
                self.filters[name] = _guarded(self.filters[name], check)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            if _is_int(left) and _is_int(right):
                _check_bits(left.bit_length() + right.bit_length())
        elif operator == "**":
            _check_power(left, right)
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                _refuse_size(_size(left) + _size(right), "相加")
            elif _is_int(left) and _is_int(right):
                _check_bits(max(left.bit_length(), right.bit_length()) + 1)
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right)
        return super().call_binop(context, operator, left, right)

    def concat_checked(self, values: tuple[Any, ...], autoescape: bool) -> str:
        """Join the operands of ``~`` after sizing them (escaped, each may grow fivefold)."""
        factor = ESCAPE_FACTOR if autoescape else 1
        _refuse_size(
            sum(_size(value) * (1 if isinstance(value, Markup) else factor) for value in values), "~ 连接"
        )
        join = jinja2.runtime.markup_join if autoescape else jinja2.runtime.str_join
        return join(values)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        target = getattr(__obj, "__wrapped__", __obj)  # str.format arrives wrapped by the sandbox
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        if isinstance(owner, (str, list, tuple, dict)) and not isinstance(owner, type):
            args = _checked_method(owner, name, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, (str, list, tuple)) and _is_int(times):
        _refuse_size((_size(sequence) if not isinstance(sequence, str) else len(sequence)) * times, "重复")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(exponent, (int, float)) and abs(exponent) > MAX_EXPONENT * 1000:
        raise SecurityError(f"指数过大：{exponent}")
    if _is_int(base) and _is_int(exponent) and exponent > 0 and abs(base) > 1:
        _check_bits(base.bit_length() * exponent)


def _checked_method(owner: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Size a str/list method call before it runs; return its arguments (a joined iterable as a list)."""
    if name in {"center", "ljust", "rjust", "zfill"}:
        _check_numbers(args, kwargs)
    elif name in {"format", "format_map"} and isinstance(owner, str):
        _check_format(owner, (args, kwargs))
    elif name == "join" and isinstance(owner, str) and args:
        items = _collect(args[0], "join ")
        _refuse_size(sum(_size(item) for item in items) + len(owner) * len(items), "join ")
        return (items, *args[1:])
    elif name in _METHOD_SIZES and isinstance(owner, str):
        try:
            size = _METHOD_SIZES[name](owner, args, kwargs)
        except (TypeError, ValueError, IndexError):
            size = None  # the method itself will refuse the arguments
        if size is not None:
            _refuse_size(size, f"{name} ")
    return args


def _join_check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    # join(eval_ctx, value, d="", attribute=None)
    if len(args) < 2:
        return args
    items = _collect(args[1], "join ", ESCAPE_FACTOR)
    separator = args[2] if len(args) > 2 else kwargs.get("d", "")
    _refuse_size(sum(_size(item) for item in items) + _size(separator) * len(items), "join ")
    return [args[0], items, *args[2:]]


def _replace_check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    # replace(eval_ctx, s, old, new, count=None)
    values = [*args[1:], *kwargs.values()]
    if len(values) >= 3:
        count = values[3] if len(values) > 3 and _is_int(values[3]) else None
        _refuse_size(_replaced_size(str(values[0]), str(values[1]), str(values[2]), count), "replace ")
    return args


def _indent_check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    # indent(s, width=4, first=False, blank=False)
    if not args:
        return args
    width = args[1] if len(args) > 1 else kwargs.get("width", 4)
    _check_width(width)
    text = str(args[0])
    step = len(width) if isinstance(width, str) else width if _is_int(width) else 0
    _refuse_size(len(text) + (text.count("\n") + 1) * max(step, 0), "indent ")
    return args


def _format_check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    # format(value, *args, **kwargs)
    if args and isinstance(args[0], str):
        _check_format(args[0], (args[1:], kwargs))
    return args


def _count_check(position: int, name: str) -> Callable[[list[Any], dict[str, Any]], list[Any]]:
    def check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
        value = args[position] if len(args) > position else kwargs.get(name)
        _check_width(value, "数量")
        return args

    return check


def _wordwrap_check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    # wordwrap(environment, s, width=79, break_long_words=True, wrapstring=None, …)
    values = [*args[1:], None, None, None, None][:4]
    text, width, wrapstring = (
        str(values[0]),
        values[1] or kwargs.get("width", 79),
        values[3] or kwargs.get("wrapstring"),
    )
    lines = len(text) // max(width if _is_int(width) else 1, 1) + 1
    _refuse_size(len(text) + lines * len(str(wrapstring or "\n")), "wordwrap ")
    return args


def _collecting(
    position: int, what: str, factor: int = 1
) -> Callable[[list[Any], dict[str, Any]], list[Any]]:
    """A check that reads the filter's sequence argument into a bounded list first."""

    def check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
        if len(args) > position and not isinstance(args[position], str):  # text is already bounded
            return [*args[:position], _collect(args[position], what, factor), *args[position + 1 :]]
        return args

    return check


def _sum_check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    # sum(environment, iterable, attribute=None, start=0): adding lists or strings builds them up
    items = _collect(args[1], "sum ") if len(args) > 1 else []
    start = args[3] if len(args) > 3 else kwargs.get("start", 0)
    _refuse_size(sum(_size(item) for item in items) + _size(start), "sum ")
    return [args[0], items, *args[2:]] if len(args) > 1 else args


def _printed_check(factor: int, position: int = 0) -> Callable[[list[Any], dict[str, Any]], list[Any]]:
    def check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
        if len(args) > position:
            _refuse_size(_size(args[position]) * factor, "转换")
        return args

    return check


_FILTER_CHECKS: dict[str, Callable[[list[Any], dict[str, Any]], list[Any]]] = {
    "join": _join_check,
    "replace": _replace_check,
    "center": _count_check(1, "width"),
    "indent": _indent_check,
    "format": _format_check,
    "batch": _count_check(1, "linecount"),
    "slice": _count_check(2, "slices"),  # an async variant: eval_ctx comes first
    "truncate": _count_check(2, "length"),
    "wordwrap": _wordwrap_check,
    "sum": _sum_check,
    "list": _collecting(1, "list "),  # likewise
    "sort": _collecting(1, "sort "),
    "unique": _collecting(1, "unique "),
    "reverse": _collecting(0, "reverse "),
    "tojson": _printed_check(6, 1),
    "pprint": _printed_check(10),
    "string": _printed_check(10),
    "urlencode": _printed_check(9),
    "urlize": _printed_check(12, 1),
    "escape": _printed_check(ESCAPE_FACTOR),
    "e": _printed_check(ESCAPE_FACTOR),
    "forceescape": _printed_check(ESCAPE_FACTOR),
    "xmlattr": _printed_check(ESCAPE_FACTOR * 2, 1),
}


def _guarded(original: Any, check: Callable[[list[Any], dict[str, Any]], list[Any]]) -> Any:
    """Return the filter ``original`` with ``check`` run on its arguments first (it may refuse, or
    hand back a materialised, bounded sequence in place of a lazy one)."""

    def guarded(*args: Any, **kwargs: Any) -> Any:
        return original(*check(list(args), kwargs), **kwargs)

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


def resident_bytes() -> int | None:
    """Return the memory the process holds now (resident set), or None where it cannot be read."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/statm", encoding="ascii") as stream:
                return int(stream.read().split()[1]) * _page_size()
        except (OSError, ValueError, IndexError):
            return None
    if sys.platform == "win32":
        return _windows_working_set()
    return None


def _page_size() -> int:
    import os

    return os.sysconf("SC_PAGE_SIZE")


def _windows_working_set() -> int | None:  # pragma: no cover - Windows only
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD),
            ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    try:
        process = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
        if not ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb):  # type: ignore[attr-defined]
            return None
    except (AttributeError, OSError):
        return None
    return int(counters.WorkingSetSize)


_local = threading.local()


@contextmanager
def cancellable(event: threading.Event) -> Iterator[None]:
    """Let ``event`` (set from another thread, e.g. the window's cancel button) stop any render this
    thread runs inside the block, even one stuck in a template loop."""
    previous = getattr(_local, "cancel", None)
    _local.cancel = event
    try:
        yield
    finally:
        _local.cancel = previous


@contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """Stop the block with RenderTimeout past ``seconds``, RenderTooLarge when the process grows by
    more than RENDER_MEMORY_BYTES, or RenderCancelled when the ``cancellable`` event is set.

    A template loop is Python code: an exception set asynchronously on this thread stops it
    wherever it is, which a check between output chunks could not (a loop may write nothing).
    Inside an outer ``deadline`` this one adds nothing: the outer limit covers the whole render.
    """
    if getattr(_local, "active", False):
        yield
        return
    seconds = RENDER_SECONDS if seconds is None else seconds
    thread_id = threading.get_ident()
    cancel: threading.Event | None = getattr(_local, "cancel", None)
    lock = threading.Lock()
    done = threading.Event()
    state: dict[str, Any] = {"active": True, "fired": None}
    start_memory = resident_bytes()
    ends = time.monotonic() + seconds

    def fire(kind: type[Exception]) -> None:
        with lock:
            if state["active"] and state["fired"] is None:
                state["fired"] = kind
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(kind))

    def watch() -> None:
        while not done.wait(_WATCH_SECONDS):
            if cancel is not None and cancel.is_set():
                fire(RenderCancelled)
            elif time.monotonic() >= ends:
                fire(RenderTimeout)
            elif start_memory is not None:
                now = resident_bytes()
                if now is not None and now - start_memory > RENDER_MEMORY_BYTES:
                    fire(RenderTooLarge)
            else:
                continue
            if state["fired"] is not None:
                return

    watcher = threading.Thread(target=watch, name="render-deadline", daemon=True)
    _local.active = True
    watcher.start()
    try:
        yield
    finally:
        _local.active = False
        done.set()
        with lock:
            state["active"] = False
            if state["fired"] is not None:  # not yet raised: withdraw it so it cannot strike later code
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
