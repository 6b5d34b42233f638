"""Today: the worker's home screen.

For the families allocated to the worker (and not closed), the things that
need them: visits planned for today (and planned visits gone by without a
record), reviews due within :data:`REVIEW_SOON_DAYS` days or overdue, plan
actions overdue, drafts left unfinished (assessments and visit records not
yet final), assessments a team lead returned (with the lead's comment, until an
amendment of it is completed), and families with no consent in force.

**Overdue** means the date has passed: a review due yesterday is overdue; one
due today is due, not overdue. A plan action is overdue when it is still not
started or on track and its due date has passed.

Each item says what to open: ``family_id``, an ``area`` of the family view
(``visits``, ``meetings``, ``plan``, ``assessments``, ``consent``) and the
``record_id`` there ("" for the area itself). Items come overdue first, then
by date.

Read in two parts, so the screen can show the first before the second is read:
:func:`today_first` (what is overdue or due now: planned visits, reviews, plan actions)
and :func:`today_rest` (drafts, returned assessments, missing consent);
:func:`today_items` is both. Each reads with SQL that picks out the worker's rows
(:mod:`app.casework.today_reads`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.casework import today_reads as reads
from app.casework.today_item import TODAY_KINDS, TodayItem, in_order
from app.casework.today_reads import REVIEW_SOON_DAYS
from app.dates import today as today_date
from app.store.caseload_store import Profile
from db.models import utcnow

__all__ = [
    "FIRST_KINDS", "REVIEW_SOON_DAYS", "TODAY_KINDS", "TodayItem",
    "today_first", "today_items", "today_rest",
]

# The kinds :func:`today_first` reads; :func:`today_rest` reads the others.
FIRST_KINDS = frozenset({"visit_planned", "review_due", "action_overdue"})


def today_first(
    session: Session, actor: Profile, today: dt.date | None = None
) -> tuple[TodayItem, ...]:
    """What is overdue or due now: visits planned (today, and gone by unrecorded),
    reviews due or overdue, plan actions overdue (``today`` is the UK date)."""
    today = today or today_date()
    return in_order([
        *reads.planned_visit_items(session, actor, today),
        *reads.review_items(session, actor, today),
        *reads.action_items(session, actor, today),
    ])


def today_rest(
    session: Session, actor: Profile, now: dt.datetime | None = None
) -> tuple[TodayItem, ...]:
    """Drafts left unfinished, assessments returned, families with no consent in force
    (``now`` is the instant a visit record's draft is judged against)."""
    now = now or utcnow()
    return in_order([
        *reads.draft_visit_items(session, actor, now),
        *reads.assessment_items(session, actor),
        *reads.returned_items(session, actor),
        *reads.consent_items(session, actor),
    ])


def today_items(
    session: Session,
    actor: Profile,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[TodayItem, ...]:
    """What needs the worker today (``today`` is the UK date; ``now`` the instant)."""
    return in_order([*today_first(session, actor, today), *today_rest(session, actor, now)])
