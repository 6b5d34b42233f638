"""How editors look: the colours (set by palette and painting, not per-widget style
sheets), a wrapped label, and the painted frame around a repeating group's row."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
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

from ui.widgets.theme import GRADE_ACCENTS, grade_tone, line_colour, role_colour, text_colour

ACCENT_KINDS = ("error", "hint", "info", "success", "warning", "overdue")

# Colours are set through palettes and painting, not per-widget style sheets:
# a style sheet on each of hundreds of widgets makes opening a long form slow.
# Each is a kind of text the theme colours for the palette in use (ui.widgets.theme).
ERROR_COLOUR = "error"
HELP_COLOUR = "hint"
MUTED_COLOUR = "hint"
SUGGESTION_COLOUR = "info"


class _GradeColours(Mapping[int, str]):
    """Grade 1 (best) to 5 (worst), calm to strong: each grade's background in the
    palette in use (its text: ``grade_tone(grade).text``)."""

    def __getitem__(self, grade: int) -> str:
        if grade not in GRADE_ACCENTS:
            raise KeyError(grade)
        return grade_tone(grade).background

    def __iter__(self) -> Iterator[int]:
        return iter(GRADE_ACCENTS)

    def __len__(self) -> int:
        return len(GRADE_ACCENTS)


GRADE_COLOURS = _GradeColours()


def focus_colour() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Highlight)


def tint(widget: QWidget, colour: str) -> None:
    """Set a widget's text colour (its palette: cheaper than a style sheet)."""
    palette = widget.palette()
    shade = QColor(text_colour(colour) if colour in ACCENT_KINDS else colour)
    palette.setColor(QPalette.ColorRole.WindowText, shade)
    palette.setColor(QPalette.ColorRole.Text, shade)
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
    """A rounded box with a fill and a border, painted (rows of repeating groups)."""

    def __init__(
        self, fill: str = "", border: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.fill = QColor(fill or role_colour(QPalette.ColorRole.AlternateBase))
        self.border = QColor(border or line_colour())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.border, 1))
        painter.setBrush(self.fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()
