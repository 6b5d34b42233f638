"""Figures about who is on the caseload: families open at the end of the period (by
level of need, by worker, by the agency of the lead professional) and new requests
for help by source."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from app.families.allocation import shown_name
from app.reference.choices import REQUEST_SOURCES
from app.reference.levels_of_need import load_levels
from app.reporting.families_in_scope import FamilyFacts, families_in_scope, open_at_end
from app.reporting.figure import Figure, count_rows, monthly_counts
from app.reporting.period import Period, Scope

OPEN_WHEN = (
    "A family is open at the end of the period when its request for help (or, without "
    "one, its first level-of-need decision) came on or before the last day and it was not "
    "closed on that day (a closure on or before it, not reopened by then). Families "
    "stepped up to children's social care stay on the caseload and count at their "
    "social-care level. Deleted families never count."
)


def _grouped(facts: dict[str, FamilyFacts], key: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for fid, item in facts.items():
        groups[str(getattr(item, key))].append(fid)
    return groups


def open_by_level(session: Session, period: Period, scope: Scope) -> Figure:
    """Families open at the end of the period, by their level of need on that day: the
    level decided last on or before it (from the level-of-need history), so a family
    that changed level during the period counts once, at its later level."""
    levels = load_levels()
    facts = open_at_end(session, period, scope)
    labels = {lv.code: lv.short for lv in levels.levels} | {"": "No level yet"}
    grouped: dict[str, list[str]] = defaultdict(list)
    for code, ids in _grouped(facts, "level").items():
        level = levels.current(code)  # a code the council's levels replace counts as its level
        grouped[level.code if level is not None else code].extend(ids)
    return Figure(
        "open_by_level", "Families open at the end of the period, by level of need",
        f"{OPEN_WHEN} Each counts at its level of need on the last day of the period.",
        count_rows(grouped, labels, [lv.code for lv in levels.levels]),
    )


def open_by_worker(session: Session, period: Period, scope: Scope) -> Figure:
    """Families open at the end of the period, by the worker they are allocated to now
    (the store keeps no history of allocations)."""
    facts = open_at_end(session, period, scope)
    grouped = _grouped(facts, "allocated_to")
    return Figure(
        "open_by_worker", "Families open at the end of the period, by worker",
        f"{OPEN_WHEN} Each counts under the worker it is allocated to now "
        "(no history of allocations is kept); \"Not recorded\" is unallocated.",
        count_rows(grouped, {u: shown_name(u) for u in grouped if u}),
    )


def open_by_lead_agency(session: Session, period: Period, scope: Scope) -> Figure:
    """Families open at the end of the period, by the agency of their lead professional
    as recorded now."""
    facts = open_at_end(session, period, scope)
    return Figure(
        "open_by_lead_agency",
        "Families open at the end of the period, by agency of the lead professional",
        f"{OPEN_WHEN} Each counts under its lead professional's agency as recorded now.",
        count_rows(_grouped(facts, "lead_agency")),
    )


def new_requests_by_source(session: Session, period: Period, scope: Scope) -> Figure:
    """Families whose request for help is dated within the period, by where it came from;
    with the number of requests in each of the 12 months up to the period's end."""
    everyone = families_in_scope(session, period, scope)
    facts = {fid: f for fid, f in everyone.items() if period.holds(f.request_date)}
    return Figure(
        "new_requests_by_source", "New requests for help, by source",
        "Families whose request for help is dated within the period, by where the request "
        "came from. A reopening is not a new request (see re-referrals). The monthly line "
        "counts requests in each of the 12 months up to the end of the period.",
        count_rows(_grouped(facts, "request_source"), REQUEST_SOURCES, list(REQUEST_SOURCES)),
        monthly_counts((f.request_date for f in everyone.values() if f.request_date),
                       period.end),
    )
