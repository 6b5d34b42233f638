"""The EHAT's people pickers in the real wizard offer only the kinds of person each
question takes: an expected baby can be what the assessment is about, but is never
offered as someone who took part or as a child giving their view. Synthetic names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from app import dates
from app.dates import uk
from app.families.households import PersonData

from ui.wizard.definition_wizard import FormWizard
from ui.wizard.editors.choices import PersonEditor
from ui.wizard.editors.repeat import RepeatEditor
from ui.wizard.form_wizard import editor_context

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")

TODAY = dates.today()
EARLIER_PAGES = {
    "assessment_date": TODAY.isoformat(),
    "requested_by": "school",
    "reason_for_assessment": "A new baby is on the way and the flat is damp.",
    "child_development_summary": "Nothing yet.",
    "parenting_summary": "Warm, anxious parent.",
    "family_environment_summary": "Damp flat.",
}


def person(pid: str, role: str, given: str = "", due: dt.date | None = None) -> PersonData:
    return PersonData(
        id=pid, family_id="f", role=role, given_name=given, family_name="Brackenby",
        date_of_birth=TODAY - dt.timedelta(days=365 * 6) if role == "child" else None,
        expected_date=due,
    )


def wizard_for(qtbot: Any, levels: Any, registry: Any, people: list[PersonData]) -> FormWizard:
    wizard = FormWizard(
        registry.get("ehat", 1),
        {**EARLIER_PAGES, "children_assessed": [p.id for p in people if p.role != "parent_carer"]},
        context=editor_context(levels, people, registry.active_descriptors()),
        heading="Brackenby family",
        start_page="family",
    )
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def person_editor(wizard: FormWizard, field_id: str) -> PersonEditor:
    found = wizard.block(field_id).editor
    assert isinstance(found, PersonEditor)
    return found


def next_page(qtbot: Any, wizard: FormWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_an_expected_baby_is_assessed_but_never_took_part_nor_gives_a_view(
    qtbot, levels, registry
) -> None:
    due = TODAY + dt.timedelta(days=90)
    people = [
        person("p-sam", "parent_carer", "Sam"),
        person("p-ivy", "child", "Ivy"),
        person("p-baby", "unborn", due=due),
    ]
    wizard = wizard_for(qtbot, levels, registry, people)
    assert wizard.current_page_id() == "family"
    assessed = person_editor(wizard, "children_assessed")
    assert set(assessed.boxes) == {"p-ivy", "p-baby"}
    assert assessed.boxes["p-baby"].text() == f"Unborn baby (due {uk(due)})"
    took_part = person_editor(wizard, "people_seen")
    assert set(took_part.boxes) == {"p-sam", "p-ivy"}
    took_part.choose(["p-sam"])
    for _ in range(4):
        next_page(qtbot, wizard)
    assert wizard.current_page_id() == "child_voice"
    voices = wizard.block("children_voice").editor
    assert isinstance(voices, RepeatEditor)
    qtbot.mouseClick(voices.add_button, Qt.MouseButton.LeftButton)
    child = voices.rows[0].blocks["voice_child"].editor
    assert isinstance(child, PersonEditor) and child.combo is not None
    offered = [child.combo.itemData(i) for i in range(1, child.combo.count())]
    assert offered == ["p-ivy"]


def test_a_family_expecting_its_first_baby_is_not_asked_for_each_childs_view(
    qtbot, levels, registry
) -> None:
    people = [person("p-sam", "parent_carer", "Sam"), person("p-baby", "unborn", "Rowan")]
    wizard = wizard_for(qtbot, levels, registry, people)
    took_part = person_editor(wizard, "people_seen")
    assert set(took_part.boxes) == {"p-sam"}
    took_part.choose(["p-sam"])
    for _ in range(4):
        next_page(qtbot, wizard)
    assert wizard.current_page_id() == "child_voice"
    voices = wizard.block("children_voice").editor
    assert isinstance(voices, RepeatEditor)
    assert voices.empty_label.text() == (
        "No children (born) are recorded in this family, so nothing is needed here yet."
    )
    wizard.grab().save("/tmp/unborn-wizard-first-baby.png")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "parent_voice"
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(voices.add_button, Qt.MouseButton.LeftButton)
    child = voices.rows[0].blocks["voice_child"].editor
    assert isinstance(child, PersonEditor) and child.combo is not None
    assert child.combo.count() == 1
    assert child.combo.itemText(0) == (
        "No children (born) are recorded in this family yet: add them to the family record first."
    )
    assert not [lbl for lbl in wizard.findChildren(QLabel) if "Rowan" in lbl.text()]


def test_a_draft_that_named_the_baby_as_taking_part_asks_again(qtbot, levels, registry) -> None:
    people = [
        person("p-sam", "parent_carer", "Sam"),
        person("p-baby", "unborn", due=TODAY + dt.timedelta(days=30)),
    ]
    wizard = FormWizard(
        registry.get("ehat", 1),
        {**EARLIER_PAGES, "children_assessed": ["p-baby"], "people_seen": ["p-sam", "p-baby"]},
        context=editor_context(levels, people, registry.active_descriptors()),
        start_page="family",
    )
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    took_part = person_editor(wizard, "people_seen")
    assert took_part.boxes["p-baby"].text().endswith(": not for this question")
    assert took_part.boxes["p-baby"].text().startswith("Unborn baby (due ")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "family"
    assert wizard.block("people_seen").error == (
        "An unborn baby cannot be chosen here: please choose a child or an adult."
    )
    took_part.boxes["p-baby"].click()
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "child_development"
