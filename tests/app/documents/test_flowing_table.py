"""A long table row that nearly fills a page splits over two pages even when all but a
sliver of it would fit under the repeated heading: reportlab will not leave a piece
shorter than ``splitInRow`` on the next page, so the row splits a little higher."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from app.documents.layout.flowing_table import FlowingTable

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=15)


def test_a_row_all_but_a_sliver_of_which_fits_still_splits() -> None:
    lines = [Paragraph(f"Line {n} of a long answer in the map.", STYLE) for n in range(30)]
    table = FlowingTable([[Paragraph("What are we worried about?", STYLE)], [lines]],
                         colWidths=[300], repeatRows=1, splitInRow=40)
    _, height = table.wrap(300, 10_000)
    parts = table.split(300, height - 5)  # the row's last 5 points would go over
    assert len(parts) == 2
    first_width, first_height = parts[0].wrap(300, height - 5)
    assert first_height <= height - 5
    assert parts[1].wrap(300, 10_000)[1] >= 40  # the rest is at least splitInRow tall
