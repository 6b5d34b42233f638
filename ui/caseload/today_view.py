"""Today: the worker's home screen.

What needs the worker now, across the families allocated to them: visits
planned (and planned visits gone by without a record), reviews due or overdue
(overdue in red, "overdue by N days"), plan actions overdue, drafts left
unfinished (assessments, visit records not yet final), assessments returned by a
team lead (with the comment), and families with no consent in force. Each line opens
the right place: ``open_requested(family_id, area, record_id)`` asks the window to show
the family on the right tab, with the record (or its dialog) open.

Loading comes in two parts (:func:`app.casework.today.today_first`, then
:func:`~app.casework.today.today_rest`): what is overdue or due now (planned visits,
reviews, plan actions) is shown as soon as it is read (``first_loaded``), and only then
are drafts, returned assessments and missing consent read and shown (``loaded``); until
its part arrives a section says "Loading…". The rest is asked for once the first part is
on screen, so reading it never competes with showing the first.

Loading writes nothing. The window makes final any visit record whose time to be
changed has run out (:func:`app.casework.visit_writes.finalise_due_visits`) when the
store opens and every few minutes, so what Today calls a draft really is one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.casework import today as today_service
from app.casework.today import FIRST_KINDS, TODAY_KINDS, TodayItem
from app.casework.today_item import in_order
from app.dates import today as today_date
from app.errors import HearthError
from app.store.caseload_store import Profile

from ui.caseload.today_sections import LOADING, SECTIONS, Section
from ui.widgets.change_follower import ChangeFollower
from ui.widgets.fields import banner_style
from ui.widgets.latest_load import LatestLoad
from ui.widgets.theme import text_style

ALL_KINDS = frozenset(TODAY_KINDS)


class TodayView(QWidget):
    """The home screen: ``open_requested(family_id, area, record_id)`` when a line is
    chosen; ``first_loaded(n)`` when the first part of a load is shown, ``loaded(n)``
    when all of it is (``n`` items in all)."""

    open_requested = Signal(str, str, str)
    caseload_requested = Signal()
    first_loaded = Signal(int)
    loaded = Signal(int)

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.items: tuple[TodayItem, ...] = ()
        self._load = LatestLoad(runner, self)
        self._rest_load = LatestLoad(runner, self)
        self._first: tuple[TodayItem, ...] = ()
        self.is_loaded = False
        # Anything changed in a family may change what needs the worker: reload.
        self.follower = ChangeFollower(self, runner, lambda c: bool(c.families), self.reload)

        self.heading, self.summary = self._build_titles()
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.caseload_button = QPushButton("&Open the caseload")
        self.caseload_button.clicked.connect(self.caseload_requested.emit)
        self.message = QLabel()
        self.message.setObjectName("todayMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(banner_style())
        self.message.hide()
        self.sections: dict[str, Section] = {}
        self.grid = self._build_sections()

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.summary)
        header.addLayout(titles, 1)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.caseload_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.grid, 1)
        self._set_heading()

    def _build_titles(self) -> tuple[QLabel, QLabel]:
        """The heading (today's date) and the summary line under it."""
        heading = QLabel("Today")
        heading.setObjectName("todayHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        heading.setFont(font)
        summary = QLabel(LOADING)
        summary.setObjectName("todaySummary")
        summary.setWordWrap(True)
        return heading, summary

    def _build_sections(self) -> QWidget:
        """The sections in two columns (filling ``self.sections``); a long section's list
        scrolls inside it, the page does not."""
        grid_host = QWidget()
        grid_host.setObjectName("todayGrid")
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        positions = {
            "reviews": (0, 0),
            "visits": (1, 0),
            "actions": (0, 1),
            "drafts": (1, 1),
            "consents": (2, 1),
            "returned": (2, 0),
        }
        for key, title, _kinds, empty in SECTIONS:
            section = Section(key, title, empty)
            section.list.open_item.connect(self._open)
            self.sections[key] = section
            row, col = positions[key]
            grid.addWidget(section, row, col)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        # No row stretch: a row with long lists takes the room; a list given less scrolls.
        return grid_host

    def _set_heading(self) -> None:
        day = today_date()
        self.heading.setText(f"Today, {day:%A} {day.day} {day:%B %Y}")

    # -- loading ------------------------------------------------------------------

    def reload(self) -> None:
        self._set_heading()
        self._rest_load.forget()  # a rest asked for by an older load is not shown
        self._load.run(
            today_service.today_first, self.profile, done=self._first_read, error=self._failed
        )

    def clear(self) -> None:
        """Forget everything shown (on lock); until the next load, each section says it
        is loading (never a false "nothing to do")."""
        self._load.forget()
        self._rest_load.forget()
        self.items = ()
        self._first = ()
        self.is_loaded = False
        for section in self.sections.values():
            section.show_loading()
        self.summary.setText(LOADING)
        self.summary.setStyleSheet("")

    def _first_read(self, first: tuple[TodayItem, ...]) -> None:
        """What is overdue or due now: shown at once; then the rest is asked for."""
        self._first = first
        self.message.hide()
        self._show_sections(first, FIRST_KINDS)
        if not self.is_loaded:
            self.summary.setText(LOADING)
        self.first_loaded.emit(len(first))
        self._rest_load.run(
            today_service.today_rest, self.profile, done=self._rest_read, error=self._failed
        )

    def _rest_read(self, rest: tuple[TodayItem, ...]) -> None:
        self._show_sections(rest, ALL_KINDS - FIRST_KINDS)
        self._loaded(in_order([*self._first, *rest]))

    def _show_sections(self, items: tuple[TodayItem, ...], kinds: frozenset[str]) -> None:
        """The sections whose kinds are among ``kinds``, filled from ``items``."""
        for key, _title, section_kinds, _empty in SECTIONS:
            if kinds.issuperset(section_kinds):
                self.sections[key].set_items([i for i in items if i.kind in section_kinds])

    def _loaded(self, items: tuple[TodayItem, ...]) -> None:
        self.items = items
        overdue = sum(1 for i in items if i.overdue)
        if not items:
            text = (
                f"Nothing is waiting for you, {self.profile.name.split(' ')[0]}. "
                "Your families are listed in the caseload."
            )
        else:
            text = f"{len(items)} thing{'s' if len(items) != 1 else ''} for your families"
            text += f", {overdue} overdue." if overdue else "."
            text += " Choose a line to open it."
        self.summary.setText(text)
        self.summary.setStyleSheet(text_style("overdue", bold=True) if overdue else "")
        self.is_loaded = True
        self.loaded.emit(len(items))

    def _failed(self, error: HearthError) -> None:
        self.message.setText(error.message)
        self.message.show()

    # -- opening -------------------------------------------------------------------

    @property
    def is_filling(self) -> bool:
        """Some section is still adding its lines (a batch per turn of the event loop)."""
        return any(section.list.is_filling for section in self.sections.values())

    def section_items(self, key: str) -> list[TodayItem]:
        return list(self.sections[key].list.entries)

    def _open(self, item: TodayItem) -> None:
        self.open_requested.emit(item.family_id, item.area, item.record_id)

    def open_item(self, item: TodayItem) -> None:
        self._open(item)
