"""Checks of each field type's own keys: a choice's options, a number's range, a person
filter, a grade's descriptors and suggestions, a scale's ends."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.definition import GRADES, OPTION_SOURCES, PERSON_FILTERS, Option
from app.forms.identifiers import IDENTIFIERS
from app.forms.problems import Path, describe, did_you_mean
from app.forms.reference_checks import ReferenceChecks
from app.forms.value_checks import DESCRIPTOR_KEY_PATTERN


class FieldKindChecks(ReferenceChecks):
    def choice(self, data: Mapping[Any, Any], path: Path) -> dict[str, Any]:
        has_options, has_source = "options" in data, "options_from" in data
        if has_options and has_source:
            self.add(path + ("options_from",), "use either options or options_from, not both")
            return {}
        if has_source:
            source = data["options_from"]
            if source in OPTION_SOURCES:
                return {"options_from": source}
            if isinstance(source, str) and source in self.option_lists:
                return {"options": self.option_lists[source], "options_list": source}
            known = (*OPTION_SOURCES, *sorted(self.option_lists))
            self.add(
                path + ("options_from",),
                f"unknown option list {describe(source)}"
                f"{did_you_mean(str(source), known)} "
                f"(known lists: {', '.join(known)}; a council's own lists are read from "
                "option_lists.yaml in its forms folder)",
            )
            return {}
        if not has_options:
            self.add(
                path + ("options",),
                "missing: a choice field needs options (or options_from naming a list)",
            )
            return {}
        raw = data["options"]
        if not isinstance(raw, list) or not raw:
            self.add(
                path + ("options",),
                f"options must be a list of at least one option, not {describe(raw)}",
            )
            return {}
        return {"options": self.options(raw, path)}

    def options(self, raw: Any, path: Path, key: str = "options") -> tuple[Option, ...]:
        """A list of options (at ``path.options``, or at ``path`` itself when ``key`` is
        empty, as in an option list file)."""
        options: list[Option] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            where = path + ((key, index) if key else (index,))
            other = False
            if isinstance(item, dict):
                self.keys(item, ("value", "label", "other"), where, "an option")
                value, label = item.get("value"), item.get("label")
                other = self.flag(item, "other", where)
            else:
                value, label = item, item
            if isinstance(value, bool) or value is None:
                self.add(
                    where,
                    f"option value {describe(value)} is not text; YAML reads yes, no, true, "
                    "false, on and off as yes-or-no, so put the value in quotes",
                )
                continue
            if not isinstance(value, (str, int, float)):
                self.add(
                    where,
                    f"an option must be text or have a value and a label, not {describe(value)}",
                )
                continue
            if (
                not isinstance(label, (str, int, float))
                or isinstance(label, bool)
                or not str(label).strip()
            ):
                self.add(where + ("label",), f"option {str(value)!r} needs a label (text)")
                continue
            value = str(value)
            if value in seen:
                self.add(where, f"duplicate option value {value!r}")
                continue
            seen.add(value)
            if other and any(o.other for o in options):
                self.add(where + ("other",), "only one option of a list can be other: true")
                other = False
            options.append(Option(value, str(label).strip(), other))
        return tuple(options)

    def identifier_kind(self, value: Any, path: Path) -> str:
        """The identifier a text field's answer is checked as (``validate:``)."""
        if not isinstance(value, str) or value not in IDENTIFIERS:
            self.add(
                path,
                f"unknown identifier {describe(value)} "
                f"(validate takes one of {', '.join(IDENTIFIERS)})",
            )
            return ""
        return value

    def number_range(self, data: Mapping[Any, Any], path: Path) -> dict[str, Any]:
        low, high = self.number(data, "min", path), self.number(data, "max", path)
        if low is not None and high is not None and low > high:
            self.add(path + ("max",), f"max ({high}) is below min ({low})")
        unit = self.text(data, "unit", path, required=False)
        return {
            "minimum": low,
            "maximum": high,
            "integer": self.flag(data, "integer", path),
            "unit": unit,
        }

    def person(self, data: Mapping[Any, Any], path: Path) -> dict[str, Any]:
        chosen = data.get("filter", "all")
        if chosen not in PERSON_FILTERS:
            self.add(
                path + ("filter",),
                f"unknown person filter {describe(chosen)} "
                f"(use one of {', '.join(PERSON_FILTERS)})",
            )
            chosen = "all"
        return {"person_filter": chosen, "multiple": self.flag(data, "multiple", path)}

    def grade_descriptors(self, raw: Any, path: Path) -> tuple[str, ...]:
        """Five descriptors, grade 1 first, from ``{1: ..., 5: ...}`` or a list of five."""
        if isinstance(raw, list):
            items = dict(enumerate(raw, start=1))
        elif isinstance(raw, dict):
            items = {}
            for key, value in raw.items():
                grade = int(key) if isinstance(key, (int, str)) and str(key).isdigit() else None
                if grade not in GRADES or isinstance(key, bool):
                    self.add(
                        path + (str(key),),
                        f"grades run from 1 to 5; {describe(key)} is not a grade",
                    )
                    continue
                items[grade] = value
        else:
            self.add(
                path,
                f"descriptors must give a descriptor for each grade 1 to 5, not {describe(raw)}",
            )
            return ()
        out: list[str] = []
        for grade in GRADES:
            value = items.get(grade)
            where = path + ((str(grade),) if isinstance(raw, dict) else (grade - 1,))
            if value is not None and not isinstance(value, str):
                self.add(
                    where,
                    f"the descriptor for grade {grade} must be text, not {describe(value)}",
                )
                continue
            if value is None or not value.strip():
                self.add(
                    path + (str(grade),) if isinstance(raw, dict) else path,
                    f"missing the descriptor for grade {grade}",
                )
                continue
            out.append(" ".join(value.split()))
        if isinstance(raw, list) and len(raw) > len(GRADES):
            self.add(path, f"there are only 5 grades, but {len(raw)} descriptors")
        return tuple(out) if len(out) == len(GRADES) else ()

    def grade(self, data: Mapping[Any, Any], path: Path, field_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        has_own, has_file = "descriptors" in data, "descriptors_from" in data
        if has_own and has_file:
            self.add(
                path + ("descriptors_from",), "use either descriptors or descriptors_from, not both"
            )
        elif has_own:
            out["descriptors"] = self.grade_descriptors(
                data["descriptors"], path + ("descriptors",)
            )
        elif has_file:
            key = data["descriptors_from"]
            if not isinstance(key, str) or not DESCRIPTOR_KEY_PATTERN.match(key):
                self.add(
                    path + ("descriptors_from",),
                    f"descriptors_from must name a descriptor set and entry, such as "
                    f"'gcp2.nutrition', not {describe(key)}",
                )
            else:
                out["descriptors_from"] = key
        else:
            self.add(
                path + ("descriptors",),
                "missing: a grade field needs a descriptor for each grade 1 to 5 "
                "(descriptors) or descriptors_from naming a descriptor file entry",
            )
        if "suggested_from" in data:
            raw = data["suggested_from"]
            if not isinstance(raw, list) or not raw or not all(isinstance(x, str) for x in raw):
                self.add(
                    path + ("suggested_from",),
                    f"suggested_from must be a list of grade field ids, not {describe(raw)}",
                )
            else:
                out["suggested_from"] = tuple(raw)
                self.suggestions.append((field_id, tuple(raw), path + ("suggested_from",)))
        return out

    def scale(self, data: Mapping[Any, Any], path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {"minimum": 0, "maximum": 10, "integer": True}
        for key, attr in (("min", "minimum"), ("max", "maximum")):
            if key in data:
                value = data[key]
                if isinstance(value, bool) or not isinstance(value, int):
                    self.add(
                        path + (key,),
                        f"{key} of a scale must be a whole number, not {describe(value)}",
                    )
                else:
                    out[attr] = value
        if out["minimum"] >= out["maximum"]:
            self.add(
                path + ("max",),
                f"a scale's max ({out['maximum']}) must be above its min ({out['minimum']})",
            )
        for key, end in (("low_label", "low"), ("high_label", "high")):
            if key not in data or not isinstance(data[key], str) or not data[key].strip():
                self.add(
                    path + (key,),
                    f"missing: a scale needs end-point labels; {key} says what the {end} end "
                    f"({out['minimum'] if end == 'low' else out['maximum']}) means",
                )
            else:
                out[key] = " ".join(data[key].split())
        return out

