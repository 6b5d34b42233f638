"""The form language's identifiers and date limits: each check, each refusal of the
checker (file, path, line, problem), answers checked against the family's births, and
``hearth forms check`` naming a council's mistake. Every number is invented."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from app import dates
from app.documents.form_answers import AnswerItem, answer_sections
from app.forms.answers import display_value, validate_answers, visible_answers
from app.forms.confirmations import confirmation_value
from app.forms.definition import FormDefinition, Option
from app.forms.family_values import school_age, worked_out
from app.forms.identifiers import (
    nhs_number_problem,
    phone_problem,
    postcode_problem,
    tidy_identifier,
    upn_check_letter,
    upn_problem,
)
from app.forms.loader import SHIPPED_FORMS, load_folder, load_texts
from app.forms.schema import read_form
from tests.app.forms.test_command import hearth
from tests.council_forms import RIVERSIDE_CHILD_HEALTH, RIVERSIDE_OPTION_LISTS, language_form

FILE = "council/health.yaml"


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919"])
def test_a_good_nhs_number(number: str) -> None:
    assert nhs_number_problem(number) is None
    assert tidy_identifier("nhs_number", number) == "943 476 5919"


def test_nhs_numbers_refused() -> None:
    assert nhs_number_problem("943 476 5910") == (
        "This NHS number's check digit is wrong; check it with the family's red book."
    )
    # a check digit of 10 is never valid: 000 000 001 -> 11 - 2 = 9; 123456789 -> 10
    assert nhs_number_problem("1234567890") is not None
    assert nhs_number_problem("94347659") == "An NHS number has 10 digits, such as 943 476 5919."


def test_postcodes_and_phone_numbers() -> None:
    assert postcode_problem("sw1a1aa") is None
    assert tidy_identifier("postcode", "sw1a1aa") == "SW1A 1AA"
    assert postcode_problem("M1 1AE") is None
    assert postcode_problem("12345") is not None
    assert postcode_problem("SW1A") is not None
    assert phone_problem("01632 960123") is None
    assert phone_problem("+44 7700 900123") is None
    assert phone_problem("(01632) 960-123") is None
    assert phone_problem("7700 900123") is not None
    assert phone_problem("call the office") is not None


def test_unique_pupil_numbers() -> None:
    body = "801200001001"
    good = upn_check_letter(body) + body
    assert upn_problem(good) is None
    assert upn_problem(good.lower()) is None
    wrong = ("A" if good[0] != "A" else "B") + body
    assert upn_problem(wrong) == (
        "This Unique Pupil Number's check letter is wrong; check it with the school."
    )
    assert upn_problem("H80120000100") is not None  # 12 characters
    assert upn_problem("I801200001001") is not None  # I is never a check letter
    temporary = "80120000100A"
    assert upn_problem(upn_check_letter(temporary) + temporary) is None


def _form() -> FormDefinition:
    return language_form()


def test_the_council_form_reads_its_new_keys() -> None:
    form = _form()
    assert form.field("nhs_number").validate == "nhs_number"
    assert form.field("seen_on").not_in_future and form.field("seen_on").not_before_birth
    assert form.field("visit_date").not_before_birth


BORN = dt.date(2019, 5, 3)
BIRTHS = {"p-ruby": (BORN, "Ruby"), "p-sam": (dt.date(2022, 1, 10), "Sam")}
PEOPLE = {"p-ruby": "child", "p-sam": "child"}


def test_answers_checked_against_the_family() -> None:
    tomorrow = (dates.today() + dt.timedelta(days=1)).isoformat()
    answers = {
        "seen_on": tomorrow,
        "nhs_number": "943 476 5910",
        "home_postcode": "not one",
        "gp_phone": "123",
        "pupil_number": "H801200001002",
        "health_contacts": [
            {"visit_child": "p-sam", "visit_date": "2021-06-01"},
            {"visit_child": "p-ruby", "visit_date": "2021-06-01"},
        ],
    }
    found = validate_answers(_form(), answers, people=PEOPLE, births=BIRTHS, about="p-ruby")
    assert found == {
        "seen_on": "This date is in the future; please check it.",
        "nhs_number": (
            "This NHS number's check digit is wrong; check it with the family's red book."
        ),
        "home_postcode": "This is not a UK postcode; a postcode looks like SW1A 1AA or M1 1AE.",
        "gp_phone": (
            "This is not a UK phone number: it should have 11 digits starting with 0 "
            "(or +44 and the number without its 0)."
        ),
        "pupil_number": (
            "This Unique Pupil Number's check letter is wrong; check it with the school."
        ),
        "health_contacts[0].visit_date": (
            "This date is before Sam was born (10 January 2022); please check it."
        ),
    }
    answers["seen_on"] = "2019-05-02"
    found = validate_answers(_form(), answers, people=PEOPLE, births=BIRTHS, about="p-ruby")
    assert found["seen_on"] == "This date is before Ruby was born (3 May 2019); please check it."
    # without the family's births the limit cannot be checked, and is not
    found = validate_answers(_form(), answers, people=PEOPLE)
    assert "seen_on" not in found and "health_contacts[0].visit_date" not in found


def test_identifiers_shown_tidied() -> None:
    form = _form()
    printed = answer_sections(form, {"nhs_number": "9434765919", "home_postcode": "m1 1ae"})
    assert [(i.label, i.text) for i in printed[0].entries] == [  # type: ignore[union-attr]
        ("NHS number", "943 476 5919"),
        ("Home postcode", "M1 1AE"),
    ]
    assert display_value(form.field("nhs_number"), "9434765919") == "943 476 5919"
    assert display_value(form.field("home_postcode"), "m1 1ae") == "M1 1AE"
    assert display_value(form.field("home_postcode"), "not one") == "not one"


HEAD = """\
id: sample
version: 1
title: Sample
kind: sample
"""


def _problems(body: str) -> list[str]:
    result = read_form(HEAD + textwrap.dedent(body), FILE)
    assert isinstance(result, list), "expected the form to be refused"
    return [str(p) for p in result]


def test_refusals_name_file_path_line_and_problem() -> None:
    found = _problems(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: nhs, type: text, label: NHS, validate: nhs}
              - {id: notes, type: long_text, label: Notes, validate: postcode}
              - {id: seen, type: date, label: Seen, not_in_future: "yes"}
              - {id: met, type: date, label: Met, not_before_birth: true}
              - id: visits
                type: repeat
                label: Visits
                fields:
                  - {id: when, type: date, label: When, not_before_birth: true}
        """
    )
    assert found == [
        f"{FILE}: pages[0].fields[0].validate: unknown identifier 'nhs' "
        "(validate takes one of nhs_number, postcode, phone, upn) (line 9)",
        f"{FILE}: pages[0].fields[1].validate: 'validate' is not used by a long_text field "
        "(line 10)",
        f"{FILE}: pages[0].fields[2].not_in_future: not_in_future must be true or false, "
        "not 'yes' (line 11)",
        f"{FILE}: pages[0].fields[3].not_before_birth: not_before_birth needs the child the "
        "date is about: make the form per_child, or put the date in a repeating group with a "
        "person field (one person per row) (line 12)",
        f"{FILE}: pages[0].fields[4].fields[0].not_before_birth: not_before_birth needs the "
        "child the date is about: make the form per_child, or put the date in a repeating "
        "group with a person field (one person per row) (line 17)",
    ]


