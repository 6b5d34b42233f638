"""Figures by level of need after a council's levels replace Hearth's: a family counts
at the level its old code now means, before and after its renaming."""

from __future__ import annotations

import json

from app.families.level_renames import rename_replaced_levels
from app.reporting import caseload_figures as cf
from app.reporting.period import Period, Scope
from app.store.caseload_store import Profile, Store
from app.store.paths import config_folder
from tests.app.reporting.conftest import PERIOD, Seeded
from tests.builders import days
from tests.council_levels import THREE_PLAIN_LEVELS

COUNCIL = THREE_PLAIN_LEVELS


def test_old_codes_count_under_the_levels_that_replace_them(
    store: Store, actor: Profile, seeded: Seeded
) -> None:
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "levels_of_need.json").write_text(json.dumps(COUNCIL), encoding="utf-8")
    earlier = Period(days(-240), days(-60))
    for renamed in (False, True):
        if renamed:
            store.run(rename_replaced_levels, actor, cf.load_levels())
        fig = store.run(cf.open_by_level, PERIOD, Scope())
        assert fig.families("Level 3") == seeded.of("A", "E")
        assert fig.families("Level 1") == seeded.of("B", "F")
        assert fig.families("Level 4") == seeded.of("C", "D")
        assert fig.value("Total") == 7
        # Before the council's levels came, the history's codes were Hearth's own.
        fig = store.run(cf.open_by_level, earlier, Scope())
        assert fig.families("Level 3") == seeded.of("A", "B", "C", "D", "E", "G")
        assert [row.label for row in fig.rows] == ["Level 3", "Total"]
