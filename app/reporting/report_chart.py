"""A figure's bar chart for the team report (reportlab graphics): one bar per row (the
total left out when there are others), its value at the end, in the document's blue."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from app.reporting.export_csv import number_text
from app.reporting.figure import Figure

BAR = colors.HexColor("#2f6690")
LABEL_WIDTH = 150.0
ROW_HEIGHT = 14.0
FONT_SIZE = 8.0


def bar_chart(figure: Figure, width: float) -> Drawing | None:
    """The bars, or None when there is nothing to draw (no rows with a value)."""
    rows = [r for r in figure.rows if r.label != "Total"] or list(figure.rows)
    if not rows or not any(r.value for r in rows):
        return None
    top = max(r.value for r in rows)
    room = max(width - LABEL_WIDTH - 40, 40)
    drawing = Drawing(width, ROW_HEIGHT * len(rows) + 4)
    for index, row in enumerate(rows):
        y = ROW_HEIGHT * (len(rows) - index - 1) + 2
        label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
        drawing.add(String(0, y + 3, label, fontSize=FONT_SIZE))
        length = room * (row.value / top) if top else 0
        drawing.add(Rect(LABEL_WIDTH, y + 1, max(length, 0.5), ROW_HEIGHT - 4,
                         fillColor=BAR, strokeColor=None))
        drawing.add(String(LABEL_WIDTH + length + 4, y + 3, number_text(row.value),
                           fontSize=FONT_SIZE))
    return drawing
