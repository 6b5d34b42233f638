"""The caseload: every family in the store, searchable as you type.

Rows are read on the store's thread (``app.families.caseload.read_caseload``) and
shown as they come: the first screen as soon as it is read, the rest in chunks
behind it (a reload of a caseload already shown swaps in the new rows at once). The
search box, the level and status filters and "My families only" then work
in memory through :class:`ui.caseload.caseload_model.CaseloadModel`. Down from the
search box moves into the table; Enter or a double-click opens a family.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.families.caseload import CaseloadFilter, CaseloadRow
from app.reference.choices import FAMILY_STATUSES
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.caseload.caseload_loading import CaseloadLoading
from ui.caseload.caseload_model import COLUMN_KEYS, CaseloadModel
from ui.caseload.caseload_pages import empty_page, no_match_page
from ui.caseload.caseload_table import OPEN_KEYS, CaseloadTable
from ui.caseload.reallocate import Reallocation, may_reallocate
from ui.shell.task_runner import TaskRunner
from ui.widgets.change_follower import ChangeFollower
from ui.widgets.screen_room import put_under, room_on_screen
from ui.widgets.window_memory import remember_columns

# Starting widths at 1280 px wide; "Children" takes what is left.
# The reference column fits a device's references (EH-012-00034) with room to spare.
REFERENCE_SAMPLE = "EH-000-00000"
COLUMN_WIDTHS = {
    "reference": 100,
    "family": 150,
    "level": 130,
    "lead": 290,  # a name and a long agency: "Dawn Brooks (Family nurse partnership)"
    "status": 95,
    "last_contact": 105,
    "next_review": 105,
}

CHILDREN_SAMPLE = "Maisie (13y), Arun (12y)"
ROW_PADDING = 12  # pixels above and below a row's line of text
BASE_LINE_HEIGHT = 16  # a line of the 10 pt text the column widths were chosen for


class CaseloadView(QWidget):
    """Emits ``open_family(id)`` and ``new_family_requested()``; ``loaded(n)`` after each load."""

    open_family = Signal(str)
    new_family_requested = Signal()
    loaded = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        levels: LevelsOfNeed,
        profile: Profile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.profile = profile
        self._has_loaded = False  # rows (or the news that there are none) have arrived
        self._complete = False  # every row of a load is in (not only its first chunks)
        self.loading = CaseloadLoading(runner, levels, self)
        self._wanted: str | None = None  # a family to select once the rows have it
        # Any family's change may move its row (level, status, worker, names): reload.
        self.follower = ChangeFollower(self, runner, lambda c: bool(c.families), self.reload)

        self.model = CaseloadModel(
            frozenset(level.code for level in levels.levels if level.social_care), self
        )

        self.search = self._build_search()
        self.level_filter = self._build_filter("Level of need", "All levels of need",
                                               {level.code: level.short for level in levels.levels})
        self.status_filter = self._build_filter("Status", "All statuses", FAMILY_STATUSES)
        self.mine = QCheckBox("&My families only")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.new_button = QPushButton("&New family…")
        self.table = self._build_table()
        self.reallocation: Reallocation | None = None
        if may_reallocate(profile):  # a team lead moves families, one or several at a time
            self.reallocation = Reallocation(runner, profile, self.selected_family_ids, self)
            self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            button = self.reallocation.button
            button.setEnabled(False)
            self.table.selectionModel().selectionChanged.connect(
                lambda *_: button.setEnabled(bool(self.selected_family_ids()))
            )
        self.loading_label = QLabel("Loading the caseload…")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_new_button = QPushButton("&New family…")
        self.empty_page = empty_page(self.empty_new_button)
        self.clear_filters_button = QPushButton("Clear the search and filters")
        self.no_match_page = no_match_page(self.clear_filters_button)
        self.pages = QStackedWidget()
        for page in (self.loading_label, self.table, self.empty_page, self.no_match_page):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 6)
        layout.addLayout(self._build_bar())
        layout.addWidget(self.pages, 1)
        self._fit_screen()
        self._connect()
        self._update_count()

    def _build_search(self) -> QLineEdit:
        search = QLineEdit()
        search.setPlaceholderText("Search names, reference or postcode")
        search.setClearButtonEnabled(True)
        search.setAccessibleName("Search the caseload")
        search.setMinimumWidth(280)
        return search

    def _build_filter(self, name: str, everything: str, choices: dict[str, str]) -> QComboBox:
        """A filter: ``everything`` (data "") first, then each code's label."""
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(everything, "")
        for code, label in choices.items():
            combo.addItem(label, code)
        return combo

    def _build_bar(self) -> QHBoxLayout:
        """The bar of search and filters, the count and the New family button."""
        search_caption = QLabel("S&earch")
        search_caption.setBuddy(self.search)
        bar = QHBoxLayout()
        bar.addWidget(search_caption)
        bar.addWidget(self.search, 3)
        bar.addSpacing(8)
        bar.addWidget(self.level_filter)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.mine)
        bar.addStretch(1)
        actions = QHBoxLayout()  # under the search and filters if the screen is too narrow
        actions.addWidget(self.count_label)
        actions.addSpacing(8)
        if self.reallocation is not None:
            actions.addWidget(self.reallocation.button)
        actions.addWidget(self.new_button)
        bar.addLayout(actions)
        self._bar, self._actions = bar, actions
        return bar

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit_screen()  # again on the screen it opens on

    def _fit_screen(self) -> None:
        """Large text on a small screen: the count and the buttons go on a line of their
        own, rather than the window growing wider than the screen (as soon as the view
        is made: a page of the window's stack widens it even while another is shown)."""
        column = self.layout()
        assert isinstance(column, QVBoxLayout)
        put_under(self._bar, self._actions, column, 1, room_on_screen(self))

    def _build_table(self) -> CaseloadTable:
        """The table over ``self.model``, sorted by family name."""
        table = CaseloadTable(self.model)
        table.setAccessibleName("Families")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setShowGrid(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Rows and columns grow with the text size (28 px rows clipped 16 pt text).
        lines = table.fontMetrics()
        table.verticalHeader().setDefaultSectionSize(lines.lineSpacing() + ROW_PADDING)
        scale = max(1.0, lines.height() / BASE_LINE_HEIGHT)
        header = table.horizontalHeader()
        # No column narrower than the narrowest sized for the text.
        header.setMinimumSectionSize(round(min(COLUMN_WIDTHS.values()) * scale))
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        for column, key in enumerate(COLUMN_KEYS):
            if key != "children":  # (the children take the room left: below)
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, round(COLUMN_WIDTHS[key] * scale))
        reference_width = table.fontMetrics().horizontalAdvance(REFERENCE_SAMPLE) + 24
        header.resizeSection(COLUMN_KEYS.index("reference"),
                             max(COLUMN_WIDTHS["reference"], reference_width))
        remember_columns(header, "caseload")
        # Two children at a glance, whatever the window: the table scrolls sideways first.
        table.fill_with(COLUMN_KEYS.index("children"),
                        table.fontMetrics().horizontalAdvance(CHILDREN_SAMPLE) + 24)
        header.setSortIndicator(COLUMN_KEYS.index("family"), Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        return table

    def _show_page(self) -> None:
        """The table; or why it would be empty (no families yet, or none that match)."""
        if not self._has_loaded:
            return
        total, shown = self.model.total_count, self.model.shown_count
        if shown or (total and not self._complete):  # none matching so far: more are coming
            page: QWidget = self.table
        elif not self._complete:
            page = self.loading_label
        else:
            page = self.no_match_page if total else self.empty_page
        self.pages.setCurrentWidget(page)

    def clear_filters(self) -> None:
        """Show every family again: no search text, all levels and statuses, everyone's."""
        for box in (self.level_filter, self.status_filter):
            box.setCurrentIndex(0)
        self.mine.setChecked(False)
        self.search.clear()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _connect(self) -> None:
        """Filters as you type or choose, opening, the New family buttons and Ctrl+F."""
        self.search.textChanged.connect(self._apply_filter)
        self.level_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.mine.toggled.connect(self._apply_filter)
        self.model.shown_changed.connect(self._update_count)
        self.loading.rows_arrived.connect(self._rows_arrived)
        self.loading.rows_replaced.connect(self.set_rows)
        self.loading.finished.connect(self._all_arrived)
        self.loading.failed.connect(self._load_failed)
        self.table.open_requested.connect(self.open_current)
        self.table.search_requested.connect(self.focus_search)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.new_button.clicked.connect(self.new_family_requested)
        self.empty_new_button.clicked.connect(self.new_family_requested)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.search.installEventFilter(self)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.focus_search)

    # -- loading ------------------------------------------------------------

    def reload(self) -> None:
        """Read the caseload again from the store (the search and filters stay). The
        first load shows rows as they arrive; a reload swaps them in when all are in."""
        self.loading.start(stream=self.model.total_count == 0)

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        """Show ``rows`` (what a load delivers), keeping the selected family selected
        (or selecting the one asked for before the rows had it)."""
        self._complete = True
        self._show_rows(lambda: self.model.set_rows(rows))
        self.model.learn_letters()
        self.loaded.emit(len(rows))

    def _show_rows(self, change: Callable[[], None]) -> None:
        """``change()`` the model's rows, keeping the selected family selected."""
        selected = self._wanted or self.selected_family_id()
        self._wanted = None
        change()
        self.table.doItemsLayout()  # now: one paint for the new rows, not two
        self._has_loaded = True
        self._update_count()
        if selected:
            self.select_family(selected)

    def _rows_arrived(self, rows: list[CaseloadRow]) -> None:
        if rows or not self._has_loaded:
            self._show_rows(lambda: self.model.add_rows(rows))

    def _all_arrived(self) -> None:
        self._complete = self._has_loaded = True
        self._update_count()
        self.model.learn_letters()
        self.loaded.emit(self.model.total_count)

    def clear(self) -> None:
        """Forget every row (on lock); a load still under way is ignored when it arrives."""
        self.loading.forget()
        self._has_loaded = self._complete = False
        self.model.clear()
        self.pages.setCurrentWidget(self.loading_label)

    def _load_failed(self, message: str) -> None:
        if not self._has_loaded:
            self.loading_label.setText(message)

    # -- searching and filtering -------------------------------------------

    def current_filter(self) -> CaseloadFilter:
        return CaseloadFilter(
            text=self.search.text(),
            level=str(self.level_filter.currentData() or ""),
            status=str(self.status_filter.currentData() or ""),
            mine=self.profile.username if self.mine.isChecked() else "",
        )

    def _apply_filter(self, *_args: object) -> None:
        self.model.set_filter(self.current_filter())
        # Lay the table out now (scroll range, headers), not in a later turn of the event
        # loop: a keystroke then paints the table once, not twice.
        self.table.doItemsLayout()

    def _update_count(self) -> None:
        total, shown = self.model.total_count, self.model.shown_count
        noun = "family" if total == 1 else "families"
        # More to come: "…" (a longer word would widen the window's least width).
        arriving = self._has_loaded and not self._complete
        self.count_label.setText(f"{shown} of {total} {noun}{'…' if arriving else ''}")
        self.count_label.setToolTip("More families are still loading" if arriving else "")
        self._show_page()

    # -- selection and opening ---------------------------------------------

    def selected_family_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.family_id_at(index.row())

    def selected_family_ids(self) -> list[str]:
        """Every selected family (a team lead may select several to move them)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.family_id_at(row) for row in rows]

    def select_family(self, family_id: str) -> bool:
        """Select the family's row; one not there yet (its load is on the way) is
        selected when the rows arrive."""
        row = self.model.row_of_family(family_id)
        if row < 0:
            self._wanted = family_id
            return False
        self._wanted = None
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.shown_count:
            self.open_family.emit(self.model.family_id_at(row))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_table(self) -> None:
        if self.model.shown_count == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        current = self.table.currentIndex()
        if not current.isValid() or not self.table.selectionModel().isRowSelected(current.row()):
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and isinstance(event, QKeyEvent) and (
            event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.focus_table()
                return True
            if key in OPEN_KEYS and self.model.shown_count == 1:
                self._open_row(0)
                return True
        return False
