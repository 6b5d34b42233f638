"""The rows of a repeating group: the person a row is about, and the rows missing from a
group repeated for each person chosen earlier (``for_each``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.definition import Field

Answers = Mapping[str, Any]


def missing_rows(group: Field, answers: Answers, rows: list[Any]) -> str:
    """For a group repeated for each person chosen earlier: who has no row."""
    chosen = answers.get(group.for_each) if group.for_each else None
    if not isinstance(chosen, list) or not group.fields:
        return ""
    person = group.fields[0].id
    have = {row.get(person) for row in rows if isinstance(row, Mapping)}
    count = sum(1 for pid in chosen if pid not in have)
    if not count:
        return ""
    verb = "has" if count == 1 else "have"
    return f"Please fill in a row for each person chosen; {count} {verb} none."


def row_person(group: Field, row: Mapping[str, Any]) -> str | None:
    """The person a row is about: its first one-person field's answer."""
    for sub in group.fields:
        if sub.type == "person" and not sub.multiple and isinstance(row.get(sub.id), str):
            return str(row[sub.id])
    return None
