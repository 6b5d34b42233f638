"""Case audits: how a team's work was graded by its leads (the council's audit form, kind
``case_audit``, its ``grade`` answer)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_drafts import AUDIT_KIND
from app.reporting.assessment_figures import done_day
from app.reporting.families_in_scope import families_in_scope
from app.reporting.figure import Figure, count_rows, monthly_counts
from app.reporting.period import Period, Scope
from db.models import Assessment

GRADES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}


def audit_grades(session: Session, period: Period, scope: Scope) -> Figure:
    """Case audits completed within the period, by the overall grade given (the latest
    audit of a family in the period counts for it)."""
    in_scope = families_in_scope(session, period, scope)
    latest: dict[str, tuple[dt.date, str]] = {}
    days: list[dt.date] = []
    for row in session.scalars(
        select(Assessment).where(
            Assessment.deleted.is_(False), Assessment.kind == AUDIT_KIND,
            Assessment.completed_at.is_not(None), Assessment.family_id.in_(list(in_scope)),
        )
    ):
        day = done_day(row)
        if not period.holds(day):
            continue
        days.append(day)
        grade = str((row.answers or {}).get("grade") or "")
        if row.family_id not in latest or day >= latest[row.family_id][0]:
            latest[row.family_id] = (day, grade)
    grouped: dict[str, list[str]] = {}
    for family_id, (_day, grade) in latest.items():
        grouped.setdefault(grade, []).append(family_id)
    return Figure(
        "audit_grades", "Case audits by grade",
        "Families whose record a lead audited within the period, by the overall grade of "
        "their latest audit in the period (the council's audit form). A family counts once.",
        count_rows(grouped, GRADES, order=tuple(GRADES)),
        monthly_counts(days, period.end),
        unit="families",
    )
