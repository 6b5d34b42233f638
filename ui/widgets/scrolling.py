"""A form that scrolls up and down, never sideways, when the screen is too small for it
(a laptop at a large text size), instead of its dialog growing past the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
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
    _hold(scroll, body, name)
    if fit_width:
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.minimumSizeHint().width() + bar)
    return scroll


def _hold(scroll: QScrollArea, body: QWidget, name: str) -> None:
    """``scroll`` frameless, taking no keyboard focus, scrolling up and down only, holding
    ``body`` at its width."""
    if name:
        scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)


def whole_form_height(window: QWidget, scroll: QScrollArea) -> int:
    """The height ``window`` needs to show all of ``scroll``'s form, nothing to scroll
    (a scroll area asks for at most 24 lines; the window is then fitted to the screen)."""
    body = scroll.widget()
    if body is None:
        return window.sizeHint().height()
    return window.sizeHint().height() - scroll.sizeHint().height() + body.sizeHint().height()


class PageScroll(QScrollArea):
    """A page of the main window that scrolls up and down when the window is shorter than
    the page needs (16 pt text on a laptop: a closed family's header, its banner and its
    tallest tab needed 747 pixels of the screen's 688), and otherwise fills the window as
    the page did. It is as wide as the page needs (its bar beside it), as before."""

    def __init__(self, page: QWidget, name: str) -> None:
        super().__init__()
        _hold(self, page, name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The page's least size changed (its layout asks again): so did this area's, which
        the window's layout must hear of (a scroll area passes it on to no one)."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        page = self.widget()
        least = super().minimumSizeHint()
        if page is None:
            return least
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(page.minimumSizeHint().width() + bar, least.height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        page = self.widget()
        return super().sizeHint() if page is None else page.sizeHint()
