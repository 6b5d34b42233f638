"""Where text sits on a PDF's pages, for the layout tests: each run of text with the
size it is printed at (pypdf's walk of the content streams, every transformation
applied), and each word's box as poppler's ``pdftotext -bbox`` sees it."""

from __future__ import annotations

import io
import math
import re
import subprocess
from dataclasses import dataclass
from html import unescape
from typing import Any

import pypdf

from app.documents.layout.page import PageGeometry, geometry


@dataclass(frozen=True)
class TextRun:
    page: int  # from 1
    text: str
    size: float  # the printed size in points
    x: float
    y: float  # the baseline, from the foot of the page


@dataclass(frozen=True)
class Word:
    page: int  # from 1
    text: str
    x0: float
    top: float  # from the top of the page
    x1: float
    bottom: float

    def overlaps(self, other: Word) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.top < other.bottom and other.top < self.bottom)


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    runs: tuple[TextRun, ...]

    @property
    def wide(self) -> bool:
        return self.width > self.height

    def geometry(self, large_print: bool) -> PageGeometry:
        return geometry(large_print, self.wide)

    def body_runs(self, large_print: bool) -> list[TextRun]:
        """The runs inside the text frame (not the running header and footer)."""
        g = self.geometry(large_print)
        return [r for r in self.runs if g.bottom - 1 <= r.y <= self.height - g.top + 1]

    def blank_below(self, large_print: bool) -> float:
        """The share of the text frame left blank below the lowest line of text."""
        g = self.geometry(large_print)
        body = self.body_runs(large_print)
        lowest = min((r.y for r in body), default=self.height - g.top)
        return max(lowest - g.bottom, 0.0) / g.frame_height


def _product(a: list[float], b: list[float]) -> list[float]:
    """The 3x2 matrices ``a`` then ``b`` as one (PDF order: a point goes through ``a`` first)."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def pages(content: bytes) -> list[Page]:
    """Every page with its runs of text, each at the size it is printed."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    out: list[Page] = []
    for number, page in enumerate(reader.pages, start=1):
        runs: list[TextRun] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float,
                  number: int = number, runs: list[TextRun] = runs) -> None:
            if not text.strip():
                return
            m = _product([float(v) for v in tm], [float(v) for v in cm])
            scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
            runs.append(TextRun(number, text.strip(), float(size) * scale, m[4], m[5]))

        page.extract_text(visitor_text=visit)
        box = page.mediabox
        out.append(Page(number, float(box.width), float(box.height), tuple(runs)))
    return out


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def words(content: bytes) -> list[Word]:
    """Every word of every page with its box (poppler measures with the real fonts)."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content,
                          capture_output=True, check=True).stdout.decode()
    out: list[Word] = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x0, top, x1, bottom, text in WORD.findall(page):
            out.append(Word(number, unescape(text), float(x0), float(top), float(x1),
                            float(bottom)))
    return out