def test_suggest_offers_the_household_and_refuses_anything_else() -> None:
    """``suggest: household`` (issue 17: a scorer's name picked, not typed); the shipped
    Signs of Safety form uses it for its scorers."""
    found = _problems(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: who, type: text, label: Who, suggest: family}
              - {id: why, type: long_text, label: Why, suggest: household}
              - {id: ok, type: text, label: Name, suggest: household}
        """
    )
    assert found == [
        f"{FILE}: pages[0].fields[0].suggest: unknown suggestion 'family' "
        "(suggest takes one of household) (line 9)",
        f"{FILE}: pages[0].fields[1].suggest: 'suggest' is not used by a long_text field "
        "(line 10)",
    ]
    sos = load_folder(SHIPPED_FORMS).registry.latest("signs_of_safety")
    scorer = next(f for f in sos.all_fields() if f.id == "participant_name")
    assert scorer.suggest == "household"


def test_forms_check_names_a_councils_mistake(tmp_path: Path) -> None:
    (tmp_path / "health.yaml").write_text(
        RIVERSIDE_CHILD_HEALTH.replace("validate: upn", "validate: pupil_number"),
        encoding="utf-8",
    )
    (tmp_path / "option_lists.yaml").write_text(RIVERSIDE_OPTION_LISTS, encoding="utf-8")
    result = hearth("forms", "check", str(tmp_path))
    assert result.returncode == 1
    assert (
        f"{tmp_path / 'health.yaml'}: pages[0].fields[7].validate: unknown identifier "
        "'pupil_number' (validate takes one of nhs_number, postcode, phone, upn) (line 18)"
    ) in result.stdout
    assert result.stderr == "1 problem in 2 files.\n"


# ---------------------------------------------------------------- option lists


def test_a_council_list_is_copied_into_each_field_that_uses_it() -> None:
    form = _form()
    ethnicity = form.field("ethnicity")
    assert ethnicity.options_list == "ethnicity" and not ethnicity.options_from
    assert ethnicity.options[-1] == Option("other", "Any other ethnic group", other=True)
    # "other, please say" is a text box straight after the choice, shown and required
    # only when "other" is chosen
    box = form.field("ethnicity_other")
    assert (box.type, box.required, box.other_of) == ("text", True, "ethnicity")
    assert box.label == "Ethnicity: Any other ethnic group, please say"
    assert form.field("home_language_other").label == (
        "Main language at home: Another language (please say)"
    )
    page = [f.id for f in form.page("background").fields]
    assert page[:3] == ["ethnicity", "ethnicity_other", "home_language"]
    assert [f.id for f in form.field("family_issues").fields] == [
        "heading",
        "heading_other",
        "heading_notes",
    ]


def test_other_please_say_is_required_when_chosen_and_printed() -> None:
    form = _form()
    answers = {
        "seen_on": "2020-01-01",
        "nhs_number": "9434765919",
        "ethnicity": "other",
        "send_needs": ["asd", "other"],
        "family_issues": [{"heading": "other"}, {"heading": "health"}],
    }
    found = validate_answers(form, answers)
    assert found == {
        "ethnicity_other": "Please answer this question.",
        "send_needs_other": "Please answer this question.",
        "family_issues[0].heading_other": "Please answer this question.",
    }
    answers.update(ethnicity_other="Kurdish", send_needs_other="Dyspraxia")
    answers["family_issues"] = [{"heading": "other", "heading_other": "Money worries"}]
    assert validate_answers(form, answers) == {}
    printed = {s.title: s.entries for s in answer_sections(form, answers)}
    items = [(i.label, i.text) for i in printed["Background"] if isinstance(i, AnswerItem)]
    assert items == [
        ("Ethnicity", "Any other ethnic group"),
        ("Ethnicity: Any other ethnic group, please say", "Kurdish"),
        ("Special educational needs", "Autism, Another need"),
        ("Special educational needs: Another need, please say", "Dyspraxia"),
    ]
    # "other" no longer chosen: the words are dropped with it
    answers["ethnicity"] = "chinese"
    assert "ethnicity_other" not in visible_answers(form, answers)


LISTS = """\
option_lists:
  language:
    - English
    - {value: other, label: Other, other: true}
    - {value: also, label: Also other, other: true}
  agencies: [School]
  Bad Name: [One]
  empty: []
