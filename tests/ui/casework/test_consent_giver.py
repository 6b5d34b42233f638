"""Issue 17: the consent dialog chooses nobody as the giver; the worker says who (someone
in the household, or someone else), and the form ends near its last field.

Real widgets over a real store, driven with the mouse and keys; all data is synthetic."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.families.households import load_family
from app.store.caseload_store import Profile, Store
from db.models import Consent
from tests.builders import CaseworkFamily

from ui.casework.consent_dialog import NO_GIVER, ConsentDialog
from ui.shell.task_runner import TaskRunner


def _dialog(qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile,
            seeded: CaseworkFamily) -> ConsentDialog:
    family = store.run(load_family, profile, seeded.family_id)
    dialog = ConsentDialog(runner, profile, seeded.family_id, family.members,
                           [a.agency for a in family.agencies])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_nobody_is_chosen_as_the_giver_until_the_worker_says_who(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    dialog = _dialog(qtbot, store_runner, store, profile, seeded)
    assert dialog.giver.code() == ""
    assert dialog.giver.currentText() == "Choose who gave consent…"
    dialog.method.setFocus()
    qtbot.keyClick(dialog.method, Qt.Key.Key_Down)  # the first way of giving it
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.rows["given_by_person_id"].error))
    assert dialog.rows["given_by_person_id"].error == NO_GIVER

    # a name typed with nobody chosen is someone not in the household record
    qtbot.keyClicks(dialog.giver_name, "Pat Neighbour")
    assert dialog.giver.currentText() == "Someone not in the household record"

    # choosing a parent in the household by keyboard fills their name in
    members = {m.id: m for m in store.run(load_family, profile, seeded.family_id).members}
    dialog.giver.setFocus()
    qtbot.keyClick(dialog.giver, Qt.Key.Key_Home)
    while dialog.giver.code() not in members or members[dialog.giver.code()].role == "child":
        qtbot.keyClick(dialog.giver, Qt.Key.Key_Down)
    member = members[dialog.giver.code()]
    assert dialog.giver_name.text() == member.full_name
    qtbot.mouseClick(dialog.assess, Qt.MouseButton.LeftButton, pos=dialog.assess.rect().center())
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    consent = store.run(lambda s: s.get(Consent, saved.args[0]).given_by_person_id)
    assert consent == member.id


def test_the_form_ends_near_its_last_field(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    dialog = _dialog(qtbot, store_runner, store, profile, seeded)
    qtbot.wait(20)
    body = dialog.scroll_area.widget()
    assert body is not None
    notes_bottom = dialog.notes.mapTo(body, dialog.notes.rect().bottomLeft()).y()
    assert body.height() - notes_bottom <= 60  # it left 74 px empty below the notes
    assert dialog.scroll_area.verticalScrollBar().maximum() == 0  # and it all shows
