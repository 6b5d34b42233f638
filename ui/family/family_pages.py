"""The family view's plainer pages: a centred message (loading, or why the family could
not be shown), the agencies involved, the level of need history."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dates import uk
from app.families.households import LevelChangeData
from app.reference.levels_of_need import DIRECTION_LABELS, LevelsOfNeed

from ui.family.family_words import DIRECTION_MARKS, direction_colour, muted
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table


def toolbar(*buttons: QWidget) -> QHBoxLayout:
    """Buttons in a row, left-aligned."""
    bar = QHBoxLayout()
    for button in buttons:
        bar.addWidget(button)
    bar.addStretch(1)
    return bar


def message_page(text: str, on_back: Callable[[], None]) -> QWidget:
    """A centred message; with no text, the error page with its "Back to caseload" button."""
    page = QWidget()
    box = QVBoxLayout(page)
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.2)
    label.setFont(font)
    box.addStretch(1)
    box.addWidget(label)
    back = QPushButton("&Back to caseload")
    back.clicked.connect(on_back)
    back.setVisible(not text)  # the error page only
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(back)
    row.addStretch(1)
    box.addLayout(row)
    box.addStretch(2)
    return page


class LevelHistoryPage(QWidget):
    """Every decision about the family's level of need, steps up and down marked."""

    def __init__(self, levels: LevelsOfNeed) -> None:
        super().__init__()
        self.levels = levels
        layout = QVBoxLayout(self)
        self.history_model = RowsModel(
            [
                Column("Date", lambda c: uk(c.decided_on)),
                Column("Decision", self._direction_text),
                Column("From", self._from_level_text),
                Column("To", lambda c: levels.label(c.to_level)),
                Column("Reason", lambda c: c.reason),
                Column("Decided by", lambda c: c.decided_by),
            ],
            self,
        )
        self.history_model.background = lambda c: direction_colour(c.direction, 0)
        self.history_model.foreground = lambda c: direction_colour(c.direction, 1)
        self.history_model.bold_column = 1
        self.history_table = rows_table(self.history_model)
        self.history_table.setObjectName("historyTable")
        self.history_table.setAccessibleName("Level of need history")
        self.history_table.setWordWrap(True)
        self.history_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.history_table.setStyleSheet("QTableView::item { padding: 5px 4px; }")
        header = self.history_table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        rows = self.history_table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(30)
        legend = QLabel(
            "▲ Step up: into children's social care.   ▼ Step down: from social care to early help."
            "   ↑ ↓ a change of level within the same service."
            "   → renamed when the council's levels changed."
        )
        legend.setStyleSheet(muted())
        legend.setWordWrap(True)  # one line at 10 pt; at 16 pt it made the window too wide
        layout.addWidget(legend)
        layout.addWidget(self.history_table)
        self.history_empty = QLabel(
            "No decision about this family's level of need is recorded yet. "
            "Use “Change level of need…” to record the first one."
        )
        self.history_empty.setStyleSheet(muted())
        self.history_empty.setWordWrap(True)
        layout.addWidget(self.history_empty)

    def show_history(self, changes: Sequence[LevelChangeData]) -> None:
        self.history_model.set_rows(list(changes))
        self.history_empty.setVisible(not changes)
        self.history_table.setVisible(bool(changes))
        self.history_table.resizeRowsToContents()

    def _from_level_text(self, change: LevelChangeData) -> str:
        return self.levels.label(change.from_level) if change.from_level else "Not set"

    def _direction_text(self, change: LevelChangeData) -> str:
        label = DIRECTION_LABELS.get(change.direction, change.direction)
        return DIRECTION_MARKS.get(change.direction, "") + label


class AgenciesPage(QWidget):
    """The agencies involved with the family, and the buttons to add, edit and remove one."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.add_agency_button = QPushButton("&Add agency…")
        self.edit_agency_button = QPushButton("Ed&it…")
        self.remove_agency_button = QPushButton("&Remove")
        layout.addLayout(
            toolbar(self.add_agency_button, self.edit_agency_button, self.remove_agency_button)
        )
        self.agency_model = RowsModel(
            [
                Column("Agency", lambda a: a.agency),
                Column("Named contact", lambda a: a.contact_name),
                Column("Role", lambda a: a.contact_role),
                Column("Phone", lambda a: a.phone),
                Column("Email", lambda a: a.email),
            ],
            self,
        )
        self.agency_table = rows_table(self.agency_model)
        self.agency_table.setObjectName("agencyTable")
        self.agency_table.setAccessibleName("Agencies involved")
        header = self.agency_table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.agency_table)
