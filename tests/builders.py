"""Synthetic data for the tests, written through the app's real services.

Plain functions, no fixtures. ``add_family`` is the one family builder: a family with
its people, agencies, level decisions and consent, each described by a small spec
(``Member``, ``Agency``, ``Level``, ``Consent``); it runs inside a session, so call it
through ``in_store(store, add_family, actor, ...)`` or from a function that
``store.run`` runs. The ready-made households below are built with it: ``make_household``
(the casework services' tests), ``casework_family`` (with a plan, a meeting, a visit and
a chronology event; the casework screens' tests), ``small_family`` (documents),
``fill_caseload`` (four families for the caseload and the main window).
Every name, place and agency is invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app import dates
from app.casework import chronology, chronology_data, meetings, plan_writes, visit_writes
from app.casework.consent_data import ConsentRequest
from app.casework.consent_writes import record_consent
from app.casework.meetings import Attendee, MeetingRequest
from app.casework.plan_data import ActionRequest, NeedRequest, OutcomeRequest
from app.casework.visit_data import ChildSeen, VisitRequest, uk_to_utc
from app.families import households as families
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed, load_levels
from app.store.caseload_store import Profile, Store
from db.models import Assessment, Family

TODAY = dates.today()
# A synthetic passphrase that passes the strength check (not used anywhere real).
SYNTHETIC_PASSPHRASE = "lantern-orchard-copper-meadow-42"
OTHER_WORKER = "sam.otherworker"
T = TypeVar("T")


def days(n: int) -> dt.date:
    """``n`` days from today (negative: ago)."""
    return TODAY + dt.timedelta(days=n)


def years_ago(years: int, days: int = 0) -> dt.date:
    return TODAY - dt.timedelta(days=int(365.25 * years) + days)


def in_store(store: Store, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(session, *args, **kwargs)`` in one transaction of ``store``."""
    return store.run(lambda session: fn(session, *args, **kwargs))


# ---------------------------------------------------------------- one family


@dataclass(frozen=True)
class Member:
    """A person in the family; ``key`` names their id in ``Built.people``."""

    key: str
    role: str
    given: str
    born: dt.date | None = None
    relationship: str = ""
    surname: str = ""  # the family's name when empty
    expected: dt.date | None = None  # an unborn baby's due date
    details: Mapping[str, Any] = field(default_factory=dict)  # other PersonData fields


@dataclass(frozen=True)
class Agency:
    key: str
    agency: str
    contact_name: str = ""
    contact_role: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Level:
    """A level of need decision, made through ``change_level``."""

    code: str
    on: dt.date = TODAY
    reason: str = "Agreed at the team meeting."
    decided_by: str = ""  # the actor's name when empty


@dataclass(frozen=True)
class Consent:
    given_by: str  # a Member's key
    given_on: dt.date = TODAY
    method: str = "signed_paper"
    share_agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Built:
    """The ids of what ``add_family`` wrote; ``built[key]`` is the family ("family"),
    a person or an agency by its key."""

    id: str
    reference: str
    people: dict[str, str]
    agencies: dict[str, str]
    consent_id: str = ""

    def __getitem__(self, key: str) -> str:
        if key == "family":
            return self.id
        return self.people[key] if key in self.people else self.agencies[key]


def add_family(
    session: Session,
    actor: Profile,
    name: str,
    *,
    people: Sequence[Member] = (),
    agencies: Sequence[Agency] = (),
    levels: LevelsOfNeed | None = None,
    level_path: Sequence[Level | str] = (),
    consent: Consent | None = None,
    level: str = "",
    last_contact: dt.date | None = None,
    next_review: dt.date | None = None,
    status: str = "open",
    **details: Any,
) -> Built:
    """One synthetic family: the family (``details`` are FamilyData fields), its people,
    agencies, level decisions (``level_path``, through the service), consent; then
    ``level`` (set directly, no decision recorded), the dates and, last, the status
    (a closed family's records can no longer change)."""
    fid = families.save_family(
        session, actor, families.FamilyData(id=None, family_name=name, **details)
    )
    person_ids = {
        m.key: families.save_person(session, actor, _person(fid, name, m)) for m in people
    }
    agency_ids = {
        a.key: families.save_agency(
            session, actor,
            families.AgencyData(id=None, family_id=fid, agency=a.agency,
                                contact_name=a.contact_name, contact_role=a.contact_role,
                                phone=a.phone),
        )
        for a in agencies
    }
    for step in level_path:
        decision = Level(step) if isinstance(step, str) else step
        families.change_level(
            session, actor, levels or load_levels(),
            families.LevelDecision(fid, decision.code, decision.on, decision.reason,
                                   decision.decided_by or actor.name),
        )
    consent_id = ""
    if consent is not None:
        consent_id = record_consent(
            session, actor,
            ConsentRequest(family_id=fid, given_by_person_id=person_ids[consent.given_by],
                           given_by_name="", method=consent.method, given_on=consent.given_on,
                           scope_assess=True, share_agencies=consent.share_agencies),
        ).id
    family = session.get(Family, fid)
    assert family is not None
    changes: dict[str, Any] = {"level_code": level} if level else {}
    if last_contact or next_review:
        changes.update(last_contact=last_contact, next_review=next_review)
    if changes:
        records.update(session, actor, family, **changes)
    if status != "open":
        records.update(session, actor, family, status=status)
    return Built(fid, family.reference, person_ids, agency_ids, consent_id)


