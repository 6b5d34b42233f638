"""Steps under a council's own levels: a family renamed from Hearth's codes shows its
new level and its history says so; the step-down dialog pre-selects what the model
says (its step-down level, else the level just below), pressed through for real."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.casework import step_changes
from app.families.level_renames import rename_replaced_levels
from app.reference.levels_of_need import LevelsOfNeed, parse_levels
from app.store.caseload_store import Profile, Store
from tests.builders import casework_family, days
from tests.council_levels import FIVE_LEVELS

from ui.family.family_view import FamilyView
from ui.family.step_dialog import StepDownDialog
from ui.shell.task_runner import TaskRunner

WAIT = 20_000

COUNCIL = FIVE_LEVELS


def view_of(qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
            family_id: str) -> FamilyView:
    view = FamilyView(runner, levels, profile)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    view.show_family(family_id)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
    panels = view.casework.panels.values()
    qtbot.waitUntil(lambda: all(p.is_loaded and p.family_id == view.family_id for p in panels),
                    timeout=WAIT)
    return view


@pytest.mark.parametrize(("extra", "chosen"), [({}, "level_3"),
                                               ({"step_down_level": "level_2"}, "level_2")])
def test_a_renamed_family_steps_down_to_the_level_the_model_says(
    qtbot: QtBot, store: Store, profile: Profile, levels: LevelsOfNeed,
    store_runner: TaskRunner, extra: dict[str, str], chosen: str,
) -> None:
    family = casework_family(store, profile, levels, with_visit=False)  # at early_help
    council = parse_levels(json.dumps({**COUNCIL, **extra}), "council.json")
    assert store.run(rename_replaced_levels, profile, council) == 1
    store.run(step_changes.step_up, profile, council, step_changes.StepUpRequest(
        family.family_id, "level_5", days(-20), "Section 47 enquiry.", referred_on=days(-20)))

    view = view_of(qtbot, store_runner, council, profile, family.family_id)
    assert view.level_badge.text() == "Level 5"
    model = view.history.history_model
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    renamed = [row for row in rows if row[1] == "→ Renamed by the council's levels"]
    assert [row[2:4] for row in renamed] == [["Early Help", "Level 3"]]
    assert renamed[0][5] == "The council's levels of need"
    cw = view.casework
    assert cw.step_button.text() == "St&ep down…"
    qtbot.mouseClick(cw.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cw.dialog is not None, timeout=WAIT)
    dialog = cw.dialog
    assert isinstance(dialog, StepDownDialog)
    assert dialog.level.code() == chosen
    # The current level as the family's header names it (its badge reads "Level 5").
    assert dialog.current_text.text() == "Current level of need: <b>Level 5</b>"
    qtbot.keyClicks(dialog.reason, "Risk has fallen; the plan is working.")
    qtbot.keyClicks(dialog.lead, "Ari Fictional")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.level_badge.text() == council.label(chosen), timeout=WAIT)
    assert cw.step_button.text() == "St&ep up…"
