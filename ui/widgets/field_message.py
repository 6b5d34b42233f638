"""The message under a field when its input cannot be used: :class:`FieldMessage`, and
what keeps a dialog's lines in place around it (:func:`keep_line`, :func:`grow_to_fit`).
:mod:`ui.widgets.fields` builds form rows with it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QSizePolicy, QWidget

from ui.widgets.theme import text_style


def error_style() -> str:
    """A field's message: the palette's error colour, bold."""
    return text_style("error", bold=True)


class FieldMessage(QLabel):
    """The message shown under a field when its input cannot be used; hidden when empty.

    With ``reserve`` its line is kept free while hidden, and the message never takes more
    than that line: a message appearing or clearing never moves the fields around it (a
    click then lands where it was aimed), however long it is and however narrow or large
    the text. A message too long for the line ends in "…" and is read whole in its tooltip
    and by a screen reader (its accessible description).
    """

    def __init__(self, parent: QWidget | None = None, *, reserve: bool = False) -> None:
        self._reserve = reserve  # before the style sheet: it sends a change event
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet(error_style())
        self.setWordWrap(not reserve)  # kept to its line: elided, not wrapped
        if reserve:
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # the row's width, no more
            self.setSizePolicy(policy)
            self._keep_line()
        else:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def _keep_line(self) -> None:
        keep_line(self)
        if self._reserve:
            self.setMaximumHeight(self.minimumHeight())

    def event(self, event: QEvent) -> bool:
        if self._reserve and event.type() in (QEvent.Type.FontChange, QEvent.Type.Polish):
            self._keep_line()  # the style sheet's weight, or a larger font, changes the line
        return super().event(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self._reserve:
            return QSize(0, self.minimumHeight())
        return super().sizeHint().expandedTo(self.minimumSize())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self._reserve:
            return QSize(0, self.minimumHeight())
        return super().minimumSizeHint()

    def is_elided(self) -> bool:
        """Whether the message is longer than its line (it then ends in "…")."""
        width = self.contentsRect().width()
        return self._reserve and self.fontMetrics().horizontalAdvance(self.text()) > width

    def shown_text(self) -> str:
        """The words on screen: the message, cut to its line with "…" when too long."""
        if not self._reserve:
            return self.text()
        return self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self._reserve:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        style = self.style()
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        style.drawItemText(
            painter, self.contentsRect(), flags, self.palette(), self.isEnabled(),
            self.shown_text(), QPalette.ColorRole.WindowText,
        )
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._tip()

    def _tip(self) -> None:
        if self._reserve:
            self.setToolTip(self.text() if self.is_elided() else "")

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
        self._tip()
        window = self.window()
        if not self._reserve and isinstance(window, QDialog) and window.isVisible():
            grow_to_fit(window)


def keep_line(label: QLabel) -> None:
    """Keep ``label`` one line high, measured as a word-wrapped label measures its text,
    so that text appearing in it (or going) moves nothing."""
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    line = label.fontMetrics().boundingRect(QRect(0, 0, 4000, 4000), flags, "Xg").height()
    label.setMinimumHeight(line)


def grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for its wrapped text (a new message can need more lines)."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
    else:
        needed = layout.totalSizeHint().height()
    if needed > window.height():
        window.resize(width, needed)


