"""Checks of references between the fields of a form, made once every field is known:
conditions (their targets, values and cycles), suggested grades, scaling hints and the
safety map's columns (the outcome hints are checked in :mod:`app.forms.outcome_checks`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.definition import Condition, Field, MapColumn, Scaling
from app.forms.family_values import NUMBER_VALUES
from app.forms.outcome_checks import HintChecks
from app.forms.problems import Path, describe, did_you_mean
from app.forms.value_checks import (
    COMBINATIONS,
    CONDITION_OPERATORS,
    MAP_COLUMN_KEYS,
    SCALING_KEYS,
    ConditionSite,
)


def _span(points: tuple[int, ...]) -> str:
    return f"{points[0]} to {points[-1]}" if points else "(no grades)"


class ReferenceChecks(HintChecks):
    def condition(self, value: Any, path: Path) -> Condition | None:
        data = self.mapping(value, path, "a condition such as {field: some_id, equals: true}")
        if data is None:
            return None
        combined = [key for key in COMBINATIONS if key in data]
        if combined:
            return self.combination(data, combined, path)
        self.keys(data, ("field",) + CONDITION_OPERATORS, path, "a condition")
        target = data.get("field")
        if not isinstance(target, str) or not target:
            self.add(
                path + ("field",), "missing: a condition needs the id of the field it depends on"
            )
            return None
        operators = [op for op in CONDITION_OPERATORS if op in data]
        if len(operators) != 1:
            self.add(
                path,
                "a condition needs exactly one of equals, in, one_of, answered, less_than "
                f"or more_than (found {', '.join(operators) if operators else 'none'})",
            )
            return None
        operator = operators[0]
        operand = data[operator]
        if operator in ("in", "one_of"):
            if not isinstance(operand, list) or not operand:
                self.add(
                    path + (operator,),
                    f"{operator} must be a list of values, not {describe(operand)}",
                )
                return None
            operand = tuple(operand)
        elif operator == "answered" and not isinstance(operand, bool):
            self.add(
                path + ("answered",), f"answered must be true or false, not {describe(operand)}"
            )
            return None
        elif operator == "equals" and (operand is None or isinstance(operand, (dict, list))):
            self.add(path + ("equals",), f"equals needs a single value, not {describe(operand)}")
            return None
        elif operator in ("less_than", "more_than") and (
            isinstance(operand, bool) or not isinstance(operand, (int, float))
        ):
            self.add(path + (operator,), f"{operator} needs a number, not {describe(operand)}")
            return None
        return Condition(field=target, operator=operator, value=operand)

    def combination(
        self, data: Mapping[Any, Any], combined: list[str], path: Path
    ) -> Condition | None:
        """``{all: [...]}``, ``{any: [...]}`` or ``{not: {...}}``."""
        if len(combined) > 1 or len(data) > 1:
            self.add(
                path,
                "a combined condition has just one key, all, any or not "
                f"(found {', '.join(str(k) for k in data)})",
            )
            return None
        key = combined[0]
        raw = data[key]
        if key == "not":
            inner = self.condition(raw, path + ("not",))
            return None if inner is None else Condition("", "not", parts=(inner,))
        if not isinstance(raw, list) or len(raw) < 2:
            self.add(
                path + (key,),
                f"{key} needs a list of at least two conditions, not {describe(raw)}",
            )
            return None
        parts = [self.condition(item, path + (key, index)) for index, item in enumerate(raw)]
        if any(part is None for part in parts):
            return None
        return Condition("", key, parts=tuple(p for p in parts if p is not None))

    def add_condition(
        self,
        condition: Condition,
        path: Path,
        owner: str,
        group: str | None,
        page: str,
        required_only: bool = False,
    ) -> None:
        """Note where each single-field condition inside ``condition`` sits, for
        checking the fields it refers to once all are known."""
        if condition.operator in ("all", "any"):
            for index, part in enumerate(condition.parts):
                self.add_condition(
                    part, path + (condition.operator, index), owner, group, page, required_only
                )
        elif condition.operator == "not":
            self.add_condition(
                condition.parts[0], path + ("not",), owner, group, page, required_only
            )
        else:
            self.conditions.append(
                ConditionSite(condition, path, owner, group, page, required_only)
            )

    def check_references(self) -> None:
        for site in self.conditions:
            self.condition_target(site)
        self.condition_cycles()
        for owner, sources, path in self.suggestions:
            for index, source in enumerate(sources):
                target = self.sites.get(source)
                if target is None:
                    self.add(
                        path + (index,),
                        f"suggested_from refers to {source!r}, which is not a field in this form"
                        f"{did_you_mean(source, self.sites)}",
                    )
                elif source == owner:
                    self.add(path + (index,), "a grade cannot be suggested from itself")
                elif target.field is not None and target.field.type != "grade":
                    self.add(
                        path + (index,),
                        f"suggested_from refers to {source!r}, a {target.field.type} field; "
                        "it must be a grade field",
                    )
                elif (
                    target.field is not None
                    and (mine := self.sites[owner].field) is not None
                    and target.field.grade_points != mine.grade_points
                ):
                    self.add(
                        path + (index,),
                        f"suggested_from refers to {source!r}, graded "
                        f"{_span(target.field.grade_points)}; this grade runs "
                        f"{_span(mine.grade_points)}, and a suggestion needs the same grades",
                    )

    def condition_target(self, site: ConditionSite) -> None:
        condition, path = site.condition, site.path
        target = self.sites.get(condition.field)
        if target is None:
            self.add(
                path + ("field",),
                f"the condition refers to {condition.field!r}, which is not a field in this form"
                f"{did_you_mean(condition.field, self.sites)}",
            )
            return
        if condition.field == site.owner:
            self.add(path + ("field",), "a field cannot be shown or hidden by its own answer")
            return
        if target.group is not None and target.group != site.group:
            self.add(
                path + ("field",),
                f"the condition refers to {condition.field!r}, which is inside the repeating "
                f"group {target.group!r}; only fields in that same group can depend on it",
            )
            return
        if site.owner.startswith("page:") and target.page == site.page:
            self.add(
                path + ("field",),
                f"a page cannot be shown or hidden by {condition.field!r}, "
                "a field on the same page",
            )
            return
        referred = target.field
        if referred is not None and referred.type == "guidance":
            self.add(
                path + ("field",),
                f"{condition.field!r} is guidance: it has no answer for a condition to test",
            )
            return
        if referred is None or condition.operator == "answered":
            return
        numeric = referred.type in ("number", "grade", "scale") or (
            referred.family_value in NUMBER_VALUES
        )
        if condition.operator in ("less_than", "more_than"):
            if not numeric:
                self.add(
                    path + (condition.operator,),
                    f"{condition.field!r} is a {referred.type} field; only a number, grade "
                    "or scale can be less or more than a number",
                )
            return
        self.condition_values(condition, referred, path + (condition.operator,))

    def condition_values(self, condition: Condition, referred: Field, where: Path) -> None:
        """The values a condition compares with fit the field it refers to."""
        values = condition.value if condition.operator in ("in", "one_of") else (condition.value,)
        if referred.type == "repeat":
            self.add(where, "a repeating group can only be tested with answered: true")
        elif referred.type == "family_value":
            number = referred.family_value in NUMBER_VALUES
            if not all(
                isinstance(v, bool) != number and (isinstance(v, (int, float)) or not number)
                for v in values
            ):
                self.add(
                    where,
                    f"{condition.field!r} is {referred.family_value} from the family record; "
                    f"compare it with {'a number' if number else 'true or false'}",
                )
        elif referred.type == "yes_no":
            if not all(isinstance(v, bool) for v in values):
                self.add(
                    where, f"{condition.field!r} is a yes/no field; compare it with true or false"
                )
        elif referred.type in ("choice", "multi_choice"):
            known = {o.value for o in referred.options}
            for v in values:
                if isinstance(v, bool):
                    self.add(
                        where,
                        f"{describe(v)} is not one of the options of {condition.field!r}; "
                        "put yes/no/on/off in quotes to mean the text",
                    )
                elif referred.options and str(v) not in known:
                    self.add(
                        where,
                        f"{str(v)!r} is not one of the options of {condition.field!r}"
                        f"{did_you_mean(str(v), known)}",
                    )
        elif referred.type in ("number", "grade", "scale"):
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
                self.add(
                    where,
                    f"{condition.field!r} is a {referred.type} field; compare it with a number",
                )
        elif not all(isinstance(v, str) for v in values):
            self.add(where, f"{condition.field!r} is a {referred.type} field; compare it with text")

    def condition_cycles(self) -> None:
        depends: dict[str, list[str]] = {}
        paths: dict[str, Path] = {}
        for site in self.conditions:
            if (
                not site.owner.startswith("page:")
                and not site.required_only
                and site.condition.field in self.sites
                and site.condition.field != site.owner  # reported on its own
            ):
                depends.setdefault(site.owner, []).append(site.condition.field)
                paths.setdefault(site.owner, site.path)
        reported: set[str] = set()
        for start in depends:
            chain = self.loop_from(start, depends)
            if chain and start not in reported:
                reported.update(chain)
                loop = " -> ".join(chain + [start])
                self.add(
                    paths[start] + ("field",),
                    f"the conditions go round in a circle ({loop}); "
                    "none of them could ever be shown",
                )

    @staticmethod
    def loop_from(start: str, depends: Mapping[str, list[str]]) -> list[str]:
        """A chain of fields whose conditions lead from ``start`` back to it ([] if none)."""
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            current, chain = stack.pop()
            for following in depends.get(current, []):
                if following == start:
                    return chain
                if following not in seen:
                    seen.add(following)
                    stack.append((following, chain + [following]))
        return []

    def scaling(self, value: Any, path: Path) -> Scaling | None:
        data = self.mapping(value, path, "the scaling hints")
        if data is None:
            return None
        self.keys(data, SCALING_KEYS, path, "the scaling hints")
        group = self.named_field(data, "group", path, ("repeat",))
        parts: dict[str, str] = {}
        for key, types in (
            ("name_field", ("text", "person")),
            ("role_field", ("choice", "text")),
            ("score_field", ("scale",)),
        ):
            chosen = self.named_field(data, key, path, types)
            if chosen and group and self.sites[chosen].group != group:
                self.add(path + (key,), f"{chosen!r} must be a field inside the group {group!r}")
            parts[key] = chosen
        heading = self.text(data, "heading", path, required=False)
        introduction = self.text(data, "introduction", path, required=False)
        return Scaling(group=group, heading=heading, introduction=introduction, **parts)

    def map_columns(self, value: Any, path: Path) -> tuple[MapColumn, ...]:
        if not isinstance(value, list) or not value:
            self.add(
                path,
                "map must be a list of columns, each with a title and fields, "
                f"not {describe(value)}",
            )
            return ()
        columns: list[MapColumn] = []
        for index, item in enumerate(value):
            where = path + (index,)
            data = self.mapping(item, where, "a map column")
            if data is None:
                continue
            self.keys(data, MAP_COLUMN_KEYS, where, "a map column")
            title = self.text(data, "title", where, required=True, what="the column's title")
            raw = data.get("fields")
            if not isinstance(raw, list) or not raw:
                self.add(where + ("fields",), "a map column needs a list of field ids")
                continue
            for number, field_id in enumerate(raw):
                site = self.sites.get(field_id) if isinstance(field_id, str) else None
                if site is None:
                    self.add(
                        where + ("fields", number),
                        f"{describe(field_id)} is not a field in this form"
                        f"{did_you_mean(str(field_id), self.sites)}",
                    )
                elif site.group is not None:
                    self.add(
                        where + ("fields", number),
                        f"{field_id!r} is inside a repeating group; "
                        f"name the group {site.group!r} instead",
                    )
            columns.append(MapColumn(title=title, fields=tuple(str(x) for x in raw)))
        return tuple(columns)
