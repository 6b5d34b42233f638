"""A line of text drawn straight on the page (a running header's family name) in
whatever scripts it holds: each run in its font, shaped, right to left where it is."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from app.documents.layout import scripts
from app.documents.layout.bidi_lines import Word, strong_direction, visual_order


@dataclass(frozen=True)
class Piece:
    font: str
    text: str
    shaped: bool


def pieces(text: str, font: str) -> list[Piece]:
    """``text`` as pieces to draw from left to right, each in one font."""
    if not scripts.needs_fonts(text):
        return [Piece(font, text, False)]
    bold = font.endswith("Bold")
    line = [Word(w, False, False) for w in text.split()]
    out: list[Piece] = []
    for index, word in enumerate(visual_order(line, strong_direction(text) or "ltr")):
        if index:
            out.append(Piece(font, " ", False))
        runs = scripts.runs(word.text)
        if strong_direction(word.text) == "rtl":
            runs.reverse()
        for run in runs:
            if run.face is None:
                out.append(Piece(font, run.text, False))
            else:
                scripts.face_markup(run)  # registers the face
                name = run.face.family + ("-Bold" if bold else "")
                out.append(Piece(name, run.text, run.face.shaped))
    return out


def _width(piece: Piece, size: float) -> float:
    if piece.shaped:
        glyphs = shapeStr(piece.text, piece.font, size)
        data = getattr(glyphs, "__shapeData__", None)
        if data is not None:
            return float(sum(d.x_advance for d in data)) * size / 1000
    return float(pdfmetrics.stringWidth(piece.text, piece.font, size))


def text_width(text: str, font: str, size: float) -> float:
    return sum(_width(p, size) for p in pieces(text, font))


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw ``text`` from ``x`` rightwards (the canvas's font is left as it was).

    A shaped piece is drawn as HarfBuzz's glyphs in visual order: reportlab's canvas
    shapes text only when its bidi library is installed, which it is not here."""
    for piece in pieces(text, font):
        canvas.setFont(piece.font, size)
        canvas.drawString(x, y, shapeStr(piece.text, piece.font, size)
                          if piece.shaped else piece.text)
        x += _width(piece, size)
    canvas.setFont(font, size)
