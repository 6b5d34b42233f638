"""The family view's tabs that load their own records behind the page: the header and
the first tabs (household, contact, agencies, request, level history) come in one load
and are shown at once; then each of these tabs (consent, assessments, plan, meetings,
visits, chronology, oversight) is asked for its family, the tab on screen first, and
fills when its records arrive. Until every one has, a line under the header says
"Loading the other tabs…"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QTabWidget
from shiboken6 import isValid

from app.families.households import FamilyDetail

from ui.family.family_words import muted

LOADING_TABS = "Loading the other tabs…"


class TabsBehind(QObject):
    """The tabs of ``tabs`` that load behind the page (``add``); ``all_loaded`` once each
    has shown the family it was last given."""

    all_loaded = Signal()

    def __init__(self, tabs: QTabWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.panels: list[Any] = []
        self.label = QLabel(LOADING_TABS)
        self.label.setObjectName("familyTabsLoading")
        self.label.setStyleSheet(muted())
        # Its line is kept when it goes, so the tabs never jump under the worker's pointer.
        policy = self.label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.label.setSizePolicy(policy)
        self.label.hide()

    def add(self, panel: Any) -> None:
        """A tab (a :class:`ui.widgets.panel.Panel`) that loads its own records."""
        self.panels.append(panel)
        panel.loaded.connect(self._one_loaded)

    def load(self, detail: FamilyDetail) -> None:
        """Give every tab the family (a new family: each clears and loads; the same one:
        each stays as it is), the tab on screen first, so its load is the first done."""
        closed = detail.family.status == "closed"
        current = self.tabs.currentWidget()
        for panel in sorted(self.panels, key=lambda p: p is not current):
            panel.set_family(detail, closed)
        self._one_loaded()

    @property
    def is_loading(self) -> bool:
        return any(not panel.is_loaded for panel in self.panels)

    def _one_loaded(self) -> None:
        if not isValid(self.label):
            return
        loading = self.is_loading
        self.label.setVisible(loading)
        if not loading:
            self.all_loaded.emit()
