"""The generic assessment wizard, walked as a worker would: typing, choosing,
Next and Back, the messages beside each field, completing; drafts that save
themselves and resume where they were left (also after the store is closed
without the wizard being closed); an assessment made with an older form
version rendering with that version. Real widgets, a real encrypted store;
every name is invented."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWizard

from app import dates
from app.casework import assessment_completion, assessment_drafts, assessments
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.families import households as families
from app.families.households import PersonData
from app.forms.loader import FormRegistry, load_folder
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store, open_store
from tests.builders import Agency, Built, Consent, Member, add_family, in_store

from ui.shell.task_runner import TaskRunner
from ui.wizard.definition_wizard import FormWizard
from ui.wizard.editors.choices import ChoiceEditor, MultiChoiceEditor, PersonEditor, YesNoEditor
from ui.wizard.editors.dates import DateEditor
from ui.wizard.editors.field_editor import FieldEditor
from ui.wizard.editors.grades import GradeEditor
from ui.wizard.editors.house import HouseEditor
from ui.wizard.editors.repeat import RepeatEditor
from ui.wizard.editors.scales import ScaleEditor
from ui.wizard.editors.text import LongTextEditor, NumberEditor, TextEditor
from ui.wizard.form_wizard import AssessmentWizard, editor_context

TODAY = dates.today()

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


# ---------------------------------------------------------------- fixtures


def quillfields(store: Store, profile: Profile, *, with_consent: bool = True) -> Built:
    """A synthetic family: two parents, two children, a school; consent to assess."""
    return in_store(
        store, add_family, profile, "Quillfield",
        people=(
            Member("alex", "parent_carer", "Alex", dt.date(1990, 4, 2)),
            Member("jo", "parent_carer", "Jo", dt.date(1988, 9, 12)),
            Member("mia", "child", "Mia", TODAY - dt.timedelta(days=365 * 7)),
            Member("leo", "child", "Leo", TODAY - dt.timedelta(days=365 * 2)),
        ),
        agencies=(Agency("school", "School"),),
        consent=Consent("alex") if with_consent else None,
    )


def members(store: Store, profile: Profile, family_id: str) -> tuple[PersonData, ...]:
    return store.run(families.load_family, profile, family_id).members


# ---------------------------------------------------------------- driving a wizard


def editor(wizard: FormWizard, field_id: str) -> FieldEditor:
    block = wizard.block(field_id)
    assert block.editor is not None
    return block.editor


def fill(qtbot: Any, target: FieldEditor, value: Any) -> None:
    """Answer a field as a worker would: typing into text, clicking choices."""
    if isinstance(target, (TextEditor, DateEditor, NumberEditor)):
        target.edit.clear()
        qtbot.keyClicks(target.edit, str(value))
    elif isinstance(target, (LongTextEditor, HouseEditor)):
        qtbot.keyClicks(target.edit, str(value))
    elif isinstance(
        target,
        (ChoiceEditor, PersonEditor, MultiChoiceEditor, ScaleEditor, YesNoEditor, GradeEditor),
    ):
        target.choose(value)
    else:  # pragma: no cover - a new editor type needs a line here
        raise TypeError(type(target).__name__)


def click(qtbot: Any, wizard: QWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def next_page(qtbot: Any, wizard: QWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def fill_row(qtbot: Any, row: Any, values: dict[str, Any]) -> None:
    for sub_id, value in values.items():
        block = row.blocks[sub_id]
        fill(qtbot, block.editor, value)


def walk_ehat(
    qtbot: Any, wizard: FormWizard, ids: dict[str, str], *, level: str = "early_help"
) -> None:
    """Fill every page of the shipped EHAT, moving on with Next."""
    page = wizard.current_page_id
    assert page() == "reason"
    fill(qtbot, editor(wizard, "assessment_date"), TODAY.strftime("%d/%m/%Y"))
    fill(qtbot, editor(wizard, "requested_by"), "school")
    fill(qtbot, editor(wizard, "reason_for_assessment"), "Mia's attendance has dropped this term.")
    next_page(qtbot, wizard)
    assert page() == "family"
    fill(qtbot, editor(wizard, "children_assessed"), [ids["mia"], ids["leo"]])
    fill(qtbot, editor(wizard, "people_seen"), [ids["alex"], ids["mia"]])
    next_page(qtbot, wizard)
    fill(qtbot, editor(wizard, "child_development_summary"), "Mia is anxious about school.")
    next_page(qtbot, wizard)
    fill(qtbot, editor(wizard, "parenting_summary"), "Warm, tired parents.")
    next_page(qtbot, wizard)
    fill(qtbot, editor(wizard, "family_environment_summary"), "Damp flat, grandparents nearby.")
    next_page(qtbot, wizard)
    assert page() == "child_voice"
    voices = editor(wizard, "children_voice")
    assert isinstance(voices, RepeatEditor)
    qtbot.mouseClick(voices.add_button, Qt.MouseButton.LeftButton)
    fill_row(
        qtbot,
        voices.rows[0],
        {
            "voice_child": ids["mia"],
            "voice_how": "talking",
            "voice_words": "I like drawing with Gran.",
        },
    )
    next_page(qtbot, wizard)
    adults = editor(wizard, "parents_voice")
    assert isinstance(adults, RepeatEditor)
    qtbot.mouseClick(adults.add_button, Qt.MouseButton.LeftButton)
    fill_row(
        qtbot,
        adults.rows[0],
        {"voice_adult": ids["alex"], "voice_adult_words": "We want mornings to be calmer."},
    )
    next_page(qtbot, wizard)
    fill(qtbot, editor(wizard, "analysis_strengths"), "Love and humour.")
    fill(qtbot, editor(wizard, "analysis_needs"), "Routines and housing.")
    next_page(qtbot, wizard)
    assert page() == "outcome"
    fill(qtbot, editor(wizard, "fam_needed"), True)
    fill(qtbot, editor(wizard, "fam_reason"), "School and housing should come.")
    fill(qtbot, editor(wizard, "recommended_level"), level)
    fill(qtbot, editor(wizard, "level_reason"), "Needs across several areas.")
    fill(qtbot, editor(wizard, "next_steps"), "Family Action Meeting within two weeks.")


def show(qtbot: Any, wizard: QWizard) -> QWizard:
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def answers_in_store(
    store_runner: TaskRunner, profile: Profile, assessment_id: str
) -> dict[str, Any]:
    loading = store_runner.run_store(assessments.load_assessment, profile, assessment_id)
    return loading.result(10).answers


# ---------------------------------------------------------------- the renderer alone


def people_context(levels: LevelsOfNeed, registry: FormRegistry, ids: dict[str, str]) -> Any:
    people = [
        PersonData(id=ids[k], family_id="f", role=r, given_name=k.title(), family_name="Quillfield")
        for k, r in (
            ("alex", "parent_carer"),
            ("jo", "parent_carer"),
            ("mia", "child"),
            ("leo", "child"),
        )
    ]
    return editor_context(levels, people, registry.active_descriptors())


FAKE_IDS = {"alex": "p-alex", "jo": "p-jo", "mia": "p-mia", "leo": "p-leo"}


def test_ehat_walk_with_messages_next_back_and_complete(qtbot, levels, registry):
    wizard = show(
        qtbot,
        FormWizard(
            registry.get("ehat", 1),
            {},
            context=people_context(levels, registry, FAKE_IDS),
            heading="Quillfield family",
        ),
    )
    wizard.confirm = lambda title, text: True
    assert wizard.current_page_id() == "reason"
    assert "Page 1 of 9" in wizard.side.progress_label.text()

    # Next with nothing filled: stays, says what is missing next to each field
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "reason"
    assert wizard.block("assessment_date").error == "Please enter a date."
    assert wizard.block("requested_by").error == "Please choose an answer."
    assert wizard.block("reason_for_assessment").error == "Please answer this question."
    assert wizard.block("family_hopes").error == ""  # not required
    assert wizard.side.page_list.item(0).text().startswith("▸")

    # a date that is not a date is explained, and Enter in it tries Next again
    date = editor(wizard, "assessment_date")
    fill(qtbot, date, "31/02/2024")
    qtbot.keyClick(date.edit, Qt.Key.Key_Return)
    assert wizard.current_page_id() == "reason"
    assert (
        wizard.block("assessment_date").error == "Please enter a real date (day, month and year)."
    )

    walk_ehat(qtbot, wizard, FAKE_IDS)
    # Back keeps what was typed
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    assert wizard.current_page_id() == "analysis"
    assert editor(wizard, "analysis_strengths").value() == "Love and humour."
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "outcome"
    # pages seen are ticked in the side list
    assert wizard.side.page_list.item(0).text().startswith("✓")

    # a conditional question: meeting needed -> why; not needed -> why not
    assert wizard.block("fam_reason").isVisible()
    assert not wizard.block("no_fam_reason").isVisible()

    with qtbot.waitSignal(wizard.completion_requested, timeout=2000) as done:
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    answers = done.args[0]
    assert answers["assessment_date"] == TODAY.isoformat()
    assert answers["requested_by"] == "school"
    assert answers["children_assessed"] == ["p-mia", "p-leo"]
    assert answers["children_voice"] == [
        {"voice_child": "p-mia", "voice_how": "talking", "voice_words": "I like drawing with Gran."}
    ]
    assert answers["fam_needed"] is True
    assert answers["recommended_level"] == "early_help"


def test_completing_with_gaps_goes_to_the_first_page_with_a_problem(qtbot, levels, registry):
    wizard = show(
        qtbot,
        FormWizard(
            registry.get("ehat", 1),
            {"assessment_date": TODAY.isoformat()},
            context=people_context(levels, registry, FAKE_IDS),
            start_page="outcome",
        ),
    )
    wizard.confirm = lambda title, text: True
    assert wizard.current_page_id() == "outcome"  # resumed there without checks on the way
    fill(qtbot, editor(wizard, "fam_needed"), False)
    assert wizard.block("no_fam_reason").isVisible()
    fill(qtbot, editor(wizard, "no_fam_reason"), "Universal services are enough.")
    fill(qtbot, editor(wizard, "recommended_level"), "universal")
    fill(qtbot, editor(wizard, "level_reason"), "Needs are met.")
    fill(qtbot, editor(wizard, "next_steps"), "Close with a leaflet.")
    with qtbot.assertNotEmitted(wizard.completion_requested):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.current_page_id() == "reason"
    assert wizard.block("requested_by").error == "Please choose an answer."
    assert wizard.block("assessment_date").error == ""
    banner = wizard.current_form_page().banner
    assert banner.isVisible() and "2 questions need your attention" in banner.text()
    marks = [wizard.side.page_list.item(i).text()[:1] for i in range(wizard.side.page_list.count())]
    assert marks[wizard.page_index("family")] == "!"
    # the banner counts down as the questions are answered, and goes with the last one
    top = banner.mapTo(wizard, banner.rect().topLeft())
    hopes = wizard.block("family_hopes")
    hopes_at = hopes.mapTo(wizard, hopes.rect().topLeft())
    fill(qtbot, editor(wizard, "requested_by"), "school")
    assert wizard.block("requested_by").error == ""
    assert "1 question needs your attention" in banner.text()
    assert banner.mapTo(wizard, banner.rect().topLeft()) == top
    fill(qtbot, editor(wizard, "reason_for_assessment"), "Worries about school.")
    assert banner.isHidden()
    assert hopes.mapTo(wizard, hopes.rect().topLeft()) == hopes_at  # nothing jumped up


def test_hidden_page_is_skipped_and_shown_when_its_condition_holds(qtbot, levels):
    from app.forms.loader import load_texts

    text = """
