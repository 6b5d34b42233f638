"""The family plan: needs -> outcomes -> SMART actions, and its history.

A **need** (what the assessment found, with a domain, linked to the
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
answerable (:func:`list_snapshots`, :func:`load_snapshot`). The review itself
is recorded by :func:`app.casework.meetings.record_review`.

**Warnings** (:func:`plan_warnings`): every action in one domain (plans must
cover more than one); an action with no owner; an action with no due date.

Everything refuses changes to a closed family (:func:`app.casework.closure.writable_family`).
Service functions take ``(session, actor, request)`` and return frozen
dataclasses; they run on the store's worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.dates import today, uk
from app.errors import NotFound, ValidationFailed
from app.records import writes as records
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import (
    AgencyInvolvement,
    Assessment,
    Family,
    Meeting,
    Person,
    PlanAction,
    PlanNeed,
    PlanOutcome,
    PlanSnapshot,
    Visit,
)

DOMAINS: dict[str, str] = {
    "health": "Health",
    "education": "Education",
    "housing": "Housing",
    "income": "Income",
    "relationships": "Relationships",
    "safety": "Safety",
    "wellbeing": "Wellbeing",
}

ACTION_STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "on_track": "On track",
    "achieved": "Achieved",
    "not_achieved": "Not achieved",
    "no_longer_needed": "No longer needed",
}

# Statuses of an action still being worked on (it can be overdue).
OPEN_STATUSES: frozenset[str] = frozenset({"not_started", "on_track"})

OWNER_KINDS: dict[str, str] = {"person": "Family member", "agency": "Agency"}

SNAPSHOT_FORMAT = 1


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class NeedRequest:
    family_id: str
    text: str
    domain: str = ""
    assessment_id: str | None = None
    id: str | None = None  # None: a new need


@dataclass(frozen=True)
class OutcomeRequest:
    need_id: str
    text: str  # in the family's own words
    id: str | None = None


@dataclass(frozen=True)
class ActionRequest:
    """An action. The owner: ``owner_kind`` person with a person id, or agency
    with an agency-involvement id or just ``owner_name``; "" for none yet."""

    outcome_id: str
    text: str
    owner_kind: str = ""
    owner_id: str | None = None
    owner_name: str = ""
    due_on: dt.date | None = None
    domain: str = ""  # "" takes the need's domain
    status: str = "not_started"
    progress_note: str = ""
    id: str | None = None


@dataclass(frozen=True)
class ActionProgress:
    """A review's update of one action."""

    action_id: str
    status: str
    progress_note: str = ""


@dataclass(frozen=True)
class ActionData:
    id: str
    outcome_id: str
    text: str
    owner_kind: str
    owner_id: str | None
    owner_name: str  # resolved to the person's or agency's current name
    due_on: dt.date | None
    status: str
    progress_note: str
    domain: str
    from_visit_id: str | None = None
    from_follow_up: int | None = None
    version: int | None = None

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)

    @property
    def domain_label(self) -> str:
        return DOMAINS.get(self.domain, self.domain)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_on(self, day: dt.date) -> bool:
        """Still being worked on and due before ``day``."""
        return self.is_open and self.due_on is not None and self.due_on < day


@dataclass(frozen=True)
class OutcomeData:
    id: str
    need_id: str
    text: str
    actions: tuple[ActionData, ...]


@dataclass(frozen=True)
class NeedData:
    id: str
    text: str
    domain: str
    assessment_id: str | None
    assessment_title: str
    outcomes: tuple[OutcomeData, ...]

    @property
    def domain_label(self) -> str:
        return DOMAINS.get(self.domain, self.domain)


@dataclass(frozen=True)
class PlanWarning:
    """``kind``: single_domain, no_owner or no_due_date (``action_id`` set for the last two)."""

    kind: str
    message: str
    action_id: str | None = None


