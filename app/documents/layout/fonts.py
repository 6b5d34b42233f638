"""The document font family: Noto Sans, bundled, its glyphs embedded, registered once.

Noto Sans prints Latin with every diacritic, Greek and Cyrillic; the fonts for
other scripts are chosen character by character (:mod:`app.documents.layout.scripts`).
Every font is a TrueType file from ``resources/fonts``, embedded (subset) in every PDF
that uses it, so a document prints the same on every computer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.documents.layout.scripts import FONT_DIR


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """Register the document font family once; return its face names."""
    faces = {
        "HearthSans": "NotoSans-Regular.ttf",
        "HearthSans-Bold": "NotoSans-Bold.ttf",
        "HearthSans-Italic": "NotoSans-Italic.ttf",
        "HearthSans-BoldItalic": "NotoSans-BoldItalic.ttf",
    }
    for name, file_name in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file_name)))
    pdfmetrics.registerFontFamily(
        "HearthSans",
        normal="HearthSans",
        bold="HearthSans-Bold",
        italic="HearthSans-Italic",
        boldItalic="HearthSans-BoldItalic",
    )
    return Fonts("HearthSans", "HearthSans-Bold", "HearthSans-Italic")
