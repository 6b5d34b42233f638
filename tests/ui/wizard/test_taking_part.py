"""Issue 17: picking a scorer from the household in the safety scaling fills in "Taking
part as" when it is empty and plainly who they are; a typed name, or an answer already
given, is left alone. Real editors, driven with the keyboard; all data is synthetic."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.forms.loader import FormRegistry

from ui.wizard.editors.context import EditorContext, PersonChoice
from ui.wizard.editors.factory import make_editor
from ui.wizard.editors.repeat import RepeatEditor

PEOPLE = (
    PersonChoice("p1", "Sam Quince", "parent_carer", "Mother"),
    PersonChoice("p2", "Ava Quince", "child", "7 years"),
    PersonChoice("p3", "Gran Quince", "significant_adult", "Grandmother"),
)


def _scaling(qtbot: QtBot, registry: FormRegistry) -> RepeatEditor:
    form = registry.latest("signs_of_safety")
    editor = make_editor(form.field("scaling"), EditorContext(people=PEOPLE, worker="Robin Lee"))
    assert isinstance(editor, RepeatEditor)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _pick(qtbot: QtBot, row: Any, label: str) -> None:
    """Open the names' list, go to the person in it and press Enter."""
    names = row.blocks["participant_name"].editor.names
    names.showPopup()
    view = names.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(names.findText(label)):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())


def test_a_picked_person_fills_taking_part_as_when_it_is_plain(
    qtbot: QtBot, registry: FormRegistry
) -> None:
    scaling = _scaling(qtbot, registry)
    for label, wanted in (("Sam Quince (Mother)", "parent"), ("Ava Quince (7 years)", "child"),
                          ("Robin Lee (you)", "worker"), ("Gran Quince (Grandmother)", None)):
        row = scaling.add_row()
        _pick(qtbot, row, label)
        assert row.blocks["participant_role"].editor.value() == wanted, label
    # a choice already made is not changed by picking another person
    row = scaling.rows[0]
    row.blocks["participant_role"].editor.choose("agency")
    _pick(qtbot, row, "Ava Quince (7 years)")
    assert row.blocks["participant_role"].editor.value() == "agency"