def add_assessment(
    session: Session,
    actor: Profile,
    family_id: str,
    *,
    kind: str = "ehat",
    title: str = "Early Help Assessment",
    completed_on: dt.date | None = None,
    amends_id: str | None = None,
) -> str:
    """An assessment row written directly (no answers checked), completed at noon UTC on
    ``completed_on`` by ``actor`` (a draft if None); returns its id."""
    completed_at = (
        dt.datetime.combine(completed_on, dt.time(12), dt.UTC) if completed_on else None
    )
    return records.create(
        session, actor, Assessment, family_id=family_id, form_id=kind, form_version=1,
        kind=kind, title=title, status="completed" if completed_at else "draft", answers={},
        started_by=actor.name, completed_by=actor.name if completed_at else "",
        completed_at=completed_at, amends_id=amends_id,
    ).id


def _person(family_id: str, family_name: str, member: Member) -> families.PersonData:
    return families.PersonData(
        id=None, family_id=family_id, role=member.role, given_name=member.given,
        family_name=member.surname or family_name, relationship_to_child=member.relationship,
        date_of_birth=member.born, expected_date=member.expected, **member.details,
    )


# ---------------------------------------------------------------- plans


# A need, its domain, its outcome, and the outcome's actions:
# (text, owner kind, owner key or "", due date, status, progress note).
PlanSpec = Sequence[tuple[str, str, str, Sequence[tuple[str, str, str, dt.date | None, str, str]]]]


@dataclass(frozen=True)
class PlanIds:
    needs: tuple[str, ...]
    outcomes: tuple[str, ...]
    actions: tuple[str, ...]


def add_plan(
    session: Session, actor: Profile, family_id: str, spec: PlanSpec, owners: Mapping[str, str]
) -> PlanIds:
    """A plan from ``spec``; an action's owner key is looked up in ``owners``."""
    needs, outcomes, actions = [], [], []
    for need_text, domain, outcome_text, acts in spec:
        need = plan_writes.save_need(session, actor, NeedRequest(family_id, need_text, domain))
        needs.append(need.id)
        outcome = plan_writes.save_outcome(session, actor, OutcomeRequest(need.id, outcome_text))
        outcomes.append(outcome.id)
        for text, kind, owner, due, status, note in acts:
            made = plan_writes.save_action(
                session, actor,
                ActionRequest(outcome.id, text, owner_kind=kind,
                              owner_id=owners[owner] if owner else None, due_on=due,
                              status=status, progress_note=note),
            )
            actions.append(made.id)
    return PlanIds(tuple(needs), tuple(outcomes), tuple(actions))


# ---------------------------------------------------------------- households


@dataclass(frozen=True)
class Household:
    """The Meadowbanks: two parents, two children, two agencies."""

    family_id: str
    mother_id: str
    father_id: str
    child_id: str  # Maisie, 7
    baby_id: str  # Alfie, 2
    school_id: str  # agency involvement
    health_id: str  # agency involvement


def make_household(
    store: Store, actor: Profile, levels: LevelsOfNeed, name: str = "Meadowbank",
    *, level: str = "early_help", allocated_to: str = "", consent: bool = True,
) -> Household:
    """A family at ``level`` since 390 days ago, with consent 380 days ago unless not."""
    built = in_store(
        store, add_family, actor, name,
        town="Widnes", postcode="WA8 7AB", request_date=days(-400), request_source="school",
        request_reason="School worried about attendance and tiredness.",
        lead_professional=actor.name, lead_agency="Early Help", allocated_to=allocated_to,
        people=(
            Member("mother", "parent_carer", "Dana", dt.date(1990, 3, 4), "Mother"),
            Member("father", "parent_carer", "Lewis", dt.date(1988, 9, 12), "Father"),
            Member("child", "child", "Maisie", days(-(7 * 365 + 30))),
            Member("baby", "child", "Alfie", days(-(2 * 365 + 10))),
        ),
        agencies=(
            Agency("school", "School", "Ms Example", "Head of year"),
            Agency("health", "Health visiting", "Jo Sample"),
        ),
        levels=levels,
        level_path=(Level(level, days(-390), "Agreed after the request for help."),),
        consent=Consent("mother", days(-380), share_agencies=("School",)) if consent else None,
    )
    return Household(built.id, built["mother"], built["father"], built["child"], built["baby"],
                     built["school"], built["health"])


