"""Values a form takes from the family record instead of asking (``family_value``
fields): the child's age and whether they are of compulsory school age (a per-child
form's child), whether a baby is expected and how many children there are.

The wizard records each value as it stands when the form is filled in, so the form,
its conditions and its print all read it like an answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.dates import today as today_date

FAMILY_VALUES: tuple[str, ...] = ("child_age", "child_school_age", "baby_expected", "children")
# The values that need the child a per-child form is about.
CHILD_VALUES: tuple[str, ...] = ("child_age", "child_school_age")
NUMBER_VALUES: tuple[str, ...] = ("child_age", "children")


def years_old(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def school_age(born: dt.date, on: dt.date) -> bool:
    """In a school year from Reception to Year 11: 4 to 15 years old on the 31 August
    before the school year ``on`` falls in (a simple rule; a council needing the exact
    start of compulsory schooling asks the question instead)."""
    last_august = dt.date(on.year if on.month >= 9 else on.year - 1, 8, 31)
    return 4 <= years_old(born, last_august) <= 15


def worked_out(
    kind: str,
    roles: Mapping[str, str],
    births: Mapping[str, dt.date],
    about: str | None,
    on: dt.date | None = None,
) -> Any:
    """One value from the family record (None when the record cannot say)."""
    today = on or today_date()
    if kind == "baby_expected":
        return any(role == "unborn" for role in roles.values())
    if kind == "children":
        return sum(1 for role in roles.values() if role == "child")
    born = births.get(about) if about else None
    if born is None:
        return None
    return years_old(born, today) if kind == "child_age" else school_age(born, today)


def value_words(kind: str, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if kind == "child_age" and isinstance(value, int):
        return f"{value} year{'s' if value != 1 else ''} old"
    return "" if value is None else str(value)


def value_problem(kind: str, value: Any) -> str | None:
    if kind in NUMBER_VALUES:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    else:
        ok = isinstance(value, bool)
    return None if ok else "This value from the family record could not be read."
