"""Who can own a plan action: the family's people named with who they are in plain words
(never "(family)"), and never an unborn baby. Real widgets, a real encrypted store;
synthetic names."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.casework import plan_writes
from app.casework.plan_data import ActionRequest
from app.errors import ValidationFailed
from app.families import households as families
from app.families.households import PersonData
from app.store.caseload_store import Profile, Store
from db.models import PlanAction
from tests.builders import CaseworkFamily, days

from ui.casework.plan_dialogs import ActionDialog

WAIT = 20_000


def add_baby(store: Store, profile: Profile, family_id: str) -> str:
    return store.run(
        families.save_person, profile,
        PersonData(id=None, family_id=family_id, role="unborn", given_name="",
                   family_name="Ashworth", expected_date=days(70)),
    )


def action_dialog(family_view: Any, family_id: str, action_id: str | None = None) -> Any:
    view = family_view(family_id)
    view.tabs.setCurrentIndex(view.casework.tab_index["plan"])
    plan = view.casework.plan
    if action_id is None:
        plan.tree.select(plan.plan.outcomes[0].id)
        plan.add_action()
    else:
        assert plan.tree.select(action_id)
        plan.edit_selected()
    dialog = plan.dialog
    assert isinstance(dialog, ActionDialog)
    return dialog


def test_owners_are_named_with_who_they_are_and_an_unborn_baby_is_not_offered(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    baby_id = add_baby(store, profile, seeded.family_id)
    dialog = action_dialog(family_view, seeded.family_id)
    labels = [dialog.owner.itemText(i) for i in range(dialog.owner.count())]
    assert labels[:5] == [
        "No owner yet",
        "Maisie Ashworth (child, 3 years)",
        "Noah Ashworth (child, 8 years)",
        "Jade Ashworth (Mother)",
        "Liam Carter (Mother's partner)",
    ]
    assert not [label for label in labels if "(family)" in label or "nborn" in label]
    assert dialog.owner.findData(f"person:{baby_id}") < 0
    dialog.grab().save("/tmp/unborn-plan-owners.png")


def test_the_store_refuses_an_unborn_baby_as_an_owner(
    seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    baby_id = add_baby(store, profile, seeded.family_id)
    request = ActionRequest(
        outcome_id=seeded.outcome_ids[0], text="Get the cot ready",
        owner_kind="person", owner_id=baby_id, due_on=days(20),
    )
    with pytest.raises(ValidationFailed) as refused:
        store.run(plan_writes.save_action, profile, request)
    assert refused.value.problems["owner"] == (
        "An unborn baby cannot do an action: choose who in the family or which agency will."
    )


def test_an_action_once_given_to_an_unborn_baby_asks_for_a_new_owner(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    baby_id = add_baby(store, profile, seeded.family_id)

    def give_to_baby(session: Any) -> None:
        row = session.scalars(select(PlanAction).where(PlanAction.id == seeded.action_ids[0])).one()
        row.owner_kind, row.owner_id, row.owner_name = "person", baby_id, "Unborn baby"

    store.run(give_to_baby)
    dialog = action_dialog(family_view, seeded.family_id, seeded.action_ids[0])
    assert dialog.owner.code() == ""
    assert dialog.rows["owner"].error == (
        "Unborn baby cannot own this action now: choose who will do it."
    )


def test_the_worker_is_offered_as_an_owner_by_name_and_role(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    """Issue 17: the worker read "Demo Worker (Early Help)"; now by name and role, offered
    in the list (not typed), and shown so on the plan."""
    dialog = action_dialog(family_view, seeded.family_id)
    labels = [dialog.owner.itemText(i) for i in range(dialog.owner.count())]
    mine = "Robin Testworker, family support worker (you)"
    assert mine in labels
    assert not [label for label in labels if "((" in label or "))" in label]
    dialog.owner.setFocus()
    for _ in range(labels.index(mine)):
        qtbot.keyClick(dialog.owner, Qt.Key.Key_Down)
    assert dialog.owner.currentText() == mine
    assert not dialog.owner_name.isVisibleTo(dialog)  # nothing to type
    qtbot.keyClicks(dialog.text, "Ring the school about the morning meet-and-greet.")
    qtbot.keyClicks(dialog.due_on, "01/02/2030")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    def owner(session: Any) -> str:
        return session.get(PlanAction, saved.args[0]).owner_name

    assert store.run(owner) == "Robin Testworker, family support worker"
    again = action_dialog(family_view, seeded.family_id, saved.args[0])
    assert again.owner.currentText() == mine  # chosen again when the action is edited
