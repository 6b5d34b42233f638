"""A figure drawn in the app (QPainter): a bar for each row (the total left out, as it is
the sum of the bars), and, when the figure has a 12-month series, a line by month under
it. Colours come from the palette (readable in a dark one too) and every size from the
font, so the chart grows with the text. Its accessible name and description say what
it shows in words; the table beside it holds the numbers."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.reporting.export_csv import number_text
from app.reporting.figure import Figure, FigureRow, MonthPoint

TOTAL_LABEL = "Total"


def bar_rows(figure: Figure) -> tuple[FigureRow, ...]:
    """The rows drawn as bars: every row but the total (when there are others)."""
    rows = tuple(r for r in figure.rows if r.label != TOTAL_LABEL)
    return rows or figure.rows


def describe(figure: Figure) -> str:
    """The chart in words, for screen readers."""
    bars = "; ".join(f"{r.label}: {number_text(r.value)}" for r in bar_rows(figure))
    text = f"Bar chart of {figure.unit}: {bars or 'nothing counted'}."
    if figure.monthly:
        months = "; ".join(f"{p.month.strftime('%b %Y')}: {number_text(p.value)}"
                           for p in figure.monthly)
        text += f" Line by month, the last 12 months: {months}."
    return text


class FigureChart(QWidget):
    """The chart of one :class:`Figure`."""

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        self.bars = bar_rows(figure)
        self.setAccessibleName(f"Chart: {figure.title}")
        self.setAccessibleDescription(describe(figure))
        self.setToolTip(describe(figure))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _line(self) -> int:
        return self.fontMetrics().height()

    def _bars_height(self) -> int:
        return len(self.bars) * int(self._line() * 1.5) + self._line() // 2

    def _months_height(self) -> int:
        return self._line() * 8 if self.figure.monthly else 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self._line() * 24, self._bars_height() + self._months_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self._line() * 12, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            width = float(self.width())
            self._paint_bars(painter, QRectF(0, 0, width, self._bars_height()))
            if self.figure.monthly:
                area = QRectF(0, self._bars_height(), width, self._months_height())
                self._paint_months(painter, area, self.figure.monthly)
        finally:
            painter.end()

    def _paint_bars(self, painter: QPainter, area: QRectF) -> None:
        palette = self.palette()
        metrics = self.fontMetrics()
        line = self._line()
        step = line * 1.5
        label_width = min(max((metrics.horizontalAdvance(r.label) for r in self.bars),
                              default=0) + line // 2, area.width() * 0.45)
        value_width = max((metrics.horizontalAdvance(number_text(r.value)) for r in self.bars),
                          default=0) + line // 2
        span = max(area.width() - label_width - value_width, 1.0)
        top = max((r.value for r in self.bars), default=0) or 1.0
        text_pen = QPen(palette.color(QPalette.ColorRole.WindowText))
        bar_colour = palette.color(QPalette.ColorRole.Highlight)
        for i, row in enumerate(self.bars):
            y = area.top() + i * step + line // 4
            painter.setPen(text_pen)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight,
                                       int(label_width - line // 2))
            painter.drawText(QRectF(0, y, label_width, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            length = span * max(row.value, 0) / top
            painter.fillRect(QRectF(label_width, y, length, line), bar_colour)
            painter.drawText(QRectF(label_width + length + line / 4, y, value_width, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             number_text(row.value))

    def _paint_months(
        self, painter: QPainter, area: QRectF, points: tuple[MonthPoint, ...]
    ) -> None:
        palette = self.palette()
        line = self._line()
        plot = area.adjusted(line, line * 1.5, -line, -line * 1.5)
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        painter.setPen(QPen(text_colour))
        painter.drawText(QRectF(area.left(), area.top(), area.width(), line * 1.2),
                         Qt.AlignmentFlag.AlignLeft, "By month, the last 12 months")
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        top = max((p.value for p in points), default=0) or 1.0
        gap = plot.width() / max(len(points) - 1, 1)
        spots = [QPointF(plot.left() + i * gap, plot.bottom() - plot.height() * p.value / top)
                 for i, p in enumerate(points)]
        pen = QPen(palette.color(QPalette.ColorRole.Highlight))
        pen.setWidthF(max(line / 8, 2.0))
        painter.setPen(pen)
        painter.drawPolyline(spots)
        painter.setPen(QPen(text_colour))
        for i, (spot, point) in enumerate(zip(spots, points, strict=True)):
            if i % 2 == 0 or i == len(points) - 1:
                painter.drawText(QRectF(spot.x() - line * 1.5, plot.bottom() + line * 0.2,
                                        line * 3, line),
                                 Qt.AlignmentFlag.AlignHCenter, point.month.strftime("%b"))
