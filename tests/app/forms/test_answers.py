"""Answer validation: required fields, conditional visibility, types, repeating groups."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pytest

from app.forms.answers import (
    display_value,
    first_page_with_problems,
    validate_answers,
    validate_page,
    visible,
    visible_answers,
    visible_pages,
)
from app.forms.definition import FormDefinition, Option
from app.forms.loader import SHIPPED_FORMS, load_folder
from app.forms.schema import read_form
from app.reference.form_options import reference_options


@pytest.fixture(scope="module")
def ehat() -> FormDefinition:
    return load_folder(SHIPPED_FORMS).registry.latest("ehat")


def form(body: str) -> FormDefinition:
    text = "id: t\nversion: 1\ntitle: T\nkind: test\npages:\n" + textwrap.indent(
        textwrap.dedent(body), "  "
    )
    made = read_form(text, "t.yaml")
    assert isinstance(made, FormDefinition), made
    return made


# Synthetic family: person ids to role codes.
PEOPLE = {"c1": "child", "c2": "unborn", "p1": "parent_carer", "g1": "significant_adult"}
LEVELS = reference_options([("universal", "Universal"), ("early_help", "Early Help")])


def complete_ehat_answers() -> dict[str, Any]:
    return {
        "assessment_date": "2024-03-05",
        "requested_by": "school",
        "reason_for_assessment": "School noticed the children are often late and tired.",
        "children_assessed": ["c1", "c2"],
        "people_seen": ["c1", "p1"],
        "child_development_summary": "Healthy, but missing school mornings.",
        "parenting_summary": "Warm and loving; mornings are chaotic.",
        "family_environment_summary": "Overcrowded flat, new job with early shifts.",
        "children_voice": [
            {"voice_child": "c1", "voice_how": "three_houses", "voice_words": "I like my mum."}
        ],
        "parents_voice": [{"voice_adult": "p1", "voice_adult_words": "Mornings are hard."}],
        "analysis_strengths": "Close family.",
        "analysis_needs": "Routine and housing.",
        "fam_needed": True,
        "fam_reason": "Housing and school need to plan together.",
        "recommended_level": "early_help",
        "level_reason": "Needs more than one service, working together.",
        "next_steps": "Book the meeting within two weeks.",
    }


def test_complete_ehat_has_no_problems(ehat: FormDefinition) -> None:
    assert validate_answers(ehat, complete_ehat_answers(), options=LEVELS, people=PEOPLE) == {}


def test_empty_page_lists_each_required_field(ehat: FormDefinition) -> None:
    assert validate_page(ehat, "reason", {}) == {
        "assessment_date": "Please enter a date.",
        "requested_by": "Please choose an answer.",
        "reason_for_assessment": "Please answer this question.",
    }


def test_page_validation_only_covers_its_own_page(ehat: FormDefinition) -> None:
    answers = complete_ehat_answers()
    del answers["next_steps"]
    answers["reason_for_assessment"] = "   "
    assert validate_page(ehat, "analysis", answers) == {}
    assert validate_page(ehat, "outcome", answers) == {"next_steps": "Please answer this question."}
    assert validate_page(ehat, "reason", answers) == {
        "reason_for_assessment": "Please answer this question."
    }
    everything = validate_answers(ehat, answers)
    assert list(everything) == ["reason_for_assessment", "next_steps"]
    assert first_page_with_problems(ehat, everything) == "reason"


def test_required_only_when_visible(ehat: FormDefinition) -> None:
    answers = complete_ehat_answers()
    del answers["fam_reason"]
    assert validate_page(ehat, "outcome", answers) == {"fam_reason": "Please answer this question."}
    answers["fam_needed"] = False
    assert validate_page(ehat, "outcome", answers) == {
        "no_fam_reason": "Please answer this question."
    }
    answers["no_fam_reason"] = "Universal services can meet the needs."
    assert validate_page(ehat, "outcome", answers) == {}
    del answers["fam_needed"]
    assert validate_page(ehat, "outcome", answers) == {"fam_needed": "Please answer yes or no."}


def test_visible_follows_the_condition(ehat: FormDefinition) -> None:
    fam_reason = ehat.field("fam_reason")
    assert visible(fam_reason, {"fam_needed": True})
    assert not visible(fam_reason, {"fam_needed": False})
    assert not visible(fam_reason, {})
    assert not visible(fam_reason, {"fam_needed": 1})  # 1 is not true
    view = ehat.field("family_view_of_analysis")
    assert visible(view, {"family_agrees": "partly"})
    assert not visible(view, {"family_agrees": "agree"})
    assert visible(ehat.field("next_steps"), {})


def test_hidden_answers_are_dropped_and_ignored(ehat: FormDefinition) -> None:
    answers = complete_ehat_answers()
    answers["fam_needed"] = False
    answers["no_fam_reason"] = "Not needed."
    answers["fam_reason"] = 42  # stale and of the wrong type: hidden, so not a problem
    assert validate_page(ehat, "outcome", answers) == {}
    assert "fam_reason" not in visible_answers(ehat, answers)
    assert answers["fam_reason"] == 42  # the caller's answers are not changed


CHAIN = """\
- id: one
  title: One
  fields:
    - {id: worried, type: yes_no, label: Worried?}
    - id: kind
      type: multi_choice
      label: About what?
      options: [school, home, health]
      visible_if: {field: worried, equals: true}
    - id: home_detail
      type: long_text
      label: Tell us about home
      required: true
      visible_if: {field: kind, equals: home}
