"""The caseload as a Qt table model.

The model keeps every row loaded (already in the chosen sort order) and the
list of rows the current search and filters let through; a keystroke filters
that list in memory (``app.families.caseload.filter_rows``) and resets the model. No
Python is called per row to decide what shows, so searching 10,000 families
stays well inside a keystroke's budget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.dates import uk
from app.families.caseload import CaseloadFilter, CaseloadRow, filter_rows, sort_rows
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


def _narrows(before: CaseloadFilter, after: CaseloadFilter) -> bool:
    """True when every row ``after`` lets through also passed ``before`` (more text typed).

    Each word of the shorter text is then part of a word of the longer one, so a
    row holding every new word holds every old one too.
    """
    return (
        after.text.lower().startswith(before.text.lower())
        and after.level == before.level
        and after.status == before.status
        and after.mine == before.mine
    )


class CaseloadModel(QAbstractTableModel):
    """Rows of the caseload; ``set_filter`` and ``sort`` reshape what is shown.

    Levels of need handled by children's social care (``social_care_levels``) show in bold.
    """

    def __init__(
        self, social_care_levels: frozenset[str] = frozenset(), parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._social_care = social_care_levels
        self._all: list[CaseloadRow] = []
        self._shown: list[CaseloadRow] = []
        self._filter = CaseloadFilter()
        self._sort_key = "family"
        self._descending = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- feeding ------------------------------------------------------------

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        """Replace every row (after a load); the search, filters and sort stay."""
        self._all = sort_rows(rows, self._sort_key, self._descending)
        self._refilter()

    def set_filter(self, wanted: CaseloadFilter) -> None:
        if wanted == self._filter:
            return
        before, self._filter = self._filter, wanted
        if _narrows(before, wanted):
            # Typing more only removes rows: filter what is shown, not everything.
            self._refilter(self._shown)
        else:
            self._refilter()

    def clear(self) -> None:
        """Forget every row (the store is locked)."""
        self._all = []
        self._refilter()

    def _refilter(self, among: list[CaseloadRow] | None = None) -> None:
        self.beginResetModel()
        self._shown = filter_rows(self._all if among is None else among, self._filter)
        self.endResetModel()

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
        return len(self._all)

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        row = self._shown[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "children" and row.children_text:
                return row.children_text.replace(", ", "\n")
            if key == "family" and row.postcode:
                return f"{row.family_name}, {row.postcode}"
            return None
        if role == Qt.ItemDataRole.FontRole and key == "level":
            return self._bold if row.level_code in self._social_care else None
        if role == FAMILY_ID_ROLE:
            return row.family_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_key = COLUMN_KEYS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._all = sort_rows(self._all, self._sort_key, self._descending)
        self._refilter()
