"""The GCP2 chart: each area and sub-area of care as a row, its label on the left and
a bar as long as its grade (1, needs met, to 5, needs not met) across five grade
columns, coloured by grade; a dark diamond marks the grade at the previous GCP2.

The chart is a table, one row per area or sub-area, so it is whole at any print
size: a label too long for its column wraps (never cut), the column heads are
short enough for their columns ("Grade 1" when it fits, otherwise the number under
a "Grade" head), a chart taller than the rest of the page continues on the next
with its heads again, and the legend is a paragraph that wraps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from app.dates import uk
from app.documents.layout.colours import (
    ACCENT,
    GRADE_EDGES,
    GRADE_FILLS,
    INK,
    MUTED,
    RULE,
    SOFT_FILL,
)
from app.documents.layout.fonts import fonts
from app.documents.layout.paragraphs import Para
from app.documents.layout.styles import Styles
from app.documents.layout.text import esc

GRADES = 5
BEFORE_MARK = colors.HexColor("#37474f")


@dataclass(frozen=True)
class GradeRow:
    label: str
    grade: int | None
    before: int | None
    is_area: bool
    evidence: str = ""
    suggested: int | None = None


@dataclass(frozen=True)
class _Scale:
    """Sizes and places on the chart: a label column, then five grade columns."""

    styles: Styles
    label_w: float
    bars_w: float
    row_h: float  # the height of a row whose label fits on one line

    @property
    def col_w(self) -> float:
        return self.bars_w / GRADES

    @property
    def text(self) -> float:
        return float(self.styles.cell.fontSize)

    @property
    def small(self) -> float:
        """Heads and the legend: smaller than the labels, except in large print."""
        s = self.styles
        return float(s.small.fontSize) if s.large_print else s.base * 0.8

    @property
    def pad(self) -> float:
        return self.styles.base * 0.3

    def grade_heads_fit(self) -> bool:
        """Whether "Grade 5" fits its column with room either side."""
        needed = float(stringWidth("Grade 5", fonts().bold, self.small)) + self.pad * 2
        return needed <= self.col_w


def grade_chart(
    rows: Sequence[GradeRow],
    width: float,
    styles: Styles,
    *,
    previous_on: dt.date | None = None,
    now_on: dt.date | None = None,
) -> Table:
    """The chart as a table whose rows flow over pages (its heads on each page)."""
    label_share = 0.5 if styles.large_print else 0.46
    scale = _Scale(styles, width * label_share, width * (1 - label_share),
                   styles.base * 1.85)
    labels = [_label(row, scale) for row in rows]
    heights = [max(scale.row_h, p.wrap(scale.label_w - scale.pad * 2, 10_000)[1] + scale.pad * 2)
               for p in labels]
    data: list[list[object]] = [_heads(scale)]
    data += [[p, _bars(row, scale, h)] for row, p, h in zip(rows, labels, heights, strict=True)]
    row_heights: list[float | None] = [None, *heights]
    if previous_on is not None:
        data.append([_legend(scale, previous_on, now_on), ""])
        row_heights.append(None)
    table = Table(data, colWidths=[scale.label_w, scale.bars_w], rowHeights=row_heights,
                  repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(_table_style(rows, scale, legend=previous_on is not None)))
    return table


def _label(row: GradeRow, c: _Scale) -> Para:
    s = c.styles
    style = ParagraphStyle(
        "chart_area" if row.is_area else "chart_sub_area",
        parent=s.cell_bold if row.is_area else s.cell,
        textColor=ACCENT if row.is_area else INK,
        leftIndent=0 if row.is_area else s.base * 0.9,
    )
    return Para(esc(row.label), style)


def _table_style(rows: Sequence[GradeRow], c: _Scale, *, legend: bool) -> list[tuple[object, ...]]:
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts().regular, c.text),
        ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (0, -1), c.pad),
        ("RIGHTPADDING", (0, 0), (0, -1), c.pad),
        ("TOPPADDING", (0, 0), (0, -1), c.pad),
        ("BOTTOMPADDING", (0, 0), (0, -1), c.pad),
        ("LEFTPADDING", (1, 0), (1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (1, 0), (1, -1), 0),
        ("BOTTOMPADDING", (1, 0), (1, -1), 0),
    ]
    for i, row in enumerate(rows, start=1):
        if row.is_area:
            commands.append(("BACKGROUND", (0, i), (-1, i), SOFT_FILL))
            commands.append(("LINEABOVE", (0, i), (-1, i), 0.8, ACCENT))
            # an area stays on the page of its first sub-area
            commands.append(("NOSPLIT", (0, i), (-1, min(i + 1, len(rows)))))
        else:
            commands.append(("LINEBELOW", (0, i), (-1, i), 0.3, RULE))
    commands.append(("LINEBELOW", (0, len(rows)), (-1, len(rows)), 0.8, ACCENT))
    if legend:
        last = len(rows) + 1
        commands += [
            ("SPAN", (0, last), (1, last)),
            ("NOSPLIT", (0, last - 1), (-1, last)),  # the legend with the last row
            ("TOPPADDING", (0, last), (-1, last), c.pad * 2),
            ("LEFTPADDING", (0, last), (-1, last), 0),
            ("RIGHTPADDING", (0, last), (-1, last), 0),
        ]
    return commands


def _heads(c: _Scale) -> list[object]:
    """The head row: what the two ends mean, and the grade of each column."""
    f, small = fonts(), c.small
    named = c.grade_heads_fit()
    line = small * 1.25
    height = line * 2 + c.pad
    d = Drawing(c.bars_w, height, initialFontName=f.regular)
    d.add(String(0, height - small, "needs met", fontName=f.regular, fontSize=small,
                 fillColor=MUTED))
    d.add(String(c.bars_w, height - small, "needs not met", fontName=f.regular,
                 fontSize=small, fillColor=MUTED, textAnchor="end"))
    for g in range(1, GRADES + 1):
        d.add(String(c.col_w * (g - 0.5), c.pad, f"Grade {g}" if named else str(g),
                     fontName=f.bold, fontSize=small, fillColor=INK, textAnchor="middle"))
    if named:
        return ["", d]
    head = ParagraphStyle("chart_head", parent=c.styles.cell_bold, fontSize=small,
                          leading=small * 1.2, alignment=2)  # right, beside the numbers
    return [Para("Grade", head), d]


def _bars(row: GradeRow, c: _Scale, height: float) -> Drawing:
    """One row's grade columns: the grid, the bar and its grade, the diamond of the
    grade before."""
    f, col_w = fonts(), c.col_w
    d = Drawing(c.bars_w, height, initialFontName=f.regular)
    for g in range(GRADES + 1):
        d.add(Line(col_w * g, 0, col_w * g, height, strokeColor=RULE, strokeWidth=0.4))
    text_y = (height - c.text * 0.72) / 2
    pad = c.row_h * (0.16 if row.is_area else 0.22)
    bottom = (height - c.row_h) / 2 + pad  # as tall in every row, in its middle
    if row.grade is not None:
        d.add(Rect(1, bottom, col_w * row.grade - 2, c.row_h - 2 * pad,
                   fillColor=GRADE_FILLS[row.grade], strokeColor=GRADE_EDGES[row.grade],
                   strokeWidth=1.0 if row.is_area else 0.6, rx=2, ry=2))
        d.add(String(col_w * row.grade - c.styles.base * 0.5, text_y, str(row.grade),
                     fontName=f.bold, fontSize=c.text, fillColor=INK, textAnchor="end"))
    else:
        d.add(String(c.styles.base * 0.4, text_y, "not graded", fontName=f.regular,
                     fontSize=c.small, fillColor=MUTED))
    if row.before is not None:
        cx, cy, r = col_w * (row.before - 0.5), height / 2, c.row_h * 0.22
        d.add(Polygon([cx - r, cy, cx, cy + r, cx + r, cy, cx, cy - r],
                      fillColor=BEFORE_MARK, strokeColor=colors.white, strokeWidth=0.8))
    return d


def _legend(c: _Scale, previous_on: dt.date, now_on: dt.date | None) -> Table:
    """What the diamond means, beside a diamond, in words that wrap."""
    small = c.small
    r = small * 0.35
    mark = Drawing(r * 2 + c.pad, small * 1.2, initialFontName=fonts().regular)
    mark.add(Polygon([0, small * 0.4, r, small * 0.4 + r, 2 * r, small * 0.4, r,
                      small * 0.4 - r], fillColor=BEFORE_MARK, strokeColor=None))
    style = ParagraphStyle("chart_legend", parent=c.styles.muted, fontSize=small,
                           leading=small * 1.3, spaceAfter=0)
    words = (f"the grade at the previous GCP2 ({uk(previous_on)}); "
             f"the bars show the grades now ({uk(now_on)})")
    legend = Table([[mark, Para(esc(words), style)]],
                   colWidths=[mark.width, c.label_w + c.bars_w - mark.width], hAlign="LEFT")
    legend.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("FONT", (0, 0), (-1, -1), fonts().regular, small),
    ]))
    return legend
