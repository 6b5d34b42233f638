"""The page: its size and margins, and the furniture drawn on every page.

Every page carries the family's reference and the document's title at the top, and
at the foot the date it was printed, the version of the record it was made from
("Made from record version 12", or, for a record not yet synced, when it was last
changed) and "Page 2 of 3".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app.dates import uk
from app.documents.layout.canvas_text import draw_text, text_width
from app.documents.layout.colours import ACCENT, INK, MUTED, RULE
from app.documents.layout.document_info import DocumentInfo


@dataclass(frozen=True)
class PageGeometry:
    size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def frame_width(self) -> float:
        return self.size[0] - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.size[1] - self.top - self.bottom


def geometry(large_print: bool, wide: bool = False) -> PageGeometry:
    size = landscape(A4) if wide else A4
    side = 16 * mm if large_print else 20 * mm
    return PageGeometry(
        size=size,
        left=side,
        right=side,
        top=(30 if large_print else 24) * mm,
        bottom=(31 if large_print else 22) * mm,
    )


@dataclass(frozen=True)
class PageFurniture:
    info: DocumentInfo
    printed_on: dt.date
    geometry: PageGeometry
    font: str
    bold: str
    size: float

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        g = self.geometry
        width, height = g.size
        left, right = g.left, width - g.right
        size = self.size
        canvas.saveState()
        # header: family reference (left; none on a team's report), document title
        # (right), a rule below
        y = height - g.top + size * 2.2
        canvas.setFillColor(ACCENT)
        canvas.setFont(self.bold, size)
        ref = self.info.family_reference
        reference = f"Family {ref}" if ref else ""
        canvas.drawString(left, y, reference)
        canvas.setFont(self.font, size)
        canvas.setFillColor(MUTED)
        title = _fit(self.info.title, self.font, size, (right - left) / 2)
        name = self.info.family_name
        name_at = left + pdfmetrics.stringWidth(reference, self.bold, size) + size
        room = right - pdfmetrics.stringWidth(title, self.font, size) - size - name_at
        if name and text_width(name, self.font, size) <= room:
            # Whole or not at all (the first page's title says it in full): a running
            # header never cuts a name.
            draw_text(canvas, name_at, y, name, self.font, size)
        canvas.drawRightString(right, y, title)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, y - size * 0.7, right, y - size * 0.7)
        # footer: printed date and record version (left), page X of Y (right)
        page_text = f"Page {page} of {total}"
        page_width = pdfmetrics.stringWidth(page_text, self.bold, size)
        facts = f"Printed {uk(self.printed_on)}. {self.info.stamp.text()}."
        y = g.bottom - size * 2.6
        canvas.line(left, y + size * 1.4, right, y + size * 1.4)
        canvas.setFillColor(MUTED)
        canvas.setFont(self.font, size)
        room = right - left - page_width - size * 2
        if pdfmetrics.stringWidth(facts, self.font, size) <= room:
            canvas.drawString(left, y, facts)
        else:
            first, second = _split_line(facts, self.font, size, room)
            canvas.drawString(left, y, first)
            canvas.drawString(left, y - size * 1.3, second)
        canvas.setFillColor(INK)
        canvas.setFont(self.bold, size)
        canvas.drawRightString(right, y, page_text)
        canvas.restoreState()


def _fit(text: str, font: str, size: float, room: float) -> str:
    """Text shortened with an ellipsis to fit ``room`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _split_line(text: str, font: str, size: float, room: float) -> tuple[str, str]:
    words = text.split(" ")
    first: list[str] = []
    while words and pdfmetrics.stringWidth(" ".join(first + [words[0]]), font, size) <= room:
        first.append(words.pop(0))
    if not first:
        first.append(words.pop(0))
    return " ".join(first), " ".join(words)
