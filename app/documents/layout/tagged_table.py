"""A table that marks its cells for the document's structure (tagged PDF).

Each row is a ``TR``, each cell a ``TH`` (in a heading row or column, with its
``Scope``) or a ``TD``; a cell holding several paragraphs has a ``P`` for each, and a
drawing described in words (a scaling dial) is a ``Figure`` in its cell. The table's
fills and rules are artifacts, and so is its heading row repeated at the top of a
later page. A row split across pages is still one row, each of its cells one cell.

reportlab calls the table's ``renderCB`` as it draws (the table starts, its
background, each row and cell, its lines); the callback marks what follows on the
canvas (:mod:`~app.documents.layout.tagging`). A table drawn on a canvas that
collects no structure is drawn as it always was.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Table

from app.documents.layout.tagging import (
    ARTIFACT,
    Box,
    Element,
    Structure,
    enclosed,
    marking,
    placed,
    share_tag,
    structure_of,
    tag_of,
)


@dataclass(eq=False)
class TableTag:
    """One table's structure elements, shared by the pieces it is split into."""

    header_rows: int
    header_columns: int
    element: Element | None = None
    rows: dict[int, Element] = field(default_factory=dict)
    cells: dict[tuple[int, int], Element] = field(default_factory=dict)

    def table(self, structure: Structure) -> Element:
        """The table's element, made the first time a piece of it is drawn."""
        if self.element is None:
            self.element = structure.top("Table")
        return self.element

    def cell(self, structure: Structure, row: int, column: int) -> Element:
        """The element of the cell in ``row`` and ``column`` (rows counted in the whole
        table), made with its row the first time it is drawn."""
        found = self.cells.get((row, column))
        if found is not None:
            return found
        tr = self.rows.get(row)
        if tr is None:
            tr = self.rows[row] = structure.element("TR", self.table(structure))
        scope = "Column" if row < self.header_rows else (
            "Row" if column < self.header_columns else "")
        attributes = (("O", "Table"), ("Scope", scope)) if scope else ()
        found = structure.element("TH" if scope else "TD", tr, attributes=attributes)
        self.cells[(row, column)] = found
        return found


def table_events(table: Any, event: str, *args: Any) -> None:
    """reportlab's table drawing callback (``renderCB``): marks what the table draws."""
    canvas = table.canv
    structure = structure_of(canvas)
    if structure is None:
        return
    if event == "startTable":  # the canvas's origin is the table's corner
        box = placed(canvas, 0, 0, table._width, table._height)
        table.table_tag.table(structure).boxes.append((structure.page_of(canvas), box))
    elif event in ("startBG", "startLines"):
        marks = ExitStack()
        marks.enter_context(enclosed(canvas))
        vars(table)["open_marks"] = marks
    elif event == "startCell":
        vars(table)["open_marks"] = _start_cell(structure, table, *args[:3])
    elif event in ("endBG", "endLines", "endCell"):
        opened = vars(table).pop("open_marks", None)
        if isinstance(opened, ExitStack):
            opened.close()


def _start_cell(structure: Structure, table: Any, row_no: int, column: int,
                value: Any) -> ExitStack:
    """Open what the cell's drawing is marked with (closed at the cell's end)."""
    canvas = table.canv
    marks = ExitStack()
    ids: list[int | None] = getattr(table, "row_ids", [])
    row = ids[row_no] if row_no < len(ids) else None
    if row is None:  # the heading row again, on a later page
        marks.enter_context(enclosed(canvas))
        return marks
    cell = table.table_tag.cell(structure, row, column)
    if not isinstance(value, (list, tuple, Flowable)):  # plain text
        if str(value).strip():
            cell.text = cell.text or " ".join(str(value).split())
            marks.enter_context(enclosed(canvas, structure.begin(canvas, cell)))
        else:
            marks.enter_context(enclosed(canvas))  # an empty cell draws an empty string
        return marks
    items = [item for item in (value if isinstance(value, (list, tuple)) else [value])
             if tag_of(item) is not None]
    if len(items) == 1:
        only = tag_of(items[0])
        # One paragraph, whole: its text is the cell's own (a piece of one split
        # across pages is still the paragraph it came from).
        if (only is not None and only.element is None and not only.split
                and only.role not in ("Figure", ARTIFACT)):
            only.element = cell
    for item in items:
        marks.enter_context(marking(item, _opener(structure, item, cell)))
    return marks


def _opener(structure: Structure, item: Any, cell: Element) -> Callable[[Any, Box], str | None]:
    """What opens the drawing of ``item``, a flowable in ``cell``."""
    return lambda canvas, box: structure.opening(item, canvas, box, cell)


class TaggedTable(Table):  # type: ignore[misc]  # reportlab's Table is untyped
    """A table whose cells are marked in the document's structure: ``header_rows``
    rows of column headings at the top, ``header_columns`` columns of row headings
    at the left (a label beside its value)."""

    tags_itself = True  # the frame leaves the marking to the table

    def __init__(self, data: Any, *args: Any, header_rows: int = 0, header_columns: int = 0,
                 **kwargs: Any) -> None:
        kwargs.setdefault("renderCB", table_events)
        super().__init__(data, *args, **kwargs)
        self.table_tag = TableTag(header_rows, header_columns)
        # which row of the whole table each row is (None: a heading row repeated)
        self.row_ids: list[int | None] = list(range(len(getattr(self, "_cellvalues", ()))))

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> list[Any]:  # noqa: N803
        pieces: list[Any] = super()._splitRows(availHeight, doInRowSplit)
        if len(pieces) == 2:
            first, rest = pieces
            ids = self.row_ids
            first.row_ids = ids[: len(first._cellvalues)]
            repeated = rest.repeatRows
            repeated = repeated if isinstance(repeated, int) else len(repeated)
            tail = len(rest._cellvalues) - repeated  # the rows after the headings
            rest.row_ids = [None] * repeated + ids[max(len(ids) - tail, 0):]
            first.table_tag = rest.table_tag = self.table_tag
        return pieces

    def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float,  # noqa: N803
                   width: float) -> Any:
        halves = super()._splitCell(value, style, oldHeight, newHeight, width)
        if halves and isinstance(value, (list, tuple)):
            whole = {id(item) for item in value}
            kept = {id(item) for item in halves[0]}
            split = next((item for item in value if id(item) not in kept), None)
            pieces = [p for half in halves for p in half if id(p) not in whole]
            if split is not None and pieces:
                share_tag(split, pieces)
        return halves
