"""A store of nine synthetic families whose figures the tests know by construction.

Written through the real services (tests/builders.py ``add_family``, closing, reopening,
stepping up, signing off), except completed EHATs, which are written with
``records.create`` so that the day each was completed is chosen by the test (the
assessment service stamps the present moment). The period the tests mostly use is
``PERIOD``: the 180 days up to today.

    fam request (source)   level path                 consent  worker  other
    A   -100 school        EH -95                      -90      robin   EHAT -60 (no review); plan
    B   -400 health vis.   EH -390, Universal -50      -385     other   level change mid-period
    C   -150 police        EH -150                     -130     robin   step up to CP -30, no EHAT
    D   -200 school        EH -200                     -190     robin   EHAT -170 (returned today);
                                                                        step up to CIN -20
    E   -300 gp            EH -300                     -290     other   closed -120 needs met,
                                                                        reopened -60 (re-referral)
    F   -600 self          Universal -600              none     robin   closed -500, reopened -40
    G   -90 school         EH -85                      -80      robin   closed -30 disengaged
    H   -50 school         EH -50                      none     robin   deleted
    I   -30 self           none                        none     other
A's plan: achieved (due -20), on track (due -10: overdue), not achieved (due -5),
not started (due +30: not yet due), and a deleted achieved action (due -3).
Meetings: A a Family Action Meeting -70 (next review -10: overdue), E a review -30 (next
review +20), C a deleted Family Action Meeting -40. G's closure has the family's feedback,
E's none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from app.casework.assessment_completion import review_assessment
from app.casework.assessment_data import ReviewRequest
from app.casework.closure import CloseRequest, ReopenRequest
from app.casework.closure_writes import close_family, reopen_family
from app.casework.meetings import MeetingRequest, save_meeting
from app.casework.step_changes import StepUpRequest, step_up
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed
from app.reporting.assessment_figures import UK
from app.reporting.period import Period
from app.store.caseload_store import Profile, Store
from db.models import Assessment, Family, Meeting, PlanAction
from tests.builders import (
    OTHER_WORKER,
    Consent,
    Level,
    Member,
    add_family,
    add_plan,
    days,
    in_store,
)

PERIOD = Period(days(-180), days(0))
LEAD = Profile("Lee Teamlead", "team_lead", "North Locality Team", "lee.lead")


@dataclass(frozen=True)
class Seeded:
    ids: dict[str, str]  # letter -> family id
    refs: dict[str, str]  # letter -> family reference

    def of(self, *letters: str) -> tuple[str, ...]:
        return tuple(sorted(self.ids[x] for x in letters))


def _family(
    session: Session, actor: Profile, levels: LevelsOfNeed, name: str, request: int,
    source: str, path: tuple[tuple[str, int], ...], consent: int | None, worker: str,
) -> tuple[str, str]:
    built = add_family(
        session, actor, name, request_date=days(request), request_source=source,
        allocated_to=worker, levels=levels,
        people=(Member("carer", "parent_carer", "Sam"),
                Member("child", "child", "Kit", days(-2000))),
        level_path=tuple(Level(code, days(on)) for code, on in path),
        consent=Consent("carer", days(consent)) if consent is not None else None,
    )
    return built.id, built.reference


def _ehat(session: Session, actor: Profile, family_id: str, completed: int) -> str:
    at = dt.datetime.combine(days(completed), dt.time(12), tzinfo=UK).astimezone(dt.UTC)
    row = records.create(
        session, actor, Assessment, family_id=family_id, form_id="ehat", form_version=1,
        kind="ehat", title="EHAT", status="completed", answers={}, started_by=actor.name,
        started_at=at, completed_by=actor.name, completed_at=at,
    )
    return row.id


def seed(store: Store, actor: Profile, levels: LevelsOfNeed) -> Seeded:
    me = actor.username
    specs = {
        "A": ("Ashby", -100, "school", (("early_help", -95),), -90, me),
        "B": ("Barlow", -400, "health_visitor", (("early_help", -390), ("universal", -50)),
              -385, OTHER_WORKER),
        "C": ("Carver", -150, "police", (("early_help", -150),), -130, me),
        "D": ("Dalton", -200, "school", (("early_help", -200),), -190, me),
        "E": ("Ellis", -300, "gp", (("early_help", -300),), -290, OTHER_WORKER),
        "F": ("Fenwick", -600, "self", (("universal", -600),), None, me),
        "G": ("Gray", -90, "school", (("early_help", -85),), -80, me),
        "H": ("Hale", -50, "school", (("early_help", -50),), None, me),
        "I": ("Irwin", -30, "self", (), None, OTHER_WORKER),
    }
    ids: dict[str, str] = {}
    refs: dict[str, str] = {}
    for letter, spec in specs.items():
        ids[letter], refs[letter] = in_store(store, _family, actor, levels, *spec)

    def casework(session: Session) -> str:
        _ehat(session, actor, ids["A"], -60)
        returned = _ehat(session, actor, ids["D"], -170)
        add_plan(session, actor, ids["A"], (("Need", "health", "Outcome", (
            ("Achieved one", "", "", days(-20), "achieved", ""),
            ("Overdue one", "", "", days(-10), "on_track", ""),
            ("Not achieved one", "", "", days(-5), "not_achieved", ""),
            ("Not yet due", "", "", days(30), "not_started", ""),
            ("Deleted one", "", "", days(-3), "achieved", ""),
        )),), {})
        deleted_action = session.query(PlanAction).filter_by(text="Deleted one").one()
        records.mark_deleted(session, actor, deleted_action)
        step_up(session, actor, levels, StepUpRequest(ids["C"], "child_protection", days(-30),
                                                      "Worries grew."))
        step_up(session, actor, levels, StepUpRequest(ids["D"], "child_in_need", days(-20),
                                                      "Worries grew."))
        close_family(session, actor, CloseRequest(ids["E"], days(-120), "needs_met"))
        reopen_family(session, actor, ReopenRequest(ids["E"], days(-60), "New request."))
        close_family(session, actor, CloseRequest(ids["F"], days(-500), "needs_met"))
        reopen_family(session, actor, ReopenRequest(ids["F"], days(-40), "New request."))
        close_family(session, actor, CloseRequest(ids["G"], days(-30), "disengaged",
                                                  family_feedback="Thank you."))
        save_meeting(session, actor, MeetingRequest(ids["A"], "family_action_meeting",
                                                    days(-70), next_review_on=days(-10)))
        save_meeting(session, actor, MeetingRequest(ids["E"], "review", days(-30),
                                                    next_review_on=days(20)))
        gone = save_meeting(session, actor, MeetingRequest(ids["C"], "family_action_meeting",
                                                           days(-40)))
        meeting = session.get(Meeting, gone.id)
        assert meeting is not None
        records.mark_deleted(session, actor, meeting)
        family = session.get(Family, ids["H"])
        assert family is not None
        records.mark_deleted(session, actor, family)
        return returned

    returned = store.run(casework)
    in_store(store, review_assessment, LEAD, ReviewRequest(returned, "returned", "More, please."))
    return Seeded(ids, refs)


@pytest.fixture
def seeded(store: Store, actor: Profile, levels: LevelsOfNeed) -> Seeded:
    return seed(store, actor, levels)
