"""Closures for the demo's closed families that have no casework history, so that every
family the demo marks closed has its closure record (reason, date, summary) as closing a
case in the app makes it (:func:`app.casework.closure_writes.close_family`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.closure import CloseRequest, OutcomeAchieved, outcomes_to_close
from app.casework.closure_writes import close_family
from app.dates import today
from app.store.caseload_store import Profile
from db.models import Closure, Family

REASON_DETAIL = "The family's needs can now be met by universal services."
FAMILY_FEEDBACK = "The family said the help came at the right time and they know where to go."


def closing_day(family: Family, on: dt.date) -> dt.date:
    """The closing visit (the family's last contact), else three months after the request."""
    assert family.request_date is not None
    if family.last_contact and family.request_date <= family.last_contact <= on:
        return family.last_contact
    return min(on, family.request_date + dt.timedelta(days=90))


def close_the_rest(session: Session, author_of: Callable[[str], Profile],
                   family_ids: Collection[str]) -> int:
    """Write a closure for each closed family of ``family_ids`` without one (by
    ``author_of`` the worker the family is allocated to); return how many."""
    on = today()
    closed = set(session.scalars(select(Closure.family_id).where(Closure.deleted.is_(False))))
    done = 0
    for family in session.scalars(
        select(Family).where(Family.status == "closed", Family.deleted.is_(False))
        .order_by(Family.reference)
    ).all():
        if family.id in closed or family.id not in family_ids or family.request_date is None:
            continue
        actor = author_of(family.allocated_to)
        outcomes = outcomes_to_close(session, actor, family.id)
        close_family(session, actor, CloseRequest(
            family_id=family.id, closed_on=closing_day(family, on), reason="needs_met",
            reason_detail=REASON_DETAIL,
            outcomes_achieved=tuple(OutcomeAchieved(o.outcome_id, "yes", "Agreed at the closing "
                                                    "visit.") for o in outcomes),
            family_feedback=FAMILY_FEEDBACK, child_feedback="",
        ))
        done += 1
    return done
