"""Guidance shown among the questions (no answer), and a confirmation the worker ticks,
recorded with who confirmed and when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.forms.confirmations import confirmation_text, confirmation_value, confirmed_at
from app.forms.definition import Field
from app.forms.family_values import value_words

from ui.widgets.theme import guidance_style
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import FieldEditor
from ui.wizard.editors.look import HELP_COLOUR, text_label


class GuidanceEditor(FieldEditor):
    """Words for the worker, shown where the form puts them; nothing to answer."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.label = QLabel(item.text.strip())
        self.label.setObjectName(f"guidance_{item.id}")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(guidance_style())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)

    def value(self) -> Any:
        return None

    def set_value(self, value: Any) -> None:
        """Guidance has no answer to show."""


class FamilyValueEditor(FieldEditor):
    """A value the family record gives (the child's age...), shown, never asked."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self._value = context.family_value(item.family_value)
        words = value_words(item.family_value, self._value)
        self.label = text_label(words or "Not known from the family record", HELP_COLOUR)
        self.label.setObjectName(f"family_value_{item.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        """Always the record as it stands while the form is being filled in."""


class ConfirmationEditor(FieldEditor):
    """A tick box; ticking records the worker's name and the time, shown under it."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.box = QCheckBox(item.text or "I confirm this")
        self.box.setObjectName(f"input_{item.id}")
        self.box.setAccessibleName(item.label)
        self.record = text_label("", HELP_COLOUR)
        self.record.setObjectName(f"confirmed_{item.id}")
        self._value: dict[str, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignLeft)  # a click beside it misses
        layout.addWidget(self.record)
        self.box.clicked.connect(self._ticked)
        self.setFocusProxy(self.box)

    def _ticked(self, checked: bool) -> None:
        self._value = confirmation_value(self.context.worker) if checked else None
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        self.record.setText(confirmation_text(self._value))
        self.record.setVisible(self._value is not None)

    def value(self) -> Any:
        return dict(self._value) if self._value is not None else None

    def set_value(self, value: Any) -> None:
        readable = isinstance(value, dict) and confirmed_at(value) is not None
        self._value = dict(value) if readable and isinstance(value, dict) else None
        self.box.setChecked(self._value is not None)
        self._show()

    def focus_target(self) -> QWidget:
        return self.box
