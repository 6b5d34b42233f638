"""One figure on the Figures tab: its title, its definition in plain words, its chart
(:mod:`ui.team.figure_chart`) and its numbers as a table beside the chart (for screen
readers and copying), with the monthly series as a second table when it has one.
Enter or a double-click on a row asks for the families that row counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.reporting.export_csv import number_text
from app.reporting.figure import Figure, FigureRow

from ui.team.figure_chart import FigureChart
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table, selected_row

MONTH_COLUMNS = (
    Column("Month", lambda p: p.month.strftime("%b %Y")),
    Column("Value", lambda p: number_text(p.value)),
)


def row_heading(figure: Figure) -> str:
    """What the rows are, from the figure's title ("…, by worker" -> "Worker"), or "Counted"
    for a figure whose title does not say."""
    _title, by, what = figure.title.rpartition(" by ")
    return what[:1].upper() + what[1:] if by else "Counted"


def row_columns(figure: Figure) -> tuple[Column, ...]:
    """The row, its value, and (when the value is not already a count of families, as
    a median of days is not) how many families it is made from."""
    columns = [
        Column(row_heading(figure), lambda r: r.label),
        Column(figure.unit.capitalize(), lambda r: number_text(r.value)),
    ]
    if figure.unit != "families":
        columns.append(Column("Families counted", lambda r: str(len(r.family_ids))))
    return tuple(columns)


def fit_table(table: QTableView) -> None:
    """As tall as its rows, so the page scrolls rather than each table."""
    table.resizeColumnsToContents()
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    rows = table.model().rowCount()
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(i) for i in range(rows))
    table.setFixedHeight(height + 2)


class FigureCard(QFrame):
    """``families_requested(figure, row)`` on Enter or a double-click on a row."""

    families_requested = Signal(object, object)

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(figure.title)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        self.definition = QLabel(figure.definition)
        self.definition.setWordWrap(True)
        self.definition.setAccessibleName(f"What {figure.title} counts")
        self.chart = FigureChart(figure)

        self.model = RowsModel(row_columns(figure), self)
        self.model.set_rows(figure.rows)
        self.table = rows_table(self.model)
        self.table.setAccessibleName(f"{figure.title}: the numbers")
        self.table.setToolTip("Enter or a double-click lists the families a row counts")
        self.table.activated.connect(lambda _index: self._ask_families())
        fit_table(self.table)
        numbers = QVBoxLayout()
        numbers.addWidget(self.table)
        self.month_table: QTableView | None = None
        if figure.monthly:
            months = RowsModel(MONTH_COLUMNS, self)
            months.set_rows(figure.monthly)
            self.month_table = rows_table(months)
            self.month_table.setAccessibleName(f"{figure.title}: by month")
            self.month_table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
            fit_table(self.month_table)
            numbers.addWidget(self.month_table)
        numbers.addStretch(1)

        beside = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.definition)
        left.addWidget(self.chart)
        left.addStretch(1)
        beside.addLayout(left, 3)
        beside.addLayout(numbers, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(beside)

    def _ask_families(self) -> None:
        row = selected_row(self.table, FigureRow)
        if row is not None:
            self.families_requested.emit(self.figure, row)
