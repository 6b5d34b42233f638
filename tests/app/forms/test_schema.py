"""Malformed form definitions: each mistake is named by file, path and problem."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from typing import Any

import pytest
import yaml

from app.forms.definition import FormDefinition
from app.forms.problems import Problem
from app.forms.schema import read_descriptor_file, read_form, read_text

FILE = "council/sample.yaml"

HEAD = """\
id: sample
version: 1
title: Sample form
kind: ehat
pages:
"""


def form_text(pages: str, head: str = HEAD) -> str:
    return head + textwrap.indent(textwrap.dedent(pages), "  ")


def problems(text: str) -> list[Problem]:
    result = read_form(text, FILE)
    assert isinstance(result, list), "expected the definition to be rejected"
    assert all(p.file == FILE for p in result)
    return result


def only_problem(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, "\n".join(str(p) for p in found)
    return found[0]


GOOD = form_text(
    """\
    - id: first
      title: First page
      fields:
        - id: name
          type: text
          label: Name
    """
)


def test_the_base_form_is_valid() -> None:
    form = read_form(GOOD, FILE)
    assert isinstance(form, FormDefinition)
    assert form.key == ("sample", 1)
    assert form.field("name").label == "Name"
    assert form.source == FILE


# ---------------------------------------------------------------- the ten (and more) mistakes


def test_unknown_field_type() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: name
                  type: txt
                  label: Name
            """
        )
    )
    assert problem.file == FILE
    assert problem.path == "pages[0].fields[0].type"
    assert problem.message.startswith("unknown field type 'txt'; did you mean 'text'?")
    assert "long_text" in problem.message
    assert problem.line == 10
    assert str(problem) == f"{FILE}: pages[0].fields[0].type: {problem.message} (line 10)"


def test_duplicate_field_id_inside_a_repeating_group() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: name
                  type: text
                  label: Name
                - id: people
                  type: repeat
                  label: People
                  fields:
                    - id: name
                      type: text
                      label: Their name
            """
        )
    )
    assert problem.path == "pages[0].fields[1].fields[0].id"
    assert problem.message == (
        "duplicate field id 'name' (already used at pages[0].fields[0]); ids must be unique "
        "in the whole form, including inside repeating groups"
    )


def test_condition_referring_to_a_missing_field() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: fam_needed
                  type: yes_no
                  label: Is a meeting needed?
                - id: fam_reason
                  type: long_text
                  label: Why?
                  visible_if: {field: fam_neded, equals: true}
            """
        )
    )
    assert problem.path == "pages[0].fields[1].visible_if.field"
    assert problem.message == (
        "the condition refers to 'fam_neded', which is not a field in this form; "
        "did you mean 'fam_needed'?"
    )
    assert problem.line == 15


def test_grade_without_descriptors() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: nutrition
                  type: grade
                  label: Nutrition
            """
        )
    )
    assert problem.path == "pages[0].fields[0].descriptors"
    assert problem.message.startswith(
        "missing: a grade field needs a descriptor for each grade 1 to 5"
    )


def test_grade_with_a_descriptor_missing() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: nutrition
                  type: grade
                  label: Nutrition
                  descriptors:
                    1: Best
                    2: Good
                    3: Mixed
                    5: Worst
            """
        )
    )
    assert problem.path == "pages[0].fields[0].descriptors.4"
    assert problem.message == "missing the descriptor for grade 4"


def test_missing_version() -> None:
    text = "id: sample\ntitle: Sample form\nkind: ehat\npages:\n" + GOOD.split("pages:\n", 1)[1]
    problem = only_problem(text)
    assert problem.path == "version"
    assert problem.message.startswith(
        "missing: every form needs a version (a whole number such as 1"
    )


def test_version_that_is_not_a_whole_number() -> None:
    problem = only_problem(GOOD.replace("version: 1", "version: 1.5"))
    assert problem.path == "version"
    assert problem.message == "version must be a whole number such as 1 or 2, not 1.5"
    assert problem.line == 2


def test_a_version_date_is_read_and_a_wrong_one_explained() -> None:
    problem = only_problem(GOOD.replace("version: 1\n", "version: 1\nversion_date: 1/3/2026\n"))
    assert problem.path == "version_date"
    assert problem.message == "version_date must be a date such as 2026-03-01, not '1/3/2026'"
    form = read_form(GOOD.replace("version: 1\n", "version: 1\nversion_date: 2026-03-01\n"), FILE)
    assert isinstance(form, FormDefinition) and form.version_date == dt.date(2026, 3, 1)


def test_choice_without_options() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: colour
                  type: choice
                  label: Favourite colour
            """
        )
    )
    assert problem.path == "pages[0].fields[0].options"
    assert (
        problem.message == "missing: a choice field needs options (or options_from naming a list)"
    )


def test_scale_without_end_point_labels() -> None:
    found = problems(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: score
                  type: scale
                  label: How safe?
            """
        )
    )
    assert [p.path for p in found] == [
        "pages[0].fields[0].low_label",
        "pages[0].fields[0].high_label",
    ]
    assert found[0].message == (
        "missing: a scale needs end-point labels; low_label says what the low end (0) means"
    )
    assert found[1].message == (
        "missing: a scale needs end-point labels; high_label says what the high end (10) means"
    )


