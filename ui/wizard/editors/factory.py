"""The editor for each field type of a form definition, and the block that shows a field."""

from __future__ import annotations

from typing import Any

from app.forms.definition import Field

from ui.wizard.editors.choices import ChoiceEditor, MultiChoiceEditor, PersonEditor, YesNoEditor
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.dates import DateEditor
from ui.wizard.editors.field_block import FieldBlock
from ui.wizard.editors.field_editor import FieldEditor
from ui.wizard.editors.grades import GradeEditor
from ui.wizard.editors.guidance import ConfirmationEditor, FamilyValueEditor, GuidanceEditor
from ui.wizard.editors.house import HouseEditor
from ui.wizard.editors.picture import PictureEditor
from ui.wizard.editors.repeat import RepeatEditor
from ui.wizard.editors.scales import ScaleEditor
from ui.wizard.editors.text import LongTextEditor, NumberEditor, TextEditor

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
    "guidance": GuidanceEditor,
    "confirmation": ConfirmationEditor,
    "family_value": FamilyValueEditor,
    "picture": PictureEditor,
}
# Editors for a field's ``look`` (app.forms.definition.LOOKS), in place of its type's.
LOOK_EDITORS: dict[str, type[FieldEditor]] = {"house": HouseEditor}


def make_editor(item: Field, context: EditorContext) -> FieldEditor:
    """The editor for a field's type (a repeating group's rows get blocks of their own)."""
    if item.type == "repeat":
        return RepeatEditor(item, context, make_block)
    return LOOK_EDITORS.get(item.look, EDITORS[item.type])(item, context)


def make_block(
    item: Field, context: EditorContext, *, read_only: bool = False, value: Any = None
) -> FieldBlock:
    """A field's block: with its editor, or showing ``value`` in words when read-only."""
    editor = None if read_only else make_editor(item, context)
    return FieldBlock(item, context, editor, value=value)
