"""Tagged PDF: the structure a screen reader follows, collected while a document is drawn.

reportlab writes no structure tree, so one is collected here as the pages are drawn.
Whatever a flowable draws is wrapped in a marked-content sequence
(``/P <</MCID 3>> BDC ... EMC``) that belongs to a structure element: a heading, a
paragraph, a list item, a table cell (:mod:`~app.documents.layout.tagged_table`), a
figure with its description in words. What only decorates the page (table fills and
rules, the running header and footer, a drawing nobody described) is marked as an
artifact, which a screen reader skips. The pieces of a paragraph split across pages
share one element. :mod:`~app.documents.layout.structure_tree` then writes the elements
into the PDF, in the order they were drawn, which is the reading order.

What a flowable is comes from its kind (a heading is ``H1`` to ``H3`` by its outline
level, a paragraph with a bullet is a list item, any other paragraph a ``P``, a drawing
a ``Figure``) unless :func:`described` or :func:`tag` said otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Frame, Paragraph, Spacer

ARTIFACT = "Artifact"
ARTIFACT_BEGIN = "/Artifact BMC"
PAGINATION_BEGIN = "/Artifact <</Type /Pagination>> BDC"
END = "EMC"
LIST_OF_BULLETS = (("O", "List"), ("ListNumbering", "Disc"))
_TAG = "_hearth_tag"  # the attribute a flowable's tag is kept in


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points on the page


def placed(canvas: Any, x: float, y: float, width: float, height: float) -> Box:
    """Where a box drawn at ``x``, ``y`` in the canvas's current space is on the page."""
    x0, y0 = canvas.absolutePosition(x, y)
    x1, y1 = canvas.absolutePosition(x + width, y + height)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


@dataclass(frozen=True)
class Marked:
    """One marked-content sequence: its page (from 0) and its MCID on that page."""

    page: int
    mcid: int


@dataclass(eq=False)
class Element:
    """A structure element: its type (``P``, ``H1``, ``TD``...), what it holds in
    reading order, for a figure its description in words, and the text it holds as
    typed (``actual_text``: its drawing does not read back as typed, so the tree says)."""

    role: str
    parent: Element | None = None
    alt: str = ""
    attributes: tuple[tuple[str, str], ...] = ()  # (key, name) pairs, "O" (the owner) first
    kids: list[Element | Marked] = field(default_factory=list)
    boxes: list[tuple[int, Box]] = field(default_factory=list)  # a figure's or table's
    text: str = ""
    actual_text: bool = False
    kind: str = ""  # the style its text was set in (``label``, ``callout``...)

    def bbox(self) -> Box | None:
        """Where a figure or table sits when it is all on one page (its layout BBox)."""
        if not self.boxes or len({page for page, _ in self.boxes}) > 1:
            return None
        return (min(b[0] for _, b in self.boxes), min(b[1] for _, b in self.boxes),
                max(b[2] for _, b in self.boxes), max(b[3] for _, b in self.boxes))


@dataclass(eq=False)
class Tag:
    """What a flowable is in the document's structure. The pieces of a flowable split
    across pages share their tag, and so their element."""

    role: str
    alt: str = ""
    element: Element | None = None
    split: bool = False  # shared by the pieces of a flowable split across pages


def tag(flowable: Any, role: str, alt: str = "") -> Any:
    """Give ``flowable`` its place in the structure (``P``, ``Figure``, ``Artifact``...)."""
    vars(flowable)[_TAG] = Tag(role, alt)  # past a Drawing's attribute checks
    return flowable


def described(flowable: Any, words: str) -> Any:
    """A figure a screen reader reads as ``words`` (a chart described in words)."""
    return tag(flowable, "Figure", " ".join(words.split()))


def tag_of(flowable: Any) -> Tag | None:
    """The flowable's tag, made from its kind the first time it is asked for
    (None for what draws nothing, such as a spacer)."""
    found = vars(flowable).get(_TAG)
    if isinstance(found, Tag):
        return found
    role = _role_of(flowable)
    if role is None:
        return None
    made = Tag(role)
    vars(flowable)[_TAG] = made
    return made


def _role_of(flowable: Any) -> str | None:
    if isinstance(flowable, Spacer):
        return None
    level = getattr(flowable, "outline_level", None)  # a Story heading
    if isinstance(level, int):
        return f"H{min(level + 1, 6)}"
    if isinstance(flowable, Drawing):
        return ARTIFACT  # a drawing nobody described is decoration
    if isinstance(flowable, Paragraph) and flowable.bulletText:
        return "LI"
    return "P"


def share_tag(original: Any, pieces: Sequence[Any]) -> None:
    """The pieces ``original`` was split into keep its tag (pieces of another kind,
    such as the contents of a block kept together, keep their own)."""
    new = [p for p in pieces if p is not original and type(p) is type(original)]
    if not new:
        return
    found = tag_of(original)
    if found is not None:
        found.split = True
        for piece in new:
            vars(piece)[_TAG] = found


