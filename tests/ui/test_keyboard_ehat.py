"""Keyboard only (issue 16), the EHAT: from a family's Assessments tab a worker who never
touches the mouse starts an Early Help Assessment (Tab, the arrow keys, the button's
Alt+letter), answers every question it needs on every page by typing, the arrow keys,
Space and Tab, moves on with Alt+N, completes it with Alt+P and says Yes with Alt+Y;
the store then holds a completed EHAT with the answers typed. Real widgets over a real
encrypted store; every name is invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app import dates
from app.casework import assessments
from app.forms.loader import FormRegistry
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import Agency, Consent, Member, add_family, in_store
from tests.ui.keyboard_checks import Keyboard as Keys
from tests.ui.keyboard_checks import mnemonic_problems

from ui.family.family_view import FamilyView
from ui.shell.task_runner import TaskRunner
from ui.wizard.form_wizard import AssessmentWizard

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
TODAY = dates.today()

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")

# What the worker types or chooses, by field: text is typed; a choice's value is reached
# with the arrow keys (and Space for buttons); "all" ticks every person offered with Space.
TYPED: dict[str, str] = {
    "assessment_date": TODAY.strftime("%d/%m/%Y"),
    "reason_for_assessment": "Attendance has dropped.",
    "child_development_summary": "Mia worries about school.",
    "parenting_summary": "Warm and tired.",
    "family_environment_summary": "A damp flat.",
    "voice_words": "A house with a garden.",
    "voice_adult_words": "Mornings are hard.",
    "analysis_strengths": "Love and humour.",
    "analysis_needs": "Routines and housing.",
    "family_view_of_analysis": "Mornings are better than we say.",
    "no_fam_reason": "The family and school can plan together.",
    "level_reason": "Needs in more than one area.",
    "next_steps": "Review in six weeks.",
}
CHOSEN: dict[str, Any] = {
    "requested_by": "school",
    "voice_how": "drawing",
    "family_agrees": "partly",
    "fam_needed": "no",
    "recommended_level": "early_help",
}
PEOPLE = ("children_assessed", "people_seen", "voice_child", "voice_adult")
ADD = ("add_children_voice", "add_parents_voice")


def field_of(widget: QWidget) -> tuple[str, str]:
    """(field id, the rest) from an editor's object name: input_X, choice_X_value,
    person_X_id, add_X; ("", "") for anything else."""
    name = widget.objectName()
    for prefix in ("input_", "add_"):
        if name.startswith(prefix):
            return name[len(prefix):], ""
    for prefix in ("choice_", "person_"):
        if name.startswith(prefix):
            rest = name[len(prefix):]
            for field_id in (*CHOSEN, *PEOPLE, "voice_seen_alone", "other_tools"):
                if rest.startswith(field_id + "_"):
                    return field_id, rest[len(field_id) + 1:]
    return "", ""


def answer_here(keys: Keys, done: set[str]) -> None:
    """Answer the field that has the focus, by keys, if it is one the worker answers."""
    widget = keys.focus
    field_id, rest = field_of(widget)
    label = f"{field_id}:{rest}" if widget.objectName().startswith("person_") else field_id
    if widget.objectName() in ADD:
        label = widget.objectName()
    if not field_id or label in done:
        return
    if label in ADD:
        done.add(label)
        keys.press(Key.Key_Space)  # the new row's first field has the focus now
        answer_here(keys, done)
        return
    if field_id in TYPED and isinstance(widget, QLineEdit | QPlainTextEdit):
        keys.type(TYPED[field_id])
    elif field_id in PEOPLE and isinstance(widget, QComboBox):
        keys.press(Key.Key_Down)  # the one person offered
    elif field_id in PEOPLE:
        keys.press(Key.Key_Space)  # ticked
    elif field_id in CHOSEN and isinstance(widget, QComboBox):
        wanted = CHOSEN[field_id]
        keys.until(lambda: widget.currentData() == wanted, Key.Key_Down, widget.count())
    elif field_id in CHOSEN and isinstance(widget, QAbstractButton):
        wanted = f"{widget.objectName()[: -len(rest)]}{CHOSEN[field_id]}"
        arrow = Key.Key_Right if field_id == "fam_needed" else Key.Key_Down  # side by side
        keys.until(lambda: keys.focus.objectName() == wanted, arrow, 8)
        keys.press(Key.Key_Space)
    else:
        return
    done.add(label)


def test_an_ehat_started_answered_and_completed_without_the_mouse(
    qtbot: QtBot,
    store: Store,
    profile: Profile,
    store_runner: TaskRunner,
    levels: LevelsOfNeed,
    registry: FormRegistry,
) -> None:
    ids = in_store(
        store, add_family, profile, "Quillfield", lead_professional="Robin Testworker",
        people=(
            Member("alex", "parent_carer", "Alex", dt.date(1990, 4, 2)),
            Member("mia", "child", "Mia", TODAY - dt.timedelta(days=365 * 7)),
        ),
        agencies=(Agency("school", "School"),),
        consent=Consent("alex", method="verbal"),
    )
    view = FamilyView(store_runner, levels, profile)
    panel = view.assessments_panel
    panel._registry = registry
    panel.wizard_delay_ms = 0
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.show_family(ids["family"])
    qtbot.waitUntil(lambda: view.is_loaded and panel.consent is not None, timeout=20_000)
    view.activateWindow()
    view.setFocus()  # what the main window gives the family it opens (see the shell)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    keys = Keys(qtbot, store_runner)

    # The Assessments tab: Tab to the tab bar, the arrow keys to the tab; Alt+A is
    # "New EH&AT…".
    keys.until(lambda: isinstance(QApplication.focusWidget(), QTabBar), Key.Key_Tab)
    tabs = view.tabs
    keys.until(lambda: tabs.currentWidget() is panel, Key.Key_Right)
    with qtbot.waitSignal(panel.wizard_opened, timeout=10_000) as opened:
        keys.press(Key.Key_A, ALT)
    wizard = opened.args[0]
    assert isinstance(wizard, AssessmentWizard)
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is wizard
                    and wizard.current_form_page().fully_built)

    # Every page: answer the field with the focus, Tab to the next, until the focus
    # reaches the wizard's buttons; then Alt+N, and the focus is on the next page.
    done: set[str] = set()
    last = len(wizard.pages) - 1
    buttons = {wizard.button(b) for b in (
        QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
        QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)}
    for _page in range(len(wizard.pages)):
        # every button has its Alt+letter, and no letter is two buttons' (Alt+C was both
        # Complete and Close on the last page)
        assert not mnemonic_problems(wizard)
        for _ in range(80):
            answer_here(keys, done)
            keys.press(Key.Key_Tab)
            if keys.focus in buttons:
                break
        if wizard.currentId() == last:
            break
        before = wizard.currentId()
        keys.press(Key.Key_N, ALT)  # the button shows itself pressed, then clicks
        # the page shows its first questions at once and the rest a moment later (40 ms,
        # faster than a person tabs through four questions)
        qtbot.waitUntil(lambda before=before: wizard.currentId() != before
                        and wizard.current_form_page().fully_built, timeout=5_000)
        arrived = QApplication.focusWidget()  # the new page's first question, not nowhere
        assert arrived is not None and arrived.window() is wizard, wizard.current_page_id()
    missing = {*TYPED, *CHOSEN, *ADD} - {d.split(":")[0] for d in done}
    assert not missing, f"not reached by keyboard: {sorted(missing)}"

    # Alt+P completes (Com&plete…; Alt+C is Close's); "Complete this assessment now?" is
    # answered Yes with Alt+Y, and the offer to record the recommended level (the family
    # has none yet) put off with Esc.
    asked: list[str] = []

    tries = [0]

    def answer_boxes() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.activateWindow()  # what a window manager does for a new dialog
            if box.windowTitle() not in asked:
                asked.append(box.windowTitle())
            tries[0] += 1
            if tries[0] > 200:  # the keys did not answer it: fail, never hang
                box.reject()
            elif box.windowTitle() == asked[0]:
                qtbot.keyClick(box, Key.Key_Y, ALT)
            else:
                qtbot.keyClick(box, Key.Key_Escape)
        if len(asked) < 2 or isinstance(QApplication.activeModalWidget(), QMessageBox):
            QTimer.singleShot(20, answer_boxes)

    QTimer.singleShot(0, answer_boxes)
    with qtbot.waitSignal(wizard.completed, timeout=20_000):
        keys.press(Key.Key_P, ALT)
    qtbot.waitUntil(lambda: len(asked) == 2 and not store_runner.is_busy, timeout=20_000)
    assert asked == ["Complete the assessment", "Change the level of need?"]

    rows = store.run(assessments.list_assessments, profile, ids["family"])
    assert [r.status for r in rows] == ["completed"]
    answers = store.run(assessments.load_assessment, profile, rows[0].id).answers
    assert answers["assessment_date"] == TODAY.isoformat()
    assert answers["requested_by"] == "school"
    assert answers["reason_for_assessment"] == TYPED["reason_for_assessment"]
    assert answers["children_assessed"] == [ids["mia"]]
    assert sorted(answers["people_seen"]) == sorted([ids["alex"], ids["mia"]])
    assert answers["children_voice"] == [
        {"voice_child": ids["mia"], "voice_how": "drawing", "voice_words": TYPED["voice_words"]}
    ]
    assert answers["parents_voice"] == [
        {"voice_adult": ids["alex"], "voice_adult_words": TYPED["voice_adult_words"]}
    ]
    assert answers["family_agrees"] == "partly"
    assert answers["family_view_of_analysis"] == TYPED["family_view_of_analysis"]
    assert answers["fam_needed"] is False
    assert answers["no_fam_reason"] == TYPED["no_fam_reason"]
    assert answers["recommended_level"] == "early_help"
    for field_id in ("child_development_summary", "parenting_summary", "analysis_strengths",
                     "analysis_needs", "level_reason", "next_steps"):
        assert answers[field_id] == TYPED[field_id], field_id
