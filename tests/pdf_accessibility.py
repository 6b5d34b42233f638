"""A PDF a viewer and a screen reader can place: the viewer shows its title
(DisplayDocTitle), its language is set (/Lang en-GB in the catalog), and every font
it uses is embedded in the file (none of the standard 14 a viewer substitutes).

And a tagged PDF (:func:`assert_tagged`): its structure tree read back with pikepdf
and checked against what each page draws (:mod:`tests.pdf_marked_content`)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import pikepdf
import pypdf
from pypdf.generic import BooleanObject, DictionaryObject, IndirectObject

from tests.pdf_marked_content import PageContent, read_page

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _fonts_in(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font in a resource dictionary, including those of forms drawn on the page."""
    resources = _resolved(resources)
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in _resolved(resources.get("/Font", {})).values():
        yield _resolved(font)
    for xobject in _resolved(resources.get("/XObject", {})).values():
        form = _resolved(xobject)
        if form.get("/Subtype") == "/Form" and "/Resources" in form:
            yield from _fonts_in(form["/Resources"], seen)


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = _resolved(font["/DescendantFonts"][0])
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn in the file itself
    descriptor = _resolved(font.get("/FontDescriptor"))
    return descriptor is not None and any(key in descriptor for key in FONT_FILES)


def assert_accessible_basics(content: bytes, what: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog.get("/Lang") == "en-GB", f"{what}: no document language"
    preferences = _resolved(catalog.get("/ViewerPreferences", {}))
    shows_title = preferences.get("/DisplayDocTitle") == BooleanObject(True)
    assert shows_title, f"{what}: the viewer shows the file name, not the title"
    assert reader.metadata is not None and reader.metadata.title, f"{what}: no title"
    seen: set[int] = set()
    fonts = [font for page in reader.pages for font in _fonts_in(page.get("/Resources"), seen)]
    assert fonts, f"{what}: no fonts found"
    for font in fonts:
        assert _embedded(font), f"{what}: font {font.get('/BaseFont')} is not embedded"


# ---------------------------------------------------------------- the structure tree


@dataclass
class Node:
    """A structure element read back: its type, description, attributes, and its
    marked content (page, MCID) and kids in order."""

    role: str
    parent: Node | None
    alt: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    kids: list[Node | tuple[int, int]] = field(default_factory=list)
    text: str = ""

    @property
    def children(self) -> list[Node]:
        return [kid for kid in self.kids if isinstance(kid, Node)]

    @property
    def marks(self) -> list[tuple[int, int]]:
        return [kid for kid in self.kids if isinstance(kid, tuple)]


@dataclass
class Tagged:
    """A tagged PDF read back: its elements in reading order (the tree walked
    depth first) and what each page draws."""

    root: Node
    nodes: list[Node]
    pages: list[PageContent]

    @property
    def roles(self) -> Counter[str]:
        return Counter(node.role for node in self.nodes)

    def texts(self, role: str) -> list[str]:
        return [node.text for node in self.nodes if node.role == role]

    @property
    def artifact_text(self) -> str:
        return " ".join(" ".join(page.artifact_text) for page in self.pages)


def _attributes(value: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in value if isinstance(value, pikepdf.Array) else [value] if value else []:
        found.update({str(k)[1:]: str(v).lstrip("/") for k, v in item.items()})
    return found


def _read_element(element: Any, parent: Node | None, pages: dict[Any, int],
                  owners: dict[tuple[int, int], Any], what: str) -> Node:
    node = Node(str(element.get("/S"))[1:], parent, str(element.get("/Alt", "")),
                _attributes(element.get("/A")))
    default_page = element.get("/Pg")
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
        if isinstance(kid, int):
            assert default_page is not None, f"{what}: an MCID in {node.role} without /Pg"
            mark = (pages[default_page.objgen], int(kid))
        elif kid.get("/Type") == "/MCR":
            mark = (pages[kid.get("/Pg", default_page).objgen], int(kid.MCID))
        else:
            assert kid.P.objgen == element.objgen, f"{what}: a {kid.S} has the wrong /P"
            node.kids.append(_read_element(kid, node, pages, owners, what))
            continue
        assert mark not in owners, f"{what}: marked content {mark} is in the tree twice"
        owners[mark] = element
        node.kids.append(mark)
    return node


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _fill_text(node: Node, pages: list[PageContent]) -> str:
    parts = [pages[kid[0]].texts.get(kid[1], "") if isinstance(kid, tuple)
             else _fill_text(kid, pages) for kid in node.kids]
    node.text = " ".join(" ".join(parts).split())
    return node.text


def read_tagged(content: bytes, what: str) -> Tagged:
    """The structure tree and the pages' marked content, checked against each other:
    every marked-content sequence is in the tree exactly once, every page has its
    entry in the parent tree pointing back at the right elements, and nothing is
    drawn outside marked content or an artifact."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        catalog = pdf.Root
        mark_info = catalog.get("/MarkInfo")
        assert mark_info is not None and bool(mark_info.get("/Marked")), f"{what}: not marked"
        assert "/StructTreeRoot" in catalog, f"{what}: no structure tree"
        tree = catalog.StructTreeRoot
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        owners: dict[tuple[int, int], Any] = {}
        top = tree.K
        top = top[0] if isinstance(top, pikepdf.Array) else top
        assert top.P.objgen == tree.objgen, f"{what}: the Document's /P is not the root"
        root = _read_element(top, None, pages, owners, what)
        contents = [read_page(page) for page in pdf.pages]
        parents = tree.ParentTree.Nums
        numbered = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
        for index, (page, drawn) in enumerate(zip(pdf.pages, contents, strict=True)):
            where = f"{what}, page {index + 1}"
            assert not drawn.problems, f"{where}: {drawn.problems}"
            assert not drawn.unmarked, f"{where}: drawn outside marked content: {drawn.unmarked}"
            assert page.obj.get("/Tabs") == "/S", f"{where}: tab order is not the structure's"
            key = page.obj.get("/StructParents")
            assert key is not None and int(key) in numbered, f"{where}: no parent tree entry"
            entry = numbered[int(key)]
            assert len(entry) == len(drawn.order), f"{where}: parent tree entry is short"
            for mcid in drawn.order:
                owner = owners.get((index, mcid))
                assert owner is not None, f"{where}: MCID {mcid} is not in the structure tree"
                assert entry[mcid].objgen == owner.objgen, f"{where}: MCID {mcid}'s parent"
        drawn_marks = {(i, mcid) for i, page in enumerate(contents) for mcid in page.order}
        assert set(owners) == drawn_marks, f"{what}: the tree points at missing content"
    _fill_text(root, contents)
    return Tagged(root, list(_walk(root)), contents)


def _span(node: Node | tuple[int, int], tagged: Tagged) -> list[tuple[int, int]]:
    """Where a node's marked content sits, as (page, place in the page's content)."""
    if isinstance(node, tuple):
        return [(node[0], tagged.pages[node[0]].order.index(node[1]))]
    return [place for kid in node.kids for place in _span(kid, tagged)]


def _out_of_order(node: Node, tagged: Tagged) -> str | None:
    """Where the tree's reading order leaves the order the pages draw in: each kid
    ends before the next begins (the cells of a row split across pages only begin in
    order, each read to its end in turn), checked all the way down."""
    spans = [span for span in (_span(kid, tagged) for kid in node.kids) if span]
    for before, after in zip(spans, spans[1:], strict=False):
        end = before[0] if node.role == "TR" else max(before)
        if end > min(after):
            return f"in {node.role} ({node.text[:60]!r})"
    return next(filter(None, (_out_of_order(kid, tagged) for kid in node.children)), None)


def assert_tagged(content: bytes, what: str) -> Tagged:
    """A tagged PDF as PDF/UA-1 asks: structure in reading order, headings that start
    at H1 and skip no level, figures described, table headings scoped, lists and
    tables well formed, the PDF/UA identifier and title in the XMP metadata."""
    tagged = read_tagged(content, what)
    assert tagged.root.role == "Document", f"{what}: the tree does not start at Document"
    wrong = _out_of_order(tagged.root, tagged)
    assert wrong is None, f"{what}: the structure is out of reading order {wrong}"
    level = 0
    for node in tagged.nodes:
        if len(node.role) == 2 and node.role[0] == "H" and node.role[1].isdigit():
            assert int(node.role[1]) <= level + 1, f"{what}: {node.role} after H{level}"
            level = int(node.role[1])
        if node.role == "Figure":
            assert node.alt.strip(), f"{what}: a figure without a description"
        if node.role == "TH":
            assert node.attributes.get("Scope") in ("Row", "Column", "Both"), f"{what}: TH scope"
        allowed = {"Table": {"TR"}, "TR": {"TH", "TD"}, "L": {"LI"}, "LI": {"Lbl", "LBody"}}
        if node.role in allowed:
            kinds = {child.role for child in node.children}
            assert kinds <= allowed[node.role], f"{what}: {node.role} holds {kinds}"
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert not pdf.check_pdf_syntax(), f"{what}: {pdf.check_pdf_syntax()}"
        metadata = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in metadata, f"{what}: no PDF/UA identifier"
        title = str(pdf.docinfo.get("/Title", ""))
        assert title and escape(title) in metadata, f"{what}: no dc:title in the XMP metadata"
    return tagged
