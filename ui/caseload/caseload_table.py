"""The caseload's table: Enter opens the current family, Esc goes back to the search
box, and its plain rows are painted by :class:`ui.caseload.caseload_paint.RowPainter`
(the style paints the rest), which is what keeps a keystroke within a frame."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QTableView

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
