"""The caseload as a Qt table model.

The model keeps every row loaded, by position in :class:`CaseloadSearch` (the
search index kept with the rows), the order of those positions under the chosen
sort, and the rows the current search and filters let through. Rows may arrive
in chunks while the caseload loads (``add_rows``): each chunk takes its place in
the sort and is searched and filtered like the rest. A keystroke asks the index
which rows hold each word and replaces the rows shown (a search shown before, as after
a Backspace, is shown again without asking); the text of each cell is made once per
row, so a repaint calls little Python.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from app.dates import uk
from app.families.caseload import SORT_KEYS, CaseloadFilter, CaseloadRow, base_order
from app.families.caseload_search import CaseloadSearch
from app.reference.choices import FAMILY_STATUSES

Index = QModelIndex | QPersistentModelIndex

# (sort key in app.families.caseload.SORT_KEYS, header)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", "Reference"),
    ("family", "Family"),
    ("children", "Children"),
    ("level", "Level of need"),
    ("lead", "Lead professional"),
    ("status", "Status"),
    ("last_contact", "Last contact"),
    ("next_review", "Next review"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)

FAMILY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Roles as plain numbers: a repaint asks the model for several roles of every cell.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_FAMILY_ID = int(FAMILY_ID_ROLE)
_COLUMN_COUNT = len(COLUMNS)
_LEVEL_COLUMN = COLUMN_KEYS.index("level")
KEPT_RESULTS = 32  # searches whose rows are kept to show again (forgotten beyond)
LEARN_AFTER_MS = 100  # first letters are looked for from this long after a load


def lead_text(row: CaseloadRow) -> str:
    if row.lead_professional and row.lead_agency:
        return f"{row.lead_professional} ({row.lead_agency})"
    return row.lead_professional or row.lead_agency


def cell_text(row: CaseloadRow, key: str) -> str:
    if key == "reference":
        return row.reference
    if key == "family":
        return row.family_name
    if key == "children":
        return row.children_text
    if key == "level":
        return row.level_label
    if key == "lead":
        return lead_text(row)
    if key == "status":
        return FAMILY_STATUSES.get(row.status, row.status)
    if key == "last_contact":
        return uk(row.last_contact)
    if key == "next_review":
        return uk(row.next_review)
    raise KeyError(key)


class CaseloadModel(QAbstractTableModel):
    """Rows of the caseload; ``set_filter`` and ``sort`` reshape what is shown.

    Levels of need handled by children's social care (``social_care_levels``) show in bold.
    """

    shown_changed = Signal()  # the rows shown changed: new rows, search, filter or sort

    def __init__(
        self, social_care_levels: frozenset[str] = frozenset(), parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._social_care = social_care_levels
        self._search = CaseloadSearch()
        self._order: list[int] = []  # positions in the search index, in the chosen sort
        self._base_keys: list[Any] = []  # each position's place in the families' own order
        self._sort_keys: list[Any] = []  # each position's key under the chosen sort
        self._place: list[int] = []  # where each position comes in ``_order``
        self._shown: list[CaseloadRow] = []
        # What each search and filter showed over these rows in this order (Backspace
        # shows it again without looking); forgotten when the rows or the order change.
        self._shown_for: dict[CaseloadFilter, list[CaseloadRow]] = {}
        self._learning = QTimer(self)  # finds first letters' rows while the window is idle
        self._learning.timeout.connect(self._learn_a_letter)
        self._cells: dict[str, tuple[str, ...]] = {}  # each row's cell texts, made once
        self._filter = CaseloadFilter()
        self._sort_key = "family"
        self._descending = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- feeding ------------------------------------------------------------

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        """Replace every row (after a load); the search, filters and sort stay."""
        self._search = CaseloadSearch()
        self._order, self._base_keys, self._sort_keys = [], [], []
        self._cells = {}
        self.add_rows(rows)

    def add_rows(self, rows: list[CaseloadRow]) -> None:
        """Add rows (a chunk of a load under way) in their place; each family once."""
        self._learning.stop()
        self._shown_for.clear()
        self._order.extend(self._search.add(rows))
        self._base_keys.extend(map(base_order, rows))
        self._sort_keys.extend(map(SORT_KEYS[self._sort_key], rows))
        self._sort_order()
        self._refilter()

    def set_filter(self, wanted: CaseloadFilter) -> None:
        if wanted == self._filter:
            return
        self._filter = wanted
        self._refilter()

    def clear(self) -> None:
        """Forget every row (the store is locked)."""
        self.set_rows([])

    def learn_letters(self) -> None:
        """Every row is in: find each first letter's rows, one a turn, while idle (from
        a moment after, so the caseload's last rows paint first)."""
        self._learning.setInterval(LEARN_AFTER_MS)
        self._learning.start()

    @property
    def is_learning(self) -> bool:
        """Whether first letters are still being looked for (idle work under way)."""
        return self._learning.isActive()

    def _learn_a_letter(self) -> None:
        self._learning.setInterval(0)  # the rest, one a turn of the event loop
        if not self._search.learn_next_letter():
            self._learning.stop()

    def _sort_order(self) -> None:
        """``_order`` by the chosen sort, families in their own order where it ties (each
        row's keys are made once: a chunk arriving re-sorts in C, merging sorted runs)."""
        self._order.sort(key=self._base_keys.__getitem__)
        if self._sort_key != "family" or self._descending:
            self._order.sort(key=self._sort_keys.__getitem__, reverse=self._descending)
        place = [0] * len(self._order)
        for number, position in enumerate(self._order):
            place[position] = number
        self._place = place

    def _refilter(self) -> None:
        shown = self._shown_for.get(self._filter)
        if shown is None:
            if len(self._shown_for) >= KEPT_RESULTS:
                self._shown_for.clear()
            shown = self._search.shown(self._order, self._place, self._filter)
            self._shown_for[self._filter] = shown
        # The old rows removed and the new inserted, not a reset: a reset makes the
        # table's header measure and paint its headings again, which was a fifth of
        # what a keystroke cost, though they never change.
        old = len(self._shown)
        if old:
            self.beginRemoveRows(QModelIndex(), 0, old - 1)
            self._shown = []
            self.endRemoveRows()
        if shown:
            self.beginInsertRows(QModelIndex(), 0, len(shown) - 1)
            self._shown = shown
            self.endInsertRows()
        self.shown_changed.emit()

    # -- reading ------------------------------------------------------------

    @property
    def current_filter(self) -> CaseloadFilter:
        return self._filter

    @property
    def sort_column(self) -> tuple[str, bool]:
        """The sort key and whether it is descending."""
        return self._sort_key, self._descending

    @property
    def total_count(self) -> int:
        return len(self._search)

    @property
    def shown_count(self) -> int:
        return len(self._shown)

    def row_at(self, row: int) -> CaseloadRow:
        return self._shown[row]

    def family_id_at(self, row: int) -> str:
        return self._shown[row].family_id

    def row_of_family(self, family_id: str) -> int:
        for number, row in enumerate(self._shown):
            if row.family_id == family_id:
                return number
        return -1

    # -- Qt model -----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def cells(self, row_number: int) -> tuple[str, ...]:
        """The texts of a shown row's cells, by column (made once per family, kept)."""
        row = self._shown[row_number]
        cells = self._cells.get(row.family_id)
        if cells is None:
            cells = self._cells[row.family_id] = tuple(cell_text(row, key) for key in COLUMN_KEYS)
        return cells

    def cell(self, row_number: int, column: int) -> str:
        """The text of a cell shown."""
        return self.cells(row_number)[column]

    def bold_column(self, row_number: int) -> int:
        """The column of a shown row in bold (a level of need children's social care
        handles), or -1."""
        return _LEVEL_COLUMN if self._shown[row_number].level_code in self._social_care else -1

    def is_bold(self, row_number: int, column: int) -> bool:
        """Whether a cell shows in bold."""
        return column == self.bold_column(row_number)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row_number = index.row()
        if not 0 <= row_number < len(self._shown):
            return None
        row = self._shown[row_number]
        if role == _DISPLAY:
            return self.cell(row_number, index.column())
        if role == _FONT:
            return self._bold if self.is_bold(row_number, index.column()) else None
        if role == _TOOLTIP:
            key = COLUMN_KEYS[index.column()]
            if key == "children" and row.children_text:
                return row.children_text.replace(", ", "\n")
            if key == "family" and row.postcode:
                return f"{row.family_name}, {row.postcode}"
            return None
        if role == _FAMILY_ID:
            return row.family_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_key = COLUMN_KEYS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._sort_keys = list(map(SORT_KEYS[self._sort_key], self._search.rows))
        self._shown_for.clear()
        self._sort_order()
        self._refilter()
