"""The Graded Care Profile 2 chart in words: what a screen reader reads out instead of
the chart (its figure description in the tagged PDF)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from app.dates import uk


class GradedRow(Protocol):
    """An area or sub-area of the chart (gcp2_profile's GradeRow)."""

    @property
    def label(self) -> str: ...
    @property
    def grade(self) -> int | None: ...
    @property
    def before(self) -> int | None: ...
    @property
    def is_area(self) -> bool: ...


class Completed(Protocol):
    @property
    def completed_on(self) -> dt.date | None: ...


class ChartedProfile(Protocol):
    """One child's profile as charted (gcp2_profile's ChildProfile)."""

    @property
    def child(self) -> str: ...
    @property
    def rows(self) -> Sequence[GradedRow]: ...
    @property
    def previous_on(self) -> dt.date | None: ...
    @property
    def assessment(self) -> Completed: ...


def chart_words(profile: ChartedProfile) -> str:
    """The chart said in words: each area's and sub-area's grade, in the chart's order,
    with the grade at the previous GCP2 where there was one."""
    opening = (
        f"Graded Care Profile 2 chart for {profile.child}: each area of care and its "
        "sub-areas graded from 1 (needs met) to 5 (needs not met)"
    )
    if profile.previous_on is not None:
        opening += (
            f", as graded on {uk(profile.assessment.completed_on)}, with the grade at "
            f"the previous GCP2 of {uk(profile.previous_on)}"
        )
    parts = [opening]
    for row in profile.rows:
        grade = f"grade {row.grade}" if row.grade is not None else "not graded"
        if row.before is not None:
            grade += f" (previously {row.before})"
        parts.append(f"{row.label} area: {grade}" if row.is_area else f"{row.label}: {grade}")
    return ". ".join(parts) + "."