@dataclass(frozen=True)
class PlanData:
    family_id: str
    needs: tuple[NeedData, ...]
    warnings: tuple[PlanWarning, ...]
    next_review: dt.date | None
    as_of: dt.date  # today for the live plan; the day taken for a snapshot

    @property
    def actions(self) -> tuple[ActionData, ...]:
        return tuple(a for n in self.needs for o in n.outcomes for a in o.actions)

    @property
    def outcomes(self) -> tuple[OutcomeData, ...]:
        return tuple(o for n in self.needs for o in n.outcomes)

    @property
    def is_empty(self) -> bool:
        return not self.needs

    def overdue_actions(self, day: dt.date | None = None) -> tuple[ActionData, ...]:
        day = day or self.as_of
        return tuple(a for a in self.actions if a.overdue_on(day))


@dataclass(frozen=True)
class SnapshotSummary:
    id: str
    family_id: str
    meeting_id: str | None
    taken_on: dt.date
    taken_by: str
    action_count: int


@dataclass(frozen=True)
class SnapshotData(SnapshotSummary):
    plan: PlanData


@dataclass(frozen=True)
class OwnerChoice:
    """Someone an action can be given to (what the owner picker lists)."""

    kind: str  # person, agency
    id: str
    name: str


# ---------------------------------------------------------------- warnings


def plan_warnings(plan: PlanData | Iterable[ActionData]) -> tuple[PlanWarning, ...]:
    """What the plan view warns about: all actions in one domain; an action
    with no owner; an action with no due date. Actions no longer needed are
    left out."""
    actions = plan.actions if isinstance(plan, PlanData) else tuple(plan)
    live = [a for a in actions if a.status != "no_longer_needed"]
    out: list[PlanWarning] = []
    domains = {a.domain for a in live if a.domain}
    if live and len(domains) <= 1:
        where = DOMAINS.get(next(iter(domains)), "one domain") if domains else "no domain"
        out.append(
            PlanWarning(
                "single_domain",
                f"Every action in this plan is about {where.lower()}. A family plan should "
                "cover more than one area of the family's life (for example health, "
                "education, housing, income, relationships, safety, wellbeing).",
            )
        )
    for a in live:
        if not a.owner_name.strip():
            out.append(PlanWarning("no_owner", f"No one owns the action {a.text!r}.", a.id))
    for a in live:
        if a.due_on is None:
            out.append(PlanWarning("no_due_date", f"The action {a.text!r} has no due date.", a.id))
    return tuple(out)


# ---------------------------------------------------------------- reading


def _person_name(p: Person) -> str:
    name = f"{p.given_name} {p.family_name}".strip()
    return name or ("Unborn baby" if p.role == "unborn" else "")


def _agency_name(a: AgencyInvolvement) -> str:
    return f"{a.contact_name} ({a.agency})" if a.contact_name else a.agency


def owner_choices(session: Session, actor: Profile, family_id: str) -> tuple[OwnerChoice, ...]:
    """The family's people and agencies, as action owners."""
    live_family(session, family_id)
    return _owner_choices(session, family_id)


def _owner_choices(session: Session, family_id: str) -> tuple[OwnerChoice, ...]:
    people = session.scalars(
        select(Person)
        .where(Person.family_id == family_id, Person.deleted.is_(False))
        .order_by(Person.role, Person.given_name)
    )
    agencies = session.scalars(
        select(AgencyInvolvement)
        .where(AgencyInvolvement.family_id == family_id, AgencyInvolvement.deleted.is_(False))
        .order_by(AgencyInvolvement.agency)
    )
    return tuple(OwnerChoice("person", p.id, _person_name(p)) for p in people) + tuple(
        OwnerChoice("agency", a.id, _agency_name(a)) for a in agencies
    )


def _owner_names(session: Session, family_id: str) -> dict[tuple[str, str], str]:
    return {(c.kind, c.id): c.name for c in _owner_choices(session, family_id)}


def _action(row: PlanAction, owners: Mapping[tuple[str, str], str]) -> ActionData:
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


