"""The demo's made-up words, read from ``word_lists.yaml`` beside this module: names,
places, schools, backgrounds and languages (with weights), reasons and agencies."""

from __future__ import annotations

from dataclasses import dataclass
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
# Schools by the ages they take: primary, infant, junior, secondary, college.
SCHOOLS: dict[str, tuple[str, ...]] = _WORDS["schools"]
SETTINGS: tuple[str, ...] = _WORDS["settings"]


@dataclass(frozen=True)
class Reason:
    """A request reason, and the ages (whole years at the request) of a child it needs."""

    text: str
    youngest: int
    oldest: int
    step_down: bool = False  # the family comes from children's social care
    father_left: bool = False  # the children's father no longer lives with them
    sources: tuple[str, ...] = ()  # where such a request comes from

    def fits(self, age: int) -> bool:
        return self.youngest <= age <= self.oldest


REASONS: tuple[Reason, ...] = tuple(
    Reason(r["text"], r["ages"][0], r["ages"][1], bool(r.get("step_down", False)),
           bool(r.get("father_left", False)), tuple(r.get("from", ())))
    for r in _WORDS["reasons"]
)


def reason_for(text: str) -> Reason | None:
    """The request reason with this text, if it is one of the demo's."""
    return next((r for r in REASONS if r.text == text), None)


# Why a level was decided, and who decided it, by kind of decision (first, first_social,
# up, step_up, down, step_down, step_down_universal, social_up, social_down): (reasons,
# deciders).
LEVEL_DECISIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    kind: (entry["reasons"], entry["deciders"])
    for kind, entry in _WORDS["level_decisions"].items()
}
CONTACT_NOTES: tuple[str, ...] = _WORDS["contact_notes"]
AGENCY_ROLES: dict[str, str] = _WORDS["agency_roles"]
REQUEST_SOURCES: tuple[tuple[str, int], ...] = _WORDS["request_sources"]