def test_repeat_group_without_fields() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: agencies
                  type: repeat
                  label: Agencies
            """
        )
    )
    assert problem.path == "pages[0].fields[0].fields"
    assert problem.message == (
        "missing: a repeat group needs fields (the questions asked for each row)"
    )


def test_page_without_fields() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields: []
            """
        )
    )
    assert problem.path == "pages[0].fields"
    assert problem.message == "a page needs at least one field"
    assert problem.line == 8


def test_bad_yaml_syntax_names_the_line() -> None:
    text = GOOD.replace("label: Name", "label: Name: with a colon")
    problem = only_problem(text)
    assert problem.path == "(file)"
    assert problem.message.startswith("not valid YAML at line 11, column")
    assert "mapping values are not allowed" in problem.message
    assert problem.line == 11


def test_wrong_type_for_required() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: name
                  type: text
                  label: Name
                  required: sometimes
            """
        )
    )
    assert problem.path == "pages[0].fields[0].required"
    assert problem.message == "required must be true or false, not 'sometimes'"
    assert problem.line == 12


def test_unknown_top_level_key() -> None:
    problem = only_problem(GOOD.replace("title: Sample form", "title: Sample form\ntitel: Typo"))
    assert problem.path == "titel"
    assert problem.message == "unknown key 'titel' for a form; did you mean 'title'?"
    assert problem.line == 4


def test_key_belonging_to_another_field_type() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: name
                  type: text
                  label: Name
                  options: [a, b]
            """
        )
    )
    assert problem.path == "pages[0].fields[0].options"
    assert problem.message == "'options' is not used by a text field"


def test_condition_value_not_among_the_options() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: agrees
                  type: choice
                  label: Does the family agree?
                  options: [agree, disagree]
                - id: why
                  type: long_text
                  label: Why not?
                  visible_if: {field: agrees, in: [disagre]}
            """
        )
    )
    assert problem.path == "pages[0].fields[1].visible_if.in"
    assert (
        problem.message
        == "'disagre' is not one of the options of 'agrees'; did you mean 'disagree'?"
    )


def test_conditions_going_round_in_a_circle() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: a
                  type: yes_no
                  label: A?
                  visible_if: {field: b, equals: true}
                - id: b
                  type: yes_no
                  label: B?
                  visible_if: {field: a, equals: true}
            """
        )
    )
    assert problem.path == "pages[0].fields[0].visible_if.field"
    assert problem.message == (
        "the conditions go round in a circle (a -> b -> a); none of them could ever be shown"
    )


def test_a_field_depending_on_itself() -> None:
    problem = only_problem(
        GOOD.replace(
            "label: Name", "label: Name\n        visible_if: {field: name, answered: true}"
        )
    )
    assert problem.path == "pages[0].fields[0].visible_if.field"
    assert problem.message == "a field cannot be shown or hidden by its own answer"


def test_condition_on_a_field_inside_another_group() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: rows
                  type: repeat
                  label: Rows
                  fields:
                    - {id: seen, type: yes_no, label: Seen?}
                - id: notes
                  type: long_text
                  label: Notes
                  visible_if: {field: seen, equals: true}
            """
        )
    )
    assert problem.path == "pages[0].fields[1].visible_if.field"
    assert problem.message == (
        "the condition refers to 'seen', which is inside the repeating group 'rows'; "
        "only fields in that same group can depend on it"
    )


def test_yes_as_an_option_value_is_caught() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - id: answer
                  type: choice
                  label: Answer
                  options:
                    - yes
                    - maybe
            """
        )
    )
    assert problem.path == "pages[0].fields[0].options[0]"
    assert problem.message.startswith("option value true is not text; YAML reads yes, no")


def test_a_key_written_twice() -> None:
    problem = only_problem(GOOD.replace("label: Name", "label: Name\n        label: Other"))
    assert problem.path == "pages[0].fields[0].label"
    assert problem.message == "the key 'label' appears twice here; only one can count"
    assert problem.line == 12


def test_duplicate_page_id() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - {id: a, type: text, label: A}
            - id: first
              title: Second page
              fields:
                - {id: b, type: text, label: B}
            """
        )
    )
    assert problem.path == "pages[1].id"
    assert problem.message == "duplicate page id 'first' (already used at pages[0])"


def test_bad_id_characters() -> None:
    problem = only_problem(GOOD.replace("id: name", "id: Family Name"))
    assert problem.path == "pages[0].fields[0].id"
    assert problem.message == (
        "field id 'Family Name' must use lower-case letters, digits and underscores, "
        "starting with a letter"
    )


def test_unknown_option_list() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - {id: level, type: choice, label: Level, options_from: levels}
            """
        )
    )
    assert problem.path == "pages[0].fields[0].options_from"
    assert problem.message.startswith(
        "unknown option list 'levels'; did you mean 'levels_of_need'?"
    )


