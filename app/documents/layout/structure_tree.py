"""The structure tree written into a PDF reportlab made, so that it is a tagged PDF.

reportlab draws the pages with their content marked (:mod:`~app.documents.layout.tagging`)
but cannot write a structure tree; this adds one, in memory: the ``StructTreeRoot``
with the document's elements in reading order, each pointing at its marked content on
its pages; the ``ParentTree`` from each page's marked content back to its element
(each page's ``StructParents``); ``MarkInfo`` saying the file is tagged; page tab
order following the structure; and XMP metadata with the title and the PDF/UA
identifier. The catalog's language, viewer preferences and outline are kept.

A long document has thousands of elements, so they are written as PDF text, packed
into a compressed object stream in an update appended to reportlab's file
(:mod:`~app.documents.layout.pdf_update`), rather than built object by object with
pikepdf (a chronology of 300 entries has over 2,000 elements: about 100 ms that way);
pikepdf reads the pages, catalog and trailer the update changes or points back at.
"""

from __future__ import annotations

import io

import pikepdf

from app.documents.layout.pdf_update import Update, name, text_string
from app.documents.layout.tagging import Element, Marked, Structure
from app.documents.layout.xmp import xmp_packet


def write_structure(content: bytes, structure: Structure) -> bytes:
    """``content`` (a PDF drawn with ``structure`` collected) as a tagged PDF."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        update = Update(content, int(pdf.trailer.get("/Size", 0)))
        pages = [int(page.objgen[0]) for page in pdf.pages]
        elements = list(_walk(structure.root))
        numbers = {id(e): update.reserve() for e in elements}
        tree = update.reserve()
        for element in elements:
            parent = numbers[id(element.parent)] if element.parent is not None else tree
            update.add(numbers[id(element)], _element(element, parent, pages, numbers))
        nums = " ".join(
            f"{index} [{' '.join(f'{numbers[id(e)]} 0 R' for e in owners)}]"
            for index, owners in enumerate(structure.pages[: len(pages)]
                                           + [[]] * (len(pages) - len(structure.pages)))
        )
        update.add(tree, f"<</Type/StructTreeRoot/K {numbers[id(structure.root)]} 0 R"
                         f"/ParentTree<</Nums[{nums}]>>/ParentTreeNextKey {len(pages)}>>")
        metadata = update.reserve()
        update.add_stream(metadata, "/Type/Metadata/Subtype/XML", xmp_packet(
            {str(k): str(v) for k, v in pdf.docinfo.items()}))
        for index, page in enumerate(pdf.pages):
            page.obj.StructParents = index
            page.obj.Tabs = pikepdf.Name.S  # the tab order follows the structure
            update.replace(int(page.objgen[0]), page.obj.unparse(resolved=True))
        catalog = pdf.Root
        catalog.MarkInfo = pikepdf.Dictionary(Marked=True)  # no Suspects: none are
        update.replace(int(catalog.objgen[0]), catalog.unparse(resolved=True)[:-2]
                       + f"/StructTreeRoot {tree} 0 R/Metadata {metadata} 0 R>>".encode())
        return update.finish("".join(
            f"{key} {pdf.trailer[key].unparse().decode('latin-1')}"
            for key in ("/Root", "/Info", "/ID") if key in pdf.trailer
        ))


def _walk(element: Element) -> list[Element]:
    """The element and everything under it, in reading order."""
    found = [element]
    for kid in element.kids:
        if isinstance(kid, Element):
            found.extend(_walk(kid))
    return found


def _element(element: Element, parent: int, pages: list[int],
             numbers: dict[int, int]) -> str:
    """The element as a ``StructElem`` holding its kids in order."""
    parts = [f"<</Type/StructElem/S{name(element.role)}/P {parent} 0 R"]
    on = {kid.page for kid in element.kids if isinstance(kid, Marked)}
    single_page = len(on) == 1
    if single_page:
        parts.append(f"/Pg {pages[next(iter(on))]} 0 R")
    kids = [
        (str(kid.mcid) if single_page else
         f"<</Type/MCR/Pg {pages[kid.page]} 0 R/MCID {kid.mcid}>>")
        if isinstance(kid, Marked) else f"{numbers[id(kid)]} 0 R"
        for kid in element.kids
    ]
    if kids:
        parts.append(f"/K[{' '.join(kids)}]")
    if element.alt:
        parts.append(f"/Alt{text_string(element.alt)}")
    if element.actual_text and element.text:  # shaped or reordered: the words as typed
        parts.append(f"/ActualText{text_string(element.text)}")
    attributes = [
        "<<" + "".join(f"{name(key)}{name(value)}" for key, value in element.attributes) + ">>"
    ] if element.attributes else []
    bbox = element.bbox()
    if bbox is not None:
        attributes.append(f"<</O/Layout/BBox[{' '.join(f'{v:.2f}' for v in bbox)}]>>")
    if attributes:
        parts.append("/A" + (attributes[0] if len(attributes) == 1
                             else f"[{' '.join(attributes)}]"))
    return "".join(parts) + ">>"
