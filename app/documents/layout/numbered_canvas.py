"""The canvas that holds pages back until the page total is known."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas

from app.documents.layout.page import PageFurniture
from app.documents.layout.tagging import PAGINATION_BEGIN, enclosed


class NumberedCanvas(Canvas):
    """Holds each page back until the end, so every page can say "Page X of Y".

    Bookmarks made on a held-back page are replayed when it is really written,
    so the outline points at the right pages.
    """

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held: list[tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 (reportlab's name)
        self._marks.append((key, kwargs))

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held.append((dict(self.__dict__), self._marks))
        self._marks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        held = self._held
        for number, (state, marks) in enumerate(held, start=1):
            self.__dict__.update(state)
            for key, kwargs in marks:
                Canvas.bookmarkPage(self, key, **kwargs)
            with enclosed(self, PAGINATION_BEGIN):  # furniture, not content
                self._furniture.draw(self, number, total)
            Canvas.showPage(self)
        self._held = []
        Canvas.save(self)
