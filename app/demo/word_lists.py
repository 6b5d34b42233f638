"""The demo's made-up words, read from ``word_lists.yaml`` beside this module: names,
places, schools, backgrounds and languages (with weights), reasons and agencies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORD_LISTS_FILE = Path(__file__).resolve().parent / "word_lists.yaml"


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


_WORDS: dict[str, Any] = _tuples(yaml.safe_load(WORD_LISTS_FILE.read_text(encoding="utf-8")))

GIRLS: tuple[str, ...] = _WORDS["girls"]
BOYS: tuple[str, ...] = _WORDS["boys"]
WOMEN: tuple[str, ...] = _WORDS["women"]
MEN: tuple[str, ...] = _WORDS["men"]
SURNAMES: tuple[str, ...] = _WORDS["surnames"]
TOWNS: tuple[str, ...] = _WORDS["towns"]
STREET_NAMES: tuple[str, ...] = _WORDS["street_names"]
STREET_KINDS: tuple[str, ...] = _WORDS["street_kinds"]
# Inward postcode letters never use C, I, K, M, O or V.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
ETHNICITIES: tuple[tuple[str, int], ...] = _WORDS["ethnicities"]
LANGUAGES: tuple[tuple[str, int], ...] = _WORDS["languages"]
SCHOOLS: tuple[str, ...] = _WORDS["schools"]
SETTINGS: tuple[str, ...] = _WORDS["settings"]
REASONS: tuple[str, ...] = _WORDS["reasons"]
LEVEL_REASONS_UP: tuple[str, ...] = _WORDS["level_reasons_up"]
LEVEL_REASONS_DOWN: tuple[str, ...] = _WORDS["level_reasons_down"]
LEVEL_REASONS_FIRST: tuple[str, ...] = _WORDS["level_reasons_first"]
DECIDERS: tuple[str, ...] = _WORDS["deciders"]
CONTACT_NOTES: tuple[str, ...] = _WORDS["contact_notes"]
AGENCY_ROLES: dict[str, str] = _WORDS["agency_roles"]
REQUEST_SOURCES: tuple[tuple[str, int], ...] = _WORDS["request_sources"]
