"""Visits and contacts: recording, children seen (and seen alone), planned
visits, finalising by the worker or after 24 hours (injected clock), addenda,
and UK local time across the clock changes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.casework.visit_data import AddendumRequest, ChildSeen, VisitRequest, uk_to_utc
from app.casework.visit_writes import (
    add_addendum,
    finalise_due_visits,
    finalise_visit,
    remove_visit,
    save_visit,
)
from app.casework.visits import list_visits, load_visit
from app.errors import RecordFinal, ValidationFailed
from app.records import writes as records
from app.store.caseload_store import Profile, Store
from db.models import Family, OutboxOp, Visit, VisitAddendum
from tests.builders import TODAY, Household

UTC = dt.UTC


class Clock:
    """An injectable 'now' (UTC) for the 24-hour rule."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def advance(self, **delta: float) -> dt.datetime:
        self.now = self.now + dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime.now(UTC).replace(microsecond=0))


def visit(h: Household, at: dt.datetime, **kw: object) -> VisitRequest:
    return VisitRequest(
        family_id=h.family_id, occurred_at=at, kind="home_visit",
        seen=(h.mother_id,),
        children_seen=(ChildSeen(h.child_id, seen=True, seen_alone=True),
                       ChildSeen(h.baby_id, seen=False)),
        child_words="I like my new teacher but mornings are rushed.",
        notes="Calm home; breakfast club discussed.",
        follow_ups=("Ask about breakfast club",),
        **kw,  # type: ignore[arg-type]
    )


def test_recording_a_visit(store: Store, actor: Profile, household: Household,
                           clock: Clock) -> None:
    at = clock.now - dt.timedelta(hours=2)
    made = store.run(save_visit, actor, visit(household, at), clock.now)
    assert made.kind_label == "Home visit" and not made.is_final and made.is_draft
    # A child seen is among those seen; names are resolved.
    assert set(made.seen) == {household.mother_id, household.child_id}
    assert [(c.name, c.seen, c.seen_alone) for c in made.children_seen] == [
        ("Maisie Meadowbank", True, True), ("Alfie Meadowbank", False, False)]
    assert made.any_child_seen and made.recorded_by == actor.name
    assert made.final_at == clock.now + dt.timedelta(hours=24)
    assert store.run(lambda s: s.get(Family, household.family_id).last_contact) == (
        made.local_date)
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(OutboxOp).where(
        OutboxOp.entity == "visit"))) == 1


def test_children_seen_checks(store: Store, actor: Profile, household: Household,
                              clock: Clock) -> None:
    with pytest.raises(ValidationFailed) as err:
        store.run(save_visit, actor, VisitRequest(
            household.family_id, clock.now, "home_visit",
            children_seen=(ChildSeen(household.child_id, seen=False, seen_alone=True),)),
            clock.now)
    assert "seen alone without being seen" in err.value.problems["children_seen"]
    with pytest.raises(ValidationFailed) as err:
        store.run(save_visit, actor, VisitRequest(
            household.family_id, clock.now, "home_visit",
            children_seen=(ChildSeen(household.mother_id, seen=True),)), clock.now)
    assert "children_seen" in err.value.problems
    with pytest.raises(ValidationFailed) as err:
        store.run(save_visit, actor, VisitRequest(
            household.family_id, clock.now + dt.timedelta(days=1), "visit"), clock.now)
    assert set(err.value.problems) == {"kind", "occurred_at"}


def test_the_worker_finalises_and_then_only_an_addendum_corrects(
    store: Store, actor: Profile, household: Household, clock: Clock
) -> None:
    made = store.run(save_visit, actor, visit(household, clock.now - dt.timedelta(hours=1)),
                     clock.now)
    edited = store.run(save_visit, actor, visit(
        household, made.occurred_at, id=made.id), clock.advance(minutes=5))
    assert edited.id == made.id
    final = store.run(finalise_visit, actor, made.id, clock.advance(minutes=5))
    assert final.is_final and final.finalised_by == actor.name
    assert final.final_at == clock.now
    with pytest.raises(RecordFinal) as err:
        store.run(save_visit, actor, visit(household, made.occurred_at, id=made.id), clock.now)
    assert "Add an addendum" in err.value.message

    def tamper(session: object) -> None:
        records.update(session, actor, session.get(Visit, made.id),  # type: ignore
                       notes="changed")

    with pytest.raises(RecordFinal):
        store.run(tamper)
    with pytest.raises(RecordFinal):
        store.run(remove_visit, actor, made.id, clock.now)
    corrected = store.run(add_addendum, actor, AddendumRequest(
        made.id, "Correction: Alfie was asleep upstairs, not out."), clock.advance(hours=1))
    assert [a.text for a in corrected.addenda] == [
        "Correction: Alfie was asleep upstairs, not out."]
    assert corrected.addenda[0].by == actor.name and corrected.notes == made.notes

    def tamper_addendum(session: object) -> None:
        row = session.scalar(select(VisitAddendum))  # type: ignore[attr-defined]
        records.update(session, actor, row, text="rewritten")  # type: ignore[arg-type]

    with pytest.raises(RecordFinal):
        store.run(tamper_addendum)
    with pytest.raises(ValidationFailed):
        store.run(add_addendum, actor, AddendumRequest(made.id, "   "), clock.now)


