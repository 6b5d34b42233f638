"""Table columns widened so that no word is broken in the middle."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Paragraph,
)

from app.documents.layout.fonts import fonts


def longest_word(cell: Any) -> float:
    """The width of the longest word in a cell (a paragraph or a list of them)."""
    items = cell if isinstance(cell, list) else [cell]
    widest = 0.0
    for item in items:
        if not isinstance(item, Paragraph):
            continue
        style = item.style
        text = re.sub(r"<[^>]+>", " ", item.text)
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        font = style.fontName
        if "<b>" in item.text or "Bold" in font:
            font = fonts().bold
        for word in text.split():
            widest = max(widest, pdfmetrics.stringWidth(word, font, style.fontSize))
    return widest


def fit_words(data: Sequence[Sequence[Any]], widths: list[float], pad: float) -> list[float]:
    """Widen any column too narrow for its longest word (so no word is broken
    in the middle), taking the room from the columns with the most to spare."""
    need = [
        max((longest_word(row[i]) for row in data if i < len(row)), default=0.0) + 2 * pad + 1
        for i in range(len(widths))
    ]
    out = list(widths)
    for _ in range(len(out)):
        short = [i for i in range(len(out)) if out[i] < need[i]]
        if not short:
            break
        deficit = sum(need[i] - out[i] for i in short)
        spare = {i: out[i] - need[i] for i in range(len(out)) if out[i] > need[i]}
        available = sum(spare.values())
        if available <= 0:
            break
        take = min(deficit, available)
        for i in short:
            out[i] += (need[i] - out[i]) * take / deficit
        for i, room in spare.items():
            out[i] -= take * room / available
    return out
