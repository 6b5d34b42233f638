"""The base of every tab of a family: :class:`Panel`.

A panel shows one family's records of some kinds (``watches``, sync entity names). It
loads through the task runner and ignores answers to older loads (:meth:`load`); it
opens one dialog at a time; it says what went wrong as a sentence (``message``); it is
read-only while the family is closed; and it refreshes itself
from the runner's change notices (:mod:`app.records.changes`): when a change concerns
its family and its kinds of record it reloads at once if it is on screen, or marks
itself stale and reloads when it is next shown. Nothing else tells a panel to reload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget
from shiboken6 import isValid

from app.errors import HearthError
from app.families.households import FamilyDetail
from app.store.caseload_store import Profile

from ui.widgets.change_follower import ChangeFollower
from ui.widgets.fields import banner_style
from ui.widgets.latest_load import LatestLoad
from ui.widgets.one_dialog import OneDialogAtATime
from ui.widgets.questions import ask_yes


class Panel(OneDialogAtATime, QWidget):
    """The base of a family's tab.

    A subclass sets ``watches`` (the kinds of record it shows; empty: every kind),
    implements :meth:`reload` (and :meth:`clear`, :meth:`update_buttons`), lists its
    edit buttons in ``edit_buttons``, and emits ``loaded`` when a load has been shown.
    """

    loaded = Signal()
    watches: frozenset[str] = frozenset()
    # Reload on a notice even when not on screen (what the tab loads shows elsewhere too).
    eager = False

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.family: FamilyDetail | None = None
        self.family_id: str | None = None
        self.read_only = False
        self.is_loaded = False
        self.edit_buttons: list[QWidget] = []
        self._latest = LatestLoad(runner, self)
        # Asks "are you sure?"; replaceable so tests can answer without a message box.
        self.confirm: Callable[[str, str], bool] = self._ask

        self.message = QLabel()
        self.message.setObjectName("panelMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(banner_style())
        self.message.hide()
        self.follower = ChangeFollower(
            self,
            runner,
            lambda changes: changes.touches(self.family_id, self.watches),
            self.reload_now,
            lambda: self.holds_reloads,
            eager=self.eager,
        )

    # -- the family -----------------------------------------------------------------

    def set_family(self, detail: FamilyDetail, read_only: bool) -> None:
        """The family as its page has (re)loaded it; this tab loads its own records
        only for a new family (or when a notice made it stale)."""
        assert detail.family.id is not None
        self.family = detail
        self.set_read_only(read_only)
        self.show_family_id(detail.family.id)

    def show_family_id(self, family_id: str) -> None:
        """Show this family: a new one clears and loads; the same one stays as it is
        (its changes arrive as notices, and a stale tab reloads when it is shown)."""
        if family_id == self.family_id:
            return
        self.family_id = family_id
        self.show_message("")
        self.is_loaded = False
        self.clear()
        self.reload_now()

    def reload_now(self) -> None:
        self.follower.stale = False
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.update_buttons()

    def clear(self) -> None:
        """Forget the previous family's rows (a new family is loading)."""

    def reload(self) -> None:
        raise NotImplementedError

    def update_buttons(self, *_args: Any) -> None:
        for button in self.edit_buttons:
            button.setEnabled(not self.read_only and self.family_id is not None)

    # -- change notices ---------------------------------------------------------------

    @property
    def holds_reloads(self) -> bool:
        """Whether a notice should only mark the tab stale for now (override)."""
        return False

    @property
    def is_stale(self) -> bool:
        """A change concerns it and it has not reloaded yet (it will when shown)."""
        return self.follower.stale

    # -- loads ------------------------------------------------------------------------

    def load(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None],
        error: Callable[[HearthError], None] | None = None,
    ) -> None:
        """Load through the runner; only the latest load's answer is used, and only while
        the tab exists (an error goes to ``error``, by default the message line)."""
        self._latest.run(fn, *args, done=done, error=error or self.failed)

    # -- messages ---------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def failed(self, error: HearthError) -> None:
        if isValid(self):
            self.show_message(error.message)

    def _ask(self, title: str, text: str) -> bool:
        return ask_yes(self, title, text)

    # -- dialogs ----------------------------------------------------------------------

    def dialog_saved(self, record_id: str) -> None:
        """A dialog saved: the change notice reloads what changed; clear any old message."""
        if isValid(self):
            self.show_message("")

    # -- opening a record from elsewhere -------------------------------------------------

    def open_record(self, record_id: str) -> None:
        """Select (and open) a record once the tab has loaded (Today and the chronology use it)."""