def test_a_visit_becomes_final_24_hours_after_it_was_recorded(
    store: Store, actor: Profile, household: Household, clock: Clock
) -> None:
    recorded = clock.now
    made = store.run(save_visit, actor, visit(household, recorded - dt.timedelta(hours=3)),
                     recorded)
    # 23 h 59 m later: still a draft, still editable; nothing to finalise.
    almost = recorded + dt.timedelta(hours=23, minutes=59)
    assert not store.run(load_visit, actor, made.id, almost).is_final
    store.run(save_visit, actor, visit(household, made.occurred_at, id=made.id,
                                       ), almost)
    assert store.run(finalise_due_visits, actor, almost) == 0
    # 24 h after recording: every read treats it as final, and edits are refused,
    # before anything has written finalised_at.
    after = recorded + dt.timedelta(hours=24)
    seen = store.run(load_visit, actor, made.id, after)
    assert seen.is_final and seen.final_at == after and seen.finalised_by == ""
    assert store.run(lambda s: s.get(Visit, made.id).finalised_at) is None
    with pytest.raises(RecordFinal):
        store.run(save_visit, actor, visit(household, made.occurred_at, id=made.id), after)
    # Finalising the due ones writes the moment it became final (not 'now').
    assert store.run(finalise_due_visits, actor, after + dt.timedelta(hours=5)) == 1
    assert store.run(lambda s: s.get(Visit, made.id).finalised_at) == after
    assert store.run(finalise_due_visits, actor, after + dt.timedelta(hours=6)) == 0
    # Addenda are still welcome.
    assert len(store.run(add_addendum, actor, AddendumRequest(made.id, "Added later."),
                         after).addenda) == 1


def test_a_planned_visit_is_a_diary_entry_until_recorded(
    store: Store, actor: Profile, household: Household, clock: Clock
) -> None:
    plan_at = clock.now + dt.timedelta(days=2)
    planned = store.run(save_visit, actor, VisitRequest(
        household.family_id, plan_at, "school", planned=True), clock.now)
    assert planned.planned and not planned.is_final and planned.final_at is None
    assert store.run(lambda s: s.get(Family, household.family_id).last_contact) is None
    # Days later it is still not final, and can be recorded.
    later = clock.now + dt.timedelta(days=3)
    assert store.run(finalise_due_visits, actor, later) == 0
    done = store.run(save_visit, actor, visit(household, plan_at, id=planned.id), later)
    assert not done.planned and done.recorded_at == later and not done.is_final
    assert done.title.startswith("Home visit, ")
    with pytest.raises(ValidationFailed):
        store.run(save_visit, actor, VisitRequest(
            household.family_id, plan_at, "school", planned=True, id=planned.id), later)
    listed = store.run(list_visits, actor, household.family_id, later)
    assert [v.id for v in listed] == [planned.id]
    with pytest.raises(ValidationFailed):
        store.run(finalise_visit, actor, store.run(save_visit, actor, VisitRequest(
            household.family_id, plan_at, "phone", planned=True), later).id, later)


@pytest.mark.parametrize(
    "day, utc_expected",
    [
        # Last Sunday of October 2025: 00:30 is still BST (clocks go back at 02:00).
        (dt.date(2025, 10, 26), dt.datetime(2025, 10, 25, 23, 30, tzinfo=UTC)),
        # Last Sunday of March 2025: 00:30 is still GMT (clocks go forward at 01:00).
        (dt.date(2025, 3, 30), dt.datetime(2025, 3, 30, 0, 30, tzinfo=UTC)),
    ],
)
def test_a_visit_at_half_past_midnight_on_a_clock_change_day_shows_uk_time(
    store: Store, actor: Profile, household: Household, day: dt.date,
    utc_expected: dt.datetime,
) -> None:
    at = uk_to_utc(day, 0, 30)
    assert at == utc_expected
    now = at + dt.timedelta(days=1)
    made = store.run(save_visit, actor, visit(household, at), now)
    seen = store.run(load_visit, actor, made.id, now)
    assert seen.occurred_at == utc_expected
    assert seen.local_date == day and seen.local_time == "00:30"
    assert seen.when_text == f"{day:%d/%m/%Y} 00:30"
    assert store.run(lambda s: s.get(Family, household.family_id).last_contact) == day


def test_uk_time_in_the_repeated_and_missing_hours() -> None:
    # 01:30 happens twice on 26/10/2025: first in BST, then in GMT.
    assert uk_to_utc(dt.date(2025, 10, 26), 1, 30) == dt.datetime(2025, 10, 26, 0, 30,
                                                                  tzinfo=UTC)
    assert uk_to_utc(dt.date(2025, 10, 26), 1, 30, fold=1) == dt.datetime(2025, 10, 26, 1, 30,
                                                                          tzinfo=UTC)
    # 01:30 never happens on 30/03/2025: read as GMT.
    assert uk_to_utc(dt.date(2025, 3, 30), 1, 30) == dt.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    # Midsummer is BST.
    assert uk_to_utc(dt.date(2025, 6, 21), 12, 0) == dt.datetime(2025, 6, 21, 11, 0, tzinfo=UTC)


def test_last_contact_only_moves_forward(store: Store, actor: Profile, household: Household,
                                         clock: Clock) -> None:
    store.run(save_visit, actor, visit(household, clock.now - dt.timedelta(hours=1)), clock.now)
    store.run(save_visit, actor, visit(household, clock.now - dt.timedelta(days=20)), clock.now)
    assert store.run(lambda s: s.get(Family, household.family_id).last_contact) in (
        TODAY, TODAY - dt.timedelta(days=1))