- id: two
  title: Two
  visible_if: {field: worried, answered: true}
  fields:
    - {id: more, type: text, label: More, required: true}
"""


def test_a_hidden_field_hides_its_dependants() -> None:
    chain = form(CHAIN)
    answers = {"worried": True, "kind": ["school", "home"]}
    assert validate_page(chain, "one", answers) == {"home_detail": "Please answer this question."}
    answers["worried"] = False  # 'kind' keeps a stale answer but is hidden now
    assert validate_page(chain, "one", answers) == {}
    assert visible_answers(chain, answers) == {"worried": False}


def test_numeric_option_values_are_text() -> None:
    numbers = form(
        """\
        - id: one
          title: One
          fields:
            - {id: children_count, type: choice, label: How many children?, options: [1, 2, 3]}
            - id: names
              type: text
              label: Names
              visible_if: {field: children_count, in: [2, 3]}
        """
    )
    assert [o.value for o in numbers.field("children_count").options] == ["1", "2", "3"]
    assert validate_page(numbers, "one", {"children_count": "2"}) == {}
    assert validate_page(numbers, "one", {"children_count": 2}) == {
        "children_count": "This answer is not one of the choices."
    }
    assert visible(numbers.field("names"), {"children_count": "3"})
    assert not visible(numbers.field("names"), {"children_count": "1"})


def test_hidden_pages() -> None:
    chain = form(CHAIN)
    assert [p.id for p in visible_pages(chain, {})] == ["one"]
    assert validate_answers(chain, {}) == {}
    assert [p.id for p in visible_pages(chain, {"worried": False})] == ["one", "two"]
    assert validate_answers(chain, {"worried": False}) == {"more": "Please answer this question."}


def test_repeating_groups(ehat: FormDefinition) -> None:
    answers = complete_ehat_answers()
    answers["children_voice"] = []
    assert validate_page(ehat, "child_voice", answers) == {
        "children_voice": "Please add at least one row."
    }
    answers["children_voice"] = [
        {"voice_child": "c1", "voice_how": "talking", "voice_words": "Fine."},
        {"voice_child": "p1", "voice_how": "singing"},
        "not a row",
    ]
    assert validate_page(ehat, "child_voice", answers, people=PEOPLE) == {
        "children_voice[1].voice_child": "An adult cannot be chosen here: please choose a child.",
        "children_voice[1].voice_how": "'singing' is not one of the choices.",
        "children_voice[1].voice_words": "Please answer this question.",
        "children_voice[2]": "This row could not be read.",
    }
    answers["children_voice"] = {"voice_child": "c1"}
    assert validate_page(ehat, "child_voice", answers) == {
        "children_voice": "These rows could not be read."
    }


ROWS = """\
- id: one
  title: One
  fields:
    - id: agencies
      type: repeat
      label: Agencies
      min_rows: 2
      max_rows: 3
      fields:
        - {id: agency, type: choice, label: Agency, options_from: agencies, required: true}
        - {id: involved, type: yes_no, label: Still involved?}
        - id: ended
          type: date
          label: When did it end?
          required: true
          visible_if: {field: involved, equals: false}
