"""The "did you mean" of catalog messages: the closest known name to a misspelt one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(word: str, candidates: Iterable[str]) -> str:
    """Return ``；是否想写 X？`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"；是否想写 {close[0]}？" if close else ""