"""


def test_option_list_file_refusals() -> None:
    result = load_texts([("council/option_lists.yaml", LISTS)])
    assert [str(p) for p in result.problems] == [
        "council/option_lists.yaml: option_lists.language[2].other: only one option of a "
        "list can be other: true (line 5)",
        "council/option_lists.yaml: option_lists.agencies: 'agencies' is Hearth's own list; "
        "give yours another name (line 6)",
        "council/option_lists.yaml: option_lists.Bad Name: list name 'Bad Name' must use "
        "lower-case letters, digits and underscores, starting with a letter (line 7)",
        "council/option_lists.yaml: option_lists.empty: a list needs at least one option; "
        "this one is empty (line 8)",
    ]


def test_forms_using_lists_refused_where_wrong() -> None:
    lists = "option_lists:\n  language: [English, {value: other, label: Other, other: true}]\n"
    form = HEAD + textwrap.dedent(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: spoken, type: choice, label: Language, options_from: languge}
              - {id: written, type: choice, label: Written, options_from: language}
              - {id: written_other, type: text, label: Clash}
        """
    )
    again = "option_lists:\n  language: [Welsh]\n"
    result = load_texts(
        [("a/option_lists.yaml", lists), ("b/option_lists.yaml", again), (FILE, form)]
    )
    assert [str(p) for p in result.problems] == [
        "b/option_lists.yaml: option_lists.language: the list 'language' is defined in "
        "another option_lists.yaml too; this one was left out (line 2)",
        f"{FILE}: pages[0].fields[0].options_from: unknown option list 'languge'; did you "
        "mean 'language'? (known lists: levels_of_need, agencies, request_sources, language; "
        "a council's own lists are read from option_lists.yaml in its forms folder) (line 9)",
        f"{FILE}: pages[0].fields[2].id: duplicate field id 'written_other' (already used at "
        "pages[0].fields[1].options_from); ids must be unique in the whole form, including "
        "inside repeating groups (line 11)",
    ]


