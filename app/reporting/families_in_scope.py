"""The families a set of figures is about, with what the figures need to know of each
at the end of the period: its level of need then (from the level-change history), its
worker and whether it was open. Deleted families and deleted records never count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.reporting.period import Period, Scope
from db.models import Closure, Family, LevelChange

CACHE_KEY = "reporting.families_in_scope"


@dataclass(frozen=True)
class FamilyFacts:
    id: str
    reference: str
    allocated_to: str
    lead_agency: str
    request_date: dt.date | None
    request_source: str
    level: str  # the level of need at the end of the period ("" when none yet)
    started: dt.date | None  # the request date, else the first level decision


def level_history(session: Session) -> dict[str, list[tuple[dt.date, str]]]:
    """Each family's level decisions, oldest first (deleted ones left out)."""
    history: dict[str, list[tuple[dt.date, str]]] = {}
    rows = session.execute(
        select(LevelChange.family_id, LevelChange.decided_on, LevelChange.to_level)
        .where(LevelChange.deleted.is_(False))
        .order_by(LevelChange.decided_on, LevelChange.updated_at, LevelChange.id)
    )
    for family_id, decided_on, to_level in rows:
        history.setdefault(family_id, []).append((decided_on, to_level))
    return history


def level_on(history: list[tuple[dt.date, str]], day: dt.date) -> str:
    level = ""
    for decided_on, to_level in history:
        if decided_on <= day:
            level = to_level
    return level


def families_in_scope(session: Session, period: Period, scope: Scope) -> dict[str, FamilyFacts]:
    """Every live family in ``scope``, by id. A family's level is the one decided last on
    or before the period's end; a family with no recorded decision keeps its current one.

    Worked out once per session (one read) and period and scope: every figure of a
    report asks for it, and a session is one unit of work that a report only reads."""
    cache: dict[tuple[Period, Scope], dict[str, FamilyFacts]] = session.info.setdefault(
        CACHE_KEY, {})
    if (period, scope) not in cache:
        cache[(period, scope)] = _families_in_scope(session, period, scope)
    return cache[(period, scope)]


def _families_in_scope(session: Session, period: Period, scope: Scope) -> dict[str, FamilyFacts]:
    history = level_history(session)
    out: dict[str, FamilyFacts] = {}
    rows = session.execute(
        select(Family.id, Family.reference, Family.allocated_to, Family.lead_agency,
               Family.request_date, Family.request_source, Family.level_code)
        .where(Family.deleted.is_(False))
    )
    for fid, reference, worker, agency, requested, source, current in rows:
        decisions = history.get(fid, [])
        level = level_on(decisions, period.end) if decisions else current
        if (scope.worker and worker != scope.worker) or (scope.level and level != scope.level):
            continue
        first = decisions[0][0] if decisions else None
        out[fid] = FamilyFacts(
            fid, reference, worker, agency, requested, source, level, requested or first
        )
    return out


def closed_on(session: Session, day: dt.date) -> set[str]:
    """The families closed on ``day``: a closure on or before it, not reopened by then."""
    closed: set[str] = set()
    rows = session.execute(
        select(Closure.family_id, Closure.reopened_on).where(
            Closure.deleted.is_(False), Closure.closed_on <= day
        )
    )
    for family_id, reopened_day in rows:
        if reopened_day is None or reopened_day > day:
            closed.add(family_id)
    return closed


def open_at_end(session: Session, period: Period, scope: Scope) -> dict[str, FamilyFacts]:
    """The families in scope that were open at the end of the period: begun by then
    (request date, else first level decision) and not closed on that day."""
    closed = closed_on(session, period.end)
    return {
        fid: facts
        for fid, facts in families_in_scope(session, period, scope).items()
        if fid not in closed and (facts.started is None or facts.started <= period.end)
    }
