"""Person fields say which kinds of person they take (child, unborn baby, adult): the
definition language's ``takes``, its checks, and answers checked against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.forms.answers import validate_answers
from app.forms.definition import FormDefinition
from app.forms.person_kinds import nobody_fits
from app.forms.schema import read_form
from tests.app.forms.test_command import hearth
from tests.app.forms.test_schema import FILE, form_text, only_problem

PEOPLE = {"p-mum": "parent_carer", "p-mia": "child", "p-baby": "unborn"}


def person_form(keys: str) -> str:
    return form_text(
        f"""\
        - id: first
          title: First page
          fields:
            - {{id: who, type: person, label: Who, multiple: true, required: true{keys}}}
        """
    )


def read(keys: str) -> FormDefinition:
    form = read_form(person_form(keys), FILE)
    assert isinstance(form, FormDefinition), form
    return form


def test_takes_lists_kinds_and_the_old_filter_still_works() -> None:
    assert read(", takes: [adult, child]").field("who").person_takes == ("child", "adult")
    assert read(", takes: [adult, child]").field("who").person_roles == {
        "child", "parent_carer", "significant_adult"
    }
    assert read(", filter: children").field("who").person_takes == ("child", "unborn")
    assert read(", filter: adults").field("who").person_roles == {
        "parent_carer", "significant_adult"
    }
    assert read("").field("who").person_takes == ("child", "unborn", "adult")


@pytest.mark.parametrize(
    ("keys", "where", "message"),
    [
        (", takes: [child, baby]", "takes[1]",
         "unknown kind of person 'baby' (use child, unborn, adult)"),
        (", takes: [chlid]", "takes[0]", "did you mean 'child'?"),
        (", takes: [child, child]", "takes[1]", "'child' is listed twice"),
        (", takes: child", "takes",
         "takes must be a list of the kinds of person the field offers (child, unborn, adult)"),
        (", takes: []", "takes", "for example takes: [child, adult]"),
        (", takes: [adult], filter: adults", "filter", "use either takes or filter, not both"),
    ],
)
def test_a_bad_takes_is_named(keys: str, where: str, message: str) -> None:
    problem = only_problem(person_form(keys))
    assert f"pages[0].fields[0].{where}" in str(problem)
    assert message in problem.message


def test_takes_on_a_field_that_is_not_a_person_is_refused() -> None:
    problem = only_problem(
        form_text(
            """\
            - id: first
              title: First page
              fields:
                - {id: name, type: text, label: Name, takes: [child]}
            """
        )
    )
    assert problem.message == "'takes' is not used by a text field"


def test_forms_check_refuses_a_bad_takes_naming_file_line_and_kind(tmp_path: Path) -> None:
    (tmp_path / "visit_note.yaml").write_text(person_form(", takes: [child, toddler]"))
    result = hearth("forms", "check", str(tmp_path))
    assert result.returncode == 1
    assert "visit_note.yaml" in result.stdout
    assert "(line 9)" in result.stdout
    assert "unknown kind of person 'toddler' (use child, unborn, adult)" in result.stdout


def test_an_answer_of_a_kind_the_field_does_not_take_is_refused_in_plain_words() -> None:
    form = read(", takes: [child, adult]")
    assert validate_answers(form, {"who": ["p-mum", "p-mia"]}, people=PEOPLE) == {}
    assert validate_answers(form, {"who": ["p-mum", "p-baby"]}, people=PEOPLE) == {
        "who": "An unborn baby cannot be chosen here: please choose a child or an adult."
    }


def test_the_shipped_ehat_keeps_an_unborn_baby_out_of_views_and_who_took_part(
    registry,
) -> None:
    ehat = registry.get("ehat", 1)
    assert "unborn" in ehat.field("children_assessed").person_takes
    assert "unborn" not in ehat.field("people_seen").person_takes
    assert ehat.field("voice_child").person_takes == ("child",)
    assert ehat.field("voice_adult").person_takes == ("adult",)
    answers = {"people_seen": ["p-baby"], "children_voice": [{"voice_child": "p-baby"}]}
    problems = validate_answers(ehat, answers, people=PEOPLE)
    assert problems["people_seen"] == (
        "An unborn baby cannot be chosen here: please choose a child or an adult."
    )
    assert problems["children_voice[0].voice_child"] == (
        "An unborn baby cannot be chosen here: please choose a child."
    )


def test_each_childs_view_is_not_required_while_the_only_child_is_expected(registry) -> None:
    ehat = registry.get("ehat", 1)
    voices = ehat.field("children_voice")
    expecting = {"p-mum": "parent_carer", "p-baby": "unborn"}
    assert nobody_fits(voices, expecting)
    assert not nobody_fits(voices, PEOPLE)
    assert not nobody_fits(voices, None)
    assert "children_voice" not in validate_answers(ehat, {}, people=expecting)
    assert validate_answers(ehat, {}, people=PEOPLE)["children_voice"] == (
        "Please add at least one row."
    )
