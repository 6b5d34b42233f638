"""Fixtures for the casework screens' tests: a real encrypted store holding a
synthetic family (tests/builders.py ``casework_family``), a task runner over it,
and a family view with its casework tabs loaded.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import CaseworkFamily, casework_family

from ui.family.family_view import FamilyView
from ui.shell.task_runner import TaskRunner

WAIT = 20_000  # ms for a view to load


@pytest.fixture
def seeded(store: Store, profile: Profile, levels: LevelsOfNeed) -> CaseworkFamily:
    return casework_family(store, profile, levels)


ViewFactory = Callable[[str], FamilyView]


@pytest.fixture
def family_view(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> ViewFactory:
    """A family view showing a family, once the view and every casework tab show it."""

    def make(family_id: str) -> FamilyView:
        view = FamilyView(store_runner, levels, profile)
        qtbot.addWidget(view)
        view.resize(1280, 760)
        view.show()
        view.show_family(family_id)
        qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
        panels = view.casework.panels.values()
        qtbot.waitUntil(
            lambda: all(p.is_loaded and p.family_id == view.family_id for p in panels),
            timeout=WAIT,
        )
        return view

    return make
