"""A document made as a PDF and, from the same drawing, as an accessible web page.

The web page (:mod:`~app.documents.layout.html_copy`) holds what the tagged PDF's
structure holds, in the same order, as plain HTML any screen reader reads in order,
in every script: it is offered beside the PDF wherever a document is saved.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from app.documents.catalogue import render_checked
from app.documents.layout.document_info import RenderOptions
from app.documents.layout.html_copy import copying


class MadeBoth(NamedTuple):
    pdf: bytes
    html: str  # the web page, UTF-8 when written
    unprintable: frozenset[str]  # characters no bundled font has


def render_with_web_page(name: str, data: Any, options: RenderOptions | None = None) -> MadeBoth:
    """Document ``name`` made from ``data``: its PDF, its web page, and the characters
    (if any) the PDF could not print."""
    with copying() as pages:
        pdf, unprintable = render_checked(name, data, options)
    if not pages:  # every document is drawn through layout.pdf.render
        raise RuntimeError(f"The {name} document made no web page.")
    return MadeBoth(pdf, pages[-1], unprintable)
