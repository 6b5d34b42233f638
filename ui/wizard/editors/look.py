"""How editors look: the colours (set by palette and painting, not per-widget style
sheets), a wrapped label, and the painted frame around a repeating group's row."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSizePolicy,
    QWidget,
)

# Colours are set through palettes and painting, not per-widget style sheets:
# a style sheet on each of hundreds of widgets makes opening a long form slow.
ERROR_COLOUR = "#a4000f"
ERROR_COLOUR_ON_DARK = "#ff9b9b"  # the same message in a dark palette
HELP_COLOUR = "#4a4f55"
MUTED_COLOUR = "#666666"
SUGGESTION_COLOUR = "#1f3a5f"
FRAME_FILL = "#f7f9fb"
FRAME_BORDER = "#d5dbe1"
FOCUS_COLOUR = "#2f6690"
# Grade 1 (best) to 5 (worst): calm to strong, readable with dark text.
GRADE_COLOURS = {
    1: "#cdebd3",
    2: "#e6f2c6",
    3: "#fff1bf",
    4: "#ffd9b3",
    5: "#f7c1bd",
}
GRADE_TEXT = "#1d1d1d"


def is_dark(widget: QWidget) -> bool:
    """Whether the widget is drawn in a dark palette (light text on a dark window)."""
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


# The same colours in a dark palette, light enough to read on it.
ON_DARK = {
    ERROR_COLOUR: ERROR_COLOUR_ON_DARK,
    HELP_COLOUR: "#b9c0c8",
    MUTED_COLOUR: "#a8a8a8",
    SUGGESTION_COLOUR: "#a9c8ef",
}


def tint(widget: QWidget, colour: str) -> None:
    """Set a widget's text colour (its palette: cheaper than a style sheet); in a dark
    palette, its lighter counterpart."""
    palette = widget.palette()
    if is_dark(widget):
        colour = ON_DARK.get(colour, colour)
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    palette.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(palette)


def text_label(text: str, colour: str = "", *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if colour:
        tint(label, colour)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class EditorFrame(QFrame):
    """A rounded box with a fill and a border, painted (rows of repeating groups); in a
    dark palette, a shade of the palette's own, so its light text can be read."""

    def __init__(
        self, fill: str = FRAME_FILL, border: str = FRAME_BORDER, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.fill = QColor(fill)
        self.border = QColor(border)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        dark = is_dark(self)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid) if dark else self.border, 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Window).lighter(130) if dark
                         else self.fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()
