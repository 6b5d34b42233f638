"""Shaping a word whose letters come from more than one font.

reportlab shapes each word of a paragraph with HarfBuzz (``shapeFragWord``), but
with the font of the word's first fragment only: "(محمد)" would be shaped in the
body font, which has no Arabic letters, and print as boxes. :func:`install` makes
paragraphs shape each font's piece of a word on its own and join the pieces, which
is what reportlab does for a word in one font.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

from app.documents.layout.bidi_lines import strong_direction

_reportlab_shape = ttfonts.shapeFragWord


def _font_of(piece: tuple[Any, str]) -> str | None:
    frag = piece[0]
    return None if hasattr(frag, "cbDefn") else getattr(frag, "fontName", None)


def shape_each_font(word: Any, *args: Any, **kwargs: Any) -> Any:
    """``shapeFragWord`` for a word that may mix fonts: each font's run shaped alone."""
    pieces = list(word[1:])
    names = {name for name in map(_font_of, pieces) if name is not None}
    if len(names) <= 1:
        return _reportlab_shape(word, *args, **kwargs)
    joined = ttfonts.makeShapedFragWord(word)([0.0])
    total = 0.0
    # A piece with no font of its own (an inline image) stays with the run before it.
    last: list[str | None] = [None]

    def key(piece: tuple[Any, str]) -> str | None:
        name = _font_of(piece)
        if name is not None:
            last[0] = name
        return last[0]

    groups = [list(run) for _name, run in groupby(pieces, key=key)]
    text = "".join(t for _f, t in pieces if isinstance(t, str))
    if strong_direction(text) == "rtl":  # "الحسن;": the comma goes on the left
        groups.reverse()
    for parts in groups:
        width = sum(
            pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
            for frag, text in parts
            if _font_of((frag, text)) is not None
        )
        shaped = _reportlab_shape(type(word)([width, *parts]), *args, **kwargs)
        total += shaped[0]
        joined.extend(shaped[1:])
    joined[0] = total
    return joined


def install() -> None:
    """Make paragraphs shape mixed-font words piece by piece (idempotent)."""
    if getattr(paragraph, "shapeFragWord", None) is not shape_each_font:
        paragraph.shapeFragWord = shape_each_font
