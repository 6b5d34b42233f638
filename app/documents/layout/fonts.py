"""The document font family: a readable sans-serif with embedded glyphs, registered once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# A readable sans-serif with wide coverage, looked for where each system keeps
# it; reportlab's own Bitstream Vera (always present) when none is found. Each is
# a TrueType file, embedded (subset) in every PDF that uses it.
_FONT_CANDIDATES: tuple[tuple[str, str, str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-BoldItalic.ttf",
    ),
    (
        "C:/Windows/Fonts/arial.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
        "C:/Windows/Fonts/ariali.ttf",
        "C:/Windows/Fonts/arialbi.ttf",
    ),
    (
        "/Library/Fonts/Arial.ttf",
        "/Library/Fonts/Arial Bold.ttf",
        "/Library/Fonts/Arial Italic.ttf",
        "/Library/Fonts/Arial Bold Italic.ttf",
    ),
)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """Register the document font family once; return its face names."""
    import reportlab

    bundled = Path(reportlab.__file__).resolve().parent / "fonts"
    choices = list(_FONT_CANDIDATES) + [
        (
            str(bundled / "Vera.ttf"),
            str(bundled / "VeraBd.ttf"),
            str(bundled / "VeraIt.ttf"),
            str(bundled / "VeraBI.ttf"),
        )
    ]
    for regular, bold, italic, bold_italic in choices:
        if not all(os.path.exists(p) for p in (regular, bold, italic, bold_italic)):
            continue
        try:
            pdfmetrics.registerFont(TTFont("HearthSans", regular))
            pdfmetrics.registerFont(TTFont("HearthSans-Bold", bold))
            pdfmetrics.registerFont(TTFont("HearthSans-Italic", italic))
            pdfmetrics.registerFont(TTFont("HearthSans-BoldItalic", bold_italic))
        except Exception:  # noqa: BLE001 - a damaged font file: try the next family
            continue
        pdfmetrics.registerFontFamily(
            "HearthSans",
            normal="HearthSans",
            bold="HearthSans-Bold",
            italic="HearthSans-Italic",
            boldItalic="HearthSans-BoldItalic",
        )
        return Fonts("HearthSans", "HearthSans-Bold", "HearthSans-Italic")
    # Never fall back to the standard 14 fonts: they are not embedded in the file.
    raise RuntimeError(  # pragma: no cover - reportlab always ships Bitstream Vera
        "No font family to embed in documents was found (not even reportlab's own)."
    )
