"""A form field's label: :class:`FieldCaption`, beside its field on the field's first line
of text (a multi-line box's label at its top, a line edit's level with its text)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


def first_line_offset(editor: QWidget, caption: QLabel) -> int:
    """How far below the top of ``editor`` its first line of text sits, less the top of a
    ``caption``'s text: the caption moved down by this reads on the editor's first line
    (a multi-line box's label at its top, a line edit's at its middle)."""
    text = caption.fontMetrics().height()
    if isinstance(editor, QPlainTextEdit):
        margin = int(editor.document().documentMargin())
        return max(0, editor.frameWidth() + margin + editor.contentsMargins().top())
    if isinstance(editor, QAbstractScrollArea):
        return max(0, editor.frameWidth() + 4)
    if isinstance(editor, QLineEdit | QComboBox | QAbstractSpinBox | QAbstractButton):
        return max(0, (editor.sizeHint().height() - text) // 2)
    inner = editor.layout()
    if inner is not None:  # a composite: its first input, below the layout's margin
        for index in range(inner.count()):
            item = inner.itemAt(index)
            child = item.widget() if item is not None else None
            if child is not None and not child.isHidden():
                return inner.contentsMargins().top() + first_line_offset(child, caption)
    return 0


class FieldCaption(QLabel):
    """A field's label, beside it, on the field's first line of text: level with a line
    edit's text, at the top of a multi-line box (not floating in the middle of it)."""

    def __init__(self, text: str, editor: QWidget) -> None:
        super().__init__(text)
        self.editor = editor
        self.setBuddy(editor)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.align_to_editor()

    def align_to_editor(self) -> None:
        self.setContentsMargins(0, first_line_offset(self.editor, self), 0, 0)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.Polish, QEvent.Type.Show):
            self.align_to_editor()  # a larger font or the style sheet changes the offset
        return super().event(event)
