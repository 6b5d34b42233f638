"""The base of the form checks: the keys each part of a file may have, where each field and
condition sits, and the generic checks of one value (text, identifier, flag, number, version)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from app.forms.definition import Condition, Field, Option
from app.forms.problems import Path, Problem, describe, did_you_mean, line_of, render_path

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DESCRIPTOR_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

FORM_KEYS = (
    "id",
    "version",
    "version_date",
    "title",
    "kind",
    "description",
    "per_child",
    "example",
    "outcome",
    "scaling",
    "map",
    "pages",
)
DESCRIPTOR_FILE_KEYS = (
    "descriptors_for",
    "id",
    "version",
    "title",
    "licensed",
    "source",
    "descriptors",
)
PAGE_KEYS = ("id", "title", "help", "visible_if", "fields")
COMMON_FIELD_KEYS = ("id", "type", "label", "help", "required", "visible_if", "required_if")
TYPE_KEYS: Mapping[str, tuple[str, ...]] = {
    "text": ("max_length", "validate", "suggest"),
    "long_text": ("max_length", "look", "house_name"),
    "choice": ("options", "options_from"),
    "multi_choice": ("options", "options_from"),
    "date": ("not_in_future", "not_before_birth"),
    "number": ("min", "max", "integer", "unit"),
    "yes_no": (),
    "person": ("takes", "filter", "multiple"),
    "grade": ("descriptors", "descriptors_from", "suggested_from", "min", "max"),
    "scale": ("min", "max", "low_label", "high_label", "labels"),
    "repeat": ("fields", "min_rows", "max_rows", "row_label", "add_label", "for_each"),
    "guidance": ("text",),
    "confirmation": ("text",),
    "family_value": ("value",),
    "picture": (),
}
ALL_FIELD_KEYS = tuple(sorted(set(COMMON_FIELD_KEYS).union(*TYPE_KEYS.values())))
CONDITION_OPERATORS = ("equals", "in", "one_of", "answered", "less_than", "more_than")
COMBINATIONS = ("all", "any", "not")
OUTCOME_KEYS = (
    "recommended_level_field", "fam_needed_field", "children_field", "strengths_fields"
)
SCALING_KEYS = ("group", "name_field", "role_field", "score_field", "heading", "introduction")
MAP_COLUMN_KEYS = ("title", "fields")


@dataclass
class FieldSite:
    field: Field | None
    path: Path
    group: str | None  # the repeating group it is in, if any
    page: str


@dataclass
class ConditionSite:
    condition: Condition
    path: Path
    owner: str  # a field id, or "page:<id>"
    group: str | None
    page: str
    required_only: bool = False  # a required_if: it never hides anything


class ValueChecks:
    """Collects the problems of one file; the generic checks of one value."""

    def __init__(
        self, file: str, node: Any, option_lists: Mapping[str, tuple[Option, ...]] | None = None
    ) -> None:
        self.file = file
        self.node = node
        self.option_lists: Mapping[str, tuple[Option, ...]] = option_lists or {}
        self.problems: list[Problem] = []
        self.sites: dict[str, FieldSite] = {}
        self.conditions: list[ConditionSite] = []
        self.suggestions: list[tuple[str, tuple[str, ...], Path]] = []

    def add(self, path: Path, message: str) -> None:
        self.problems.append(
            Problem(self.file, render_path(path), message, line_of(self.node, path))
        )

    def duplicate_keys(self, node: Any, path: Path) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None:
                    if key in seen:
                        self.problems.append(
                            Problem(
                                self.file,
                                render_path(path + (key,)),
                                f"the key {key!r} appears twice here; only one can count",
                                key_node.start_mark.line + 1,
                            )
                        )
                    seen.add(key)
                    self.duplicate_keys(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.duplicate_keys(item, path + (index,))

    def keys(self, data: Mapping[Any, Any], allowed: Sequence[str], path: Path, what: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(
                    path + (str(key),),
                    f"unknown key {str(key)!r} for {what}{did_you_mean(str(key), allowed)}",
                )

    def mapping(self, value: Any, path: Path, what: str) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return value
        self.add(path, f"expected {what} (a mapping of keys and values), found {describe(value)}")
        return None

    def text(
        self, data: Mapping[Any, Any], key: str, path: Path, *, required: bool, what: str = ""
    ) -> str:
        if key not in data or data[key] is None:
            if required:
                self.add(path + (key,), f"missing: {what or key} is required")
            return ""
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(path + (key,), f"{key} must be text, not {describe(value)}")
            return ""
        result = str(value).strip()
        if required and not result:
            self.add(path + (key,), f"{what or key} must not be empty")
        return result

    def identifier(self, data: Mapping[Any, Any], key: str, path: Path, what: str) -> str:
        if key not in data or data[key] is None:
            article = "an" if key[0] in "aeiou" else "a"
            self.add(path + (key,), f"missing: every {what} needs {article} {key}")
            return ""
        value = data[key]
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.add(
                path + (key,),
                f"{what} {key} {describe(value)} must use lower-case letters, digits and "
                "underscores, starting with a letter",
            )
            return ""
        return value

    def flag(self, data: Mapping[Any, Any], key: str, path: Path, default: bool = False) -> bool:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, bool):
            self.add(path + (key,), f"{key} must be true or false, not {describe(value)}")
            return default
        return value

    def whole_number(
        self, data: Mapping[Any, Any], key: str, path: Path, *, minimum: int = 0
    ) -> int | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path + (key,), f"{key} must be a whole number, not {describe(value)}")
            return None
        if value < minimum:
            self.add(path + (key,), f"{key} must be {minimum} or more, not {value}")
            return None
        return value

    def number(self, data: Mapping[Any, Any], key: str, path: Path) -> float | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(path + (key,), f"{key} must be a number, not {describe(value)}")
            return None
        return value

    def version(self, data: Mapping[Any, Any], path: Path, what: str) -> int:
        if "version" not in data or data["version"] is None:
            self.add(
                path + ("version",),
                f"missing: every {what} needs a version (a whole number such as 1, "
                "raised whenever the content changes)",
            )
            return 0
        value = data["version"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(
                path + ("version",),
                f"version must be a whole number such as 1 or 2, not {describe(value)}",
            )
            return 0
        return value
