"""Change measured by the tools: for families with more than one completed Graded Care
Profile 2 (for the same child) or more than one safety mapping, whether things moved
between the first and the latest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from statistics import mean

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.forms.definition import FormDefinition
from app.forms.loader import FormRegistry, load_default
from app.forms.scoring import profile, profile_change, scaling_scores
from app.reporting.assessment_figures import done_day
from app.reporting.families_in_scope import families_in_scope
from app.reporting.figure import Figure, FigureRow
from app.reporting.period import Period, Scope
from db.models import Assessment

GCP2, SAFETY = "gcp2", "signs_of_safety"


@cache
def _forms() -> FormRegistry:
    return load_default().registry


def _definition(row: Assessment) -> FormDefinition | None:
    try:
        return _forms().get(row.form_id, row.form_version)
    except KeyError:
        return None


def _gcp2_direction(first: Assessment, latest: Assessment) -> str:
    before, after = _definition(first), _definition(latest)
    if before is None or after is None:
        return ""
    changes = [c for c in profile_change(profile(before, first.answers or {}),
                                         profile(after, latest.answers or {})) if c.is_area]
    better = sum(1 for c in changes if c.direction == "better")
    worse = sum(1 for c in changes if c.direction == "worse")
    return "better" if better > worse else "worse" if worse > better else "same"


def _safety_direction(first: Assessment, latest: Assessment) -> str:
    scores = []
    for row in (first, latest):
        definition = _definition(row)
        found = scaling_scores(definition, row.answers or {}) if definition else ()
        if not found:
            return ""
        scores.append(mean(s.score for s in found))
    change = scores[1] - scores[0]
    return "better" if change > 0 else "worse" if change < 0 else "same"


def _pairs(rows: Iterable[Assessment], end: dt.date) -> dict[tuple[str, str], list[Assessment]]:
    """Completed assessments by (family, child), oldest first, up to the period's end."""
    grouped: dict[tuple[str, str], list[Assessment]] = {}
    for row in sorted(rows, key=done_day):
        if done_day(row) <= end:
            grouped.setdefault((row.family_id, row.child_person_id or ""), []).append(row)
    return grouped


def tool_change(session: Session, period: Period, scope: Scope) -> Figure:
    """For families with more than one completed GCP2 for the same child, or more than one
    safety mapping, by the end of the period: the first compared with the latest."""
    in_scope = list(families_in_scope(session, period, scope))
    rows = session.scalars(select(Assessment).where(
        Assessment.deleted.is_(False), Assessment.completed_at.is_not(None),
        Assessment.kind.in_((GCP2, SAFETY)), Assessment.family_id.in_(in_scope),
    ))
    by_kind: dict[str, list[Assessment]] = {GCP2: [], SAFETY: []}
    for row in rows:
        by_kind[row.kind].append(row)
    words = {GCP2: ("GCP2: care better", "GCP2: no change", "GCP2: care worse"),
             SAFETY: ("Safety mapping: safer", "Safety mapping: no change",
                      "Safety mapping: less safe")}
    out: list[FigureRow] = []
    for kind, judge in ((GCP2, _gcp2_direction), (SAFETY, _safety_direction)):
        found: dict[str, set[str]] = {"better": set(), "same": set(), "worse": set()}
        for (family_id, _child), series in _pairs(by_kind[kind], period.end).items():
            if len(series) > 1 and (direction := judge(series[0], series[-1])):
                found[direction].add(family_id)
        for key, label in zip(("better", "same", "worse"), words[kind], strict=True):
            ids = tuple(sorted(found[key]))
            out.append(FigureRow(label, len(ids), ids))
    return Figure(
        "tool_change", "Change measured by GCP2 and safety mapping",
        "Families with more than one completed Graded Care Profile 2 for the same child, "
        "or more than one completed safety mapping, by the end of the period: the first "
        "compared with the latest. GCP2: care is better when more areas have a better "
        "grade than a worse one. Safety mapping: safer when the average of everyone's "
        "scaling score went up.",
        tuple(out),
    )
