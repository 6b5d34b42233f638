"""The family plan: what is going well, then needs -> outcomes -> SMART actions, and its
history; here, reading it.

Beside this module: :mod:`~app.casework.plan_data` (requests, results, warnings),
:mod:`~app.casework.plan_writes` (needs, outcomes and actions changed) and
:mod:`~app.casework.plan_history` (snapshots taken at reviews).

The plan opens with **what is going well** (strengths the worker writes in the plan
itself, one :class:`~db.models.PlanStrength` each; the printed plan adds those the
latest assessment records). A **need** (what the assessment found, with a domain, linked to the
assessment that found it) has **outcomes** (what the family wants to be
different, in the family's own words), and each outcome has **actions**: who
does what by when. An action's owner is a person in the family or an agency
(one of the family's agencies, or just a name); it has a due date, a domain
(health, education, housing, income, relationships, safety, wellbeing), a
status (not started, on track, achieved, not achieved, no longer needed) and
a progress note.

**History**: a review steps through the actions, updating each, and then
takes a :class:`~db.models.PlanSnapshot` (append-only) holding the whole plan
as it stood, so "what did the plan say at the review in March" is always
answerable (:func:`~app.casework.plan_history.list_snapshots`,
:func:`~app.casework.plan_history.load_snapshot`). The review itself
is recorded by :func:`app.casework.meetings.record_review`.

**Warnings** (:func:`~app.casework.plan_data.plan_warnings`): every action in one domain (plans must
cover more than one); an action with no owner; an action with no due date.

Everything refuses changes to a closed family (:func:`app.casework.closure.writable_family`).
Service functions take ``(session, actor, request)`` and return frozen
dataclasses; they run on the store's worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.plan_data import (
    ActionData,
    NeedData,
    OutcomeData,
    OwnerChoice,
    PlanData,
    StrengthData,
    plan_warnings,
)
from app.dates import today
from app.families.personal_details import age_words
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import (
    AgencyInvolvement,
    Assessment,
    Family,
    Person,
    PlanAction,
    PlanNeed,
    PlanOutcome,
    PlanStrength,
)


def person_name(p: Person) -> str:
    """The person's name; an unborn baby the family has not named is "Unborn baby"."""
    if p.role == "unborn" and not p.given_name.strip():
        return "Unborn baby"
    return f"{p.given_name} {p.family_name}".strip()


def agency_name(a: AgencyInvolvement) -> str:
    return f"{a.contact_name} ({a.agency})" if a.contact_name else a.agency


def owner_choices(session: Session, actor: Profile, family_id: str) -> tuple[OwnerChoice, ...]:
    """The family's people and agencies, as action owners."""
    live_family(session, family_id)
    return _owner_choices(session, family_id, unborn=False)  # a baby not yet born can do nothing


def _owner_choices(
    session: Session, family_id: str, *, unborn: bool = True
) -> tuple[OwnerChoice, ...]:
    people = [
        p
        for p in session.scalars(
            select(Person)
            .where(Person.family_id == family_id, Person.deleted.is_(False))
            .order_by(Person.role, Person.given_name)
        )
        if unborn or p.role != "unborn"
    ]
    agencies = session.scalars(
        select(AgencyInvolvement)
        .where(AgencyInvolvement.family_id == family_id, AgencyInvolvement.deleted.is_(False))
        .order_by(AgencyInvolvement.agency)
    )
    return tuple(
        OwnerChoice("person", p.id, person_name(p), owner_detail(p)) for p in people
    ) + tuple(OwnerChoice("agency", a.id, agency_name(a)) for a in agencies)


def owner_detail(p: Person) -> str:
    """Who a person is, for an owner picker: "child, 7 years", their relationship to the
    children ("Mother"), or "parent or carer" / "other adult"."""
    if p.role == "child":
        age = age_words(p.date_of_birth)
        return f"child, {age}" if age else "child"
    if p.role == "unborn":
        return ""  # the name says "Unborn baby"
    adult = "parent or carer" if p.role == "parent_carer" else "other adult"
    return p.relationship_to_child or adult


