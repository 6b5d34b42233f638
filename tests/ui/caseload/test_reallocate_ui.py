"""A team lead selects two families in the caseload and moves them to another worker;
a worker has no such button."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import Family
from tests.ui.conftest import open_on_store_thread, shown_caseload

from ui.caseload.caseload_view import CaseloadView
from ui.caseload.reallocate import ReallocateDialog
from ui.shell.task_runner import TaskRunner

WAIT = 10_000


def caseload(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    store_dir: Path, passphrase: str,
) -> CaseloadView:
    runner.store = open_on_store_thread(runner, store_dir, passphrase)
    return shown_caseload(qtbot, runner, levels, profile)


@pytest.fixture
def lead_view(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    caseload_store: dict[str, str], store_dir: Path, passphrase: str,
) -> Iterator[CaseloadView]:
    lead = dataclasses.replace(profile, role="team_lead")
    yield caseload(qtbot, runner, levels, lead, store_dir, passphrase)


def row_of(view: CaseloadView, family_id: str) -> int:
    return view.model.row_of_family(family_id)


def test_a_lead_moves_two_families_to_another_worker(
    qtbot: QtBot, lead_view: CaseloadView, caseload_store: dict[str, str], runner: TaskRunner
) -> None:
    view = lead_view
    button = view.reallocation.button if view.reallocation else None
    assert button is not None and button.isVisible() and not button.isEnabled()
    table = view.table
    first = table.visualRect(view.model.index(row_of(view, caseload_store["Ashworth"]), 0))
    second = table.visualRect(view.model.index(row_of(view, caseload_store["Chowdhury"]), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first.center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, second.center())
    assert sorted(view.selected_family_ids()) == sorted(
        [caseload_store["Ashworth"], caseload_store["Chowdhury"]])
    assert button.isEnabled()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.reallocation.dialog, ReallocateDialog), timeout=WAIT)
    dialog = view.reallocation.dialog
    assert "these 2 families" in dialog.windowTitle()
    dialog.worker.setEditText("dana.newworker")
    # Saved, and the caseload (on screen) reloads from the change notice.
    with qtbot.waitSignals([dialog.saved, view.loaded], timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    store = runner.store
    assert store is not None
    held = store.run(lambda s: {f.id: f.allocated_to for f in s.query(Family)})
    assert held[caseload_store["Ashworth"]] == held[caseload_store["Chowdhury"]] == "dana.newworker"
    assert held[caseload_store["Brennan"]] != "dana.newworker"


def test_a_worker_has_no_move_button(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    caseload_store: dict[str, str], store_dir: Path, passphrase: str,
) -> None:
    view = caseload(qtbot, runner, levels, profile, store_dir, passphrase)
    assert view.reallocation is None
    assert view.findChild(object, "reallocateButton") is None