@dataclass(frozen=True)
class SmallFamily:
    """The Brightwaters: a carer, a child and a school."""

    id: str
    reference: str
    carer_id: str
    child_id: str
    agency_id: str


def small_family(store: Store, actor: Profile, *, consent: bool = True) -> SmallFamily:
    built = in_store(
        store, add_family, actor, "Brightwater",
        request_date=days(-90), request_source="school",
        request_reason="Synthetic request for help",
        lead_professional="Robin Testworker", lead_agency="Early Help",
        people=(
            Member("carer", "parent_carer", "Alex", relationship="Mother"),
            Member("child", "child", "Sky", dt.date(2016, 3, 14)),
        ),
        agencies=(Agency("school", "School", "Pat Synthetic", "Teacher"),),
        level_path=(Level("early_help", days(-80), "Synthetic reason", "Jo Lead"),),
        consent=Consent("carer", days(-70), share_agencies=("School",)) if consent else None,
    )
    return SmallFamily(built.id, built.reference, built["carer"], built["child"], built["school"])


def add_numbered_plan(store: Store, actor: Profile, family: SmallFamily, actions: int) -> list[str]:
    """A plan of ``actions`` numbered actions, six to a need, the needs across domains,
    owned in turn by the carer and the school; returns the action texts."""
    domains = ("health", "education", "housing", "income", "relationships", "safety", "wellbeing")
    per_need = 6
    spec = []
    for n in range((actions + per_need - 1) // per_need):
        numbers = range(n * per_need + 1, min((n + 1) * per_need, actions) + 1)
        spec.append((
            f"Need number {n + 1} for the family", domains[n % len(domains)],
            f"Outcome {n + 1} in the family's own words",
            [(f"Plan action {k:03d} with words long enough to wrap over a line",
              "person" if k % 2 else "agency", "carer" if k % 2 else "school",
              days(k), "on_track", f"Progress note {k:03d}") for k in numbers],
        ))
    owners = {"carer": family.carer_id, "school": family.agency_id}
    in_store(store, add_plan, actor, family.id, spec, owners)
    return [action[0] for _n, _d, _o, acts in spec for action in acts]


def fill_caseload(store: Store, profile: Profile, levels: LevelsOfNeed) -> dict[str, str]:
    """Four synthetic families with different levels, statuses and workers; name -> id."""

    def add(name: str, **kwargs: Any) -> str:
        return in_store(store, add_family, profile, name, levels=levels, **kwargs).id

    return {
        "Ashworth": add(
            "Ashworth", postcode="WA7 5AB", lead_professional="Jo Example",
            lead_agency="Health visiting", level_path=("early_help",),
            people=(Member("maisie", "child", "Maisie", years_ago(3, 10)),
                    Member("unborn", "unborn", "", expected=days(60))),
            last_contact=days(-3), next_review=days(20),
        ),
        "Brennan": add(
            "Brennan", postcode="M1 2CD", lead_professional="Kit Sample",
            lead_agency="Children's social care", allocated_to=OTHER_WORKER,
            level_path=("early_help", "child_in_need"),
            people=(Member("tobias", "child", "Tobias", years_ago(9)),),
            last_contact=days(-30),
        ),
        "Chowdhury": add(
            "Chowdhury", postcode="L8 1XY", lead_professional="Lee Dummy", lead_agency="School",
            status="closed", level_path=("universal",),
            people=(Member("priya", "child", "Priya", years_ago(6)),
                    Member("arun", "child", "Arun", years_ago(12))),
            last_contact=days(-100),
        ),
        "Dunmore": add(
            "Dunmore", postcode="CH41 6AA", lead_professional="Ari Fictional",
            lead_agency="School", allocated_to=OTHER_WORKER, level_path=("early_help",),
            next_review=days(5),
        ),
    }


# ---------------------------------------------------------------- casework


@dataclass(frozen=True)
class CaseworkFamily:
    """The Ashworths and what ``casework_family`` gave them."""

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


ASHWORTH_PLAN: PlanSpec = (
    ("Maisie's speech is behind for her age.", "health",
     "We want Maisie to be able to say what she needs at nursery.", (
         ("Book a speech and language assessment", "agency", "health", days(-5), "on_track",
          "Referral sent; waiting for a date."),
         ("Read with Maisie for ten minutes every evening", "person", "mother", days(30),
          "on_track", ""),
     )),
    ("The flat is damp and the children's bedroom has mould.", "housing",
     "A warm, dry bedroom for the children.", (
         ("Ask the housing officer to inspect the damp", "", "", days(-12), "not_started", ""),
         ("Apply for the hardship grant for a dehumidifier", "person", "partner", None,
          "achieved", "Grant paid on the first visit."),
     )),
    ("Noah is missing school on Mondays.", "education",
     "Noah goes to school every day and enjoys it.", (
         ("Meet the school about a morning club place", "agency", "school", days(14),
          "not_started", ""),
     )),
)


def casework_family(
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
) -> CaseworkFamily:
    """One synthetic family at Early Help; what else it has is chosen by the flags
    (``single_domain``: the plan's first need only)."""

    def work(session: Session) -> CaseworkFamily:
        built = _ashworths(session, profile, levels, name, allocated, consent, request_days_ago)
        made = CaseworkFamily(built.id, built["mother"], built["partner"], built["maisie"],
                              built["noah"], built["health"], built["school"])
        if with_meeting:
            made = replace(made, meeting_id=_meeting(session, profile, built))
        if with_plan:
            plan = add_plan(session, profile, built.id,
                            ASHWORTH_PLAN[:1] if single_domain else ASHWORTH_PLAN,
                            {**built.people, **built.agencies})
            made = replace(made, need_ids=plan.needs, outcome_ids=plan.outcomes,
                           action_ids=plan.actions)
        if with_visit:
            made = replace(made, final_visit_id=_visit_and_event(session, profile, built))
        return made

    return store.run(work)


def _ashworths(
    session: Session, profile: Profile, levels: LevelsOfNeed, name: str, allocated: bool,
    consent: bool, request_days_ago: int,
) -> Built:
    return add_family(
        session, profile, name,
        address_line1="4 Example Terrace", town="Runcorn", postcode="WA7 2ZZ",
        request_date=days(-request_days_ago), request_source="health_visitor",
        request_reason="Health visitor worried about Maisie's speech and the family's damp flat.",
        lead_professional=profile.name, lead_agency="Early Help",
        allocated_to=profile.username if allocated else OTHER_WORKER,
        people=(
            Member("mother", "parent_carer", "Jade", dt.date(1995, 6, 2), "Mother"),
            Member("partner", "parent_carer", "Liam", dt.date(1992, 1, 20), "Mother's partner",
                   surname="Carter"),
            Member("maisie", "child", "Maisie", days(-(3 * 365 + 40)), "Daughter"),
            Member("noah", "child", "Noah", days(-(8 * 365 + 100)), "Son"),
        ),
        agencies=(
            Agency("health", "Health visiting", "Jo Example", "Health visitor"),
            Agency("school", "School", "Lee Sample", "Family support"),
        ),
        levels=levels,
        level_path=(Level("early_help", days(-110)),),
        consent=(
            Consent("mother", days(-105), share_agencies=("Health visiting", "School"))
            if consent else None
        ),
    )


def _meeting(session: Session, profile: Profile, built: Built) -> str:
    return meetings.save_meeting(
        session, profile,
        MeetingRequest(
            family_id=built.id, kind="family_action_meeting", held_on=days(-60),
            venue="Riverside Children's Centre", chair="Sam Placeholder",
            attendees=(
                Attendee("", "Mother", person_id=built["mother"], attended=True),
                Attendee("", "Mother's partner", person_id=built["partner"], attended=False),
                Attendee("Jo Example", "Health visitor", agency="Health visiting"),
                Attendee("Lee Sample", "Family support", agency="School"),
            ),
            family_views="Jade wants help with the flat and with Maisie's talking.",
            child_views="Noah said he likes football club and hates the black mould.",
            decisions="Refer to speech and language therapy. Housing to inspect the damp.",
            next_review_on=days(-18),
        ),
    ).id


def _visit_and_event(session: Session, profile: Profile, built: Built) -> str:
    """A final home visit 20 days ago and a police notification 30 days ago."""
    visit = visit_writes.save_visit(
        session, profile,
        VisitRequest(
            family_id=built.id, occurred_at=uk_to_utc(days(-20), 10, 30), kind="home_visit",
            seen=(built["mother"],),
            children_seen=(ChildSeen(built["maisie"], True, False),
                           ChildSeen(built["noah"], True, True)),
            child_words="Noah: “The mould makes my room smell.”",
            notes="Flat cold; mould behind the children's beds. Jade tired but warm "
            "with the children.",
            follow_ups=("Chase housing about the inspection",
                        "Find a football club near home for Noah"),
        ),
    )
    visit_writes.finalise_visit(session, profile, visit.id)
    chronology.save_chronology_entry(
        session, profile,
        chronology_data.ChronologyEntryRequest(
            family_id=built.id, occurred_on=days(-30),
            event="Police attended a neighbour dispute on the landing; the children "
            "were at home.",
            source="Police notification", impact_on_child="Noah was frightened.",
            child_person_id=built["noah"],
        ),
    )
    return visit.id
