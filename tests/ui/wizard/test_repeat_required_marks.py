"""A question that is needed only in some rows of a repeating group (``required_if`` on
a field of the same row) is marked * in each row where its condition holds, and only
there; Next puts "please answer" beside it in that row alone, and the mark and the
message go when the row no longer needs it. The council's form is the tests' own
(tests/council_forms.py); the worker clicks and types."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.families.households import PersonData
from app.reference.levels_of_need import LevelsOfNeed
from tests.council_forms import language_form
from tests.ui.wizard.test_wizard import fill, next_page, show

from ui.wizard.definition_wizard import FormWizard
from ui.wizard.editors.field_block import FieldBlock
from ui.wizard.editors.repeat import RepeatEditor, RepeatRow
from ui.wizard.form_wizard import editor_context

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")

QUESTION = "Why was it missed?"
PLEASE = "Please answer this question."


def answer_missed(qtbot: Any, row: RepeatRow, missed: bool) -> None:
    """Click Yes or No for "Was the visit missed?" in one row."""
    editor = row.blocks["visit_missed"].editor
    button = editor.button_for(missed)  # type: ignore[union-attr]
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def reason(row: RepeatRow) -> FieldBlock:
    return row.blocks["missed_reason"]


def marks(rows: list[RepeatRow]) -> list[str]:
    return [reason(row).caption.text() for row in rows]


def test_a_required_if_question_is_marked_and_checked_row_by_row(
    qtbot: Any, levels: LevelsOfNeed
) -> None:
    sam = PersonData(id="p-sam", family_id="f", role="child", given_name="Sam",
                     family_name="Ashdown", date_of_birth=dt.date(2022, 1, 10))
    answers = {"seen_on": "2023-02-02", "nhs_number": "943 476 5919"}
    wizard = FormWizard(language_form(), answers, context=editor_context(levels, [sam]),
                        start_page="contacts")
    wizard.confirm = lambda title, text: True
    show(qtbot, wizard)
    visits = wizard.block("health_contacts").editor
    assert isinstance(visits, RepeatEditor)
    for _ in range(2):
        qtbot.mouseClick(visits.add_button, Qt.MouseButton.LeftButton)
    first, second = visits.rows
    qtbot.waitUntil(lambda: first.isVisible() and second.isVisible())  # shown by the event loop
    for row, day in ((first, "01/06/2022"), (second, "01/09/2022")):
        fill(qtbot, row.blocks["visit_child"].editor, "p-sam")
        fill(qtbot, row.blocks["visit_date"].editor, day)
    assert marks(visits.rows) == [QUESTION, QUESTION]  # not needed while unanswered

    answer_missed(qtbot, first, True)
    assert marks(visits.rows) == [f"{QUESTION} *", QUESTION]  # only where it holds
    answer_missed(qtbot, second, False)
    assert marks(visits.rows) == [f"{QUESTION} *", QUESTION]

    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "contacts"
    assert [reason(row).error for row in visits.rows] == [PLEASE, ""]

    # the second visit was missed too, the first after all was not
    answer_missed(qtbot, second, True)
    assert marks(visits.rows) == [f"{QUESTION} *", f"{QUESTION} *"]
    answer_missed(qtbot, first, False)
    assert marks(visits.rows) == [QUESTION, f"{QUESTION} *"]
    assert reason(first).error == ""  # no longer needed: its message has gone

    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "contacts"
    assert [reason(row).error for row in visits.rows] == ["", PLEASE]
    qtbot.keyClicks(reason(second).editor.edit, "Sam was poorly.")  # type: ignore[union-attr]
    assert reason(second).error == ""  # typing clears the row's message
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "background"
    assert wizard.answers()["health_contacts"] == [
        {"visit_child": "p-sam", "visit_date": "2022-06-01", "visit_missed": False},
        {"visit_child": "p-sam", "visit_date": "2022-09-01", "visit_missed": True,
         "missed_reason": "Sam was poorly."},
    ]
