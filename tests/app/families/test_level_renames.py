"""A council's new levels say which old codes they replace; the store moves its
families onto them once, in the level history and through the outbox."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import dates
from app.casework import step_changes
from app.casework.chronology import build_chronology
from app.casework.chronology_data import ChronologyFilter
from app.demo.seed import seed
from app.families.households import LevelDecision, change_level, load_family
from app.families.level_renames import RENAMED_BY, rename_id, rename_replaced_levels
from app.reference.levels_of_need import (
    LEVELS_FILE_NAME,
    RENAMED,
    LevelsOfNeed,
    levels_in_use,
    parse_levels,
)
from app.store.caseload_store import Profile, Store
from app.store.paths import config_folder
from db.models import Family, LevelChange, OutboxOp
from tests.council_levels import FIVE_LEVELS

COUNCIL = FIVE_LEVELS
NEW_CODE = {"universal": "level_1", "early_help": "level_3", "child_in_need": "level_4",
            "child_protection": "level_5"}
FORMER = {"universal": "Universal", "early_help": "Early Help",
          "child_in_need": "Child in Need", "child_protection": "Child Protection"}


def council_levels() -> LevelsOfNeed:
    """The council's file installed where Hearth looks, and read as the levels in use."""
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LEVELS_FILE_NAME).write_text(json.dumps(COUNCIL), encoding="utf-8")
    in_use = levels_in_use()
    assert in_use.problem == ""
    assert in_use.levels.name == "Testshire continuum"
    return in_use.levels


def codes(session: Session) -> dict[str, str]:
    return {f.id: f.level_code for f in session.scalars(select(Family))}


def ops(session: Session) -> list[OutboxOp]:
    return list(session.scalars(select(OutboxOp).order_by(OutboxOp.seq)))


def test_a_demo_store_is_moved_onto_the_council_levels_once(store: Store, profile: Profile) -> None:
    seed(store, 20, seed=7)  # under Hearth's own levels
    before = store.run(codes)
    assert set(before.values()) <= set(NEW_CODE) | {""}
    statuses = store.run(lambda s: {f.id: f.status for f in s.scalars(select(Family))})
    ops_before = len(store.run(ops))
    levels = council_levels()

    moved = store.run(rename_replaced_levels, profile, levels)

    assert moved == sum(1 for code in before.values() if code) > 0
    after = store.run(codes)
    assert after == {fid: NEW_CODE.get(code, "") for fid, code in before.items()}
    # A new name is no step up or down: every family keeps its status.
    assert store.run(lambda s: {f.id: f.status for f in s.scalars(select(Family))}) == statuses

    def check(session: Session) -> None:
        renames = list(session.scalars(
            select(LevelChange).where(LevelChange.direction == RENAMED)))
        assert Counter(c.from_level for c in renames) == Counter(c for c in before.values() if c)
        new_ops = ops(session)[ops_before:]
        for change in renames:
            old = change.from_level
            assert change.id == rename_id(change.family_id, old, NEW_CODE[old])
            assert change.to_level == NEW_CODE[old] == after[change.family_id]
            assert change.reason == (
                "Level of need renamed by the council's new levels: "
                f"{FORMER[old]} → {levels.label(NEW_CODE[old])}"
            )
            assert change.decided_by == RENAMED_BY
            assert change.decided_on == dates.today()
            # Synced like any other change: the new record, and the family's new code.
            created = [o for o in new_ops if o.entity_id == change.id]
            assert len(created) == 1 and created[0].entity == "level_change"
            assert created[0].fields["direction"] == RENAMED
            assert created[0].base_version is None
            family_ops = [o for o in new_ops if o.entity == "family"
                          and o.entity_id == change.family_id]
            assert [o.fields for o in family_ops] == [{"level_code": NEW_CODE[old]}]

    store.run(check)
    # The history says it in words, with the old name kept.
    some = next(fid for fid, code in before.items() if code == "early_help")
    history = store.run(load_family, profile, some).level_history
    renamed = [c for c in history if c.direction == RENAMED]
    assert len(renamed) == 1
    assert levels.label(renamed[0].from_level) == "Early Help"
    assert levels.label(renamed[0].to_level) == "Level 3"

    # Done once: a second run changes nothing and writes nothing.
    ops_now = len(store.run(ops))
    assert store.run(rename_replaced_levels, profile, levels) == 0
    assert len(store.run(ops)) == ops_now
    assert store.run(codes) == after


def test_hearth_own_levels_rename_nothing(store: Store, profile: Profile, levels: Any) -> None:
    seed(store, 5, seed=3)
    before = store.run(codes), len(store.run(ops))
    assert store.run(rename_replaced_levels, profile, levels) == 0
    assert (store.run(codes), len(store.run(ops))) == before


def test_moving_from_a_renamed_level_into_social_care_is_a_step_up(
    store: Store, profile: Profile, levels: Any
) -> None:
    seed(store, 12, seed=11)
    early = store.run(lambda s: [f.id for f in s.scalars(
        select(Family).where(Family.level_code == "early_help"))])
    assert len(early) >= 2
    council = council_levels()
    # Not renamed yet: the old code already counts as the level replacing it.
    assert council.direction("early_help", "level_4") == "step_up"
    assert council.direction("early_help", "level_2") == "down"
    assert council.direction("early_help", "level_3") == "same"
    made = store.run(change_level, profile, council, LevelDecision(
        early[0], "level_4", dates.today(), "Section 17 assessment agreed.", "Sam Lead"))
    assert made.direction == "step_up"
    # Renamed first, then stepped up through the step-up service.
    store.run(rename_replaced_levels, profile, council)
    step = store.run(step_changes.step_up, profile, council, step_changes.StepUpRequest(
        early[1], "level_4", dates.today(), "Risk has risen."))
    assert step.from_level == "level_3" and step.to_level == "level_4"
    history = store.run(load_family, profile, early[1]).level_history
    assert [c.direction for c in history][:2] == ["step_up", RENAMED]
    statuses = store.run(lambda s: {f.id: f.status for f in s.scalars(select(Family))})
    assert statuses[early[0]] == statuses[early[1]] == "stepped_up"


def test_step_down_choice_follows_the_model(tmp_path: Path) -> None:
    council = parse_levels(json.dumps(COUNCIL), "council.json")
    assert council.step_down_choice("level_5") == "level_3"  # the highest below, outside care
    assert council.step_down_choice("child_protection") == "level_3"  # an old code counts
    assert council.step_down_choice("") == "level_3"
    assert council.step_down_choice("level_2") == "level_1"
    chosen = parse_levels(json.dumps({**COUNCIL, "step_down_level": "level_2"}), "council.json")
    assert chosen.step_down_choice("level_5") == "level_2"


def test_the_chronology_says_renamed_and_marks_it_not_significant(
    store: Store, profile: Profile
) -> None:
    seed(store, 6, seed=21)
    family_id = store.run(lambda s: next(f.id for f in s.scalars(
        select(Family).where(Family.level_code == "early_help"))))
    levels = council_levels()
    store.run(rename_replaced_levels, profile, levels)
    items = store.run(build_chronology, profile, family_id, None, levels).items
    renamed = [i for i in items if i.title.startswith("Level of need renamed")]
    assert [i.title for i in renamed] == ["Level of need renamed from Early Help to Level 3"]
    assert renamed[0].source == RENAMED_BY and not renamed[0].significant
    significant = store.run(build_chronology, profile, family_id,
                            ChronologyFilter(significant_only=True), levels).items
    assert renamed[0] not in significant
