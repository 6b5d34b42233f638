"""Changing the family plan: what is going well, needs, outcomes and actions saved and
removed, progress updated, and a visit's follow-up turned into an action; a closed family
refuses them all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.casework.plan_data import (
    ACTION_STATUSES,
    DOMAINS,
    OWNER_KINDS,
    ActionData,
    ActionProgress,
    ActionRequest,
    FollowUpToAction,
    NeedData,
    NeedRequest,
    OutcomeData,
    OutcomeRequest,
    StrengthData,
    StrengthRequest,
)
from app.casework.plans import action_data, action_owner, agency_name, build_plan, person_name
from app.dates import today
from app.errors import NotFound, ValidationFailed
from app.records import writes as records
from app.store.caseload_store import Profile
from db.models import (
    AgencyInvolvement,
    Assessment,
    Person,
    PlanAction,
    PlanNeed,
    PlanOutcome,
    PlanStrength,
    Visit,
)


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


def save_strength(session: Session, actor: Profile, request: StrengthRequest) -> StrengthData:
    """Write down something going well for the family (or change what was written)."""
    family = writable_family(session, request.family_id)
    text = _clean(request.text)
    if not text:
        raise ValidationFailed({"text": "Write what is going well for the family."})
    if request.id is None:
        row = records.create(
            session,
            actor,
            PlanStrength,
            family_id=family.id,
            text=text,
            position=_next_position(session, PlanStrength, PlanStrength.family_id == family.id),
        )
    else:
        row = _get(session, PlanStrength, request.id, "note of what is going well")
        if row.family_id != family.id:
            raise NotFound("That note of what is going well is no longer in this plan.")
        records.update(session, actor, row, text=text)
    return StrengthData(row.id, row.text)


def remove_strength(session: Session, actor: Profile, strength_id: str) -> None:
    row = _get(session, PlanStrength, strength_id, "note of what is going well")
    writable_family(session, row.family_id)
    records.mark_deleted(session, actor, row)


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
    plan = build_plan(session, family, today())
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
    plan = build_plan(session, family, today())
    return next(o for o in plan.outcomes if o.id == row.id)


UNBORN_OWNER = "An unborn baby cannot do an action: choose who in the family or which agency will."


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
        if person.role == "unborn":
            return "", None, "", UNBORN_OWNER
        return "person", person.id, person_name(person), None
    if owner_id:
        agency = session.get(AgencyInvolvement, owner_id)
        if agency is None or agency.deleted or agency.family_id != family_id:
            return "", None, "", "Choose one of this family's agencies to own the action."
        return "agency", agency.id, agency_name(agency), None
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
    return action_data(row, action_owner(session, row))


def update_progress(session: Session, actor: Profile, request: ActionProgress) -> ActionData:
    """Update an action's status and progress note (what a review does to each action)."""
    row = _get(session, PlanAction, request.action_id, "action")
    writable_family(session, row.family_id)
    if request.status not in ACTION_STATUSES:
        raise ValidationFailed({"status": "Choose how the action is going."})
    records.update(
        session, actor, row, status=request.status, progress_note=_clean(request.progress_note)
    )
    return action_data(row, action_owner(session, row))


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
    return action_data(row, action_owner(session, row))

