"""Step up / step down from the family view's header, and closure: a closed
family is read-only (banner, every edit control disabled) until reopened;
reopening within 12 months is marked a re-referral."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.casework import closure, closure_writes, step_changes
from app.casework.closure import CloseRequest, OutcomeAchieved
from app.dates import today, uk
from app.families import households as families
from app.reference.casework_settings import add_months
from app.store.caseload_store import Profile, Store
from tests.builders import CaseworkFamily, casework_family, days

from ui.casework.closure_dialog import CloseFamilyDialog
from ui.casework.meeting_dialog import MeetingDialog
from ui.casework.reopen_dialog import ReopenDialog
from ui.family.step_dialog import ReferralOutcomeDialog, StepDownDialog, StepUpDialog

WAIT = 20_000  # ms for a view to load


def save(qtbot: QtBot, dialog: Any) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def open_header_dialog(qtbot: QtBot, view: Any, button: Any) -> Any:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.casework.dialog is not None, timeout=WAIT)
    return view.casework.dialog


def edit_controls(view: Any) -> list[Any]:
    """Every control that changes the family's records."""
    cw = view.casework
    controls = [
        view.edit_button,
        view.level_button,
        view.add_person_button,
        view.add_agency_button,
        view.consent_panel.record_button,
        *view.assessments_panel.new_buttons.values(),
        cw.plan.add_need_button,
        cw.meetings.new_button,
        cw.meetings.review_button,
        cw.visits.plan_button,
        cw.visits.record_button,
        cw.chronology.add_button,
        cw.step_button,
    ]
    return controls


