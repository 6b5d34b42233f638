"""Every figure, in the order a report shows them, and computing them all at once."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from app.reporting import (
    assessment_figures,
    audit_figures,
    caseload_figures,
    casework_figures,
    plan_figures,
    tool_figures,
)
from app.reporting.figure import Figure
from app.reporting.period import Period, Scope

FigureFn = Callable[[Session, Period, Scope], Figure]

FIGURES: tuple[FigureFn, ...] = (
    caseload_figures.open_by_level,
    caseload_figures.open_by_worker,
    caseload_figures.open_by_lead_agency,
    caseload_figures.new_requests_by_source,
    assessment_figures.days_request_to_consent,
    assessment_figures.days_consent_to_ehat,
    assessment_figures.ehat_status,
    assessment_figures.ehats_by_agency,
    casework_figures.step_changes,
    casework_figures.closures_by_reason,
    casework_figures.feedback_at_closure,
    casework_figures.rereferrals,
    plan_figures.meetings_held,
    plan_figures.meetings_against_plans,
    plan_figures.overdue_reviews,
    plan_figures.plan_actions,
    tool_figures.tool_change,
    audit_figures.audit_grades,
)


def compute_figures(session: Session, period: Period, scope: Scope) -> tuple[Figure, ...]:
    """Every figure for ``period`` and ``scope`` (one read of the store)."""
    return tuple(fn(session, period, scope) for fn in FIGURES)
