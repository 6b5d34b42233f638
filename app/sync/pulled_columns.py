"""A pulled page's records of one type checked field by field across the page: the
fast way for a page as a service sends it.

A first sync checks about 100,000 records. Checked one by one
(:func:`app.sync.pulled_values.stored_values`), each value costs a few Python calls
while the worker waits. Here each field's values across the page are checked
together, in operations that run over the whole column at once (their types, their
lengths, one pattern over all the dates), and converted with one call per column.
The checks are those of the one-by-one way for values as a service sends them.
When anything in a group is unusual (records of one type with different fields, a
value of another kind, a date that does not exist, a NUL character, a lone
surrogate), the whole group goes back to the one-by-one checks, which decide each
record and say what is wrong with the ones they set aside.

The checked values stay in their columns (:class:`CheckedGroup`; a record's place in
them is a :class:`Row`): new records are written from the columns as they are
(``app.sync.new_rows``), and a record's values become a dictionary only where one is
needed (a record already held here, one with a unique field).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter, methodcaller
from typing import Any, NamedTuple, cast

from app.sync.protocol import EntitySpec, FieldSpec
from app.sync.pulled_values import FAST_REFUSALS, INT64_MAX, INT64_MIN, Unusual, field_converter
from app.sync.values import DATE_PATTERN, EARLIEST_INSTANT, INSTANT_PATTERN, LATEST_INSTANT

_NONE = type(None)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Every value of a column joined by new lines, matched at once.
_DATES = re.compile(f"(?:{DATE_PATTERN[1:-1]}\n)*{DATE_PATTERN[1:-1]}")
_INSTANTS = re.compile(f"(?:{INSTANT_PATTERN[1:-1]}\n)*{INSTANT_PATTERN[1:-1]}")
_GET_FAMILY = methodcaller("get", "family_id")


@dataclass(frozen=True, eq=False)
class CheckedGroup:
    """A group's checked values, a column per field, each in the order of the group's
    changes. They stay columns: a record's values become a dictionary only when asked
    for (:func:`values_of`); new records are written from the columns themselves."""

    names: tuple[str, ...]
    columns: tuple[list[Any], ...]
    size: int
    by_name: dict[str, list[Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", dict(zip(self.names, self.columns, strict=True)))

    def rows(self) -> list[Row]:
        return list(map(Row, repeat(self), range(self.size)))

    def values(self) -> list[dict[str, Any]]:
        """Each change's values as a dictionary, made in one pass over the columns' rows."""
        if not self.names:
            return [{} for _ in range(self.size)]
        return list(map(dict, map(zip, repeat(self.names), zip(*self.columns, strict=True))))


class Row(NamedTuple):
    """One change's checked values, where they are in their group's columns."""

    group: CheckedGroup
    at: int  # its place in the group


# A change's checked values: where they are in its group's columns, or (checked on its
# own) a dictionary of them.
Checked = Row | dict[str, Any]


def values_of(checked: Checked) -> dict[str, Any]:
    """The change's checked values as a dictionary (a new one, for a Row)."""
    if isinstance(checked, Row):
        group, at = checked
        return {name: column[at] for name, column in zip(group.names, group.columns,
                                                         strict=True)}
    return checked


def value_of(checked: Checked, name: str) -> Any:
    """One checked value of the change (None if it does not give the field)."""
    if isinstance(checked, Row):
        column = checked.group.by_name.get(name)
        return None if column is None else column[checked.at]
    return checked.get(name)


def columns_of(checked: list[Checked]) -> Mapping[str, Sequence[Any]] | None:
    """The changes' columns when they are all rows of one checked group (a page's records
    of one type, as a service sends them): the group's own columns, or the changes' part
    of each, in their order. None otherwise."""
    if set(map(type, checked)) != {Row}:
        return None
    rows = cast("list[Row]", checked)  # all rows, as just seen
    group = rows[0].group
    if any(row.group is not group for row in rows):
        return None
    places = list(map(itemgetter(1), rows))
    if places == list(range(group.size)):
        return group.by_name
    if len(places) == 1:
        return {name: [column[places[0]]] for name, column in group.by_name.items()}
    pick = itemgetter(*places)
    return {name: pick(column) for name, column in group.by_name.items()}


