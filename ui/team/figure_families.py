"""The families one row of a figure counts, by reference and name, in a small dialog;
Enter or a double-click on a family asks to open it (``open_requested(family_id)``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.reporting.figure import Figure, FigureRow
from app.reporting.report import Report

from ui.widgets.mnemonics import name_buttons
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table, selected_row


@dataclass(frozen=True)
class FamilyLine:
    family_id: str
    reference: str
    name: str


FAMILY_COLUMNS = (
    Column("Reference", lambda f: f.reference),
    Column("Family", lambda f: f.name),
)


def family_lines(report: Report, row: FigureRow) -> list[FamilyLine]:
    """The families ``row`` counts, by reference."""
    lines = [FamilyLine(fid, report.references.get(fid, fid), report.names.get(fid, ""))
             for fid in dict.fromkeys(row.family_ids)]
    return sorted(lines, key=lambda line: line.reference)


class FigureFamiliesDialog(QDialog):
    open_requested = Signal(str)

    def __init__(
        self, report: Report, figure: Figure, row: FigureRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{figure.title}: {row.label}")
        self.lines = family_lines(report, row)
        count = len(self.lines)
        heading = QLabel(f"{row.label}: {count} famil{'y' if count == 1 else 'ies'}. "
                         "Enter or a double-click opens a family.")
        heading.setWordWrap(True)
        self.model = RowsModel(FAMILY_COLUMNS, self)
        self.model.set_rows(self.lines)
        self.table = rows_table(self.model)
        self.table.setAccessibleName(f"Families counted in {figure.title}, {row.label}")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _index: self._open())
        if self.lines:
            self.table.selectRow(0)
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().height() * 30, self.fontMetrics().height() * 24)

    def _open(self) -> None:
        line = selected_row(self.table, FamilyLine)
        if line is not None:
            self.open_requested.emit(line.family_id)
            self.accept()