def _build(session: Session, family: Family, day: dt.date) -> PlanData:
    needs = _live(session, PlanNeed, family.id)
    outcomes = _live(session, PlanOutcome, family.id)
    actions = _live(session, PlanAction, family.id)
    owners = _owner_names(session, family.id)
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
        by_outcome.setdefault(a.outcome_id, []).append(_action(a, owners))
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
    plan = PlanData(family.id, need_data, (), family.next_review, day)
    return PlanData(family.id, need_data, plan_warnings(plan), family.next_review, day)



def load_plan(
    session: Session, actor: Profile, family_id: str, on: dt.date | None = None
) -> PlanData:
    """The family's plan now: needs -> outcomes -> actions (owners named), with warnings."""
    return _build(session, live_family(session, family_id), on or today())


# ---------------------------------------------------------------- writing


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _next_position(session: Session, model: Any, *where: Any) -> int:
    current = session.scalar(select(func.max(model.position)).where(*where))
    return 0 if current is None else int(current) + 1


def _get(session: Session, model: Any, record_id: str, what: str) -> Any:
    row = session.get(model, record_id)
    if row is None or row.deleted:
        raise NotFound(f"That {what} is no longer in this plan.")
    return row


def save_need(session: Session, actor: Profile, request: NeedRequest) -> NeedData:
    family = writable_family(session, request.family_id)
    problems: dict[str, str] = {}
    text = _clean(request.text)
    if not text:
        problems["text"] = "Say what the need is."
    if request.domain and request.domain not in DOMAINS:
        problems["domain"] = "Choose the area of the family's life this need is about."
    if request.assessment_id:
        found = session.get(Assessment, request.assessment_id)
        if found is None or found.deleted or found.family_id != family.id:
            problems["assessment_id"] = "Choose one of this family's assessments."
    if problems:
        raise ValidationFailed(problems)
    values = {"text": text, "domain": request.domain, "assessment_id": request.assessment_id}
    if request.id is None:
        row = records.create(
            session,
            actor,
            PlanNeed,
            family_id=family.id,
            position=_next_position(session, PlanNeed, PlanNeed.family_id == family.id),
            **values,
        )
    else:
        row = _get(session, PlanNeed, request.id, "need")
        if row.family_id != family.id:
            raise NotFound("That need is no longer in this plan.")
        records.update(session, actor, row, **values)
    plan = _build(session, family, today())
    return next(n for n in plan.needs if n.id == row.id)


def save_outcome(session: Session, actor: Profile, request: OutcomeRequest) -> OutcomeData:
    need = _get(session, PlanNeed, request.need_id, "need")
    family = writable_family(session, need.family_id)
    text = _clean(request.text)
    if not text:
        raise ValidationFailed({"text": "Write the outcome the family wants, in their words."})
    if request.id is None:
        row = records.create(
            session,
            actor,
            PlanOutcome,
            family_id=family.id,
            need_id=need.id,
            text=text,
            position=_next_position(session, PlanOutcome, PlanOutcome.need_id == need.id),
        )
    else:
        row = _get(session, PlanOutcome, request.id, "outcome")
        if row.family_id != family.id:
            raise NotFound("That outcome is no longer in this plan.")
        records.update(session, actor, row, text=text, need_id=need.id)
    plan = _build(session, family, today())
    return next(o for o in plan.outcomes if o.id == row.id)


def _owner(
    session: Session, family_id: str, kind: str, owner_id: str | None, name: str
) -> tuple[str, str | None, str, str | None]:
    """(kind, id, name, problem)."""
    name = " ".join(name.split())
    if not kind:
        return "", None, "", None
    if kind not in OWNER_KINDS:
        return "", None, "", "Choose who owns the action: a family member or an agency."
    if kind == "person":
        person = session.get(Person, owner_id) if owner_id else None
        if person is None or person.deleted or person.family_id != family_id:
            return "", None, "", "Choose a member of this family to own the action."
        return "person", person.id, _person_name(person), None
    if owner_id:
        agency = session.get(AgencyInvolvement, owner_id)
        if agency is None or agency.deleted or agency.family_id != family_id:
            return "", None, "", "Choose one of this family's agencies to own the action."
        return "agency", agency.id, _agency_name(agency), None
    if not name:
        return "", None, "", "Name the agency (or contact) who owns the action."
    return "agency", None, name, None


