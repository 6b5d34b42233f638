"""A table whose long rows flow over pages in their columns, its heading once a page."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from app.documents.layout.tagged_table import TaggedTable

# A row counts as long when it is taller than this many of its smallest pieces
# (``splitInRow``, about two lines): shorter rows move to the next page whole.
LONG_ROW = 5


class FlowingTable(TaggedTable):
    """A table with a repeated heading row (``repeatRows``) whose long row, reaching the
    foot of a page, splits there in its columns when at least ``splitInRow`` points of it
    fit; a short row moves to the next page whole.

    reportlab's own order (split between rows first, then inside a row) lets the rest
    of the table, heading and all, start again lower down the same page, above the long
    row's start; this table splits inside the row straight away instead.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        heights: list[float] = list(self._rowHeights)
        at = self._getFirstPossibleSplitRowPosition(availHeight)
        if at < len(heights) and heights[at] > LONG_ROW * self.splitInRow:
            inside: list[Any] = self._splitRows(availHeight, doInRowSplit=1)
            if inside:
                return inside
        between: list[Any] = self._splitRows(availHeight, doInRowSplit=0)
        return between