# ---------------------------------------------------------------- grades and scales


def test_grades_and_scales_of_a_councils_own_range() -> None:
    form = _form()
    assert form.field("school_grade").grade_points == (1, 2, 3, 4)
    assert form.field("sleep_grade").descriptors[0] == "Sleeps well"
    assert form.field("worry_scale").point_label(3) == "very worried"
    assert form.field("worry_scale").low_label == "not worried at all"  # from the labels
    answers = {
        "seen_on": "2020-01-01",
        "nhs_number": "9434765919",
        "school_grade": 5,
        "sleep_grade": 4,
        "worry_scale": 4,
    }
    assert validate_answers(form, answers) == {
        "school_grade": "Please choose a grade from 1 to 4.",
        "sleep_grade": "Please choose a grade from 0 to 3.",
        "worry_scale": "Please choose a score from 0 to 3.",
    }
    answers.update(school_grade=4, sleep_grade=0, worry_scale=2)
    assert validate_answers(form, answers) == {}
    assert display_value(form.field("worry_scale"), 2) == "2 out of 3: quite worried"


def test_grade_and_scale_refusals() -> None:
    found = _problems(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: a, type: grade, label: A, min: 1, max: 4, descriptors: [w, x, y]}
              - {id: b, type: grade, label: B, min: 0, max: 3, descriptors_from: gcp2.housing}
              - {id: c, type: grade, label: C, min: 3, max: 3, descriptors: [only]}
              - id: d
                type: grade
                label: D
                descriptors: [p, q, r, s, t]
                suggested_from: [e]
              - {id: e, type: grade, label: E, min: 1, max: 4, descriptors: [w, x, y, z]}
              - id: f
                type: scale
                label: F
                min: 0
                max: 2
                labels: {0: none, 2: lots, 5: more}
        """
    )
    assert found == [
        f"{FILE}: pages[0].fields[0].descriptors: missing the descriptor for grade 4 (line 9)",
        f"{FILE}: pages[0].fields[1].descriptors_from: a descriptor file gives grades 1 to 5, "
        "but this grade runs 0 to 3; give its own descriptors instead (line 10)",
        f"{FILE}: pages[0].fields[2].max: a grade needs between 2 and 10 grades; min 3 and "
        "max 3 give 1 (line 11)",
        f"{FILE}: pages[0].fields[5].labels.5: this scale runs from 0 to 2; 5 is not a point "
        "(line 23)",
        f"{FILE}: pages[0].fields[5].labels: missing the wording for point 1 (line 23)",
        f"{FILE}: pages[0].fields[3].suggested_from[0]: suggested_from refers to 'e', graded "
        "1 to 4; this grade runs 1 to 5, and a suggestion needs the same grades (line 16)",
    ]


def test_scaling_heading_and_introduction_are_read() -> None:
    from tests.council_forms import council_safety_map

    form = read_form(council_safety_map(), "sos.yaml")
    assert isinstance(form, FormDefinition), form
    assert form.scaling is not None
    assert form.scaling.heading == "Riverside scaling: how safe is everyone?"
    assert form.field("score").point_labels[5] == "worries and safety about even"


# ---------------------------------------------------------------- combined conditions


BASE = {"seen_on": "2020-01-01", "nhs_number": "9434765919"}


def test_conditions_combine_and_compare() -> None:
    form = _form()

    def shown(**answers: object) -> set[str]:
        kept = visible_answers(
            form, {**BASE, **answers, "attendance_plan": "x", "interpreter": True}
        )
        return {f for f in ("attendance_plan", "interpreter") if f in kept}

    assert shown(missed_days=10) == {"attendance_plan"}  # more than 9
    assert shown(missed_days=9) == set()
    assert shown(young_carer=True, worry_scale=3) == {"attendance_plan"}  # all, with not
    assert shown(young_carer=True, worry_scale=1) == set()  # less than 2: not holds false
    assert shown(young_carer=True) == {"attendance_plan"}  # no score: not (less than) holds
    assert shown(home_language="Urdu") == {"interpreter"}  # one of
    assert shown(home_language="English") == set()


def test_required_if_apart_from_shown_if() -> None:
    form = _form()
    needed = "Please answer this question."
    assert validate_answers(form, {**BASE, "missed_days": 5}) == {"school_contact": needed}
    assert validate_answers(form, {**BASE, "missed_days": 4}) == {}
    # not needed for a young carer (shown all the same: required_if hides nothing)
    young_carer = {**BASE, "missed_days": 5, "young_carer": True}
    assert validate_answers(form, young_carer) == {}
    assert "school_contact" not in young_carer and form.field("school_contact").visible_if is None


def test_condition_refusals() -> None:
    found = _problems(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: days, type: number, label: Days}
              - {id: name, type: text, label: Name}
              - {id: a, type: text, label: A, visible_if: {all: [{field: days, more_than: 2}]}}
              - {id: b, type: text, label: B, visible_if: {any: [{field: name, less_than: 3},
                 {field: nope, answered: true}]}}
              - {id: c, type: text, label: C, visible_if: {not: {field: days, more_than: two}}}
              - {id: d, type: text, label: D, visible_if: {all: [{field: days, answered: true},
                 {field: days, answered: true}], any: []}}
              - {id: e, type: text, label: E, required: true,
                 required_if: {field: days, more_than: 1}}
              - {id: f, type: text, label: F, visible_if: {field: g, answered: true}}
              - {id: g, type: text, label: G, visible_if: {any: [{field: days, answered: true},
                 {field: f, answered: true}]}}
        """
    )
    assert found == [
        f"{FILE}: pages[0].fields[2].visible_if.all: all needs a list of at least two "
        "conditions, not a list (line 11)",
        f"{FILE}: pages[0].fields[4].visible_if.not.more_than: more_than needs a number, not "
        "'two' (line 14)",
        f"{FILE}: pages[0].fields[5].visible_if: a combined condition has just one key, all, "
        "any or not (found all, any) (line 15)",
        f"{FILE}: pages[0].fields[6].required_if: required: true already makes this needed "
        "whenever it is shown; use one or the other (line 18)",
        f"{FILE}: pages[0].fields[3].visible_if.any[0].less_than: 'name' is a text field; "
        "only a number, grade or scale can be less or more than a number (line 12)",
        f"{FILE}: pages[0].fields[3].visible_if.any[1].field: the condition refers to 'nope', "
        "which is not a field in this form (line 13)",
        f"{FILE}: pages[0].fields[7].visible_if.field: the conditions go round in a circle "
        "(f -> g -> f); none of them could ever be shown (line 19)",
    ]


