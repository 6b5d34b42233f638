"""The interface every editor shares (:class:`FieldEditor`), and the base of editors
made of exclusive buttons (:class:`ButtonsEditor`: choice, yes/no, grade).

``value()`` gives the answer as the forms engine stores it (see
:mod:`app.forms.definition`), ``set_value()`` shows a stored answer without
signalling a change, and ``changed`` fires whenever the worker alters it.
A value that cannot be read (a date that is not a date, a number that is not a
number) is handed back as the text typed, so the engine's validation explains
what is wrong next to the field rather than the text silently vanishing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QWidget,
)

from app.forms.definition import Field

from ui.wizard.editors.context import EditorContext


def clear_group(group: QButtonGroup) -> None:
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)


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

    def first_problem_widget(self, problems: Mapping[str, str], path: str) -> QWidget | None:
        """Where the first problem inside this field is (a row of a repeating group)."""
        return None

    def _emit(self, *_args: Any) -> None:
        self.changed.emit()


class ButtonsEditor(FieldEditor):
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
            clear_group(self.group)
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
