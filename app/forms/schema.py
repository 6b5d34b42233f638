"""Checking a form file and turning it into a :class:`FormDefinition`.

This module is the authority on the format (``forms/schema.json`` describes
the same format for councils' own tools). Every mistake becomes a
:class:`Problem` naming the file, the path inside it (``pages[2].fields[0].type``,
counting from 0) and what is wrong, in words a form author can act on; the line
number is added when it is known.

A file is either a form (it has ``pages``) or a descriptor file (it has
``descriptors_for``). See ``forms/README.md`` for the format.

The checks are built up in layers, each its own module: :mod:`app.forms.value_checks`
(one value), :mod:`app.forms.reference_checks` (references between fields, once all are
known), :mod:`app.forms.field_kinds` (each field type's keys), :mod:`app.forms.field_checks`
(a field); :class:`FormChecker` here adds the form, its pages and descriptor files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from app.forms.definition import (
    OPTION_SOURCES,
    DescriptorSet,
    Field,
    FormDefinition,
    Option,
    OptionLists,
    Page,
)
from app.forms.family_values import CHILD_VALUES
from app.forms.field_checks import FieldChecks
from app.forms.problems import Path, Problem, ReadResult, describe, render_path
from app.forms.value_checks import (
    DESCRIPTOR_FILE_KEYS,
    FORM_KEYS,
    ID_PATTERN,
    PAGE_KEYS,
)

try:  # the C parser is much faster; fall back to the pure Python one
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


# ---------------------------------------------------------------- reading YAML


def read_text(
    text: str, file: str, option_lists: Mapping[str, tuple[Option, ...]] | None = None
) -> ReadResult:
    """Parse and check one file's text. Never raises for a bad file. ``option_lists``
    are the council's lists a form's ``options_from`` may name."""
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
    checker = FormChecker(file, node, option_lists)
    checker.duplicate_keys(node, ())
    document: FormDefinition | DescriptorSet | OptionLists | None = None
    if data is None:
        checker.add((), "the file is empty")
    elif not isinstance(data, dict):
        checker.add(
            (),
            "expected a form (a mapping with id, version, title, kind and pages), "
            f"found {describe(data)}",
        )
    elif "descriptors_for" in data:
        document = checker.descriptor_file(data)
    elif "option_lists" in data:
        document = checker.option_list_file(data)
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


class FormChecker(FieldChecks):
    """Checks a whole form (its pages, fields and references) or a descriptor file."""

    def form(self, data: dict[Any, Any]) -> FormDefinition | None:
        self.keys(data, FORM_KEYS, (), "a form")
        form_id = self.identifier(data, "id", (), "form")
        version = self.version(data, (), "form")
        version_date = self.version_date(data.get("version_date"))
        title = self.text(data, "title", (), required=True, what="the form's title")
        kind = self.identifier(data, "kind", (), "form")
        description = self.text(data, "description", (), required=False)
        per_child = self.flag(data, "per_child", ())
        example = self.flag(data, "example", ())
        pages = self.pages(data.get("pages"), ("pages",))
        self.check_references()
        self.birth_limits(pages, per_child)
        outcome = self.outcome(data.get("outcome"), ("outcome",)) if "outcome" in data else None
        scaling = self.scaling(data.get("scaling"), ("scaling",)) if "scaling" in data else None
        columns = self.map_columns(data.get("map"), ("map",)) if "map" in data else ()
        if self.problems:
            return None
        return FormDefinition(
            id=form_id,
            version=version,
            version_date=version_date,
            title=title,
            kind=kind,
            description=description,
            pages=pages,
            per_child=per_child,
            outcome=outcome,
            scaling=scaling,
            map_columns=columns,
            example=example,
            source=self.file,
        )

    def version_date(self, value: Any) -> dt.date | None:
        """The day this version was issued (optional): what workers tell versions by."""
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(("version_date",), f"version_date must be a date such as 2026-03-01, "
                 f"not {describe(value)}")
        return None

    def pages(self, value: Any, path: Path) -> tuple[Page, ...]:
        if value is None:
            self.add(path, "missing: a form needs pages, each with its fields")
            return ()
        if not isinstance(value, list) or not value:
            self.add(path, f"pages must be a list with at least one page, not {describe(value)}")
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
                self.add_condition(
                    condition, path + ("visible_if",), f"page:{page_id}", None, page_id
                )
        raw_fields = data.get("fields")
        if raw_fields is None or (isinstance(raw_fields, list) and not raw_fields):
            self.add(path + ("fields",), "a page needs at least one field")
            fields: tuple[Field, ...] = ()
        elif not isinstance(raw_fields, list):
            self.add(path + ("fields",), f"fields must be a list, not {describe(raw_fields)}")
            fields = ()
        else:
            fields = self.fields(raw_fields, path + ("fields",), page_id, None)
        if not page_id:
            return None
        return Page(id=page_id, title=title, help=help_text, fields=fields, visible_if=condition)

    def birth_limits(self, pages: tuple[Page, ...], per_child: bool) -> None:
        """A date that may not be before a child's birth needs a child: the form's own
        (``per_child``) or, inside a repeating group, the row's person; so does a value
        about the child from the family record."""
        for page in pages:
            for top in page.fields:
                if top.for_each:
                    self.for_each(top)
                if top.family_value in CHILD_VALUES and not per_child:
                    self.add(
                        self.sites[top.id].path + ("value",),
                        f"{top.family_value} is about the child the form is about: make the "
                        "form per_child",
                    )
                in_group = [sub for sub in top.fields if sub.not_before_birth]
                about = any(sub.type == "person" and not sub.multiple for sub in top.fields)
                unplaced = ([top] if top.not_before_birth else []) + ([] if about else in_group)
                for item in unplaced if not per_child else ():
                    self.add(
                        self.sites[item.id].path + ("not_before_birth",),
                        "not_before_birth needs the child the date is about: make the form "
                        "per_child, or put the date in a repeating group with a person field "
                        "(one person per row)",
                    )

    def for_each(self, group: Field) -> None:
        """A group repeated for each person chosen earlier: it names a person field
        taking several people, and its first field is the row's person."""
        where = self.sites[group.id].path + ("for_each",)
        chosen = self.sites.get(group.for_each)
        named = chosen.field if chosen is not None and chosen.group is None else None
        if named is None or named.type != "person" or not named.multiple:
            self.add(
                where,
                f"for_each must name a person field that takes several people (multiple: "
                f"true), outside any group; {group.for_each!r} is not one",
            )
        first = group.fields[0] if group.fields else None
        if first is None or first.type != "person" or first.multiple:
            self.add(
                where,
                "a group repeated for each person needs a person field (one person) first: "
                "the row's person, filled in by Hearth",
            )

    def option_list_file(self, data: dict[Any, Any]) -> OptionLists | None:
        """A council's option lists: ``option_lists: {name: [options...]}``."""
        self.keys(data, ("option_lists",), (), "an option list file")
        raw = data.get("option_lists")
        lists: dict[str, tuple[Option, ...]] = {}
        if not isinstance(raw, dict) or not raw:
            self.add(
                ("option_lists",),
                f"option_lists must name each list and give its options, not {describe(raw)}",
            )
            return None
        for name, options in raw.items():
            path: Path = ("option_lists", str(name))
            if not isinstance(name, str) or not ID_PATTERN.match(name):
                self.add(
                    path,
                    f"list name {describe(name)} must use lower-case letters, digits and "
                    "underscores, starting with a letter",
                )
            elif name in OPTION_SOURCES:
                self.add(path, f"{name!r} is Hearth's own list; give yours another name")
            elif not isinstance(options, list):
                self.add(path, f"a list needs its options listed, not {describe(options)}")
            elif not options:
                self.add(path, "a list needs at least one option; this one is empty")
            else:
                lists[name] = self.options(options, path, key="")
        return None if self.problems else OptionLists(lists, self.file)

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
                        f"entry name {describe(key)} must use lower-case letters, "
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
    """Where a field sits in its form's file, as a path (an "other, please say" text
    box: where its choice is)."""
    field_id = form.field(field_id).other_of or field_id
    for page_index, page in enumerate(form.pages):
        written = [top for top in page.fields if not top.other_of]
        for index, top in enumerate(written):
            if top.id == field_id:
                return ("pages", page_index, "fields", index)
            subs = [sub for sub in top.fields if not sub.other_of]
            for sub_index, sub in enumerate(subs):
                if sub.id == field_id:
                    return ("pages", page_index, "fields", index, "fields", sub_index)
    raise KeyError(field_id)
