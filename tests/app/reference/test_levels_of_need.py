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
    LAST_GOOD_FILE_NAME,
    LEVELS_FILE_NAME,
    configured_file,
    levels_in_use,
    load_levels,
    parse_levels,
)
from app.store.paths import config_folder

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
        (levels_json([{**GOOD, "colour": "red"}]), "the level 'a' has an unknown key 'colour'"),
        (levels_json([GOOD], levles=[]), "unknown key 'levles'"),
        (levels_json([{**GOOD, "replaces": "early_help"}]), "replaces of 'a' must be a list"),
        (levels_json([{**GOOD, "replaces": [""]}]), "replaces of 'a' must be a list"),
        (levels_json([{**GOOD, "replaces": [3]}]), "replaces of 'a' must be a list"),
        (levels_json([{**GOOD, "code": 7}]), "a level's code must be text"),
        (levels_json([{**GOOD, "replaces": ["old"]},
                      {"code": "b", "label": "B", "rank": 2, "replaces": ["old"]}]),
         "'old' is replaced twice (by 'a' and 'b')"),
        (levels_json([{**GOOD, "replaces": ["b"]}, {"code": "b", "label": "B", "rank": 2}]),
         "'a' replaces 'b', which is still one of the levels"),
        (levels_json([GOOD], step_down_level="z"), "step_down_level 'z' must be the code"),
        (levels_json([GOOD, {"code": "b", "label": "B", "rank": 2, "social_care": True}],
                     step_down_level="b"), "outside children's social care"),
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


COUNCIL = levels_json(
    [
        {"code": "level_1", "label": "Level 1", "rank": 1, "replaces": ["universal"]},
        {"code": "level_2", "label": "Level 2", "rank": 2, "replaces": ["early_help"]},
        {"code": "level_3", "label": "Level 3", "rank": 3, "social_care": True,
         "replaces": ["child_in_need", "child_protection"]},
    ],
    name="Testshire levels",
)


def council_file(text: str) -> Path:
    path = config_folder() / LEVELS_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_replaced_codes_count_as_their_new_level_and_keep_their_old_name() -> None:
    levels = parse_levels(COUNCIL, "council.json")
    assert levels.replaced_codes()["child_protection"].code == "level_3"
    assert levels.current("early_help") == levels.get("level_2")
    assert levels.replacing("level_2") is None  # a current code replaces nothing
    assert levels.label("early_help") == "Early Help"  # what the history called it
    assert levels.former_label("tier_2b") == "Tier 2b"
    assert levels.direction("early_help", "level_3") == "step_up"
    assert levels.direction("child_protection", "level_1") == "step_down"


def test_a_broken_council_file_is_reported_and_the_last_good_one_used() -> None:
    path = council_file(COUNCIL)
    first = levels_in_use()
    assert first.problem == "" and first.levels.name == "Testshire levels"
    assert (config_folder() / LAST_GOOD_FILE_NAME).read_text(encoding="utf-8") == COUNCIL
    path.write_text(COUNCIL.replace('"rank": 3', '"rank": "three"'), encoding="utf-8")
    broken = levels_in_use()
    assert broken.problem.startswith(f"{path}: not a valid levels-of-need file (")
    assert "whole number" in broken.problem
    assert broken.problem.endswith(
        "Until it is put right, Hearth uses the last good levels of need.")
    assert broken.levels == first.levels
    assert load_levels() == first.levels  # every caller carries on with them
    path.write_text('{"levels": [', encoding="utf-8")  # not JSON at all
    assert levels_in_use().levels == first.levels
    # The broken file never replaces the good copy.
    assert (config_folder() / LAST_GOOD_FILE_NAME).read_text(encoding="utf-8") == COUNCIL


def test_a_broken_first_council_file_falls_back_to_hearths_own_levels() -> None:
    path = council_file('{"format": "hearth-levels-of-need", "levels": "four"}')
    in_use = levels_in_use()
    assert in_use.problem.startswith(f"{path}: ")
    assert in_use.problem.endswith("Hearth uses Hearth's own levels of need.")
    assert [level.code for level in in_use.levels.levels] == FOUR
    assert not (config_folder() / LAST_GOOD_FILE_NAME).exists()


def test_a_named_file_that_is_missing_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARTH_LEVELS_FILE", str(tmp_path / "absent.json"))
    in_use = levels_in_use()
    assert "absent.json: cannot read the levels-of-need file" in in_use.problem
    assert [level.code for level in in_use.levels.levels] == FOUR