def save_action(session: Session, actor: Profile, request: ActionRequest) -> ActionData:
    outcome = _get(session, PlanOutcome, request.outcome_id, "outcome")
    family = writable_family(session, outcome.family_id)
    need = _get(session, PlanNeed, outcome.need_id, "need")
    problems: dict[str, str] = {}
    text = _clean(request.text)
    if not text:
        problems["text"] = "Say what will be done."
    domain = request.domain or need.domain
    if domain and domain not in DOMAINS:
        problems["domain"] = "Choose the area of the family's life this action is about."
    if request.status not in ACTION_STATUSES:
        problems["status"] = "Choose how the action is going."
    kind, owner_id, owner_name, owner_problem = _owner(
        session, family.id, request.owner_kind, request.owner_id, request.owner_name
    )
    if owner_problem:
        problems["owner"] = owner_problem
    if problems:
        raise ValidationFailed(problems)
    values = {
        "text": text,
        "owner_kind": kind,
        "owner_id": owner_id,
        "owner_name": owner_name,
        "due_on": request.due_on,
        "domain": domain,
        "status": request.status,
        "progress_note": _clean(request.progress_note),
    }
    if request.id is None:
        row = records.create(
            session,
            actor,
            PlanAction,
            family_id=family.id,
            outcome_id=outcome.id,
            position=_next_position(session, PlanAction, PlanAction.outcome_id == outcome.id),
            from_visit_id=None,
            from_follow_up=None,
            **values,
        )
    else:
        row = _get(session, PlanAction, request.id, "action")
        if row.family_id != family.id:
            raise NotFound("That action is no longer in this plan.")
        records.update(session, actor, row, outcome_id=outcome.id, **values)
    return _action(row, _owner_names(session, family.id))


def update_progress(session: Session, actor: Profile, request: ActionProgress) -> ActionData:
    """Update an action's status and progress note (what a review does to each action)."""
    row = _get(session, PlanAction, request.action_id, "action")
    writable_family(session, row.family_id)
    if request.status not in ACTION_STATUSES:
        raise ValidationFailed({"status": "Choose how the action is going."})
    records.update(
        session, actor, row, status=request.status, progress_note=_clean(request.progress_note)
    )
    return _action(row, _owner_names(session, row.family_id))


def remove_action(session: Session, actor: Profile, action_id: str) -> None:
    row = _get(session, PlanAction, action_id, "action")
    writable_family(session, row.family_id)
    records.mark_deleted(session, actor, row)


def remove_outcome(session: Session, actor: Profile, outcome_id: str) -> None:
    """Remove an outcome and its actions."""
    row = _get(session, PlanOutcome, outcome_id, "outcome")
    writable_family(session, row.family_id)
    for action in session.scalars(
        select(PlanAction).where(PlanAction.outcome_id == row.id, PlanAction.deleted.is_(False))
    ):
        records.mark_deleted(session, actor, action)
    records.mark_deleted(session, actor, row)


def remove_need(session: Session, actor: Profile, need_id: str) -> None:
    """Remove a need with its outcomes and their actions."""
    row = _get(session, PlanNeed, need_id, "need")
    writable_family(session, row.family_id)
    for outcome in session.scalars(
        select(PlanOutcome).where(PlanOutcome.need_id == row.id, PlanOutcome.deleted.is_(False))
    ):
        remove_outcome(session, actor, outcome.id)
    records.mark_deleted(session, actor, row)


