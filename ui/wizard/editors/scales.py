"""A scale of numbered buttons (Signs of Safety scaling), worked by mouse or keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.forms.definition import Field

from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import FieldEditor, clear_group
from ui.wizard.editors.look import HELP_COLOUR, focus_colour, text_label

SCALE_BUTTONS_STYLE = (
    "QPushButton { padding: 2px; font-weight: 600; }"
    " QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border: 1px solid palette(highlighted-text); }"
)


class _FocusFrame(QFrame):
    """Draws a border while the editor it belongs to has the keyboard focus."""

    def __init__(self) -> None:
        super().__init__()
        self.focused = False

    def set_focused(self, focused: bool) -> None:
        self.focused = focused
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.focused:
            painter = QPainter(self)
            painter.setPen(QPen(focus_colour(), 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
            painter.end()


class _ScaleButton(QPushButton):
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetrics(self.font())
        side = max(metrics.horizontalAdvance("10") + 22, metrics.height() + 16)
        return QSize(side, side)


class ScaleEditor(FieldEditor):
    """A row of numbered buttons with the council's wording for each end.
    Keyboard: the left and right arrows move, digits choose, Home/End jump."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.low = int(item.minimum if item.minimum is not None else 0)
        self.high = int(item.maximum if item.maximum is not None else 10)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(item.label)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QPushButton] = {}
        self.frame = _FocusFrame()
        self.frame.setObjectName("scaleFrame")
        row = QHBoxLayout(self.frame)
        row.setContentsMargins(4, 4, 4, 4)
        row.setSpacing(4)
        for score in range(self.low, self.high + 1):
            button = _ScaleButton(str(score))
            button.setObjectName(f"score_{item.id}_{score}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMaximumWidth(96)
            wording = item.point_label(score)
            if wording:
                button.setToolTip(wording)
                button.setAccessibleDescription(wording)
            self.group.addButton(button, score)
            self.buttons[score] = button
            row.addWidget(button)
        self.group.idClicked.connect(lambda _id: self.changed.emit())
        ends = QHBoxLayout()
        ends.setContentsMargins(4, 0, 4, 0)
        self.low_label = text_label(
            f"{self.low}: {item.low_label}" if item.low_label else "", HELP_COLOUR
        )
        self.high_label = text_label(
            f"{self.high}: {item.high_label}" if item.high_label else "", HELP_COLOUR
        )
        self.high_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        ends.addWidget(self.low_label, 1)
        ends.addSpacing(24)
        ends.addWidget(self.high_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.frame)
        layout.addLayout(ends)
        # With wording at every point, what the chosen point means, under the buttons.
        self.point_label = text_label("", HELP_COLOUR, bold=True)
        self.point_label.setObjectName(f"point_label_{item.id}")
        layout.addWidget(self.point_label)  # placed before shown (else a window)
        self.point_label.setVisible(bool(item.point_labels))
        self.group.buttonToggled.connect(self._show_point)
        self.frame.setStyleSheet(SCALE_BUTTONS_STYLE)

    def _show_point(self, *_args: Any) -> None:
        score = self.value()
        wording = self.field.point_label(score)
        self.point_label.setText(f"{score}: {wording}" if wording else "")

    def value(self) -> Any:
        score = self.group.checkedId()
        return None if score < self.low else score

    def set_value(self, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and value in self.buttons:
            self.buttons[value].setChecked(True)
        else:
            clear_group(self.group)

    def choose(self, score: int) -> None:
        self.buttons[score].click()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        current = self.value()
        key = event.key()
        wanted: int | None = None
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            wanted = self.low if current is None else max(self.low, current - 1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            wanted = self.low if current is None else min(self.high, current + 1)
        elif key == Qt.Key.Key_Home:
            wanted = self.low
        elif key == Qt.Key.Key_End:
            wanted = self.high
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = key - Qt.Key.Key_0
            # "1" then "0" makes 10
            if digit == 0 and current == 1 and self.high >= 10:
                digit = 10
            wanted = digit if self.low <= digit <= self.high else None
        if wanted is None:
            super().keyPressEvent(event)
            return
        if wanted != current:
            self.buttons[wanted].setChecked(True)
            self.changed.emit()
        event.accept()

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.frame.set_focused(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.frame.set_focused(False)
        super().focusOutEvent(event)
