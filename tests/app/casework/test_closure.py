"""Closure: reason, outcomes achieved, feedback; a closed family is read-only
(every service refuses, families.save_* included); reopening, and the
re-referral mark within 12 months (not after 13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from app.casework.assessment_completion import amend_assessment, complete_assessment
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.casework.assessment_drafts import discard_draft, save_draft, start_assessment
from app.casework.chronology import build_chronology, remove_chronology_entry, save_chronology_entry
from app.casework.chronology_data import ChronologyEntryRequest
from app.casework.closure import (
    CloseRequest,
    FamilyClosed,
    OutcomeAchieved,
    ReopenRequest,
    latest_closure,
    list_closures,
    outcomes_to_close,
    writable_family,
)
from app.casework.closure_writes import close_family, is_rereferral, reopen_family
from app.casework.consent import list_consents
from app.casework.consent_data import ConsentRequest, WithdrawalRequest
from app.casework.consent_writes import record_consent, withdraw_consent
from app.casework.meetings import (
    MeetingRequest,
    PlanReviewRequest,
    record_review,
    remove_meeting,
    save_meeting,
)
from app.casework.plan_data import (
    ActionProgress,
    ActionRequest,
    FollowUpToAction,
    NeedRequest,
    OutcomeRequest,
)
from app.casework.plan_history import take_snapshot
from app.casework.plan_writes import (
    follow_up_to_action,
    remove_action,
    remove_need,
    remove_outcome,
    save_action,
    save_need,
    save_outcome,
    update_progress,
)
from app.casework.plans import load_plan
from app.casework.step_changes import (
    ReferralOutcomeRequest,
    StepDownRequest,
    StepUpRequest,
    record_referral_outcome,
    step_down,
    step_up,
)
from app.casework.visit_data import AddendumRequest, VisitRequest
from app.casework.visit_writes import add_addendum, finalise_visit, remove_visit, save_visit
from app.casework.visits import list_visits
from app.errors import HearthError, ValidationFailed
from app.families import households as families
from app.forms.loader import SHIPPED_FORMS, load_folder
from app.records import writes as records
from app.reference.casework_settings import add_months
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import Assessment, Family, OutboxOp
from tests.builders import TODAY, Household, make_household

UTC = dt.UTC


@pytest.fixture
def with_plan(store: Store, actor: Profile, household: Household) -> dict[str, str]:
    need = store.run(save_need, actor, NeedRequest(household.family_id, "School attendance",
                                                   "education"))
    o1 = store.run(save_outcome, actor, OutcomeRequest(need.id, "Maisie in school every day"))
    o2 = store.run(save_outcome, actor, OutcomeRequest(need.id, "Calmer mornings"))
    action = store.run(save_action, actor, ActionRequest(o1.id, "Walk to school",
                                                         owner_kind="person",
                                                         owner_id=household.mother_id,
                                                         due_on=TODAY))
    return {"need": need.id, "o1": o1.id, "o2": o2.id, "action": action.id}


def close(h: Household, plan: dict[str, str], on: dt.date = TODAY) -> CloseRequest:
    return CloseRequest(
        family_id=h.family_id, closed_on=on, reason="needs_met",
        outcomes_achieved=(OutcomeAchieved(plan["o1"], "yes", "Full attendance this term"),
                           OutcomeAchieved(plan["o2"], "partly")),
        family_feedback="Dana: the plan helped us get organised.",
        child_feedback="Maisie drew a sun and said school is fun now.",
    )


def test_closing_records_reason_outcomes_and_feedback(
    store: Store, actor: Profile, household: Household, with_plan: dict[str, str]
) -> None:
    assert [o.text for o in store.run(outcomes_to_close, actor, household.family_id)] == [
        "Maisie in school every day", "Calmer mornings"]
    with pytest.raises(ValidationFailed) as err:
        store.run(close_family, actor, CloseRequest(
            household.family_id, TODAY + dt.timedelta(days=1), "other",
            outcomes_achieved=(OutcomeAchieved(with_plan["o1"], "yes"),)))
    assert set(err.value.problems) == {"closed_on", "reason_detail", "outcomes_achieved"}
    assert "Calmer mornings" in err.value.problems["outcomes_achieved"]
    made = store.run(close_family, actor, close(household, with_plan))
    assert made.reason_label.startswith("Needs met") and made.closed_by == actor.name
    assert [(o.text, o.achieved_label) for o in made.outcomes_achieved] == [
        ("Maisie in school every day", "Achieved"), ("Calmer mornings", "Partly achieved")]
    assert made.family_feedback.startswith("Dana") and made.child_feedback.startswith("Maisie")
    assert store.run(lambda s: s.get(Family, household.family_id).status) == "closed"
    assert store.run(latest_closure, actor, household.family_id) == made
    items = store.run(build_chronology, actor, household.family_id).items
    assert items[-1].title == "Case closed: " + made.reason_label and items[-1].significant


def test_a_closed_family_is_read_only_everywhere(
    store: Store, actor: Profile, household: Household, with_plan: dict[str, str],
    levels: LevelsOfNeed,
) -> None:
    h, fid = household, household.family_id
    now = dt.datetime.now(UTC)
    visit = store.run(save_visit, actor, VisitRequest(fid, now, "phone",
                                                      follow_ups=("Call GP",)), now)
    meeting = store.run(save_meeting, actor, MeetingRequest(fid, "taf", TODAY))
    entry = store.run(save_chronology_entry, actor, ChronologyEntryRequest(
        fid, TODAY, "Police attended a noise complaint"))
    step = store.run(step_up, actor, levels, StepUpRequest(fid, "child_in_need", TODAY, "Risk"))
    registry = load_folder(SHIPPED_FORMS).registry
    draft = store.run(start_assessment, actor, NewAssessment(fid, registry.latest("ehat")),
                      registry)
    done_id = store.run(start_assessment, actor, NewAssessment(fid, registry.latest("ehat")),
                        registry).id
    # A completed one (written directly: only its being final matters here), to try amending.
    store.run(lambda s: records.update(s, actor, s.get(Assessment, done_id), status="completed",
                                       completed_at=now))
    [consent] = store.run(list_consents, actor, fid)
    store.run(close_family, actor, close(h, with_plan))
    before = store.run(lambda s: s.scalar(select(func.count()).select_from(OutboxOp)))

    attempts: dict[str, Callable[[Any], Any]] = {
        "save_family": lambda s: families.save_family(
            s, actor, families.FamilyData(id=fid, family_name="Meadowbank", status="open")),
        "save_person": lambda s: families.save_person(s, actor, families.PersonData(
            id=None, family_id=fid, role="parent_carer", given_name="New")),
        "remove_person": lambda s: families.remove_person(s, actor, h.father_id),
        "save_agency": lambda s: families.save_agency(s, actor, families.AgencyData(
            id=None, family_id=fid, agency="GP")),
        "remove_agency": lambda s: families.remove_agency(s, actor, h.school_id),
        "change_level": lambda s: families.change_level(s, actor, levels, families.LevelDecision(
            fid, "universal", TODAY, "Needs met", actor.name)),
        "save_meeting": lambda s: save_meeting(s, actor, MeetingRequest(fid, "review", TODAY)),
        "remove_meeting": lambda s: remove_meeting(s, actor, meeting.id),
        "record_review": lambda s: record_review(s, actor, PlanReviewRequest(
            MeetingRequest(fid, "review", TODAY))),
        "save_need": lambda s: save_need(s, actor, NeedRequest(fid, "Housing", "housing")),
        "save_outcome": lambda s: save_outcome(s, actor, OutcomeRequest(with_plan["need"], "x")),
        "save_action": lambda s: save_action(s, actor, ActionRequest(with_plan["o1"], "x")),
        "update_progress": lambda s: update_progress(s, actor, ActionProgress(
            with_plan["action"], "achieved")),
        "remove_action": lambda s: remove_action(s, actor, with_plan["action"]),
        "remove_outcome": lambda s: remove_outcome(s, actor, with_plan["o2"]),
        "remove_need": lambda s: remove_need(s, actor, with_plan["need"]),
        "take_snapshot": lambda s: take_snapshot(s, actor, fid),
        "follow_up_to_action": lambda s: follow_up_to_action(s, actor, FollowUpToAction(
            visit.id, 0, with_plan["o1"])),
        "save_visit": lambda s: save_visit(s, actor, VisitRequest(fid, now, "phone"), now),
        "finalise_visit": lambda s: finalise_visit(s, actor, visit.id, now),
        "add_addendum": lambda s: add_addendum(s, actor, AddendumRequest(visit.id, "x"), now),
        "remove_visit": lambda s: remove_visit(s, actor, visit.id, now),
        "save_chronology_entry": lambda s: save_chronology_entry(s, actor, ChronologyEntryRequest(
            fid, TODAY, "x")),
        "remove_chronology_entry": lambda s: remove_chronology_entry(s, actor, entry.id),
        "step_down": lambda s: step_down(s, actor, levels, StepDownRequest(
            fid, "early_help", TODAY, "x", new_lead_professional="Y")),
        "record_referral_outcome": lambda s: record_referral_outcome(
            s, actor, ReferralOutcomeRequest(step.id, "Accepted")),
        "close_family": lambda s: close_family(s, actor, close(h, with_plan)),
        "record_consent": lambda s: record_consent(s, actor, ConsentRequest(
            fid, h.father_id, "", "verbal", TODAY, scope_assess=True)),
        "withdraw_consent": lambda s: withdraw_consent(s, actor, WithdrawalRequest(
            consent.id, TODAY, "Dana Meadowbank")),
        "start_assessment": lambda s: start_assessment(s, actor, NewAssessment(
            fid, registry.latest("ehat")), registry),
        "save_draft": lambda s: save_draft(s, actor, DraftSave(draft.id, {"reason": "x"})),
        "complete_assessment": lambda s: complete_assessment(
            s, actor, CompleteAssessment(draft.id), registry),
        "discard_draft": lambda s: discard_draft(s, actor, draft.id),
        "amend_assessment": lambda s: amend_assessment(s, actor, done_id, registry),
    }
    for name, attempt in attempts.items():
        with pytest.raises(FamilyClosed) as err:
            store.run(attempt)
        assert "closed on" in err.value.message and "Reopen" in err.value.message, name
    # Nothing was written by any of them.
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(OutboxOp))) == before
    # Reading still works.
    assert not store.run(load_plan, actor, fid).is_empty
    assert len(store.run(list_visits, actor, fid)) == 1
    assert store.run(families.load_family, actor, fid).family.status == "closed"
    # A new family can still be made.
    assert store.run(families.save_family, actor, families.FamilyData(id=None,
                                                                      family_name="Newfamily"))


def test_reopening_within_12_months_is_a_rereferral(
    store: Store, actor: Profile, household: Household, with_plan: dict[str, str]
) -> None:
    closed_on = add_months(TODAY, -11)
    store.run(close_family, actor, close(household, with_plan, closed_on))
    with pytest.raises(ValidationFailed):
        store.run(reopen_family, actor, ReopenRequest(household.family_id, TODAY, " "))
    reopened = store.run(reopen_family, actor, ReopenRequest(
        household.family_id, TODAY, "School referred again: attendance dropping"))
    assert reopened.is_rereferral and reopened.reopened_on == TODAY
    assert reopened.reopened_by == actor.name
    assert store.run(lambda s: s.get(Family, household.family_id).status) == "open"
    # Open again: changes are allowed.
    store.run(save_need, actor, NeedRequest(household.family_id, "Attendance again",
                                            "education"))
    items = store.run(build_chronology, actor, household.family_id).items
    assert items[-1].title == "Case reopened (a re-referral)" and items[-1].type == "referral"
    with pytest.raises(HearthError):
        store.run(reopen_family, actor, ReopenRequest(household.family_id, TODAY, "again"))


def test_reopening_after_13_months_is_not_a_rereferral(
    store: Store, actor: Profile, levels: LevelsOfNeed
) -> None:
    h = make_household(store, actor, levels, "Thornfield")
    store.run(close_family, actor, CloseRequest(h.family_id, add_months(TODAY, -13), "disengaged"))
    reopened = store.run(reopen_family, actor, ReopenRequest(h.family_id, TODAY, "New request"))
    assert not reopened.is_rereferral
    # Closed again and reopened within the window: that one is a re-referral.
    store.run(close_family, actor, CloseRequest(h.family_id, TODAY - dt.timedelta(days=1),
                                                "moved_out_of_area"))
    again = store.run(reopen_family, actor, ReopenRequest(h.family_id, TODAY, "Moved back"))
    assert again.is_rereferral
    assert [c.is_rereferral for c in store.run(list_closures, actor, h.family_id)] == [
        True, False]


def test_the_rereferral_window_edges() -> None:
    closed = dt.date(2024, 2, 29)
    assert is_rereferral(closed, dt.date(2025, 2, 28), 12)
    assert not is_rereferral(closed, dt.date(2025, 3, 1), 12)
    assert is_rereferral(dt.date(2024, 5, 10), dt.date(2025, 5, 10), 12)
    assert not is_rereferral(dt.date(2024, 5, 10), dt.date(2025, 6, 10), 12)


def test_a_status_set_to_closed_without_a_closure_locks_nothing(
    store: Store, actor: Profile, levels: LevelsOfNeed
) -> None:
    fid = store.run(families.save_family, actor, families.FamilyData(
        id=None, family_name="Legacy", status="closed"))
    assert store.run(lambda s: writable_family(s, fid).id) == fid
