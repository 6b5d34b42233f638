"""Graded Care Profile 2 and safety mapping as a worker uses them: walking the
GCP2, safety mapping and three houses wizards; the GCP2 profile with the
change since the child's previous one; the three-column safety map with
danger statements beside their safety goals and the scaling chart; and an
administrator importing a council's licensed GCP2 descriptors, which later
GCP2s use. Real widgets over a real encrypted store; everything is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from app import dates
from app.casework import assessment_completion, assessment_drafts
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.forms.loader import SHIPPED_FORMS, FormRegistry
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import Built, Consent, Member, add_family, in_store

from ui.assessments.assessments_panel import AssessmentsPanel
from ui.assessments.descriptor_import import DescriptorImportDialog
from ui.assessments.gcp2_profile_view import Gcp2ProfileDialog
from ui.assessments.scaling_chart import participant_text
from ui.assessments.sos_map_view import SafetyMapDialog
from ui.family.family_view import FamilyView
from ui.shell.task_runner import TaskRunner
from ui.wizard.editors.grades import GradeEditor
from ui.wizard.editors.house import HouseEditor
from ui.wizard.editors.look import GRADE_COLOURS
from ui.wizard.editors.repeat import RepeatEditor
from ui.wizard.editors.text import LongTextEditor
from ui.wizard.form_wizard import AssessmentWizard

TODAY = dates.today()
SUB_AREAS = {
    "physical_care": ("nutrition", "housing", "clothing", "hygiene", "health"),
    "safety": ("safety_present", "safety_absent"),
    "love": ("love_carer", "love_mutual"),
    "esteem": ("stimulation", "approval", "disapproval", "acceptance"),
}
AREA_GRADES = {
    "physical_care": "physical_care_grade",
    "safety": "safety_grade",
    "love": "love_grade",
    "esteem": "esteem_grade",
}
ADMIN = Profile(name="Ash Adminperson", role="administrator", team="Council", username="ash.admin")

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


@pytest.fixture
def trained(profile: Profile) -> Profile:
    return Profile(
        name=profile.name,
        role=profile.role,
        team=profile.team,
        username=profile.username,
        gcp2_trained=True,
    )


def brackenridges(store: Store, profile: Profile) -> Built:
    """A carer and a child of five; consent to assess."""
    return in_store(
        store, add_family, profile, "Brackenridge",
        people=(
            Member("sam", "parent_carer", "Sam", dt.date(1989, 6, 1)),
            Member("ava", "child", "Ava", TODAY - dt.timedelta(days=365 * 5)),
        ),
        consent=Consent("sam"),
    )


def gcp2_answers(grade: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for area, subs in SUB_AREAS.items():
        for sub in subs:
            answers[sub] = grade
            answers[f"{sub}_evidence"] = f"Seen on the visit (grade {grade})."
        answers[AREA_GRADES[area]] = grade
    answers.update(
        strengths_summary="Ava is loved.",
        concerns_summary="Meals and sleep.",
        next_steps="Visit weekly.",
    )
    return answers


def complete(
    store: Store,
    profile: Profile,
    registry: FormRegistry,
    family_id: str,
    form_id: str,
    answers: dict[str, Any],
    child: str | None = None,
) -> str:
    detail = store.run(
        assessment_drafts.start_assessment,
        profile,
        NewAssessment(family_id, registry.latest(form_id), child),
        registry,
    )
    store.run(assessment_drafts.save_draft, profile, DraftSave(detail.id, answers, ""))
    store.run(
        assessment_completion.complete_assessment, profile, CompleteAssessment(detail.id), registry
    )
    return detail.id


def mapping_answers(scores: dict[tuple[str, str], int], harm: str) -> dict[str, Any]:
    return {
        "harm": harm,
        "danger": "Ava could be hurt if the heater is left on.",
        "complicating_factors": "Sam works nights.",
        "existing_safety": "Gran comes every evening.",
        "strengths": "Sam asks for help.",
        "danger_goals": [
            {
                "danger_statement": "We worry Ava is left alone at night.",
                "safety_goal": "An adult Ava knows is always at home at night.",
            },
            {
                "danger_statement": "We worry the flat is too cold.",
                "safety_goal": "The flat is warm and safe all winter.",
            },
        ],
        "safety_goals": "Every night has a named adult.",
        "next_steps": "Rota agreed by Friday.",
        "scaling": [
            {"participant_name": name, "participant_role": role, "score": score}
            for (name, role), score in scores.items()
        ],
    }


def family_view(
    qtbot: Any,
    store_runner: TaskRunner,
    levels: LevelsOfNeed,
    profile: Profile,
    family_id: str,
    registry: FormRegistry,
) -> FamilyView:
    view = FamilyView(store_runner, levels, profile)
    view.assessments_panel._registry = registry
    view.assessments_panel.wizard_delay_ms = 60
    view.assessments_panel.confirm = lambda title, text: True
    qtbot.addWidget(view)
    view.show()
    view.show_family(family_id)
    qtbot.waitUntil(lambda: view.is_loaded)
    qtbot.waitUntil(lambda: view.assessments_panel.consent is not None)
    return view


def open_wizard(qtbot: Any, panel: AssessmentsPanel, action: Any) -> AssessmentWizard:
    with qtbot.waitSignal(panel.wizard_opened, timeout=5000) as opened:
        action()
    wizard = opened.args[0]
    qtbot.waitExposed(wizard)
    wizard.confirm = lambda title, text: True
    return wizard


def next_page(qtbot: Any, wizard: QWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def finish(qtbot: Any, wizard: AssessmentWizard) -> Any:
    with qtbot.waitSignal(wizard.completed, timeout=10_000) as done:
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
    return done.args[0]


def type_into(qtbot: Any, wizard: AssessmentWizard, field_id: str, text: str) -> None:
    target = wizard.block(field_id).editor
    assert isinstance(target, (LongTextEditor, HouseEditor))  # three houses: drawn houses
    qtbot.keyClicks(target.edit, text)


# ---------------------------------------------------------------- walking the wizards


def test_walking_a_gcp2_with_suggested_area_grades(
    qtbot, store, trained, store_runner, levels, registry,
):
    ids = brackenridges(store, trained)
    view = family_view(qtbot, store_runner, levels, trained, ids["family"], registry)
    panel = view.assessments_panel
    wizard = open_wizard(
        qtbot, panel, lambda: panel.new_assessment("gcp2")
    )  # one child: no question
    assert "about Ava Brackenridge" in wizard.windowTitle()
    for index, (area, subs) in enumerate(SUB_AREAS.items()):
        assert wizard.current_page_id() == area
        for offset, sub in enumerate(subs):
            grade = wizard.block(sub).editor
            assert isinstance(grade, GradeEditor)
            grade.choose(2 + offset % 2)
            type_into(qtbot, wizard, f"{sub}_evidence", "Seen at teatime.")
        area_editor = wizard.block(AREA_GRADES[area]).editor
        assert isinstance(area_editor, GradeEditor)
        assert "Suggested grade from the sub-areas" in area_editor.suggestion_label.text()
        if area == "physical_care":  # 2, 3, 2, 3, 2: the median is 2
            assert "sub-areas: 2." in area_editor.suggestion_label.text()
        next_page(qtbot, wizard)
        assert wizard.current_page_id() == area  # the area grade is still missing
        assert wizard.block(AREA_GRADES[area]).error == "Please choose a grade from 1 to 5."
        area_editor.choose(3)
        next_page(qtbot, wizard)
        assert wizard.current_page_id() != area, index
    type_into(qtbot, wizard, "strengths_summary", "Ava is loved.")
    type_into(qtbot, wizard, "concerns_summary", "Meals.")
    type_into(qtbot, wizard, "next_steps", "Weekly visits.")
    result = finish(qtbot, wizard)
    assert result.assessment.answers["physical_care_grade"] == 3
    assert result.assessment.child_person_id == ids["ava"]
    assert result.assessment.descriptors_source["gcp2"]["id"] == "gcp2_descriptors_neutral"


def test_walking_a_safety_mapping_and_three_houses(
    qtbot, store, profile, store_runner, levels, registry,
):
    ids = brackenridges(store, profile)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    wizard = open_wizard(qtbot, panel, lambda: panel.new_assessment("signs_of_safety"))
    type_into(qtbot, wizard, "harm", "Ava was burnt by the heater.")
    type_into(qtbot, wizard, "danger", "It could happen again.")
    next_page(qtbot, wizard)
    type_into(qtbot, wizard, "existing_safety", "Gran visits.")
    type_into(qtbot, wizard, "strengths", "Sam asks for help.")
    next_page(qtbot, wizard)
    pairs = wizard.block("danger_goals").editor
    assert isinstance(pairs, RepeatEditor)
    next_page(qtbot, wizard)
    assert wizard.block("danger_goals").error == "Please add at least one row."
    for statement, goal in (
        ("Left alone at night.", "An adult at home."),
        ("The flat is cold.", "The flat is warm."),
    ):
        row = pairs.add_row()
        qtbot.keyClicks(row.blocks["danger_statement"].editor.edit, statement)
        qtbot.keyClicks(row.blocks["safety_goal"].editor.edit, goal)
    assert len(pairs.rows) == 2
    # a row removed by mistake and added again
    qtbot.mouseClick(pairs.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert len(pairs.rows) == 1
    row = pairs.add_row()
    qtbot.keyClicks(row.blocks["danger_statement"].editor.edit, "The flat is cold.")
    qtbot.keyClicks(row.blocks["safety_goal"].editor.edit, "The flat is warm.")
    next_page(qtbot, wizard)
    type_into(qtbot, wizard, "safety_goals", "A named adult every night.")
    type_into(qtbot, wizard, "next_steps", "Rota by Friday.")
    next_page(qtbot, wizard)
    scaling = wizard.block("scaling").editor
    assert isinstance(scaling, RepeatEditor)
    for name, role, score in (("Sam", "parent", 6), ("Robin", "worker", 4)):
        row = scaling.add_row()
        qtbot.keyClicks(row.blocks["participant_name"].editor.edit, name)
        row.blocks["participant_role"].editor.choose(role)
        row.blocks["score"].editor.choose(score)
    ends = scaling.rows[0].blocks["score"].editor
    assert "not safe enough to stay at home" in ends.low_label.text()
    result = finish(qtbot, wizard)
    answers = result.assessment.answers
    assert [r["danger_statement"] for r in answers["danger_goals"]] == [
        "Left alone at night.",
        "The flat is cold.",
    ]
    assert [(r["participant_name"], r["score"]) for r in answers["scaling"]] == [
        ("Sam", 6),
        ("Robin", 4),
    ]
    qtbot.waitUntil(lambda: panel.wizard is None)

    houses = open_wizard(qtbot, panel, lambda: panel.new_assessment("three_houses"))
    houses.block("date").editor.edit.setText("")
    qtbot.keyClicks(houses.block("date").editor.edit, TODAY.strftime("%d/%m/%Y"))
    houses.block("how_done").editor.choose("drawing")
    next_page(qtbot, houses)
    type_into(qtbot, houses, "house_of_worries", "When Mum is sad.")
    next_page(qtbot, houses)
    type_into(qtbot, houses, "house_of_good_things", "Gran's biscuits.")
    next_page(qtbot, houses)
    type_into(qtbot, houses, "house_of_dreams", "A dog.")
    next_page(qtbot, houses)  # the child's drawing (optional), the last page
    assert houses.current_page_id() == "drawing"
    done = finish(qtbot, houses)
    assert done.assessment.answers["house_of_dreams"] == "A dog."
    assert done.assessment.kind == "three_houses"


# ---------------------------------------------------------------- the profile


def test_gcp2_profile_is_coloured_by_grade_and_shows_change(
    qtbot, store, trained, store_runner, levels, registry
):
    ids = brackenridges(store, trained)
    first = complete(store, trained, registry, ids["family"], "gcp2", gcp2_answers(4), ids["ava"])
    later_answers = gcp2_answers(4)
    later_answers.update(nutrition=2, hygiene=5, physical_care_grade=3)
    later = complete(store, trained, registry, ids["family"], "gcp2", later_answers, ids["ava"])
    view = family_view(qtbot, store_runner, levels, trained, ids["family"], registry)
    panel = view.assessments_panel
    qtbot.waitUntil(lambda: len(panel.model.rows) == 2)

    panel.select_assessment(later)
    assert panel.profile_button.isEnabled()
    qtbot.mouseClick(panel.profile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, Gcp2ProfileDialog))
    profile_view = panel.dialog.view
    assert "Ava Brackenridge" in profile_view.title.text()
    assert "2 grades better, 1 worse" in profile_view.compare.text()
    assert len(profile_view.tiles) == 13 + 4
    nutrition = profile_view.tiles["nutrition"]
    assert nutrition.grade_label.text() == "Grade 2"
    assert nutrition.change_label.text() == "Before: 4  ▲ better"
    assert GRADE_COLOURS[1] not in profile_view.tiles["hygiene"].styleSheet()
    assert profile_view.tiles["hygiene"].change_label.text() == "Before: 4  ▼ worse"
    assert profile_view.tiles["physical_care_grade"].title_label.text() == "Physical care"
    assert profile_view.tiles["safety_grade"].change_label.text() == "Before: 4  = no change"
    panel.dialog.close()
    qtbot.waitUntil(lambda: panel.dialog is None)

    panel.select_assessment(first)
    qtbot.mouseClick(panel.profile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, Gcp2ProfileDialog))
    assert "first GCP2" in panel.dialog.view.compare.text()
    assert panel.dialog.view.tiles["nutrition"].change_label.isHidden()


# ---------------------------------------------------------------- the safety map


def test_safety_map_columns_pairs_and_scaling_over_time(
    qtbot, store, profile, store_runner, levels, registry
):
    ids = brackenridges(store, profile)
    complete(
        store,
        profile,
        registry,
        ids["family"],
        "signs_of_safety",
        mapping_answers({("Sam", "parent"): 4, ("Robin", "worker"): 3}, "First harm."),
    )
    latest = complete(
        store,
        profile,
        registry,
        ids["family"],
        "signs_of_safety",
        mapping_answers(
            {("Sam", "parent"): 7, ("Robin", "worker"): 6, ("Ava", "child"): 8}, "Later harm."
        ),
    )
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    qtbot.waitUntil(lambda: len(panel.model.rows) == 2)
    panel.select_assessment(latest)
    qtbot.mouseClick(panel.map_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, SafetyMapDialog))
    map_view = panel.dialog.view
    worried, working, needs = map_view.column_texts()
    assert "What are we worried about?" in worried and "Later harm." in worried
    assert "Sam works nights." in worried
    assert "Gran comes every evening." in working
    assert "Rota agreed by Friday." in needs
    statements = [
        w.text() for w in map_view.pairs_box.findChildren(QLabel, "pair_danger_statement")
    ]
    goals = [w.text() for w in map_view.pairs_box.findChildren(QLabel, "pair_safety_goal")]
    assert statements == ["We worry Ava is left alone at night.", "We worry the flat is too cold."]
    assert goals[0] == "An adult Ava knows is always at home at night."
    assert "Sam (parent or carer): 7 out of 10" in map_view.scores_label.text()
    assert "not safe enough to stay at home" in map_view.ends_label.text()
    series = {s.name: [p.score for p in s.points] for s in map_view.chart.series}
    assert series == {"Sam": [4, 7], "Robin": [3, 6], "Ava": [8]}
    assert map_view.chart.grab().width() > 0


def test_a_scorer_is_named_with_their_role_by_its_words_never_its_code() -> None:
    """Issue 17: a council's own role ("family") showed as "Eval-Testwood (family)"."""
    assert participant_text("Sam", "parent") == "Sam (parent or carer)"
    assert participant_text("Sam", "family", {"family": "Family member"}) == "Sam (family member)"
    assert participant_text("Sam", "family") == "Sam"