def test_outcome_pointing_at_the_wrong_kind_of_field() -> None:
    text = GOOD.replace("kind: ehat\n", "kind: ehat\noutcome:\n  recommended_level_field: name\n")
    problem = only_problem(text)
    assert problem.path == "outcome.recommended_level_field"
    assert problem.message == "recommended_level_field must name a choice field, not a text field"


def test_outcome_children_field_must_be_a_person_field() -> None:
    text = GOOD.replace("kind: ehat\n", "kind: ehat\noutcome:\n  children_field: name\n")
    problem = only_problem(text)
    assert problem.path == "outcome.children_field"
    assert problem.message == "children_field must name a person field, not a text field"


def test_suggested_from_a_field_that_is_not_a_grade() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - {id: notes, type: long_text, label: Notes}
                - id: area
                  type: grade
                  label: Area
                  suggested_from: [notes]
                  descriptors: [one, two, three, four, five]
            """
        )
    )
    assert problem.path == "pages[0].fields[1].suggested_from[0]"
    assert (
        problem.message
        == "suggested_from refers to 'notes', a long_text field; it must be a grade field"
    )


def test_empty_file_and_not_a_mapping() -> None:
    assert [str(p) for p in problems("")] == [f"{FILE}: (file): the file is empty"]
    (problem,) = problems("- just\n- a list\n")
    assert problem.path == "(file)"
    assert problem.message.startswith("expected a form")


def test_several_mistakes_are_all_reported() -> None:
    found = problems(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - {id: a, type: txt, label: A}
                - {id: b, type: choice, label: B}
            - id: second
              fields: []
            """
        ).replace("version: 1\n", "")
    )
    paths = [p.path for p in found]
    assert paths == [
        "version",
        "pages[0].fields[0].type",
        "pages[0].fields[1].options",
        "pages[1].title",
        "pages[1].fields",
    ]


# ---------------------------------------------------------------- descriptor files

DESCRIPTORS = """\
descriptors_for: gcp2
id: council_gcp2
version: 2
title: Licensed wording
licensed: true
descriptors:
  nutrition:
    1: a
    2: b
    3: c
    4: d
    5: e
"""


def test_descriptor_file_reads() -> None:
    found = read_descriptor_file(DESCRIPTORS, "licensed.yaml")
    assert not isinstance(found, list)
    assert found.name == "gcp2" and found.licensed and found.version == 2
    assert found.get("nutrition") == ("a", "b", "c", "d", "e")


def test_a_descriptor_that_is_not_text() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - {id: care, type: grade, label: Care, descriptors: [a, b, 3, d, e]}
            """
        )
    )
    assert problem.path == "pages[0].fields[0].descriptors[2]"
    assert problem.message == "the descriptor for grade 3 must be text, not 3"


def test_descriptor_file_with_a_grade_missing() -> None:
    found = read_descriptor_file(DESCRIPTORS.replace("    4: d\n", ""), "licensed.yaml")
    assert isinstance(found, list)
    assert [(p.file, p.path, p.message) for p in found] == [
        ("licensed.yaml", "descriptors.nutrition.4", "missing the descriptor for grade 4")
    ]


def test_a_form_is_not_a_descriptor_file() -> None:
    found = read_descriptor_file(GOOD, "x.yaml")
    assert isinstance(found, list)
    assert "not a descriptor file" in found[0].message


@pytest.mark.parametrize("text", ["{", "a: [1, 2", "\t- tab"])
def test_reading_never_raises(text: str) -> None:
    result = read_text(text, FILE)
    assert result.document is None
    assert result.problems and result.problems[0].path == "(file)"


# ---------------------------------------------------------------- forms/schema.json


def schema_validator() -> object:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    from app.forms.loader import SHIPPED_FORMS

    schema = json.loads((SHIPPED_FORMS / "schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def as_json(text: str) -> object:
    """A YAML document as the JSON it stands for (grade keys 1-5 become "1"-"5")."""
    return json.loads(json.dumps(yaml.safe_load(text)))


def test_shipped_files_match_the_published_json_schema() -> None:
    from app.forms.loader import SHIPPED_FORMS

    validator: Any = schema_validator()
    files = sorted(SHIPPED_FORMS.glob("*.yaml"))
    assert files
    for path in files:
        errors = [str(e) for e in validator.iter_errors(as_json(path.read_text(encoding="utf-8")))]
        assert errors == [], f"{path.name}: {errors}"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("type: text", "type: txt"),
        ("version: 1", "version: 1.5"),
        ("label: Name", "label: Name\n        required: sometimes"),
        ("title: Sample form", "title: Sample form\ntitel: Typo"),
        ("type: text", "type: scale"),  # no end-point labels
        ("type: text", "type: grade"),  # no descriptors
        ("type: text", "type: choice"),  # no options
        ("type: text", "type: repeat"),  # no fields
    ],
)
def test_the_json_schema_and_the_checker_agree_on_mistakes(old: str, new: str) -> None:
    validator: Any = schema_validator()
    text = GOOD.replace(old, new, 1)
    assert not validator.is_valid(as_json(text))
    assert isinstance(read_form(text, FILE), list)
