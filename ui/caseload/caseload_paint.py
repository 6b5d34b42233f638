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
from typing import Any

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
        # Texts kept to draw again, and texts painted once (elided), by (bold, the
        # width a text has in its column), then by text: a plain cell's column finds its
        # texts once a paint.
        self._kept: dict[tuple[bool, int], dict[str, QStaticText]] = {}
        self._seen: dict[tuple[bool, int], dict[str, str]] = {}
        self._kept_count = self._seen_count = 0
        self._font_key = ""
        self._fonts: tuple[tuple[QFont, int, float, QFontMetrics], ...] = (
            (QFont(), 0, 0.0, QFontMetrics(QFont())),) * 2
        self._painter_bold = False  # the font the painter has now: the bold one or not

    def forget_texts(self) -> None:
        """Forget every text painted: the next paint draws each as if seen for the first
        time (then keeps it, at the paint after)."""
        _forget(self._kept)
        _forget(self._seen)
        self._kept_count = self._seen_count = 0

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
            self._fonts = ((font, *_line_height(font), QFontMetrics(font)),
                           (bold, *_line_height(bold), QFontMetrics(bold)))

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
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        alternating = table.alternatingRowColors() and bool(columns)
        if columns:  # the row's colour spans the columns painted, as the cells' did
            span_left = columns[0][1]
            span_width = columns[-1][1] + columns[-1][2] - span_left
        # Each column's text: where it starts, its width, and the plain texts kept for it.
        places = [(column, x + margin, width - 2 * margin,
                   self._kept.setdefault((False, width - 2 * margin), {}))
                  for column, x, width in columns]
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
                if alternating and row & 1:
                    painter.fillRect(span_left, top, span_width, height, self._alternate)
                self._paint_texts(painter, row, top + height // 2, places)
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

    def _paint_texts(
        self,
        painter: QPainter,
        row: int,
        middle: int,
        places: list[tuple[int, int, int, dict[str, QStaticText]]],
    ) -> None:
        """The texts of a row's columns (``places``), each a line centred on ``middle``.
        Where the style puts a line of text: its height centred in the row."""
        cells = self._model.cells(row)
        bold_column = self._model.bold_column(row)
        top = middle - self._fonts[False][1] // 2
        for column, left, width, kept in places:
            text = cells[column]
            if not text:
                continue
            static = None if column == bold_column else kept.get(text)
            if static is None:
                self._paint_text(painter, text, column == bold_column, left, middle, width)
                continue
            if self._painter_bold:  # a kept text is drawn in the font it was made for
                painter.setFont(self._fonts[False][0])
                self._painter_bold = False
            painter.drawStaticText(left, top, static)

    def _paint_text(
        self, painter: QPainter, text: str, bold: bool, left: int, middle: int, width: int
    ) -> None:
        """A text not kept for its column yet (or in bold), ``width`` wide at most."""
        font, line_height, ascent, metrics = self._fonts[bold]
        if bold != self._painter_bold:
            painter.setFont(font)
            self._painter_bold = bold
        place = QPointF(left, middle - line_height // 2)
        kept = self._kept.setdefault((bold, width), {})
        static = kept.get(text)
        if static is not None:
            painter.drawStaticText(place, static)
            return
        seen = self._seen.setdefault((bold, width), {})
        elided = seen.get(text)
        if elided is not None:  # seen before: worth keeping
            if self._kept_count > KEPT_TEXTS:
                _forget(self._kept)
                self._kept_count = 0
            static = kept[text] = QStaticText(elided)
            static.setTextFormat(_PLAIN)
            self._kept_count += 1
            painter.drawStaticText(place, static)
            return
        # A text seen for the first time (a keystroke brings many): drawn straight
        # away, at the same baseline, which costs half of making it to keep.
        elided = metrics.elidedText(text, _ELIDE, width)
        if self._seen_count > KEPT_TEXTS:
            _forget(self._seen)
            self._seen_count = 0
        seen[text] = elided
        self._seen_count += 1
        painter.drawText(QPointF(left, place.y() + ascent), elided)


def _forget(texts: dict[tuple[bool, int], dict[str, Any]]) -> None:
    """Forget every text kept, each column's in place (a paint under way holds them)."""
    for each in texts.values():
        each.clear()


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
