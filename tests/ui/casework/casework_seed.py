"""Synthetic casework data for the casework screens' tests, made through the
real services: a family with a plan, meetings, visits and chronology events.
Everything is invented: names, places, agencies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from pytestqt.qtbot import QtBot

from app.casework import chronology, chronology_data, meetings, plan_writes, visit_writes
from app.casework.consent_data import ConsentRequest
from app.casework.consent_writes import record_consent
from app.casework.meetings import Attendee, MeetingRequest
from app.casework.plan_data import ActionRequest, NeedRequest, OutcomeRequest
from app.casework.visit_data import ChildSeen, VisitRequest, uk_to_utc
from app.families import households as families
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store

TODAY = dt.date.today()
WAIT = 20_000


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@dataclass(frozen=True)
class Seeded:
    family_id: str
    mother_id: str
    partner_id: str
    child_id: str  # Maisie, 3
    older_id: str  # Noah, 8
    health_id: str
    school_id: str
    need_ids: tuple[str, ...] = ()
    outcome_ids: tuple[str, ...] = ()
    action_ids: tuple[str, ...] = ()
    meeting_id: str = ""
    final_visit_id: str = ""


def seed_family(
    store: Store,
    profile: Profile,
    levels: LevelsOfNeed,
    *,
    name: str = "Ashworth",
    allocated: bool = True,
    with_plan: bool = True,
    with_meeting: bool = True,
    with_visit: bool = True,
    single_domain: bool = False,
    consent: bool = True,
    request_days_ago: int = 120,
) -> Seeded:
    """One synthetic family; what else it has is chosen by the flags."""

    def work(session: Any) -> Seeded:
        fid = families.save_family(
            session,
            profile,
            families.FamilyData(
                id=None,
                family_name=name,
                address_line1="4 Example Terrace",
                town="Runcorn",
                postcode="WA7 2ZZ",
                request_date=days(-request_days_ago),
                request_source="health_visitor",
                request_reason="Health visitor worried about Maisie's speech and the family's "
                "damp flat.",
                lead_professional=profile.name,
                lead_agency="Early Help",
                allocated_to=profile.username if allocated else "sam.otherworker",
            ),
        )

        def person(role: str, given: str, born: dt.date, rel: str, surname: str = name) -> str:
            return families.save_person(
                session,
                profile,
                families.PersonData(
                    id=None,
                    family_id=fid,
                    role=role,
                    given_name=given,
                    family_name=surname,
                    date_of_birth=born,
                    relationship_to_child=rel,
                ),
            )

        mother = person("parent_carer", "Jade", dt.date(1995, 6, 2), "Mother")
        partner = person("parent_carer", "Liam", dt.date(1992, 1, 20), "Mother's partner", "Carter")
        child = person("child", "Maisie", days(-(3 * 365 + 40)), "Daughter")
        older = person("child", "Noah", days(-(8 * 365 + 100)), "Son")
        health = families.save_agency(
            session,
            profile,
            families.AgencyData(
                id=None,
                family_id=fid,
                agency="Health visiting",
                contact_name="Jo Example",
                contact_role="Health visitor",
            ),
        )
        school = families.save_agency(
            session,
            profile,
            families.AgencyData(
                id=None,
                family_id=fid,
                agency="School",
                contact_name="Lee Sample",
                contact_role="Family support",
            ),
        )
        families.change_level(
            session,
            profile,
            levels,
            families.LevelDecision(
                fid, "early_help", days(-110), "Agreed at the team meeting.", profile.name
            ),
        )
        if consent:
            record_consent(
                session,
                profile,
                ConsentRequest(
                    family_id=fid,
                    given_by_person_id=mother,
                    given_by_name="",
                    method="signed_paper",
                    given_on=days(-105),
                    scope_assess=True,
                    share_agencies=("Health visiting", "School"),
                ),
            )
        seeded = Seeded(fid, mother, partner, child, older, health, school)
        if with_meeting:
            m = meetings.save_meeting(
                session,
                profile,
                MeetingRequest(
                    family_id=fid,
                    kind="family_action_meeting",
                    held_on=days(-60),
                    venue="Riverside Children's Centre",
                    chair="Sam Placeholder",
                    attendees=(
                        Attendee("", "Mother", person_id=mother, attended=True),
                        Attendee("", "Mother's partner", person_id=partner, attended=False),
                        Attendee("Jo Example", "Health visitor", agency="Health visiting"),
                        Attendee("Lee Sample", "Family support", agency="School"),
                    ),
                    family_views="Jade wants help with the flat and with Maisie's talking.",
                    child_views="Noah said he likes football club and hates the black mould.",
                    decisions="Refer to speech and language therapy. Housing to inspect the damp.",
                    next_review_on=days(-18),
                ),
            )
            seeded = _with(seeded, meeting_id=m.id)
        if with_plan:
            needs = []
            outcomes = []
            actions = []
            spec = [
                (
                    "Maisie's speech is behind for her age.",
                    "health",
                    "We want Maisie to be able to say what she needs at nursery.",
                    [
                        (
                            "Book a speech and language assessment",
                            "agency",
                            health,
                            days(-5),
                            "on_track",
                            "Referral sent; waiting for a date.",
                        ),
                        (
                            "Read with Maisie for ten minutes every evening",
                            "person",
                            mother,
                            days(30),
                            "on_track",
                            "",
                        ),
                    ],
                ),
                (
                    "The flat is damp and the children's bedroom has mould.",
                    "housing",
                    "A warm, dry bedroom for the children.",
                    [
                        (
                            "Ask the housing officer to inspect the damp",
                            "",
                            None,
                            days(-12),
                            "not_started",
                            "",
                        ),
                        (
                            "Apply for the hardship grant for a dehumidifier",
                            "person",
                            partner,
                            None,
                            "achieved",
                            "Grant paid on the first visit.",
                        ),
                    ],
                ),
                (
                    "Noah is missing school on Mondays.",
                    "education",
                    "Noah goes to school every day and enjoys it.",
                    [
                        (
                            "Meet the school about a morning club place",
                            "agency",
                            school,
                            days(14),
                            "not_started",
                            "",
                        )
                    ],
                ),
            ]
            if single_domain:
                spec = [
                    (n, "health", o, [(a[0], a[1], a[2], a[3], a[4], a[5]) for a in acts])
                    for n, _d, o, acts in spec[:1]
                ]
            for need_text, domain, outcome_text, acts in spec:
                need = plan_writes.save_need(session, profile, NeedRequest(fid, need_text, domain))
                needs.append(need.id)
                outcome = plan_writes.save_outcome(
                    session, profile, OutcomeRequest(need.id, outcome_text)
                )
                outcomes.append(outcome.id)
                for text, kind, owner, due, status, note in acts:
                    made = plan_writes.save_action(
                        session,
                        profile,
                        ActionRequest(
                            outcome.id,
                            text,
                            owner_kind=kind,
                            owner_id=owner,
                            due_on=due,
                            status=status,
                            progress_note=note,
                        ),
                    )
                    actions.append(made.id)
            seeded = _with(
                seeded,
                need_ids=tuple(needs),
                outcome_ids=tuple(outcomes),
                action_ids=tuple(actions),
            )
        if with_visit:
            v = visit_writes.save_visit(
                session,
                profile,
                VisitRequest(
                    family_id=fid,
                    occurred_at=uk_to_utc(days(-20), 10, 30),
                    kind="home_visit",
                    seen=(mother,),
                    children_seen=(ChildSeen(child, True, False), ChildSeen(older, True, True)),
                    child_words="Noah: “The mould makes my room smell.”",
                    notes="Flat cold; mould behind the children's beds. Jade tired but warm "
                    "with the children.",
                    follow_ups=(
                        "Chase housing about the inspection",
                        "Find a football club near home for Noah",
                    ),
                ),
            )
            visit_writes.finalise_visit(session, profile, v.id)
            seeded = _with(seeded, final_visit_id=v.id)
            chronology.save_chronology_entry(
                session,
                profile,
                chronology_data.ChronologyEntryRequest(
                    family_id=fid,
                    occurred_on=days(-30),
                    event="Police attended a neighbour dispute on the landing; the children "
                    "were at home.",
                    source="Police notification",
                    impact_on_child="Noah was frightened.",
                    child_person_id=older,
                ),
            )
        return seeded

    return store.run(work)  # type: ignore[no-any-return]


def _with(seeded: Seeded, **changes: Any) -> Seeded:
    return replace(seeded, **changes)


def wait_loaded(qtbot: QtBot, view: Any) -> None:
    """Until the family view and every casework tab show the family."""
    qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
    casework = view.casework
    qtbot.waitUntil(
        lambda: all(
            p.is_loaded and p.family_id == view.family_id for p in casework.panels.values()
        ),
        timeout=WAIT,
    )
