"""A council's own form using the newer parts of the form language, walked through the
real wizard: identifiers refused beside their field and tidied when left, dates in the
future or before the child's birth refused (the form's child, and the child chosen in a
row). Every name and number is invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from app import dates
from app.families.households import PersonData
from app.forms.answers import visible_answers
from app.forms.definition import FormDefinition
from app.reference.levels_of_need import LevelsOfNeed
from tests.council_forms import language_form
from tests.ui.wizard.test_wizard import click, editor, fill, fill_row, next_page, show

from ui.wizard.definition_wizard import FormWizard
from ui.wizard.editors.choices import ChoiceEditor
from ui.wizard.editors.grades import GradeEditor
from ui.wizard.editors.repeat import RepeatEditor
from ui.wizard.editors.scales import ScaleEditor
from ui.wizard.form_wizard import editor_context

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")

TOMORROW = dates.today() + dt.timedelta(days=1)


def health_form() -> FormDefinition:
    return language_form()


def wizard_for(qtbot: Any, levels: LevelsOfNeed) -> FormWizard:
    people = [
        PersonData(
            id="p-ruby",
            family_id="f",
            role="child",
            given_name="Ruby",
            family_name="Ashdown",
            date_of_birth=dt.date(2019, 5, 3),
        ),
        PersonData(
            id="p-sam",
            family_id="f",
            role="child",
            given_name="Sam",
            family_name="Ashdown",
            date_of_birth=dt.date(2022, 1, 10),
        ),
    ]
    context = editor_context(levels, people, about="p-ruby")
    wizard = FormWizard(health_form(), {}, context=context, heading="Ashdown family")
    wizard.confirm = lambda title, text: True
    return show(qtbot, wizard)  # type: ignore[return-value]


def test_identifiers_and_date_limits_through_the_wizard(qtbot, levels):
    wizard = wizard_for(qtbot, levels)
    nhs = editor(wizard, "nhs_number")
    assert nhs.edit.placeholderText() == "e.g. 943 476 5919"
    fill(qtbot, editor(wizard, "seen_on"), TOMORROW.strftime("%d/%m/%Y"))
    fill(qtbot, nhs, "9434765910")
    fill(qtbot, editor(wizard, "home_postcode"), "SW1A")
    fill(qtbot, editor(wizard, "gp_phone"), "12345")
    fill(qtbot, editor(wizard, "pupil_number"), "A801200001001")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "identifiers"
    assert wizard.block("seen_on").error == "This date is in the future; please check it."
    assert wizard.block("nhs_number").error == (
        "This NHS number's check digit is wrong; check it with the family's red book."
    )
    assert wizard.block("home_postcode").error.startswith("This is not a UK postcode")
    assert wizard.block("gp_phone").error.startswith("This is not a UK phone number")
    assert wizard.block("pupil_number").error == (
        "This Unique Pupil Number's check letter is wrong; check it with the school."
    )
    # before Ruby (the child the form is about) was born
    fill(qtbot, editor(wizard, "seen_on"), "02/05/2019")
    next_page(qtbot, wizard)
    assert wizard.block("seen_on").error == (
        "This date is before Ruby Ashdown was born (3 May 2019); please check it."
    )
    # put right: the identifiers are tidied when the worker presses Enter (or leaves)
    fill(qtbot, editor(wizard, "seen_on"), "04/05/2019")
    fill(qtbot, nhs, "9434765919")
    qtbot.keyClick(nhs.edit, Qt.Key.Key_Return)
    assert nhs.edit.text() == "943 476 5919"
    fill(qtbot, editor(wizard, "home_postcode"), "sw1a1aa")
    qtbot.keyClick(editor(wizard, "home_postcode").edit, Qt.Key.Key_Return)
    assert editor(wizard, "home_postcode").edit.text() == "SW1A 1AA"
    fill(qtbot, editor(wizard, "gp_phone"), "+44 1632 960123")
    fill(qtbot, editor(wizard, "pupil_number"), "H801200001001")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "contacts"

    # a visit row about Sam may not be dated before Sam's birth
    visits = editor(wizard, "health_contacts")
    assert isinstance(visits, RepeatEditor)
    qtbot.mouseClick(visits.add_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, visits.rows[0], {"visit_child": "p-sam", "visit_date": "01/06/2021"})
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "contacts"
    assert visits.rows[0].blocks["visit_date"].error == (
        "This date is before Sam Ashdown was born (10 January 2022); please check it."
    )
    fill_row(qtbot, visits.rows[0], {"visit_date": "01/06/2022"})
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "background"
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "wellbeing"
    with qtbot.waitSignal(wizard.completion_requested, timeout=2000) as done:
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    answers = done.args[0]
    assert answers["nhs_number"] == "943 476 5919"
    assert answers["seen_on"] == "2019-05-04"
    assert answers["health_contacts"] == [{"visit_child": "p-sam", "visit_date": "2022-06-01"}]


def test_council_option_lists_and_other_please_say(qtbot, levels):
    answers = {"seen_on": "2020-02-02", "nhs_number": "943 476 5919"}
    wizard = FormWizard(
        health_form(), answers, context=editor_context(levels, []), start_page="background"
    )
    wizard.confirm = lambda title, text: True
    show(qtbot, wizard)
    assert wizard.current_page_id() == "background"
    ethnicity = editor(wizard, "ethnicity")
    assert isinstance(ethnicity, ChoiceEditor) and ethnicity.combo is not None  # 9: a list
    assert [ethnicity.combo.itemText(i) for i in range(1, 4)] == [
        "White British",
        "White Irish",
        "Gypsy or Roma",
    ]
    language = editor(wizard, "home_language")
    assert [b.text() for b in language.group.buttons()] == [
        "English",
        "Polish",
        "Urdu",
        "Another language (please say)",
    ]
    # the text box is hidden until "other" is chosen, then needed
    assert not wizard.block("ethnicity_other").isVisible()
    fill(qtbot, ethnicity, "other")
    assert wizard.block("ethnicity_other").isVisible()
    fill(qtbot, editor(wizard, "send_needs"), ["asd", "other"])
    assert wizard.block("send_needs_other").isVisible()
    fill(qtbot, language, "other")
    fill(qtbot, editor(wizard, "home_language_other"), "Tigrinya")
    issues = editor(wizard, "family_issues")
    assert isinstance(issues, RepeatEditor)
    qtbot.mouseClick(issues.add_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, issues.rows[0], {"heading": "other"})
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "background"
    assert wizard.block("ethnicity_other").error == "Please answer this question."
    assert wizard.block("send_needs_other").error == "Please answer this question."
    assert wizard.block("home_language_other").error == ""
    assert issues.rows[0].blocks["heading_other"].error == "Please answer this question."
    assert wizard.block("ethnicity_other").caption.text() == (
        "Ethnicity: Any other ethnic group, please say *"
    )
    fill(qtbot, editor(wizard, "ethnicity_other"), "Kurdish")
    fill(qtbot, editor(wizard, "send_needs_other"), "Dyspraxia")
    fill_row(qtbot, issues.rows[0], {"heading_other": "Money worries"})
    # choosing something else hides the words again, and they are not kept
    fill(qtbot, language, "Urdu")
    assert not wizard.block("home_language_other").isVisible()
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "wellbeing"
    with qtbot.waitSignal(wizard.completion_requested, timeout=2000) as done:
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    got = visible_answers(wizard.definition, done.args[0])
    assert got["ethnicity"] == "other" and got["ethnicity_other"] == "Kurdish"
    assert got["send_needs"] == ["asd", "other"] and got["send_needs_other"] == "Dyspraxia"
    assert got["home_language"] == "Urdu" and "home_language_other" not in got
    assert got["family_issues"] == [{"heading": "other", "heading_other": "Money worries"}]


def test_grades_one_to_four_and_nought_to_three_and_wording_at_every_point(qtbot, levels):
    answers = {"seen_on": "2020-02-02", "nhs_number": "943 476 5919"}
    wizard = FormWizard(
        health_form(), answers, context=editor_context(levels, []), start_page="wellbeing"
    )
    wizard.confirm = lambda title, text: True
    show(qtbot, wizard)
    school = editor(wizard, "school_grade")
    assert isinstance(school, GradeEditor)
    assert [b.text() for b in school.group.buttons()] == [
        "Grade 1",
        "Grade 2",
        "Grade 3",
        "Grade 4",
    ]
    assert school.findChild(QLabel, "descriptor_school_grade_4").text() == "Rarely in school."
    sleep = editor(wizard, "sleep_grade")
    assert [b.text() for b in sleep.group.buttons()] == [
        "Grade 0",
        "Grade 1",
        "Grade 2",
        "Grade 3",
    ]
    assert sleep.findChild(QLabel, "descriptor_sleep_grade_0").text() == "Sleeps well"
    worry = editor(wizard, "worry_scale")
    assert isinstance(worry, ScaleEditor)
    assert sorted(worry.buttons) == [0, 1, 2, 3]
    assert worry.buttons[2].toolTip() == "quite worried"
    assert worry.low_label.text() == "0: not worried at all"
    assert worry.high_label.text() == "3: very worried"
    assert worry.point_label.text() == ""  # nothing chosen yet
    qtbot.mouseClick(worry.buttons[2], Qt.MouseButton.LeftButton)
    assert worry.point_label.text() == "2: quite worried"
    fill(qtbot, school, 4)
    fill(qtbot, sleep, 0)
    with qtbot.waitSignal(wizard.completion_requested, timeout=2000) as done:
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    got = done.args[0]
    assert (got["school_grade"], got["sleep_grade"], got["worry_scale"]) == (4, 0, 2)
    # read back as a completed assessment: the wording of the point chosen
    shown = show(
        qtbot,
        FormWizard(
            health_form(),
            got,
            context=editor_context(levels, []),
            read_only=True,
            start_page="wellbeing",
        ),
    )
    assert isinstance(shown, FormWizard)
    block = shown.block("worry_scale")
    assert block.display is not None
    texts = [label.text() for label in block.display.findChildren(QLabel)] + [
        block.display.text() if isinstance(block.display, QLabel) else ""
    ]
    assert any("2 out of 3: quite worried" in t for t in texts), texts


def test_combined_conditions_and_required_if_in_the_wizard(qtbot, levels):
    answers = {"seen_on": "2020-02-02", "nhs_number": "943 476 5919"}
    wizard = FormWizard(
        health_form(), answers, context=editor_context(levels, []), start_page="background"
    )
    wizard.confirm = lambda title, text: True
    show(qtbot, wizard)
    fill(qtbot, editor(wizard, "home_language"), "Urdu")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "wellbeing"
    assert wizard.block("interpreter").isVisible()  # Urdu is one of Polish, Urdu
    plan, contact = wizard.block("attendance_plan"), wizard.block("school_contact")
    assert not plan.isVisible()
    assert contact.isVisible() and contact.caption.text() == "Who at school knows"
    fill(qtbot, editor(wizard, "missed_days"), "5")
    assert contact.caption.text() == "Who at school knows *"  # needed now
    with qtbot.assertNotEmitted(wizard.completion_requested):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert contact.error == "Please answer this question."
    fill(qtbot, editor(wizard, "young_carer"), True)  # a young carer: not needed; plan shown
    assert contact.caption.text() == "Who at school knows"
    assert plan.isVisible()
    fill(qtbot, editor(wizard, "worry_scale"), 1)
    assert not plan.isVisible()  # worry less than 2
    fill(qtbot, editor(wizard, "missed_days"), "12")
    assert plan.isVisible()  # more than 9 days, whatever else
    fill(qtbot, editor(wizard, "attendance_plan"), "A lift with a neighbour on Mondays.")
    with qtbot.waitSignal(wizard.completion_requested, timeout=2000) as done:
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    got = visible_answers(wizard.definition, done.args[0])
    assert got["missed_days"] == 12 and got["attendance_plan"].startswith("A lift")
    assert "school_contact" not in got


def test_guidance_shown_and_a_confirmation_recorded_with_who_and_when(qtbot, levels):
    answers = {"seen_on": "2020-02-02", "nhs_number": "943 476 5919"}
    context = editor_context(levels, [], worker="Sam Worker")
    wizard = FormWizard(health_form(), answers, context=context, start_page="wellbeing")
    wizard.confirm = lambda title, text: True
    show(qtbot, wizard)
    guide = wizard.block("grading_guide")
    assert guide.isVisible() and not guide.caption.isVisible()  # no heading of its own
    assert (
        guide.findChild(QLabel, "guidance_grading_guide")
        .text()
        .startswith("Grade what you have seen yourself this term;")
    )
    agreed = editor(wizard, "family_agreed")
    assert agreed.box.text() == "I have read this with the family and they agree it is right"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    qtbot.mouseClick(agreed.box, Qt.MouseButton.LeftButton)
    assert agreed.record.text().startswith("Confirmed by Sam Worker on ")
    with qtbot.waitSignal(wizard.completion_requested, timeout=2000) as done:
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    got = done.args[0]
    assert "grading_guide" not in got
    assert got["family_agreed"]["by"] == "Sam Worker"
    assert (
        before <= dt.datetime.fromisoformat(got["family_agreed"]["at"]) <= dt.datetime.now(dt.UTC)
    )
    # unticking takes the confirmation back
    qtbot.mouseClick(agreed.box, Qt.MouseButton.LeftButton)
    assert agreed.value() is None and agreed.record.text() == ""


def test_values_from_the_family_record_shown_and_used_by_conditions(qtbot, levels):
    today = dates.today()
    toddler_born = today.replace(year=today.year - 3) - dt.timedelta(days=40)
    people = [
        PersonData(
            id="p-kit",
            family_id="f",
            role="child",
            given_name="Kit",
            family_name="Ashdown",
            date_of_birth=toddler_born,
        ),
        PersonData(
            id="p-bump",
            family_id="f",
            role="unborn",
            given_name="",
            family_name="Ashdown",
            expected_date=today + dt.timedelta(days=60),
        ),
    ]
    context = editor_context(levels, people, about="p-kit")
    wizard = FormWizard(health_form(), {}, context=context, heading="Ashdown family")
    show(qtbot, wizard)
    age = wizard.block("age_now")
    assert age.findChild(QLabel, "family_value_age_now").text() == "3 years old"
    assert age.findChild(QLabel, "family_value_baby_coming") is None
    assert wizard.block("baby_coming").findChild(QLabel, "family_value_baby_coming").text() == "Yes"
    assert (
        wizard.block("at_school_age").findChild(QLabel, "family_value_at_school_age").text() == "No"
    )
    # a page further on already knows: under 5, and a baby on the way
    assert not wizard.block("nursery").isHidden()
    assert not wizard.block("antenatal").isHidden()
    assert wizard.block("interpreter").isHidden()  # no language chosen yet
    answers = wizard.answers()
    assert (answers["age_now"], answers["baby_coming"], answers["at_school_age"]) == (
        3,
        True,
        False,
    )


def test_a_section_repeated_for_each_child_chosen_earlier(qtbot, levels):
    people = [
        PersonData(
            id=f"p-{name.lower()}",
            family_id="f",
            role="child",
            given_name=name,
            family_name="Ashdown",
            date_of_birth=dt.date(2018, 1, 1),
        )
        for name in ("Ruby", "Sam", "Kit")
    ]
    answers = {"seen_on": "2020-02-02", "nhs_number": "943 476 5919"}
    context = editor_context(levels, people, about="p-ruby")
    wizard = FormWizard(health_form(), answers, context=context, start_page="contacts")
    wizard.confirm = lambda title, text: True
    show(qtbot, wizard)
    each = editor(wizard, "each_child")
    assert isinstance(each, RepeatEditor)
    assert each.rows == [] and not each.add_button.isVisibleTo(wizard)
    fill(qtbot, editor(wizard, "children_seen"), ["p-kit", "p-ruby"])
    assert [r.value()["seen_child"] for r in each.rows] == ["p-ruby", "p-kit"]  # family order
    assert not each.rows[0].blocks["seen_child"].isEnabled()
    assert not each.rows[0].remove_button.isVisibleTo(wizard)
    next_page(qtbot, wizard)  # each row needs its answer
    assert wizard.current_page_id() == "contacts"
    assert each.rows[1].blocks["seen_how"].error == "Please answer this question."
    fill_row(qtbot, each.rows[0], {"seen_how": "Ruby was quiet."})
    fill_row(qtbot, each.rows[1], {"seen_how": "Kit chatted about the dog."})
    fill(qtbot, editor(wizard, "children_seen"), ["p-kit", "p-ruby", "p-sam"])
    assert [(r.value()["seen_child"], r.value().get("seen_how")) for r in each.rows] == [
        ("p-ruby", "Ruby was quiet."),
        ("p-sam", None),
        ("p-kit", "Kit chatted about the dog."),
    ]
    fill(qtbot, editor(wizard, "children_seen"), ["p-kit", "p-ruby"])  # Sam taken off
    assert [r.value()["seen_child"] for r in each.rows] == ["p-ruby", "p-kit"]
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "background"
    assert wizard.answers()["each_child"] == [
        {"seen_child": "p-ruby", "seen_how": "Ruby was quiet."},
        {"seen_child": "p-kit", "seen_how": "Kit chatted about the dog."},
    ]
