"""Today in the main window: the first area, the "Today | Caseload" bar (with "Team"
for team leads and administrators), and the way from a line of Today to the family
view's right tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QButtonGroup, QToolBar, QToolButton, QWidget

from ui.caseload.today_view import TodayView
from ui.team.team_nav import TeamNav, sees_team


class TodayNav(QObject):
    """Today in the main window: the first area, a "Today | Caseload" bar, and
    the way from a line of Today to the family view's right tab."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.view = TodayView(window.runner, window.profile, window.areas)  # built in place
        window.areas.insertWidget(0, self.view)
        self.view.open_requested.connect(self.open)
        self.view.caseload_requested.connect(window.show_caseload)

        self.today_action = self._build_action()
        self.buttons = QButtonGroup(self)
        self.today_button = self._nav_button("Toda&y", "What needs you today (Ctrl+T)")
        self.caseload_button = self._nav_button("Case&load", "Every family (Ctrl+1)")
        self.today_button.clicked.connect(self.show)
        self.caseload_button.clicked.connect(window.show_caseload)
        self.bar = self._build_bar()
        self.extra_areas: list[tuple[QToolButton, QWidget]] = []
        self.team = TeamNav(window, self) if sees_team(window.profile.role) else None

        window.areas.currentChanged.connect(lambda _index: self._area_changed())
        window.locked_changed.connect(self._locked_changed)
        window.areas.setCurrentWidget(self.view)
        self.view.reload()
        self._area_changed()

    def _build_action(self) -> QAction:
        """Today's Ctrl+T, on the window and first in its View menu (if it has one)."""
        window = self.window
        action = QAction("&Today", window)
        action.setShortcut(QKeySequence("Ctrl+T"))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(self.show)
        window.addAction(action)
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            first = view_menu.actions()[0] if view_menu.actions() else None
            view_menu.insertAction(first, action)
        return action

    def _nav_button(self, text: str, tip: str) -> QToolButton:
        """One checkable button of the bar, in ``self.buttons``."""
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setObjectName(f"nav{text.replace('&', '')}")
        button.setStyleSheet(
            "QToolButton { padding: 5px 16px; font-weight: 600; border: none; }"
            " QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border-radius: 4px; }"
        )
        self.buttons.addButton(button)
        return button

    def _build_bar(self) -> QToolBar:
        """The "Today | Caseload" bar, added to the top of the window."""
        bar = QToolBar("Go to")
        bar.setObjectName("areaBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(self.today_button)
        bar.addWidget(self.caseload_button)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    def add_area(self, text: str, tip: str, area: QWidget) -> QToolButton:
        """A button for another area at the end of the bar, checked while ``area`` shows
        (its ``clicked`` is the caller's to connect)."""
        button = self._nav_button(text, tip)
        self.bar.addWidget(button)
        self.extra_areas.append((button, area))
        self._area_changed()
        return button

    def show(self) -> None:
        if self.window.is_locked:
            return
        self.window.areas.setCurrentWidget(self.view)
        self.view.reload()

    def open(self, family_id: str, area: str, record_id: str) -> None:
        window = self.window
        window.open_family(family_id)
        casework = getattr(window.family_view, "casework", None)
        if casework is not None and window.areas.currentWidget() is window.family_view:
            casework.open_area(area, record_id, family_id)

    def _area_changed(self) -> None:
        current = self.window.areas.currentWidget()
        self.buttons.setExclusive(False)
        self.today_button.setChecked(current is self.view)
        self.caseload_button.setChecked(current is self.window.caseload)
        for button, area in self.extra_areas:
            button.setChecked(current is area)
        self.buttons.setExclusive(True)

    def _locked_changed(self, locked: bool) -> None:
        self.bar.setEnabled(not locked)
        self.today_action.setEnabled(not locked)
        if locked:
            self.view.clear()
        else:
            self.view.reload()
