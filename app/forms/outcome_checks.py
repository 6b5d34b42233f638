"""Checks of a form's hints that name its own fields: the outcome (the level of need
agreed, the meeting decision, who it is about, what is going well), and the lookup of a
named field that the scaling hints use too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.forms.definition import Outcome
from app.forms.problems import Path, describe, did_you_mean
from app.forms.value_checks import OUTCOME_KEYS, ValueChecks

# The types of field whose answers the family plan can print as what is going well.
STRENGTH_TYPES = ("text", "long_text")


class HintChecks(ValueChecks):
    def named_field(
        self, data: Mapping[Any, Any], key: str, path: Path, types: Sequence[str]
    ) -> str:
        value = data.get(key)
        if value is None:
            self.add(path + (key,), f"missing: {key} is required")
            return ""
        site = self.sites.get(value) if isinstance(value, str) else None
        if site is None or site.field is None:
            self.add(
                path + (key,),
                f"{key} refers to {describe(value)}, which is not a field in this form"
                f"{did_you_mean(str(value), self.sites)}",
            )
            return ""
        if site.field.type not in types:
            self.add(
                path + (key,),
                f"{key} must name a {' or '.join(types)} field, not a {site.field.type} field",
            )
            return ""
        return str(value)

    def outcome(self, value: Any, path: Path) -> Outcome | None:
        data = self.mapping(value, path, "the outcome hints")
        if data is None:
            return None
        self.keys(data, OUTCOME_KEYS, path, "the outcome hints")
        level = fam = children = ""
        if "recommended_level_field" in data:
            level = self.named_field(data, "recommended_level_field", path, ("choice",))
            chosen = self.sites[level].field if level else None
            if chosen is not None and chosen.options_from != "levels_of_need":
                self.add(
                    path + ("recommended_level_field",),
                    f"{level!r} must take its options from the levels of need "
                    "(options_from: levels_of_need)",
                )
        if "fam_needed_field" in data:
            fam = self.named_field(data, "fam_needed_field", path, ("yes_no",))
        if "children_field" in data:
            children = self.named_field(data, "children_field", path, ("person",))
        strengths = self.strengths_fields(data.get("strengths_fields"),
                                          path + ("strengths_fields",))
        return Outcome(recommended_level_field=level, fam_needed_field=fam,
                       children_field=children, strengths_fields=strengths)

    def strengths_fields(self, value: Any, path: Path) -> tuple[str, ...]:
        """What is going well (``strengths_fields``): one text field's id or a list of
        them, each outside any repeating group (the family plan prints their answers)."""
        if value is None:
            return ()
        ids = [value] if isinstance(value, str) else value
        if not isinstance(ids, list) or not ids:
            what = "an empty list" if ids == [] else describe(value)
            self.add(path, f"strengths_fields must be a field id or a list of them, not {what}")
            return ()
        found: list[str] = []
        for number, field_id in enumerate(ids):
            where = path + (number,) if isinstance(value, list) else path
            site = self.sites.get(field_id) if isinstance(field_id, str) else None
            if site is None or site.field is None:
                self.add(where, f"{describe(field_id)} is not a field in this form"
                                f"{did_you_mean(str(field_id), self.sites)}")
            elif site.field.type not in STRENGTH_TYPES:
                self.add(where, f"{field_id!r} must be a text or long_text field, "
                                f"not a {site.field.type} field")
            elif site.group is not None:
                self.add(where, f"{field_id!r} is inside the repeating group {site.group!r}; "
                                "name a field outside any group")
            else:
                found.append(field_id)
        return tuple(found)
