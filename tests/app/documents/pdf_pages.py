"""Each page's text of a PDF, read by poppler's ``pdftotext`` in one run for the whole
document: a test that only looks for words on each page of many long PDFs reads them this
way (pypdf's text extraction takes most of a second for each long plan)."""

from __future__ import annotations

import subprocess


def page_texts(content: bytes) -> tuple[str, ...]:
    """The text of each page, whitespace evened out (as tests/pdf_text.py's ``Pdf.pages``)."""
    assert content.startswith(b"%PDF-"), "not a PDF"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content,
                          capture_output=True, check=True).stdout.decode()
    # pdftotext ends every page (an empty one too) with a form feed.
    return tuple(" ".join(page.split()) for page in text.split("\f")[:-1])