@dataclass(frozen=True)
class FollowUpToAction:
    """Turn a visit's follow-up (by index) into a plan action under an outcome."""

    visit_id: str
    follow_up_index: int
    outcome_id: str
    owner_kind: str = ""
    owner_id: str | None = None
    owner_name: str = ""
    due_on: dt.date | None = None
    domain: str = ""
    text: str = ""  # "" keeps the follow-up's words


def follow_up_to_action(session: Session, actor: Profile, request: FollowUpToAction) -> ActionData:
    """A visit's follow-up becomes a plan action (the visit is not changed: a
    final visit can still give its follow-ups to the plan)."""
    visit = session.get(Visit, request.visit_id)
    if visit is None or visit.deleted:
        raise NotFound("That visit is no longer in this store.")
    items = list(visit.follow_ups or [])
    if not 0 <= request.follow_up_index < len(items):
        raise NotFound("That follow-up is no longer on the visit.")
    already = session.scalar(
        select(PlanAction.id).where(
            PlanAction.from_visit_id == visit.id,
            PlanAction.from_follow_up == request.follow_up_index,
            PlanAction.deleted.is_(False),
        )
    )
    if already:
        raise ValidationFailed({"follow_up": "This follow-up is already an action in the plan."})
    outcome = _get(session, PlanOutcome, request.outcome_id, "outcome")
    if outcome.family_id != visit.family_id:
        raise ValidationFailed({"outcome_id": "Choose an outcome in this family's plan."})
    made = save_action(
        session,
        actor,
        ActionRequest(
            outcome_id=outcome.id,
            text=request.text or str(items[request.follow_up_index]),
            owner_kind=request.owner_kind,
            owner_id=request.owner_id,
            owner_name=request.owner_name,
            due_on=request.due_on,
            domain=request.domain,
        ),
    )
    row = session.get(PlanAction, made.id)
    assert row is not None
    records.update(
        session, actor, row, from_visit_id=visit.id, from_follow_up=request.follow_up_index
    )
    return _action(row, _owner_names(session, row.family_id))


# ---------------------------------------------------------------- history


def _plan_json(plan: PlanData) -> dict[str, Any]:
    def action(a: ActionData) -> dict[str, Any]:
        out = asdict(a)
        out["due_on"] = a.due_on.isoformat() if a.due_on else None
        out.pop("version", None)
        return out

    return {
        "format": SNAPSHOT_FORMAT,
        "as_of": plan.as_of.isoformat(),
        "next_review": plan.next_review.isoformat() if plan.next_review else None,
        "needs": [
            {
                "id": n.id,
                "text": n.text,
                "domain": n.domain,
                "assessment_id": n.assessment_id,
                "assessment_title": n.assessment_title,
                "outcomes": [
                    {
                        "id": o.id,
                        "need_id": o.need_id,
                        "text": o.text,
                        "actions": [action(a) for a in o.actions],
                    }
                    for o in n.outcomes
                ],
            }
            for n in plan.needs
        ],
    }


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def plan_from_snapshot(family_id: str, content: Mapping[str, Any], taken_on: dt.date) -> PlanData:
    """A snapshot's JSON as plan data (rendered like the live plan)."""

    def action(item: Mapping[str, Any], outcome_id: str) -> ActionData:
        follow = item.get("from_follow_up")
        return ActionData(
            id=str(item.get("id", "")),
            outcome_id=outcome_id,
            text=str(item.get("text", "")),
            owner_kind=str(item.get("owner_kind", "")),
            owner_id=item.get("owner_id") if isinstance(item.get("owner_id"), str) else None,
            owner_name=str(item.get("owner_name", "")),
            due_on=_date(item.get("due_on")),
            status=str(item.get("status", "")),
            progress_note=str(item.get("progress_note", "")),
            domain=str(item.get("domain", "")),
            from_visit_id=(
                item.get("from_visit_id") if isinstance(item.get("from_visit_id"), str) else None
            ),
            from_follow_up=follow if isinstance(follow, int) else None,
        )

    needs = []
    for n in content.get("needs", []) if isinstance(content.get("needs"), list) else []:
        if not isinstance(n, Mapping):
            continue
        outcomes = []
        for o in n.get("outcomes", []) if isinstance(n.get("outcomes"), list) else []:
            if not isinstance(o, Mapping):
                continue
            oid = str(o.get("id", ""))
            acts = o.get("actions", []) if isinstance(o.get("actions"), list) else []
            outcomes.append(
                OutcomeData(
                    id=oid,
                    need_id=str(n.get("id", "")),
                    text=str(o.get("text", "")),
                    actions=tuple(action(a, oid) for a in acts if isinstance(a, Mapping)),
                )
            )
        aid = n.get("assessment_id")
        needs.append(
            NeedData(
                id=str(n.get("id", "")),
                text=str(n.get("text", "")),
                domain=str(n.get("domain", "")),
                assessment_id=aid if isinstance(aid, str) else None,
                assessment_title=str(n.get("assessment_title", "")),
                outcomes=tuple(outcomes),
            )
        )
    plan = PlanData(family_id, tuple(needs), (), _date(content.get("next_review")), taken_on)
    return PlanData(family_id, plan.needs, plan_warnings(plan), plan.next_review, taken_on)


