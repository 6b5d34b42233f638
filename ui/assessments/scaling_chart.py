"""A chart of each participant's 0-10 Signs of Safety scaling over a family's mappings,
one line per person, drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)

from app.dates import uk
from app.forms.scoring import ScaleLabels, ScalingSeries

from ui.widgets.theme import line_colour, series_colour, text_colour

ROLE_WORDS = {
    "worker": "worker",
    "parent": "parent or carer",
    "child": "child or young person",
    "agency": "another agency",
}


def participant_text(name: str, role: str, labels: Mapping[str, str] | None = None) -> str:
    """"Sam (parent or carer)": a council's own role by its option's label (``labels``),
    never by its code."""
    words = ROLE_WORDS.get(role) or (labels or {}).get(role, "").lower()
    if name and words:
        return f"{name} ({words})"
    return name or words or "Someone"



class ScalingChart(QWidget):
    """Each participant's score (0-10) at each mapping, one line per person."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scalingChart")
        self.series: tuple[ScalingSeries, ...] = ()
        self.labels = ScaleLabels(0, 10, "", "")
        self.setMinimumHeight(300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_series(
        self, series: Sequence[ScalingSeries], labels: ScaleLabels | None = None
    ) -> None:
        self.series = tuple(series)
        if labels is not None:
            self.labels = labels
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(900, 340)

    def dates(self) -> list[dt.date]:
        return sorted({point.when for s in self.series for point in s.points})

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        font = QFont(self.font())
        painter.setFont(font)
        metrics = QFontMetrics(font)
        legend_width = self._legend_width(metrics)
        left = metrics.horizontalAdvance("10") + 24
        top = 16
        right = self.width() - legend_width - 24
        bottom = self.height() - metrics.height() * 2 - 16
        plot = QRectF(left, top, max(40.0, right - left), max(40.0, bottom - top))
        self._draw_axes(painter, metrics, plot, left)
        dates = self.dates()
        if not dates:
            painter.setPen(QColor(text_colour("hint")))
            painter.drawText(
                plot,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                "No completed safety mapping with scores yet.",
            )
            painter.end()
            return
        xs = {day: self._x(index, len(dates), plot) for index, day in enumerate(dates)}
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        for day, x in xs.items():
            text = uk(day)
            width = metrics.horizontalAdvance(text)
            painter.drawText(QPointF(x - width / 2, plot.bottom() + metrics.height() + 4), text)
        self._draw_series(painter, xs, plot)
        self._draw_legend(painter, metrics, self.width() - legend_width, top + metrics.height())
        painter.end()

    def _draw_axes(
        self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, left: float
    ) -> None:
        """The grid and the score axis."""
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Midlight), 1))
        for score in range(self.labels.minimum, self.labels.maximum + 1):
            y = self._y(score, plot)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(score),
            )
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Midlight), 1))
        painter.setPen(QPen(QColor(line_colour()), 1.5))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

    def _draw_series(self, painter: QPainter, xs: Mapping[dt.date, float], plot: QRectF) -> None:
        """One line per participant; a small offset keeps equal scores apart."""
        for index, series in enumerate(self.series):
            colour = QColor(series_colour(index))
            offset = (index - (len(self.series) - 1) / 2) * 3
            points = [QPointF(xs[p.when] + offset, self._y(p.score, plot)) for p in series.points]
            painter.setPen(QPen(colour, 2.5))
            for a, b in pairwise(points):
                painter.drawLine(a, b)
            painter.setBrush(colour)
            for point, value in zip(points, series.points, strict=True):
                painter.drawEllipse(point, 5, 5)
                painter.drawText(QPointF(point.x() + 8, point.y() - 6), str(value.score))
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_legend(self, painter: QPainter, metrics: QFontMetrics, x0: float, y: float) -> None:
        for index, series in enumerate(self.series):
            colour = QColor(series_colour(index))
            painter.setPen(QPen(colour, 3))
            painter.drawLine(
                QPointF(x0, y - metrics.ascent() / 2), QPointF(x0 + 22, y - metrics.ascent() / 2)
            )
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            text = participant_text(series.name, series.role)
            if series.change is not None:
                text += f"  ({series.change:+d})"
            painter.drawText(QPointF(x0 + 30, y), text)
            y += metrics.height() + 8

    def _legend_width(self, metrics: QFontMetrics) -> int:
        widest = 0
        for series in self.series:
            text = participant_text(series.name, series.role) + "  (+10)"
            widest = max(widest, metrics.horizontalAdvance(text))
        return min(max(widest + 40, 160), max(160, self.width() // 3))

    def _y(self, score: float, plot: QRectF) -> float:
        span = max(1, self.labels.maximum - self.labels.minimum)
        return plot.bottom() - (score - self.labels.minimum) / span * plot.height()

    @staticmethod
    def _x(index: int, count: int, plot: QRectF) -> float:
        if count == 1:
            return plot.center().x()
        margin = min(60.0, plot.width() / 8)
        return plot.left() + margin + index * (plot.width() - 2 * margin) / (count - 1)
