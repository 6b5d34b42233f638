"""Typed answers: a line of text, a paragraph that grows as it is typed, a number."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import (
    QFontMetrics,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
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
    # A name picked from the household: who they are (a household role, or "worker").
    person_picked = Signal(str)

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.names: QComboBox | None = None
        self._roles = {p.name: p.role for p in context.people if p.name}
        if context.worker:
            self._roles[context.worker] = "worker"
        if item.suggest:  # names to pick from a list, any other name typed
            self.names = self._names_box(item, context)
            edit = self.names.lineEdit()
            assert edit is not None  # an editable combo has its line edit
            self.edit = edit
        else:
            self.edit = QLineEdit()
        self.edit.setObjectName(f"input_{item.id}")
        self.edit.setAccessibleName(item.label)
        if item.max_length:
            self.edit.setMaxLength(item.max_length)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.names if self.names is not None else self.edit)
        if item.validate:  # an identifier: a short box, an example, tidied when left
            self.edit.setPlaceholderText(IDENTIFIER_EXAMPLES[item.validate])
            self.edit.setMaximumWidth(QFontMetrics(self.edit.font()).horizontalAdvance("0") * 24)
            layout.addStretch(1)
            self.edit.editingFinished.connect(self._tidy)
        self.edit.textEdited.connect(self._emit)
        self.setFocusProxy(self.names if self.names is not None else self.edit)

    def _names_box(self, item: Field, context: EditorContext) -> QComboBox:
        """The household's people (who they are beside each name) and the worker, to pick;
        picking puts the name alone in the box."""
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setObjectName(f"names_{item.id}")
        box.setAccessibleName(item.label)
        completer = box.completer()
        assert completer is not None
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        for label, name in household_names(context):
            box.addItem(label, name)
        box.setCurrentIndex(-1)
        edit = box.lineEdit()
        assert edit is not None
        edit.setPlaceholderText("Pick from the household, or type a name")
        box.activated.connect(self._picked)
        # A name completed from the list as it is typed is the name alone, as when picked.
        completer.activated.connect(lambda label: self._picked(box.findText(label)))
        return box

    def _picked(self, index: int) -> None:
        assert self.names is not None
        name = self.names.itemData(index) if index >= 0 else None
        if isinstance(name, str):
            self.edit.setText(name)
            self._emit()
            if name in self._roles:
                self.person_picked.emit(self._roles[name])

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


def household_names(context: EditorContext) -> list[tuple[str, str]]:
    """(label, name) for each of the family's people who can take part (children and
    adults, not a baby not yet born), then the worker: "Sam Lee (Mother)", "Robin (you)"."""
    names = [(p.label, p.name) for p in context.people if p.role != "unborn" and p.name]
    if context.worker:
        names.append((f"{context.worker} (you)", context.worker))
    return names


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
    """A paragraph typed in a box that grows with it (a house's words are typed in one too:
    ``ui/wizard/editors/house.py``, which shows it in its own way)."""

    def __init__(self, item: Field, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(item, context, parent)
        self.edit = self.make_edit(item)
        self.edit.setObjectName(f"input_{item.id}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.shown(item))
        self.edit.textChanged.connect(self._changed)
        self._quiet = False
        self.setFocusProxy(self.edit)

    def make_edit(self, item: Field) -> GrowingTextEdit:
        """The box the words are typed in."""
        edit = GrowingTextEdit()
        edit.setAccessibleName(item.label)
        return edit

    def shown(self, item: Field) -> QWidget:
        """What the field shows: the box itself."""
        return self.edit

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
