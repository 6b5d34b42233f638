"""What is going well, written in the Plan tab: added, changed and removed with the tab's
own buttons, kept as a draft while typed, saved as a synced record with its audit event,
and refused (read only) once the family is closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.casework import plans
from app.casework.closure import CloseRequest, OutcomeAchieved, outcomes_to_close
from app.casework.closure_writes import close_family
from app.casework.plan_data import StrengthRequest
from app.casework.plan_writes import save_strength
from app.dates import today
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, FormDraft, OutboxOp, PlanStrength
from tests.builders import CaseworkFamily

from ui.casework.strength_dialog import StrengthDialog

WAIT = 20_000
FIRST = "You read with Maisie every evening and she loves it."
MORE = " Bath time is calm now."


def plan_tab(qtbot: QtBot, view: Any) -> Any:
    view.tabs.setCurrentIndex(view.casework.tab_index["plan"])
    return view.casework.plan


def click(qtbot: QtBot, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_item(qtbot: QtBot, tree: Any, record_id: str) -> None:
    item = tree.items[record_id]
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tree.selected() is not None and tree.selected()[1].id == record_id


def open_dialog(qtbot: QtBot, plan: Any, button: Any) -> StrengthDialog:
    click(qtbot, button)
    dialog = plan.dialog
    assert isinstance(dialog, StrengthDialog)
    qtbot.waitExposed(dialog)
    dialog.text.setFocus()
    return dialog


def save(qtbot: QtBot, dialog: StrengthDialog) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        click(qtbot, dialog.save_button)


def drafts(store: Store) -> dict[str, dict[str, Any]]:
    return store.run(lambda s: {r.key: dict(r.fields) for r in s.scalars(select(FormDraft))})


def stored(store: Store, family_id: str) -> list[tuple[str, bool]]:
    return store.run(lambda s: [
        (r.text, r.deleted) for r in s.scalars(
            select(PlanStrength).where(PlanStrength.family_id == family_id))
    ])


def history(store: Store, strength_id: str) -> tuple[list[str], list[str]]:
    """(audit actions, outbox entities) for the strength."""
    def read(s: Any) -> tuple[list[str], list[str]]:
        actions = [e.action for e in s.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == strength_id)
            .order_by(AuditEvent.at))]
        ops = [o.entity for o in s.scalars(
            select(OutboxOp).where(OutboxOp.entity_id == strength_id))]
        return actions, ops
    return store.run(read)  # type: ignore[no-any-return]


def test_a_worker_writes_what_is_going_well_in_the_plan_tab(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    view = family_view(seeded.family_id)
    plan = plan_tab(qtbot, view)
    heading = plan.tree.topLevelItem(0)
    assert heading.text(0) == "What is going well"
    assert heading.child(0).text(0).startswith("Nothing written yet")

    dialog = open_dialog(qtbot, plan, plan.add_strength_button)
    click(qtbot, dialog.save_button)  # nothing typed: said beside the box, nothing saved
    assert dialog.rows["text"].error == "Write what is going well for the family."
    qtbot.keyClicks(dialog.text, FIRST)
    key = f"plan_strength:new:{seeded.family_id}"
    qtbot.waitUntil(lambda: drafts(store).get(key, {}).get("text") == FIRST, timeout=WAIT)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: plan.plan is not None and len(plan.plan.strengths) == 1,
                    timeout=WAIT)
    strength = plan.plan.strengths[0]
    assert strength.text == FIRST
    assert plan.tree.items[strength.id].text(0) == FIRST
    assert key not in drafts(store)  # saved: the draft went in the same transaction
    assert "1 thing going well" in plan.summary.text()
    assert store.run(plans.load_plan, profile, seeded.family_id).strengths == (strength,)

    # Changed: picked in the tree, then Edit.
    click_item(qtbot, plan.tree, strength.id)
    edit = open_dialog(qtbot, plan, plan.edit_button)
    assert edit.text.toPlainText() == FIRST
    edit.text.moveCursor(edit.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit.text, MORE)
    save(qtbot, edit)
    qtbot.waitUntil(lambda: plan.plan.strengths[0].text == FIRST + MORE, timeout=WAIT)
    assert stored(store, seeded.family_id) == [(FIRST + MORE, False)]

    # Removed, after asking.
    click_item(qtbot, plan.tree, strength.id)
    asked: list[str] = []
    plan.confirm = lambda _title, text: asked.append(text) or True
    click(qtbot, plan.remove_button)
    qtbot.waitUntil(lambda: plan.plan.strengths == (), timeout=WAIT)
    assert "from what is going well?" in asked[0]
    assert stored(store, seeded.family_id) == [(FIRST + MORE, True)]  # a tombstone, synced
    actions, ops = history(store, strength.id)
    assert actions == ["create", "update", "delete"]
    assert ops and set(ops) == {"plan_strength"}


def test_what_is_typed_comes_back_after_a_crash(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store
) -> None:
    view = family_view(seeded.family_id)
    plan = plan_tab(qtbot, view)
    dialog = open_dialog(qtbot, plan, plan.add_strength_button)
    qtbot.keyClicks(dialog.text, FIRST)
    key = f"plan_strength:new:{seeded.family_id}"
    qtbot.waitUntil(lambda: drafts(store).get(key, {}).get("text") == FIRST, timeout=WAIT)

    # The "crash": the dialog is gone without closing, asking or saving.
    plan.dialog = None
    shiboken6.delete(dialog)

    again = open_dialog(qtbot, plan, plan.add_strength_button)
    qtbot.waitUntil(lambda: again.text.toPlainText() == FIRST, timeout=WAIT)
    assert again.drafts is not None and "was kept and is back" in again.drafts.notice.text()
    click(qtbot, again.buttons.button(again.buttons.StandardButton.Cancel))
    qtbot.waitUntil(lambda: again.discard_question is not None, timeout=WAIT)  # asks first


def test_a_closed_familys_strengths_are_shown_and_not_changed(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    made = store.run(save_strength, profile, StrengthRequest(seeded.family_id, FIRST))
    outcomes = store.run(outcomes_to_close, profile, seeded.family_id)
    achieved = tuple(OutcomeAchieved(o.outcome_id, "yes") for o in outcomes)
    closed_on = today() - dt.timedelta(days=20)  # before two actions fell due
    store.run(close_family, profile, CloseRequest(seeded.family_id, closed_on, "needs_met",
                                                  outcomes_achieved=achieved))
    plan = plan_tab(qtbot, family_view(seeded.family_id))
    qtbot.waitUntil(lambda: plan.plan is not None and plan.read_only, timeout=WAIT)
    assert plan.tree.items[made.id].text(0) == FIRST
    click_item(qtbot, plan.tree, made.id)
    assert not plan.add_strength_button.isEnabled()
    assert not plan.edit_button.isEnabled() and not plan.remove_button.isEnabled()
    # The plan as it stood when the family closed: nothing has gone overdue since.
    assert plan.plan.as_of == closed_on and "overdue" not in plan.summary.text()
