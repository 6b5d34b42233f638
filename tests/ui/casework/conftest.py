"""Fixtures for the casework screens' tests: a real encrypted store holding a
synthetic family (see casework_seed.py), a task runner over it, and a family view.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from casework_seed import Seeded, seed_family, wait_loaded
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store

from ui.family.family_view import FamilyView
from ui.shell.task_runner import TaskRunner


@pytest.fixture
def seeded(store: Store, profile: Profile, levels: LevelsOfNeed) -> Seeded:
    return seed_family(store, profile, levels)


ViewFactory = Callable[[str], FamilyView]


@pytest.fixture
def family_view(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> Callable[[str], FamilyView]:
    """A family view showing a family, with its casework tabs loaded."""

    def make(family_id: str) -> FamilyView:
        view = FamilyView(store_runner, levels, profile)
        qtbot.addWidget(view)
        view.resize(1280, 760)
        view.show()
        view.show_family(family_id)
        wait_loaded(qtbot, view)
        return view

    return make
