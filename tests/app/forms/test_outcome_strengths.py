"""A form says which of its own fields hold what is going well (``outcome:
strengths_fields``): one text field or a list of them, each outside any repeating
group. Each mistake is named by path and problem, as ``hearth forms check`` shows it."""

from __future__ import annotations

import pytest

from app.forms.definition import FormDefinition
from app.forms.loader import load_default
from app.forms.schema import read_form
from tests.app.forms.test_schema import FILE, only_problem

FORM = """\
id: sample
version: 1
title: Sample form
kind: ehat
outcome:
  strengths_fields: STRENGTHS
pages:
  - id: first
    title: First page
    fields:
      - {id: going_well, type: long_text, label: What is going well}
      - {id: helpers, type: text, label: Who helps}
      - {id: worried, type: yes_no, label: Worried?}
      - id: people
        type: repeat
        label: People
        fields:
          - {id: their_strengths, type: long_text, label: Their strengths}
"""


def with_strengths(value: str) -> str:
    return FORM.replace("STRENGTHS", value)


@pytest.mark.parametrize(("value", "named"), [
    ("[going_well, helpers]", ("going_well", "helpers")),
    ("going_well", ("going_well",)),  # one field needs no list
])
def test_the_form_names_its_strengths_fields(value: str, named: tuple[str, ...]) -> None:
    form = read_form(with_strengths(value), FILE)
    assert isinstance(form, FormDefinition) and form.outcome is not None
    assert form.outcome.strengths_fields == named


@pytest.mark.parametrize(("value", "path", "message"), [
    ("[going_wel]", "outcome.strengths_fields[0]",
     "'going_wel' is not a field in this form; did you mean 'going_well'?"),
    ("[going_well, worried]", "outcome.strengths_fields[1]",
     "'worried' must be a text or long_text field, not a yes_no field"),
    ("[their_strengths]", "outcome.strengths_fields[0]",
     "'their_strengths' is inside the repeating group 'people'; name a field outside "
     "any group"),
    ("[]", "outcome.strengths_fields",
     "strengths_fields must be a field id or a list of them, not an empty list"),
    ("{a: b}", "outcome.strengths_fields",
     "strengths_fields must be a field id or a list of them, not a mapping"),
])
def test_each_mistake_is_named(value: str, path: str, message: str) -> None:
    problem = only_problem(with_strengths(value))
    assert (problem.path, problem.message) == (path, message)
    assert problem.line == 6  # the strengths_fields line


def test_the_shipped_forms_name_their_strengths() -> None:
    registry = load_default().registry
    named = {form_id: registry.latest(form_id).outcome.strengths_fields
             for form_id in ("ehat", "ehat_short_council_b", "signs_of_safety")}
    assert named == {"ehat": ("analysis_strengths",),
                     "ehat_short_council_b": ("strengths", "support_network"),
                     "signs_of_safety": ("strengths", "existing_safety")}
