"""Closing a family's case, reopening it, and the rule that a closed family is
read-only.

**Closure** records the date, the reason (needs met and universal services can
support, stepped up, moved out of area, consent withdrawn, family disengaged,
other, with detail), how far each plan outcome was achieved (yes, partly, no,
with a note), and the family's and the child's feedback. Closing sets the
family's status to ``closed``.

**A closed family is read-only**: :func:`writable_family` is the one check
every casework service (and ``app.families.households``' save functions) makes before
changing a family's records; it raises :class:`FamilyClosed`. Reading is
never refused. "Closed" means status ``closed`` with a closure record not
reopened: a status set to closed by other means (older data) locks nothing,
as nothing recorded the closure.

**Reopening** sets the status back to ``open`` and marks the latest closure
with the date, the reason and whether it is a **re-referral**: reopened
within ``rereferral_months`` (default 12) of the closure date (a key
indicator for councils).

This module imports no other casework module (they all import it). Closing and reopening
are written by :mod:`app.casework.closure_writes`.

Service functions take ``(session, actor, request)`` and return frozen
dataclasses; they run on the store's worker thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import uk
from app.errors import HearthError, NotFound
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import Closure, Family, PlanNeed, PlanOutcome

CLOSURE_REASONS: dict[str, str] = {
    "needs_met": "Needs met: universal services can support the family",
    "stepped_up": "Stepped up to children's social care",
    "moved_out_of_area": "Moved out of the area",
    "consent_withdrawn": "Consent withdrawn",
    "disengaged": "The family disengaged",
    "other": "Other",
}

ACHIEVED: dict[str, str] = {"yes": "Achieved", "partly": "Partly achieved", "no": "Not achieved"}


class FamilyClosed(HearthError):
    """A change to a closed family's records (it is read-only until reopened)."""


# ---------------------------------------------------------------- the one check


def writable_family(session: Session, family_id: str) -> Family:
    """The family, if its records may be changed; NotFound or FamilyClosed otherwise."""
    family = session.get(Family, family_id)
    if family is None or family.deleted:
        raise NotFound("That family is no longer in this store.")
    if family.status != "closed":
        return family
    closed = session.scalar(
        select(Closure.closed_on)
        .where(
            Closure.family_id == family_id,
            Closure.deleted.is_(False),
            Closure.reopened_on.is_(None),
        )
        .order_by(Closure.closed_on.desc(), Closure.updated_at.desc())
        .limit(1)
    )
    if closed is None:
        # Marked closed without a closure record (older data, or the status set
        # by hand): nothing recorded the closure, so nothing locks it.
        return family
    raise FamilyClosed(
        f"The {family.family_name} family's case was closed on {uk(closed)}, so its records "
        "can be read but not changed. Reopen the case first if there is new work to do."
    )


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class OutcomeAchieved:
    """How far one plan outcome was achieved (``achieved``: yes, partly, no)."""

    outcome_id: str
    achieved: str
    note: str = ""
    text: str = ""  # filled from the plan when closing

    @property
    def achieved_label(self) -> str:
        return ACHIEVED.get(self.achieved, self.achieved)


@dataclass(frozen=True)
class CloseRequest:
    family_id: str
    closed_on: dt.date
    reason: str
    reason_detail: str = ""
    outcomes_achieved: tuple[OutcomeAchieved, ...] = ()
    family_feedback: str = ""
    child_feedback: str = ""


@dataclass(frozen=True)
class ReopenRequest:
    family_id: str
    reopened_on: dt.date
    reason: str


