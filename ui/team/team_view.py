"""The Team area: three tabs over the whole store, for a team lead.

* **Waiting for me**: every assessment awaiting sign-off, oldest first;
* **Drift**: what is slipping, grouped by worker (a click on a column's title sorts by it);
* **Caseloads**: each worker's open families by level of need and by status, with totals;
* **Figures**: the figures a council reports for a period and scope, with charts, the
  families each counts, and exports (:mod:`ui.team.figures_tab`).

Enter or a double-click on a line of the first two asks the window to open the family
at the right place: ``open_requested(family_id, area, record_id)`` (a family listed
under a figure opens the same way, at its overview). Each tab loads in
one store task, the quick ones first (the sign-off queue, then the caseloads, then
drift, which looks at every open family), each asked for once the one before is shown;
until then its tab's title says it is loading. Any change to a family reloads the area
(at once when on screen, else when next shown). Loading writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTableView, QTabWidget, QVBoxLayout, QWidget

from app.errors import HearthError
from app.reference.levels_of_need import LevelsOfNeed
from app.screens.team_drift import DriftItem, WorkerDrift, drift
from app.screens.team_screen import Caseloads, WaitingItem, caseloads, waiting_for_me
from app.store.caseload_store import Profile

from ui.team.figures_tab import FiguresTab
from ui.team.team_tables import (
    DRIFT_COLUMNS,
    WAITING_COLUMNS,
    caseload_columns,
    caseload_rows,
)
from ui.widgets.change_follower import ChangeFollower
from ui.widgets.fields import banner_style
from ui.widgets.latest_load import LatestLoad
from ui.widgets.rows_model import RowsModel
from ui.widgets.table import rows_table, selected_row
from ui.widgets.theme import tint


class Tab(NamedTuple):
    key: str
    position: int
    title: str


TABS = (Tab("waiting", 0, "Waiting for me"), Tab("drift", 1, "Drift"),
        Tab("caseloads", 2, "Caseloads"))
# The quick ones first: the sign-off queue, the caseloads (counted by the database), then
# drift, which looks at every open family.
LOAD_ORDER = ("waiting", "caseloads", "drift")
LOADING_WORD = "loading…"
# Rows a column is fitted to (Qt reads every row otherwise: a second for 10,000 lines).
FIT_ROWS = 100


class TeamView(QWidget):
    """The Team area; ``loaded(tab)`` after each tab's load ("waiting", "drift",
    "caseloads", "figures")."""

    open_requested = Signal(str, str, str)
    loaded = Signal(str)

    def __init__(
        self, runner: Any, levels: LevelsOfNeed, profile: Profile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.levels = levels
        self.profile = profile
        self.loaded_tabs: set[str] = set()
        self._loads = {name: LatestLoad(runner, self) for name in ("waiting", "drift", "caseloads")}
        self.follower = ChangeFollower(self, runner, lambda c: bool(c.families), self.reload)

        heading = QLabel("Team")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        heading.setFont(font)
        self.summary = QLabel("Loading…")  # what waits for the lead, in a sentence
        self.summary.setObjectName("teamSummary")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(banner_style())
        self.message.hide()

        self.waiting_model = RowsModel(WAITING_COLUMNS, self)
        self.waiting_table = self._table(self.waiting_model, self._open_waiting)
        self.drift_model = RowsModel(DRIFT_COLUMNS, self)
        self.drift_table = self._table(self.drift_model, self._open_drift)
        self.drift_table.setSortingEnabled(True)  # loaded grouped by worker: column 0
        self.drift_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.caseload_model = RowsModel([], self)
        self.caseload_table = rows_table(self.caseload_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.waiting_table, f"Waiting for me ({LOADING_WORD})")
        self.tabs.addTab(self.drift_table, f"Drift ({LOADING_WORD})")
        self.tabs.addTab(self.caseload_table, f"Caseloads ({LOADING_WORD})")
        self.figures = FiguresTab(runner, levels)
        self.figures.loaded.connect(self._figures_loaded)
        self.figures.open_requested.connect(
            lambda family_id: self.open_requested.emit(family_id, "", "")
        )
        self.tabs.addTab(self.figures, "Figures")
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    def _table(self, model: RowsModel, open_row: Any) -> QTableView:
        """A table whose line opens with Enter or a double-click."""
        table = rows_table(model)
        # Columns fitted to the first lines, not to thousands of them (drift has thousands).
        table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        table.activated.connect(lambda _index: open_row())
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # -- loading --------------------------------------------------------------

    def reload(self) -> None:
        """Load the tabs again, one after another: each is asked for once the one before
        it is on screen (so a long one never holds back a short one's first paint)."""
        for load in self._loads.values():
            load.forget()  # a chain of loads under way stops where it is
        for tab in TABS:
            if tab.key not in self.loaded_tabs:
                self.tabs.setTabText(tab.position, f"{tab.title} ({LOADING_WORD})")
        self._load_tab(0)

    def _load_tab(self, n: int) -> None:
        """The ``n``-th load of :data:`LOAD_ORDER`; after it, the next; after the last,
        the figures (if some were asked for)."""
        if n >= len(LOAD_ORDER):
            self.figures.reload()
            return
        key = LOAD_ORDER[n]
        loads: dict[str, tuple[Callable[..., Any], tuple[Any, ...], Callable[[Any], None]]]
        loads = {
            "waiting": (waiting_for_me, (self.profile,), self._waiting_loaded),
            "caseloads": (caseloads, (self.profile, self.levels), self._caseloads_loaded),
            "drift": (drift, (self.profile,), self._drift_loaded),
        }
        fn, args, show = loads[key]

        def done(result: Any) -> None:
            show(result)
            self._load_tab(n + 1)

        def failed(error: HearthError) -> None:
            self._failed(error)
            self._load_tab(n + 1)

        self._loads[key].run(fn, *args, done=done, error=failed)

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        for load in self._loads.values():
            load.forget()
        self.loaded_tabs.clear()
        for tab in TABS:
            self.tabs.setTabText(tab.position, f"{tab.title} ({LOADING_WORD})")
        self.summary.setText("Loading…")
        self.waiting_model.set_rows([])
        self.drift_model.set_rows([])
        self.caseload_model.set_rows([])
        self.figures.clear()

    def _done(self, tab: str, index: int, title: str, count: int) -> None:
        self.tabs.setTabText(index, f"{title} ({count})" if count else title)
        self.loaded_tabs.add(tab)
        self.message.hide()
        self.loaded.emit(tab)

    def _waiting_loaded(self, items: tuple[WaitingItem, ...]) -> None:
        self.waiting_model.set_rows(items)
        self.waiting_table.resizeColumnsToContents()
        oldest = max((i.age_days for i in items), default=0)
        self.summary.setText(
            f"{len(items)} waiting for your sign-off, the oldest for {oldest} "
            f"day{'s' if oldest != 1 else ''}." if items
            else "Nothing is waiting for your sign-off."
        )
        self._done("waiting", 0, "Waiting for me", len(items))

    def _drift_loaded(self, groups: tuple[WorkerDrift, ...]) -> None:
        rows = [item for group in groups for item in group.items]
        self.drift_model.set_rows(rows)
        header = self.drift_table.horizontalHeader()
        self.drift_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.drift_table.resizeColumnsToContents()
        self._done("drift", 1, "Drift", len(rows))

    def _caseloads_loaded(self, loads: Caseloads) -> None:
        model = RowsModel(caseload_columns(loads), self)
        model.set_rows(caseload_rows(loads))
        model.background = lambda row: tint("info") if row.is_total else None
        model.bold_column = 0
        self.caseload_model = model
        self.caseload_table.setModel(model)
        self.caseload_table.resizeColumnsToContents()
        self._done("caseloads", 2, "Caseloads", len(loads.workers))
        self.figures.set_workers([w.worker for w in loads.workers if w.worker])

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.figures and self.figures.asked is None:
            self.figures.show_figures()  # the default period, at once

    def _figures_loaded(self) -> None:
        self.loaded_tabs.add("figures")
        self.message.hide()
        self.loaded.emit("figures")

    def _failed(self, error: HearthError) -> None:
        self.message.setText(error.message)
        self.message.show()

    # -- opening ----------------------------------------------------------------

    def _open_waiting(self) -> None:
        item = selected_row(self.waiting_table, WaitingItem)
        if item is not None:
            self.open_requested.emit(item.family_id, "assessments", item.assessment_id)

    def _open_drift(self) -> None:
        item = selected_row(self.drift_table, DriftItem)
        if item is not None:
            self.open_requested.emit(item.family_id, item.area, item.record_id)
