"""Checking a form file and turning it into a :class:`FormDefinition`.

This module is the authority on the format (``forms/schema.json`` describes
the same format for councils' own tools). Every mistake becomes a
:class:`Problem` naming the file, the path inside it (``pages[2].fields[0].type``,
counting from 0) and what is wrong, in words a form author can act on; the line
number is added when it is known.

A file is either a form (it has ``pages``) or a descriptor file (it has
``descriptors_for``). See ``forms/README.md`` for the format.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from app.forms.definition import (
    FIELD_TYPES,
    GRADES,
    OPTION_SOURCES,
    PERSON_FILTERS,
    Condition,
    DescriptorSet,
    Field,
    FormDefinition,
    MapColumn,
    Option,
    Outcome,
    Page,
    Scaling,
)

try:  # the C parser is much faster; fall back to the pure Python one
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

PathPart = str | int
Path = tuple[PathPart, ...]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
DESCRIPTOR_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

FORM_KEYS = (
    "id",
    "version",
    "title",
    "kind",
    "description",
    "per_child",
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
COMMON_FIELD_KEYS = ("id", "type", "label", "help", "required", "visible_if")
TYPE_KEYS: Mapping[str, tuple[str, ...]] = {
    "text": ("max_length",),
    "long_text": ("max_length",),
    "choice": ("options", "options_from"),
    "multi_choice": ("options", "options_from"),
    "date": (),
    "number": ("min", "max", "integer", "unit"),
    "yes_no": (),
    "person": ("filter", "multiple"),
    "grade": ("descriptors", "descriptors_from", "suggested_from"),
    "scale": ("min", "max", "low_label", "high_label"),
    "repeat": ("fields", "min_rows", "max_rows", "row_label", "add_label"),
}
ALL_FIELD_KEYS = tuple(sorted(set(COMMON_FIELD_KEYS).union(*TYPE_KEYS.values())))
CONDITION_OPERATORS = ("equals", "in", "answered")
OUTCOME_KEYS = ("recommended_level_field", "fam_needed_field")
SCALING_KEYS = ("group", "name_field", "role_field", "score_field")
MAP_COLUMN_KEYS = ("title", "fields")


@dataclass(frozen=True)
class Problem:
    """One mistake in a definition file."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.file}: {self.path}: {self.message}{where}"


@dataclass(frozen=True)
class ReadResult:
    """What reading one file gave: a form, a descriptor set, or neither, plus
    its problems. ``node`` is the YAML node tree, kept to find line numbers for
    problems found later (e.g. when checking references between files)."""

    file: str
    document: FormDefinition | DescriptorSet | None
    problems: tuple[Problem, ...]
    node: Any = field(default=None, repr=False, compare=False)

    def problem_at(self, path: Path, message: str) -> Problem:
        return Problem(self.file, render_path(path), message, line_of(self.node, path))


def render_path(path: Path) -> str:
    if not path:
        return "(file)"
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def line_of(node: Any, path: Path) -> int | None:
    """The 1-based line of the node at ``path`` (of its key, for a mapping
    entry); the nearest enclosing node's line if the path goes further than
    the file does."""
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for index, part in enumerate(path):
        last = index == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    if not last:
                        line = node.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# ---------------------------------------------------------------- reading YAML


