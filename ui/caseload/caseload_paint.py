"""Painting the caseload's plain rows: text on the row's colour, without the style.

The application's style sheet sends every cell a view paints through Qt's
style-sheet style, which looks up its rules and lays out the cell's text again, and
a table asks its model and its delegate (Python, each) for every cell: most of what a
keystroke cost went there. So the table paints its plain rows (neither selected nor
current) itself, in one pass: the row's colour and the text colour of the view's
palette, its font, the style's own text margin and vertical place for a line of
text. A text seen for the first time is elided to its column and drawn at once; seen
again, it is kept as a ``QStaticText`` (its glyphs placed once, for the font it is
drawn in), which draws in half the time a kept ``QTextLayout`` took. They look the
same as the style's, pixel for pixel, in every script (tests compare them). Selected
and current rows are left to the style, as before.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QStaticText,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QTableView

from ui.caseload.caseload_model import CaseloadModel

_ELIDE = Qt.TextElideMode.ElideRight
_PLAIN = Qt.TextFormat.PlainText
KEPT_TEXTS = 4000  # cells' texts kept to draw again (a few screens' worth; forgotten beyond)


class RowPainter:
    """Paints the plain rows of ``table`` (over ``model``) that a paint event covers."""

    def __init__(self, table: QTableView, model: CaseloadModel) -> None:
        self._table = table
        self._model = model
        self._kept: dict[tuple[str, bool, int], QStaticText] = {}
        self._font_key = ""
        self._seen: dict[tuple[str, bool, int], str] = {}  # texts painted once, elided
        self._fonts: tuple[tuple[QFont, int, float], ...] = ((QFont(), 0, 0.0),) * 2
        self._painter_bold = False  # the font the painter has now: the bold one or not

    def forget_texts(self) -> None:
        """Forget every text painted: the next paint draws each as if seen for the first
        time (then keeps it, at the paint after)."""
        self._kept.clear()
        self._seen.clear()

    def _take_font(self) -> None:
        """The table's font and its bold, and the height of a line in each; a new font
        (a new text size) lays every text out again."""
        font = self._table.font()
        key = font.key()
        if key != self._font_key:
            self._font_key = key
            self.forget_texts()
            bold = QFont(font)
            bold.setBold(True)
            self._fonts = ((font, *_line_height(font)), (bold, *_line_height(bold)))

    def _special_rows(self) -> set[int]:
        """Rows the style paints: the current row (its focus frame) and selected rows."""
        table = self._table
        rows = {table.currentIndex().row()}
        selection = table.selectionModel().selection()
        for number in range(selection.count()):
            part = selection.at(number)
            rows.update(range(part.top(), part.bottom() + 1))
        return rows

    def paint(self, event: QPaintEvent) -> QRegion:
        """Paint the plain rows ``event`` covers; returns the region left for the style
        (the selected and current rows among them)."""
        table = self._table
        area = event.rect()
        first = table.rowAt(area.top())
        if first < 0:
            return QRegion()  # below the last row: nothing to paint
        last = table.rowAt(area.bottom())
        last = self._model.rowCount() - 1 if last < 0 else last
        columns = self._columns(area)
        special = self._special_rows()
        left = QRegion()
        self._take_font()
        painter = QPainter(table.viewport())
        try:
            self._set_colours(painter)
            painter.setFont(self._fonts[False][0])
            self._painter_bold = False
            for row in range(first, last + 1):
                top, height = table.rowViewportPosition(row), table.rowHeight(row)
                if row in special:
                    left += QRect(0, top, table.viewport().width(), height)
                    continue
                self._paint_row(painter, row, top, height, columns)
        finally:
            painter.end()
        return left

    def _columns(self, area: QRect) -> list[tuple[int, int, int]]:
        """(column, left, width) of each shown column ``area`` covers."""
        table = self._table
        first = max(0, table.columnAt(area.left()))
        last = table.columnAt(area.right())
        last = self._model.columnCount() - 1 if last < 0 else last
        return [
            (column, table.columnViewportPosition(column), table.columnWidth(column))
            for column in range(first, last + 1)
            if not table.isColumnHidden(column)
        ]

    def _set_colours(self, painter: QPainter) -> None:
        table = self._table
        palette = table.palette()
        if not table.isEnabled():
            group = QPalette.ColorGroup.Disabled
        elif table.isActiveWindow():
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        painter.setPen(palette.color(group, QPalette.ColorRole.Text))
        self._alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)

    def _paint_row(
        self,
        painter: QPainter,
        row: int,
        top: int,
        height: int,
        columns: list[tuple[int, int, int]],
    ) -> None:
        model, kept = self._model, self._kept
        alternate = row & 1 and self._table.alternatingRowColors()
        margin = self._table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        middle = top + height // 2
        for column, left, width in columns:
            if alternate:
                painter.fillRect(left, top, width, height, self._alternate)
            text = model.cell(row, column)
            if not text:
                continue
            bold = model.is_bold(row, column)
            key = (text, bold, width - 2 * margin)
            font, line_height, ascent = self._fonts[bold]
            if bold != self._painter_bold:  # a kept text is drawn in the font it was made for
                painter.setFont(font)
                self._painter_bold = bold
            # Where the style puts a line of text: its height centred in the row.
            place = QPointF(left + margin, middle - line_height // 2)
            static = kept.get(key)
            if static is not None:
                painter.drawStaticText(place, static)
                continue
            elided = self._seen.get(key)
            if elided is not None:  # seen before: worth keeping
                painter.drawStaticText(place, self._keep(key, elided))
                continue
            # A text seen for the first time (a keystroke brings many): drawn straight
            # away, at the same baseline, which costs half of making it to keep.
            elided = QFontMetrics(font).elidedText(text, _ELIDE, key[2])
            self._remember(key, elided)
            painter.drawText(QPointF(place.x(), place.y() + ascent), elided)

    def _remember(self, key: tuple[str, bool, int], elided: str) -> None:
        if len(self._seen) > KEPT_TEXTS:
            self._seen.clear()
        self._seen[key] = elided

    def _keep(self, key: tuple[str, bool, int], elided: str) -> QStaticText:
        """``elided`` (a cell's text, elided to its width) made to keep, for the next
        paint."""
        if len(self._kept) > KEPT_TEXTS:
            self._kept.clear()
        static = QStaticText(elided)
        static.setTextFormat(_PLAIN)
        self._kept[key] = static
        return static


def _line_height(font: QFont) -> tuple[int, float]:
    """The height of a line of text in ``font`` as the style lays it out, in whole
    pixels (the style centres that height in the row and draws the text at its top),
    and its ascent (from its top to the baseline)."""
    layout = QTextLayout("X", font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1000)
    height, ascent = math.ceil(line.height()), line.ascent()
    layout.endLayout()
    return height, ascent
