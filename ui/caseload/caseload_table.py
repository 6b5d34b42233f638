"""The caseload's table: Enter opens the current family, Esc goes back to the search
box, and its plain rows are painted by :class:`ui.caseload.caseload_paint.RowPainter`
(the style paints the rest), which is what keeps a keystroke within a frame. One column
(the children) takes the room the others leave, but never less than it needs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView

from ui.caseload.caseload_model import CaseloadModel
from ui.caseload.caseload_paint import RowPainter

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CaseloadTable(QTableView):
    """The table; Enter opens the current family, Esc goes back to the search box."""

    open_requested = Signal()
    search_requested = Signal()

    def __init__(self, model: CaseloadModel) -> None:
        super().__init__()
        self.setModel(model)
        self.rows = RowPainter(self, model)
        self._filling: tuple[int, int] | None = None  # (column, its least width)

    def fill_with(self, column: int, least: int) -> None:
        """``column`` takes the width the other columns leave, and at least ``least``: in a
        window too narrow for every column (16 pt text in a laptop's), the table scrolls
        sideways. (A stretched column shrinks to the header's smallest section for all
        columns instead, which cut the children short: "Daisy (14…".)"""
        self._filling = (column, least)
        header = self.horizontalHeader()
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(self._section_resized)
        self._fill()

    def _section_resized(self, index: int, _old: int, _new: int) -> None:
        if self._filling is not None and index != self._filling[0]:
            self._fill()

    def _fill(self) -> None:
        if self._filling is None:
            return
        column, least = self._filling
        header = self.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != column and not header.isSectionHidden(c))
        header.resizeSection(column, max(least, self.viewport().width() - others))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """The viewport's new size (the window's, or a scroll bar come or gone)."""
        super().resizeEvent(event)
        self._fill()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Plain rows painted by :class:`RowPainter`; selected and current rows (and a
        right-to-left table) by the style."""
        if self.isRightToLeft():
            super().paintEvent(event)
            return
        left = self.rows.paint(event).intersected(event.region())
        if not left.isEmpty():
            super().paintEvent(QPaintEvent(left))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in OPEN_KEYS and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.open_requested.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.search_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
