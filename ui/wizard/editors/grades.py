"""Grades (GCP2's 1 (best) to 5 (worst), or a council's own such as 1 to 4), each with
its descriptor and colour, and the suggestion an area grade takes from its sub-areas."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.forms.definition import Field, descriptors_for
from app.forms.scoring import Suggestion

from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import ButtonsEditor
from ui.wizard.editors.look import GRADE_COLOURS, SUGGESTION_COLOUR, text_label


class GradeRow(QFrame):
    """One grade and its descriptor: a coloured bar at the left, filled with the
    grade's colour when chosen; a click anywhere chooses it."""

    clicked = Signal()

    def __init__(self, colour: str) -> None:
        super().__init__()
        self.colour = QColor(colour)
        self.chosen = False

    def set_chosen(self, chosen: bool) -> None:
        self.chosen = chosen
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        if self.chosen:
            painter.fillRect(self.rect(), self.colour)
        painter.fillRect(0, 0, 8, self.height(), self.colour)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class GradeEditor(ButtonsEditor):
    """Grades 1 (best) to 5 (worst), each with its descriptor beside it. An area
    grade (``suggested_from``) also shows the suggestion from its sub-areas."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.descriptors = descriptors_for(item, context.descriptor_sets)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.suggestion_label = text_label("", SUGGESTION_COLOUR, bold=True)
        self.suggestion_label.setObjectName(f"suggestion_{item.id}")
        layout.addWidget(self.suggestion_label)  # placed before shown (else a window)
        self.suggestion_label.setVisible(bool(item.suggested_from))
        self.rows: dict[int, GradeRow] = {}
        points = item.grade_points
        for index, grade in enumerate(points):
            # the best grade green, the worst red, whatever the grades are numbered
            shade = 1 + round(index * 4 / max(len(points) - 1, 1))
            row = GradeRow(GRADE_COLOURS[shade])
            row.setObjectName(f"grade_row_{item.id}_{grade}")
            line = QHBoxLayout(row)
            line.setContentsMargins(14, 3, 4, 3)
            radio = QRadioButton(f"Grade {grade}")
            radio.setObjectName(f"grade_{item.id}_{grade}")
            radio.setMinimumWidth(QFontMetrics(radio.font()).horizontalAdvance("Grade 10") + 36)
            line.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
            text = self.descriptors[index] if len(self.descriptors) > index else ""
            if text:
                radio.setAccessibleDescription(text)
                description = text_label(text)
                description.setObjectName(f"descriptor_{item.id}_{grade}")
                line.addWidget(description, 1)
            else:
                line.addStretch(1)
            row.clicked.connect(radio.click)
            layout.addWidget(row)
            self.rows[grade] = row
            self.add_button(radio, grade)
        self.group.buttonToggled.connect(self._mark)

    def _mark(self, button: QAbstractButton, checked: bool) -> None:
        self.rows[self.values[button]].set_chosen(checked)

    def set_suggestion(self, suggestion: Suggestion) -> None:
        if suggestion.grade is None:
            text = "Suggested grade: none yet (grade the sub-areas first)."
        else:
            text = f"Suggested grade from the sub-areas: {suggestion.grade}"
            if not suggestion.complete:
                text += f" (from {suggestion.based_on} of {suggestion.of} sub-areas so far)"
            text += ". The area grade is your judgement."
        self.suggestion_label.setText(text)
