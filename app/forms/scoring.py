"""Scoring helpers for the specialist tools. Nothing here decides for the
practitioner; it suggests and summarises.

**GCP2 suggested area grade.** The suggestion for an area is the *median* of
its graded sub-areas. When the median falls between two grades (an even number
of sub-areas, split down the middle), it is rounded towards the *higher*
(worse) grade, so that a split picture is never shown as better than the
evidence supports. Sub-areas not yet graded are left out; with none graded
there is no suggestion. GCP2 has no overall total, so none is computed. The
area grade itself is always the practitioner's judgement.

**Signs of Safety scaling.** Each participant's 0-10 score is read from the
repeating group named by the form's ``scaling`` hint; participants are matched
across mappings by name and role (ignoring case and spaces), so a chart can
show each person's scaling over time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.forms.answers import Answers, is_answered, visible_answers
from app.forms.definition import GRADES, Field, FormDefinition

# ---------------------------------------------------------------- GCP2


@dataclass(frozen=True)
class Suggestion:
    grade: int | None  # None when no sub-area is graded yet
    based_on: int  # how many sub-areas were graded
    of: int  # how many sub-areas the area has

    @property
    def complete(self) -> bool:
        return self.based_on == self.of


def suggested_grade(grades: Sequence[int | None], points: Sequence[int] = GRADES) -> int | None:
    """The rounded median of the given grades (ungraded ones ignored), a tie
    between two grades going to the higher, worse, one."""
    graded = sorted(
        g for g in grades if isinstance(g, int) and not isinstance(g, bool) and g in points
    )
    if not graded:
        return None
    middle = len(graded) // 2
    if len(graded) % 2:
        return graded[middle]
    return math.ceil((graded[middle - 1] + graded[middle]) / 2)


def _grade(answers: Answers, field_id: str, points: Sequence[int] = GRADES) -> int | None:
    value = answers.get(field_id)
    if isinstance(value, int) and not isinstance(value, bool) and value in points:
        return value
    return None


def suggestion_for(definition: FormDefinition, field: Field | str, answers: Answers) -> Suggestion:
    """The suggested grade for an area grade field (one with ``suggested_from``)."""
    area = definition.field(field) if isinstance(field, str) else field
    grades = [_grade(answers, source, area.grade_points) for source in area.suggested_from]
    return Suggestion(
        grade=suggested_grade(grades, area.grade_points),
        based_on=sum(1 for g in grades if g is not None),
        of=len(area.suggested_from),
    )


@dataclass(frozen=True)
class SubAreaGrade:
    field_id: str
    label: str
    grade: int | None


@dataclass(frozen=True)
class AreaProfile:
    field_id: str
    label: str
    grade: int | None  # set by the practitioner
    suggestion: Suggestion
    sub_areas: tuple[SubAreaGrade, ...]


def profile(definition: FormDefinition, answers: Answers) -> tuple[AreaProfile, ...]:
    """The areas (grade fields with ``suggested_from``) and their sub-areas, in
    form order, with the grades given: what a GCP2 profile view shows."""
    effective = visible_answers(definition, answers)
    areas: list[AreaProfile] = []
    for item in definition.top_fields():
        if item.type != "grade" or not item.suggested_from:
            continue
        subs = tuple(
            SubAreaGrade(source, definition.field(source).label, _grade(effective, source))
            for source in item.suggested_from
        )
        areas.append(
            AreaProfile(
                field_id=item.id,
                label=item.label,
                grade=_grade(effective, item.id),
                suggestion=suggestion_for(definition, item, effective),
                sub_areas=subs,
            )
        )
    return tuple(areas)


@dataclass(frozen=True)
class GradeChange:
    field_id: str
    label: str
    before: int | None
    after: int | None
    is_area: bool

    @property
    def change(self) -> int | None:
        """Positive when care has improved (grade 1 is best)."""
        if self.before is None or self.after is None:
            return None
        return self.before - self.after

    @property
    def direction(self) -> str:
        change = self.change
        if change is None:
            return "not comparable"
        return "better" if change > 0 else "worse" if change < 0 else "same"


def profile_change(
    earlier: Sequence[AreaProfile], later: Sequence[AreaProfile]
) -> tuple[GradeChange, ...]:
    """Area and sub-area grades then and now, matched by field id (so two
    profiles made with different form versions still compare where they can)."""
    before: dict[str, int | None] = {}
    for area in earlier:
        before[area.field_id] = area.grade
        for sub in area.sub_areas:
            before[sub.field_id] = sub.grade
    out: list[GradeChange] = []
    for area in later:
        out.append(
            GradeChange(area.field_id, area.label, before.get(area.field_id), area.grade, True)
        )
        for sub in area.sub_areas:
            out.append(
                GradeChange(sub.field_id, sub.label, before.get(sub.field_id), sub.grade, False)
            )
    return tuple(out)


# ---------------------------------------------------------------- Signs of Safety


@dataclass(frozen=True)
class ScaleLabels:
    minimum: int
    maximum: int
    low: str
    high: str


def scale_labels(field: Field) -> ScaleLabels:
    """The end points of a scale field and what they mean (council wording)."""
    return ScaleLabels(
        minimum=int(field.minimum if field.minimum is not None else 0),
        maximum=int(field.maximum if field.maximum is not None else 10),
        low=field.low_label,
        high=field.high_label,
    )


def describe_score(field: Field, score: int) -> str:
    """A score in words, e.g. ``6 out of 10 (0: ..., 10: ...)``."""
    labels = scale_labels(field)
    return (
        f"{score} out of {labels.maximum} ({labels.minimum} means {labels.low}; "
        f"{labels.maximum} means {labels.high})"
    )


@dataclass(frozen=True)
class ScalingScore:
    name: str
    role: str
    score: int

    @property
    def participant(self) -> tuple[str, str]:
        return participant_key(self.name, self.role)


def participant_key(name: str, role: str) -> tuple[str, str]:
    return (" ".join(name.split()).casefold(), role.strip().casefold())


def scaling_scores(definition: FormDefinition, answers: Answers) -> tuple[ScalingScore, ...]:
    """Each participant's score in one mapping (rows without a score are left out)."""
    hint = definition.scaling
    if hint is None:
        return ()
    rows = answers.get(hint.group)
    if not isinstance(rows, list):
        return ()
    out: list[ScalingScore] = []
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        score = row.get(hint.score_field)
        if not isinstance(score, int) or isinstance(score, bool):
            continue
        name, role = row.get(hint.name_field), row.get(hint.role_field)
        out.append(
            ScalingScore(
                name=str(name).strip() if is_answered(name) else "",
                role=str(role).strip() if is_answered(role) else "",
                score=score,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class ScalingPoint:
    when: dt.date
    score: int


@dataclass(frozen=True)
class ScalingSeries:
    name: str
    role: str
    points: tuple[ScalingPoint, ...]

    @property
    def change(self) -> int | None:
        """Latest minus first score (positive: safer, on the usual wording)."""
        if len(self.points) < 2:
            return None
        return self.points[-1].score - self.points[0].score


def scaling_series(
    mappings: Sequence[tuple[dt.date, FormDefinition, Answers]],
) -> tuple[ScalingSeries, ...]:
    """Each participant's scores over time, from ``(date, definition, answers)``
    per mapping (each with its own form version). Ordered by first appearance."""
    series: dict[tuple[str, str], tuple[str, str, list[ScalingPoint]]] = {}
    for when, definition, answers in sorted(mappings, key=lambda m: m[0]):
        for score in scaling_scores(definition, answers):
            entry = series.setdefault(score.participant, (score.name, score.role, []))
            entry[2].append(ScalingPoint(when, score.score))
    return tuple(ScalingSeries(name, role, tuple(points)) for name, role, points in series.values())


def map_columns(
    definition: FormDefinition, answers: Answers
) -> tuple[tuple[str, tuple[tuple[Field, Any], ...]], ...]:
    """The form's summary map (``map`` in its file), as columns of
    ``(field, answer)`` for answered, visible fields."""
    effective = visible_answers(definition, answers)
    out: list[tuple[str, tuple[tuple[Field, Any], ...]]] = []
    for column in definition.map_columns:
        cells = tuple(
            (definition.field(field_id), effective[field_id])
            for field_id in column.fields
            if is_answered(effective.get(field_id))
        )
        out.append((column.title, cells))
    return tuple(out)
