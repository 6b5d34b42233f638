"""A one-line label that gives way: it shows as much of its text as there is room for, with
an ellipsis in the middle, and the whole text as its tooltip (a long folder in the status
bar, which otherwise pushes the bar's messages off the window on a laptop screen)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

LEAST_CHARACTERS = 12  # what it keeps when squeezed: enough to tell one folder from another


class ElidedLabel(QLabel):
    """``text()`` stays the whole text; only what is drawn is shortened."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        least = self.fontMetrics().averageCharWidth() * LEAST_CHARACTERS
        return QSize(min(hint.width(), least), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        box = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle,
                                              box.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter, box, int(self.alignment()), self.palette(), self.isEnabled(), shown,
            self.foregroundRole(),
        )
