"""The casework records sync between two devices through a live central
service (uvicorn on loopback, real SQLCipher client stores), and final
records stay final on the server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from app.casework.chronology import build_chronology, save_chronology_entry
from app.casework.chronology_data import ChronologyEntryRequest
from app.casework.closure import CloseRequest, FamilyClosed, OutcomeAchieved, latest_closure
from app.casework.closure_writes import close_family
from app.casework.meetings import (
    Attendee,
    MeetingRequest,
    PlanReviewRequest,
    list_meetings,
    load_meeting,
    record_review,
    save_meeting,
)
from app.casework.plan_data import (
    ActionProgress,
    ActionRequest,
    NeedRequest,
    OutcomeRequest,
    StrengthRequest,
)
from app.casework.plan_history import list_snapshots
from app.casework.plan_writes import (
    save_action,
    save_need,
    save_outcome,
    save_strength,
    update_progress,
)
from app.casework.plans import load_plan
from app.casework.step_changes import (
    ReferralOutcomeRequest,
    StepUpRequest,
    list_step_changes,
    record_referral_outcome,
    step_up,
)
from app.casework.visit_data import AddendumRequest, ChildSeen, VisitRequest
from app.casework.visit_writes import add_addendum, finalise_due_visits, finalise_visit, save_visit
from app.casework.visits import list_visits, load_visit
from app.reference.levels_of_need import load_levels
from app.sync.protocol import ENTITIES
from db.models import SyncConflict, Visit, new_id, utcnow
from server.models import Conflict, Record
from tests.builders import TODAY, make_household

CASEWORK = {"meeting", "plan_strength", "plan_need", "plan_outcome", "plan_action",
            "plan_snapshot", "visit", "visit_addendum", "chronology_entry", "step_change",
            "closure"}


def test_casework_entities_join_sync_by_declaration() -> None:
    assert set(ENTITIES) >= CASEWORK
    assert ENTITIES["plan_snapshot"].sync.append_only
    assert ENTITIES["visit_addendum"].sync.append_only
    assert ENTITIES["visit"].sync.final_when == "finalised_at"
    assert ENTITIES["visit"].is_final({"finalised_at": "2025-01-01T00:00:00+00:00"})
    assert not ENTITIES["visit"].is_final({"finalised_at": None})


def test_casework_syncs_between_two_devices_and_final_visits_stay_final(
    client: Any, live_server: Any  # noqa: F811
) -> None:
    levels = load_levels()
    robin, lee = client("robin", "robin"), client("lee", "lee")
    actor = robin.actor
    h = make_household(robin.store, actor, levels, "Fernside")
    fid = h.family_id

    # Robin's casework, offline.
    strength = robin.run(save_strength, actor, StrengthRequest(fid, "You walk Maisie to school"))
    need = robin.run(save_need, actor, NeedRequest(fid, "Attendance", "education"))
    outcome = robin.run(save_outcome, actor, OutcomeRequest(need.id, "Maisie at school daily"))
    action = robin.run(save_action, actor, ActionRequest(
        outcome.id, "Walk to school", owner_kind="person", owner_id=h.mother_id,
        due_on=TODAY + dt.timedelta(days=7)))
    robin.run(save_action, actor, ActionRequest(
        outcome.id, "GP appointment about sleep", owner_kind="agency", owner_name="GP",
        domain="health", due_on=TODAY + dt.timedelta(days=3)))
    fam = robin.run(save_meeting, actor, MeetingRequest(
        fid, "family_action_meeting", TODAY - dt.timedelta(days=10), chair="Sam Chair",
        attendees=(Attendee("", person_id=h.mother_id),
                   Attendee("Jo Sample", agency="Health visiting", attended=False))))
    review = robin.run(record_review, actor, PlanReviewRequest(
        MeetingRequest(fid, "review", TODAY - dt.timedelta(days=1)),
        (ActionProgress(action.id, "on_track", "Four days out of five"),)))
    now = utcnow()
    visit = robin.run(save_visit, actor, VisitRequest(
        fid, now - dt.timedelta(hours=2), "home_visit",
        children_seen=(ChildSeen(h.child_id, True, True),), child_words="I got a star!"), now)
    robin.run(finalise_visit, actor, visit.id, now)
    robin.run(add_addendum, actor, AddendumRequest(visit.id, "Dad was also present."), now)
    robin.run(save_chronology_entry, actor, ChronologyEntryRequest(
        fid, TODAY - dt.timedelta(days=5), "House fire next door; family rehoused for a night"))
    step = robin.run(step_up, actor, levels, StepUpRequest(
        fid, "child_in_need", TODAY, "Escalating neglect concerns"))
    robin.run(record_referral_outcome, actor, ReferralOutcomeRequest(step.id, "Accepted"))
    assert robin.sync().waiting == 0
    lee.sync()

    # Lee's device holds the same casework.
    assert lee.run(load_plan, lee.actor, fid).strengths == (strength,)
    for fn in (load_plan, list_meetings, list_snapshots, list_step_changes):
        assert lee.run(fn, lee.actor, fid) == robin.run(fn, actor, fid), fn.__name__
    assert lee.run(load_meeting, lee.actor, review.id) == robin.run(load_meeting, actor,
                                                                   review.id)
    assert [a.name for a in lee.run(load_meeting, lee.actor, fam.id).absent] == ["Jo Sample"]
    seen = lee.run(list_visits, lee.actor, fid)
    assert seen == robin.run(list_visits, actor, fid)
    assert seen[0].is_final and seen[0].addenda[0].text == "Dad was also present."
    assert seen[0].children_seen[0].seen_alone and seen[0].local_date == visit.local_date
    assert [i.title for i in lee.run(build_chronology, lee.actor, fid).items] == [
        i.title for i in robin.run(build_chronology, actor, fid).items]

    # Lee updates the plan and adds a correction; Robin gets both.
    lee.run(update_progress, lee.actor, ActionProgress(action.id, "achieved", "Every day"))
    lee.run(add_addendum, lee.actor, AddendumRequest(visit.id, "Team lead: noted."))
    lee.sync()
    robin.sync()
    assert {a.id: a.status for a in robin.run(load_plan, actor, fid).actions}[action.id] == (
        "achieved")
    assert [a.text for a in robin.run(load_visit, actor, visit.id).addenda] == [
        "Dad was also present.", "Team lead: noted."]

    # A final visit is append-only on the server: a change pushed against it (as an
    # old or tampered client might) is rejected, and no one's copy changes.
    version = robin.run(lambda s: s.get(Visit, visit.id).version)
    results = robin.transport().push([{
        "op_id": new_id(), "entity": "visit", "id": visit.id, "family_id": fid,
        "base_version": version, "fields": {"notes": "rewritten"}, "deleted": False,
        "resolves": [],
    }])
    assert results[0]["status"] == "rejected" and results[0]["reason"] == "final"
    addendum_id = robin.run(load_visit, actor, visit.id).addenda[0].id
    results = robin.transport().push([{
        "op_id": new_id(), "entity": "visit_addendum", "id": addendum_id, "family_id": fid,
        "base_version": 1, "fields": {"text": "rewritten"}, "deleted": False, "resolves": [],
    }])
    assert results[0]["status"] == "rejected" and results[0]["reason"] == "final"
    with live_server.session() as s:
        assert s.get(Record, ("visit", visit.id)).data["notes"] == ""
    lee.sync()
    assert lee.run(load_visit, lee.actor, visit.id).notes == ""


def test_automatic_finalising_on_two_devices_agrees_without_conflicts(
    client: Any, live_server: Any  # noqa: F811
) -> None:
    levels = load_levels()
    robin, lee = client("robin", "robin"), client("lee", "lee")
    h = make_household(robin.store, robin.actor, levels, "Ivybridge")
    recorded = utcnow() - dt.timedelta(hours=25)
    visit = robin.run(save_visit, robin.actor, VisitRequest(
        h.family_id, recorded - dt.timedelta(hours=1), "phone", notes="Spoke to Dana."),
        recorded)
    robin.sync()
    lee.sync()
    # Both devices see it as final already, and both write it down.
    assert lee.run(load_visit, lee.actor, visit.id).is_final
    assert robin.run(finalise_due_visits, robin.actor) == 1
    assert lee.run(finalise_due_visits, lee.actor) == 1
    robin.sync()
    lee.sync()
    robin.sync()
    expected = recorded + dt.timedelta(hours=24)
    for device in (robin, lee):
        assert device.run(lambda s: s.get(Visit, visit.id).finalised_at) == expected
        assert device.count(SyncConflict) == 0
    assert live_server.count(Conflict) == 0


def test_a_closure_reaches_the_other_device_which_then_refuses_changes(
    client: Any, live_server: Any  # noqa: F811
) -> None:
    levels = load_levels()
    robin, lee = client("robin", "robin"), client("lee", "lee")
    h = make_household(robin.store, robin.actor, levels, "Kingsmead")
    need = robin.run(save_need, robin.actor, NeedRequest(h.family_id, "Debt", "income"))
    outcome = robin.run(save_outcome, robin.actor, OutcomeRequest(need.id, "Bills under control"))
    robin.run(close_family, robin.actor, CloseRequest(
        h.family_id, TODAY, "needs_met",
        outcomes_achieved=(OutcomeAchieved(outcome.id, "yes", "Budget plan working"),),
        family_feedback="Thank you."))
    robin.sync()
    lee.sync()
    closure = lee.run(latest_closure, lee.actor, h.family_id)
    assert closure is not None and closure.outcomes_achieved[0].text == "Bills under control"
    with pytest.raises(FamilyClosed):
        lee.run(save_need, lee.actor, NeedRequest(h.family_id, "More", "housing"))
    with live_server.session() as s:
        assert s.scalar(select(Record.data).where(Record.entity == "family",
                                                  Record.id == h.family_id))["status"] == "closed"
