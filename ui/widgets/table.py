"""The table view every screen uses to show a :class:`RowsModel`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.widgets.rows_model import RowsModel

T = TypeVar("T")


def rows_table(model: RowsModel) -> QTableView:
    """A read-only, single-row-selection table over ``model``, headers left-aligned."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move in it
    return view


def selected_row(table: QTableView, kind: type[T]) -> T | None:
    """The selected row's record (a ``kind``) of a :class:`RowsModel` table, or None."""
    chosen = table.selectionModel().selectedRows()
    model = table.model()
    if not chosen or not isinstance(model, RowsModel):
        return None
    row = model.rows[chosen[0].row()]
    return row if isinstance(row, kind) else None


def select_row_where(table: QTableView, matches: Callable[[Any], bool]) -> bool:
    """Select the first row whose record ``matches``; say whether there was one."""
    model = table.model()
    if not isinstance(model, RowsModel):
        return False
    for index, row in enumerate(model.rows):
        if matches(row):
            table.selectRow(index)
            return True
    return False
