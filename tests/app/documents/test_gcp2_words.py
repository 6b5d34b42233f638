"""The GCP2 chart said in words (the chart's description in the tagged PDF): every area
and sub-area in the chart's order with its grade, and the grade before when the child
had an earlier GCP2."""

from __future__ import annotations

import datetime as dt

from app.documents.ehat_summary import AssessmentFacts
from app.documents.gcp2_profile import ChildProfile, GradeRow
from app.documents.gcp2_words import chart_words
from app.documents.layout.document_info import RecordStamp


def _profile(previous_on: dt.date | None, rows: tuple[GradeRow, ...]) -> ChildProfile:
    facts = AssessmentFacts("GCP2", "Graded Care Profile 2, version 1", dt.date(2025, 6, 2),
                            "Test Worker", dt.date(2025, 6, 1), "Completed", False,
                            RecordStamp(3))
    return ChildProfile("Ada Test (4 years)", facts, rows, previous_on, ())


def test_the_chart_in_words_gives_each_grade_in_order_with_the_grade_before() -> None:
    rows = (
        GradeRow("Physical care", 2, 3, True),
        GradeRow("Nutrition", 2, 4, False),
        GradeRow("Housing", 1, 1, False),
        GradeRow("Clothing", None, None, False),
        GradeRow("Safety", 3, None, True),
    )
    words = chart_words(_profile(dt.date(2025, 1, 10), rows))
    assert words == (
        "Graded Care Profile 2 chart for Ada Test (4 years): each area of care and its "
        "sub-areas graded from 1 (needs met) to 5 (needs not met), as graded on "
        "02/06/2025, with the grade at the previous GCP2 of 10/01/2025. "
        "Physical care area: grade 2 (previously 3). Nutrition: grade 2 (previously 4). "
        "Housing: grade 1 (previously 1). Clothing: not graded. Safety area: grade 3."
    )


def test_a_first_gcp2_is_said_without_a_previous_one() -> None:
    words = chart_words(_profile(None, (GradeRow("Physical care", 4, None, True),)))
    assert "previous" not in words
    assert words.endswith("to 5 (needs not met). Physical care area: grade 4.")
