"""Checking answers against a form definition.

Answers are JSON keyed by field id (see :mod:`app.forms.definition` for the
value of each type). A field that is hidden by its ``visible_if`` (or on a
hidden page) is never required and its answer is ignored; a hidden field also
hides the fields that depend on it, whatever its stale answer says.

Problems are ``{field path: message}``; a field inside a repeating group has
the path ``group[row].field`` with rows counted from 0. Messages are sentences
fit to show beside the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.forms.answer_checks import FIELD_CHECKS, answer_date
from app.forms.confirmations import confirmation_text
from app.forms.definition import (
    Condition,
    Field,
    FormDefinition,
    Option,
    Page,
    options_for,
)
from app.forms.family_values import value_words
from app.forms.identifiers import before_birth_problem, tidy_identifier
from app.forms.person_kinds import nobody_fits, wrong_kind
from app.forms.pictures import picture_words
from app.forms.rows import missing_rows, row_person

Answers = Mapping[str, Any]

# Which family roles (app.reference.choices.PERSON_ROLES codes) each person filter allows;
# kept for older callers: a field's own ``person_roles`` (from ``takes``) is what counts.
FILTER_ROLES: Mapping[str, frozenset[str]] = {
    "children": frozenset({"child", "unborn"}),
    "adults": frozenset({"parent_carer", "significant_adult"}),
}

REQUIRED_MESSAGES: Mapping[str, str] = {
    "text": "Please answer this question.",
    "long_text": "Please answer this question.",
    "choice": "Please choose an answer.",
    "multi_choice": "Please choose at least one answer.",
    "date": "Please enter a date.",
    "number": "Please enter a number.",
    "yes_no": "Please answer yes or no.",
    "person": "Please choose a person.",
    "grade": "Please choose a grade from 1 to 5.",
    "scale": "Please choose a score.",
    "repeat": "Please add at least one row.",
    "guidance": "",
    "confirmation": "Please tick to confirm.",
    "family_value": "",
    "picture": "Please attach a picture.",
}


def is_answered(value: Any) -> bool:
    """False for a missing answer: None, blank text or an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return True


def _same(answer: Any, wanted: Any) -> bool:
    # true must not equal 1, nor false 0
    if isinstance(answer, bool) or isinstance(wanted, bool):
        return isinstance(answer, bool) and isinstance(wanted, bool) and answer == wanted
    # option values are stored as text, even when the file wrote them as numbers
    if isinstance(answer, str) and isinstance(wanted, (int, float)):
        return answer == str(wanted)
    return bool(answer == wanted)


