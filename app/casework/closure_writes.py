"""Closing a family (each plan outcome marked achieved or not) and reopening it, with
whether the reopening counts as a re-referral; both are append-only records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.casework.closure import (
    ACHIEVED,
    CLOSURE_REASONS,
    CloseRequest,
    ClosureData,
    OpenOutcome,
    OutcomeAchieved,
    ReopenRequest,
    closure_data,
    closure_rows,
    outcomes_to_close,
    writable_family,
)
from app.dates import today, uk
from app.errors import HearthError, ValidationFailed
from app.records import writes as records
from app.records.live import live_family
from app.reference.casework_settings import add_months, load_casework_settings
from app.store.caseload_store import Profile
from db.models import Closure


def _validate_outcomes(
    given: Sequence[OutcomeAchieved], expected: Sequence[OpenOutcome]
) -> tuple[list[dict[str, Any]], str | None]:
    by_id = {o.outcome_id: o for o in given}
    known = {o.outcome_id for o in expected}
    if any(oid not in known for oid in by_id):
        return [], "An outcome named is not in this family's plan."
    stored: list[dict[str, Any]] = []
    missing: list[str] = []
    for outcome in expected:
        item = by_id.get(outcome.outcome_id)
        if item is None or item.achieved not in ACHIEVED:
            missing.append(outcome.text)
            continue
        stored.append(
            {
                "outcome_id": outcome.outcome_id,
                "text": outcome.text,
                "achieved": item.achieved,
                "note": item.note.strip(),
            }
        )
    if missing:
        return stored, (
            f"Say how far each outcome in the plan was achieved (yes, partly or no): "
            f"{missing[0]!r}{' and others' if len(missing) > 1 else ''}."
        )
    return stored, None


def close_family(session: Session, actor: Profile, request: CloseRequest) -> ClosureData:
    """Close the family's case; its records are read-only after this."""
    family = writable_family(session, request.family_id)
    problems: dict[str, str] = {}
    if request.reason not in CLOSURE_REASONS:
        problems["reason"] = "Choose why the case is closing."
    detail = request.reason_detail.strip()
    if request.reason == "other" and not detail:
        problems["reason_detail"] = "Say why the case is closing."
    if request.closed_on > today():
        problems["closed_on"] = "A closure cannot be dated in the future."
    elif family.request_date and request.closed_on < family.request_date:
        problems["closed_on"] = (
            f"The request for help was on {uk(family.request_date)}; the case cannot close "
            "before that."
        )
    stored, problem = _validate_outcomes(
        request.outcomes_achieved, outcomes_to_close(session, actor, family.id)
    )
    if problem:
        problems["outcomes_achieved"] = problem
    if problems:
        raise ValidationFailed(problems)
    row = records.create(
        session,
        actor,
        Closure,
        family_id=family.id,
        closed_on=request.closed_on,
        reason=request.reason,
        reason_detail=detail,
        outcomes_achieved=stored,
        family_feedback=request.family_feedback.strip(),
        child_feedback=request.child_feedback.strip(),
        closed_by=actor.name,
        reopened_on=None,
        reopen_reason="",
        reopened_by="",
        is_rereferral=False,
    )
    records.update(session, actor, family, status="closed")
    records.audit(session, actor, "close", family)
    return closure_data(row)


def is_rereferral(closed_on: dt.date, reopened_on: dt.date, months: int) -> bool:
    """Reopened within ``months`` of the closure (on the same day of the month counts)."""
    return reopened_on <= add_months(closed_on, months)


def reopen_family(session: Session, actor: Profile, request: ReopenRequest) -> ClosureData:
    """Reopen a closed case; within the re-referral window it is marked a re-referral."""
    family = live_family(session, request.family_id)
    if family.status != "closed":
        raise HearthError(f"The {family.family_name} family's case is not closed.")
    rows = [r for r in closure_rows(session, family.id) if r.reopened_on is None]
    problems: dict[str, str] = {}
    reason = request.reason.strip()
    if not reason:
        problems["reason"] = "Say why the case is being reopened (the new request for help)."
    if request.reopened_on > today():
        problems["reopened_on"] = "A case cannot be reopened on a future date."
    elif rows and request.reopened_on < rows[0].closed_on:
        problems["reopened_on"] = (
            f"The case closed on {uk(rows[0].closed_on)}; it cannot reopen before that."
        )
    if problems:
        raise ValidationFailed(problems)
    records.update(session, actor, family, status="open")
    records.audit(session, actor, "reopen", family)
    if not rows:
        # Closed some other way (its status set before closures were recorded):
        # there is no closure to mark; what is returned says so (empty id).
        return ClosureData(
            id="",
            family_id=family.id,
            closed_on=request.reopened_on,
            reason="other",
            reason_detail="",
            outcomes_achieved=(),
            family_feedback="",
            child_feedback="",
            closed_by="",
            reopened_on=request.reopened_on,
            reopen_reason=reason,
            reopened_by=actor.name,
            is_rereferral=False,
            version=None,
            updated_at=family.updated_at,
        )
    settings = load_casework_settings(session)
    row = rows[0]
    records.update(
        session,
        actor,
        row,
        reopened_on=request.reopened_on,
        reopen_reason=reason,
        reopened_by=actor.name,
        is_rereferral=is_rereferral(row.closed_on, request.reopened_on, settings.rereferral_months),
    )
    return closure_data(row)
