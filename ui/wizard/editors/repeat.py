"""Repeating groups: rows the worker adds and removes, each holding the group's fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.forms.answers import holds, is_answered, visible
from app.forms.definition import Field
from app.forms.person_kinds import nobody_fits, nothing_to_add

from ui.wizard.editors.choices import ChoiceEditor
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.field_block import FieldBlock
from ui.wizard.editors.field_editor import FieldEditor
from ui.wizard.editors.look import MUTED_COLOUR, EditorFrame, text_label
from ui.wizard.editors.tab_order import chain_after, focusable_children
from ui.wizard.editors.text import TextEditor

# Makes the block showing one field of a row (editable).
BlockMaker = Callable[[Field, EditorContext], FieldBlock]


# Alt+letters the wizard's own buttons hold (Back, Next, Close, Complete, a row's Remove,
# a date's Today): a row's Add button takes none of them.
_TAKEN = set("bncpmt")


def with_mnemonic(text: str) -> str:
    """``text`` with an Alt+letter (the first letter the wizard does not use) unless it
    has one: "Add a child" is Alt+A."""
    if "&" in text:
        return text
    for index, char in enumerate(text):
        if char.isalpha() and char.lower() not in _TAKEN:
            return f"{text[:index]}&{text[index:]}"
    return text


# A household role, and the option value a "taking part as" choice plainly means by it.
TAKING_PART = {"parent_carer": "parent", "child": "child", "worker": "worker"}


class RepeatRow(EditorFrame):
    """One row of a repeating group: its own field blocks and a Remove button."""

    remove_requested = Signal(object)

    def __init__(
        self, group: Field, context: EditorContext, number: int, make_block: BlockMaker
    ) -> None:
        super().__init__()
        self.setObjectName("repeatRow")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.title = text_label("", bold=True)
        top.addWidget(self.title, 1)
        noun = (group.row_label or "row").lower()
        self.remove_button = QPushButton(f"Re&move this {noun}")
        self.remove_button.setObjectName("removeRow")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        top.addWidget(self.remove_button)
        layout.addLayout(top)
        self.blocks: dict[str, FieldBlock] = {}
        for sub in group.fields:
            block = make_block(sub, context)
            self.blocks[sub.id] = block
            layout.addWidget(block)
        for block in self.blocks.values():
            if isinstance(block.editor, TextEditor) and block.editor.names is not None:
                block.editor.person_picked.connect(self._fill_taking_part)
        self.set_number(group, number)

    def _fill_taking_part(self, role: str) -> None:
        """A person picked by name fills an empty "taking part as" choice in the same
        row when one of its options plainly is who they are (a parent or carer, a child,
        the worker); anything less plain is left to the worker."""
        wanted = TAKING_PART.get(role)
        for block in self.blocks.values():
            editor = block.editor
            if (wanted and isinstance(editor, ChoiceEditor) and editor.value() in (None, "")
                    and wanted in {o.value for o in editor.options}):
                editor.choose(wanted)

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
    """Rows added and removed by the worker, each holding the group's fields (a block
    for each, made by ``make_block``)."""

    def __init__(
        self,
        item: Field,
        context: EditorContext,
        make_block: BlockMaker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(item, context, parent)
        self.make_block = make_block
        self.rows: list[RepeatRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(8)
        layout.addLayout(self.rows_box)
        roles = context.roles()
        missing = [s for s in item.fields if s.required and roles and nobody_fits(s, roles)]
        self.empty_label = text_label(
            nothing_to_add(missing[0]) if missing else "Nothing added yet.", MUTED_COLOUR
        )
        layout.addWidget(self.empty_label)
        noun = (item.row_label or "row").lower()
        self.add_button = QPushButton(with_mnemonic(item.add_label or f"Add a {noun}"))
        self.add_button.setObjectName(f"add_{item.id}")
        self.add_button.clicked.connect(self.add_row)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._answers: Mapping[str, Any] = {}
        self._update()

    def _new_row(self) -> RepeatRow:
        row = RepeatRow(self.field, self.context, len(self.rows) + 1, self.make_block)
        row.remove_requested.connect(self.remove_row)
        for block in row.blocks.values():
            block.changed.connect(lambda block=block: self._row_changed(block))
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

    def _row_changed(self, block: FieldBlock) -> None:
        block.set_error("")  # answered again: its message goes until the page is checked
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
        if self.field.for_each:
            self._follow(answers.get(self.field.for_each))
        for row in self.rows:
            data = row.value()
            for sub in self.field.fields:
                block = row.blocks[sub.id]
                block.setVisible(visible(sub, answers, data))
                if sub.required_if is not None:  # marked * in the rows where it holds
                    block.set_needed(holds(sub.required_if, answers, data))

    def _follow(self, chosen: Any) -> None:
        """A row for each person chosen in the field named by ``for_each`` (in the
        order chosen), each row's person filled in and fixed; no adding or removing."""
        wanted = [p for p in chosen if isinstance(p, str)] if isinstance(chosen, list) else []
        person = self.field.fields[0].id
        by_person = {row.value().get(person): row for row in self.rows}
        for row in self.rows:
            if row.value().get(person) not in wanted:
                row.hide()
                row.deleteLater()
        self.rows = []
        for pid in wanted:
            found = by_person.get(pid)
            if found is None:
                found = self._new_row()
                self.rows.pop()
                found.blocks[person].set_value(pid)
            row = found
            self.rows.append(row)
            self.rows_box.addWidget(row)  # in the order chosen
            row.blocks[person].setEnabled(False)
            row.remove_button.hide()
        for number, row in enumerate(self.rows, start=1):
            row.set_number(self.field, number)
        self.add_button.hide()
        self.empty_label.setVisible(not self.rows)

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
