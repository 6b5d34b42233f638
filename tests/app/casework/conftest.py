"""Fixtures for the casework services' tests: a real encrypted store holding one
synthetic household (tests/builders.py ``make_household``)."""

from __future__ import annotations

import pytest

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import Household, make_household


@pytest.fixture
def household(store: Store, actor: Profile, levels: LevelsOfNeed) -> Household:
    return make_household(store, actor, levels)
