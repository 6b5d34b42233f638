"""Every form the council uses can be started, whatever its kind: "New assessment…"
lists each by its title (never an internal id), and a council's own kind of form is
started, completed, signed off, put in the chronology and printed like the others.
Real widgets over a real encrypted store, pressed as a worker would; the council's
forms are the tests' own (tests/council_forms.py)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton, QWizard

from app.casework import assessment_completion, assessment_drafts, assessments
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.casework.chronology import build_chronology
from app.demo.form_fill import complete_answers
from app.documents.family_facts import form_registry
from app.forms.loader import FormRegistry, load_default
from app.reference.form_options import reference_options
from tests.council_forms import install_council_forms, write_form_choices
from tests.ui.assessments.test_assessments_panel import (
    TEAM_LEAD,
    close_wizard,
    family_view,
    open_wizard,
    quillfields,
)

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


@pytest.fixture
def council_registry() -> FormRegistry:
    install_council_forms()
    form_registry.cache_clear()  # printing reads the forms folder afresh
    result = load_default()
    assert result.ok, result.problems
    yield result.registry
    form_registry.cache_clear()


def choose_from_menu(qtbot: Any, button: QPushButton, text: str | None) -> list[str]:
    """Press the button, read its menu and click the entry ``text`` (or close the menu
    when None); returns the menu's entries as the worker saw them."""
    seen: list[str] = []

    def pick() -> None:
        menu = button.menu()
        if menu is None or not menu.isVisible():
            QTimer.singleShot(20, pick)
            return
        seen.extend(a.text() for a in menu.actions())
        action = next((a for a in menu.actions() if a.text() == text), None)
        if action is None:
            menu.close()
            return
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(0, pick)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    return seen



def open_preview(qtbot: Any, view: Any, document: str, entry: str) -> Any:
    """Print ▸ ``entry`` from the family's Print menu, once ``document`` can be printed:
    the preview, with its pages drawn."""
    printing = view.print_button
    qtbot.waitUntil(lambda: document in printing.available, timeout=10_000)
    opened: list[Any] = []
    printing.opened.connect(opened.append)
    choose_from_menu(qtbot, printing, entry)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    preview = opened[0]
    qtbot.waitUntil(lambda: preview.page_total > 0, timeout=30_000)
    return preview

def test_new_assessment_lists_every_form_by_title(
    qtbot, store, profile, store_runner, levels, council_registry
):
    write_form_choices(offered_examples=["ehat_short_council_b"])  # the example too
    ids = quillfields(store, profile, with_consent=True)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], council_registry)
    panel = view.assessments_panel
    entries = choose_from_menu(qtbot, panel.new_menu, None)
    assert entries == [
        "Early Help Assessment…",
        "Early Help Assessment (short form)…",
        "Family strengths review…",  # a council's own kind: its newest version only
        "Graded Care Profile 2…",
        "Riverside early help assessment…",
        "Safety mapping…",
        "Three houses…",
    ]  # no case audit for a worker; never an internal id
    assert not any("_" in entry or "version" in entry for entry in entries)
    assert panel.wizard is None

    lead = family_view(qtbot, store_runner, levels, TEAM_LEAD, ids["family"], council_registry)
    assert "Case audit…" in choose_from_menu(qtbot, lead.assessments_panel.new_menu, None)