def column_values(checked: list[Checked], name: str) -> list[Any]:
    """One field's value for each change (None where it does not give the field)."""
    columns = columns_of(checked)
    if columns is None:
        return [value_of(one, name) for one in checked]
    return list(columns.get(name, [None] * len(checked)))


def checked_group(entity: EntitySpec, changes: list[dict[str, Any]]) -> CheckedGroup | None:
    """The changes' column values (in the order given), or None when anything in the
    group is unusual: then every change of it is checked on its own."""
    datas = [change["data"] for change in changes]
    try:
        if len(set(map(tuple, datas))) > 1:
            raise Unusual  # not every record has the same fields
        _check_envelopes(changes)
        names = tuple(name for name in (datas[0] if datas else ()) if name in entity.fields)
        columns = tuple(_column(entity.fields[name], list(map(itemgetter(name), datas)))
                        for name in names)
    except FAST_REFUSALS:
        return None
    return CheckedGroup(names, columns, len(changes))


def _check_envelopes(changes: list[dict[str, Any]]) -> None:
    """Versions, ids and family ids as :func:`stored_values` checks them."""
    if not changes:
        return
    versions = list(map(itemgetter("version"), changes))
    if set(map(type, versions)) != {int} or not (
            min(versions) > INT64_MIN and max(versions) <= INT64_MAX):
        raise Unusual
    if max(map(len, map(itemgetter("id"), changes))) > 36:
        raise Unusual
    families = [family for family in map(_GET_FAMILY, changes) if family is not None]
    if families and (set(map(type, families)) != {str} or max(map(len, families)) > 36):
        raise Unusual


def _column(spec: FieldSpec, values: list[Any]) -> list[Any]:
    """One field's values across the group, checked and converted; raise Unusual."""
    kinds = set(map(type, values))
    present = values
    if _NONE in kinds:
        if not spec.nullable:
            raise Unusual
        kinds.discard(_NONE)
        present = [value for value in values if value is not None]
    check = _CHECKS.get(spec.kind)
    if check is None:  # a JSON field: its full checks, value by value
        convert = field_converter(spec)
        return [None if value is None else convert(value) for value in values]
    if not present:
        return values
    converted = check(spec, kinds, present)
    if converted is present:
        return values
    if present is values:
        return converted
    given = iter(converted)
    return [None if value is None else next(given) for value in values]


def _text(spec: FieldSpec, kinds: set[type], values: list[Any]) -> list[Any]:
    if kinds != {str}:
        raise Unusual
    joined = "".join(values)
    if "\x00" in joined or (not joined.isascii() and _SURROGATE.search(joined)):
        raise Unusual
    if spec.max_length is not None and max(map(len, values)) > spec.max_length:
        raise Unusual
    return values


def _int(_spec: FieldSpec, kinds: set[type], values: list[Any]) -> list[Any]:
    if kinds != {int} or not (min(values) >= INT64_MIN and max(values) <= INT64_MAX):
        raise Unusual
    return values


def _bool(_spec: FieldSpec, kinds: set[type], values: list[Any]) -> list[Any]:
    if kinds != {bool}:
        raise Unusual
    return values


def _date(_spec: FieldSpec, kinds: set[type], values: list[Any]) -> list[Any]:
    if kinds != {str} or not _DATES.fullmatch("\n".join(values)):
        raise Unusual
    return list(map(dt.date.fromisoformat, values))  # a ValueError (say 31 February): unusual


def _instant(_spec: FieldSpec, kinds: set[type], values: list[Any]) -> list[Any]:
    if kinds != {str} or not _INSTANTS.fullmatch("\n".join(values)):
        raise Unusual
    parsed = list(map(dt.datetime.fromisoformat, values))  # the pattern makes each carry its zone
    # Instants with zones compare as the moments they are (in UTC).
    if not (min(parsed) >= EARLIEST_INSTANT and max(parsed) <= LATEST_INSTANT):
        raise Unusual
    return parsed


_CHECKS: dict[str, Callable[[FieldSpec, set[type], list[Any]], list[Any]]] = {
    "text": _text, "int": _int, "bool": _bool, "date": _date, "instant": _instant,
}