def worker_as_owner(worker: Profile) -> str:
    """The worker as an action's owner, by name and role in plain words: "Robin Example,
    family support worker" (never their username, nor a team in brackets)."""
    return f"{worker.name}, {worker.role_label.lower()}" if worker.role_label else worker.name


def owner_names(session: Session, family_id: str) -> dict[tuple[str, str], str]:
    """The name of each person and agency who owns (or once owned) an action."""
    return {(c.kind, c.id): c.name for c in _owner_choices(session, family_id)}


def action_owner(session: Session, row: PlanAction) -> dict[tuple[str, str], str]:
    """The current name of one action's owner, as :func:`owner_names` would give it (a
    lookup of that person or agency alone, not of the whole family's)."""
    owner: Person | AgencyInvolvement | None = None
    if row.owner_kind == "person" and row.owner_id:
        owner = session.get(Person, row.owner_id)
    elif row.owner_kind == "agency" and row.owner_id:
        owner = session.get(AgencyInvolvement, row.owner_id)
    if owner is None or owner.deleted or owner.family_id != row.family_id:
        return {}
    name = person_name(owner) if isinstance(owner, Person) else agency_name(owner)
    return {(str(row.owner_kind), str(row.owner_id)): name}


def action_data(row: PlanAction, owners: Mapping[tuple[str, str], str]) -> ActionData:
    name = row.owner_name
    if row.owner_kind and row.owner_id:
        name = owners.get((row.owner_kind, row.owner_id), name)
    return ActionData(
        id=row.id,
        outcome_id=row.outcome_id,
        text=row.text,
        owner_kind=row.owner_kind,
        owner_id=row.owner_id,
        owner_name=name,
        due_on=row.due_on,
        status=row.status,
        progress_note=row.progress_note,
        domain=row.domain,
        from_visit_id=row.from_visit_id,
        from_follow_up=row.from_follow_up,
        version=row.version,
    )


def _live(session: Session, model: Any, family_id: str) -> list[Any]:
    return list(
        session.scalars(
            select(model)
            .where(model.family_id == family_id, model.deleted.is_(False))
            .order_by(model.position, model.updated_at)
        )
    )


def build_plan(session: Session, family: Family, day: dt.date) -> PlanData:
    needs = _live(session, PlanNeed, family.id)
    outcomes = _live(session, PlanOutcome, family.id)
    actions = _live(session, PlanAction, family.id)
    owners = owner_names(session, family.id)
    titles: dict[str, str] = {}
    linked = [n.assessment_id for n in needs if n.assessment_id]
    if linked:
        titles = {
            aid: title
            for aid, title in session.execute(
                select(Assessment.id, Assessment.title).where(Assessment.id.in_(linked))
            )
        }
    by_outcome: dict[str, list[ActionData]] = {}
    for a in actions:
        by_outcome.setdefault(a.outcome_id, []).append(action_data(a, owners))
    by_need: dict[str, list[OutcomeData]] = {}
    for o in outcomes:
        by_need.setdefault(o.need_id, []).append(
            OutcomeData(o.id, o.need_id, o.text, tuple(by_outcome.get(o.id, ())))
        )
    need_data = tuple(
        NeedData(
            id=n.id,
            text=n.text,
            domain=n.domain,
            assessment_id=n.assessment_id,
            assessment_title=titles.get(n.assessment_id or "", ""),
            outcomes=tuple(by_need.get(n.id, ())),
        )
        for n in needs
    )
    strengths = tuple(StrengthData(s.id, s.text) for s in _live(session, PlanStrength, family.id))
    plan = PlanData(family.id, need_data, (), family.next_review, day)
    return PlanData(
        family.id, need_data, plan_warnings(plan), family.next_review, day, strengths
    )


def load_plan(
    session: Session, actor: Profile, family_id: str, on: dt.date | None = None
) -> PlanData:
    """The family's plan now: needs -> outcomes -> actions (owners named), with warnings."""
    return build_plan(session, live_family(session, family_id), on or today())

