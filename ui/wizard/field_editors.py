"""An editor widget for each field type of a form definition, and the block
(label, help, editor, message) that shows one field on a wizard page.

Every editor has the same small interface (:class:`FieldEditor`): ``value()``
gives the answer as the forms engine stores it (see
:mod:`app.forms.definition`), ``set_value()`` shows a stored answer without
signalling a change, and ``changed`` fires whenever the worker alters it.
A value that cannot be read (a date that is not a date, a number that is not a
number) is handed back as the text typed, so the engine's validation explains
what is wrong next to the field rather than the text silently vanishing.

Read-only views (completed assessments) do not use editors: :func:`read_only_value`
shows an answer in words, large enough to read across a kitchen table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.dates import parse_uk, uk
from app.forms.answers import FILTER_ROLES, display_value, is_answered, visible
from app.forms.definition import DescriptorSet, Field, Option, descriptors_for, options_for
from app.forms.scoring import Suggestion

# Colours are set through palettes and painting, not per-widget style sheets:
# a style sheet on each of hundreds of widgets makes opening a long form slow.
ERROR_COLOUR = "#a4000f"
HELP_COLOUR = "#4a4f55"
MUTED_COLOUR = "#666666"
SUGGESTION_COLOUR = "#1f3a5f"
PANEL_FILL = "#f7f9fb"
PANEL_BORDER = "#d5dbe1"
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
UNKNOWN_PERSON = "Someone no longer in the family"
# A choice with more options than this is a drop-down list rather than buttons.
RADIO_LIMIT = 6


@dataclass(frozen=True)
class PersonChoice:
    """A family member offered by a person picker. ``detail`` (age, or how they
    are part of the family) is shown beside the name in pickers."""

    id: str
    name: str
    role: str  # an app.reference.choices.PERSON_ROLES code
    detail: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.detail})" if self.detail else self.name


@dataclass(frozen=True)
class EditorContext:
    """What editors need beyond the definition: option lists, the family's
    people and the grade descriptors in use for this assessment."""

    options: Mapping[str, Sequence[Option]] = field(default_factory=dict)
    people: tuple[PersonChoice, ...] = ()
    descriptor_sets: Mapping[str, DescriptorSet] = field(default_factory=dict)

    def people_for(self, item: Field) -> list[PersonChoice]:
        allowed = FILTER_ROLES.get(item.person_filter)
        return [p for p in self.people if allowed is None or p.role in allowed]

    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.people}

    def roles(self) -> dict[str, str]:
        return {p.id: p.role for p in self.people}


def tint(widget: QWidget, colour: str) -> None:
    """Set a widget's text colour (its palette: cheaper than a style sheet)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    palette.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(palette)


def _label(text: str, colour: str = "", *, bold: bool = False) -> QLabel:
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


class Panel(QFrame):
    """A rounded box with a fill and a border, painted (rows of repeating groups)."""

    def __init__(
        self, fill: str = PANEL_FILL, border: str = PANEL_BORDER, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.fill = QColor(fill)
        self.border = QColor(border)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.border, 1))
        painter.setBrush(self.fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()


def _clear_group(group: QButtonGroup) -> None:
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)


# ---------------------------------------------------------------- the editors


class FieldEditor(QWidget):
    """The common interface of every editor."""

    changed = Signal()

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = item
        self.context = context
        self.setObjectName(f"editor_{item.id}")

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        """The widget that takes the keyboard focus for this field."""
        return self

    def set_problems(self, problems: Mapping[str, str], path: str) -> None:
        """Messages for parts of this field (rows of a repeating group)."""

    def refresh(self, answers: Mapping[str, Any]) -> None:
        """Answers elsewhere changed (conditions inside rows, suggestions)."""

    def _emit(self, *_args: Any) -> None:
        self.changed.emit()


