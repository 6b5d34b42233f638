"""Tab order for widgets made after the window: a page built in stages, a new row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QWidget,
)


def focusable_children(widget: QWidget) -> list[QWidget]:
    """The widgets inside ``widget`` that Tab reaches, in the order they were made."""
    return [
        child
        for child in widget.findChildren(QWidget)
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.focusProxy() is None
    ]


def chain_after(anchor: QWidget | None, widgets: list[QWidget]) -> None:
    """Put ``widgets`` straight after ``anchor`` in the Tab order (widgets made
    later, such as a new row, otherwise come last in the window)."""
    previous = anchor
    for widget in widgets:
        if previous is not None:
            QWidget.setTabOrder(previous, widget)
        previous = widget
