"""Rows that go under one another rather than make a window wider than the screen.

With large text on a small screen (16 pt on a 1366×768 laptop) a row of buttons beside
other controls can need more width than the screen has. :func:`put_under` moves the
row's tail (a layout of its own, such as its buttons) to a line of its own under it,
when the row would be wider than :func:`room_on_screen`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QWidget

from ui.widgets import window_memory

SCREEN_MARGIN = 80  # the window's frame and the view's own margins


def room_on_screen(widget: QWidget) -> int:
    """The width a view in a window on ``widget``'s screen may take (the screen looked
    up through :mod:`ui.widgets.window_memory`, where the windows' own sizes come from)."""
    return window_memory.available_area(widget).width() - SCREEN_MARGIN


def put_under(row: QBoxLayout, tail: QBoxLayout, column: QBoxLayout, at: int, room: int,
              *, right: bool = True) -> bool:
    """Move ``tail`` (a layout in ``row``) to a line of its own at ``at`` in ``column``
    (aligned ``right``, else left) if ``row`` needs more than ``room``; whether it moved."""
    if tail.parent() is not row or row.minimumSize().width() <= room:
        return False
    row.removeItem(tail)
    if right:
        tail.insertStretch(0, 1)
    else:
        tail.addStretch(1)
    column.insertLayout(at, tail)
    return True
