"""Family Action Meetings, TAF meetings and reviews: attendees (present and
absent), views, decisions, and the next review suggested from the interval."""

from __future__ import annotations

import datetime as dt

import pytest

from app.casework.meetings import (
    Attendee,
    MeetingRequest,
    list_meetings,
    load_meeting,
    remove_meeting,
    save_meeting,
    suggest_next_review,
)
from app.errors import ValidationFailed
from app.reference.casework_settings import (
    CaseworkSettings,
    load_casework_settings,
    save_casework_settings,
)
from app.store.caseload_store import Profile, Store
from db.models import Family, Meeting, OutboxOp
from tests.builders import TODAY, Household


def fam(h: Household, held_on: dt.date, **kw: object) -> MeetingRequest:
    return MeetingRequest(
        family_id=h.family_id, kind="family_action_meeting", held_on=held_on,
        venue="Ditton Children's Centre", chair="Sam Chair",
        attendees=(
            Attendee(name="", person_id=h.mother_id, role="Mother"),
            Attendee(name="Lewis Meadowbank", person_id=h.father_id, role="Father",
                     attended=False),
            Attendee(name="Ms Example", agency="School", role="Head of year"),
            Attendee(name="Jo Sample", agency="Health visiting", role="Health visitor",
                     attended=False),
        ),
        family_views="We want mornings to be calmer.",
        child_views="Maisie said: “I like it when Mum walks me in.”",
        decisions="A plan for attendance; review in six weeks.",
        **kw,  # type: ignore[arg-type]
    )


def test_a_family_action_meeting_is_recorded_with_who_came_and_who_did_not(
    store: Store, actor: Profile, household: Household
) -> None:
    held = TODAY - dt.timedelta(days=2)
    meeting = store.run(save_meeting, actor, fam(household, held))
    assert meeting.kind_label == "Family Action Meeting"
    assert [a.name for a in meeting.present] == ["Dana Meadowbank", "Ms Example"]
    assert [a.name for a in meeting.absent] == ["Lewis Meadowbank", "Jo Sample"]
    assert meeting.absent[0].person_id == household.father_id
    assert meeting.absent[1].agency == "Health visiting"
    # Suggested next review: six weeks on by default.
    assert meeting.next_review_on == held + dt.timedelta(weeks=6)
    # The family's next review moves on with it.
    assert store.run(lambda s: s.get(Family, household.family_id).next_review) == (
        held + dt.timedelta(weeks=6))
    loaded = store.run(load_meeting, actor, meeting.id)
    assert loaded.child_views.startswith("Maisie said") and loaded.plan_snapshot is None
    assert loaded.title == f"Family Action Meeting on {held:%d/%m/%Y}"
    assert store.run(lambda s: s.query(OutboxOp).filter_by(entity="meeting").count()) == 1


def test_the_review_interval_is_configurable(store: Store, actor: Profile,
                                             household: Household) -> None:
    assert store.run(load_casework_settings).review_interval_weeks == 6
    store.run(save_casework_settings, actor, CaseworkSettings(review_interval_weeks=4))
    held = TODAY - dt.timedelta(days=1)
    assert store.run(suggest_next_review, held) == held + dt.timedelta(weeks=4)
    with pytest.raises(ValidationFailed) as err:
        store.run(save_casework_settings, actor, CaseworkSettings(review_interval_weeks=0))
    assert "review_interval_weeks" in err.value.problems
    meeting = store.run(save_meeting, actor, fam(household, held))
    assert meeting.next_review_on == held + dt.timedelta(weeks=4)


def test_an_explicit_next_review_and_late_recorded_meetings(
    store: Store, actor: Profile, household: Household
) -> None:
    recent = store.run(save_meeting, actor, fam(
        household, TODAY - dt.timedelta(days=3), next_review_on=TODAY + dt.timedelta(days=30)))
    assert recent.next_review_on == TODAY + dt.timedelta(days=30)
    # An older meeting written up later does not move the next review back.
    store.run(save_meeting, actor, MeetingRequest(
        household.family_id, "taf", TODAY - dt.timedelta(days=40),
        next_review_on=TODAY + dt.timedelta(days=2)))
    assert store.run(lambda s: s.get(Family, household.family_id).next_review) == (
        TODAY + dt.timedelta(days=30))
    # A meeting whose next review has already passed leaves the date alone.
    store.run(remove_meeting, actor, recent.id)
    store.run(save_meeting, actor, MeetingRequest(
        household.family_id, "review", TODAY - dt.timedelta(days=1),
        next_review_on=TODAY - dt.timedelta(days=1) + dt.timedelta(days=1)))
    assert store.run(lambda s: s.get(Family, household.family_id).next_review) == (
        TODAY + dt.timedelta(days=30))
    listed = store.run(list_meetings, actor, household.family_id)
    assert [m.kind for m in listed] == ["review", "taf"]
    assert store.run(lambda s: s.get(Meeting, recent.id).deleted) is True


def test_editing_a_meeting_and_checks(store: Store, actor: Profile, household: Household) -> None:
    meeting = store.run(save_meeting, actor, fam(household, TODAY))
    changed = store.run(save_meeting, actor, MeetingRequest(
        household.family_id, "taf", TODAY, decisions="Updated decisions", id=meeting.id))
    assert changed.kind == "taf" and changed.decisions == "Updated decisions"
    assert changed.attendees == ()
    with pytest.raises(ValidationFailed) as err:
        store.run(save_meeting, actor, MeetingRequest(
            household.family_id, "party", TODAY + dt.timedelta(days=1),
            attendees=(Attendee(name="x", person_id="not-in-family"),),
            next_review_on=TODAY - dt.timedelta(days=3)))
    assert set(err.value.problems) == {"kind", "held_on", "attendees", "next_review_on"}
