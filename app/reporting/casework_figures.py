"""Figures about how cases move on: step ups and step downs (and whether an EHAT was
in place before each step up), closures by reason, family feedback at closure, and
re-referrals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import CLOSURE_REASONS
from app.reference.casework_settings import add_months, load_casework_settings
from app.reporting.assessment_figures import completed_ehats, done_day
from app.reporting.families_in_scope import families_in_scope
from app.reporting.figure import Figure, FigureRow, count_rows, monthly_counts
from app.reporting.period import Period, Scope
from db.models import Closure, StepChange


def _row(label: str, family_ids: list[str]) -> FigureRow:
    """A row counting records (one per id given, a family may repeat)."""
    return FigureRow(label, len(family_ids), tuple(sorted(set(family_ids))))


def step_changes(session: Session, period: Period, scope: Scope) -> Figure:
    """Step ups to and step downs from children's social care decided within the period,
    and for each step up whether an EHAT had been completed on or before its date."""
    families = families_in_scope(session, period, scope)
    steps = [s for s in session.scalars(
        select(StepChange).where(StepChange.deleted.is_(False),
                                 StepChange.decided_on >= period.start,
                                 StepChange.decided_on <= period.end)
    ) if s.family_id in families]
    first_ehat: dict[str, dt.date] = {}
    for ehat in completed_ehats(session, {s.family_id for s in steps}):
        first_ehat.setdefault(ehat.family_id, done_day(ehat))
    ups = [s for s in steps if s.kind == "step_up"]
    before = [s.family_id for s in ups
              if s.family_id in first_ehat and first_ehat[s.family_id] <= s.decided_on]
    without = [s.family_id for s in ups if s.family_id not in set(before)]
    return Figure(
        "step_changes", "Step ups and step downs",
        "Step ups to children's social care and step downs from it decided within the "
        "period (each decision counts; the families are listed). A step up had an EHAT in "
        "place when the family had an EHAT marked complete on or before the day of the "
        "step up.",
        (_row("Step ups", [s.family_id for s in ups]),
         _row("Step downs", [s.family_id for s in steps if s.kind == "step_down"]),
         _row("Step ups with an EHAT completed before", before),
         _row("Step ups without a completed EHAT before", without)),
        monthly_counts((s.decided_on for s in ups), period.end),
        unit="decisions",
    )


def closures_by_reason(session: Session, period: Period, scope: Scope) -> Figure:
    """Families closed within the period, by the reason given."""
    families = families_in_scope(session, period, scope)
    groups: dict[str, list[str]] = defaultdict(list)
    days = []
    for closure in session.scalars(select(Closure).where(Closure.deleted.is_(False))):
        if closure.family_id in families and period.holds(closure.closed_on):
            groups[closure.reason].append(closure.family_id)
        if closure.family_id in families:
            days.append(closure.closed_on)
    return Figure(
        "closures_by_reason", "Closures by reason",
        "Families closed within the period (the closure's date), by the reason recorded. "
        "A family closed twice in the period counts once under each reason it was given.",
        count_rows(groups, CLOSURE_REASONS, list(CLOSURE_REASONS)),
        monthly_counts(days, period.end),
    )


def rereferrals(session: Session, period: Period, scope: Scope) -> Figure:
    """Families reopened within the period, split by whether the reopening came within
    the council's re-referral window (``rereferral_months`` after the closure)."""
    months = load_casework_settings(session).rereferral_months
    families = families_in_scope(session, period, scope)
    within: list[str] = []
    later: list[str] = []
    for closure in session.scalars(select(Closure).where(Closure.deleted.is_(False))):
        reopened = closure.reopened_on
        if closure.family_id not in families or reopened is None or not period.holds(reopened):
            continue
        inside = reopened <= add_months(closure.closed_on, months)
        (within if inside else later).append(closure.family_id)
    return Figure(
        "rereferrals", "Re-referrals",
        f"Families reopened within the period. A re-referral is a reopening within "
        f"{months} months of the family's closure (the council's setting); later "
        "reopenings are shown apart. Each reopening counts.",
        (_row(f"Re-referrals (within {months} months)", within),
         _row(f"Reopened after {months} months", later)),
        unit="reopenings",
    )


def feedback_at_closure(session: Session, period: Period, scope: Scope) -> Figure:
    """Closures within the period with and without the family's feedback recorded."""
    families = families_in_scope(session, period, scope)
    given: list[str] = []
    missing: list[str] = []
    for closure in session.scalars(select(Closure).where(Closure.deleted.is_(False))):
        if closure.family_id in families and period.holds(closure.closed_on):
            has = closure.family_feedback.strip() or closure.child_feedback.strip()
            (given if has else missing).append(closure.family_id)
    return Figure(
        "feedback_at_closure", "Family feedback collected at closure",
        "Closures within the period, split by whether the family's or a child's feedback "
        "on the help they had was recorded at closure. Each closure counts.",
        (_row("Feedback recorded", given), _row("No feedback recorded", missing)),
        unit="closures",
    )
