"""A document laid out on its pages and returned as PDF bytes.

The page total is known only once the whole document has been laid out, so pages are
held back and their furniture is drawn when the document is saved
(:class:`~app.documents.layout.numbered_canvas.NumberedCanvas`).

Text is set in a readable sans-serif whose glyphs are embedded (no font in the file
is one of the standard 14 a viewer would substitute); ``large_print`` raises the body
size from 11pt to 16pt, and every other text to at least 16pt, for readers who need
it. A block kept together moves to the next page only when that leaves little blank
(:mod:`~app.documents.layout.keeping`). Headings become bookmarks and
entries in the PDF outline; the document has a title that viewers show
(``DisplayDocTitle``) and a language (``en-GB``); tables repeat their header row on
each page and split long rows rather than clipping them.

The PDF is tagged (aiming at PDF/UA-1): headings, paragraphs, lists, tables and
figures described in words are structure elements in reading order, collected as the
pages are drawn (:mod:`~app.documents.layout.tagging`) and written into the file
afterwards (:mod:`~app.documents.layout.structure_tree`); page furniture is an artifact.
The same record makes the document's web page copy when one is wanted
(:mod:`~app.documents.layout.html_copy`).

With a letterhead among the options (the catalogue always gives one), the council's
name and logo stand above the first page's title and a Contact box closes the document
(:mod:`app.documents.layout.council_blocks`).

Nothing here touches the store or Qt: :func:`render` takes a story built from plain
data and returns the PDF as bytes, made in memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    PageTemplate,
)

from app.dates import today
from app.documents.layout.council_blocks import build_with_letterhead
from app.documents.layout.document_info import DocumentInfo, RenderOptions
from app.documents.layout.fonts import fonts
from app.documents.layout.html_copy import document_title, offer
from app.documents.layout.keeping import KeptWithNext
from app.documents.layout.numbered_canvas import NumberedCanvas
from app.documents.layout.page import PageFurniture, PageGeometry, geometry
from app.documents.layout.story import Story
from app.documents.layout.structure_tree import write_structure
from app.documents.layout.styles import make_styles
from app.documents.layout.tagging import Structure, TaggingFrame


def render(
    info: DocumentInfo,
    build: Callable[[Story], None],
    options: RenderOptions | None = None,
    *,
    wide: bool = False,
) -> bytes:
    """Lay out a document and return its PDF bytes (made in memory, never on disk).

    ``build`` fills a :class:`Story` (its ``s`` are the styles for the chosen
    print size; its ``width`` is the text width). ``wide`` turns the pages to
    landscape, for maps drawn across the page.
    """
    options = options or RenderOptions()
    styles = make_styles(options.large_print)
    g = geometry(options.large_print, wide)
    story = Story(styles, g.frame_width)
    build_with_letterhead(story, build, options.letterhead)
    f = fonts()
    furniture = PageFurniture(
        info=info,
        printed_on=options.printed_on or today(),
        geometry=g,
        font=f.regular,
        bold=f.bold,
        size=styles.furniture_size,
    )
    buffer = io.BytesIO()
    doc = _template(buffer, info, g)
    structure = Structure()

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        canvas = NumberedCanvas(*args, furniture=furniture, **kwargs)
        canvas.structure = structure  # what is drawn is marked in the structure
        canvas.showOutline()
        # Viewers show the document's title, not its file name.
        canvas.setViewerPreference("DisplayDocTitle", "true")
        return canvas

    doc.build(story.items, canvasmaker=canvasmaker)
    council = options.letterhead.council.name if options.letterhead else ""
    offer(info, furniture.printed_on, structure, council)  # its web page, when one is wanted
    return write_structure(buffer.getvalue(), structure)


def _template(buffer: io.BytesIO, info: DocumentInfo, g: PageGeometry) -> BaseDocTemplate:
    """The document's pages: one frame of text, whose flowables mark what they draw."""
    doc = BaseDocTemplate(
        buffer,
        pagesize=g.size,
        leftMargin=g.left,
        rightMargin=g.right,
        topMargin=g.top,
        bottomMargin=g.bottom,
        title=document_title(info),
        author=info.author or "Hearth",
        subject=info.subject or info.title,
        creator="Hearth",
        lang="en-GB",
        initialFontName=fonts().regular,
    )
    frame = TaggingFrame(g.left, g.bottom, g.frame_width, g.frame_height, id="text",
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    # A heading is kept with what follows it, but not at the price of a blank page.
    doc.keepTogetherClass = KeptWithNext
    return doc
