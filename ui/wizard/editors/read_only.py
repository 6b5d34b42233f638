"""Answers shown in words, as a completed assessment shows them: large enough to read
across a kitchen table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from app.forms.answers import display_value, is_answered, visible
from app.forms.definition import Field, descriptors_for

from ui.widgets.theme import grade_tone
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.house import house_answer
from ui.wizard.editors.look import GRADE_COLOURS, MUTED_COLOUR, EditorFrame, text_label
from ui.wizard.editors.picture import picture_view


def read_only_value(item: Field, value: Any, context: EditorContext) -> QWidget:
    """An answer shown in words: what a completed assessment looks like."""
    if item.is_repeat:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        rows = value if isinstance(value, list) else []
        if not rows:
            layout.addWidget(text_label("Nothing recorded.", MUTED_COLOUR))
        for number, row in enumerate(rows, start=1):
            frame = EditorFrame()
            frame.setObjectName("repeatRow")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(12, 8, 12, 10)
            inner.addWidget(text_label(f"{item.row_label or 'Row'} {number}", bold=True))
            data = row if isinstance(row, Mapping) else {}
            for sub in item.fields:
                if not visible(sub, {}, data) or not is_answered(data.get(sub.id)):
                    continue
                inner.addWidget(text_label(sub.label, bold=True))
                inner.addWidget(read_only_value(sub, data.get(sub.id), context))
            layout.addWidget(frame)
        return box
    if item.type == "picture":
        return picture_view(item, value)
    text = answer_text(item, value, context)
    if item.look == "house":
        return house_answer(item, text)
    label = text_label(text or "Not answered", "" if text else MUTED_COLOUR)
    label.setObjectName(f"answer_{item.id}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if item.type == "grade" and isinstance(value, int) and value in GRADE_COLOURS:
        label.setStyleSheet(
            f"background: {GRADE_COLOURS[value]}; color: {grade_tone(value).text};"
            " border-radius: 4px; padding: 4px 8px;"
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
