"""Threshold wording read by 民法典 第一千二百五十九条: which words include the number itself."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

ARTICLE_1259 = (
    "民法所称的“以上”、“以下”、“以内”、“届满”，包括本数；所称的“不满”、“超过”、“以外”，不包括本数。"
)


@dataclass(frozen=True)
class Reading:
    """How one wording compares a figure with its threshold."""

    symbol: str
    inclusive: bool
    compare: Callable[[Decimal, Decimal], bool]

    @property
    def note(self) -> str:
        """Return 含本数 or 不含本数, as shown beside the threshold."""
        return "含本数" if self.inclusive else "不含本数"

    @property
    def is_lower_bound(self) -> bool:
        """Return True where the figure must reach the threshold from below (超过, 以上 …)."""
        return self.symbol in (">", ">=")


_GE = Reading(">=", True, operator.ge)
_GT = Reading(">", False, operator.gt)
_LE = Reading("<=", True, operator.le)
_LT = Reading("<", False, operator.lt)

READINGS: dict[str, Reading] = {
    "以上": _GE,
    "达到": _GE,
    "不低于": _GE,
    "超过": _GT,
    "突破": _GT,
    "以下": _LE,
    "以内": _LE,
    "不超过": _LE,
    "最高": _LE,
    "不满": _LT,
    "低于": _LT,
}


def reading_of(wording: str) -> Reading:
    """Return the reading of a wording; raises KeyError for a wording the table does not know."""
    return READINGS[wording]
