"""The plan's history: a snapshot of the whole plan taken at each review (append-only),
listed and read back as it stood."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.casework.plan_data import (
    ActionData,
    NeedData,
    OutcomeData,
    PlanData,
    SnapshotData,
    SnapshotSummary,
    StrengthData,
    plan_warnings,
)
from app.casework.plans import build_plan
from app.dates import today
from app.errors import NotFound
from app.records import writes as records
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import (
    Meeting,
    PlanSnapshot,
)

SNAPSHOT_FORMAT = 1


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
        "strengths": [{"id": g.id, "text": g.text} for g in plan.strengths],
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
    return PlanData(
        family_id, plan.needs, plan_warnings(plan), plan.next_review, taken_on,
        _strengths(content),
    )


def _strengths(content: Mapping[str, Any]) -> tuple[StrengthData, ...]:
    """What was going well (snapshots taken before the plan held strengths have none)."""
    items = content.get("strengths")
    return tuple(
        StrengthData(str(item.get("id", "")), str(item.get("text", "")))
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, Mapping) and str(item.get("text", "")).strip()
    )


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
    plan = build_plan(session, family, day)
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

