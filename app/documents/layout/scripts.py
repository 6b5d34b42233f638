"""Which bundled font prints each character, so every script a family writes in prints.

The body font (Noto Sans) prints Latin with every diacritic, Greek and Cyrillic. A
character it lacks is printed in the font made for its script (Noto Naskh Arabic for
Arabic, Persian and Urdu; Noto Sans for Hebrew, Bengali, Gurmukhi, Devanagari,
Gujarati, Tamil and Ethiopic; Droid Sans Fallback for Chinese, Japanese and Korean),
then in Symbola (symbols and emoji, in black and white). A character no bundled font
has is printed as U+FFFD (a visible "�") and reported, so the worker is told before
the document is printed; nothing is silently dropped.

:func:`fonted` takes paragraph markup (already escaped) and wraps each run of text
that needs another font in ``<font face=...>``; each script's font is registered the
first time a document needs it (the Chinese font takes half a second to read).
"""

from __future__ import annotations

import bisect
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"
REPLACEMENT = "\ufffd"  # printed in place of a character no bundled font has


@dataclass(frozen=True)
class Face:
    """A script's font family: its name in markup and its regular and bold files."""

    family: str
    regular: str
    bold: str
    shaped: bool = True  # needs OpenType shaping (joined letters, conjuncts, marks)


ARABIC = Face("HearthArabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
HEBREW = Face("HearthHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf")
DEVANAGARI = Face(
    "HearthDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"
)
BENGALI = Face("HearthBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf")
GURMUKHI = Face("HearthGurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf")
GUJARATI = Face("HearthGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf")
TAMIL = Face("HearthTamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf")
ETHIOPIC = Face("HearthEthiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf")
CJK = Face("HearthCJK", "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf", shaped=False)
SYMBOLS = Face("HearthSymbols", "Symbola_hint.ttf", "Symbola_hint.ttf", shaped=False)

# Unicode blocks, by their first and last code points, and the face that prints them.
_BLOCKS: tuple[tuple[int, int, Face], ...] = (
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0x0980, 0x09FF, BENGALI),
    (0x0A00, 0x0A7F, GURMUKHI),
    (0x0A80, 0x0AFF, GUJARATI),
    (0x0B80, 0x0BFF, TAMIL),
    (0x1100, 0x11FF, CJK),
    (0x1200, 0x139F, ETHIOPIC),
    (0x1CD0, 0x1CFF, DEVANAGARI),
    (0x2D80, 0x2DDF, ETHIOPIC),
    (0x2E80, 0x2FDF, CJK),
    (0x3000, 0x33FF, CJK),
    (0x3400, 0x4DBF, CJK),
    (0x4E00, 0x9FFF, CJK),
    (0xA8E0, 0xA8FF, DEVANAGARI),
    (0xAB00, 0xAB2F, ETHIOPIC),
    (0xAC00, 0xD7AF, CJK),
    (0xF900, 0xFAFF, CJK),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE30, 0xFE4F, CJK),
    (0xFE70, 0xFEFF, ARABIC),
    (0xFF00, 0xFFEF, CJK),
    (0x20000, 0x2FA1F, CJK),
)
_STARTS = [start for start, _end, _face in _BLOCKS]

# Invisible characters that only ask for a coloured emoji or a joined form: kept with
# the run they are in, never a reason to change font and never reported.
_JOINERS = {0x200C, 0x200D}
_IGNORED = {0xFE0E, 0xFE0F}

_lock = threading.Lock()
_registered: set[str] = set()


def _register(face: Face) -> None:
    """Register ``face`` (regular and bold, and its family) the first time it is used."""
    if face.family in _registered:
        return
    with _lock:
        if face.family in _registered:
            return
        regular, bold = face.family, face.family + "-Bold"
        pdfmetrics.registerFont(TTFont(regular, str(FONT_DIR / face.regular)))
        pdfmetrics.registerFont(TTFont(bold, str(FONT_DIR / face.bold)))
        # Scripts without italics print upright in italic text (never as boxes).
        pdfmetrics.registerFontFamily(
            face.family, normal=regular, bold=bold, italic=regular, boldItalic=bold
        )
        _registered.add(face.family)