id: visit_check
version: 1
title: Visit check
kind: check
pages:
  - id: first
    title: First
    fields:
      - {id: worried, type: yes_no, label: Are you worried?, required: true}
  - id: worries
    title: Worries
    visible_if: {field: worried, equals: true}
    fields:
      - {id: worry, type: text, label: What worries you?, required: true}
  - id: last
    title: Last
    fields:
      - {id: visits, type: number, label: Visits this month, integer: true, min: 0, max: 31}
      - {id: score, type: scale, label: How safe?, low_label: not safe, high_label: very safe}
"""
    form = load_texts([("visit_check.yaml", text)]).registry.get("visit_check", 1)
    wizard = show(qtbot, FormWizard(form, {}, context=editor_context(levels, [])))
    fill(qtbot, editor(wizard, "worried"), False)
    assert "not needed" in wizard.side.page_list.item(1).text()
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "last"
    assert "Page 2 of 2" in wizard.side.progress_label.text()
    # a number out of range and a whole number rule
    fill(qtbot, editor(wizard, "visits"), "2.5")
    scale = editor(wizard, "score")
    assert isinstance(scale, ScaleEditor)
    assert "0: not safe" in scale.low_label.text() and "10: very safe" in scale.high_label.text()
    scale.setFocus()
    qtbot.keyClick(scale, Qt.Key.Key_1)
    qtbot.keyClick(scale, Qt.Key.Key_0)
    assert scale.value() == 10
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert scale.value() == 9
    assert wizard.page_problems("last") == {"visits": "Please enter a whole number."}
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    fill(qtbot, editor(wizard, "worried"), True)
    assert "not needed" not in wizard.side.page_list.item(1).text()
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "worries"


def test_gcp2_grades_show_descriptors_and_the_suggested_area_grade(qtbot, levels, registry):
    wizard = show(
        qtbot,
        FormWizard(
            registry.get("gcp2", 1),
            {},
            context=editor_context(levels, [], registry.active_descriptors()),
        ),
    )
    nutrition = editor(wizard, "nutrition")
    assert isinstance(nutrition, GradeEditor)
    descriptor = nutrition.findChild(QLabel, "descriptor_nutrition_1")
    assert descriptor is not None and "never left hungry" in descriptor.text()
    area = editor(wizard, "physical_care_grade")
    assert isinstance(area, GradeEditor)
    assert "none yet" in area.suggestion_label.text()
    for field_id, grade in (("nutrition", 2), ("housing", 4), ("clothing", 3)):
        fill(qtbot, editor(wizard, field_id), grade)
    assert "Suggested grade from the sub-areas: 3" in area.suggestion_label.text()
    assert "from 3 of 5" in area.suggestion_label.text()
    # clicking a descriptor chooses its grade
    row = nutrition.rows[5]
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert nutrition.value() == 5


def test_read_only_shows_answers_in_words_and_moves_freely(qtbot, levels, registry):
    answers = {
        "assessment_date": "2024-03-05",
        "requested_by": "gp",
        "fam_needed": True,
        "children_assessed": ["p-mia"],
    }
    wizard = show(
        qtbot,
        FormWizard(
            registry.get("ehat", 1),
            answers,
            context=people_context(levels, registry, FAKE_IDS),
            read_only=True,
        ),
    )
    block = wizard.block("assessment_date")
    assert block.editor is None
    assert block.display is not None and block.display.text() == "5 March 2024"
    assert wizard.block("requested_by").display.text() == "GP"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "&Close"
    next_page(qtbot, wizard)  # nothing is required when reading
    assert wizard.current_page_id() == "family"
    assert wizard.block("children_assessed").display.text() == "Mia Quillfield"
    assert wizard.answers() == answers


# ---------------------------------------------------------------- drafts in the store


def start(
    store: Store,
    profile: Profile,
    registry: FormRegistry,
    family_id: str,
    form_id: str = "ehat",
    version: int | None = None,
    child: str | None = None,
) -> str:
    form = registry.get(form_id, version) if version else registry.latest(form_id)
    detail = store.run(
        assessment_drafts.start_assessment, profile, NewAssessment(family_id, form, child), registry
    )
    return detail.id


def open_wizard(
    qtbot, store_runner, profile, registry, levels, assessment_id, *, delay_ms=60, kept=True,
):
    opened = store_runner.run_store(
        lambda s: (assessments.load_assessment(s, profile, assessment_id),)
    ).result(10)[0]
    family = store_runner.run_store(families.load_family, profile, opened.family_id).result(10)
    sets = store_runner.run_store(
        lambda s: assessments.descriptors_for_assessment(s, registry, opened)
    ).result(10)
    wizard = AssessmentWizard(
        store_runner,
        profile,
        registry,
        opened,
        assessments.form_for(registry, opened),
        editor_context(levels, family.members, sets),
        heading="Quillfield family",
        delay_ms=delay_ms,
        max_wait_ms=delay_ms * 3,
    )
    wizard.confirm = lambda title, text: True
    if not kept:  # deletes itself when closed, as in the application
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard
    return show(qtbot, wizard)


def test_draft_saves_itself_and_resumes_at_its_page_after_a_kill(
    qtbot, store, store_dir, passphrase, profile, registry, levels
):
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"])
    store_runner = TaskRunner()
    store_runner.store = store
    wizard = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    fill(qtbot, editor(wizard, "assessment_date"), TODAY.strftime("%d/%m/%Y"))
    fill(qtbot, editor(wizard, "requested_by"), "school")
    fill(qtbot, editor(wizard, "reason_for_assessment"), "Attendance.")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "family"
    fill(qtbot, editor(wizard, "family_notes"), "Gran lives next door")
    # saved by the pause in typing alone: nothing closed the wizard
    qtbot.waitUntil(
        lambda: (
            answers_in_store(store_runner, profile, assessment_id).get("family_notes")
            == "Gran lives next door"
        ),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: "Draft saved at" in wizard.side.save_label.text())
    # the "crash": the store closes under the wizard, which never gets to close
    wizard.autosave.stop()
    store_runner.run_on_store_thread(store.close).result(10)
    store_runner.shutdown()

    reopened = open_store(store_dir, passphrase)
    second = TaskRunner()
    second.store = reopened
    try:
        again = open_wizard(qtbot, second, profile, registry, levels, assessment_id)
        assert again.current_page_id() == "family"
        assert editor(again, "family_notes").value() == "Gran lives next door"
        assert editor(again, "requested_by").value() == "school"
        click(qtbot, again, QWizard.WizardButton.BackButton)
        assert again.current_page_id() == "reason"
        assert editor(again, "reason_for_assessment").value() == "Attendance."
        again.autosave.stop()
    finally:
        second.run_on_store_thread(reopened.close).result(10)
        second.shutdown()


def test_typing_without_a_pause_still_saves_within_a_second(
    qtbot, store, profile, registry, levels, store_runner
):
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"])
    wizard = open_wizard(
        qtbot, store_runner, profile, registry, levels, assessment_id, delay_ms=300
    )
    wizard.autosave._max_wait.setInterval(900)
    target = editor(wizard, "family_hopes")
    assert isinstance(target, LongTextEditor)
    typer = QTimer()
    typer.setInterval(40)  # faster than the pause that would trigger a save
    typer.timeout.connect(lambda: qtbot.keyClicks(target.edit, "x"))
    typer.start()
    try:
        qtbot.waitUntil(lambda: wizard.autosave.saves_sent >= 1, timeout=3000)
        assert typer.isActive()
        qtbot.waitUntil(
            lambda: "x" in (
                answers_in_store(store_runner, profile, assessment_id).get("family_hopes") or ""
            ),
            timeout=3000,
        )
    finally:
        typer.stop()
    wizard.autosave.stop()


def test_hiding_the_wizard_for_a_lock_saves_at_once(
    qtbot, store, profile, registry, levels, store_runner
):
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"])
    wizard = open_wizard(
        qtbot, store_runner, profile, registry, levels, assessment_id, delay_ms=60_000
    )
    fill(qtbot, editor(wizard, "family_hopes"), "Calmer mornings")
    assert wizard.autosave.pending
    wizard.hide()  # what locking does to open dialogs
    assert not wizard.autosave.pending
    answers = answers_in_store(store_runner, profile, assessment_id)
    assert answers["family_hopes"] == "Calmer mornings"


def test_completing_records_who_and_when_and_makes_it_read_only(
    qtbot, store, profile, registry, levels, store_runner
):
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"])
    wizard = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    walk_ehat(qtbot, wizard, ids, level="child_in_need")
    with qtbot.waitSignal(wizard.completed, timeout=10_000) as done:
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    result = done.args[0]
    assert wizard.is_completed
    assert result.assessment.completed_by == profile.name
    assert result.assessment.completed_at is not None
    assert result.recommended_level == "child_in_need"
    assert result.fam_needed is True
    qtbot.waitUntil(lambda: not wizard.isVisible())

    again = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    assert again.read_only and again.autosave is None
    assert again.block("next_steps").editor is None
    assert again.block("next_steps").display.text() == "Family Action Meeting within two weeks."
    assert "Completed by Robin Testworker" in again.current_form_page().notice.text()
    with pytest.raises(Exception, match="completed"):
        store.run(
            assessment_drafts.save_draft, profile, DraftSave(assessment_id, {"next_steps": "x"})
        )


# ---------------------------------------------------------------- older form versions


MINI_V1 = """
id: mini_check
version: 1
title: Mini check
kind: mini
pages:
  - id: only
    title: The only page
    fields:
      - {id: shared, type: text, label: Kept in both versions, required: true}
      - {id: old_question, type: yes_no, label: Asked only in version 1, required: true}
