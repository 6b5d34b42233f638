"""Levels of need: reference data a council can replace, never hard-coded.

The default file is ``resources/reference/levels_of_need.json``. A council's
own file is used instead when ``HEARTH_LEVELS_FILE`` names one, or when a
``levels_of_need.json`` sits in the application's configuration folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import resources
from app.errors import HearthError
from app.store.paths import config_folder

LEVELS_FILE_NAME = "levels_of_need.json"
DEFAULT_FILE = (
    Path(resources.__file__).resolve().parent / "reference" / "levels_of_need.json"
)


LEVELS_FILE_FORMAT = "hearth-levels-of-need"


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    short: str
    rank: int
    social_care: bool
    description: str = ""


@dataclass(frozen=True)
class LevelsOfNeed:
    name: str
    levels: tuple[Level, ...]

    def get(self, code: str) -> Level | None:
        for level in self.levels:
            if level.code == code:
                return level
        return None

    def label(self, code: str) -> str:
        level = self.get(code)
        return level.short if level else (code or "Not set")

    def direction(self, from_code: str, to_code: str) -> str:
        """initial, step_up (into social care), step_down (out of it), up, down or same."""
        before, after = self.get(from_code), self.get(to_code)
        if before is None:
            return "initial"
        if after is None:
            raise HearthError(f"Unknown level of need {to_code!r}.")
        if not before.social_care and after.social_care:
            return "step_up"
        if before.social_care and not after.social_care:
            return "step_down"
        if after.rank > before.rank:
            return "up"
        if after.rank < before.rank:
            return "down"
        return "same"


DIRECTION_LABELS = {
    "initial": "First decision",
    "step_up": "Step up",
    "step_down": "Step down",
    "up": "Up",
    "down": "Down",
    "same": "Confirmed",
}


def configured_file() -> Path:
    env = os.environ.get("HEARTH_LEVELS_FILE")
    if env:
        return Path(env)
    council = config_folder() / LEVELS_FILE_NAME
    return council if council.exists() else DEFAULT_FILE


def _level(item: dict[str, object]) -> Level:
    rank, social_care = item["rank"], item.get("social_care", False)
    if type(rank) is not int:
        raise ValueError(f"the rank of {item['code']!r} is not a whole number")
    if not isinstance(social_care, bool):
        # "false" in quotes would otherwise read as true.
        raise ValueError(f"social_care of {item['code']!r} must be true or false")
    return Level(
        code=str(item["code"]),
        label=str(item["label"]),
        short=str(item.get("short", item["label"])),
        rank=rank,
        social_care=social_care,
        description=str(item.get("description", "")),
    )


def parse_levels(text: str, source: str) -> LevelsOfNeed:
    try:
        data = json.loads(text)
        if data.get("format", LEVELS_FILE_FORMAT) != LEVELS_FILE_FORMAT:
            raise ValueError(f"its format is {data.get('format')!r}")
        levels = tuple(_level(item) for item in data["levels"])
    except KeyError as exc:
        raise HearthError(f"{source}: not a valid levels-of-need file (missing {exc}).") from None
    except (ValueError, TypeError, AttributeError, RecursionError, OverflowError) as exc:
        raise HearthError(f"{source}: not a valid levels-of-need file ({exc}).") from None
    if not levels:
        raise HearthError(f"{source}: the file lists no levels of need.")
    codes = [level.code for level in levels]
    if len(set(codes)) != len(codes):
        raise HearthError(f"{source}: a level code is listed twice.")
    if any(not code.strip() for code in codes):
        raise HearthError(f"{source}: a level has an empty code.")
    ranks = [level.rank for level in levels]
    if len(set(ranks)) != len(ranks):
        # Step up/down and up/down are read from the ranks, so two levels cannot share one.
        raise HearthError(f"{source}: two levels have the same rank.")
    by_rank = tuple(sorted(levels, key=lambda level: level.rank))
    return LevelsOfNeed(name=str(data.get("name", "")), levels=by_rank)


def load_levels(path: Path | None = None) -> LevelsOfNeed:
    path = path or configured_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HearthError(
            f"{path}: cannot read the levels-of-need file ({exc.strerror})."
        ) from None
    except UnicodeDecodeError:
        raise HearthError(f"{path}: the levels-of-need file is not UTF-8 text.") from None
    return parse_levels(text, str(path))
