"""Loads whose answer counts only while it is the latest: a second load asked for before
the first one answers makes the first one's answer (or error) be ignored, and so does the
widget it was for having gone (answers can outlive a closed view)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from shiboken6 import isValid

from app.errors import HearthError


class LatestLoad:
    """One kind of load of one widget (``owner``), through the task runner."""

    def __init__(self, runner: Any, owner: QObject) -> None:
        self.runner = runner
        self.owner = owner
        self._latest = 0

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None],
        error: Callable[[HearthError], None] | None = None,
    ) -> None:
        """``fn(session, *args)`` on the store thread; ``done`` (or ``error``) only if no
        newer load was asked for meanwhile and the owner still exists."""
        self._latest += 1
        asked = self._latest

        def current() -> bool:
            return asked == self._latest and isValid(self.owner)

        self.runner.run_store(
            fn,
            *args,
            done=lambda result: done(result) if current() else None,
            error=lambda exc: error(exc) if error is not None and current() else None,
        )

    def forget(self) -> None:
        """Ignore the answer of every load asked for so far (the widget was cleared)."""
        self._latest += 1
