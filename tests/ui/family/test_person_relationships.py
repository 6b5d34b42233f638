"""The person dialog offers relationships by role: an adult's to the children, a child's
to the others, and none for an unborn baby, whose "Mother" is refused by the store.
Real dialog, real encrypted store; synthetic names."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app import dates
from app.errors import ValidationFailed
from app.families import households as families
from app.families.households import FamilyData, PersonData
from app.store.caseload_store import Profile, Store

from ui.family.person_dialog import ADULT_HINT, CHILD_HINT, PersonDialog

TODAY = dates.today()
WAIT = 10_000


@pytest.fixture
def family_id(store: Store, profile: Profile) -> str:
    return store.run(families.save_family, profile, FamilyData(id=None, family_name="Tarnley"))


def offered(dialog: PersonDialog) -> list[str]:
    return [dialog.relationship.itemText(i) for i in range(dialog.relationship.count())]


def open_dialog(qtbot, store_runner, profile, family_id, person=None) -> PersonDialog:
    dialog = PersonDialog(store_runner, profile, family_id, person, family_name="Tarnley")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_relationships_are_offered_by_role(qtbot, store_runner, profile, family_id) -> None:
    dialog = open_dialog(qtbot, store_runner, profile, family_id)
    row = dialog.rows["relationship_to_child"]
    assert dialog.role.code() == "child"
    assert "Daughter" in offered(dialog) and "Mother" not in offered(dialog)
    assert row.hint_label.text() == CHILD_HINT
    dialog.role.set_code("parent_carer")
    assert "Mother" in offered(dialog) and "Son" not in offered(dialog)
    assert row.hint_label.text() == ADULT_HINT
    dialog.role.set_code("unborn")
    assert not row.isVisibleTo(dialog)
    dialog.grab().save("/tmp/unborn-person-dialog.png")
    dialog.role.set_code("significant_adult")
    assert row.isVisibleTo(dialog) and row.hint_label.text() == ADULT_HINT


def test_what_was_typed_stays_when_the_role_changes(
    qtbot, store_runner, profile, family_id
) -> None:
    dialog = open_dialog(qtbot, store_runner, profile, family_id)
    dialog.role.set_code("significant_adult")
    qtbot.keyClicks(dialog.relationship.lineEdit(), "Godmother")
    dialog.role.set_code("parent_carer")
    assert dialog.relationship.code() == "Godmother"


def test_an_unborn_baby_is_saved_with_no_relationship_even_if_one_was_stored(
    qtbot, store_runner, profile, store, family_id
) -> None:
    # An unborn baby stored with "Mother" before relationships were offered by role.
    baby_id = store.run(
        lambda s: families.save_person(
            s, profile,
            PersonData(id=None, family_id=family_id, role="child", given_name="Wren",
                       family_name="Tarnley", relationship_to_child="Mother",
                       date_of_birth=TODAY - dt.timedelta(days=30)),
        )
    )
    stored = store.run(families.load_family, profile, family_id).members[0]
    baby = dataclasses.replace(stored, role="unborn", expected_date=TODAY + dt.timedelta(days=60))
    dialog = open_dialog(qtbot, store_runner, profile, family_id, baby)
    assert not dialog.rows["relationship_to_child"].isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [saved] = store.run(families.load_family, profile, family_id).members
    assert saved.id == baby_id and saved.role == "unborn"
    assert saved.relationship_to_child == ""


def test_the_store_refuses_mother_as_an_unborn_babys_relationship(family_id: str) -> None:
    baby = PersonData(
        id=None, family_id=family_id, role="unborn", given_name="", family_name="Tarnley",
        relationship_to_child="mother", expected_date=TODAY + dt.timedelta(days=60),
    )
    with pytest.raises(ValidationFailed) as refused:
        families.validate_person(baby)
    assert refused.value.problems == {
        "relationship_to_child": (
            "“mother” is how an adult is related to the children, not an unborn baby: "
            "leave the relationship empty."
        )
    }
    families.validate_person(dataclasses.replace(baby, relationship_to_child="Unborn baby"))
