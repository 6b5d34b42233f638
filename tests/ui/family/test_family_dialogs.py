"""The dialogs that create and edit a family, its people, agencies and level of need."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app import dates
from app.families import households as families
from app.families.households import FamilyData, PersonData
from app.reference.council_config import install_reference
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, Family, OutboxOp, Person

import ui.family.person_dialog as person_dialog_module
from ui.family.agency_dialog import AgencyDialog
from ui.family.family_dialog import FamilyDialog
from ui.family.level_dialog import LevelDialog
from ui.family.person_dialog import PersonDialog
from ui.widgets.fields import DATE_FORMAT_MESSAGE, ChoiceCombo, DateField

TODAY = dates.today()


@pytest.fixture
def family_id(store: Store, profile: Profile) -> str:
    return store.run(families.save_family, profile, FamilyData(id=None, family_name="Hollowby"))


def count(store: Store, statement) -> int:
    return store.run(lambda s: s.scalar(statement))


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# ---------------------------------------------------------------- shared rows


def test_date_field_reads_uk_dates_and_tidies_them(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "7/3/2021")
    assert field.date() == dt.date(2021, 3, 7)
    field.editingFinished.emit()
    assert field.text() == "07/03/2021"
    field.setText("31/02/2021")
    with pytest.raises(ValueError):
        field.date()
    field.clear()
    assert field.date() is None


def test_choice_combo_shows_labels_and_gives_codes(qtbot):
    combo = ChoiceCombo({"gp": "GP", "self": "Self-referral"}, blank="Choose…")
    qtbot.addWidget(combo)
    assert combo.code() == ""
    combo.set_code("self")
    assert combo.currentText() == "Self-referral" and combo.code() == "self"
    editable = ChoiceCombo({"School": "School"}, editable=True)
    qtbot.addWidget(editable)
    editable.setEditText("Community midwife team")
    assert editable.code() == "Community midwife team"
    editable.setEditText("school")
    assert editable.code() == "School"


# ---------------------------------------------------------------- family dialog


def test_new_family_is_saved_with_outbox_and_audit(qtbot, store_runner, levels, profile, store):
    dialog = show(qtbot, FamilyDialog(store_runner, levels, profile))
    assert dialog.windowTitle() == "New family"
    qtbot.keyClicks(dialog.family_name, "Marrowgate")
    qtbot.keyClicks(dialog.address_line1, "4 Sample Close")
    qtbot.keyClicks(dialog.town, "Widnes")
    qtbot.keyClicks(dialog.postcode, "wa8 9zz")
    request_day = TODAY - dt.timedelta(days=3)
    qtbot.keyClicks(dialog.request_date, request_day.strftime("%d/%m/%Y"))
    dialog.request_source.set_code("school")
    qtbot.keyClicks(dialog.request_reason, "School noticed the children were often late and tired.")
    qtbot.keyClicks(dialog.lead_professional, "Dee Placeholder")
    qtbot.keyClicks(dialog.lead_agency.lineEdit(), "Community midwife team")

    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    family_id = saved.args[0]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == FamilyDialog.DialogCode.Accepted

    row = store.run(
        lambda s: (lambda f: (f.family_name, f.postcode, f.request_date, f.request_source,
                              f.lead_agency, f.reference, f.allocated_to))(s.get(Family, family_id))
    )
    assert row == ("Marrowgate", "WA8 9ZZ", request_day, "school", "Community midwife team",
                   row[5], "robin.testworker")
    assert row[5].startswith("EH-")
    assert count(store, select(func.count()).select_from(OutboxOp).where(
        OutboxOp.entity == "family", OutboxOp.entity_id == family_id)) == 1
    assert count(store, select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity_id == family_id, AuditEvent.action == "create")) == 1


def test_agency_choices_are_the_councils_once_its_list_is_installed(
    qtbot, store_runner, levels, profile, family_id
):
    install_reference({"agencies": ["Family hub", "School nursing", "Housing options"]})
    offered = [["Family hub", "School nursing", "Housing options"]] * 2
    family = show(qtbot, FamilyDialog(store_runner, levels, profile))
    agency = show(qtbot, AgencyDialog(store_runner, profile, family_id))
    for combo, expected in zip((family.lead_agency, agency.agency), offered, strict=True):
        assert [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)] == expected


def test_empty_family_name_is_refused_next_to_the_field(
    qtbot, store_runner, levels, profile, store,
):
    dialog = show(qtbot, FamilyDialog(store_runner, levels, profile))
    qtbot.keyClicks(dialog.postcode, "not a postcode")
    qtbot.keyClicks(dialog.request_date, "yesterday")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.rows["family_name"].error == "Enter the family's name."
    assert dialog.rows["family_name"].error_label.isVisible()
    assert dialog.rows["postcode"].error.startswith("This is not a UK postcode")
    assert dialog.rows["request_date"].error == DATE_FORMAT_MESSAGE
    assert dialog.rows["town"].error == ""
    assert dialog.isVisible() and not dialog.is_saving
    assert count(store, select(func.count()).select_from(Family)) == 0

    qtbot.keyClicks(dialog.family_name, "Quillfield")
    dialog.postcode.clear()
    dialog.request_date.clear()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["family_name"].error == ""
    assert count(store, select(func.count()).select_from(Family)) == 1


def test_editing_a_family_keeps_its_reference_and_saves_changes(
    qtbot, store_runner, levels, profile, store, family_id,
):
    detail = store.run(families.load_family, profile, family_id)
    dialog = show(qtbot, FamilyDialog(store_runner, levels, profile, detail.family))
    assert dialog.reference.isReadOnly() and dialog.reference.text() == detail.family.reference
    assert dialog.family_name.text() == "Hollowby"
    qtbot.keyClicks(dialog.phone, "01632 960555")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [family_id]
    assert store.run(lambda s: s.get(Family, family_id).phone) == "01632 960555"
    ops = store.run(lambda s: s.scalars(
        select(OutboxOp.fields).where(OutboxOp.entity_id == family_id).order_by(OutboxOp.seq)
    ).all())
    assert ops[-1] == {"phone": "01632 960555"}  # only what changed goes to the outbox


def test_a_problem_the_store_finds_is_shown_and_the_dialog_stays(
    qtbot, store_runner, levels, profile, store, family_id,
):
    detail = store.run(families.load_family, profile, family_id)
    store.run(lambda s: setattr(s.get(Family, family_id), "deleted", True))
    dialog = show(qtbot, FamilyDialog(store_runner, levels, profile, detail.family))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    assert dialog.banner.text() == "That family is no longer in this store."
    assert dialog.isVisible() and dialog.save_button.isEnabled()


# ---------------------------------------------------------------- person dialog


def test_person_dialog_explains_each_problem(qtbot, store_runner, profile, store, family_id):
    dialog = show(qtbot, PersonDialog(store_runner, profile, family_id, family_name="Hollowby"))
    dialog.family_name.clear()
    qtbot.keyClicks(dialog.date_of_birth, "12/13/2020")
    qtbot.keyClicks(dialog.nhs_number, "123 456 7890")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["given_name"].error == "Enter a first name."
    assert dialog.rows["date_of_birth"].error == DATE_FORMAT_MESSAGE
    assert dialog.rows["nhs_number"].error.startswith("This is not a valid NHS number")
    assert dialog.focusWidget() is dialog.given_name or not dialog.isActiveWindow()

    dialog.role.set_code("unborn")
    dialog.expected_date.setText((TODAY - dt.timedelta(days=90)).strftime("%d/%m/%Y"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["expected_date"].error.startswith("This due date has passed")
    assert dialog.rows["given_name"].error == ""  # a baby not yet born needs no name
    assert count(store, select(func.count()).select_from(Person)) == 0


def test_store_validation_is_shown_next_to_the_field(
    qtbot, store_runner, profile, store, family_id, monkeypatch,
):
    # Skip the dialog's own check so the store's validation has to catch it.
    monkeypatch.setattr(
        person_dialog_module,
        "families",
        types.SimpleNamespace(validate_person=lambda data: None, save_person=families.save_person),
    )
    dialog = show(qtbot, PersonDialog(store_runner, profile, family_id))
    qtbot.keyClicks(dialog.given_name, "Wren")
    qtbot.keyClicks(dialog.date_of_birth, (TODAY + dt.timedelta(days=2)).strftime("%d/%m/%Y"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rows["date_of_birth"].error != "")
    assert dialog.rows["date_of_birth"].error == "A date of birth cannot be in the future."
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert count(store, select(func.count()).select_from(Person)) == 0


def test_existing_nhs_number_is_masked_in_the_dialog(qtbot, store_runner, profile, family_id):
    person = PersonData(id="p1", family_id=family_id, role="parent_carer", given_name="Ash",
                        nhs_number="9990000026")
    dialog = show(qtbot, PersonDialog(store_runner, profile, family_id, person))
    assert dialog.nhs_number.echoMode() != dialog.nhs_number.EchoMode.Normal
    assert dialog.windowTitle() == "Edit Ash"


# ---------------------------------------------------------------- level dialog


def test_level_dialog_says_what_each_choice_means(qtbot, store_runner, levels, profile, family_id):
    dialog = show(qtbot, LevelDialog(store_runner, levels, profile, family_id, "child_protection"))
    assert dialog.direction_text == "Choose the new level of need."
    dialog.level.set_code("early_help")
    assert dialog.direction_text == "This is a step down from children's social care to early help."
    dialog.level.set_code("child_in_need")
    assert dialog.direction_text.startswith("This moves the family down a level")
    dialog.level.set_code("child_protection")
    assert "already at Child Protection" in dialog.direction_text
    qtbot.keyClicks(dialog.reason, "Reviewed.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["to_level"].error == "The family is already at Child Protection."


def test_first_level_decision_is_recorded(qtbot, store_runner, levels, profile, store, family_id):
    dialog = show(qtbot, LevelDialog(store_runner, levels, profile, family_id, ""))
    dialog.level.set_code("early_help")
    assert dialog.direction_text.startswith("This is the first decision")
    dialog.decided_by.clear()
    dialog.decided_on.setText((TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    qtbot.keyClicks(dialog.reason, "Agreed with the family at the first visit.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["decided_by"].error == "Say who made the decision."
    assert dialog.rows["decided_on"].error == "A decision cannot be dated in the future."

    qtbot.keyClicks(dialog.decided_by, "Robin Testworker")
    dialog.decided_on.setText(TODAY.strftime("%d/%m/%Y"))
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [family_id]
    detail = store.run(families.load_family, profile, family_id)
    assert detail.family.level_code == "early_help"
    assert [(c.direction, c.decided_by) for c in detail.level_history] == [
        ("initial", "Robin Testworker")
    ]
