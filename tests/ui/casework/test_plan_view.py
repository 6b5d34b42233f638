"""The Plan tab: needs -> outcomes -> actions, warnings, editing, and history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.casework import meetings, plan_writes, plans
from app.casework.meetings import MeetingRequest, PlanReviewRequest
from app.casework.plan_data import ActionProgress
from app.store.caseload_store import Profile, Store
from tests.builders import (
    TODAY,
    CaseworkFamily,
    add_assessment,
    casework_family,
    days,
    in_store,
)

from ui.casework.plan_dialogs import ActionDialog, NeedDialog, OutcomeDialog
from ui.casework.plan_history import PlanHistoryDialog
from ui.widgets.theme import text_colour

WAIT = 20_000  # ms for a view to load


def plan_tab(view: Any) -> Any:
    plan = view.casework.plan
    view.tabs.setCurrentIndex(view.casework.tab_index["plan"])
    return plan


def save(qtbot: QtBot, dialog: Any) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_plan_shows_needs_outcomes_and_actions_with_overdue_and_missing_marked(
    family_view: Any, seeded: CaseworkFamily
) -> None:
    plan = plan_tab(family_view(seeded.family_id))
    tree = plan.tree
    assert tree.topLevelItemCount() == 4
    going_well = tree.topLevelItem(0)  # first, inviting the worker to write it
    assert going_well.text(0) == "What is going well"
    assert going_well.child(0).text(0).startswith("Nothing written yet")
    need = tree.topLevelItem(1)
    assert need.text(0) == "Need: Maisie's speech is behind for her age. — Health"
    outcome = need.child(0)
    assert "We want Maisie to be able to say what she needs at nursery." in outcome.text(0)
    first = outcome.child(0)
    assert first.text(0).startswith("Book a speech and language assessment")
    assert first.text(1) == "Jo Example (Health visiting)"
    assert "5 days overdue" in first.text(2)
    assert first.foreground(2).color().name() == text_colour("overdue")
    housing = tree.topLevelItem(2).child(0)
    assert housing.child(0).text(1) == "⚠ No owner yet"
    assert housing.child(1).text(2) == "⚠ No date yet"
    text = plan.warnings.text()
    assert plan.warnings.isVisibleTo(plan)
    assert "1 action has no owner" in text and "1 action has no due date" in text
    assert "Every action" not in text  # three domains: no single-domain warning
    assert "5 actions (1 achieved, 2 overdue)" in plan.summary.text()


def test_all_actions_in_one_domain_is_warned_about_until_another_domain_is_added(
    qtbot: QtBot, store: Store, profile: Profile, levels: Any, family_view: Any
) -> None:
    one = casework_family(store, profile, levels, single_domain=True, with_visit=False)
    ehat = in_store(store, add_assessment, profile, one.family_id, completed_on=days(-9))
    view = family_view(one.family_id)
    plan = plan_tab(view)
    assert "Every action in this plan is about health" in plan.warnings.text()

    # A second need, in another area, with an action: the warning goes.
    plan.tree.clearSelection()
    plan.add_need()
    dialog = plan.dialog
    assert isinstance(dialog, NeedDialog)
    qtbot.keyClicks(dialog.text, "Noah is missing school on Mondays.")
    dialog.domain.set_code("education")
    dialog.assessment.set_code(ehat)
    save(qtbot, dialog)
    qtbot.waitUntil(
        lambda: plan.dialog is None and plan.plan is not None and len(plan.plan.needs) == 2,
        timeout=WAIT,
    )
    need_id = plan.plan.needs[1].id
    # The assessment that found it is said in its tooltip, never as who does it (issue 17).
    need_item = plan.tree.items[need_id]
    assert need_item.text(1) == "" and need_item.isFirstColumnSpanned()
    assert "Found by: Early Help Assessment" in need_item.toolTip(0)
    plan.tree.select(need_id)
    plan.add_outcome()
    outcome_dialog = plan.dialog
    assert isinstance(outcome_dialog, OutcomeDialog)
    assert outcome_dialog.need.code() == need_id  # the selected need is chosen
    qtbot.keyClicks(outcome_dialog.text, "Noah goes to school every day.")
    save(qtbot, outcome_dialog)
    qtbot.waitUntil(lambda: plan.dialog is None and len(plan.plan.outcomes) == 2, timeout=WAIT)
    plan.tree.select(plan.plan.outcomes[1].id)
    plan.add_action()
    action_dialog = plan.dialog
    assert isinstance(action_dialog, ActionDialog)
    qtbot.keyClicks(action_dialog.text, "Meet the school about a morning club place")
    action_dialog.owner.set_code(f"agency:{one.school_id}")
    action_dialog.due_on.setText("01/02/2030")
    save(qtbot, action_dialog)
    qtbot.waitUntil(lambda: len(plan.plan.actions) == 2, timeout=WAIT)
    qtbot.waitUntil(
        lambda: "Every action" not in plan.warnings.text() or not plan.warnings.isVisibleTo(plan),
        timeout=WAIT,
    )
    added = next(a for a in plan.plan.actions if a.text.startswith("Meet the school"))
    assert added.domain == "education"  # taken from its need
    assert added.owner_name == "Lee Sample (School)"


def test_an_action_needs_words_and_a_real_date_before_it_is_saved(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    plan = plan_tab(family_view(seeded.family_id))
    plan.tree.select(seeded.outcome_ids[0])
    plan.add_action()
    dialog = plan.dialog
    dialog.due_on.setText("31/02/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["text"].error == "Say what will be done."
    assert dialog.rows["due_on"].error == "There is no 31 February 2026."  # not "the format"
    assert dialog.isVisible()
    # Another agency typed by name: the name is needed.
    qtbot.keyClicks(dialog.text, "Give the family a food bank voucher")
    dialog.due_on.setText("")
    dialog.owner.set_code("other")
    assert not dialog.rows["owner_name"].isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["owner_name"].error == "Name the agency or person who will do it."
    qtbot.keyClicks(dialog.owner_name, "Citizens Advice (Pat Example)")
    save(qtbot, dialog)
    made = store.run(plans.load_plan, profile, seeded.family_id)
    action = next(a for a in made.actions if a.text == "Give the family a food bank voucher")
    assert action.owner_kind == "agency" and action.owner_name == "Citizens Advice (Pat Example)"
    assert action.due_on is None


def test_editing_an_action_changes_its_status_and_note(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    plan = plan_tab(family_view(seeded.family_id))
    assert plan.tree.select(seeded.action_ids[0])
    plan.edit_selected()
    dialog = plan.dialog
    assert isinstance(dialog, ActionDialog)
    assert dialog.text.toPlainText() == "Book a speech and language assessment"
    assert dialog.owner.code() == f"agency:{seeded.health_id}"
    dialog.status.set_code("achieved")
    dialog.progress.setPlainText("Assessed on Tuesday; therapy starts next month.")
    save(qtbot, dialog)
    qtbot.waitUntil(
        lambda: plan.tree.items[seeded.action_ids[0]].text(3) == "Achieved", timeout=WAIT
    )
    stored = store.run(plans.load_plan, profile, seeded.family_id)
    action = next(a for a in stored.actions if a.id == seeded.action_ids[0])
    assert action.progress_note == "Assessed on Tuesday; therapy starts next month."
    # Achieved is no longer overdue.
    assert "overdue" not in plan.tree.items[seeded.action_ids[0]].text(2)


def test_removing_an_action_asks_first(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    plan = plan_tab(family_view(seeded.family_id))
    asked: list[str] = []
    plan.confirm = lambda title, text: asked.append(text) or False  # type: ignore[func-returns-value]
    plan.tree.select(seeded.action_ids[4])
    plan.remove_selected()
    assert asked and "Meet the school about a morning club place" in asked[0]
    assert len(store.run(plans.load_plan, profile, seeded.family_id).actions) == 5
    plan.confirm = lambda title, text: True
    plan.remove_selected()
    qtbot.waitUntil(lambda: seeded.action_ids[4] not in plan.tree.items, timeout=WAIT)
    assert len(store.run(plans.load_plan, profile, seeded.family_id).actions) == 4


def test_plan_history_shows_what_the_plan_said_at_a_review(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    store.run(
        meetings.record_review,
        profile,
        PlanReviewRequest(
            MeetingRequest(seeded.family_id, "review", days(-1), chair="Sam Placeholder"),
            (ActionProgress(seeded.action_ids[0], "achieved", "Assessment done."),),
        ),
    )
    # After the review the action changes again; the history keeps what it said then.
    store.run(
        plan_writes.update_progress,
        profile,
        ActionProgress(seeded.action_ids[0], "not_achieved", "Therapy fell through."),
    )
    view = family_view(seeded.family_id)
    plan = plan_tab(view)
    assert plan.history_button.isEnabled()
    assert plan.history_button.text() == "Plan histo&ry (1)…"
    plan.show_history()
    dialog = plan.dialog
    assert isinstance(dialog, PlanHistoryDialog)
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=WAIT)
    assert dialog.heading.text().startswith(f"The plan at the review of {days(-1):%d/%m/%Y}")
    item = dialog.tree.items[seeded.action_ids[0]]
    assert item.text(3) == "Achieved" and item.text(4) == "Assessment done."
    assert plan.tree.items[seeded.action_ids[0]].text(3) == "Not achieved"
    assert TODAY  # the live plan is today's


def test_an_empty_plan_says_how_to_start(
    store: Store, profile: Profile, levels: Any, family_view: Any
) -> None:
    bare = casework_family(
        store, profile, levels, with_plan=False, with_meeting=False, with_visit=False
    )
    plan = plan_tab(family_view(bare.family_id))
    assert plan.empty.isVisibleTo(plan)
    assert "Add need" in plan.empty.text()
    assert plan.add_need_button.isEnabled()
    assert not plan.add_outcome_button.isEnabled() and not plan.add_action_button.isEnabled()
    assert not plan.history_button.isEnabled()


def test_plan_history_shows_who_and_by_when_whole(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    """Issue 17: "30/10/2026, 21 days …" and long owners were cut off: each row is as high
    as its longest cell, wrapped to its column."""
    store.run(
        meetings.record_review,
        profile,
        PlanReviewRequest(
            MeetingRequest(seeded.family_id, "review", days(-1), chair="Sam Placeholder"),
            (ActionProgress(seeded.action_ids[0], "achieved", "Assessment done."),),
        ),
    )
    plan = plan_tab(family_view(seeded.family_id))
    qtbot.waitUntil(plan.history_button.isEnabled, timeout=WAIT)
    qtbot.mouseClick(plan.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(plan.dialog, PlanHistoryDialog), timeout=WAIT)
    dialog = plan.dialog
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=WAIT)
    tree = dialog.tree
    tree.header().resizeSection(2, 120)  # a narrow "By when", as at a laptop's width
    qtbot.wait(20)
    overdue = [i for i in tree.items.values() if "overdue" in i.text(2)]
    assert overdue  # the seeded plan has an action past its date
    for item in tree.items.values():
        for column in (1, 2):
            cell = tree.visualItemRect(item)
            cell.setLeft(tree.header().sectionViewportPosition(column))
            cell.setWidth(tree.header().sectionSize(column))
            needed = tree.fontMetrics().boundingRect(
                cell.adjusted(6, 0, -6, 0), int(Qt.TextFlag.TextWordWrap), item.text(column))
            assert needed.height() <= cell.height(), item.text(column)
