"""How a view follows the task runner's change notices (:mod:`app.records.changes`):
when a change concerns it, it reloads at once if it is on screen, or is marked stale
and reloads when it is next shown (a tab behind another, an area not in front)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.records.changes import Changes


def on_screen(widget: QWidget) -> bool:
    """Shown, or would be as soon as its window is (not a tab behind another, say)."""
    return not widget.isHidden() and widget.isVisibleTo(widget.window())


class ChangeFollower(QObject):
    """Reloads ``view`` (with ``reload``) after each notice ``concerns`` says is its own.

    ``hold`` (optional) says the view should only be marked stale for now, even on
    screen (a wizard of its own is open and saving as the worker types, say); ``eager``
    reloads even when the view is not on screen (what it loads shows elsewhere too).
    """

    def __init__(
        self,
        view: QWidget,
        runner: Any,
        concerns: Callable[[Changes], bool],
        reload: Callable[[], None],
        hold: Callable[[], bool] = lambda: False,
        *,
        eager: bool = False,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.concerns = concerns
        self.reload = reload
        self.hold = hold
        self.eager = eager
        self.stale = False
        runner.changes.connect(self._arrived)
        view.installEventFilter(self)

    def _arrived(self, changes: Changes) -> None:
        if not isValid(self.view) or not self.concerns(changes):
            return
        if (self.eager or on_screen(self.view)) and not self.hold():
            self.stale = False
            self.reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.view and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.reload()
        return False
