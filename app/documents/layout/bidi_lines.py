"""Lines of mixed left-to-right and right-to-left text, in the order they are read.

reportlab lays words out left to right and, without the bidi library it would use
(``rlbidi``, not in the package registry), cannot turn a right-to-left line around.
So a paragraph holding right-to-left letters is broken into lines here, in reading
(logical) order as the Unicode bidi algorithm says, and each line's words are then
put in visual order: words are the unit (HarfBuzz lays out the letters inside each
right-to-left word), a run of right-to-left words is reversed, the numbers and Latin
words inside it keep their own order, and a word with no letters (a dash, a number)
takes the direction of the words on both sides of it, or else the paragraph's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import unescape

_TOKEN = re.compile(r"<br\s*/?>|</?[bi]>|[^<\s]+|\s+")
_ALLOWED_TAG = re.compile(r"<br\s*/?>|</?[bi]>")


@dataclass(frozen=True)
class Word:
    text: str  # plain text
    bold: bool
    italic: bool


BREAK = None  # a forced line break in a list of words


def strong_direction(text: str) -> str | None:
    """'rtl' or 'ltr' by the first letter with a direction, or None for none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def base_direction(text: str) -> str:
    """A paragraph's direction: right to left when it starts with a right-to-left letter
    and most of its letters are (a child's words in Arabic); left to right otherwise,
    as the English document around it is ("محمد الحسن (14 years)" stays left to right)."""
    if strong_direction(text) != "rtl":
        return "ltr"
    kinds = [unicodedata.bidirectional(c) for c in text]
    rtl = sum(k in ("R", "AL") for k in kinds)
    return "rtl" if rtl > sum(k == "L" for k in kinds) else "ltr"


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def words_of(markup: str) -> list[Word | None] | None:
    """The words of simple markup (text, <b>, <i>, <br/>), or None for richer markup."""
    if "<" in _ALLOWED_TAG.sub("", markup):
        return None
    out: list[Word | None] = []
    bold = italic = False
    for match in _TOKEN.finditer(markup):
        token = match.group(0)
        if token.startswith("<br"):
            out.append(BREAK)
        elif token in ("<b>", "</b>"):
            bold = token == "<b>"
        elif token in ("<i>", "</i>"):
            italic = token == "<i>"
        elif not token.isspace():
            out.append(Word(unescape(token), bold, italic))
    return out


def break_lines(
    words: Sequence[Word | None], width: float, measure: Callable[[Word], float], space: float
) -> list[list[Word]]:
    """Fill lines of at most ``width`` in reading order (a word wider than a line has
    one to itself)."""
    lines: list[list[Word]] = []
    current: list[Word] = []
    used = 0.0
    for word in words:
        if word is BREAK:
            lines.append(current)
            current, used = [], 0.0
            continue
        assert word is not None
        w = measure(word)
        if current and used + space + w > width:
            lines.append(current)
            current, used = [], 0.0
        used += (space if current else 0.0) + w
        current.append(word)
    lines.append(current)
    return lines


def visual_order(line: Sequence[Word], base: str) -> list[Word]:
    """One line's words from left to right as they are seen."""
    kinds = [strong_direction(w.text) for w in line]
    resolved: list[str] = []
    for i, kind in enumerate(kinds):
        if kind is not None:
            resolved.append(kind)
            continue
        before = next((k for k in reversed(kinds[:i]) if k), base)
        after = next((k for k in kinds[i + 1:] if k), base)
        resolved.append(before if before == after else base)
    runs: list[tuple[str, list[Word]]] = []
    for word, kind in zip(line, resolved, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(word)
        else:
            runs.append((kind, [word]))
    if base == "rtl":
        runs.reverse()
    out: list[Word] = []
    for kind, run in runs:
        out.extend(reversed(run) if kind == "rtl" else run)
    return out
