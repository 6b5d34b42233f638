"""Levels of need: reference data a council can replace, never hard-coded.

The default file is ``resources/reference/levels_of_need.json``. A council's
own file is used instead when ``HEARTH_LEVELS_FILE`` names one, or when a
``levels_of_need.json`` sits in the application's configuration folder
(:func:`levels_in_use` keeps to the last good one while it is broken).

A level may say which codes of an earlier model it replaces (``"replaces":
["early_help"]``): families recorded under the old code are moved to it
(:mod:`app.families.level_renames`), and in the meantime the old code counts as
that level when steps are compared. ``step_down_level`` may name the level a
step down goes to by default; otherwise it is the level just below the current one.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import resources
from app.errors import HearthError
from app.store.paths import config_folder

log = logging.getLogger(__name__)

LEVELS_FILE_NAME = "levels_of_need.json"
# A copy of the council's last file that could be read, used while a newer one is broken.
LAST_GOOD_FILE_NAME = "levels_of_need.last-good.json"
DEFAULT_FILE = (
    Path(resources.__file__).resolve().parent / "reference" / "levels_of_need.json"
)


LEVELS_FILE_FORMAT = "hearth-levels-of-need"
FILE_KEYS = frozenset({"format", "version", "name", "description", "levels", "step_down_level"})
LEVEL_KEYS = frozenset(
    {"code", "label", "short", "rank", "social_care", "description", "replaces"}
)
# The direction of a change written when a council's new levels rename a family's level.
RENAMED = "renamed"


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    short: str
    rank: int
    social_care: bool
    description: str = ""
    replaces: tuple[str, ...] = ()  # codes of an earlier model this level takes over


@dataclass(frozen=True)
class LevelsOfNeed:
    name: str
    levels: tuple[Level, ...]
    step_down_level: str = ""  # the file's default for a step down ("": the level below)

    def get(self, code: str) -> Level | None:
        for level in self.levels:
            if level.code == code:
                return level
        return None

    def replacing(self, code: str) -> Level | None:
        """The level that replaces ``code``, a code of an earlier model (None if none does)."""
        if not code or self.get(code) is not None:
            return None
        for level in self.levels:
            if code in level.replaces:
                return level
        return None

    def current(self, code: str) -> Level | None:
        """The level ``code`` means now: the level itself, or the one that replaces it."""
        return self.get(code) or self.replacing(code)

    def replaced_codes(self) -> dict[str, Level]:
        """Every earlier code a level replaces, with that level."""
        return {old: level for level in self.levels for old in level.replaces}

    def former_label(self, code: str) -> str:
        """What an earlier model called ``code``: Hearth's own default levels' name for
        it, else the code in words ("level_2a" is "Level 2a")."""
        level = default_levels().get(code)
        if level is not None:
            return level.short
        words = code.replace("_", " ").replace("-", " ").strip()
        return words[:1].upper() + words[1:]

    def label(self, code: str) -> str:
        level = self.get(code)
        if level is not None:
            return level.short
        if self.replacing(code) is not None:
            return self.former_label(code)  # history keeps the name used at the time
        return code or "Not set"

    def direction(self, from_code: str, to_code: str) -> str:
        """initial, step_up (into social care), step_down (out of it), up, down or same.
        An old code a level replaces counts as that level."""
        before, after = self.current(from_code), self.get(to_code)
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

    def step_down_choice(self, from_code: str) -> str:
        """The level a step down from ``from_code`` goes to unless the worker chooses
        another: the file's ``step_down_level``, else the highest level outside social
        care below the current one ("" if there is none)."""
        if self.step_down_level:
            return self.step_down_level
        current = self.current(from_code)
        below = [
            level for level in self.levels
            if not level.social_care and (current is None or level.rank < current.rank)
        ]
        return below[-1].code if below else ""


DIRECTION_LABELS = {
    "initial": "First decision",
    "step_up": "Step up",
    "step_down": "Step down",
    "up": "Up",
    "down": "Down",
    "same": "Confirmed",
    RENAMED: "Renamed by the council's levels",
}


def configured_file() -> Path:
    env = os.environ.get("HEARTH_LEVELS_FILE")
    if env:
        return Path(env)
    council = config_folder() / LEVELS_FILE_NAME
    return council if council.exists() else DEFAULT_FILE


def _replaces(item: Mapping[str, Any], code: str) -> tuple[str, ...]:
    replaces = item.get("replaces", [])
    if not isinstance(replaces, list) or not all(
        isinstance(old, str) and old.strip() for old in replaces
    ):
        raise ValueError(f"replaces of {code!r} must be a list of level codes")
    return tuple(old.strip() for old in replaces)


def _level(item: Any) -> Level:
    if not isinstance(item, dict):
        raise ValueError("each level must be an object with a code, a label and a rank")
    code = item["code"]
    if not isinstance(code, str):
        raise ValueError("a level's code must be text")
    unknown = sorted(set(item) - LEVEL_KEYS)
    if unknown:
        raise ValueError(f"the level {code!r} has an unknown key {unknown[0]!r}")
    rank, social_care = item["rank"], item.get("social_care", False)
    if type(rank) is not int:
        raise ValueError(f"the rank of {code!r} is not a whole number")
    if not isinstance(social_care, bool):
        # "false" in quotes would otherwise read as true.
        raise ValueError(f"social_care of {code!r} must be true or false")
    return Level(
        code=code,
        label=str(item["label"]),
        short=str(item.get("short", item["label"])),
        rank=rank,
        social_care=social_care,
        description=str(item.get("description", "")),
        replaces=_replaces(item, code),
    )


def _read(text: str) -> tuple[dict[str, Any], tuple[Level, ...]]:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("it is not an object with a list of levels")
    if data.get("format", LEVELS_FILE_FORMAT) != LEVELS_FILE_FORMAT:
        raise ValueError(f"its format is {data.get('format')!r}")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    if not isinstance(data["levels"], list):
        raise ValueError("levels must be a list")
    return data, tuple(_level(item) for item in data["levels"])


def parse_levels(text: str, source: str) -> LevelsOfNeed:
    try:
        data, levels = _read(text)
    except KeyError as exc:
        raise HearthError(f"{source}: not a valid levels-of-need file (missing {exc}).") from None
    except (ValueError, TypeError, AttributeError, RecursionError, OverflowError) as exc:
        raise HearthError(f"{source}: not a valid levels-of-need file ({exc}).") from None
    problem = _model_problem(levels, data.get("step_down_level", ""))
    if problem:
        raise HearthError(f"{source}: {problem}.")
    by_rank = tuple(sorted(levels, key=lambda level: level.rank))
    return LevelsOfNeed(
        name=str(data.get("name", "")), levels=by_rank,
        step_down_level=str(data.get("step_down_level", "")),
    )


def _model_problem(levels: tuple[Level, ...], step_down_level: Any) -> str:
    """What is wrong with the levels as a whole ("" if nothing)."""
    if not levels:
        return "the file lists no levels of need"
    codes = [level.code for level in levels]
    if len(set(codes)) != len(codes):
        return "a level code is listed twice"
    if any(not code.strip() for code in codes):
        return "a level has an empty code"
    ranks = [level.rank for level in levels]
    if len(set(ranks)) != len(ranks):
        # Step up/down and up/down are read from the ranks, so two levels cannot share one.
        return "two levels have the same rank"
    return _replaces_problem(levels) or _step_down_problem(levels, step_down_level)


def _replaces_problem(levels: tuple[Level, ...]) -> str:
    replaced_by: dict[str, str] = {}
    codes = {level.code for level in levels}
    for level in levels:
        for old in level.replaces:
            if old in codes:
                return f"{level.code!r} replaces {old!r}, which is still one of the levels"
            if old in replaced_by:
                return (f"{old!r} is replaced twice (by {replaced_by[old]!r} and "
                        f"{level.code!r}); an old code can be replaced by one level only")
            replaced_by[old] = level.code
    return ""


def _step_down_problem(levels: tuple[Level, ...], step_down_level: Any) -> str:
    if step_down_level == "":
        return ""
    chosen = next((level for level in levels if level.code == step_down_level), None)
    if chosen is None or chosen.social_care:
        return (f"step_down_level {step_down_level!r} must be the code of a level "
                "outside children's social care")
    return ""


def read_levels(path: Path) -> LevelsOfNeed:
    """The levels in ``path``; a HearthError naming the file and the problem otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HearthError(
            f"{path}: cannot read the levels-of-need file ({exc.strerror})."
        ) from None
    except UnicodeDecodeError:
        raise HearthError(f"{path}: the levels-of-need file is not UTF-8 text.") from None
    return parse_levels(text, str(path))


