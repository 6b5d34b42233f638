"""A demo family's history of levels of need: which levels, in what order, and on which
days, so that it reads true beside the casework (app/demo/casework.py).

The first level is decided when the request comes in (a family stepping down from
children's social care was at a social care level before its request, and steps down
on the day it arrives). Every later change comes at least three weeks after the one
before, after the assessment (a first change down, once a plan has had time to work),
and before the family's early help ended (its closure, or the step up that ends a
stepped-up family's history).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from app.demo.made_up import weighted
from app.demo.word_lists import LEVEL_DECISIONS
from app.reference.levels_of_need import Level, LevelsOfNeed

# Days between two changes of level, at least; from the request to the first change after
# the first decision (the assessment comes first); and to a first change down (once the
# plan has had time to work).
GAP = 21
AFTER_ASSESSMENT = 21
AFTER_PLAN = 84


@dataclass(frozen=True)
class LevelModel:
    """The council's levels grouped the way the generator needs them."""

    universal: Level
    early_help: Level
    community: tuple[Level, ...]
    social_care: tuple[Level, ...]

    @classmethod
    def of(cls, levels: LevelsOfNeed) -> LevelModel:
        community = tuple(lv for lv in levels.levels if not lv.social_care)
        social = tuple(lv for lv in levels.levels if lv.social_care)
        if not community:
            community = levels.levels[:1]
        if not social:
            social = levels.levels[-1:]
        return cls(community[0], community[-1], community, social)


def history_levels(rng: random.Random, levels: LevelsOfNeed, status: str,
                   current: Level) -> list[Level]:
    """1-4 levels ending at ``current``, each differing from the one before, and
    consistent with the status (a stepped-up family's last move is a step up)."""
    m = LevelModel.of(levels)
    count = weighted(rng, ((1, 45), (2, 30), (3, 17), (4, 8)))
    path = [current]
    if status == "stepped_up":
        if current.rank > m.social_care[0].rank and rng.random() < 0.5:
            path.insert(0, m.social_care[0])  # up within social care, after a step up
        path.insert(0, rng.choice(m.community))
    while len(path) < count:
        options = [lv for lv in levels.levels if lv.code != path[0].code]
        if rng.random() < 0.7:
            near = [lv for lv in options if abs(lv.rank - path[0].rank) == 1]
            options = near or options
        # Most families never reach social care: weight community levels up.
        weights = [1 if lv.social_care else 4 for lv in options]
        path.insert(0, rng.choices(options, weights)[0])
    return path


def days_needed(path: list[Level]) -> int:
    """The fewest days from the request to the end of early help that fit ``path``."""
    later = len(path) - (2 if path[0].social_care else 1)
    return 0 if later <= 0 else AFTER_PLAN + 14 + GAP * (later - 1)


def level_dates(rng: random.Random, path: list[Level], request: dt.date,
                end: dt.date) -> list[dt.date]:
    """The day each level of ``path`` was decided, in order, none after ``end``."""
    if path[0].social_care:  # known to social care; stepped down when the request came
        days = [request - dt.timedelta(days=rng.randint(60, 240)),
                request + dt.timedelta(days=rng.randint(0, 7))]
    else:
        days = [request + dt.timedelta(days=rng.randint(0, 10))]
    later = len(path) - len(days)
    if later <= 0:
        return days[: len(path)]
    going_down = path[len(days)].rank < path[len(days) - 1].rank
    settle = AFTER_PLAN if going_down else AFTER_ASSESSMENT
    first = max(days[-1] + dt.timedelta(days=GAP), request + dt.timedelta(days=settle))
    room = max((end - first).days - GAP * (later - 1), 0)
    offsets = sorted(rng.sample(range(room + 1), later)) if room + 1 >= later else [0] * later
    return days + [first + dt.timedelta(days=o + GAP * i) for i, o in enumerate(offsets)]


def decision(rng: random.Random, levels: LevelsOfNeed, before: str, after: Level) -> tuple[
        str, str, str]:
    """(direction, reason, who decided) for a change from ``before`` to ``after``."""
    direction = levels.direction(before, after.code)
    if direction == "initial":
        kind = "first_social" if after.social_care else "first"
    elif direction in ("up", "down") and after.social_care:
        kind = f"social_{direction}"
    elif direction == "step_down" and after.rank == LevelModel.of(levels).universal.rank:
        kind = "step_down_universal"
    else:
        kind = direction
    reasons, deciders = LEVEL_DECISIONS[kind]
    return direction, rng.choice(reasons), rng.choice(deciders)