def read_text(text: str, file: str) -> ReadResult:
    """Parse and check one file's text. Never raises for a bad file."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        what = exc.problem or exc.context or "unreadable"
        return ReadResult(
            file, None, (Problem(file, "(file)", f"not valid YAML{where}: {what}", line),)
        )
    except yaml.YAMLError as exc:
        return ReadResult(file, None, (Problem(file, "(file)", f"not valid YAML: {exc}"),))
    finally:
        loader.dispose()
    checker = _Checker(file, node)
    checker.duplicate_keys(node, ())
    document: FormDefinition | DescriptorSet | None = None
    if data is None:
        checker.add((), "the file is empty")
    elif not isinstance(data, dict):
        checker.add(
            (),
            "expected a form (a mapping with id, version, title, kind and pages), "
            f"found {_describe(data)}",
        )
    elif "descriptors_for" in data:
        document = checker.descriptor_file(data)
    else:
        document = checker.form(data)
    if checker.problems:
        document = None
    return ReadResult(file, document, tuple(checker.problems), node)


def read_form(text: str, file: str) -> FormDefinition | list[Problem]:
    """A checked form, or the list of its problems."""
    result = read_text(text, file)
    if isinstance(result.document, FormDefinition):
        return result.document
    if result.problems:
        return list(result.problems)
    return [Problem(file, "(file)", "this is a descriptor file, not a form")]


def read_descriptor_file(text: str, file: str) -> DescriptorSet | list[Problem]:
    """A checked descriptor file (e.g. a council's licensed GCP2 wording), or its problems."""
    result = read_text(text, file)
    if isinstance(result.document, DescriptorSet):
        return result.document
    if result.problems:
        return list(result.problems)
    return [
        Problem(file, "(file)", "this is a form, not a descriptor file (it has no descriptors_for)")
    ]


# ---------------------------------------------------------------- the checks


@dataclass
class _FieldSite:
    field: Field | None
    path: Path
    group: str | None  # the repeating group it is in, if any
    page: str


@dataclass
class _ConditionSite:
    condition: Condition
    path: Path
    owner: str  # a field id, or "page:<id>"
    group: str | None
    page: str


class _Checker:
    def __init__(self, file: str, node: Any) -> None:
        self.file = file
        self.node = node
        self.problems: list[Problem] = []
        self.sites: dict[str, _FieldSite] = {}
        self.conditions: list[_ConditionSite] = []
        self.suggestions: list[tuple[str, tuple[str, ...], Path]] = []

    def add(self, path: Path, message: str) -> None:
        self.problems.append(
            Problem(self.file, render_path(path), message, line_of(self.node, path))
        )

    # ---- generic helpers

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
                    f"unknown key {str(key)!r} for {what}{_did_you_mean(str(key), allowed)}",
                )

    def mapping(self, value: Any, path: Path, what: str) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return value
        self.add(path, f"expected {what} (a mapping of keys and values), found {_describe(value)}")
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
            self.add(path + (key,), f"{key} must be text, not {_describe(value)}")
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
                f"{what} {key} {_describe(value)} must use lower-case letters, digits and "
                "underscores, starting with a letter",
            )
            return ""
        return value

    def flag(self, data: Mapping[Any, Any], key: str, path: Path, default: bool = False) -> bool:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, bool):
            self.add(path + (key,), f"{key} must be true or false, not {_describe(value)}")
            return default
        return value

    def whole_number(
        self, data: Mapping[Any, Any], key: str, path: Path, *, minimum: int = 0
    ) -> int | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path + (key,), f"{key} must be a whole number, not {_describe(value)}")
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
            self.add(path + (key,), f"{key} must be a number, not {_describe(value)}")
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
                f"version must be a whole number such as 1 or 2, not {_describe(value)}",
            )
            return 0
        return value

    # ---- a form

    def form(self, data: dict[Any, Any]) -> FormDefinition | None:
        self.keys(data, FORM_KEYS, (), "a form")
        form_id = self.identifier(data, "id", (), "form")
        version = self.version(data, (), "form")
        title = self.text(data, "title", (), required=True, what="the form's title")
        kind = self.identifier(data, "kind", (), "form")
        description = self.text(data, "description", (), required=False)
        per_child = self.flag(data, "per_child", ())
        pages = self.pages(data.get("pages"), ("pages",))
        self.check_references()
        outcome = self.outcome(data.get("outcome"), ("outcome",)) if "outcome" in data else None
        scaling = self.scaling(data.get("scaling"), ("scaling",)) if "scaling" in data else None
        columns = self.map_columns(data.get("map"), ("map",)) if "map" in data else ()
        if self.problems:
            return None
        return FormDefinition(
            id=form_id,
            version=version,
            title=title,
            kind=kind,
            description=description,
            pages=pages,
            per_child=per_child,
            outcome=outcome,
            scaling=scaling,
            map_columns=columns,
            source=self.file,
        )

    def pages(self, value: Any, path: Path) -> tuple[Page, ...]:
        if value is None:
            self.add(path, "missing: a form needs pages, each with its fields")
            return ()
        if not isinstance(value, list) or not value:
            self.add(path, f"pages must be a list with at least one page, not {_describe(value)}")
            return ()
        pages: list[Page] = []
        seen: dict[str, Path] = {}
        for index, item in enumerate(value):
            page = self.page(item, path + (index,))
            if page is None:
                continue
            if page.id in seen:
                self.add(
                    path + (index, "id"),
                    f"duplicate page id {page.id!r} (already used at {render_path(seen[page.id])})",
                )
                continue
            seen[page.id] = path + (index,)
            pages.append(page)
        return tuple(pages)

    def page(self, value: Any, path: Path) -> Page | None:
        data = self.mapping(value, path, "a page")
        if data is None:
            return None
        self.keys(data, PAGE_KEYS, path, "a page")
        page_id = self.identifier(data, "id", path, "page")
        title = self.text(data, "title", path, required=True, what="the page's title")
        help_text = self.text(data, "help", path, required=False)
        condition = None
        if "visible_if" in data:
            condition = self.condition(data["visible_if"], path + ("visible_if",))
            if condition is not None:
                self.conditions.append(
                    _ConditionSite(
                        condition, path + ("visible_if",), f"page:{page_id}", None, page_id
                    )
                )
        raw_fields = data.get("fields")
        if raw_fields is None or (isinstance(raw_fields, list) and not raw_fields):
            self.add(path + ("fields",), "a page needs at least one field")
            fields: tuple[Field, ...] = ()
        elif not isinstance(raw_fields, list):
            self.add(path + ("fields",), f"fields must be a list, not {_describe(raw_fields)}")
            fields = ()
        else:
            fields = self.fields(raw_fields, path + ("fields",), page_id, None)
        if not page_id:
            return None
        return Page(id=page_id, title=title, help=help_text, fields=fields, visible_if=condition)

    def fields(
        self, items: list[Any], path: Path, page_id: str, group: str | None
    ) -> tuple[Field, ...]:
        out = []
        for index, item in enumerate(items):
            made = self.field(item, path + (index,), page_id, group)
            if made is not None:
                out.append(made)
        return tuple(out)

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
                self.sites[field_id] = _FieldSite(None, path, group, page_id)
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
                f"unknown field type {_describe(kind)}"
                f"{_did_you_mean(str(kind), FIELD_TYPES)} (known types: {', '.join(FIELD_TYPES)})",
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
                    f"unknown key {str(key)!r} for a field{_did_you_mean(str(key), allowed)}",
                )
        label = self.text(data, "label", path, required=True, what="the field's label")
        help_text = self.text(data, "help", path, required=False)
        required = self.flag(data, "required", path)
        condition = None
        if "visible_if" in data:
            condition = self.condition(data["visible_if"], path + ("visible_if",))
            if condition is not None and field_id:
                self.conditions.append(
                    _ConditionSite(condition, path + ("visible_if",), field_id, group, page_id)
                )
        extra: dict[str, Any] = {}
        if kind in ("text", "long_text"):
            extra["max_length"] = self.whole_number(data, "max_length", path, minimum=1)
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
        if not field_id:
            return None
        made = Field(
            id=field_id,
            type=kind,
            label=label,
            help=help_text,
            required=required,
            visible_if=condition,
            **extra,
        )
        self.sites[field_id].field = made
        return made

    def choice(self, data: Mapping[Any, Any], path: Path) -> dict[str, Any]:
        has_options, has_source = "options" in data, "options_from" in data
        if has_options and has_source:
            self.add(path + ("options_from",), "use either options or options_from, not both")
            return {}
        if has_source:
            source = data["options_from"]
            if source not in OPTION_SOURCES:
                self.add(
                    path + ("options_from",),
                    f"unknown option list {_describe(source)}"
                    f"{_did_you_mean(str(source), OPTION_SOURCES)} "
                    f"(known lists: {', '.join(OPTION_SOURCES)})",
                )
                return {}
            return {"options_from": source}
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
                f"options must be a list of at least one option, not {_describe(raw)}",
            )
            return {}
        options: list[Option] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            where = path + ("options", index)
            if isinstance(item, dict):
                self.keys(item, ("value", "label"), where, "an option")
                value, label = item.get("value"), item.get("label")
            else:
                value, label = item, item
            if isinstance(value, bool) or value is None:
                self.add(
                    where,
                    f"option value {_describe(value)} is not text; YAML reads yes, no, true, "
                    "false, on and off as yes-or-no, so put the value in quotes",
                )
                continue
            if not isinstance(value, (str, int, float)):
                self.add(
                    where,
                    f"an option must be text or have a value and a label, not {_describe(value)}",
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
            options.append(Option(value, str(label).strip()))
        return {"options": tuple(options)}

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
                f"unknown person filter {_describe(chosen)} "
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
                        f"grades run from 1 to 5; {_describe(key)} is not a grade",
                    )
                    continue
                items[grade] = value
        else:
            self.add(
                path,
                f"descriptors must give a descriptor for each grade 1 to 5, not {_describe(raw)}",
            )
            return ()
        out: list[str] = []
        for grade in GRADES:
            value = items.get(grade)
            where = path + ((str(grade),) if isinstance(raw, dict) else (grade - 1,))
            if value is not None and not isinstance(value, str):
                self.add(
                    where,
                    f"the descriptor for grade {grade} must be text, not {_describe(value)}",
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
                    f"'gcp2.nutrition', not {_describe(key)}",
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
                    f"suggested_from must be a list of grade field ids, not {_describe(raw)}",
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
                        f"{key} of a scale must be a whole number, not {_describe(value)}",
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
            self.add(path + ("fields",), f"fields must be a list, not {_describe(raw)}")
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
            add_label=self.text(data, "add_label", path, required=False),
        )
        return out

    def condition(self, value: Any, path: Path) -> Condition | None:
        data = self.mapping(value, path, "a condition such as {field: some_id, equals: true}")
        if data is None:
            return None
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
                "a condition needs exactly one of equals, in or answered "
                f"(found {', '.join(operators) if operators else 'none'})",
            )
            return None
        operator = operators[0]
        operand = data[operator]
        if operator == "in":
            if not isinstance(operand, list) or not operand:
                self.add(path + ("in",), f"in must be a list of values, not {_describe(operand)}")
                return None
            operand = tuple(operand)
        elif operator == "answered" and not isinstance(operand, bool):
            self.add(
                path + ("answered",), f"answered must be true or false, not {_describe(operand)}"
            )
            return None
        elif operator == "equals" and (operand is None or isinstance(operand, (dict, list))):
            self.add(path + ("equals",), f"equals needs a single value, not {_describe(operand)}")
            return None
        return Condition(field=target, operator=operator, value=operand)

    # ---- references between fields, checked once every field is known

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
                        f"{_did_you_mean(source, self.sites)}",
                    )
                elif source == owner:
                    self.add(path + (index,), "a grade cannot be suggested from itself")
                elif target.field is not None and target.field.type != "grade":
                    self.add(
                        path + (index,),
                        f"suggested_from refers to {source!r}, a {target.field.type} field; "
                        "it must be a grade field",
                    )

    def condition_target(self, site: _ConditionSite) -> None:
        condition, path = site.condition, site.path
        target = self.sites.get(condition.field)
        if target is None:
            self.add(
                path + ("field",),
                f"the condition refers to {condition.field!r}, which is not a field in this form"
                f"{_did_you_mean(condition.field, self.sites)}",
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
        if referred is None or condition.operator == "answered":
            return
        values = condition.value if condition.operator == "in" else (condition.value,)
        where = path + (condition.operator,)
        if referred.type == "repeat":
            self.add(where, "a repeating group can only be tested with answered: true")
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
                        f"{_describe(v)} is not one of the options of {condition.field!r}; "
                        "put yes/no/on/off in quotes to mean the text",
                    )
                elif referred.options and str(v) not in known:
                    self.add(
                        where,
                        f"{str(v)!r} is not one of the options of {condition.field!r}"
                        f"{_did_you_mean(str(v), known)}",
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
        depends: dict[str, str] = {}
        paths: dict[str, Path] = {}
        for site in self.conditions:
            if (
                not site.owner.startswith("page:")
                and site.condition.field in self.sites
                and site.condition.field != site.owner  # reported on its own
            ):
                depends[site.owner] = site.condition.field
                paths[site.owner] = site.path
        reported: set[str] = set()
        for start in depends:
            chain = [start]
            current = depends.get(start)
            while current is not None and current not in chain:
                chain.append(current)
                current = depends.get(current)
            if current == start and start not in reported:
                reported.update(chain)
                loop = " -> ".join(chain + [start])
                self.add(
                    paths[start] + ("field",),
                    f"the conditions go round in a circle ({loop}); "
                    "none of them could ever be shown",
                )

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
                f"{key} refers to {_describe(value)}, which is not a field in this form"
                f"{_did_you_mean(str(value), self.sites)}",
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
        level = fam = ""
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
        return Outcome(recommended_level_field=level, fam_needed_field=fam)

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
        return Scaling(group=group, **parts)

    def map_columns(self, value: Any, path: Path) -> tuple[MapColumn, ...]:
        if not isinstance(value, list) or not value:
            self.add(
                path,
                "map must be a list of columns, each with a title and fields, "
                f"not {_describe(value)}",
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
                        f"{_describe(field_id)} is not a field in this form"
                        f"{_did_you_mean(str(field_id), self.sites)}",
                    )
                elif site.group is not None:
                    self.add(
                        where + ("fields", number),
                        f"{field_id!r} is inside a repeating group; "
                        f"name the group {site.group!r} instead",
                    )
            columns.append(MapColumn(title=title, fields=tuple(str(x) for x in raw)))
        return tuple(columns)

    # ---- a descriptor file

    def descriptor_file(self, data: dict[Any, Any]) -> DescriptorSet | None:
        self.keys(data, DESCRIPTOR_FILE_KEYS, (), "a descriptor file")
        name = self.identifier(data, "descriptors_for", (), "descriptor file")
        file_id = self.identifier(data, "id", (), "descriptor file")
        version = self.version(data, (), "descriptor file")
        title = self.text(data, "title", (), required=True, what="the descriptor file's title")
        licensed = self.flag(data, "licensed", ())
        note = self.text(data, "source", (), required=False)
        raw = data.get("descriptors")
        entries: dict[str, tuple[str, ...]] = {}
        if not isinstance(raw, dict) or not raw:
            self.add(
                ("descriptors",),
                "missing: a descriptor file needs descriptors: for each entry, a descriptor "
                "for each grade 1 to 5",
            )
        else:
            for key, value in raw.items():
                if not isinstance(key, str) or not ID_PATTERN.match(key):
                    self.add(
                        ("descriptors", str(key)),
                        f"entry name {_describe(key)} must use lower-case letters, "
                        "digits and underscores",
                    )
                    continue
                entries[key] = self.grade_descriptors(value, ("descriptors", key))
        if self.problems:
            return None
        return DescriptorSet(
            name=name,
            id=file_id,
            version=version,
            title=title,
            licensed=licensed,
            entries=entries,
            source_note=note,
            source=self.file,
        )


def field_path(form: FormDefinition, field_id: str) -> Path:
    """Where a field sits in its form's file, as a path."""
    for page_index, page in enumerate(form.pages):
        for index, top in enumerate(page.fields):
            if top.id == field_id:
                return ("pages", page_index, "fields", index)
            for sub_index, sub in enumerate(top.fields):
                if sub.id == field_id:
                    return ("pages", page_index, "fields", index, "fields", sub_index)
    raise KeyError(field_id)
