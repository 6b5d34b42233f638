"""Checking one answer against its field alone: is it the right kind of value, within
the field's limits, one of its choices?

One check per field type, each ``(field, value, options) -> message or None``; messages
are sentences fit to show beside the field. :func:`app.forms.answers.value_problem`
uses them (and checks a person answer against the family itself).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.forms.confirmations import confirmation_problem
from app.forms.definition import Field, Option, options_for
from app.forms.family_values import value_problem as family_value_problem
from app.forms.identifiers import identifier_problem, not_in_future_problem
from app.forms.pictures import picture_problem

Options = Mapping[str, Sequence[Option]] | None

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _text_problem(field: Field, value: Any, options: Options) -> str | None:
    if not isinstance(value, str):
        return "This answer should be text."
    if field.max_length is not None and len(value) > field.max_length:
        return (
            f"Please keep this to {field.max_length} characters or fewer (it has {len(value)})."
        )
    if field.validate:
        return identifier_problem(field.validate, value)
    return None


def _choice_problem(field: Field, value: Any, options: Options) -> str | None:
    kind = field.type
    chosen = value if kind == "multi_choice" else [value]
    if kind == "multi_choice" and not isinstance(value, list):
        return "This answer should be a list of choices."
    if not all(isinstance(v, str) for v in chosen):
        return "This answer is not one of the choices."
    known = options_for(field, options)
    if known is not None:
        values = {o.value for o in known}
        unknown = [v for v in chosen if v not in values]
        if unknown:
            return f"{unknown[0]!r} is not one of the choices."
    if kind == "multi_choice" and len(set(chosen)) != len(chosen):
        return "The same choice is listed twice."
    return None


def _date_problem(field: Field, value: Any, options: Options) -> str | None:
    if isinstance(value, dt.datetime):
        return "Please enter a date without a time."
    day = answer_date(value)
    if day is None:
        return "Please enter a real date (day, month and year)."
    return not_in_future_problem(day) if field.not_in_future else None


def answer_date(value: Any) -> dt.date | None:
    """A date answer as a date (None when it is not a real date)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _number_problem(field: Field, value: Any, options: Options) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "Please enter a number."
    if field.integer and not float(value).is_integer():
        return "Please enter a whole number."
    low, high = field.minimum, field.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return f"Please enter a number {_range_text(low, high)}."
    return None


def _range_text(low: float | None, high: float | None) -> str:
    def show(n: float) -> str:
        return str(int(n)) if float(n).is_integer() else str(n)

    if low is not None and high is not None:
        return f"between {show(low)} and {show(high)}"
    if low is not None:
        return f"of {show(low)} or more"
    return f"of {show(high)} or less" if high is not None else ""


def _yes_no_problem(field: Field, value: Any, options: Options) -> str | None:
    return None if isinstance(value, bool) else "Please answer yes or no."


def _grade_problem(field: Field, value: Any, options: Options) -> str | None:
    points = field.grade_points
    if isinstance(value, bool) or value not in points:
        return f"Please choose a grade from {points[0]} to {points[-1]}."
    return None


def _scale_problem(field: Field, value: Any, options: Options) -> str | None:
    low = int(field.minimum if field.minimum is not None else 0)
    high = int(field.maximum if field.maximum is not None else 10)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"Please choose a score from {low} to {high}."
    return None


def _repeat_problem(field: Field, value: Any, options: Options) -> str | None:
    return None if isinstance(value, list) else "These rows could not be read."


# The check of each field type but ``person`` (which needs the family).
FIELD_CHECKS: Mapping[str, Callable[[Field, Any, Options], str | None]] = {
    "text": _text_problem,
    "long_text": _text_problem,
    "choice": _choice_problem,
    "multi_choice": _choice_problem,
    "date": _date_problem,
    "number": _number_problem,
    "yes_no": _yes_no_problem,
    "grade": _grade_problem,
    "scale": _scale_problem,
    "repeat": _repeat_problem,
    "confirmation": lambda field, value, options: confirmation_problem(value),
    "guidance": lambda field, value, options: "This is guidance; it takes no answer.",
    "family_value": lambda field, value, options: family_value_problem(field.family_value, value),
    "picture": lambda field, value, options: picture_problem(value),
}
