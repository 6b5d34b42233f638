"""Management oversight: a team lead records supervision of a family's case (what was
discussed and decided, the actions agreed with their owners and dates, when the next
supervision is due). It is part of the family's record: synced, in the chronology, and
overdue supervision counts as drift."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.dates import today
from app.errors import HearthError, ValidationFailed
from app.records import writes as records
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import Supervision

SUPERVISING_ROLES = frozenset({"team_lead", "administrator"})


class NotASupervisor(HearthError):
    def __init__(self) -> None:
        super().__init__("Only a team lead or an administrator records supervision.")


@dataclass(frozen=True)
class OversightAction:
    text: str
    owner: str
    due_on: dt.date | None


@dataclass(frozen=True)
class SupervisionRequest:
    family_id: str
    held_on: dt.date
    discussion: str
    decisions: str
    actions: tuple[OversightAction, ...] = ()
    next_due_on: dt.date | None = None


@dataclass(frozen=True)
class SupervisionData:
    id: str
    family_id: str
    held_on: dt.date
    supervisor: str
    discussion: str
    decisions: str
    actions: tuple[OversightAction, ...]
    next_due_on: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.next_due_on is not None and self.next_due_on < today()


def supervision_problems(request: SupervisionRequest) -> dict[str, str]:
    problems: dict[str, str] = {}
    if request.held_on > today():
        problems["held_on"] = "Supervision cannot be dated in the future."
    if not request.discussion.strip():
        problems["discussion"] = "Say what was discussed."
    if request.next_due_on is not None and request.next_due_on <= request.held_on:
        problems["next_due_on"] = "The next supervision falls after this one."
    for number, action in enumerate(request.actions, start=1):
        if not action.text.strip() or not action.owner.strip():
            problems["actions"] = f"Action {number} needs what is to be done and who does it."
            break
    return problems


def _action_rows(actions: tuple[OversightAction, ...]) -> list[dict[str, Any]]:
    return [
        {"text": a.text.strip(), "owner": a.owner.strip(),
         "due_on": a.due_on.isoformat() if a.due_on else None}
        for a in actions
    ]


def _actions(rows: Any) -> tuple[OversightAction, ...]:
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            due = row.get("due_on")
            out.append(OversightAction(
                str(row.get("text", "")), str(row.get("owner", "")),
                dt.date.fromisoformat(due) if isinstance(due, str) and due else None,
            ))
    return tuple(out)


def data_of(row: Supervision) -> SupervisionData:
    return SupervisionData(
        row.id, row.family_id, row.held_on, row.supervisor, row.discussion, row.decisions,
        _actions(row.actions), row.next_due_on,
    )


def record_supervision(
    session: Session, actor: Profile, request: SupervisionRequest
) -> SupervisionData:
    """Record one supervision of the family's case (a team lead or an administrator)."""
    if actor.role not in SUPERVISING_ROLES:
        raise NotASupervisor()
    problems = supervision_problems(request)
    if problems:
        raise ValidationFailed(problems)
    family = writable_family(session, request.family_id)
    row = records.create(
        session, actor, Supervision,
        family_id=family.id, held_on=request.held_on, supervisor=actor.name,
        discussion=request.discussion.strip(), decisions=request.decisions.strip(),
        actions=_action_rows(request.actions), next_due_on=request.next_due_on,
    )
    return data_of(row)


def list_supervisions(
    session: Session, actor: Profile, family_id: str
) -> tuple[SupervisionData, ...]:
    """The family's supervisions, newest first."""
    live_family(session, family_id)
    rows = session.scalars(
        select(Supervision)
        .where(Supervision.family_id == family_id, Supervision.deleted.is_(False))
        .order_by(Supervision.held_on.desc(), Supervision.updated_at.desc())
    )
    return tuple(data_of(r) for r in rows)
