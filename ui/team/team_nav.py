"""The Team area in the main window, for team leads and administrators: a "Team" button
in the area bar, a "Team" action (Ctrl+2) in the View menu, and the way from a line of
the area to the family view's right tab (through Today's)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.team.team_view import TeamView

TEAM_ROLES = frozenset({"team_lead", "administrator"})


def sees_team(role: str) -> bool:
    """Whether a profile with ``role`` has the Team area."""
    return role in TEAM_ROLES


class TeamNav(QObject):
    """Adds the Team area to ``window`` beside Today and the caseload (``nav``: the
    window's :class:`~ui.caseload.today_nav.TodayNav`, which owns the area bar)."""

    def __init__(self, window: Any, nav: Any) -> None:
        super().__init__(window)
        self.window = window
        self.nav = nav
        self.view = TeamView(window.runner, window.levels, window.profile, window.areas)
        window.areas.addWidget(self.view)
        self.view.open_requested.connect(nav.open)
        self.button = nav.add_area("Tea&m", "The team's work at a glance (Ctrl+2)", self.view)
        self.button.clicked.connect(self.show)
        self.action = QAction("T&eam", window)
        self.action.setShortcut(QKeySequence("Ctrl+2"))
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.triggered.connect(self.show)
        window.addAction(self.action)
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(self.action)
        window.locked_changed.connect(self._locked_changed)

    def show(self) -> None:
        if self.window.is_locked:
            return
        self.window.areas.setCurrentWidget(self.view)
        self.view.reload()

    def _locked_changed(self, locked: bool) -> None:
        self.action.setEnabled(not locked)
        if locked:
            self.view.clear()
        elif self.window.areas.currentWidget() is self.view:
            self.view.reload()
