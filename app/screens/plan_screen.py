"""What the Plan tab loads in one store task: the plan, who can own an action,
the assessments a need can be linked to, and the plan's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.casework import assessments, closure, plan_history, plans
from app.casework.plan_data import OwnerChoice, PlanData, SnapshotSummary
from app.casework.visit_data import uk_local
from app.dates import uk
from app.store.caseload_store import Profile

# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class PlanScreen:
    """What the Plan tab shows: the plan, who can own an action, the assessments
    a need can be linked to, and the plan's history."""

    plan: PlanData
    owners: tuple[OwnerChoice, ...]
    assessments: tuple[tuple[str, str], ...]  # (id, "EHAT completed 03/04/2025")
    snapshots: tuple[SnapshotSummary, ...]


def load_plan_screen(session: Session, actor: Profile, family_id: str) -> PlanScreen:
    """One store task: the plan and what its dialogs offer (a closed family's plan as it
    stood when the family closed: nothing in it is overdue since)."""
    ended = closure.latest_closure(session, actor, family_id)
    as_of = None
    if ended is not None and not ended.reopened and closure.is_closed(session, family_id):
        as_of = ended.closed_on
    plan = plans.load_plan(session, actor, family_id, as_of)
    owners = plans.owner_choices(session, actor, family_id)
    found = assessments.list_assessments(session, actor, family_id)
    linked = tuple(
        (a.id, f"{a.title} ({_when_completed(a.completed_at)})") for a in found if not a.superseded
    )
    return PlanScreen(plan, owners, linked, plan_history.list_snapshots(session, actor, family_id))


def _when_completed(instant: dt.datetime | None) -> str:
    return f"completed {uk(uk_local(instant).date())}" if instant else "draft"
