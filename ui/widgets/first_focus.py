"""Where the keyboard starts in a dialog: on its first input, in Tab's order (issue 16),
so a keyboard or screen-reader user begins at the top of the form, not on a button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)


def _takes_input(widget: QWidget) -> bool:
    if isinstance(widget, QAbstractButton):
        return isinstance(widget, (QCheckBox, QRadioButton))
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return not widget.isReadOnly()
    return True


def first_input(area: QWidget) -> QWidget | None:
    """The first widget inside ``area`` that Tab reaches and that takes input."""
    widget = area.nextInFocusChain()
    while widget is not None and widget is not area:
        if (
            area.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and _takes_input(widget)
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_first_input(area: QWidget) -> None:
    """Put the focus on ``area``'s first input (nothing changes when it has none)."""
    widget = first_input(area)
    if widget is not None:
        widget.setFocus(Qt.FocusReason.TabFocusReason)