# ---------------------------------------------------------------- licensed descriptors


def licensed_file(folder: Path, *, drop: str | None = None) -> Path:
    data = yaml.safe_load((SHIPPED_FORMS / "gcp2_descriptors_neutral.yaml").read_text("utf-8"))
    data.update(
        id="council_gcp2_licensed",
        title="GCP2 descriptors (council licence)",
        licensed=True,
        source="Licence held by an invented council",
    )
    data["descriptors"] = {
        key: {grade: f"Licensed wording {key} {grade}." for grade in grades}
        for key, grades in data["descriptors"].items()
        if key != drop
    }
    path = folder / ("broken.yaml" if drop else "licensed.yaml")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_an_administrator_imports_licensed_descriptors_that_later_gcp2s_use(
    qtbot, tmp_path, store, trained, store_runner, levels, registry
):
    ids = brackenridges(store, trained)
    earlier = store.run(
        assessment_drafts.start_assessment,
        trained,
        NewAssessment(ids["family"], registry.latest("gcp2"), ids["ava"]),
        registry,
    )

    # a worker can see, not change
    worker_dialog = DescriptorImportDialog(store_runner, trained, registry)
    qtbot.addWidget(worker_dialog)
    assert not worker_dialog.import_button.isEnabled()
    assert worker_dialog.admin_note.isVisibleTo(worker_dialog)

    dialog = DescriptorImportDialog(store_runner, ADMIN, registry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.in_use is not None)
    assert dialog.in_use.id == "gcp2_descriptors_neutral"

    # a file missing a sub-area is refused, and says which
    dialog.choose_file = lambda: str(licensed_file(tmp_path, drop="hygiene"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible() and not dialog.busy)
    assert "nothing was imported" in dialog.message.text()
    assert "hygiene" in dialog.message.text()
    assert dialog.in_use.id == "gcp2_descriptors_neutral"

    dialog.choose_file = lambda: str(licensed_file(tmp_path))
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "Every GCP2 started from now on uses this wording" in dialog.message.text()
    qtbot.waitUntil(
        lambda: dialog.in_use is not None and dialog.in_use.id == "council_gcp2_licensed"
    )

    # a GCP2 started now uses the licensed wording; the earlier one keeps ours
    view = family_view(qtbot, store_runner, levels, trained, ids["family"], registry)
    panel = view.assessments_panel
    wizard = open_wizard(qtbot, panel, lambda: panel.new_assessment("gcp2"))
    label = wizard.block("nutrition").editor.findChild(QLabel, "descriptor_nutrition_1")
    assert label.text() == "Licensed wording nutrition 1."
    assert wizard.detail.descriptors_source["gcp2"]["id"] == "council_gcp2_licensed"
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.wizard is None)
    panel.select_assessment(earlier.id)
    old = open_wizard(qtbot, panel, panel.open_selected)
    old_label = old.block("nutrition").editor.findChild(QLabel, "descriptor_nutrition_1")
    assert "never left hungry" in old_label.text()


