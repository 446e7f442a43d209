"""The program's errors: one base class; input, catalog and template errors under it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is, and what is wrong, in the user's language."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    @property
    def field(self) -> str:
        """Return the field key the problem names: ``firm.credit_code`` from ``firm.credit_code（统一社会信用代码）``."""
        return self.where.split("（", 1)[0].split(" ", 1)[0]


class GrantDeskError(Exception):
    """Base of every error the program reports to the user instead of a traceback."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.lines()[0] if problems else source)

    def lines(self) -> list[str]:
        """Return one line per problem, each naming the file and the place in it."""
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{problem}" for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class InputError(GrantDeskError):
    """A firm file or a user-supplied value that cannot be used."""


class CatalogError(GrantDeskError):
    """A policy catalog file that does not validate."""


class TemplateError(GrantDeskError):
    """A document template in forms/ that cannot be rendered (bad tag, unknown field)."""


class OutputError(GrantDeskError):
    """An output folder or file that cannot be written."""


# Chinese messages for pydantic's error types, shared by the firm file and catalog loaders.
VALIDATION_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "dict_type": "应为对象 {…}",
    "model_type": "应为对象 {…}",
    "model_attributes_type": "应为对象 {…}",
    "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期，格式 YYYY-MM-DD",
    "date_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_type": "应为日期，格式 YYYY-MM-DD",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
    "string_pattern_mismatch": "格式不符",
    "enum": "不是允许的取值",
    "greater_than_equal": "超出允许范围",
    "less_than_equal": "超出允许范围",
}
