"""Checks of each field type's own keys: a choice's options, a number's range, the kinds
of person a person field takes, a grade's descriptors and suggestions, a scale's ends."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.definition import (
    FILTER_KINDS,
    GRADES,
    OPTION_SOURCES,
    PERSON_FILTERS,
    PERSON_KINDS,
    Option,
)
from app.forms.family_values import FAMILY_VALUES
from app.forms.problems import Path, describe, did_you_mean
from app.forms.text_kinds import TextKindChecks
from app.forms.value_checks import DESCRIPTOR_KEY_PATTERN


class FieldKindChecks(TextKindChecks):
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

    def family_value(self, data: Mapping[Any, Any], path: Path, required: bool) -> str:
        """Which value from the family record a ``family_value`` field shows."""
        if required:
            self.add(
                path + ("required",),
                "a family_value comes from the family record; it cannot be required",
            )
        value = data.get("value")
        if not isinstance(value, str) or value not in FAMILY_VALUES:
            self.add(
                path + ("value",),
                f"value must name what the family record gives ({', '.join(FAMILY_VALUES)}), "
                f"not {describe(value)}",
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
        """``takes`` (the kinds of person: child, unborn, adult) or the older ``filter``."""
        out: dict[str, Any] = {"multiple": self.flag(data, "multiple", path)}
        if "takes" in data and "filter" in data:
            self.add(path + ("filter",), "use either takes or filter, not both")
            return out
        if "takes" in data:
            takes = self.person_kinds(data["takes"], path + ("takes",))
            if takes:
                out["person_takes"] = takes
            return out
        chosen = data.get("filter", "all")
        if chosen not in PERSON_FILTERS:
            self.add(
                path + ("filter",),
                f"unknown person filter {describe(chosen)} "
                f"(use one of {', '.join(PERSON_FILTERS)})",
            )
            chosen = "all"
        return out | {"person_filter": chosen, "person_takes": FILTER_KINDS[chosen]}

    def person_kinds(self, raw: Any, path: Path) -> tuple[str, ...]:
        """A person field's ``takes``: a list of kinds, each once, in PERSON_KINDS order."""
        example = "for example takes: [child, adult]"
        if not isinstance(raw, list) or not raw:
            self.add(
                path,
                f"takes must be a list of the kinds of person the field offers "
                f"({', '.join(PERSON_KINDS)}), {example}; not {describe(raw)}",
            )
            return ()
        kinds: set[str] = set()
        for index, kind in enumerate(raw):
            if not isinstance(kind, str) or kind not in PERSON_KINDS:
                self.add(
                    path + (index,),
                    f"unknown kind of person {describe(kind)}"
                    f"{did_you_mean(str(kind), PERSON_KINDS)} "
                    f"(use {', '.join(PERSON_KINDS)})",
                )
            elif kind in kinds:
                self.add(path + (index,), f"{kind!r} is listed twice")
            kinds.add(str(kind))
        if len(kinds) != len(raw) or not kinds <= set(PERSON_KINDS):
            return ()
        return tuple(kind for kind in PERSON_KINDS if kind in kinds)

    def grade_descriptors(
        self, raw: Any, path: Path, points: tuple[int, ...] = GRADES
    ) -> tuple[str, ...]:
        """A descriptor for each grade (the best first), from ``{1: ..., 5: ...}`` or a list."""
        span = f"{points[0]} to {points[-1]}"
        if isinstance(raw, list):
            items = dict(zip(points, raw, strict=False))
        elif isinstance(raw, dict):
            items = {}
            for key, value in raw.items():
                grade = int(key) if isinstance(key, (int, str)) and str(key).isdigit() else None
                if grade not in points or isinstance(key, bool):
                    self.add(
                        path + (str(key),),
                        f"grades run from {span}; {describe(key)} is not a grade",
                    )
                    continue
                items[grade] = value
        else:
            self.add(
                path,
                f"descriptors must give a descriptor for each grade {span}, not {describe(raw)}",
            )
            return ()
        out: list[str] = []
        for index, grade in enumerate(points):
            value = items.get(grade)
            where = path + ((str(grade),) if isinstance(raw, dict) else (index,))
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
        if isinstance(raw, list) and len(raw) > len(points):
            self.add(path, f"there are only {len(points)} grades, but {len(raw)} descriptors")
        return tuple(out) if len(out) == len(points) else ()

    def grade_range(self, data: Mapping[Any, Any], path: Path) -> tuple[int, ...]:
        """A grade field's grades: 1 to 5 unless ``min`` and ``max`` say (e.g. 1-4, 0-3)."""
        low = self.whole_number(data, "min", path, minimum=0)
        high = self.whole_number(data, "max", path, minimum=1)
        low = GRADES[0] if low is None else low
        high = GRADES[-1] if high is None else high
        if not 2 <= high - low + 1 <= 10:
            self.add(
                path + ("max",),
                f"a grade needs between 2 and 10 grades; min {low} and max {high} give "
                f"{max(high - low + 1, 0)}",
            )
            return ()
        return tuple(range(low, high + 1))

    def grade(self, data: Mapping[Any, Any], path: Path, field_id: str) -> dict[str, Any]:
        points = self.grade_range(data, path)
        out: dict[str, Any] = {}
        if not points:  # its other keys cannot be checked against a range that is wrong
            return out
        if points != GRADES:
            out.update(minimum=points[0], maximum=points[-1])
        has_own, has_file = "descriptors" in data, "descriptors_from" in data
        if has_own and has_file:
            self.add(
                path + ("descriptors_from",), "use either descriptors or descriptors_from, not both"
            )
        elif has_own:
            out["descriptors"] = self.grade_descriptors(
                data["descriptors"], path + ("descriptors",), points
            )
        elif has_file and points != GRADES:
            self.add(
                path + ("descriptors_from",),
                f"a descriptor file gives grades 1 to 5, but this grade runs "
                f"{points[0]} to {points[-1]}; give its own descriptors instead",
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
                f"missing: a grade field needs a descriptor for each grade {points[0]} to "
                f"{points[-1]} "
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

    def point_labels(self, raw: Any, path: Path, scale: Mapping[str, Any]) -> tuple[str, ...]:
        """A scale's wording at every point, from ``{0: ..., 10: ...}`` or a list."""
        low, high = int(scale["minimum"]), int(scale["maximum"])
        points = list(range(low, high + 1))
        if isinstance(raw, list):
            items: dict[Any, Any] = dict(zip(points, raw, strict=False))
            if len(raw) != len(points):
                self.add(
                    path,
                    f"labels must give the wording for each point {low} to {high} "
                    f"({len(points)} in all), not {len(raw)}",
                )
                return ()
        elif isinstance(raw, dict):
            items = {}
            for key, value in raw.items():
                # JSON (reference data from the service) makes the points text: "0"
                point = int(key) if isinstance(key, (int, str)) and str(key).isdigit() else None
                if isinstance(key, bool) or point not in points:
                    self.add(
                        path + (str(key),),
                        f"this scale runs from {low} to {high}; {describe(key)} is not a point",
                    )
                    continue
                items[point] = value
        else:
            self.add(path, f"labels must give the wording for each point, not {describe(raw)}")
            return ()
        out: list[str] = []
        for point in points:
            value = items.get(point)
            if not isinstance(value, str) or not value.strip():
                self.add(path, f"missing the wording for point {point}")
                continue
            out.append(" ".join(value.split()))
        return tuple(out) if len(out) == len(points) else ()

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
        if "labels" in data:
            out["point_labels"] = self.point_labels(data["labels"], path + ("labels",), out)
        for key, end in (("low_label", "low"), ("high_label", "high")):
            if key not in data and "labels" in data:  # the wording at that end
                if out.get("point_labels"):
                    out[key] = out["point_labels"][0 if end == "low" else -1]
                continue
            if key not in data or not isinstance(data[key], str) or not data[key].strip():
                self.add(
                    path + (key,),
                    f"missing: a scale needs end-point labels; {key} says what the {end} end "
                    f"({out['minimum'] if end == 'low' else out['maximum']}) means",
                )
            else:
                out[key] = " ".join(data[key].split())
        return out

