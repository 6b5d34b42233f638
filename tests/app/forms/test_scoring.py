"""GCP2 suggested grades and profiles; safety scaling."""

from __future__ import annotations

import datetime as dt

import pytest

from app.forms.definition import FormDefinition
from app.forms.loader import FormRegistry
from app.forms.scoring import (
    describe_score,
    map_columns,
    profile,
    profile_change,
    scale_labels,
    scaling_scores,
    scaling_series,
    suggested_grade,
    suggestion_for,
)


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ([], None),
        ([None, None], None),
        ([3], 3),
        ([1, 1, 5], 1),  # the median, not the mean (which would round to 2)
        ([1, 2, 4, 5, 5], 4),
        ([2, 3], 3),  # a tie goes to the worse grade
        ([1, 2, 2, 5], 2),
        ([1, 4], 3),
        ([2, None, 4, None], 3),  # ungraded sub-areas are left out
        ([True, 2], 2),  # a stray boolean is not a grade
    ],
)
def test_suggested_grade_is_the_rounded_median(
    grades: list[int | None], expected: int | None
) -> None:
    assert suggested_grade(grades) == expected


def test_suggestion_for_an_area(registry: FormRegistry) -> None:
    gcp2 = registry.latest("gcp2")
    answers = {"nutrition": 2, "housing": 4, "clothing": 3}
    suggestion = suggestion_for(gcp2, "physical_care_grade", answers)
    assert (suggestion.grade, suggestion.based_on, suggestion.of) == (3, 3, 5)
    assert not suggestion.complete
    answers.update(hygiene=4, health=4)
    suggestion = suggestion_for(gcp2, "physical_care_grade", answers)
    assert (suggestion.grade, suggestion.complete) == (4, True)
    empty = suggestion_for(gcp2, "safety_grade", answers)
    assert (empty.grade, empty.based_on, empty.of) == (None, 0, 2)


def gcp2_answers(grade: int) -> dict[str, int]:
    subs = [
        "nutrition", "housing", "clothing", "hygiene", "health", "safety_present",
        "safety_absent", "love_carer", "love_mutual", "stimulation", "approval",
        "disapproval", "acceptance",
    ]  # fmt: skip
    answers = {s: grade for s in subs}
    answers.update(
        physical_care_grade=grade, safety_grade=grade, love_grade=grade, esteem_grade=grade
    )
    return answers


def test_profile_lists_areas_and_sub_areas_in_order(registry: FormRegistry) -> None:
    gcp2 = registry.latest("gcp2")
    answers = gcp2_answers(3)
    answers["safety_grade"] = 5  # the practitioner's judgement may differ from the suggestion
    areas = profile(gcp2, answers)
    assert [a.field_id for a in areas] == [
        "physical_care_grade",
        "safety_grade",
        "love_grade",
        "esteem_grade",
    ]
    assert sum(len(a.sub_areas) for a in areas) == 13
    safety = areas[1]
    assert (safety.grade, safety.suggestion.grade) == (5, 3)
    assert [s.label for s in safety.sub_areas] == [
        "Safety when the carer is present",
        "Safety when the carer is absent",
    ]


def test_change_between_two_profiles(registry: FormRegistry) -> None:
    gcp2 = registry.latest("gcp2")
    first = profile(gcp2, gcp2_answers(4))
    later_answers = gcp2_answers(4)
    later_answers.update(nutrition=2, physical_care_grade=3, approval=5)
    del later_answers["hygiene"]
    changes = {c.field_id: c for c in profile_change(first, profile(gcp2, later_answers))}
    assert len(changes) == 17
    assert (changes["nutrition"].change, changes["nutrition"].direction) == (2, "better")
    assert changes["physical_care_grade"].is_area and changes["physical_care_grade"].change == 1
    assert changes["approval"].direction == "worse"
    assert changes["hygiene"].direction == "not comparable"
    assert changes["love_carer"].direction == "same"


# ---------------------------------------------------------------- safety mapping


def test_scale_labels_come_from_the_form(registry: FormRegistry) -> None:
    mapping = registry.latest("signs_of_safety")
    score = mapping.field("score")
    labels = scale_labels(score)
    assert (labels.minimum, labels.maximum) == (0, 10)
    assert labels.low == score.low_label and labels.low
    assert describe_score(score, 6).startswith(f"6 out of 10 (0 means {score.low_label}")


def scaling(*rows: tuple[str, str, int | None]) -> dict[str, object]:
    return {
        "scaling": [
            {
                "participant_name": n,
                "participant_role": r,
                **({"score": s} if s is not None else {}),
            }
            for n, r, s in rows
        ]
    }


def test_scaling_scores(registry: FormRegistry) -> None:
    mapping = registry.latest("signs_of_safety")
    answers = scaling(("Robin Worker", "worker", 4), ("Alex", "parent", 7), ("Sam", "child", None))
    scores = scaling_scores(mapping, answers)
    assert [(s.name, s.role, s.score) for s in scores] == [
        ("Robin Worker", "worker", 4),
        ("Alex", "parent", 7),
    ]
    assert scaling_scores(registry.latest("ehat"), answers) == ()  # no scaling in an EHAT


def test_scaling_over_time_matches_people_by_name_and_role(registry: FormRegistry) -> None:
    mapping = registry.latest("signs_of_safety")
    series = scaling_series(
        [
            (dt.date(2024, 5, 1), mapping, scaling(("Alex", "parent", 6), ("Robin", "worker", 5))),
            (dt.date(2024, 3, 1), mapping, scaling(("Robin", "worker", 2), ("alex ", "parent", 4))),
            (dt.date(2024, 6, 1), mapping, scaling(("Sam", "child", 8))),
        ]
    )
    by_name = {s.name: s for s in series}
    assert list(by_name) == ["Robin", "alex", "Sam"]
    assert [(p.when.month, p.score) for p in by_name["Robin"].points] == [(3, 2), (5, 5)]
    assert by_name["alex"].change == 2
    assert by_name["Sam"].change is None


def test_map_columns(registry: FormRegistry) -> None:
    mapping: FormDefinition = registry.latest("signs_of_safety")
    answers = {
        "harm": "Dad was hurt in an argument.",
        "strengths": "Gran helps every day.",
        "next_steps": "Safety plan by Friday.",
        "danger_goals": [{"danger_statement": "d", "safety_goal": "g"}],
    }
    columns = map_columns(mapping, answers)
    assert [title for title, _ in columns] == [
        "What are we worried about?",
        "What's working well?",
        "What needs to happen?",
    ]
    assert [f.id for f, _ in columns[0][1]] == ["harm", "danger_goals"]
    assert [value for _, value in columns[1][1]] == ["Gran helps every day."]
