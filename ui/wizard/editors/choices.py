"""Choosing from a list: one option (buttons or a drop-down), several (tick boxes),
yes or no, and people in the family."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.forms.definition import Field, Option, options_for
from app.forms.person_kinds import nobody_text

from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import ButtonsEditor, FieldEditor
from ui.wizard.editors.look import MUTED_COLOUR, text_label

UNKNOWN_PERSON = "Someone no longer in the family"
# A choice with more options than this is a drop-down list rather than buttons.
RADIO_LIMIT = 6


class ChoiceEditor(ButtonsEditor):
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


class YesNoEditor(ButtonsEditor):
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
                layout.addWidget(text_label(self._nobody_text(), MUTED_COLOUR))
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
        return nobody_text(self.field)

    def _not_offered(self, person_id: str) -> str:
        """An earlier answer's person this field does not offer: someone of another kind
        (an unborn baby where a child is asked for), named, or someone who has left."""
        known = next((p for p in self.context.people if p.id == person_id), None)
        return f"{known.label}: not for this question" if known else UNKNOWN_PERSON

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
                self.combo.addItem(self._not_offered(value), value)
                index = self.combo.count() - 1
            self.combo.setCurrentIndex(index)
            return
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        self._quiet = True
        try:
            for person_id in chosen:
                if person_id not in self.boxes:
                    self._add_box(person_id, self._not_offered(person_id))
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