_DEFAULT: list[LevelsOfNeed] = []
_TOLD: set[str] = set()  # problems already in the log


def default_levels() -> LevelsOfNeed:
    """Hearth's own levels (the shipped file), read once."""
    if not _DEFAULT:
        _DEFAULT.append(read_levels(DEFAULT_FILE))
    return _DEFAULT[0]


@dataclass(frozen=True)
class LevelsInUse:
    """The levels Hearth uses, and why not the configured file's ("" when they are)."""

    levels: LevelsOfNeed
    problem: str = ""


def levels_in_use() -> LevelsInUse:
    """The configured levels; if that file is broken, the last good copy of a council's
    levels (else Hearth's own) with the problem said, never an error. A council's good
    file is copied as the last good one (:data:`LAST_GOOD_FILE_NAME`, in the configuration
    folder)."""
    path = configured_file()
    last_good = config_folder() / LAST_GOOD_FILE_NAME
    try:
        levels = read_levels(path)
    except HearthError as exc:
        try:
            fallback, which = read_levels(last_good), "the last good levels of need"
        except HearthError:
            fallback, which = default_levels(), "Hearth's own levels of need"
        problem = f"{exc.message} Until it is put right, Hearth uses {which}."
        if problem not in _TOLD:  # the app and the CLI say it all; the log, no path
            _TOLD.add(problem)
            log.info("the council's levels-of-need file could not be used; using %s", which)
        return LevelsInUse(fallback, problem)
    if path != DEFAULT_FILE:
        _keep_last_good(path, last_good)
    return LevelsInUse(levels)


def _keep_last_good(path: Path, last_good: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
        parse_levels(text, path.name)  # as it is now, not as it was a moment ago
        if not last_good.exists() or last_good.read_text(encoding="utf-8") != text:
            last_good.parent.mkdir(parents=True, exist_ok=True)
            temporary = last_good.with_name(f".{last_good.name}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, last_good)
    except (OSError, UnicodeDecodeError, HearthError) as exc:  # e.g. a read-only folder
        log.info("could not keep a copy of the levels of need (%s)", type(exc).__name__)


def load_levels(path: Path | None = None) -> LevelsOfNeed:
    """The levels in ``path`` (an error if it cannot be used); without one, the levels in
    use (:func:`levels_in_use`), which never fails."""
    return read_levels(path) if path is not None else levels_in_use().levels
