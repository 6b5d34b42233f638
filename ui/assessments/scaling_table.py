"""The Signs of Safety "scores over time" in words and as a table (issue 16): what
:class:`ui.assessments.scaling_chart.ScalingChart` draws, for a screen reader (the
chart's accessible description) and for the keyboard (:class:`ScoresTable`, which Tab
reaches and arrow keys read cell by cell)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.dates import uk
from app.forms.scoring import ScalingSeries

from ui.assessments.scaling_chart import participant_text

NO_SCORE = "—"


def score_dates(series: Sequence[ScalingSeries]) -> list[dt.date]:
    return sorted({point.when for s in series for point in s.points})


def describe_scores(series: Sequence[ScalingSeries]) -> str:
    """The chart in words: each person's score at each mapping, and the change."""
    if not series:
        return "No completed safety mapping with scores yet."
    people = []
    for s in series:
        scores = ", ".join(f"{p.score} on {uk(p.when)}" for p in s.points)
        change = f" (change {s.change:+d})" if s.change is not None else ""
        people.append(f"{participant_text(s.name, s.role)}: {scores}{change}")
    return "Scores over time, 0 to 10. " + "; ".join(people) + "."


class ScoresTable(QTableWidget):
    """One row per person, one column per mapping date, the score in each cell."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("scoresTable")
        self.setAccessibleName("Scores over time, as a table")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def show_series(self, series: Sequence[ScalingSeries]) -> None:
        dates = score_dates(series)
        self.clear()
        self.setColumnCount(len(dates))
        self.setRowCount(len(series))
        self.setHorizontalHeaderLabels([uk(day) for day in dates])
        self.setVerticalHeaderLabels([participant_text(s.name, s.role) for s in series])
        for row, s in enumerate(series):
            by_date = {p.when: p.score for p in s.points}
            for column, day in enumerate(dates):
                score = by_date.get(day)
                item = QTableWidgetItem(NO_SCORE if score is None else str(score))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, column, item)
        self.setVisible(bool(series))
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (in the font in use), so the page scrolls, not the table."""
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(i) for i in range(self.rowCount()))
        self.setFixedHeight(height + 2)
