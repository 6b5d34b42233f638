"""The family plan: needs -> outcomes -> actions, owners, warnings, follow-ups
becoming actions, and the plan's history kept at each review."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.casework.meetings import MeetingRequest, PlanReviewRequest, record_review
from app.casework.plan_data import (
    ActionProgress,
    ActionRequest,
    FollowUpToAction,
    NeedRequest,
    OutcomeRequest,
    StrengthRequest,
    plan_warnings,
)
from app.casework.plan_history import list_snapshots, load_snapshot, take_snapshot
from app.casework.plan_writes import (
    follow_up_to_action,
    remove_need,
    remove_strength,
    save_action,
    save_need,
    save_outcome,
    save_strength,
    update_progress,
)
from app.casework.plans import load_plan, owner_choices
from app.casework.visit_data import VisitRequest
from app.casework.visit_writes import save_visit
from app.errors import NotFound, RecordFinal, ValidationFailed
from app.records import writes as records
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, OutboxOp, PlanAction, PlanOutcome, PlanSnapshot
from tests.builders import TODAY, Household

UTC = dt.UTC


def build_plan(store: Store, actor: Profile, h: Household) -> dict[str, str]:
    need = store.run(save_need, actor, NeedRequest(h.family_id, "Maisie misses school often",
                                                   "education"))
    outcome = store.run(save_outcome, actor,
                        OutcomeRequest(need.id, "We want Maisie in school every day"))
    a1 = store.run(save_action, actor, ActionRequest(
        outcome.id, "Walk Maisie to school each morning", owner_kind="person",
        owner_id=h.mother_id, due_on=TODAY + dt.timedelta(days=14)))
    a2 = store.run(save_action, actor, ActionRequest(
        outcome.id, "Call home on the first day of any absence", owner_kind="agency",
        owner_id=h.school_id, due_on=TODAY + dt.timedelta(days=7)))
    return {"need": need.id, "outcome": outcome.id, "a1": a1.id, "a2": a2.id}


def test_plan_loads_needs_outcomes_actions_with_owners_named(
    store: Store, actor: Profile, household: Household
) -> None:
    ids = build_plan(store, actor, household)
    plan = store.run(load_plan, actor, household.family_id)
    [need] = plan.needs
    assert need.text == "Maisie misses school often" and need.domain_label == "Education"
    [outcome] = need.outcomes
    assert outcome.text == "We want Maisie in school every day"
    names = {a.id: a.owner_name for a in outcome.actions}
    assert names == {ids["a1"]: "Dana Meadowbank", ids["a2"]: "Ms Example (School)"}
    # The action takes its need's domain when none is given.
    assert {a.domain for a in plan.actions} == {"education"}
    assert [a.status_label for a in plan.actions] == ["Not started", "Not started"]
    # Every change went through records: outbox and audit rows for each.
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(OutboxOp).where(
        OutboxOp.entity == "plan_action"))) == 2
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == "plan_action", AuditEvent.action == "create"))) == 2
    choices = store.run(owner_choices, actor, household.family_id)
    assert {c.name for c in choices} >= {"Dana Meadowbank", "Jo Sample (Health visiting)"}


def test_single_domain_warning_and_owner_and_date_warnings(
    store: Store, actor: Profile, household: Household
) -> None:
    ids = build_plan(store, actor, household)
    kinds = [w.kind for w in store.run(load_plan, actor, household.family_id).warnings]
    assert kinds == ["single_domain"]
    # An action with no owner and no date.
    loose = store.run(save_action, actor, ActionRequest(ids["outcome"], "Find a breakfast club",
                                                        domain="wellbeing"))
    warnings = store.run(load_plan, actor, household.family_id).warnings
    assert [(w.kind, w.action_id) for w in warnings] == [
        ("no_owner", loose.id), ("no_due_date", loose.id)]
    assert "no due date" in warnings[1].message
    # No longer needed: it stops counting, and the plan is single-domain again.
    store.run(update_progress, actor, ActionProgress(loose.id, "no_longer_needed"))
    assert [w.kind for w in store.run(load_plan, actor, household.family_id).warnings] == [
        "single_domain"]
    # The pure function works on a list of actions too.
    assert plan_warnings(()) == ()


def test_owner_must_belong_to_the_family_and_free_named_agency_is_kept(
    store: Store, actor: Profile, household: Household
) -> None:
    ids = build_plan(store, actor, household)
    with pytest.raises(ValidationFailed) as err:
        store.run(save_action, actor, ActionRequest(ids["outcome"], "x", owner_kind="person",
                                                    owner_id=household.school_id))
    assert "member of this family" in err.value.problems["owner"]
    named = store.run(save_action, actor, ActionRequest(
        ids["outcome"], "Offer a food bank referral", owner_kind="agency",
        owner_name="  Widnes   Food Bank ", domain="income", due_on=TODAY))
    assert named.owner_name == "Widnes Food Bank" and named.owner_id is None
    with pytest.raises(ValidationFailed):
        store.run(save_need, actor, NeedRequest(household.family_id, "  ", "nonsense"))


def test_follow_up_becomes_a_plan_action_once(
    store: Store, actor: Profile, household: Household
) -> None:
    ids = build_plan(store, actor, household)
    visit = store.run(save_visit, actor, VisitRequest(
        household.family_id, dt.datetime.now(UTC) - dt.timedelta(hours=1), "home_visit",
        follow_ups=("Ask the GP about Maisie's sleep", "Send the school the plan")))
    made = store.run(follow_up_to_action, actor, FollowUpToAction(
        visit.id, 0, ids["outcome"], owner_kind="agency", owner_name="GP", domain="health",
        due_on=TODAY + dt.timedelta(days=10)))
    assert made.text == "Ask the GP about Maisie's sleep" and made.from_visit_id == visit.id
    from app.casework.visits import load_visit

    seen = store.run(load_visit, actor, visit.id)
    assert seen.follow_ups[0].action_id == made.id and seen.follow_ups[1].action_id is None
    with pytest.raises(ValidationFailed):
        store.run(follow_up_to_action, actor, FollowUpToAction(visit.id, 0, ids["outcome"]))
    with pytest.raises(NotFound):
        store.run(follow_up_to_action, actor, FollowUpToAction(visit.id, 5, ids["outcome"]))
    # Two domains now: no single-domain warning.
    assert "single_domain" not in [
        w.kind for w in store.run(load_plan, actor, household.family_id).warnings]


def test_review_updates_actions_and_keeps_the_plan_history(
    store: Store, actor: Profile, household: Household
) -> None:
    ids = build_plan(store, actor, household)
    first = store.run(record_review, actor, PlanReviewRequest(
        MeetingRequest(household.family_id, "review", TODAY - dt.timedelta(days=42),
                       chair="Team lead", decisions="Keep going"),
        (ActionProgress(ids["a1"], "on_track", "Most mornings now"),)))
    assert first.plan_snapshot is not None
    assert {a.id: a.status for a in first.plan_snapshot.plan.actions} == {
        ids["a1"]: "on_track", ids["a2"]: "not_started"}
    second = store.run(record_review, actor, PlanReviewRequest(
        MeetingRequest(household.family_id, "review", TODAY, decisions="Nearly there"),
        (ActionProgress(ids["a1"], "achieved", "Every day for three weeks"),
         ActionProgress(ids["a2"], "on_track", "School rang twice"))))
    history = store.run(list_snapshots, actor, household.family_id)
    assert [s.taken_on for s in history] == [TODAY, TODAY - dt.timedelta(days=42)]
    assert [s.meeting_id for s in history] == [second.id, first.id]
    old = store.run(load_snapshot, actor, history[1].id)
    assert {a.id: (a.status, a.progress_note) for a in old.plan.actions} == {
        ids["a1"]: ("on_track", "Most mornings now"), ids["a2"]: ("not_started", "")}
    assert old.plan.actions[0].owner_name == "Dana Meadowbank"
    now = store.run(load_plan, actor, household.family_id)
    assert {a.id: a.status for a in now.actions} == {ids["a1"]: "achieved", ids["a2"]: "on_track"}

    # A snapshot is append-only.
    def tamper(session: object) -> None:
        row = session.get(PlanSnapshot, history[0].id)  # type: ignore[attr-defined]
        records.update(session, actor, row, content={})  # type: ignore[arg-type]

    with pytest.raises(RecordFinal):
        store.run(tamper)
    # A review is a review meeting.
    with pytest.raises(ValidationFailed):
        store.run(record_review, actor, PlanReviewRequest(
            MeetingRequest(household.family_id, "taf", TODAY)))


def test_snapshot_without_a_meeting_and_removing_a_need_removes_its_parts(
    store: Store, actor: Profile, household: Household
) -> None:
    ids = build_plan(store, actor, household)
    snap = store.run(take_snapshot, actor, household.family_id)
    assert snap.meeting_id is None and snap.action_count == 2
    store.run(remove_need, actor, ids["need"])
    assert store.run(load_plan, actor, household.family_id).is_empty
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(PlanAction).where(
        PlanAction.deleted.is_(False)))) == 0
    assert store.run(lambda s: s.get(PlanOutcome, ids["outcome"]).deleted) is True
    # The snapshot still holds the plan as it was.
    assert len(store.run(load_snapshot, actor, snap.id).plan.actions) == 2


def test_what_is_going_well_is_written_in_order_kept_in_snapshots_and_removed(
    store: Store, actor: Profile, household: Household
) -> None:
    fid = household.family_id
    with pytest.raises(ValidationFailed):
        store.run(save_strength, actor, StrengthRequest(fid, "   "))
    first = store.run(save_strength, actor, StrengthRequest(fid, "  You walk Maisie to school. "))
    second = store.run(save_strength, actor, StrengthRequest(fid, "Grandad helps on Fridays."))
    assert first.text == "You walk Maisie to school."
    assert store.run(load_plan, actor, fid).strengths == (first, second)
    snap = store.run(take_snapshot, actor, fid)
    store.run(remove_strength, actor, first.id)
    changed = store.run(save_strength, actor, StrengthRequest(fid, "Grandad helps.", second.id))
    assert store.run(load_plan, actor, fid).strengths == (changed,)
    # The plan's history still says what was going well when the snapshot was taken.
    assert store.run(load_snapshot, actor, snap.id).plan.strengths == (first, second)
    with pytest.raises(NotFound):
        store.run(save_strength, actor, StrengthRequest(fid, "Again", first.id))
