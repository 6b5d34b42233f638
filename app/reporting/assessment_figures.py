"""Figures about assessments: how long families wait (request to consent, consent to a
completed EHAT) and EHATs completed, awaiting sign-off and returned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.reporting.families_in_scope import families_in_scope
from app.reporting.figure import Figure, FigureRow, count_rows, monthly_counts, spread_rows
from app.reporting.period import Period, Scope
from db.models import Assessment, AssessmentReview, Consent

EHAT = "ehat"
UK = ZoneInfo("Europe/London")


def uk_day(instant: dt.datetime) -> dt.date:
    """The day in England on which a UTC instant fell."""
    return instant.astimezone(UK).date()


def first_consents(session: Session) -> dict[str, dt.date]:
    """Each family's first consent date (deleted consents left out)."""
    first: dict[str, dt.date] = {}
    for family_id, given_on in session.execute(
        select(Consent.family_id, Consent.given_on).where(Consent.deleted.is_(False))
    ):
        if family_id not in first or given_on < first[family_id]:
            first[family_id] = given_on
    return first


def completed_ehats(session: Session, family_ids: Iterable[str]) -> list[Assessment]:
    """The completed EHATs of these families, amendments included, oldest first."""
    return list(session.scalars(
        select(Assessment)
        .where(Assessment.deleted.is_(False), Assessment.kind == EHAT,
               Assessment.completed_at.is_not(None),
               Assessment.family_id.in_(list(family_ids)))
        .order_by(Assessment.completed_at, Assessment.id)
    ))


def done_day(row: Assessment) -> dt.date:
    """The day in England a completed assessment was marked complete."""
    if row.completed_at is None:
        raise ValueError(f"assessment {row.id} is not complete")
    return uk_day(row.completed_at)


def days_request_to_consent(session: Session, period: Period, scope: Scope) -> Figure:
    """Days from the request for help to the family's first consent, for families whose
    first consent was given within the period: median, quartiles and range."""
    consents = first_consents(session)
    days: dict[str, int] = {}
    for fid, facts in families_in_scope(session, period, scope).items():
        given = consents.get(fid)
        if period.holds(given) and facts.request_date and given and given >= facts.request_date:
            days[fid] = (given - facts.request_date).days
    return Figure(
        "days_request_to_consent", "Days from request for help to consent",
        "For each family whose first consent was given within the period: the days from "
        "the date of its request for help to that consent. Shown as the median, the lower "
        "and upper quartiles (inclusive method), the shortest and the longest. Families "
        "without a request date, or with consent before the request, are left out.",
        spread_rows(days), unit="days",
    )


def days_consent_to_ehat(session: Session, period: Period, scope: Scope) -> Figure:
    """Days from first consent to the family's first completed EHAT, for families whose
    first EHAT was completed within the period."""
    consents = first_consents(session)
    first_done: dict[str, dt.date] = {}
    for row in completed_ehats(session, families_in_scope(session, period, scope)):
        if row.amends_id is None:
            first_done.setdefault(row.family_id, done_day(row))
    days: dict[str, int] = {}
    for fid, done in first_done.items():
        given = consents.get(fid)
        if period.holds(done) and given is not None and given <= done:
            days[fid] = (done - given).days
    return Figure(
        "days_consent_to_ehat", "Days from consent to a completed EHAT",
        "For each family whose first EHAT was completed within the period (the day in "
        "England it was marked complete): the days from its first consent to that day. "
        "Shown as the median, quartiles (inclusive method), shortest and longest. "
        "Amendments do not count as a first EHAT; families without consent before it are "
        "left out.",
        spread_rows(days), unit="days",
    )


def _latest_reviews(session: Session, ids: list[str], end: dt.date) -> dict[str, str]:
    """Each assessment's latest review outcome on or before ``end``."""
    latest: dict[str, tuple[dt.datetime, str]] = {}
    for aid, outcome, at in session.execute(
        select(AssessmentReview.assessment_id, AssessmentReview.outcome,
               AssessmentReview.reviewed_at)
        .where(AssessmentReview.deleted.is_(False), AssessmentReview.assessment_id.in_(ids))
    ):
        if uk_day(at) <= end and (aid not in latest or at >= latest[aid][0]):
            latest[aid] = (at, outcome)
    return {aid: outcome for aid, (_at, outcome) in latest.items()}


def ehat_status(session: Session, period: Period, scope: Scope) -> Figure:
    """EHATs completed within the period; EHATs awaiting sign-off at its end; EHATs
    returned within it."""
    rows = [r for r in completed_ehats(session, families_in_scope(session, period, scope))
            if done_day(r) <= period.end]
    reviews = _latest_reviews(session, [r.id for r in rows], period.end)
    superseded = {r.amends_id for r in rows if r.amends_id}
    completed = [r for r in rows if r.amends_id is None and period.holds(done_day(r))]
    waiting = [r for r in rows if r.id not in reviews and r.id not in superseded]
    returned = _returned_in(session, period, [r.id for r in rows])

    def row(label: str, items: list[Assessment]) -> FigureRow:
        return FigureRow(label, len(items), tuple(sorted({r.family_id for r in items})))

    return Figure(
        "ehat_status", "EHATs completed, awaiting sign-off and returned",
        "Completed: EHATs first marked complete within the period (amendments are "
        "corrections, not new EHATs). Awaiting sign-off: EHATs (amendments included) "
        "complete by the end of the period with no sign-off or return by then and not "
        "replaced by a completed amendment. Returned: EHATs returned within the period. "
        "Each counts EHATs; the families are listed.",
        (row("Completed", completed), row("Awaiting sign-off", waiting),
         row("Returned", [r for r in rows if r.id in returned])),
        monthly_counts((done_day(r) for r in rows if r.amends_id is None), period.end),
        unit="EHATs",
    )


def _returned_in(session: Session, period: Period, ids: list[str]) -> set[str]:
    return {
        aid for aid, at in session.execute(
            select(AssessmentReview.assessment_id, AssessmentReview.reviewed_at).where(
                AssessmentReview.deleted.is_(False), AssessmentReview.outcome == "returned",
                AssessmentReview.assessment_id.in_(ids))
        ) if period.holds(uk_day(at))
    }


def ehats_by_agency(session: Session, period: Period, scope: Scope) -> Figure:
    """EHATs first completed within the period, by the agency of the family's lead
    professional as recorded now (the range of agencies doing early help assessments)."""
    facts = families_in_scope(session, period, scope)
    grouped: dict[str, list[str]] = {}
    for row in completed_ehats(session, facts):
        if row.amends_id is None and period.holds(done_day(row)):
            grouped.setdefault(facts[row.family_id].lead_agency, []).append(row.family_id)
    return Figure(
        "ehats_by_agency", "EHATs completed, by agency of the lead professional",
        "Early Help Assessments first completed within the period (amendments are "
        "corrections, not new EHATs), by the agency of the family's lead professional as "
        "recorded now: the range of agencies leading early help assessments. A family "
        "counts once under its agency.",
        count_rows(grouped),
    )