"""


def test_rows_limits_and_conditions_within_a_row() -> None:
    rows = form(ROWS)
    options = reference_options([("universal", "Universal")])
    assert validate_page(rows, "one", {}) == {"agencies": "Please add at least 2 rows."}
    answers: dict[str, Any] = {
        "agencies": [
            {"agency": "School", "involved": True},
            {"agency": "GP", "involved": False},
            {"agency": "Bakery", "involved": False, "ended": "2024-02-30"},
        ]
    }
    assert validate_page(rows, "one", answers, options=options) == {
        "agencies[1].ended": "Please enter a date.",
        "agencies[2].agency": "'Bakery' is not one of the choices.",
        "agencies[2].ended": "Please enter a real date (day, month and year).",
    }
    # without the named list supplied, any text is accepted for a choice
    assert "agencies[2].agency" not in validate_page(rows, "one", answers)
    answers["agencies"] = answers["agencies"][:1] * 4
    assert validate_page(rows, "one", answers, options=options) == {
        "agencies": "There can be at most 3 rows here."
    }


TYPES = """\
- id: one
  title: One
  fields:
    - {id: name, type: text, label: Name, max_length: 5}
    - {id: visits, type: number, label: Visits, min: 0, max: 20, integer: true}
    - {id: weight, type: number, label: Weight, min: 0.5}
    - {id: when, type: date, label: When}
    - {id: topics, type: multi_choice, label: Topics, options: [a, b, c]}
    - {id: carers, type: person, label: Carers, filter: adults, multiple: true}
    - {id: anyone, type: person, label: Anyone}
    - {id: care, type: grade, label: Care, descriptors: [best, good, mixed, poor, worst]}
    - {id: safe, type: scale, label: Safe, low_label: not safe, high_label: safe}
    - {id: ok, type: yes_no, label: OK?}
"""


@pytest.mark.parametrize(
    ("field_id", "value", "message"),
    [
        ("name", "Alexandra", "Please keep this to 5 characters or fewer (it has 9)."),
        ("name", 12, "This answer should be text."),
        ("visits", 2.5, "Please enter a whole number."),
        ("visits", 21, "Please enter a number between 0 and 20."),
        ("visits", "3", "Please enter a number."),
        ("visits", True, "Please enter a number."),
        ("weight", 0.1, "Please enter a number of 0.5 or more."),
        ("when", "05/03/2024", "Please enter a real date (day, month and year)."),
        ("when", dt.datetime(2024, 3, 5, 10, 0), "Please enter a date without a time."),
        ("topics", "a", "This answer should be a list of choices."),
        ("topics", ["a", "d"], "'d' is not one of the choices."),
        ("topics", ["a", "a"], "The same choice is listed twice."),
        ("carers", "p1", "This answer should be a list of people."),
        ("carers", ["p1", "c1"], "A child cannot be chosen here: please choose an adult."),
        ("carers", ["p1", "p1"], "The same person is chosen twice."),
        ("anyone", "stranger", "That person is not in this family."),
        ("care", 6, "Please choose a grade from 1 to 5."),
        ("care", True, "Please choose a grade from 1 to 5."),
        ("safe", 11, "Please choose a score from 0 to 10."),
        ("safe", 7.5, "Please choose a score from 0 to 10."),
        ("ok", "yes", "Please answer yes or no."),
    ],
)
def test_type_checks(field_id: str, value: Any, message: str) -> None:
    types = form(TYPES)
    assert validate_page(types, "one", {field_id: value}, people=PEOPLE) == {field_id: message}


def test_good_values_of_every_type() -> None:
    types = form(TYPES)
    answers = {
        "name": "Sam",
        "visits": 3,
        "weight": 3.2,
        "when": "2024-02-29",
        "topics": ["a", "c"],
        "carers": ["p1", "g1"],
        "anyone": "c2",
        "care": 2,
        "safe": 0,
        "ok": False,
    }
    assert validate_answers(types, answers, people=PEOPLE) == {}
    assert validate_answers(types, {**answers, "when": dt.date(2024, 3, 1)}) == {}


def test_display_values() -> None:
    types = form(TYPES)
    names = {"p1": "Alex Example", "g1": "Gran Example"}
    assert display_value(types.field("when"), "2024-03-05") == "5 March 2024"
    assert display_value(types.field("carers"), ["p1", "g1"], names=names) == (
        "Alex Example, Gran Example"
    )
    assert display_value(types.field("safe"), 7) == "7 out of 10"
    assert display_value(types.field("ok"), False) == "No"
    assert display_value(types.field("care"), 3) == "Grade 3: mixed"  # with its own words
    assert display_value(types.field("topics"), []) == ""
    level = load_folder(SHIPPED_FORMS).registry.latest("ehat").field("recommended_level")
    assert display_value(level, "early_help", options=LEVELS) == "Early Help"
    assert LEVELS["levels_of_need"][0] == Option("universal", "Universal")
