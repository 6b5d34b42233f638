"""The structure tree written into a PDF reportlab made, so that it is a tagged PDF.

reportlab draws the pages with their content marked (:mod:`~app.documents.layout.tagging`)
but cannot write a structure tree; this adds one with pikepdf, in memory: the
``StructTreeRoot`` with the document's elements in reading order, each pointing at its
marked content on its pages; the ``ParentTree`` from each page's marked content back to
its element (each page's ``StructParents``); ``MarkInfo`` saying the file is tagged;
page tab order following the structure; and XMP metadata with the title and the PDF/UA
identifier. The catalog's language, viewer preferences and outline are kept.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from app.documents.layout.tagging import Element, Marked, Structure
from app.documents.layout.xmp import xmp_packet

STRUCT_ELEM = Name.StructElem


@lru_cache(maxsize=64)
def _name(value: str) -> Name:
    return Name("/" + value)


def write_structure(content: bytes, structure: Structure) -> bytes:
    """``content`` (a PDF drawn with ``structure`` collected) as a tagged PDF."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        pages = [page.obj for page in pdf.pages]
        made: dict[int, Any] = {}
        document = _element(pdf, structure.root, pages, made)
        tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document])))
        document.P = tree
        numbers: list[Any] = []
        for index, page in enumerate(pages):
            owners = structure.pages[index] if index < len(structure.pages) else []
            numbers.append(index)
            numbers.append(pdf.make_indirect(Array([made[id(e)] for e in owners])))
            page.StructParents = index
            page.Tabs = Name.S  # the tab order follows the structure
        tree.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(numbers)))
        tree.ParentTreeNextKey = len(pages)
        catalog = pdf.Root
        catalog.StructTreeRoot = tree
        catalog.MarkInfo = Dictionary(Marked=True, Suspects=False)
        catalog.Metadata = pdf.make_stream(
            xmp_packet({str(k): str(v) for k, v in pdf.docinfo.items()}),
            Type=Name.Metadata, Subtype=Name.XML,
        )
        out = io.BytesIO()
        # reportlab's streams are compressed already: copied as they are
        pdf.save(out, min_version="1.7", compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return out.getvalue()


def _element(pdf: pikepdf.Pdf, element: Element, pages: list[Any],
             made: dict[int, Any]) -> Any:
    """The element as an indirect ``StructElem`` holding its kids in order (its own
    ``/P`` is set by whoever holds it)."""
    entries: dict[str, Any] = {"/Type": STRUCT_ELEM, "/S": _name(element.role)}
    on = {kid.page for kid in element.kids if isinstance(kid, Marked)}
    single_page = len(on) == 1
    if single_page:
        entries["/Pg"] = pages[on.pop()]
    kids: list[Any] = []
    children: list[Any] = []
    for kid in element.kids:
        if isinstance(kid, Marked):
            kids.append(kid.mcid if single_page else
                        Dictionary(Type=Name.MCR, Pg=pages[kid.page], MCID=kid.mcid))
        else:
            child = _element(pdf, kid, pages, made)
            children.append(child)
            kids.append(child)
    if kids:
        entries["/K"] = Array(kids)
    if element.alt:
        entries["/Alt"] = pikepdf.String(element.alt)
    attributes = [Dictionary({"/" + key: _name(value) for key, value in element.attributes})
                  ] if element.attributes else []
    bbox = element.bbox()
    if bbox is not None:
        attributes.append(Dictionary(O=Name.Layout, BBox=Array([round(v, 2) for v in bbox])))
    if attributes:
        entries["/A"] = attributes[0] if len(attributes) == 1 else Array(attributes)
    made_here = pdf.make_indirect(Dictionary(entries))
    for child in children:
        child.P = made_here
    made[id(element)] = made_here
    return made_here