def test_a_scorer_is_picked_from_the_household_or_typed(
    qtbot, store, profile, store_runner, levels, registry,
):
    """Issue 17: scorer names were typed; the form's ``suggest: household`` offers the
    family's people and the worker, and any other name can still be typed."""
    ids = brackenridges(store, profile)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    wizard = open_wizard(qtbot, panel, lambda: panel.new_assessment("signs_of_safety"))
    scaling = wizard.block("scaling").editor
    assert isinstance(scaling, RepeatEditor)
    qtbot.mouseClick(scaling.add_button, Qt.MouseButton.LeftButton)  # "Add a person"
    editor = scaling.rows[-1].blocks["participant_name"].editor
    names = editor.names
    assert names is not None
    offered = [names.itemText(i) for i in range(names.count())]
    assert offered[-1] == "Robin Testworker (you)"
    assert [o.split(" (")[0] for o in offered] == ["Ava Brackenridge", "Sam Brackenridge",
                                                  "Robin Testworker"]
    assert editor.edit.text() == ""  # nobody chosen until the worker picks
    names.setFocus()
    qtbot.keyClick(names, Qt.Key.Key_Down)  # the first: Ava
    qtbot.keyClick(names, Qt.Key.Key_Down)  # then Sam
    qtbot.waitUntil(lambda: editor.edit.text() == "Sam Brackenridge")  # the name alone
    assert editor.value() == "Sam Brackenridge"
    qtbot.mouseClick(scaling.add_button, Qt.MouseButton.LeftButton)
    second = scaling.rows[-1].blocks["participant_name"].editor
    qtbot.keyClicks(second.edit, "Pat Example, school nurse")  # someone else, typed
    assert second.value() == "Pat Example, school nurse"


def test_a_baby_not_yet_born_is_not_offered_as_a_scorer() -> None:
    from ui.wizard.editors.context import EditorContext, PersonChoice
    from ui.wizard.editors.text import household_names

    context = EditorContext(
        people=(PersonChoice("b", "Unborn baby", "unborn", "due 01/02/2030"),
                PersonChoice("s", "Sam Lee", "parent_carer", "Mother")),
        worker="Robin Example",
    )
    assert household_names(context) == [
        ("Sam Lee (Mother)", "Sam Lee"), ("Robin Example (you)", "Robin Example"),
    ]
