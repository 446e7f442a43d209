"""The 统一社会信用代码 (unified social credit code) and its GB 32100-2015 check character."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def expected_check_character(first17: str) -> str:
    """Return the check character GB 32100-2015 assigns to the first 17 characters."""
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Return why ``code`` is not a valid credit code, in Chinese, or None when it is valid."""
    if len(code) != LENGTH:
        return f"统一社会信用代码应为 18 位，实为 {len(code)} 位"
    bad = sorted({char for char in code if char not in CHARSET})
    if bad:
        return f"统一社会信用代码含不允许的字符 {'、'.join(bad)}(只允许数字和除 I、O、S、V、Z 外的大写字母)"
    expected = expected_check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第 18 位是 {code[17]}，按 GB 32100-2015 应为 {expected}"
    return None


def with_check_character(first17: str) -> str:
    """Return the full 18-character code for its first 17 characters."""
    return first17 + expected_check_character(first17)