@cache
def _glyphs(file_name: str) -> frozenset[int]:
    """The characters a bundled font file has a glyph for: from the font already
    registered for printing when there is one (reading the file again cost a document
    about 40 ms), else from the file."""
    path = str(FONT_DIR / file_name)
    for name in pdfmetrics.getRegisteredFontNames():
        face: Any = getattr(pdfmetrics.getFont(name), "face", None)
        if face is not None and getattr(face, "filename", None) == path:
            return frozenset(face.charToGlyph)
    return frozenset(TTFont("_coverage", path).face.charToGlyph)


def base_glyphs() -> frozenset[int]:
    return _glyphs("NotoSans-Regular.ttf")


@lru_cache(maxsize=4096)
def face_for(code: int) -> Face | None:
    """The face that prints ``code``: None for the body font, SYMBOLS for the last
    resort; :data:`REPLACEMENT` is printed where even that has no glyph (see
    :func:`printable`)."""
    if code in base_glyphs():
        return None
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0:
        start, end, face = _BLOCKS[index]
        if start <= code <= end and code in _glyphs(face.regular):
            return face
    if code in _glyphs(SYMBOLS.regular):
        return SYMBOLS
    if code in _glyphs(CJK.regular):
        return CJK
    return None


def printable(code: int) -> bool:
    """Whether some bundled font has a glyph for ``code``."""
    if code in base_glyphs() or code in _IGNORED:
        return True
    face = face_for(code)
    return face is not None and code in _glyphs(face.regular)


# -- what could not be printed, for the worker to see before printing

_found: ContextVar[set[str] | None] = ContextVar("hearth_unprintable", default=None)


@contextmanager
def unprintable_characters() -> Iterator[set[str]]:
    """Collect, while the block runs, every character a document could not print."""
    found: set[str] = set()
    token = _found.set(found)
    try:
        yield found
    finally:
        _found.reset(token)


def _report(char: str) -> None:
    found = _found.get()
    if found is not None:
        found.add(char)


def describe(chars: set[str] | frozenset[str]) -> str:
    """'U+1FAE0' and so on: code points only, never the words they were in."""
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))


# -- runs of text in one face


@dataclass(frozen=True)
class Run:
    face: Face | None  # None: the body font
    text: str


def _is_neutral(char: str) -> bool:
    """Spaces, punctuation and digits: printed in the font of the text around them."""
    category = unicodedata.category(char)
    return category[0] in "PZN" and ord(char) in base_glyphs()


def runs(text: str) -> list[Run]:
    """``text`` (plain, no markup) cut into runs that each print in one face; spaces,
    punctuation and digits stay with the run around them when its font has them."""
    text = unicodedata.normalize("NFC", text)
    out: list[Run] = []
    face: Face | None = None
    current: list[str] = []
    pending: list[str] = []  # neutrals seen inside a run of another face

    def close() -> None:
        if current:
            out.append(Run(face, "".join(current)))
            current.clear()

    for char in text:
        code = ord(char)
        if code in _IGNORED:
            continue
        if code in _JOINERS:
            (pending if pending else current).append(char)
            continue
        if face is not None and _is_neutral(char):
            pending.append(char)
            continue
        if not printable(code):
            _report(char)
            char, code = REPLACEMENT, ord(REPLACEMENT)
        this = face_for(code)
        if pending:
            glyphs = _glyphs(face.regular) if face is not None else frozenset()
            if this is not face or any(ord(c) not in glyphs for c in pending):
                close()
                face = None
            current.extend(pending)
            pending.clear()
        if this is not face:
            close()
            face = this
        current.append(char)
    close()
    if pending:
        out.append(Run(None, "".join(pending)))
    return out


def needs_fonts(text: str) -> bool:
    """Whether ``text`` has anything the body font cannot print alone."""
    glyphs = base_glyphs()
    return any(ord(c) not in glyphs for c in text)


def face_markup(run: Run, escape_text: bool = False) -> str:
    from xml.sax.saxutils import escape

    body = escape(run.text) if escape_text else run.text
    if run.face is None:
        return body
    _register(run.face)
    return f'<font face="{run.face.family}">{body}</font>'


def shaped(markup_runs: list[Run]) -> bool:
    """Whether these runs need OpenType shaping to print correctly."""
    return any(r.face is not None and r.face.shaped for r in markup_runs) or any(
        unicodedata.category(c) == "Mn" for r in markup_runs for c in r.text
    )