def condition_holds(condition: Condition, value: Any) -> bool:
    """Whether a condition on one field holds for that field's answer."""
    if condition.operator == "answered":
        return is_answered(value) == bool(condition.value)
    if not is_answered(value):
        return False
    if condition.operator in ("less_than", "more_than"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        limit = float(condition.value)
        return value < limit if condition.operator == "less_than" else value > limit
    several = condition.operator in ("in", "one_of")
    wanted: Sequence[Any] = condition.value if several else (condition.value,)
    chosen: Sequence[Any] = value if isinstance(value, (list, tuple)) else (value,)
    return any(_same(have, want) for have in chosen for want in wanted)


def visible(field: Field | Page, answers: Answers, row: Mapping[str, Any] | None = None) -> bool:
    """Whether a field (or page) is shown, given the answers so far.

    For a field inside a repeating group pass its ``row``: a condition on a
    field of the same group reads that row.
    """
    condition = field.visible_if
    return condition is None or holds(condition, answers, row)


def holds(condition: Condition, answers: Answers, row: Mapping[str, Any] | None = None) -> bool:
    """Whether a condition (perhaps combining others) holds for the answers; a field of
    the same repeating group is read from ``row``."""
    if condition.operator == "all":
        return all(holds(part, answers, row) for part in condition.parts)
    if condition.operator == "any":
        return any(holds(part, answers, row) for part in condition.parts)
    if condition.operator == "not":
        return not holds(condition.parts[0], answers, row)
    if row is not None and condition.field in row:
        return condition_holds(condition, row[condition.field])
    return condition_holds(condition, answers.get(condition.field))


def visible_answers(definition: FormDefinition, answers: Answers) -> dict[str, Any]:
    """The answers without those to hidden fields (repeated until nothing
    changes, so a chain of conditions hides all the way down). Keys the form
    does not know are kept untouched."""
    current: dict[str, Any] = dict(answers)
    for _ in range(len(definition.pages) + sum(1 for _ in definition.all_fields()) + 1):
        changed = False
        for page in definition.pages:
            shown_page = visible(page, current)
            for item in page.fields:
                if item.id not in current:
                    continue
                if not (shown_page and visible(item, current)):
                    del current[item.id]
                    changed = True
                    continue
                rows = current[item.id]
                if item.is_repeat and isinstance(rows, list):
                    new_rows = [_visible_row(item, current, row) for row in rows]
                    if new_rows != rows:
                        current[item.id] = new_rows
                        changed = True
        if not changed:
            break
    return current


def _visible_row(group: Field, answers: Answers, row: Any) -> Any:
    if not isinstance(row, Mapping):
        return row
    kept = dict(row)
    for _ in range(len(group.fields) + 1):
        hidden = [
            sub.id for sub in group.fields if sub.id in kept and not visible(sub, answers, kept)
        ]
        if not hidden:
            break
        for field_id in hidden:
            del kept[field_id]
    return kept


# ---------------------------------------------------------------- one value


def value_problem(
    field: Field,
    value: Any,
    *,
    options: Mapping[str, Sequence[Option]] | None = None,
    people: Mapping[str, str] | None = None,
) -> str | None:
    """What is wrong with an answer given to a field, or None. ``value`` is
    assumed answered (see :func:`is_answered`). ``people`` maps each person id
    in the family to their role code; without it person ids are not checked."""
    if field.type == "person":
        return _person_problem(field, value, people)
    check = FIELD_CHECKS.get(field.type)
    if check is None:  # pragma: no cover - the schema rules this out
        return f"Unknown field type {field.type!r}."
    return check(field, value, options)


def _person_problem(field: Field, value: Any, people: Mapping[str, str] | None) -> str | None:
    ids = value if field.multiple else [value]
    if field.multiple and not isinstance(value, list):
        return "This answer should be a list of people."
    if not all(isinstance(v, str) and v for v in ids):
        return "Please choose a person from the family."
    if people is not None:
        for person_id in ids:
            if person_id not in people:
                return "That person is not in this family."
            if people[person_id] not in field.person_roles:
                return wrong_kind(field, people[person_id])
    if field.multiple and len(set(ids)) != len(ids):
        return "The same person is chosen twice."
    return None


# ---------------------------------------------------------------- pages and forms


@dataclass(frozen=True)
class _Checking:
    """What checking answers needs beyond the form: option lists, the family's people
    (id -> role), their dates of birth (id -> (date, name)) and the child a date is about."""

    options: Mapping[str, Sequence[Option]] | None
    people: Mapping[str, str] | None
    births: Mapping[str, tuple[dt.date, str]]
    about: str | None
    row: Mapping[str, Any] | None = None  # the row of a repeating group being checked


def _check(
    field: Field, value: Any, path: str, answers: Answers, problems: dict[str, str], ctx: _Checking
) -> None:
    if not is_answered(value):
        if nobody_fits(field, ctx.people):
            return
        if field.required or (
            field.required_if is not None and holds(field.required_if, answers, ctx.row)
        ):
            problems[path] = (
                _value_check(field)
                if field.type == "grade"
                else REQUIRED_MESSAGES[field.type]
            )
        elif field.is_repeat and field.min_rows > 0:
            problems[path] = _rows_message(field.min_rows)
        return
    problem = value_problem(field, value, options=ctx.options, people=ctx.people)
    if problem is None and field.not_before_birth and ctx.about and ctx.about in ctx.births:
        born, name = ctx.births[ctx.about]
        problem = before_birth_problem(answer_date(value) or born, born, name)
    if problem is not None:
        problems[path] = problem
        return
    if not field.is_repeat:
        return
    rows: list[Any] = value
    missing = missing_rows(field, answers, rows)
    if missing:
        problems[path] = missing
    elif len(rows) < field.min_rows:
        problems[path] = _rows_message(field.min_rows)
    elif field.max_rows is not None and len(rows) > field.max_rows:
        problems[path] = f"There can be at most {field.max_rows} rows here."
    for index, row in enumerate(rows):
        row_path = f"{path}[{index}]"
        if not isinstance(row, Mapping):
            problems[row_path] = "This row could not be read."
            continue
        row_ctx = replace(ctx, about=row_person(field, row) or ctx.about, row=row)
        for sub in field.fields:
            if visible(sub, answers, row):
                _check(sub, row.get(sub.id), f"{row_path}.{sub.id}", answers, problems, row_ctx)


def _value_check(field: Field) -> str:
    """The message for a grade not chosen: the grades it runs between."""
    points = field.grade_points
    return f"Please choose a grade from {points[0]} to {points[-1]}."


def _rows_message(count: int) -> str:
    return "Please add at least one row." if count == 1 else f"Please add at least {count} rows."


def _page_problems(page: Page, effective: Answers, ctx: _Checking) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not visible(page, effective):
        return problems
    for item in page.fields:
        if visible(item, effective):
            _check(item, effective.get(item.id), item.id, effective, problems, ctx)
    return problems


def validate_page(
    definition: FormDefinition,
    page_id: str,
    answers: Answers,
    *,
    options: Mapping[str, Sequence[Option]] | None = None,
    people: Mapping[str, str] | None = None,
    births: Mapping[str, tuple[dt.date, str]] | None = None,
    about: str | None = None,
) -> dict[str, str]:
    """What is missing or wrong on one page (empty when it can be left).

    ``options`` supplies the named lists (see ``app.reference.form_options``); a choice
    whose list is not supplied is only checked for being text. ``births`` (person id ->
    date of birth and name) and ``about`` (the child a per-child form is about) let a
    date with ``not_before_birth`` be checked; without them it is not.
    """
    effective = visible_answers(definition, answers)
    ctx = _Checking(options, people, births or {}, about)
    return _page_problems(definition.page(page_id), effective, ctx)


def validate_answers(
    definition: FormDefinition,
    answers: Answers,
    *,
    options: Mapping[str, Sequence[Option]] | None = None,
    people: Mapping[str, str] | None = None,
    births: Mapping[str, tuple[dt.date, str]] | None = None,
    about: str | None = None,
) -> dict[str, str]:
    """Every problem in the whole form, page by page (empty when it can be completed)."""
    effective = visible_answers(definition, answers)
    ctx = _Checking(options, people, births or {}, about)
    problems: dict[str, str] = {}
    for page in definition.pages:
        problems.update(_page_problems(page, effective, ctx))
    return problems


def field_id_of(path: str) -> str:
    """The top-level field id in a problem path (``scaling`` for ``scaling[1].score``)."""
    return path.split("[", 1)[0].split(".", 1)[0]


def first_page_with_problems(definition: FormDefinition, problems: Mapping[str, str]) -> str | None:
    """The id of the earliest page with a problem, to take the worker there."""
    pages = {definition.page_of(field_id_of(path)) for path in problems}
    for page in definition.pages:
        if page.id in pages:
            return page.id
    return None


def visible_pages(definition: FormDefinition, answers: Answers) -> list[Page]:
    effective = visible_answers(definition, answers)
    return [page for page in definition.pages if visible(page, effective)]


# ---------------------------------------------------------------- showing answers


def display_value(
    field: Field,
    value: Any,
    *,
    options: Mapping[str, Sequence[Option]] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """An answer in words, for read-only views and documents (not for repeats).
    ``names`` maps person ids to names."""
    if not is_answered(value):
        return ""
    kind = field.type
    if kind in ("choice", "multi_choice"):
        known = {o.value: o.label for o in (options_for(field, options) or ())}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(known.get(str(v), str(v)) for v in chosen)
    if kind == "yes_no":
        return "Yes" if value is True else "No" if value is False else str(value)
    if kind == "person":
        ids = value if isinstance(value, list) else [value]
        return ", ".join((names or {}).get(str(v), "Someone no longer in the family") for v in ids)
    if kind == "date":
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.day} {day:%B %Y}"
    if kind == "grade":  # with the form's own words for it, when it has them inline
        points = field.grade_points
        words = (field.descriptors[points.index(value)]
                 if value in points and len(field.descriptors) == len(points) else "")
        return f"Grade {value}" + (f": {words}" if words else "")
    if kind == "scale":
        high = int(field.maximum if field.maximum is not None else 10)
        wording = field.point_label(value)
        return f"{value} out of {high}" + (f": {wording}" if wording else "")
    if kind == "number":
        shown = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        return f"{shown} {field.unit}".strip()
    if kind == "confirmation":
        return confirmation_text(value)
    if kind == "family_value":
        return value_words(field.family_value, value)
    if kind == "picture":
        return picture_words(value)
    if kind == "repeat":
        count = len(value) if isinstance(value, list) else 0
        return f"{count} row" + ("" if count == 1 else "s")
    if field.validate and isinstance(value, str):
        return tidy_identifier(field.validate, value)
    return str(value)