"""
MINI_V2 = """
id: mini_check
version: 2
title: Mini check
kind: mini
pages:
  - id: only
    title: The only page
    fields:
      - {id: shared, type: text, label: Kept in both versions (reworded), required: true}
      - {id: new_question, type: long_text, label: Asked from version 2, required: true}
"""


def test_an_older_version_renders_and_validates_with_its_own_version(
    qtbot, tmp_path: Path, store, profile, levels, store_runner
):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "mini_v1.yaml").write_text(MINI_V1, encoding="utf-8")
    only_v1 = load_folder(forms).registry
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, only_v1, ids["family"], "mini_check", 1)
    store.run(
        assessment_drafts.save_draft,
        profile,
        DraftSave(assessment_id, {"shared": "as made", "old_question": False}, "only"),
    )
    store.run(
        assessment_completion.complete_assessment, profile, CompleteAssessment(assessment_id),
        only_v1,
    )

    # the council edits the form: version 2 is dropped in beside version 1
    (forms / "mini_v2.yaml").write_text(MINI_V2, encoding="utf-8")
    both = load_folder(forms).registry
    assert both.latest("mini_check").version == 2
    wizard = open_wizard(qtbot, store_runner, profile, both, levels, assessment_id)
    assert wizard.definition.version == 1
    assert wizard.block("shared").caption.text() == "Kept in both versions"
    assert wizard.block("old_question").display.text() == "No"
    with pytest.raises(KeyError):
        wizard.block("new_question")
    # a new assessment uses version 2
    new_id = start(store, profile, both, ids["family"], "mini_check")
    new = open_wizard(qtbot, store_runner, profile, both, levels, new_id)
    assert new.definition.version == 2
    assert new.block("new_question").editor is not None
    new.autosave.stop()


def test_tab_moves_through_a_page_and_a_new_row_in_reading_order(qtbot, levels, registry):
    wizard = show(
        qtbot,
        FormWizard(
            registry.get("signs_of_safety", 1),
            {},
            context=editor_context(levels, []),
            start_page="statements",
        ),
    )
    pairs = editor(wizard, "danger_goals")
    assert isinstance(pairs, RepeatEditor)
    row = pairs.add_row()
    statement = row.blocks["danger_statement"].editor.edit
    goal = row.blocks["safety_goal"].editor.edit

    # Tab goes through the new row as it reads (its Remove button, the statement,
    # the goal) and on to the Add button: a new row is not sent to the end of the window
    def next_stop(widget):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        return widget

    qtbot.waitUntil(lambda: goal.isVisible())
    assert next_stop(row.remove_button) is statement
    assert next_stop(statement) is goal
    assert next_stop(goal) is pairs.add_button


def test_a_long_page_opens_with_its_first_questions_and_the_rest_follow_in_order(
    qtbot, levels, registry
):
    wizard = show(
        qtbot,
        FormWizard(
            registry.get("ehat", 1),
            {},
            context=editor_context(levels, []),
            start_page="child_development",
        ),
    )
    page = wizard.current_form_page()
    # a page built after the wizard moved to it still fills the page area
    assert page.height() >= page.parentWidget().height() - 2
    fields = [f.id for f in page.page.fields]
    qtbot.waitUntil(lambda: page.fully_built)
    edits = [editor(wizard, field_id).edit for field_id in fields]
    qtbot.waitUntil(lambda: edits[-1].isVisible())
    for before, after in pairwise(edits):  # Tab follows the page from top to bottom
        widget = before.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        assert widget is after


def test_closing_the_app_saves_what_was_typed_before_the_store_closes(
    qtbot, store, store_dir, passphrase, profile, registry, levels, store_runner
):
    from app.store.unlock_attempts import UnlockAttempts

    from ui.shell.main_window import MainWindow

    ids = quillfields(store, profile)
    window = MainWindow(store_runner, levels, store, UnlockAttempts(), idle_lock_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.open_family(ids["family"])
    view = window.family_view
    qtbot.waitUntil(lambda: view.is_loaded)
    panel = view.assessments_panel
    panel._registry = registry
    panel.choose_form = lambda forms: next(f for f in forms if f.id == "ehat")
    with qtbot.waitSignal(panel.wizard_opened, timeout=5000) as opened:
        panel.new_assessment("ehat")
    wizard = opened.args[0]
    assessment_id = wizard.detail.id
    fill(qtbot, editor(wizard, "family_hopes"), "Quieter evenings")
    assert wizard.autosave.pending  # typed a moment ago: not saved yet
    window.close()  # the window closes the store after queued work
    qtbot.waitUntil(lambda: not store.is_open, timeout=5000)
    reopened = open_store(store_dir, passphrase)
    try:
        detail = reopened.run(assessments.load_assessment, profile, assessment_id)
        assert detail.answers["family_hopes"] == "Quieter evenings"
    finally:
        reopened.close()


def test_closing_a_wizard_saves_and_a_late_result_is_harmless(
    qtbot, store, profile, registry, levels, store_runner
):
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"])
    wizard = open_wizard(
        qtbot, store_runner, profile, registry, levels, assessment_id, delay_ms=60_000, kept=False
    )
    fill(qtbot, editor(wizard, "reason_for_assessment"), "Asked for help with sleep.")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before the result
    qtbot.waitUntil(
        lambda: (
            answers_in_store(store_runner, profile, assessment_id).get("reason_for_assessment")
            == "Asked for help with sleep."
        ),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: not store_runner.is_busy)  # the result reached the closed wizard


def test_a_failed_autosave_says_so_retries_and_keeps_the_typing(
    qtbot, store, store_runner, profile, registry, levels, monkeypatch
):
    """The store refuses writes for a while (a read-only folder, a full disk): the wizard
    says so instead of "Saving…" for ever, keeps the answer, asks before closing, and
    saves it once the store takes writes again, without another keystroke."""
    from sqlalchemy.exc import OperationalError

    from ui.wizard import autosave as autosave_module

    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"])
    real_save = assessment_drafts.save_draft
    refusing = {"on": True}

    def save_draft(session, actor, request):
        if refusing["on"]:
            raise OperationalError("UPDATE", {}, Exception("attempt to write a readonly database"))
        return real_save(session, actor, request)

    monkeypatch.setattr(assessment_drafts, "save_draft", save_draft)
    monkeypatch.setattr(autosave_module, "RETRY_MS", 200)
    wizard = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    wizard.autosave._retry.setInterval(200)
    fill(qtbot, editor(wizard, "reason_for_assessment"), "Attendance has fallen.")
    qtbot.waitUntil(
        lambda: "cannot write to this computer's store" in wizard.side.save_label.text(),
        timeout=5000,
    )
    assert wizard.autosave.failing
    assert editor(wizard, "reason_for_assessment").value() == "Attendance has fallen."

    asked: list[str] = []
    wizard.confirm = lambda title, text: asked.append(title) or False
    # Cancel now would lose it: the worker is asked, and keeps it.
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert asked == ["Changes not saved"] and wizard.isVisible()

    refusing["on"] = False  # the folder is writable again
    qtbot.waitUntil(
        lambda: answers_in_store(store_runner, profile, assessment_id).get(
            "reason_for_assessment"
        ) == "Attendance has fallen.",
        timeout=5000,
    )
    qtbot.waitUntil(lambda: "Draft saved at" in wizard.side.save_label.text(), timeout=5000)
    assert not wizard.autosave.failing
