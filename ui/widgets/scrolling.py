"""A form that scrolls up and down, never sideways, when the screen is too small for it
(a laptop at a large text size), instead of its dialog growing past the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QWidget


def vertical_scroll(
    body: QWidget | QLayout, name: str = "", *, fit_width: bool = True
) -> QScrollArea:
    """``body`` (a widget, or a layout put in one) in a frameless scroll area that takes no
    keyboard focus (the keyboard goes to the fields in it). With ``fit_width`` the area is
    at least as wide as the body needs, so only a vertical bar is ever shown."""
    if isinstance(body, QLayout):
        holder = QWidget()
        holder.setLayout(body)
        body = holder
    scroll = QScrollArea()
    if name:
        scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    if fit_width:
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.minimumSizeHint().width() + bar)
    return scroll


def whole_form_height(window: QWidget, scroll: QScrollArea) -> int:
    """The height ``window`` needs to show all of ``scroll``'s form, nothing to scroll
    (a scroll area asks for at most 24 lines; the window is then fitted to the screen)."""
    body = scroll.widget()
    if body is None:
        return window.sizeHint().height()
    return window.sizeHint().height() - scroll.sizeHint().height() + body.sizeHint().height()
