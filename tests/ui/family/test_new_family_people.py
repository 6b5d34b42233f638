"""A new family takes its people before it is saved (issue 17: people could be added only
after): added, changed and removed in the new family's dialog with the person dialog,
saved with the family in one go, kept on a stray Escape (the dialog asks), and never stored
when the family is not. The relationship hint for an adult ("To the child…") is not
offered for a child, and an unborn baby has no relationship row. Pressed as a worker
presses them; a real encrypted store; synthetic names.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import Family, Person

from ui.family.family_dialog import FamilyDialog
from ui.family.person_dialog import ADULT_HINT, PersonDialog
from ui.shell.task_runner import TaskRunner

WAIT = 20_000


def _new_family(qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed,
                profile: Profile) -> FamilyDialog:
    dialog = FamilyDialog(runner, levels, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.family_name, "Quillfield")
    return dialog


def _person_dialog(qtbot: QtBot, dialog: FamilyDialog, button: object) -> PersonDialog:
    household = dialog.household
    assert household is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: household.dialog is not None and household.dialog.isVisible())
    person = household.dialog
    assert isinstance(person, PersonDialog)
    return person


def _choose_role(qtbot: QtBot, person: PersonDialog, label: str) -> None:
    person.role.setFocus()
    qtbot.keyClick(person.role, Qt.Key.Key_Home)
    for _ in range(person.role.count()):
        if person.role.currentText() == label:
            return
        qtbot.keyClick(person.role, Qt.Key.Key_Down)
    assert person.role.currentText() == label


def _add(qtbot: QtBot, dialog: FamilyDialog, role: str, name: str, born: str,
         relationship: str = "") -> None:
    household = dialog.household
    assert household is not None
    person = _person_dialog(qtbot, dialog, household.add_button)
    assert person.family_name.text() == "Quillfield"  # the name typed for the family
    _choose_role(qtbot, person, role)
    qtbot.keyClicks(person.given_name, name)
    qtbot.keyClicks(person.date_of_birth, born)
    if relationship:
        qtbot.keyClicks(person.relationship.lineEdit(), relationship)
    qtbot.mouseClick(person.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: household.dialog is None)


def _count(store: Store, model: type) -> int:
    return int(store.run(lambda s: s.scalar(select(func.count()).select_from(model))))


def test_people_added_while_making_a_family_are_saved_with_it(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, levels: LevelsOfNeed,
    profile: Profile,
) -> None:
    dialog = _new_family(qtbot, store_runner, levels, profile)
    household = dialog.household
    assert household is not None and household.empty.isVisible()
    _add(qtbot, dialog, "Child", "Ivy", "02/03/2019")
    _add(qtbot, dialog, "Parent / carer", "Robin", "04/05/1990", "Mother")
    assert household.list.count() == 2 and not household.empty.isVisible()
    assert _count(store, Family) == 0 and _count(store, Person) == 0  # nothing stored yet

    # A mistake put right: the child's name changed in the list before saving.
    household.list.setCurrentRow(0)
    person = _person_dialog(qtbot, dialog, household.edit_button)
    assert person.given_name.text() == "Ivy"
    person.given_name.selectAll()
    qtbot.keyClicks(person.given_name, "Iris")
    qtbot.mouseClick(person.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: household.list.item(0).text().startswith("Iris Quillfield"))

    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    family_id = saved.args[0]
    people = store.run(lambda s: sorted(
        (p.given_name, p.role, p.relationship_to_child)
        for p in s.scalars(select(Person).where(Person.family_id == family_id))
    ))
    assert people == [("Iris", "child", ""), ("Robin", "parent_carer", "Mother")]


def test_a_stray_escape_keeps_the_people_and_discarding_stores_nothing(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, levels: LevelsOfNeed,
    profile: Profile,
) -> None:
    dialog = _new_family(qtbot, store_runner, levels, profile)
    _add(qtbot, dialog, "Child", "Ivy", "02/03/2019")
    household = dialog.household
    assert household is not None
    qtbot.keyClick(household.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question is not None)
    box = dialog.discard_question
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # keep editing
    qtbot.waitUntil(lambda: dialog.discard_question is None)
    assert dialog.isVisible() and household.list.count() == 1

    qtbot.keyClick(household.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question is not None)
    box = dialog.discard_question
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    discard = next(b for b in box.buttons() if b.text().replace("&", "") == "Discard")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _count(store, Family) == 0 and _count(store, Person) == 0


def test_the_adults_relationship_hint_is_not_offered_for_a_child_or_a_baby(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> None:
    dialog = _new_family(qtbot, store_runner, levels, profile)
    household = dialog.household
    assert household is not None
    person = _person_dialog(qtbot, dialog, household.add_button)
    hint = person.relationship_row.hint_label
    _choose_role(qtbot, person, "Child")
    assert "To the child" not in hint.text() and hint.text()
    assert person.relationship.findText("Mother") < 0
    _choose_role(qtbot, person, "Unborn baby")
    assert not person.relationship.isVisibleTo(person)  # no relationship row at all
    _choose_role(qtbot, person, "Parent / carer")
    assert hint.text() == ADULT_HINT
    QApplication.processEvents()
    person.done(0)
