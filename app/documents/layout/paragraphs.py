"""A paragraph that prints every script: each run in its font, shaped, and right to left
where the script is.

Text the body font prints alone goes straight to reportlab. Otherwise each run of
another script is wrapped in its font (:mod:`scripts`) and the paragraph is shaped
with HarfBuzz. A paragraph holding right-to-left letters is also broken into lines
here and each line set in visual order (:mod:`bidi_lines`); one whose first letter is
right to left (a child's words in Arabic, Urdu or Hebrew) is set flush right.

A paragraph keeps its text as typed (``logical``: plain, in logical order, NFC) and
whether its drawing no longer says it (``rewritten``: a conjunct shaped into one glyph
with no character, a right-to-left line drawn in visual order); its structure element
then carries that text as ``/ActualText`` (:mod:`~app.documents.layout.structure_tree`),
and the web page copy of the document (:mod:`~app.documents.layout.html_copy`) prints it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from app.documents.layout import bidi_lines, scripts, shaping
from app.documents.layout.bidi_lines import Word

shaping.install()

_TAG = re.compile(r"(<[^>]*>|&#?\w+;)")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
# Lines are filled a little short of the frame: a shaped word can be a little
# wider than its letters measured one by one, and reportlab must not break them again.
_FILL = 0.96


def fonted(markup: str) -> tuple[str, bool]:
    """``markup`` with each run that the body font cannot print wrapped in its
    script's font, and whether the result needs shaping."""
    if not scripts.needs_fonts(markup):
        return markup, False
    out: list[str] = []
    needs_shaping = False
    for part in _TAG.split(markup):
        if not part or _TAG.fullmatch(part):
            out.append(part)
            continue
        found = scripts.runs(part)
        needs_shaping = needs_shaping or scripts.shaped(found)
        out.extend(scripts.face_markup(run) for run in found)
    return "".join(out), needs_shaping


def logical_text(markup: str) -> str:
    """The plain text of reportlab ``markup`` as typed: tags dropped, entities read,
    spaces collapsed, a line break kept as a new line, in Unicode's composed form."""
    text = html.unescape(_ANY_TAG.sub("", _BREAK.sub("\n", markup)))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


def _font_name(style: ParagraphStyle, word: Word, run: scripts.Run) -> str:
    if run.face is not None:
        scripts.face_markup(run)  # registers the face
        return run.face.family + ("-Bold" if word.bold else "")
    family, bold, italic = ps2tt(style.fontName)
    return str(tt2ps(family, bold or word.bold, italic or word.italic))


def _word_markup(word: Word) -> str:
    text = fonted(escape(word.text))[0]
    if word.bold:
        text = f"<b>{text}</b>"
    if word.italic:
        text = f"<i>{text}</i>"
    return text


class Para(Paragraph):
    """A paragraph of escaped markup (as for reportlab's) in whatever scripts it holds."""

    def __init__(self, text: str | None, style: ParagraphStyle, **kwargs: Any) -> None:
        self._words: list[Word | None] | None = None
        self._base = "ltr"
        self._width = -1.0
        # The last wrap: its width and its answer (see wrap).
        self._wrapped: tuple[float, tuple[float, float]] | None = None
        self.logical = ""  # the text as typed (a piece of a split paragraph: the whole's)
        self.rewritten = False  # drawn in glyphs or an order that do not read back as typed
        self.kind = style.name  # its style's name (a label, a callout...), for the web page
        if text is not None and kwargs.get("frags") is None:
            self.logical = logical_text(text)
            self.rewritten = bidi_lines.has_rtl(text) or scripts.needs_fonts(text)
            words = bidi_lines.words_of(text) if bidi_lines.has_rtl(text) else None
            if words is not None:
                self._words = words
                self._base = bidi_lines.base_direction(
                    " ".join(w.text for w in words if w is not None)
                )
                right = {"alignment": TA_RIGHT} if self._base == "rtl" else {}
                style = ParagraphStyle(style.name + "_bidi", parent=style, shaping=1, **right)
            text, needs_shaping = fonted(text)
            if needs_shaping and not getattr(style, "shaping", 0):
                style = ParagraphStyle(style.name + "_shaped", parent=style, shaping=1)
        super().__init__(text, style, **kwargs)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        self._wrapped = None  # (a split may wrap it again, and change it)
        pieces: list[Any] = super().split(availWidth, availHeight)
        for piece in pieces:
            if isinstance(piece, Para) and piece is not self:
                piece.logical, piece.rewritten = self.logical, self.rewritten
                piece.kind = self.kind
        return pieces

    def _measure(self, word: Word) -> float:
        size = self.style.fontSize
        return sum(
            float(pdfmetrics.stringWidth(run.text, _font_name(self.style, word, run), size))
            for run in scripts.runs(word.text)
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._words is not None and abs(availWidth - self._width) > 0.5:
            self._width = availWidth
            space = pdfmetrics.stringWidth(" ", self.style.fontName, self.style.fontSize)
            lines = bidi_lines.break_lines(
                self._words, availWidth * _FILL, self._measure, space
            )
            markup = "<br/>".join(
                " ".join(_word_markup(w) for w in bidi_lines.visual_order(line, self._base))
                for line in lines
            )
            self._setup(markup, self.style, self.bulletText, None, lambda text: text)
            self._wrapped = None
        # A table works out its rows' heights by wrapping each cell, and wraps them again
        # to split and to draw: the same width breaks the same lines (the height offered
        # plays no part), so the last answer is given again.
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        answer: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, answer)
        return answer