# ---------------------------------------------------------------- guidance, confirmation


def test_guidance_and_a_confirmation_with_who_and_when() -> None:
    form = _form()
    guide = form.field("grading_guide")
    assert (guide.type, guide.label) == ("guidance", "")
    assert guide.text.startswith("Grade what you have seen yourself")
    agreed = confirmation_value("Sam Worker", dt.datetime(2026, 7, 1, 12, 5, tzinfo=dt.UTC))
    assert agreed == {"by": "Sam Worker", "at": "2026-07-01T12:05:00+00:00"}
    answers = {**BASE, "family_agreed": agreed}
    assert validate_answers(form, answers) == {}
    printed = {s.title: s.entries for s in answer_sections(form, answers)}
    assert [(i.label, i.text) for i in printed["How the child is"]] == [  # type: ignore[union-attr]
        ("The family's agreement", "Confirmed by Sam Worker on 01/07/2026 at 13:05")  # BST
    ]
    assert validate_answers(form, {**answers, "family_agreed": {"by": "Sam"}}) == {
        "family_agreed": "This confirmation could not be read; please tick to confirm again."
    }
    assert validate_answers(form, {**answers, "grading_guide": "typed"}) == {
        "grading_guide": "This is guidance; it takes no answer."
    }


def test_guidance_and_confirmation_refusals() -> None:
    found = _problems(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: note, type: guidance}
              - {id: tip, type: guidance, text: Ask first., required: true}
              - {id: sure, type: confirmation, label: Agreed, required: true, min: 1}
              - {id: after, type: text, label: After, visible_if: {field: tip, answered: true}}
        """
    )
    assert found == [
        f"{FILE}: pages[0].fields[0].text: missing: the guidance text is required (line 9)",
        f"{FILE}: pages[0].fields[1].required: guidance only shows words; it takes no answer, "
        "so it cannot be required (line 10)",
        f"{FILE}: pages[0].fields[2].min: 'min' is not used by a confirmation field (line 11)",
        f"{FILE}: pages[0].fields[3].visible_if.field: 'tip' is guidance: it has no answer for "
        "a condition to test (line 12)",
    ]
    required = read_form(
        HEAD
        + "pages:\n  - id: one\n    title: One\n    fields:\n"
        + "      - {id: sure, type: confirmation, label: Agreed, required: true}\n",
        FILE,
    )
    assert isinstance(required, FormDefinition)
    assert validate_answers(required, {}) == {"sure": "Please tick to confirm."}


# ---------------------------------------------------------------- from the family record


def test_values_worked_out_from_the_family_record() -> None:
    on = dt.date(2026, 3, 1)
    roles = {"p-ruby": "child", "p-sam": "child", "p-bump": "unborn", "p-mum": "parent_carer"}
    births = {"p-ruby": dt.date(2019, 5, 3), "p-sam": dt.date(2022, 1, 10)}
    assert worked_out("child_age", roles, births, "p-ruby", on) == 6
    assert worked_out("child_school_age", roles, births, "p-ruby", on) is True
    assert worked_out("child_school_age", roles, births, "p-sam", on) is False  # 3 last August
    assert worked_out("baby_expected", roles, births, None, on) is True
    assert worked_out("children", roles, births, None, on) == 2
    assert worked_out("child_age", roles, births, "p-bump", on) is None  # no birth yet
    # Reception starts the September after the fourth birthday; Year 11 ends at 16
    assert school_age(dt.date(2021, 8, 31), dt.date(2025, 9, 1)) is True
    assert school_age(dt.date(2021, 9, 1), dt.date(2025, 9, 1)) is False
    assert school_age(dt.date(2009, 9, 1), dt.date(2026, 6, 1)) is True
    assert school_age(dt.date(2009, 8, 31), dt.date(2026, 6, 1)) is False
    form = _form()
    assert display_value(form.field("age_now"), 6) == "6 years old"
    assert display_value(form.field("baby_coming"), True) == "Yes"
    shown = visible_answers(form, {**BASE, "age_now": 3, "baby_coming": False, "nursery": "x"})
    assert shown["nursery"] == "x"
    assert "nursery" not in visible_answers(form, {**BASE, "age_now": 6, "nursery": "x"})


def test_family_value_refusals() -> None:
    found = _problems(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: age, type: family_value, label: Age, value: child_age}
              - {id: how, type: family_value, label: How, value: shoe_size, required: true}
              - {id: baby, type: family_value, label: Baby, value: baby_expected}
              - {id: x, type: text, label: X, visible_if: {field: baby, more_than: 1}}
              - {id: y, type: text, label: Y, visible_if: {field: age, equals: "five"}}
        """
    )
    assert found == [
        f"{FILE}: pages[0].fields[1].required: a family_value comes from the family record; "
        "it cannot be required (line 10)",
        f"{FILE}: pages[0].fields[1].value: value must name what the family record gives "
        "(child_age, child_school_age, baby_expected, children), not 'shoe_size' (line 10)",
        f"{FILE}: pages[0].fields[3].visible_if.more_than: 'baby' is a family_value field; "
        "only a number, grade or scale can be less or more than a number (line 12)",
        f"{FILE}: pages[0].fields[4].visible_if.equals: 'age' is child_age from the family "
        "record; compare it with a number (line 13)",
        f"{FILE}: pages[0].fields[0].value: child_age is about the child the form is about: "
        "make the form per_child (line 9)",
    ]


