"""Checks of a form's fields: each field's id, type and keys, its condition, the keys of its
type (see :mod:`app.forms.field_kinds`) and a repeating group's own fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.definition import FIELD_TYPES, Condition, Field
from app.forms.field_kinds import FieldKindChecks
from app.forms.problems import Path, describe, did_you_mean, render_path
from app.forms.value_checks import (
    ALL_FIELD_KEYS,
    COMMON_FIELD_KEYS,
    TYPE_KEYS,
    FieldSite,
)


class FieldChecks(FieldKindChecks):
    def fields(
        self, items: list[Any], path: Path, page_id: str, group: str | None
    ) -> tuple[Field, ...]:
        out = []
        for index, item in enumerate(items):
            made = self.field(item, path + (index,), page_id, group)
            if made is not None:
                out.append(made)
                out.extend(self.other_box(made, path + (index,), page_id, group))
        return tuple(out)

    def other_box(self, choice: Field, path: Path, page_id: str, group: str | None) -> list[Field]:
        """The text box an "other, please say" option reveals: a text field
        ``<choice>_other``, shown and required when that option is chosen."""
        index, option = next(((i, o) for i, o in enumerate(choice.options) if o.other), (-1, None))
        if option is None:
            return []
        box_id = f"{choice.id}_other"
        where = path + (("options", index) if not choice.options_list else ("options_from",))
        if box_id in self.sites:
            self.add(
                where,
                f"the 'other' option needs the id {box_id!r} for its text box, but it is "
                f"already used at {render_path(self.sites[box_id].path)}",
            )
            return []
        said = "please say" in option.label.lower()
        box = Field(
            id=box_id,
            type="text",
            label=f"{choice.label}: {option.label}" + ("" if said else ", please say"),
            required=True,
            visible_if=Condition(choice.id, "equals", option.value),
            other_of=choice.id,
        )
        self.sites[box_id] = FieldSite(box, where, group, page_id)
        return [box]

    def field(self, value: Any, path: Path, page_id: str, group: str | None) -> Field | None:
        data = self.mapping(value, path, "a field")
        if data is None:
            return None
        field_id = self.identifier(data, "id", path, "field")
        if field_id:
            if field_id in self.sites:
                first = render_path(self.sites[field_id].path)
                self.add(
                    path + ("id",),
                    f"duplicate field id {field_id!r} (already used at {first}); "
                    "ids must be unique in the whole form, including inside repeating groups",
                )
                field_id = ""
            else:
                self.sites[field_id] = FieldSite(None, path, group, page_id)
        kind = self.field_type(data, path)
        if kind is None:
            return None
        label = self.text(
            data, "label", path, required=kind != "guidance", what="the field's label"
        )
        help_text = self.text(data, "help", path, required=False)
        required = self.flag(data, "required", path)
        condition = self.field_condition(data, "visible_if", path, field_id, group, page_id)
        required_if = self.field_condition(data, "required_if", path, field_id, group, page_id)
        if required and required_if is not None:
            self.add(
                path + ("required_if",),
                "required: true already makes this needed whenever it is shown; "
                "use one or the other",
            )
        extra = self.kind_keys(data, path, kind, page_id, group, field_id, required)
        if not field_id:
            return None
        made = Field(
            id=field_id,
            type=kind,
            label=label,
            help=help_text,
            required=required,
            visible_if=condition,
            required_if=required_if,
            **extra,
        )
        self.sites[field_id].field = made
        return made

    def field_condition(
        self,
        data: Mapping[Any, Any],
        key: str,
        path: Path,
        field_id: str,
        group: str | None,
        page_id: str,
    ) -> Condition | None:
        """A field's ``visible_if`` or ``required_if``, noted for the reference checks."""
        if key not in data:
            return None
        condition = self.condition(data[key], path + (key,))
        if condition is not None and field_id:
            self.add_condition(
                condition, path + (key,), field_id, group, page_id, key == "required_if"
            )
        return condition

    def field_type(self, data: Mapping[Any, Any], path: Path) -> str | None:
        """The field's type, once its keys are checked against it (None: no known type)."""
        kind = data.get("type")
        if kind is None:
            self.add(
                path + ("type",), f"missing: every field needs a type ({', '.join(FIELD_TYPES)})"
            )
            self.keys(data, ALL_FIELD_KEYS, path, "a field")
            return None
        if not isinstance(kind, str) or kind not in FIELD_TYPES:
            self.add(
                path + ("type",),
                f"unknown field type {describe(kind)}"
                f"{did_you_mean(str(kind), FIELD_TYPES)} (known types: {', '.join(FIELD_TYPES)})",
            )
            self.keys(data, ALL_FIELD_KEYS, path, "a field")
            return None
        allowed = COMMON_FIELD_KEYS + TYPE_KEYS[kind]
        for key in data:
            if key in allowed:
                continue
            if key in ALL_FIELD_KEYS:
                self.add(path + (str(key),), f"{key!r} is not used by a {kind} field")
            else:
                self.add(
                    path + (str(key),),
                    f"unknown key {str(key)!r} for a field{did_you_mean(str(key), allowed)}",
                )
        return kind

    def kind_keys(
        self,
        data: Mapping[Any, Any],
        path: Path,
        kind: str,
        page_id: str,
        group: str | None,
        field_id: str,
        required: bool,
    ) -> dict[str, Any]:
        """The checked keys of the field's type, as Field arguments."""
        extra: dict[str, Any] = {}
        if kind in ("text", "long_text"):
            extra["max_length"] = self.whole_number(data, "max_length", path, minimum=1)
            if "validate" in data:
                extra["validate"] = self.identifier_kind(data["validate"], path + ("validate",))
            if "suggest" in data and kind == "text":
                extra["suggest"] = self.suggestion(data["suggest"], path + ("suggest",))
            if kind == "long_text":
                extra.update(self.look(data, path))
        elif kind == "date":
            extra["not_in_future"] = self.flag(data, "not_in_future", path)
            extra["not_before_birth"] = self.flag(data, "not_before_birth", path)
        elif kind in ("choice", "multi_choice"):
            extra.update(self.choice(data, path))
        elif kind == "number":
            extra.update(self.number_range(data, path))
        elif kind == "person":
            extra.update(self.person(data, path))
        elif kind == "grade":
            extra.update(self.grade(data, path, field_id))
        elif kind == "scale":
            extra.update(self.scale(data, path))
        elif kind == "repeat":
            extra.update(self.repeat(data, path, page_id, group, field_id, required))
        elif kind == "guidance":
            extra["text"] = self.text(data, "text", path, required=True, what="the guidance text")
            if required or "required_if" in data:
                self.add(
                    path + ("required" if required else "required_if",),
                    "guidance only shows words; it takes no answer, so it cannot be required",
                )
        elif kind == "confirmation":
            extra["text"] = self.text(data, "text", path, required=False)
        elif kind == "picture" and group is not None:
            self.add(path + ("type",), "a picture cannot sit inside a repeating group")
        elif kind == "family_value":
            extra["family_value"] = self.family_value(data, path, required)
            if group is not None:
                self.add(path + ("type",), "a family_value cannot sit inside a repeating group")
        return extra

    def repeat(
        self,
        data: Mapping[Any, Any],
        path: Path,
        page_id: str,
        group: str | None,
        field_id: str,
        required: bool,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if group is not None:
            self.add(
                path + ("type",), "a repeating group cannot sit inside another repeating group"
            )
            return out
        raw = data.get("fields")
        if raw is None or (isinstance(raw, list) and not raw):
            self.add(
                path + ("fields",),
                "missing: a repeat group needs fields (the questions asked for each row)",
            )
        elif not isinstance(raw, list):
            self.add(path + ("fields",), f"fields must be a list, not {describe(raw)}")
        else:
            out["fields"] = self.fields(raw, path + ("fields",), page_id, field_id or "?")
        low = self.whole_number(data, "min_rows", path, minimum=0)
        high = self.whole_number(data, "max_rows", path, minimum=1)
        low = low if low is not None else (1 if required else 0)
        if required and low == 0:
            self.add(path + ("min_rows",), "a required repeat group needs min_rows of at least 1")
        if high is not None and high < low:
            self.add(path + ("max_rows",), f"max_rows ({high}) is below min_rows ({low})")
        out.update(
            min_rows=low,
            max_rows=high,
            row_label=self.text(data, "row_label", path, required=False),
            for_each=self.text(data, "for_each", path, required=False),
            add_label=self.text(data, "add_label", path, required=False),
        )
        return out