@dataclass(frozen=True)
class ClosureData:
    id: str
    family_id: str
    closed_on: dt.date
    reason: str
    reason_detail: str
    outcomes_achieved: tuple[OutcomeAchieved, ...]
    family_feedback: str
    child_feedback: str
    closed_by: str
    reopened_on: dt.date | None
    reopen_reason: str
    reopened_by: str
    is_rereferral: bool
    version: int | None
    updated_at: dt.datetime

    @property
    def reason_label(self) -> str:
        return CLOSURE_REASONS.get(self.reason, self.reason)

    @property
    def reason_text(self) -> str:
        """The reason in words, with the detail where there is one."""
        if self.reason_detail:
            return f"{self.reason_label}: {self.reason_detail}"
        return self.reason_label

    @property
    def reopened(self) -> bool:
        return self.reopened_on is not None


@dataclass(frozen=True)
class OpenOutcome:
    """A plan outcome to say something about at closure."""

    outcome_id: str
    text: str
    need_text: str


# ---------------------------------------------------------------- reading


def _outcome_items(value: Any) -> tuple[OutcomeAchieved, ...]:
    out = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict):
            continue
        out.append(
            OutcomeAchieved(
                outcome_id=str(item.get("outcome_id", "")),
                achieved=str(item.get("achieved", "")),
                note=str(item.get("note", "")),
                text=str(item.get("text", "")),
            )
        )
    return tuple(out)


def closure_data(row: Closure) -> ClosureData:
    return ClosureData(
        id=row.id,
        family_id=row.family_id,
        closed_on=row.closed_on,
        reason=row.reason,
        reason_detail=row.reason_detail,
        outcomes_achieved=_outcome_items(row.outcomes_achieved),
        family_feedback=row.family_feedback,
        child_feedback=row.child_feedback,
        closed_by=row.closed_by,
        reopened_on=row.reopened_on,
        reopen_reason=row.reopen_reason,
        reopened_by=row.reopened_by,
        is_rereferral=bool(row.is_rereferral),
        version=row.version,
        updated_at=row.updated_at,
    )



def closure_rows(session: Session, family_id: str) -> list[Closure]:
    return list(
        session.scalars(
            select(Closure)
            .where(Closure.family_id == family_id, Closure.deleted.is_(False))
            .order_by(Closure.closed_on.desc(), Closure.updated_at.desc())
        )
    )


def list_closures(session: Session, actor: Profile, family_id: str) -> tuple[ClosureData, ...]:
    """Every closure of the family, newest first (reopened ones included)."""
    live_family(session, family_id)
    return tuple(closure_data(r) for r in closure_rows(session, family_id))


def latest_closure(session: Session, actor: Profile, family_id: str) -> ClosureData | None:
    live_family(session, family_id)
    rows = closure_rows(session, family_id)
    return closure_data(rows[0]) if rows else None


def load_closure(session: Session, actor: Profile, closure_id: str) -> ClosureData:
    row = session.get(Closure, closure_id)
    if row is None or row.deleted:
        raise NotFound("That closure is no longer in this store.")
    return closure_data(row)


def outcomes_to_close(session: Session, actor: Profile, family_id: str) -> tuple[OpenOutcome, ...]:
    """The family's plan outcomes, in plan order: what the closure form asks about."""
    live_family(session, family_id)
    needs = {
        n.id: n
        for n in session.scalars(
            select(PlanNeed).where(PlanNeed.family_id == family_id, PlanNeed.deleted.is_(False))
        )
    }
    outcomes = [
        o
        for o in session.scalars(
            select(PlanOutcome).where(
                PlanOutcome.family_id == family_id, PlanOutcome.deleted.is_(False)
            )
        )
        if o.need_id in needs
    ]
    need_order = {
        nid: i
        for i, nid in enumerate(
            sorted(needs, key=lambda k: (needs[k].position, needs[k].updated_at))
        )
    }
    outcomes.sort(key=lambda o: (need_order[o.need_id], o.position, o.updated_at))
    return tuple(
        OpenOutcome(outcome_id=o.id, text=o.text, need_text=needs[o.need_id].text)
        for o in outcomes
    )


def is_closed(session: Session, family_id: str) -> bool:
    return live_family(session, family_id).status == "closed"