# ---------------------------------------------------------------- repeated for each person


def test_a_group_repeated_for_each_child_chosen() -> None:
    form = _form()
    assert form.field("each_child").for_each == "children_seen"
    answers = {
        **BASE,
        "children_seen": ["p-ruby", "p-sam"],
        "each_child": [{"seen_child": "p-ruby", "seen_how": "Quiet."}],
    }
    assert validate_answers(form, answers) == {
        "each_child": "Please fill in a row for each person chosen; 1 has none."
    }
    answers["each_child"].append({"seen_child": "p-sam", "seen_how": "Cheerful."})
    assert validate_answers(form, answers) == {}


def test_for_each_refusals() -> None:
    found = _problems(
        """\
        pages:
          - id: one
            title: One
            fields:
              - {id: who, type: person, label: Who}
              - id: rows
                type: repeat
                label: Rows
                for_each: who
                fields:
                  - {id: note, type: text, label: Note}
        """
    )
    assert found == [
        f"{FILE}: pages[0].fields[1].for_each: for_each must name a person field that takes "
        "several people (multiple: true), outside any group; 'who' is not one (line 13)",
        f"{FILE}: pages[0].fields[1].for_each: a group repeated for each person needs a person "
        "field (one person) first: the row's person, filled in by Hearth (line 13)",
    ]
