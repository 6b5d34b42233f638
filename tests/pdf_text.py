"""Reading a PDF back for the document tests: its pages' text and outline, and the
furniture every printed page carries."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import pypdf

from tests.builders import TODAY


@dataclass(frozen=True)
class Pdf:
    """A PDF read back: its pages' text (whitespace evened out) and outline."""

    content: bytes
    pages: tuple[str, ...]
    outline: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)


def _titles(items: Any) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out.extend(_titles(item))
        else:
            out.append(str(item.title))
    return out


def read_pdf(content: bytes) -> Pdf:
    assert content.startswith(b"%PDF-"), "not a PDF"
    reader = pypdf.PdfReader(io.BytesIO(content))
    pages = tuple(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return Pdf(content, pages, tuple(_titles(reader.outline)))


def flat(text: str) -> str:
    """Text as it reads in an extracted PDF (whitespace evened out)."""
    return " ".join(text.split())


def uk(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


def assert_page_furniture(pdf: Pdf, reference: str, stamp: str) -> None:
    """Every page: the family reference, the date printed, the record version, "Page k of N"."""
    total = pdf.page_count
    for number, text in enumerate(pdf.pages, start=1):
        assert f"Family {reference}" in text, f"page {number} lacks the family reference"
        # The run's day, or the computer's (a ``hearth print`` process run after midnight).
        printed = {f"Printed {uk(day)}" for day in (TODAY, dt.date.today())}
        assert any(p in text for p in printed), f"page {number} lacks the date printed"
        assert stamp in text, f"page {number} lacks {stamp!r}"
        assert f"Page {number} of {total}" in text, f"page {number} lacks its page number"