class TextEditor(FieldEditor):
    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"input_{item.id}")
        self.edit.setAccessibleName(item.label)
        if item.max_length:
            self.edit.setMaxLength(item.max_length)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textEdited.connect(self._emit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        text = self.edit.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self.edit


class GrowingTextEdit(QPlainTextEdit):
    """A paragraph box that grows with what is typed (between a few and many lines);
    Tab moves on to the next field."""

    def __init__(
        self, min_lines: int = 3, max_lines: int = 14, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: Any) -> None:
        line = QFontMetrics(self.font()).lineSpacing()
        lines = max(self.min_lines, min(self.max_lines, int(self.document().size().height()) + 1))
        frame = int(self.frameWidth() * 2 + self.document().documentMargin() * 2 + 4)
        self.setFixedHeight(lines * line + frame)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()


class LongTextEditor(FieldEditor):
    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.edit = GrowingTextEdit()
        self.edit.setObjectName(f"input_{item.id}")
        self.edit.setAccessibleName(item.label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._changed)
        self._quiet = False
        self.setFocusProxy(self.edit)

    def _changed(self) -> None:
        if not self._quiet:
            self.changed.emit()

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self._quiet = True
        try:
            self.edit.setPlainText("" if value is None else str(value))
        finally:
            self._quiet = False

    def focus_target(self) -> QWidget:
        return self.edit


class _ButtonsEditor(FieldEditor):
    """Shared by editors made of exclusive buttons (choice, yes/no, grade)."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.values: dict[QAbstractButton, Any] = {}
        self.group.buttonClicked.connect(self._emit)

    def add_button(self, button: QAbstractButton, value: Any) -> None:
        self.group.addButton(button)
        self.values[button] = value

    def button_for(self, value: Any) -> QAbstractButton | None:
        for button, held in self.values.items():
            if held == value and type(held) is type(value):
                return button
        return None

    def value(self) -> Any:
        checked = self.group.checkedButton()
        return None if checked is None else self.values[checked]

    def set_value(self, value: Any) -> None:
        button = self.button_for(value)
        if button is None:
            _clear_group(self.group)
        else:
            button.setChecked(True)

    def choose(self, value: Any) -> None:
        """Choose as the worker would (signals a change)."""
        button = self.button_for(value)
        if button is None:
            raise KeyError(f"{self.field.id} has no choice {value!r}")
        button.click()

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        buttons = self.group.buttons()
        return checked or (buttons[0] if buttons else self)


class ChoiceEditor(_ButtonsEditor):
    """Up to six options as radio buttons (arrow keys move between them),
    otherwise a drop-down list."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        known = options_for(item, context.options)
        self.options: list[Option] = list(known or ())
        layout = QVBoxLayout(self)
        self._box = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.combo: QComboBox | None = None
        if known is not None and len(self.options) <= RADIO_LIMIT:
            for option in self.options:
                radio = QRadioButton(option.label)
                radio.setObjectName(f"choice_{item.id}_{option.value}")
                layout.addWidget(radio)
                self.add_button(radio, option.value)
        else:
            self.combo = QComboBox()
            self.combo.setObjectName(f"input_{item.id}")
            self.combo.setAccessibleName(item.label)
            self.combo.addItem("Choose…", None)
            for option in self.options:
                self.combo.addItem(option.label, option.value)
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.combo.setMaxVisibleItems(20)
            self.combo.activated.connect(self._emit)
            layout.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
            self.setFocusProxy(self.combo)

    def value(self) -> Any:
        if self.combo is None:
            return super().value()
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        if self.combo is None:
            super().set_value(None if value is None else str(value))
            if value is not None and self.button_for(str(value)) is None:
                # An answer from a list no longer offered: keep it visible and chosen.
                radio = QRadioButton(str(value))
                self._box.addWidget(radio)
                self.add_button(radio, str(value))
                radio.setChecked(True)
            return
        if value is None:
            self.combo.setCurrentIndex(0)
            return
        index = self.combo.findData(value)
        if index < 0:
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def choose(self, value: Any) -> None:
        if self.combo is None:
            super().choose(value)
            return
        index = self.combo.findData(value)
        if index < 0:
            raise KeyError(f"{self.field.id} has no choice {value!r}")
        self.combo.setCurrentIndex(index)
        self.changed.emit()

    def focus_target(self) -> QWidget:
        return self.combo if self.combo is not None else super().focus_target()


class MultiChoiceEditor(FieldEditor):
    """A tick box per option, in columns when there are many."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.options = list(options_for(item, context.options) or ())
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        self.grid = grid
        columns = 1 if len(self.options) <= 6 else 2 if len(self.options) <= 12 else 3
        rows = -(-len(self.options) // columns) if self.options else 0
        for index, option in enumerate(self.options):
            self._add_box(
                option.value, option.label, index % rows if rows else 0, index // max(rows, 1)
            )
        self._extra_row = rows

    def _add_box(self, value: str, label: str, row: int, column: int) -> QCheckBox:
        box = QCheckBox(label)
        box.setObjectName(f"choice_{self.field.id}_{value}")
        box.toggled.connect(self._toggled)
        self.grid.addWidget(box, row, column)
        self.boxes[value] = box
        return box

    def _toggled(self, _checked: bool) -> None:
        if not getattr(self, "_quiet", False):
            self.changed.emit()

    def value(self) -> Any:
        chosen = [value for value, box in self.boxes.items() if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        self._quiet = True
        try:
            for extra in chosen:
                if extra not in self.boxes:
                    self._add_box(extra, extra, self._extra_row, 0)
                    self._extra_row += 1
            for key, box in self.boxes.items():
                box.setChecked(key in chosen)
        finally:
            self._quiet = False

    def choose(self, values: Sequence[str]) -> None:
        for key, box in self.boxes.items():
            if box.isChecked() != (key in values):
                box.click()

    def focus_target(self) -> QWidget:
        boxes = list(self.boxes.values())
        return boxes[0] if boxes else self


class DateEditor(FieldEditor):
    """Typed as dd/mm/yyyy; stored as ISO text (yyyy-mm-dd)."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"input_{item.id}")
        self.edit.setAccessibleName(item.label)
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setMaxLength(10)
        self.edit.setFixedWidth(
            QFontMetrics(self.edit.font()).horizontalAdvance("00/00/00000") + 24
        )
        self.today_button = QPushButton("Today")
        self.today_button.setObjectName(f"today_{item.id}")
        self.today_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.today_button.clicked.connect(self._today)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.today_button)
        layout.addStretch(1)
        self.edit.textEdited.connect(self._emit)
        self.edit.editingFinished.connect(self._tidy)
        self.setFocusProxy(self.edit)

    def _today(self) -> None:
        self.edit.setText(uk(dt.date.today()))
        self.changed.emit()

    def _tidy(self) -> None:
        try:
            day = parse_uk(self.edit.text())
        except ValueError:
            return
        if day is not None:
            self.edit.setText(uk(day))

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            day = parse_uk(text)
        except ValueError:
            return text  # the engine says it is not a real date
        return day.isoformat() if day else None

    def set_value(self, value: Any) -> None:
        if value is None:
            self.edit.setText("")
            return
        try:
            self.edit.setText(uk(dt.date.fromisoformat(str(value))))
        except ValueError:
            self.edit.setText(str(value))

    def focus_target(self) -> QWidget:
        return self.edit


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class NumberEditor(FieldEditor):
    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"input_{item.id}")
        self.edit.setAccessibleName(item.label)
        self.edit.setMaximumWidth(160)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        if item.unit:
            layout.addWidget(QLabel(item.unit))
        layout.addStretch(1)
        self.edit.textEdited.connect(self._emit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        text = self.edit.text().strip().replace(",", "")
        if not text:
            return None
        if not _NUMBER.match(text):
            return self.edit.text().strip()  # the engine asks for a number
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self.edit


class YesNoEditor(_ButtonsEditor):
    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        for text, value in (("Yes", True), ("No", False)):
            radio = QRadioButton(text)
            radio.setObjectName(f"choice_{item.id}_{'yes' if value else 'no'}")
            layout.addWidget(radio)
            self.add_button(radio, value)
        layout.addStretch(1)

    def set_value(self, value: Any) -> None:
        super().set_value(value if isinstance(value, bool) else None)


class PersonEditor(FieldEditor):
    """One person from a drop-down list, or several with a tick box each."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.choices = context.people_for(item)
        layout = QVBoxLayout(self)
        self._box = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.boxes: dict[str, QCheckBox] = {}
        self.combo: QComboBox | None = None
        self._quiet = False
        if item.multiple:
            for person in self.choices:
                self._add_box(person.id, person.label)
            if not self.choices:
                layout.addWidget(_label(self._nobody_text(), MUTED_COLOUR))
        else:
            self.combo = QComboBox()
            self.combo.setObjectName(f"input_{item.id}")
            self.combo.setAccessibleName(item.label)
            self.combo.addItem("Choose…" if self.choices else self._nobody_text(), None)
            for person in self.choices:
                self.combo.addItem(person.label, person.id)
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.combo.activated.connect(self._emit)
            layout.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
            self.setFocusProxy(self.combo)

    def _nobody_text(self) -> str:
        kind = {"children": "children", "adults": "adults"}.get(self.field.person_filter, "people")
        return f"No {kind} are recorded in this family yet: add them to the family record first."

    def _add_box(self, person_id: str, name: str) -> QCheckBox:
        box = QCheckBox(name)
        box.setObjectName(f"person_{self.field.id}_{person_id}")
        box.toggled.connect(self._toggled)
        self._box.addWidget(box)
        self.boxes[person_id] = box
        return box

    def _toggled(self, _checked: bool) -> None:
        if not self._quiet:
            self.changed.emit()

    def value(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        chosen = [pid for pid, box in self.boxes.items() if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        if self.combo is not None:
            if not isinstance(value, str) or not value:
                self.combo.setCurrentIndex(0)
                return
            index = self.combo.findData(value)
            if index < 0:
                self.combo.addItem(UNKNOWN_PERSON, value)
                index = self.combo.count() - 1
            self.combo.setCurrentIndex(index)
            return
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        self._quiet = True
        try:
            for person_id in chosen:
                if person_id not in self.boxes:
                    self._add_box(person_id, UNKNOWN_PERSON)
            for person_id, box in self.boxes.items():
                box.setChecked(person_id in chosen)
        finally:
            self._quiet = False

    def choose(self, value: str | Sequence[str]) -> None:
        if self.combo is not None:
            index = self.combo.findData(value)
            if index < 0:
                raise KeyError(f"{self.field.id} has no person {value!r}")
            self.combo.setCurrentIndex(index)
            self.changed.emit()
            return
        wanted = [value] if isinstance(value, str) else list(value)
        for person_id, box in self.boxes.items():
            if box.isChecked() != (person_id in wanted):
                box.click()

    def focus_target(self) -> QWidget:
        if self.combo is not None:
            return self.combo
        boxes = list(self.boxes.values())
        return boxes[0] if boxes else self


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


class GradeEditor(_ButtonsEditor):
    """Grades 1 (best) to 5 (worst), each with its descriptor beside it. An area
    grade (``suggested_from``) also shows the suggestion from its sub-areas."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.descriptors = descriptors_for(item, context.descriptor_sets)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.suggestion_label = _label("", SUGGESTION_COLOUR, bold=True)
        self.suggestion_label.setObjectName(f"suggestion_{item.id}")
        self.suggestion_label.setVisible(bool(item.suggested_from))
        layout.addWidget(self.suggestion_label)
        self.rows: dict[int, GradeRow] = {}
        for grade in (1, 2, 3, 4, 5):
            row = GradeRow(GRADE_COLOURS[grade])
            row.setObjectName(f"grade_row_{item.id}_{grade}")
            line = QHBoxLayout(row)
            line.setContentsMargins(14, 3, 4, 3)
            radio = QRadioButton(f"Grade {grade}")
            radio.setObjectName(f"grade_{item.id}_{grade}")
            radio.setMinimumWidth(QFontMetrics(radio.font()).horizontalAdvance("Grade 5") + 36)
            line.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
            text = self.descriptors[grade - 1] if len(self.descriptors) >= grade else ""
            if text:
                radio.setAccessibleDescription(text)
                description = _label(text)
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


SCALE_BUTTONS_STYLE = (
    "QPushButton { padding: 2px; font-weight: 600; }"
    " QPushButton:checked { background: #2f6690; color: white; border: 1px solid #1d4461; }"
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
            painter.setPen(QPen(QColor(FOCUS_COLOUR), 2))
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
            self.group.addButton(button, score)
            self.buttons[score] = button
            row.addWidget(button)
        self.group.idClicked.connect(lambda _id: self.changed.emit())
        ends = QHBoxLayout()
        ends.setContentsMargins(4, 0, 4, 0)
        self.low_label = _label(
            f"{self.low}: {item.low_label}" if item.low_label else "", HELP_COLOUR
        )
        self.high_label = _label(
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
        self.frame.setStyleSheet(SCALE_BUTTONS_STYLE)

    def value(self) -> Any:
        score = self.group.checkedId()
        return None if score < self.low else score

    def set_value(self, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and value in self.buttons:
            self.buttons[value].setChecked(True)
        else:
            _clear_group(self.group)

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


class RepeatRow(Panel):
    """One row of a repeating group: its own field blocks and a Remove button."""

    remove_requested = Signal(object)

    def __init__(self, group: Field, context: EditorContext, number: int) -> None:
        super().__init__()
        self.setObjectName("repeatRow")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.title = _label("", bold=True)
        top.addWidget(self.title, 1)
        noun = (group.row_label or "row").lower()
        self.remove_button = QPushButton(f"Remove this {noun}")
        self.remove_button.setObjectName("removeRow")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        top.addWidget(self.remove_button)
        layout.addLayout(top)
        self.blocks: dict[str, FieldBlock] = {}
        for sub in group.fields:
            block = FieldBlock(sub, context)
            self.blocks[sub.id] = block
            layout.addWidget(block)
        self.set_number(group, number)

    def set_number(self, group: Field, number: int) -> None:
        self.title.setText(f"{group.row_label or 'Row'} {number}")

    def value(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for sub_id, block in self.blocks.items():
            value = block.value()
            if is_answered(value) or isinstance(value, bool) or value == 0:
                out[sub_id] = value
        return out

    def set_value(self, row: Mapping[str, Any]) -> None:
        for sub_id, block in self.blocks.items():
            block.set_value(row.get(sub_id))


class RepeatEditor(FieldEditor):
    """Rows added and removed by the worker, each holding the group's fields."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.rows: list[RepeatRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(8)
        layout.addLayout(self.rows_box)
        self.empty_label = _label("Nothing added yet.", MUTED_COLOUR)
        layout.addWidget(self.empty_label)
        noun = (item.row_label or "row").lower()
        self.add_button = QPushButton(item.add_label or f"Add a {noun}")
        self.add_button.setObjectName(f"add_{item.id}")
        self.add_button.clicked.connect(self.add_row)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._answers: Mapping[str, Any] = {}
        self._update()

    def _new_row(self) -> RepeatRow:
        row = RepeatRow(self.field, self.context, len(self.rows) + 1)
        row.remove_requested.connect(self.remove_row)
        for block in row.blocks.values():
            block.changed.connect(self._row_changed)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        return row

    def add_row(self) -> RepeatRow:
        """Add an empty row (as the Add button does) and put the cursor in it."""
        row = self._new_row()
        # Tab goes through the new row, then to the Add button, as it reads
        chain_after(
            self.add_button.previousInFocusChain(), [*focusable_children(row), self.add_button]
        )
        self._update()
        self.refresh(self._answers)
        first = next(iter(row.blocks.values()), None)
        if first is not None and first.editor is not None:
            first.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()
        return row

    def remove_row(self, row: RepeatRow) -> None:
        if row not in self.rows:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        for number, other in enumerate(self.rows, start=1):
            other.set_number(self.field, number)
        self._update()
        if self.rows:
            target = self.rows[min(index, len(self.rows) - 1)].remove_button
        else:
            target = self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def _row_changed(self) -> None:
        self.refresh(self._answers)
        self.changed.emit()

    def _update(self) -> None:
        self.empty_label.setVisible(not self.rows)
        full = self.field.max_rows is not None and len(self.rows) >= self.field.max_rows
        self.add_button.setEnabled(not full)

    def value(self) -> Any:
        return [row.value() for row in self.rows] or None

    def set_value(self, value: Any) -> None:
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        for data in value if isinstance(value, list) else []:
            row = self._new_row()
            row.set_value(data if isinstance(data, Mapping) else {})
        self._update()
        self.refresh(self._answers)

    def refresh(self, answers: Mapping[str, Any]) -> None:
        self._answers = answers
        for row in self.rows:
            data = row.value()
            for sub in self.field.fields:
                row.blocks[sub.id].setVisible(visible(sub, answers, data))

    def set_problems(self, problems: Mapping[str, str], path: str) -> None:
        for index, row in enumerate(self.rows):
            for sub_id, block in row.blocks.items():
                block.set_error(problems.get(f"{path}[{index}].{sub_id}", ""))
            # A row that could not be read at all
            message = problems.get(f"{path}[{index}]")
            if message:
                first = next(iter(row.blocks.values()))
                first.set_error(message)

    def first_problem_widget(self, problems: Mapping[str, str], path: str) -> QWidget | None:
        for index, row in enumerate(self.rows):
            for sub_id, block in row.blocks.items():
                if f"{path}[{index}].{sub_id}" in problems and block.editor is not None:
                    return block.editor.focus_target()
        return None

    def focus_target(self) -> QWidget:
        if self.rows:
            first = next(iter(self.rows[0].blocks.values()), None)
            if first is not None and first.editor is not None:
                return first.editor.focus_target()
        return self.add_button


EDITORS: dict[str, type[FieldEditor]] = {
    "text": TextEditor,
    "long_text": LongTextEditor,
    "choice": ChoiceEditor,
    "multi_choice": MultiChoiceEditor,
    "date": DateEditor,
    "number": NumberEditor,
    "yes_no": YesNoEditor,
    "person": PersonEditor,
    "grade": GradeEditor,
    "scale": ScaleEditor,
    "repeat": RepeatEditor,
}


def make_editor(item: Field, context: EditorContext) -> FieldEditor:
    return EDITORS[item.type](item, context)


# ---------------------------------------------------------------- read-only answers


def read_only_value(item: Field, value: Any, context: EditorContext) -> QWidget:
    """An answer shown in words: what a completed assessment looks like."""
    if item.is_repeat:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        rows = value if isinstance(value, list) else []
        if not rows:
            layout.addWidget(_label("Nothing recorded.", MUTED_COLOUR))
        for number, row in enumerate(rows, start=1):
            frame = Panel()
            frame.setObjectName("repeatRow")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(12, 8, 12, 10)
            inner.addWidget(_label(f"{item.row_label or 'Row'} {number}", bold=True))
            data = row if isinstance(row, Mapping) else {}
            for sub in item.fields:
                if not visible(sub, {}, data) or not is_answered(data.get(sub.id)):
                    continue
                inner.addWidget(_label(sub.label, "#333333", bold=True))
                inner.addWidget(read_only_value(sub, data.get(sub.id), context))
            layout.addWidget(frame)
        return box
    text = answer_text(item, value, context)
    label = _label(text or "Not answered", "" if text else MUTED_COLOUR)
    label.setObjectName(f"answer_{item.id}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if item.type == "grade" and isinstance(value, int) and value in GRADE_COLOURS:
        label.setStyleSheet(
            f"background: {GRADE_COLOURS[value]}; color: {GRADE_TEXT}; border-radius: 4px;"
            " padding: 4px 8px;"
        )
    return label


def answer_text(item: Field, value: Any, context: EditorContext) -> str:
    """One answer in words (grades with their descriptor, scores with the end-point wording)."""
    if not is_answered(value) and not isinstance(value, bool):
        return ""
    text = display_value(item, value, options=context.options, names=context.names())
    if item.type == "grade" and isinstance(value, int):
        descriptors = descriptors_for(item, context.descriptor_sets)
        if 1 <= value <= len(descriptors):
            text = f"{text}: {descriptors[value - 1]}"
    elif item.type == "scale" and (item.low_label or item.high_label):
        low = int(item.minimum if item.minimum is not None else 0)
        high = int(item.maximum if item.maximum is not None else 10)
        text = f"{text} ({low} means {item.low_label}; {high} means {item.high_label})"
    return text


# ---------------------------------------------------------------- one field on a page


class FieldBlock(QWidget):
    """A field's question, its help, its editor (or its answer, read-only) and a
    message under it when something is missing or wrong."""

    changed = Signal()

    def __init__(
        self,
        item: Field,
        context: EditorContext,
        *,
        read_only: bool = False,
        value: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = item
        self.context = context
        self.read_only = read_only
        self.setObjectName(f"field_{item.id}")
        layout = QVBoxLayout(self)
        self._box = layout
        layout.setContentsMargins(0, 2, 0, 6)
        layout.setSpacing(4)
        caption = item.label + (" *" if item.required and not read_only else "")
        self.caption = _label(caption, bold=True)
        self.caption.setObjectName(f"caption_{item.id}")
        layout.addWidget(self.caption)
        self.help_label: QLabel | None = None
        if item.help and not read_only:
            self.help_label = _label(item.help, HELP_COLOUR)
            self.help_label.setObjectName(f"help_{item.id}")
            layout.addWidget(self.help_label)
        self.editor: FieldEditor | None = None
        self.display: QWidget | None = None
        self._value = value
        if read_only:
            self.display = read_only_value(item, value, context)
            layout.addWidget(self.display)
        else:
            self.editor = make_editor(item, context)
            self.editor.set_value(value)
            self.editor.changed.connect(self.changed.emit)
            self.caption.setBuddy(self.editor.focus_target())
            layout.addWidget(self.editor)
        self._error_label: QLabel | None = None  # made when there is first a message

    def value(self) -> Any:
        return self.editor.value() if self.editor is not None else self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        if self.editor is not None:
            self.editor.set_value(value)

    @property
    def error_label(self) -> QLabel:
        if self._error_label is None:
            self._error_label = _label("", ERROR_COLOUR, bold=True)
            self._error_label.setObjectName("fieldError")
            self._error_label.hide()
            self._box.addWidget(self._error_label)
        return self._error_label

    @property
    def error(self) -> str:
        label = self._error_label
        return label.text() if label is not None and not label.isHidden() else ""

    def set_error(self, message: str) -> None:
        if not message and self._error_label is None:
            return
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        target = self.editor.focus_target() if self.editor is not None else self
        target.setAccessibleDescription(message)

    def set_problems(self, problems: Mapping[str, str]) -> None:
        """Show this field's messages (and its rows', for a repeating group)."""
        self.set_error(problems.get(self.field.id, ""))
        if self.editor is not None:
            self.editor.set_problems(problems, self.field.id)

    def problem_widget(self, problems: Mapping[str, str]) -> QWidget | None:
        """Where to put the cursor for this field's first problem, if it has one."""
        if self.editor is None:
            return None
        if self.field.id in problems:
            return self.editor.focus_target()
        if isinstance(self.editor, RepeatEditor):
            return self.editor.first_problem_widget(problems, self.field.id)
        return None
