"""A figure's bar chart for the team report (reportlab graphics): one bar per row (the
total left out when there are others), its value at the end, in the document's blue."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.documents.layout.fonts import fonts
from app.reporting.export_csv import number_text
from app.reporting.figure import Figure, FigureRow

BAR = colors.HexColor("#2f6690")
LABEL_WIDTH = 150.0
ROW_HEIGHT = 14.0
FONT_SIZE = 8.0


def _charted(figure: Figure) -> list[FigureRow]:
    return [r for r in figure.rows if r.label != "Total"] or list(figure.rows)


def bar_chart_words(figure: Figure) -> str:
    """The chart said in words, for a screen reader: each bar's label and value."""
    bars = "; ".join(f"{r.label}: {number_text(r.value)}" for r in _charted(figure))
    return f"Bar chart of {figure.title} ({figure.unit}). {bars}."


def bar_chart(figure: Figure, width: float) -> Drawing | None:
    """The bars, or None when there is nothing to draw (no rows with a value)."""
    rows = _charted(figure)
    if not rows or not any(r.value for r in rows):
        return None
    top = max(r.value for r in rows)
    room = max(width - LABEL_WIDTH - 40, 40)
    font = fonts().regular  # embedded, like every font in the document
    drawing = Drawing(width, ROW_HEIGHT * len(rows) + 4, initialFontName=font)
    for index, row in enumerate(rows):
        y = ROW_HEIGHT * (len(rows) - index - 1) + 2
        label = _fitted(row.label, font, LABEL_WIDTH - 6)
        drawing.add(String(0, y + 3, label, fontName=font, fontSize=FONT_SIZE))
        length = room * (row.value / top) if top else 0
        drawing.add(Rect(LABEL_WIDTH, y + 1, max(length, 0.5), ROW_HEIGHT - 4,
                         fillColor=BAR, strokeColor=None))
        drawing.add(String(LABEL_WIDTH + length + 4, y + 3, number_text(row.value),
                           fontName=font, fontSize=FONT_SIZE))
    return drawing


def _fitted(label: str, font: str, room: float) -> str:
    """The label, cut with "…" where it would run into the bars."""
    if stringWidth(label, font, FONT_SIZE) <= room:
        return label
    while label and stringWidth(label + "…", font, FONT_SIZE) > room:
        label = label[:-1]
    return label.rstrip() + "…"
