"""Pulled wire values as column values, and whether a pulled record fits this store.

Every pulled value is checked against its field's declaration with
:func:`app.sync.protocol.check_value` (the same check the service applies to a
push), then converted with :func:`from_wire` and checked once more for what the
store itself cannot hold (an instant that leaves years 1-9999 in UTC, an integer
beyond 64 bits, a NUL character). A record that does not fit is set aside by
the caller (:mod:`app.sync.set_aside`), never stored half way. Problems name the
record type and the field, never the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from app.sync.protocol import ENTITIES, EntitySpec, FieldError, FieldSpec, check_value
from app.sync.transport import BadReply
from app.sync.values import (
    DATE_PATTERN,
    EARLIEST_INSTANT,
    INSTANT_PATTERN,
    LATEST_INSTANT,
)

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UTC = dt.UTC


def from_wire(spec: FieldSpec, value: Any) -> Any:
    """A wire (JSON) value as the column's Python value; raise BadReply if it does not fit."""
    if value is None:
        return None
    try:
        if spec.kind == "date":
            return dt.date.fromisoformat(value)
        if spec.kind == "instant":
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            return parsed
        if spec.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError
        if spec.kind == "bool" and not isinstance(value, bool):
            raise TypeError
        if spec.kind == "text" and not isinstance(value, str):
            raise TypeError
    except (TypeError, ValueError):
        raise BadReply(f"{spec.name} has a value of the wrong kind") from None
    return value


def instant(text: Any) -> dt.datetime | None:
    """An ISO 8601 instant (UTC when no zone is given) that this store can hold, or None."""
    if not isinstance(text, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _fits_store(spec: FieldSpec, value: Any) -> str | None:
    """What the store cannot hold of an already converted value, or None."""
    if isinstance(value, dt.datetime):
        try:
            value.astimezone(UTC)
        except (OverflowError, ValueError):
            return f"{spec.name} is an instant outside years 1-9999 in UTC"
    elif isinstance(value, int) and not isinstance(value, bool):
        if not INT64_MIN <= value <= INT64_MAX:
            return f"{spec.name} is a whole number too large to store"
    elif isinstance(value, str) and "\x00" in value:
        return f"{spec.name} holds a NUL character"
    return None


def _json_problem(spec: FieldSpec, value: Any, depth: int = 0) -> str | None:
    """Non-finite numbers, huge integers or NUL characters inside a JSON value."""
    if depth > 64:
        return f"{spec.name} is nested too deeply"
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return f"{spec.name} holds a number that is not finite"
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return _fits_store(spec, value)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _fits_store(spec, key) or _json_problem(spec, item, depth + 1)
            if problem:
                return problem
    if isinstance(value, list):
        for item in value:
            problem = _json_problem(spec, item, depth + 1)
            if problem:
                return problem
    return None


# -- the fast way: one converter per field, for values as a service sends them

_DATE = re.compile(DATE_PATTERN[1:-1])
_INSTANT = re.compile(INSTANT_PATTERN[1:-1])
_SURROGATE = re.compile("[\ud800-\udfff]")


class Unusual(Exception):
    """A value the fast converter does not pass: the full checks decide (and say why)."""


# What a fast check raises for a value the full checks must decide.
FAST_REFUSALS = (Unusual, FieldError, BadReply, TypeError, ValueError, OverflowError)


Converter = Callable[[Any], Any]


def _fast_text(max_length: int | None) -> Converter:
    def convert(value: Any) -> Any:
        if (type(value) is not str or "\x00" in value
                or (max_length is not None and len(value) > max_length)
                or (not value.isascii() and _SURROGATE.search(value))):
            raise Unusual
        return value
    return convert


def _fast_int(value: Any) -> Any:
    if type(value) is not int or not INT64_MIN <= value <= INT64_MAX:
        raise Unusual
    return value


def _fast_bool(value: Any) -> Any:
    if type(value) is not bool:
        raise Unusual
    return value


def _fast_date(value: Any) -> Any:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise Unusual
    return dt.date.fromisoformat(value)  # a ValueError (say month 13) goes the full way


def _fast_instant(value: Any) -> Any:
    if type(value) is not str or not _INSTANT.fullmatch(value):
        raise Unusual
    parsed = dt.datetime.fromisoformat(value)  # the pattern makes it carry its zone
    if not EARLIEST_INSTANT <= parsed.astimezone(UTC) <= LATEST_INSTANT:
        raise Unusual
    return parsed


def _full(spec: FieldSpec) -> Converter:
    def convert(value: Any) -> Any:
        value = from_wire(spec, check_value(spec, value))
        if (_json_problem(spec, value) if spec.kind == "json" else _fits_store(spec, value)):
            raise Unusual
        return value
    return convert


def field_converter(spec: FieldSpec) -> Converter:
    """The fast converter of one field (raises one of FAST_REFUSALS for the full checks)."""
    fast: Converter
    if spec.kind == "text":
        fast = _fast_text(spec.max_length)
    elif spec.kind in ("int", "bool", "date", "instant"):
        fast = {"int": _fast_int, "bool": _fast_bool, "date": _fast_date,
                "instant": _fast_instant}[spec.kind]
    else:
        return _full(spec)
    if not spec.nullable:
        return fast

    def or_null(value: Any) -> Any:
        return None if value is None else fast(value)
    return or_null


_CONVERTERS: dict[str, dict[str, Converter]] = {}


def _converters(entity: EntitySpec) -> dict[str, Converter]:
    """Each field's converter (JSON fields take the full checks), made once per entity."""
    known = _CONVERTERS.get(entity.entity)
    if known is None:
        known = {name: field_converter(spec) for name, spec in entity.fields.items()}
        _CONVERTERS[entity.entity] = known
    return known


def _fast_values(entity: EntitySpec, data: dict[str, Any]) -> dict[str, Any] | None:
    """The record's column values when every value is of the usual kind (what the full
    checks would give them), else None: then the full checks run and say what is wrong."""
    converters = _converters(entity)
    values: dict[str, Any] = {}
    try:
        for name, raw in data.items():
            convert = converters.get(name)
            if convert is not None:  # else a field a newer service has: not stored here
                values[name] = convert(raw)
    except FAST_REFUSALS:
        return None
    return values


def stored_values(change: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """The change's content as column values, or (None, problem) when it cannot be stored.

    ``change`` has already passed :func:`app.sync.transport.check_pull_reply` (it has an
    entity, an id, a version, a deleted flag and a data object)."""
    entity = ENTITIES.get(change["entity"])
    if entity is None:
        return None, "a kind of record this version of Hearth does not know"
    if not INT64_MIN < change["version"] <= INT64_MAX:
        return None, "its version number is out of range"
    if len(change["id"]) > 36:
        return None, "its id is longer than 36 characters"
    family_id = change.get("family_id")
    if family_id is not None and (not isinstance(family_id, str) or len(family_id) > 36):
        return None, "its family id is not an id"
    fast = _fast_values(entity, change["data"])
    if fast is not None:
        return fast, None
    values: dict[str, Any] = {}
    for name, raw in change["data"].items():
        spec = entity.fields.get(name)
        if spec is None:
            continue  # a field a newer service has: not stored here
        try:
            checked = check_value(spec, raw)
            value = from_wire(spec, checked)
        except (FieldError, BadReply, TypeError, ValueError, OverflowError) as exc:
            message = str(exc) if isinstance(exc, FieldError) else (
                f"{name} has a value that does not fit its type")
            return None, message[:200]
        problem = (_json_problem(spec, value) if spec.kind == "json"
                   else _fits_store(spec, value))
        if problem:
            return None, problem
        values[name] = value
    return values, None
