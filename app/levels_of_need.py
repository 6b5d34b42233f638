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

import platformdirs

from app.errors import HearthError

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "resources" / "reference" / "levels_of_need.json"


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
    council = Path(platformdirs.user_config_dir("Hearth", appauthor=False)) / "levels_of_need.json"
    return council if council.exists() else DEFAULT_FILE


def parse_levels(text: str, source: str) -> LevelsOfNeed:
    try:
        data = json.loads(text)
        levels = tuple(
            Level(
                code=str(item["code"]),
                label=str(item["label"]),
                short=str(item.get("short", item["label"])),
                rank=int(item["rank"]),
                social_care=bool(item.get("social_care", False)),
                description=str(item.get("description", "")),
            )
            for item in data["levels"]
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise HearthError(f"{source}: not a valid levels-of-need file ({exc}).") from None
    if not levels:
        raise HearthError(f"{source}: the file lists no levels of need.")
    codes = [level.code for level in levels]
    if len(set(codes)) != len(codes):
        raise HearthError(f"{source}: a level code is listed twice.")
    return LevelsOfNeed(name=str(data.get("name", "")), levels=tuple(sorted(levels, key=lambda l: l.rank)))


def load_levels(path: Path | None = None) -> LevelsOfNeed:
    path = path or configured_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HearthError(f"{path}: cannot read the levels-of-need file ({exc.strerror}).") from None
    return parse_levels(text, str(path))