def test_a_step_up_changes_the_level_and_the_referral_outcome_is_recorded_later(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    view = family_view(seeded.family_id)
    cw = view.casework
    assert cw.step_button.text() == "St&ep up…"
    dialog = open_header_dialog(qtbot, view, cw.step_button)
    assert isinstance(dialog, StepUpDialog)
    # the level by the name the header uses, not the reference file's long label
    assert dialog.current_text.text() == "Current level of need: <b>Early Help</b>"
    assert set(dialog.level.itemData(i) for i in range(1, dialog.level.count())) == {
        "child_in_need",
        "child_protection",
    }
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Say why" in dialog.rows["reason"].error
    assert dialog.rows["to_level"].error == "Choose the level of need."
    dialog.level.set_code("child_in_need")
    qtbot.keyClicks(dialog.reason, "Police report of violence at home; the children were present.")
    assert dialog.destination.text() == "Children's social care front door"
    save(qtbot, dialog)

    qtbot.waitUntil(lambda: view.level_badge.text() == "Child in Need", timeout=WAIT)
    detail = store.run(families.load_family, profile, seeded.family_id)
    assert detail.family.status == "stepped_up"
    assert detail.level_history[0].direction == "step_up"
    qtbot.waitUntil(lambda: cw.notice.isVisibleTo(view), timeout=WAIT)
    assert cw.step_button.text() == "St&ep down…"
    assert "outcome is not recorded yet" in cw.notice_label.text()

    outcome = open_header_dialog(qtbot, view, cw.outcome_button)
    assert isinstance(outcome, ReferralOutcomeDialog)
    qtbot.keyClicks(outcome.outcome, "Accepted for a child and family assessment.")
    save(qtbot, outcome)
    qtbot.waitUntil(lambda: not cw.notice.isVisibleTo(view), timeout=WAIT)
    step = store.run(step_changes.list_step_changes, profile, seeded.family_id)[0]
    assert step.referral_outcome == "Accepted for a child and family assessment."
    assert step.referral_outcome_on == today()


def test_a_step_down_names_the_new_lead_professional(
    qtbot: QtBot, store: Store, profile: Profile, levels: Any, family_view: Any
) -> None:
    family = casework_family(store, profile, levels, with_visit=False)
    store.run(
        step_changes.step_up,
        profile,
        levels,
        step_changes.StepUpRequest(
            family.family_id,
            "child_protection",
            days(-30),
            "Section 47 enquiry.",
            referred_on=days(-30),
        ),
    )
    view = family_view(family.family_id)
    cw = view.casework
    assert cw.step_button.text() == "St&ep down…"
    dialog = open_header_dialog(qtbot, view, cw.step_button)
    assert isinstance(dialog, StepDownDialog)
    assert dialog.level.code() == "early_help"
    qtbot.keyClicks(dialog.reason, "Risk has fallen; the plan is working.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["new_lead_professional"].error == "Name the new lead professional."
    qtbot.keyClicks(dialog.lead, "Ari Fictional")
    dialog.lead_agency.set_code("Family nurse partnership")
    save(qtbot, dialog)
    qtbot.waitUntil(
        lambda: "Ari Fictional (Family nurse partnership)" in view.lead_label.text(), timeout=WAIT
    )
    assert view.level_badge.text() == "Early Help"
    assert cw.step_button.text() == "St&ep up…"


def close_through_the_dialog(qtbot: QtBot, view: Any) -> None:
    cw = view.casework
    dialog = open_header_dialog(qtbot, view, cw.close_button)
    assert isinstance(dialog, CloseFamilyDialog)
    assert len(dialog.outcomes.outcomes) == 3
    dialog.reason.set_code("needs_met")
    dialog.outcomes.choose(0, "yes")
    dialog.outcomes.choose(1, "partly")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Say how far each outcome was achieved" in dialog.rows["outcomes_achieved"].error
    dialog.outcomes.choose(2, "no")
    qtbot.keyClicks(
        dialog.outcomes.notes[dialog.outcomes.outcomes[1].outcome_id],
        "Dehumidifier helps; landlord still to fix the wall.",
    )
    dialog.family_feedback.setPlainText("Jade: “You listened and things got done.”")
    dialog.child_feedback.setPlainText("Noah: “My room doesn't smell now.”")
    save(qtbot, dialog)


def test_closing_makes_the_family_read_only_until_it_is_reopened(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    view = family_view(seeded.family_id)
    cw = view.casework
    assert all(c.isEnabled() for c in edit_controls(view))
    assert not cw.banner.isVisibleTo(view)
    close_through_the_dialog(qtbot, view)

    qtbot.waitUntil(lambda: cw.banner.isVisibleTo(view), timeout=WAIT)
    qtbot.waitUntil(lambda: cw.closure is not None, timeout=WAIT)
    assert cw.banner_label.text().startswith(f"Closed on {uk(today())} — read-only")
    assert cw.close_button.text() == "Re&open…" and cw.close_button.isEnabled()
    disabled = [c for c in edit_controls(view) if c.isEnabled()]
    assert disabled == []
    # Choosing a person does not bring back the edit buttons of the household tab.
    view.household_table.selectRow(0)
    assert view.selected_person() is not None
    assert not view.edit_person_button.isEnabled()
    assert not view.remove_person_button.isEnabled()
    index = view.household_model.index(0, 0)
    qtbot.mouseDClick(
        view.household_table.viewport(), Qt.MouseButton.LeftButton,
        pos=view.household_table.visualRect(index).center(),
    )
    assert view.dialog is None  # no edit dialog for a closed family
    # Records can still be read: a meeting opens read-only.
    meetings = cw.meetings
    meetings.select_meeting(seeded.meeting_id)
    assert meetings.open_button.isEnabled() and meetings.open_button.text() == "Ope&n…"
    meetings.open_selected()
    assert isinstance(meetings.dialog, MeetingDialog)
    assert meetings.dialog.read_only and not meetings.dialog.save_button.isVisible()
    meetings.dialog.reject()
    stored = store.run(closure.latest_closure, profile, seeded.family_id)
    assert stored is not None and stored.reason == "needs_met"
    assert [o.achieved for o in stored.outcomes_achieved] == ["yes", "partly", "no"]
    assert stored.child_feedback == "Noah: “My room doesn't smell now.”"

    # Reopened the same day: within 12 months, a re-referral.
    dialog = open_header_dialog(qtbot, view, cw.close_button)
    assert isinstance(dialog, ReopenDialog)
    assert dialog.will_be_rereferral() is True
    assert dialog.rereferral.text().startswith("This is a re-referral")
    qtbot.keyClicks(dialog.reason, "School asked for help again: attendance has dropped.")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not cw.banner.isVisibleTo(view), timeout=WAIT)
    qtbot.waitUntil(lambda: "This is a re-referral." in cw.notice_label.text(), timeout=WAIT)
    assert cw.notice.isVisibleTo(view)
    assert all(c.isEnabled() for c in edit_controls(view))
    assert cw.close_button.text() == "Cl&ose family…"
    reopened = store.run(closure.latest_closure, profile, seeded.family_id)
    assert reopened is not None and reopened.is_rereferral


def test_closing_disables_every_button_the_parts_list_as_edit_buttons(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    view = family_view(seeded.family_id)
    cw = view.casework
    listed = [*view.edit_buttons, *(b for p in cw.panels.values() for b in p.edit_buttons)]
    assert view.consent_panel.record_button in listed
    assert view.assessments_panel.amend_button in listed
    assert view.add_person_button.isEnabled() and cw.plan.add_need_button.isEnabled()
    close_through_the_dialog(qtbot, view)
    qtbot.waitUntil(lambda: cw.banner.isVisibleTo(view), timeout=WAIT)
    assert [b.text() for b in listed if b.isEnabled()] == []
    view.household_table.selectRow(0)  # a selection does not enable them again
    assert [b.text() for b in listed if b.isEnabled()] == []


def test_reopening_thirteen_months_after_closure_is_not_a_rereferral(
    qtbot: QtBot, store: Store, profile: Profile, levels: Any, family_view: Any
) -> None:
    family = casework_family(
        store, profile, levels, with_plan=False, with_visit=False, request_days_ago=800
    )
    closed_on = add_months(today(), -13)
    store.run(
        closure_writes.close_family,
        profile,
        CloseRequest(family.family_id, closed_on, "moved_out_of_area"),
    )
    view = family_view(family.family_id)
    cw = view.casework
    qtbot.waitUntil(lambda: cw.closure is not None, timeout=WAIT)
    assert cw.banner_label.text().startswith(f"Closed on {uk(closed_on)} — read-only")
    dialog = open_header_dialog(qtbot, view, cw.close_button)
    assert isinstance(dialog, ReopenDialog)
    assert dialog.will_be_rereferral() is False
    assert dialog.rereferral.text().startswith("Not a re-referral")
    # Dated back within 12 months of the closure, it would be one.
    dialog.reopened_on.setText(uk(add_months(closed_on, 11)))
    assert dialog.will_be_rereferral() is True
    dialog.reopened_on.setText(uk(today()))
    qtbot.keyClicks(dialog.reason, "The family moved back and the school referred again.")
    save(qtbot, dialog)
    reopened = store.run(closure.latest_closure, profile, family.family_id)
    assert reopened is not None and reopened.reopened_on == today()
    assert not reopened.is_rereferral
    qtbot.waitUntil(lambda: "Reopened on" in cw.notice_label.text(), timeout=WAIT)
    assert "re-referral" not in cw.notice_label.text()


def test_a_closed_familys_records_refuse_changes_with_a_clear_sentence(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    """Even a dialog left open from before the closure cannot change anything."""
    view = family_view(seeded.family_id)
    cw = view.casework
    cw.plan.tree.select(seeded.action_ids[1])
    cw.plan.edit_selected()
    dialog = cw.plan.dialog
    dialog.progress.setPlainText("Reading most evenings now.")
    store.run(
        closure_writes.close_family,
        profile,
        CloseRequest(
            seeded.family_id,
            today(),
            "needs_met",
            outcomes_achieved=tuple(OutcomeAchieved(o, "yes") for o in seeded.outcome_ids),
        ),
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.banner.isVisibleTo(dialog), timeout=WAIT)
    assert "closed" in dialog.banner.text() and "Reopen the case first" in dialog.banner.text()
