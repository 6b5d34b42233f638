"""Levels of need are reference data from a replaceable file, checked when loaded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.errors import HearthError
from app.reference.levels_of_need import (
    DEFAULT_FILE,
    DIRECTION_LABELS,
    configured_file,
    load_levels,
    parse_levels,
)

FOUR = ["universal", "early_help", "child_in_need", "child_protection"]


def levels_json(levels: list[dict[str, Any]], **extra: Any) -> str:
    return json.dumps(
        {"format": "hearth-levels-of-need", "version": 1, "name": "Test", "levels": levels, **extra}
    )


def test_default_file_is_the_four_level_model() -> None:
    levels = load_levels(DEFAULT_FILE)
    assert [level.code for level in levels.levels] == FOUR
    assert [level.rank for level in levels.levels] == [1, 2, 3, 4]
    assert [level.social_care for level in levels.levels] == [False, False, True, True]
    assert levels.label("early_help") == "Early Help"
    assert levels.get("child_protection") is not None
    assert all(level.description for level in levels.levels)


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        ("", "early_help", "initial"),
        ("retired_code", "early_help", "initial"),
        ("universal", "early_help", "up"),
        ("early_help", "universal", "down"),
        ("early_help", "child_in_need", "step_up"),
        ("universal", "child_protection", "step_up"),
        ("child_in_need", "child_protection", "up"),
        ("child_protection", "child_in_need", "down"),
        ("child_in_need", "early_help", "step_down"),
        ("child_protection", "universal", "step_down"),
        ("early_help", "early_help", "same"),
    ],
)
def test_directions(before: str, after: str, direction: str) -> None:
    assert load_levels(DEFAULT_FILE).direction(before, after) == direction
    assert direction in DIRECTION_LABELS


def test_direction_to_an_unknown_level_is_an_error() -> None:
    with pytest.raises(HearthError) as caught:
        load_levels(DEFAULT_FILE).direction("early_help", "tier_9")
    assert "tier_9" in caught.value.message


def test_label_of_an_unknown_or_empty_code() -> None:
    levels = load_levels(DEFAULT_FILE)
    assert levels.label("tier_9") == "tier_9"
    assert levels.label("") == "Not set"
    assert levels.get("tier_9") is None


def test_a_council_file_replaces_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    council = tmp_path / "levels.json"
    council.write_text(
        levels_json(
            [
                {"code": "targeted", "label": "Targeted support", "rank": 20},
                {"code": "universal_plus", "label": "Universal plus", "short": "U+", "rank": 10},
                {"code": "specialist", "label": "Specialist", "rank": 30, "social_care": True},
            ],
            name="Sampleshire levels",
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("HEARTH_LEVELS_FILE", str(council))
    assert configured_file() == council
    levels = load_levels()
    assert levels.name == "Sampleshire levels"
    assert [level.code for level in levels.levels] == [
        "universal_plus",
        "targeted",
        "specialist",
    ]  # by rank
    assert levels.label("universal_plus") == "U+"
    assert levels.label("targeted") == "Targeted support"  # short defaults to label
    assert levels.direction("targeted", "specialist") == "step_up"
    assert levels.direction("targeted", "universal_plus") == "down"


def test_without_a_setting_the_default_file_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEARTH_LEVELS_FILE", raising=False)
    assert configured_file().name == "levels_of_need.json"
    assert [level.code for level in load_levels().levels] == FOUR


GOOD = {"code": "a", "label": "A", "rank": 1}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "not a valid levels-of-need file"),
        ("[]", "not a valid levels-of-need file"),
        ('"levels"', "not a valid levels-of-need file"),
        ("{}", "missing 'levels'"),
        (levels_json([]), "lists no levels"),
        (levels_json([{"label": "A", "rank": 1}]), "missing 'code'"),
        (levels_json([{"code": "a", "rank": 1}]), "missing 'label'"),
        (levels_json([{"code": "a", "label": "A"}]), "missing 'rank'"),
        (levels_json([{"code": "a", "label": "A", "rank": "high"}]), "whole number"),
        (levels_json([{"code": "a", "label": "A", "rank": 1.5}]), "whole number"),
        (levels_json([{"code": "a", "label": "A", "rank": True}]), "whole number"),
        ('{"levels": [{"code": "a", "label": "A", "rank": Infinity}]}', "whole number"),
        (levels_json([{**GOOD, "social_care": "false"}]), "true or false"),
        (levels_json([GOOD, {"code": "a", "label": "Again", "rank": 2}]), "listed twice"),
        (levels_json([GOOD, {"code": "b", "label": "B", "rank": 1}]), "same rank"),
        (levels_json([{"code": " ", "label": "Blank", "rank": 1}]), "empty code"),
        (levels_json(["universal"]), "not a valid levels-of-need file"),
        (levels_json({"a": 1}), "not a valid levels-of-need file"),  # type: ignore[arg-type]
        (json.dumps({"format": "something-else", "levels": [GOOD]}), "format"),
        ("[" * 50_000 + "]" * 50_000, "not a valid levels-of-need file"),
    ],
)
def test_bad_files_give_a_clear_error_naming_the_file(text: str, says: str) -> None:
    with pytest.raises(HearthError) as caught:
        parse_levels(text, "council/levels.json")
    assert caught.value.message.startswith("council/levels.json: ")
    assert says in caught.value.message


def test_missing_or_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HearthError) as caught:
        load_levels(tmp_path / "absent.json")
    assert "cannot read" in caught.value.message and "absent.json" in caught.value.message
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(HearthError) as caught:
        load_levels(binary)
    assert "binary.json" in caught.value.message
