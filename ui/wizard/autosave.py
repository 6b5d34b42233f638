"""Drafts that save themselves as the worker types.

:class:`DraftAutosave` waits for a pause in typing (``delay_ms``, about 700 ms)
and then saves the answers and the page through the task runner, on the
store's writer thread: typing never waits for the store. While the worker
keeps typing without a pause a save still goes at least every ``max_wait_ms``
(a second), so a crash loses at most the last second. Moving to another page
saves at once (so reopening resumes there), and so do closing the wizard,
locking (the wizard is hidden first) and closing the main window (watched
with an event filter, before the window closes the store).

Nothing is sent when nothing changed since the last save; a save whose result
has not come back yet is never waited for, since the writer thread runs saves
in order and the last one wins.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.casework import assessment_drafts
from app.casework.assessment_data import DraftSave, DraftSaved
from app.dates import uk_instant
from app.errors import HearthError
from app.store.caseload_store import Profile

DELAY_MS = 700
MAX_WAIT_MS = 1000
RETRY_MS = 3000  # after a failed save, try again this often (what was typed stays)


def _snapshot(answers: Mapping[str, Any], page: str) -> str:
    return json.dumps([answers, page], sort_keys=True, default=str)


class DraftAutosave(QObject):
    """Saves one draft assessment; ``state_changed`` says what to show ("Saving…",
    "Saved at 10:42", or why it could not be saved)."""

    saved = Signal(object)  # DraftSaved
    failed = Signal(str)
    state_changed = Signal(str)

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        assessment_id: str,
        answers: Callable[[], Mapping[str, Any]],
        page: Callable[[], str],
        *,
        delay_ms: int = DELAY_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        saved_answers: Mapping[str, Any] | None = None,
        saved_page: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.assessment_id = assessment_id
        self._answers = answers
        self._page = page
        self._last_sent = (
            _snapshot(saved_answers or {}, saved_page) if saved_answers is not None else ""
        )
        self._enabled = True
        self._in_flight = 0
        self.saves_sent = 0
        self._watched: list[QObject] = []

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(delay_ms)
        self._debounce.timeout.connect(self.flush)
        self._max_wait = QTimer(self)
        self._max_wait.setSingleShot(True)
        self._max_wait.setInterval(max_wait_ms)
        self._max_wait.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)
        self.failing = False  # the last save failed: what was typed is not in the store yet

    # -- what the wizard tells it --------------------------------------------------

    def changed(self) -> None:
        """Something was typed or chosen: save after a pause (or within a second)."""
        if not self._enabled:
            return
        self._debounce.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    def page_changed(self, _page_id: str = "") -> None:
        """A new page: save at once, so reopening the draft resumes here."""
        self.flush()

    @property
    def pending(self) -> bool:
        """A save is scheduled but not yet sent."""
        return self._debounce.isActive() or self._max_wait.isActive()

    @property
    def in_flight(self) -> bool:
        return self._in_flight > 0

    def flush(self) -> None:
        """Send the answers now if they changed since the last save."""
        self._debounce.stop()
        self._max_wait.stop()
        self._retry.stop()
        if not self._enabled:
            return
        answers = dict(self._answers())
        page = self._page()
        snapshot = _snapshot(answers, page)
        if snapshot == self._last_sent:
            return
        try:
            self.runner.run_store(
                assessment_drafts.save_draft,
                self.profile,
                DraftSave(self.assessment_id, answers, page),
                done=self._saved,
                error=self._failed,
            )
        except RuntimeError:  # the runner has stopped (the application is closing)
            self._report("Not saved: Hearth is closing.")
            return
        self._last_sent = snapshot
        self._in_flight += 1
        self.saves_sent += 1
        self.state_changed.emit("Saving…")

    def stop(self) -> None:
        """No more saves (completing, or the draft is gone)."""
        self._debounce.stop()
        self._max_wait.stop()
        self._retry.stop()
        self._enabled = False
        self.failing = False  # what it held is carried by the completion now

    def resume(self) -> None:
        self._enabled = True

    # -- results -----------------------------------------------------------------------

    def _saved(self, result: DraftSaved) -> None:
        if not isValid(self):
            return
        self._in_flight = max(0, self._in_flight - 1)
        self.failing = False
        self._emit("saved", result)
        if not self._in_flight:
            when = uk_instant(result.saved_at)[-5:]
            self._emit("state_changed", f"Draft saved at {when}")

    def _failed(self, error: HearthError) -> None:
        if not isValid(self):
            return  # the wizard (and this object) closed while the save ran
        self._in_flight = max(0, self._in_flight - 1)
        self._last_sent = ""  # try again: with the next change, a flush, or the retry
        self.failing = True
        if self._enabled:
            self._retry.start()
        self._report(f"Not saved: {error.message}")

    def _report(self, message: str) -> None:
        self._emit("failed", message)
        self._emit("state_changed", message)

    def _emit(self, name: str, value: Any) -> None:
        if not isValid(self):
            return  # the wizard (and this object) closed while the save ran
        getattr(self, name).emit(value)

    # -- the main window closing ----------------------------------------------------

    def watch_window(self, widget: QWidget | None) -> None:
        """Save before ``widget``'s window closes (it closes the store after)."""
        if widget is None:
            return
        window = widget.window()
        if window in self._watched:
            return
        window.installEventFilter(self)
        self._watched.append(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Close, QEvent.Type.Hide) and watched in self._watched:
            self.flush()
        return False

    def detach(self) -> None:
        for window in self._watched:
            with contextlib.suppress(RuntimeError):  # already deleted
                window.removeEventFilter(self)
        self._watched = []
