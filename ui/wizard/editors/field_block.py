"""One field on a wizard page: its question, its help, its editor (or its answer,
read-only) and a message under it when something is missing or wrong."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.forms.answers import is_answered
from app.forms.definition import Field

from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import FieldEditor
from ui.wizard.editors.look import ERROR_COLOUR, HELP_COLOUR, text_label
from ui.wizard.editors.read_only import read_only_value


class FieldBlock(QWidget):
    """A field's question, its help, its editor (or, without one, its answer shown
    read-only) and a message under it when something is missing or wrong. Blocks are
    made by :func:`ui.wizard.editors.factory.make_block`."""

    changed = Signal()

    def __init__(
        self,
        item: Field,
        context: EditorContext,
        editor: FieldEditor | None,
        *,
        value: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = item
        self.context = context
        self.read_only = read_only = editor is None
        self.setObjectName(f"field_{item.id}")
        layout = QVBoxLayout(self)
        self._box = layout
        layout.setContentsMargins(0, 2, 0, 6)
        layout.setSpacing(4)
        caption = item.label + (" *" if item.required and not read_only else "")
        self.caption = text_label(caption, bold=True)
        self.caption.setObjectName(f"caption_{item.id}")
        layout.addWidget(self.caption)  # in its place first: shown parentless it is a window
        self.caption.setVisible(bool(item.label))  # guidance may have no heading
        self.help_label: QLabel | None = None
        if item.help and not read_only:
            self.help_label = text_label(item.help, HELP_COLOUR)
            self.help_label.setObjectName(f"help_{item.id}")
            layout.addWidget(self.help_label)
        self.editor = editor
        self.display: QWidget | None = None
        self._value = value
        if self.editor is None:
            self.display = read_only_value(item, value, context)
            layout.addWidget(self.display)
        else:
            self.editor.set_value(value)
            self.editor.changed.connect(self.changed.emit)
            self.caption.setBuddy(self.editor.focus_target())
            layout.addWidget(self.editor)
        self._error_label: QLabel | None = None  # made when there is first a message

    def value(self) -> Any:
        return self.editor.value() if self.editor is not None else self._value

    def set_needed(self, needed: bool) -> None:
        """Mark the question * while it needs an answer (a field with ``required_if``);
        once it no longer does, an unanswered question's "please answer" goes too."""
        if self.editor is None:
            return
        self.caption.setText(self.field.label + (" *" if needed else ""))
        if not needed and not is_answered(self.editor.value()):
            self.set_error("")

    def set_value(self, value: Any) -> None:
        self._value = value
        if self.editor is not None:
            self.editor.set_value(value)

    @property
    def error_label(self) -> QLabel:
        if self._error_label is None:
            self._error_label = text_label("", ERROR_COLOUR, bold=True)
            self._error_label.setObjectName("fieldError")
            keep = self._error_label.sizePolicy()
            keep.setRetainSizeWhenHidden(True)  # once answered, the questions below stay put
            self._error_label.setSizePolicy(keep)
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
        return self.editor.first_problem_widget(problems, self.field.id)
