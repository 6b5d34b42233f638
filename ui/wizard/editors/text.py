"""Typed answers: a line of text, a paragraph that grows as it is typed, a number."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtGui import (
    QFontMetrics,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.forms.definition import Field
from app.forms.identifiers import IDENTIFIER_EXAMPLES, tidy_identifier

from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_editor import FieldEditor


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
        if item.validate:  # an identifier: a short box, an example, tidied when left
            self.edit.setPlaceholderText(IDENTIFIER_EXAMPLES[item.validate])
            self.edit.setMaximumWidth(QFontMetrics(self.edit.font()).horizontalAdvance("0") * 24)
            layout.addStretch(1)
            self.edit.editingFinished.connect(self._tidy)
        self.edit.textEdited.connect(self._emit)
        self.setFocusProxy(self.edit)

    def _tidy(self) -> None:
        tidied = tidy_identifier(self.field.validate, self.edit.text().strip())
        if tidied != self.edit.text():
            self.edit.setText(tidied)

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