class Structure:
    """The structure elements of a document being drawn, and which element each
    marked-content sequence on each page belongs to."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.pages: list[list[Element]] = []  # per page, the element of each MCID
        self._last: Element | None = None  # the latest element at the top level

    def element(self, role: str, parent: Element | None = None, *, alt: str = "",
                attributes: tuple[tuple[str, str], ...] = ()) -> Element:
        parent = parent or self.root
        made = Element(role, parent, alt, attributes)
        parent.kids.append(made)
        return made

    def top(self, role: str, alt: str = "") -> Element:
        """A new element at the top level; list items next to each other share a list."""
        if role == "LI":
            if self._last is None or self._last.role != "L":
                self._last = self.element("L", attributes=LIST_OF_BULLETS)
            return self.element("LBody", self.element("LI", self._last))
        self._last = self.element(role, alt=alt)
        return self._last

    def begin(self, canvas: Any, element: Element) -> str:
        """The operator that opens a new marked-content sequence of ``element`` on
        the canvas's current page."""
        page = self.page_of(canvas)
        while len(self.pages) <= page:
            self.pages.append([])
        owners = self.pages[page]
        mcid = len(owners)
        owners.append(element)
        element.kids.append(Marked(page, mcid))
        return f"/{element.role} <</MCID {mcid}>> BDC"

    def page_of(self, canvas: Any) -> int:
        return int(canvas.getPageNumber()) - 1

    def opening(self, flowable: Any, canvas: Any, box: Box,
                parent: Element | None = None) -> str | None:
        """What opens the drawing of ``flowable`` (at ``box`` on the page): a new
        sequence of its element (made the first time: at the top level, or in
        ``parent``), an artifact, or nothing."""
        found = tag_of(flowable)
        if found is None:
            return None
        if found.role == ARTIFACT:
            return ARTIFACT_BEGIN
        if found.element is None:
            if parent is None:
                found.element = self.top(found.role, found.alt)
            else:
                role = "Figure" if found.role == "Figure" else "P"
                found.element = self.element(role, parent, alt=found.alt)
        if found.element.role == "Figure":
            found.element.boxes.append((self.page_of(canvas), box))
        elif not found.element.text:
            found.element.text = str(getattr(flowable, "logical", ""))
            found.element.actual_text = bool(getattr(flowable, "rewritten", False))
            found.element.kind = str(getattr(flowable, "kind", ""))
        return self.begin(canvas, found.element)


def structure_of(canvas: Any) -> Structure | None:
    """The structure being collected on ``canvas`` (None on a canvas that collects none)."""
    found = getattr(canvas, "structure", None)
    return found if isinstance(found, Structure) else None


@contextmanager
def enclosed(canvas: Any, begin: str = ARTIFACT_BEGIN) -> Iterator[None]:
    """What is drawn inside is one marked-content sequence: ``begin`` opens it (by
    default an artifact: decoration or page furniture, not content)."""
    canvas.addLiteral(begin)
    try:
        yield
    finally:
        canvas.addLiteral(END)


@contextmanager
def marking(flowable: Any, opening: Callable[[Any, Box], str | None]) -> Iterator[None]:
    """While inside, drawing ``flowable`` wraps what it draws in the marked-content
    sequence ``opening(canvas, box)`` begins (nothing when that is None), ``box``
    being where the flowable is drawn on the page."""
    draw_on = type(flowable).drawOn

    def marked_draw_on(canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        box = placed(canvas, x, y, getattr(flowable, "width", 0), getattr(flowable, "height", 0))
        begin = opening(canvas, box)
        if begin is None:
            draw_on(flowable, canvas, x, y, _sW)
            return
        canvas.addLiteral(begin)
        draw_on(flowable, canvas, x, y, _sW)
        canvas.addLiteral(END)

    vars(flowable)["drawOn"] = marked_draw_on  # this flowable only, for this drawing
    try:
        yield
    finally:
        vars(flowable).pop("drawOn", None)


class TaggingFrame(Frame):  # type: ignore[misc]  # reportlab's Frame is untyped
    """A frame whose flowables mark what they draw in the canvas's structure."""

    def add(self, flowable: Any, canv: Any, trySplit: int = 0) -> Any:  # noqa: N803
        structure = structure_of(canv)
        if structure is None or getattr(flowable, "tags_itself", False):
            return super().add(flowable, canv, trySplit)
        with marking(flowable, lambda canvas, box: structure.opening(flowable, canvas, box)):
            return super().add(flowable, canv, trySplit)

    def split(self, flowable: Any, canv: Any) -> Any:
        pieces = super().split(flowable, canv)
        share_tag(flowable, pieces)
        return pieces
