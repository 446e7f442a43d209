"""The status bar's passing messages, kept as how to say them, so a language switch says them again."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QStatusBar

Saying = Callable[[], str]  # makes the message in the interface language of the moment


class StatusLine:
    """Shows messages in a status bar and says the one still shown again in a new language."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self._saying: Saying | None = None
        self._shown = ""
        self._until = 0.0  # monotonic time the message goes; 0: it stays

    def show(self, saying: Saying, timeout_ms: int = 0) -> None:
        """Show ``saying()`` for ``timeout_ms`` (0: until another message)."""
        self._saying, self._shown = saying, saying()
        self._until = time.monotonic() + timeout_ms / 1000 if timeout_ms else 0.0
        self.bar.showMessage(self._shown, timeout_ms)

    def clear(self) -> None:
        """Take the message away: another firm is on screen (new, opened, recovered), and what was said
        was about the one before."""
        self._saying, self._shown, self._until = None, "", 0.0
        self.bar.clearMessage()

    def retranslate(self) -> None:
        """Say the message still shown again, in the interface language now in use."""
        if self._saying is None or self.bar.currentMessage() != self._shown:
            return
        left = 0
        if self._until:
            left = int((self._until - time.monotonic()) * 1000)
            if left <= 0:
                return
        self._shown = self._saying()
        self.bar.showMessage(self._shown, left)
