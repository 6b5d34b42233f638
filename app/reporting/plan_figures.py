"""Figures about family plans: meetings held, plans whose review is overdue, and plan
actions achieved, overdue and not achieved."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.meetings import MEETING_KINDS
from app.reporting.families_in_scope import families_in_scope, open_at_end
from app.reporting.figure import Figure, FigureRow, count_rows, monthly_counts
from app.reporting.period import Period, Scope
from db.models import AuditEvent, Meeting, PlanAction


def _row(label: str, family_ids: list[str]) -> FigureRow:
    """A row counting records (one per id given, a family may repeat)."""
    return FigureRow(label, len(family_ids), tuple(sorted(set(family_ids))))


def meetings_held(session: Session, period: Period, scope: Scope) -> Figure:
    """Family Action Meetings, Team Around the Family meetings and reviews held within
    the period, by kind."""
    families = families_in_scope(session, period, scope)
    groups: dict[str, list[str]] = defaultdict(list)
    days: list[dt.date] = []
    for family_id, kind, held_on in session.execute(
        select(Meeting.family_id, Meeting.kind, Meeting.held_on)
        .where(Meeting.deleted.is_(False))
    ):
        if family_id not in families:
            continue
        if period.holds(held_on):
            groups[kind].append(family_id)
        if kind == "family_action_meeting":
            days.append(held_on)
    rows = tuple(_row(label, groups.get(code, [])) for code, label in MEETING_KINDS.items())
    return Figure(
        "meetings_held", "Meetings held",
        "Meetings recorded as held within the period, by kind (each meeting counts; the "
        "families are listed). The monthly line counts Family Action Meetings.",
        rows, monthly_counts(days, period.end), unit="meetings",
    )


def overdue_reviews(session: Session, period: Period, scope: Scope) -> Figure:
    """Families open at the end of the period whose plan review was overdue then: the
    latest meeting held on or before that day set a next review date before it."""
    families = open_at_end(session, period, scope)
    latest: dict[str, tuple[dt.date, dt.date | None]] = {}
    for family_id, held_on, next_review in session.execute(
        select(Meeting.family_id, Meeting.held_on, Meeting.next_review_on)
        .where(Meeting.deleted.is_(False), Meeting.held_on <= period.end)
        .order_by(Meeting.held_on, Meeting.updated_at)
    ):
        if family_id in families:
            latest[family_id] = (held_on, next_review)
    groups: dict[str, list[str]] = defaultdict(list)
    for fid in families:
        _held, due = latest.get(fid, (None, None))
        if fid not in latest:
            groups["none"].append(fid)
        elif due is not None and due < period.end:
            groups["overdue"].append(fid)
        else:
            groups["in_time"].append(fid)
    return Figure(
        "overdue_reviews", "Plans with an overdue review",
        "Families open at the end of the period (see the open families' definition), by "
        "whether their plan review was overdue on that day: the latest meeting held on or "
        "before it set a next review date that had passed. Families with no meeting yet are "
        "shown apart.",
        count_rows(groups, {"overdue": "Review overdue", "in_time": "Review not yet due",
                            "none": "No meeting yet"}, ["overdue", "in_time", "none"]),
    )


ACTION_ROWS = (
    ("achieved", "Achieved"),
    ("overdue", "Overdue"),
    ("not_achieved", "Not achieved"),
    ("no_longer_needed", "No longer needed"),
)


def plan_actions(session: Session, period: Period, scope: Scope) -> Figure:
    """Plan actions due on or before the end of the period, by their status now:
    achieved, overdue (not started or on track), not achieved, no longer needed."""
    families = families_in_scope(session, period, scope)
    groups: dict[str, list[str]] = defaultdict(list)
    for action in session.scalars(
        select(PlanAction).where(PlanAction.deleted.is_(False),
                                 PlanAction.due_on.is_not(None),
                                 PlanAction.due_on <= period.end)
    ):
        if action.family_id not in families:
            continue
        status = action.status
        if status in ("not_started", "on_track"):
            status = "overdue"
        groups[status].append(action.family_id)
    return Figure(
        "plan_actions", "Plan actions achieved, overdue and not achieved",
        "Plan actions with a due date on or before the end of the period, counted by their "
        "status as recorded now. Overdue: still not started or on track although the due "
        "date has passed. Actions without a due date are left out. Each action counts; "
        "the families are listed.",
        tuple(_row(label, groups.get(code, [])) for code, label in ACTION_ROWS),
        unit="actions",
    )


def meetings_against_plans(session: Session, period: Period, scope: Scope) -> Figure:
    """Family Action Meetings held within the period, against plans agreed within it (a
    family's plan counts as agreed on the day its first need was recorded)."""
    families = families_in_scope(session, period, scope)
    held = [fid for fid, on in session.execute(
        select(Meeting.family_id, Meeting.held_on).where(
            Meeting.deleted.is_(False), Meeting.kind == "family_action_meeting"))
        if fid in families and period.holds(on)]
    first_need: dict[str, dt.datetime] = {}
    for fid, at in session.execute(
        select(AuditEvent.family_id, AuditEvent.at).where(
            AuditEvent.entity == "plan_need", AuditEvent.action == "create")
    ):
        if fid in families and (fid not in first_need or at < first_need[fid]):
            first_need[fid] = at
    agreed = [fid for fid, at in first_need.items() if period.holds(at.date())]
    return Figure(
        "meetings_against_plans", "Family Action Meetings held, against plans agreed",
        "Family Action Meetings recorded as held within the period, and families whose "
        "plan was agreed within it (the day its first need was recorded, from the audit "
        "trail). Fewer meetings than plans means plans agreed without a meeting.",
        (_row("Family Action Meetings held", held), _row("Plans agreed", agreed)),
        unit="meetings or plans",
    )
