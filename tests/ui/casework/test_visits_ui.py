"""Visits: recording (UK time), seen and seen alone, finalising, read-only
final records with addenda, planned visits, and follow-ups becoming actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot

from app import dates
from app.casework import plans, visit_data, visit_writes, visits
from app.dates import uk
from app.store.caseload_store import Profile, Store
from tests.builders import CaseworkFamily, days

from ui.casework.addendum_dialog import AddendumDialog
from ui.casework.plan_dialogs import ActionDialog
from ui.casework.visit_dialog import VisitDialog

WAIT = 20_000  # ms for a view to load


def visits_tab(view: Any) -> Any:
    view.tabs.setCurrentIndex(view.casework.tab_index["visits"])
    return view.casework.visits


def open_visit(qtbot: QtBot, panel: Any, visit_id: str) -> VisitDialog:
    assert panel.select_visit(visit_id)
    panel.open_selected()
    qtbot.waitUntil(lambda: panel.dialog is not None, timeout=WAIT)
    dialog = panel.dialog
    assert isinstance(dialog, VisitDialog)
    return dialog


def test_recording_a_visit_in_uk_summer_time_with_a_child_seen_alone(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    panel = visits_tab(family_view(seeded.family_id))
    panel.record_visit()
    dialog = panel.dialog
    assert isinstance(dialog, VisitDialog)
    summer = dt.date(dates.today().year - 1, 7, 14)  # British Summer Time (UTC+1)
    dialog.date.setText(uk(summer))
    dialog.time.setTime(QTime(9, 15))
    dialog.kind.set_code("home_visit")
    jade = next(b for b in dialog.seen_boxes.values() if b.text() == "Jade Ashworth")
    jade.setChecked(True)
    noah_seen = dialog.child_seen[seeded.older_id]
    noah_alone = dialog.child_alone[seeded.older_id]
    assert not noah_alone.isEnabled()  # seen alone only for a child who was seen
    noah_seen.setChecked(True)
    assert noah_alone.isEnabled()
    noah_alone.setChecked(True)
    qtbot.keyClicks(dialog.child_words, "I want my own room.")
    qtbot.keyClicks(dialog.notes, "Talked about the housing letter.")
    dialog.add_follow_up("Ring the housing officer")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    stored = store.run(visits.load_visit, profile, saved.args[0])
    assert stored.occurred_at == dt.datetime(summer.year, 7, 14, 8, 15, tzinfo=dt.UTC)
    assert stored.when_text == f"{uk(summer)} 09:15"
    noah = next(c for c in stored.children_seen if c.person_id == seeded.older_id)
    assert noah.seen and noah.seen_alone
    maisie = next(c for c in stored.children_seen if c.person_id == seeded.child_id)
    assert not maisie.seen
    assert stored.child_words == "I want my own room."
    assert [f.text for f in stored.follow_ups] == ["Ring the housing officer"]
    assert stored.is_draft
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT)
    row = next(r for r in panel.model.rows if r.id == stored.id)
    assert panel.model.columns[2].text(row) == "Draft"
    assert panel.model.columns[4].text(row) == "Noah: seen alone; Maisie: not seen"


def test_a_draft_is_finalised_and_then_can_only_be_added_to(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    draft = store.run(
        visit_writes.save_visit,
        profile,
        visit_data.VisitRequest(
            family_id=seeded.family_id,
            occurred_at=visit_data.uk_to_utc(days(-1), 14, 0),
            kind="phone",
            notes="Jade rang about the grant.",
        ),
    )
    panel = visits_tab(family_view(seeded.family_id))
    dialog = open_visit(qtbot, panel, draft.id)
    assert "Draft" in dialog.status.text()
    assert dialog.save_button.isVisible() and dialog.finalise_button.isVisible()
    dialog.notes.setPlainText("Jade rang about the grant; it has been paid.")
    with qtbot.waitSignal(dialog.finalised, timeout=WAIT):
        qtbot.mouseClick(dialog.finalise_button, Qt.MouseButton.LeftButton)
    final = store.run(visits.load_visit, profile, draft.id)
    assert final.is_final and final.finalised_by == profile.name
    assert final.notes == "Jade rang about the grant; it has been paid."

    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT)
    qtbot.waitUntil(
        lambda: any(r.id == draft.id and r.is_final for r in panel.model.rows), timeout=WAIT
    )
    dialog = open_visit(qtbot, panel, draft.id)
    assert dialog.read_only
    assert not dialog.save_button.isVisible() and not dialog.finalise_button.isVisible()
    assert dialog.notes.isReadOnly() and not dialog.kind.isEnabled()
    assert "cannot be changed" in dialog.status.text()
    assert dialog.addendum_button.isVisible()
    dialog.add_addendum()
    addendum = dialog.addendum_dialog
    assert isinstance(addendum, AddendumDialog)
    qtbot.mouseClick(addendum.save_button, Qt.MouseButton.LeftButton)
    assert addendum.rows["text"].error == "Write the correction or addition."
    qtbot.keyClicks(addendum.text, "Correction: the grant was paid on Monday, not Friday.")
    with qtbot.waitSignal(addendum.added, timeout=WAIT):
        qtbot.mouseClick(addendum.save_button, Qt.MouseButton.LeftButton)
    assert "Correction: the grant was paid on Monday" in dialog.addenda.toPlainText()
    stored = store.run(visits.load_visit, profile, draft.id)
    assert [a.text for a in stored.addenda] == [
        "Correction: the grant was paid on Monday, not Friday."
    ]
    assert stored.notes == "Jade rang about the grant; it has been paid."  # unchanged
    qtbot.waitUntil(
        lambda: (
            "Correction" in panel.detail.toPlainText()
            if panel.selected() and panel.selected().id == draft.id
            else False
        ),
        timeout=WAIT,
    )


def test_a_planned_visit_is_recorded_when_it_has_happened(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    panel = visits_tab(family_view(seeded.family_id))
    panel.plan_visit()
    dialog = panel.dialog
    assert dialog.plan_only
    assert dialog.rows["children_seen"].isHidden() and dialog.rows["child_words"].isHidden()
    dialog.date.setText(uk(days(0)))
    dialog.time.setTime(QTime(0, 0))
    dialog.kind.set_code("school")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    planned_id = saved.args[0]
    assert store.run(visits.load_visit, profile, planned_id).planned
    qtbot.waitUntil(lambda: panel.select_visit(planned_id), timeout=WAIT)
    assert panel.open_button.text() == "Ope&n to record…"
    dialog = open_visit(qtbot, panel, planned_id)
    assert dialog.save_button.text() == "&Record visit"
    dialog.child_seen[seeded.child_id].setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    recorded = store.run(visits.load_visit, profile, planned_id)
    assert not recorded.planned and recorded.is_draft and recorded.any_child_seen


def test_a_follow_up_becomes_a_plan_action(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    view = family_view(seeded.family_id)
    panel = visits_tab(view)
    dialog = open_visit(qtbot, panel, seeded.final_visit_id)
    assert dialog.read_only  # final, yet its follow-ups can still go into the plan
    dialog.follow_list.setCurrentRow(1)
    assert dialog.to_action_button.isEnabled()
    dialog.follow_up_to_action()
    qtbot.waitUntil(lambda: getattr(dialog, "action_dialog", None) is not None, timeout=WAIT)
    action_dialog = dialog.action_dialog
    assert isinstance(action_dialog, ActionDialog)
    assert action_dialog.text.toPlainText() == "Find a football club near home for Noah"
    action_dialog.outcome.set_code(seeded.outcome_ids[2])
    action_dialog.owner.set_code(f"person:{seeded.mother_id}")
    action_dialog.due_on.setText(uk(days(21)))
    with qtbot.waitSignal(action_dialog.saved, timeout=WAIT):
        qtbot.mouseClick(action_dialog.save_button, Qt.MouseButton.LeftButton)
    plan = store.run(plans.load_plan, profile, seeded.family_id)
    made = next(a for a in plan.actions if a.from_visit_id == seeded.final_visit_id)
    assert made.from_follow_up == 1 and made.owner_name == "Jade Ashworth"
    assert made.domain == "education"
    qtbot.waitUntil(lambda: "✓ in the plan" in dialog.follow_list.item(1).text(), timeout=WAIT)
    dialog.follow_list.setCurrentRow(1)
    assert not dialog.to_action_button.isEnabled()  # only once
    plan_tab = view.casework.plan
    assert plan_tab.is_stale  # behind the Visits tab: it reloads when the worker looks
    view.tabs.setCurrentWidget(plan_tab)
    qtbot.waitUntil(lambda: made.id in plan_tab.tree.items, timeout=WAIT)


def test_a_visit_in_the_future_is_refused_with_a_clear_message(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    panel = visits_tab(family_view(seeded.family_id))
    panel.record_visit()
    dialog = panel.dialog
    dialog.kind.set_code("clinic")
    dialog.date.setText(uk(days(3)))
    with qtbot.assertNotEmitted(dialog.saved, wait=300):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.is_saving, timeout=WAIT)
    assert "plan it instead" in dialog.rows["occurred_at"].error


def test_the_addendum_names_the_visit_as_a_practitioner_says_it(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    """Issue 17: it said "The record of the school on …"."""
    visit = store.run(
        visit_writes.save_visit,
        profile,
        visit_data.VisitRequest(
            family_id=seeded.family_id,
            occurred_at=visit_data.uk_to_utc(days(-2), 9, 30),
            kind="school",
            notes="Met the class teacher with Jade.",
        ),
    )
    store.run(visit_writes.finalise_visit, profile, visit.id)
    panel = visits_tab(family_view(seeded.family_id))
    qtbot.waitUntil(lambda: any(r.id == visit.id for r in panel.model.rows), timeout=WAIT)
    dialog = open_visit(qtbot, panel, visit.id)
    qtbot.waitUntil(dialog.addendum_button.isVisible, timeout=WAIT)
    qtbot.mouseClick(dialog.addendum_button, Qt.MouseButton.LeftButton)
    addendum = dialog.addendum_dialog
    assert isinstance(addendum, AddendumDialog)
    assert addendum.intro.text().startswith(f"The record of the school visit on {uk(days(-2))}")