def take_snapshot(
    session: Session,
    actor: Profile,
    family_id: str,
    meeting_id: str | None = None,
    taken_on: dt.date | None = None,
) -> SnapshotData:
    """Keep the whole plan as it stands now (append-only)."""
    family = writable_family(session, family_id)
    if meeting_id is not None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted or meeting.family_id != family.id:
            raise NotFound("That meeting is no longer in this store.")
    day = taken_on or today()
    plan = _build(session, family, day)
    row = records.create(
        session,
        actor,
        PlanSnapshot,
        family_id=family.id,
        meeting_id=meeting_id,
        taken_on=day,
        taken_by=actor.name,
        content=_plan_json(plan),
    )
    return _snapshot(row)


def _snapshot(row: PlanSnapshot) -> SnapshotData:
    content = row.content if isinstance(row.content, dict) else {}
    plan = plan_from_snapshot(row.family_id, content, row.taken_on)
    return SnapshotData(
        id=row.id,
        family_id=row.family_id,
        meeting_id=row.meeting_id,
        taken_on=row.taken_on,
        taken_by=row.taken_by,
        action_count=len(plan.actions),
        plan=plan,
    )


def list_snapshots(
    session: Session, actor: Profile, family_id: str
) -> tuple[SnapshotSummary, ...]:
    """The plan's history, newest first."""
    live_family(session, family_id)
    rows = session.scalars(
        select(PlanSnapshot)
        .where(PlanSnapshot.family_id == family_id, PlanSnapshot.deleted.is_(False))
        .order_by(PlanSnapshot.taken_on.desc(), PlanSnapshot.updated_at.desc())
    )
    out = []
    for row in rows:
        s = _snapshot(row)
        out.append(
            SnapshotSummary(s.id, s.family_id, s.meeting_id, s.taken_on, s.taken_by, s.action_count)
        )
    return tuple(out)


def load_snapshot(session: Session, actor: Profile, snapshot_id: str) -> SnapshotData:
    row = session.get(PlanSnapshot, snapshot_id)
    if row is None or row.deleted:
        raise NotFound("That version of the plan is no longer in this store.")
    return _snapshot(row)


def snapshot_for_meeting(session: Session, meeting_id: str) -> SnapshotData | None:
    """The plan as it stood at a meeting (the latest snapshot taken for it)."""
    row = session.scalar(
        select(PlanSnapshot)
        .where(PlanSnapshot.meeting_id == meeting_id, PlanSnapshot.deleted.is_(False))
        .order_by(PlanSnapshot.updated_at.desc())
        .limit(1)
    )
    return _snapshot(row) if row is not None else None


def describe_due(action: ActionData) -> str:
    """'by 03/04/2025' or 'no date yet'."""
    return f"by {uk(action.due_on)}" if action.due_on else "no date yet"