def test_a_council_kind_is_started_completed_signed_off_charted_and_printed(
    qtbot, store, profile, store_runner, levels, council_registry
):
    ids = quillfields(store, profile, with_consent=True)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], council_registry)
    panel = view.assessments_panel
    wizard = open_wizard(
        qtbot, panel, lambda: choose_from_menu(qtbot, panel.new_menu, "Family strengths review…")
    )
    assert (wizard.definition.id, wizard.definition.version) == ("strengths_review", 2)
    assert wizard.current_form_page().title_label.text() == "What the family does well"
    date = wizard.block("assessment_date").editor
    qtbot.mouseClick(date.today_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.block("strengths_seen").editor.edit, "Alex walks Mia to school.")
    with qtbot.waitSignal(wizard.completed, timeout=10_000):
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
    if panel.wizard is not None:
        close_wizard(qtbot, panel, wizard)
    qtbot.waitUntil(lambda: [r.status for r in panel.model.rows] == ["completed"], timeout=10_000)
    row = panel.model.rows[0]
    assert (row.kind, row.title) == ("strengths_review", "Family strengths review")

    # the team lead signs it off from the list
    lead_view = family_view(qtbot, store_runner, levels, TEAM_LEAD, ids["family"], council_registry)
    lead = lead_view.assessments_panel
    qtbot.waitUntil(lambda: len(lead.model.rows) == 1)
    lead.table.selectRow(0)
    qtbot.mouseClick(lead.sign_off_button, Qt.MouseButton.LeftButton)
    dialog = lead.dialog
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lead.model.rows[0].status == "signed_off")
    detail = store.run(assessments.load_assessment, profile, row.id)
    assert [r.outcome for r in detail.reviews] == ["signed_off"]

    # the chronology has it, dated by its date question
    chronology = store.run(build_chronology, profile, ids["family"], None, None, council_registry)
    assert "Family strengths review completed" in [item.title for item in chronology.items]

    # and the Print menu offers it, as one of the family's other assessments
    printing = view.print_button
    qtbot.waitUntil(lambda: "assessments" in printing.available, timeout=10_000)
    action = printing.actions_by_name["assessments"]
    assert action.text() == "Other assessments…"
    opened: list[Any] = []
    printing.opened.connect(opened.append)
    choose_from_menu(qtbot, printing, "Other assessments…")
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    preview = opened[0]
    qtbot.waitUntil(lambda: preview.page_total > 0, timeout=30_000)
    assert preview.windowTitle() == f"Other assessments — family {ids.reference}"
    preview.close()


def completed_council_b_ehat(store, profile, registry: FormRegistry, ids) -> str:
    """An EHAT made with the example Council B form while the council still offered it."""
    form = registry.latest("ehat_short_council_b")
    draft = store.run(assessment_drafts.start_assessment, profile,
                      NewAssessment(ids["family"], form), registry)
    people = {ids["alex"]: "parent_carer", ids["mia"]: "child", ids["leo"]: "child"}
    options = reference_options()
    answers = complete_answers(form, {"whats_happening": "Mornings are hard."}, people, options,
                               random.Random(3))
    store.run(assessment_drafts.save_draft, profile, DraftSave(draft.id, answers, ""))
    store.run(assessment_completion.complete_assessment, profile,
              CompleteAssessment(draft.id, options=options), registry)
    return draft.id


def test_the_council_chooses_the_forms_offered_and_old_ones_still_open_and_print(
    qtbot, store, profile, store_runner, levels, council_registry
):
    ids = quillfields(store, profile, with_consent=True)
    made = completed_council_b_ehat(store, profile, council_registry, ids)

    # by default the example Council B EHAT is not offered: New EHAT… starts ours
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], council_registry)
    panel = view.assessments_panel
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    entries = choose_from_menu(qtbot, panel.new_menu, None)
    assert "Early Help Assessment (short form)…" not in entries
    assert "Early Help Assessment…" in entries and "Riverside early help assessment…" in entries
    ehat_button = panel.new_buttons["ehat"]
    assert ehat_button.isVisible()
    asked: list[list[str]] = []
    panel.choose_form = lambda forms: asked.append([f.id for f in forms]) or forms[0]
    wizard = open_wizard(
        qtbot, panel, lambda: qtbot.mouseClick(ehat_button, Qt.MouseButton.LeftButton)
    )
    assert asked == [["ehat", "ehat_riverside"]]  # the example is not among them
    close_wizard(qtbot, panel, wizard)

    # the council hides our EHAT and its own, and three houses: no way to start them
    write_form_choices(hidden_forms=["ehat", "ehat_riverside", "three_houses"])
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], council_registry)
    panel = view.assessments_panel
    qtbot.waitUntil(lambda: len(panel.model.rows) == 2)
    assert not panel.new_buttons["ehat"].isVisible()
    assert not panel.new_buttons["three_houses"].isVisible()
    assert panel.new_buttons["gcp2"].isVisible()
    assert choose_from_menu(qtbot, panel.new_menu, None) == [
        "Family strengths review…", "Graded Care Profile 2…", "Safety mapping…"]

    # the EHAT made with the example form still opens, and prints
    panel.select_assessment(made)
    wizard = open_wizard(
        qtbot, panel, lambda: qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    )
    assert wizard.read_only and wizard.definition.id == "ehat_short_council_b"
    close_wizard(qtbot, panel, wizard)
    preview = open_preview(qtbot, view, "ehat", "Early Help Assessment summary…")
    label = preview.data.data.assessment.form_label
    assert label == "Early Help Assessment (short form), version 1"
    preview.close()
