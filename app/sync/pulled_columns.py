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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from itertools import repeat
from operator import itemgetter, methodcaller
from typing import Any

from app.sync.protocol import EntitySpec, FieldSpec
from app.sync.pulled_values import FAST_REFUSALS, INT64_MAX, INT64_MIN, Unusual, field_converter
from app.sync.values import DATE_PATTERN, EARLIEST_INSTANT, INSTANT_PATTERN, LATEST_INSTANT

_NONE = type(None)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Every value of a column joined by new lines, matched at once.
_DATES = re.compile(f"(?:{DATE_PATTERN[1:-1]}\n)*{DATE_PATTERN[1:-1]}")
_INSTANTS = re.compile(f"(?:{INSTANT_PATTERN[1:-1]}\n)*{INSTANT_PATTERN[1:-1]}")
_GET_FAMILY = methodcaller("get", "family_id")


def checked_group(entity: EntitySpec, changes: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Each change's column values (in the order given), or None when anything in the
    group is unusual: then every change of it is checked on its own."""
    if not changes:
        return []
    datas = [change["data"] for change in changes]
    try:
        if len(set(map(tuple, datas))) != 1:
            raise Unusual  # not every record has the same fields
        _check_envelopes(changes)
        names = [name for name in datas[0] if name in entity.fields]
        columns = [_column(entity.fields[name], list(map(itemgetter(name), datas)))
                   for name in names]
    except FAST_REFUSALS:
        return None
    if not names:
        return [{} for _ in changes]
    # Each record's values as a dictionary, made in one pass over the columns' rows.
    return list(map(dict, map(zip, repeat(names), zip(*columns, strict=True))))


def _check_envelopes(changes: list[dict[str, Any]]) -> None:
    """Versions, ids and family ids as :func:`stored_values` checks them."""
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
