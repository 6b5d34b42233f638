"""What a value on the sync wire may be (Qt-free): one set of checks for both sides.

The service checks every field of every operation with :func:`check_value` before
storing it, and a device checks what it pulls with the same function, so a value
one device sends can never break another. JSON is read strictly
(:func:`loads_strict`): ``NaN``, ``Infinity`` and numbers too large for a float are
refused, as no database or client can hold them.

Messages name the field and the problem, never the value.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

MAX_TEXT_LENGTH = 100_000
# How deep a JSON field (answers, attendees...) may nest: the forms need four or five.
MAX_JSON_DEPTH = 20
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# Record ids, family ids and conflict ids (UUIDs in practice); op ids may be longer.
ID_CHARS = r"[A-Za-z0-9_.-]"
ID_PATTERN = rf"^{ID_CHARS}{{1,36}}$"
OP_ID_PATTERN = rf"^{ID_CHARS}{{1,64}}$"
ENTITY_PATTERN = r"^[a-z_]{1,40}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
INSTANT_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)
# A day inside the datetime range, so every time zone can show an instant.
EARLIEST_INSTANT = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
LATEST_INSTANT = dt.datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=dt.UTC)

_ID = re.compile(ID_PATTERN[1:-1])
_OP_ID = re.compile(OP_ID_PATTERN[1:-1])
_DATE = re.compile(DATE_PATTERN[1:-1])
_INSTANT = re.compile(INSTANT_PATTERN[1:-1])
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text, int, bool, date, instant, json
    nullable: bool
    max_length: int | None


class FieldError(ValueError):
    """A value that does not fit its declaration; ``field`` names where it is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class JsonRefused(ValueError):
    """A body that is not strict JSON (the message says why, without the body)."""


def is_record_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def is_op_id(value: object) -> bool:
    return isinstance(value, str) and _OP_ID.fullmatch(value) is not None


def text_problem(value: str) -> str | None:
    """Why no database can store this text (a NUL or a lone surrogate), or None."""
    if "\x00" in value:
        return "contains a NUL character"
    if _SURROGATE.search(value):
        return "contains text that is not valid Unicode"
    return None


def parse_date(value: str) -> dt.date:
    """A strict ``YYYY-MM-DD`` date; raise ValueError otherwise."""
    if not _DATE.fullmatch(value):
        raise ValueError("not YYYY-MM-DD")
    return dt.date.fromisoformat(value)


def parse_instant(value: str) -> dt.datetime:
    """A strict ISO 8601 instant with its zone, as UTC; raise ValueError otherwise
    (also when, in UTC, it falls within a day of the ends of years 1..9999)."""
    if not _INSTANT.fullmatch(value):
        raise ValueError("not an ISO 8601 instant with a zone")
    parsed = dt.datetime.fromisoformat(value)
    try:
        utc = parsed.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("out of range") from None
    if not EARLIEST_INSTANT <= utc <= LATEST_INSTANT:
        raise ValueError("out of range")
    return utc


def json_problem(value: Any) -> str | None:
    """Why a JSON field's value cannot be stored and sent on, or None: non-finite
    numbers, whole numbers outside 64 bits, bad text, nesting deeper than allowed."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                return f"nests deeper than {MAX_JSON_DEPTH} levels"
            if isinstance(item, dict):
                for key, inner in item.items():
                    if not isinstance(key, str):
                        return "has a key that is not text"
                    problem = text_problem(key)
                    if problem:
                        return f"has a key that {problem}"
                    stack.append((inner, depth + 1))
            else:
                stack.extend((inner, depth + 1) for inner in item)
        elif isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return f"holds text that {problem}"
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not INT64_MIN <= item <= INT64_MAX:
                return "holds a whole number outside the 64-bit range"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "holds a number that is not finite"
        else:
            return "holds a value that is not JSON"
    return None


def check_value(spec: FieldSpec, value: Any) -> Any:
    """Validate one wire value against its field; return it or raise FieldError."""
    name = spec.name
    if value is None:
        if spec.nullable:
            return None
        raise FieldError(f"{name} may not be null", name)
    kind = spec.kind
    if kind == "text":
        if not isinstance(value, str):
            raise FieldError(f"{name} must be text", name)
        if spec.max_length is not None and len(value) > spec.max_length:
            raise FieldError(f"{name} is longer than {spec.max_length} characters", name)
        problem = text_problem(value)
        if problem:
            raise FieldError(f"{name} {problem}", name)
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise FieldError(f"{name} must be true or false", name)
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(f"{name} must be a whole number", name)
        if not INT64_MIN <= value <= INT64_MAX:
            raise FieldError(f"{name} is outside the 64-bit range", name)
        return value
    if kind == "date":
        try:
            if not isinstance(value, str):
                raise ValueError("not text")
            parse_date(value)
        except ValueError:
            raise FieldError(f"{name} must be a date (YYYY-MM-DD)", name) from None
        return value
    if kind == "instant":
        if not isinstance(value, str):
            raise FieldError(f"{name} must be an instant (YYYY-MM-DDTHH:MM:SS with Z or "
                             "+HH:MM)", name)
        check_instant(name, value)
        return value
    if kind == "json":
        # JSON columns (answers, consent scope lists) hold an object or a list.
        if not isinstance(value, (dict, list)):
            raise FieldError(f"{name} must be a JSON object or list", name)
        problem = json_problem(value)
        if problem:
            raise FieldError(f"{name} {problem}", name)
        return value
    raise FieldError(f"{name} has a kind this version does not know", name)


def check_instant(name: str, value: str) -> None:
    """Raise FieldError unless ``value`` is a strict instant within the supported range."""
    try:
        parse_instant(value)
    except ValueError as exc:
        if str(exc) == "out of range":
            raise FieldError(f"{name} is outside the years 0001-9999 (in UTC)", name) from None
        raise FieldError(f"{name} must be an instant (YYYY-MM-DDTHH:MM:SS with Z or +HH:MM)",
                         name) from None


def _refuse_constant(_name: str) -> Any:
    raise JsonRefused("numbers must be finite (NaN and Infinity are refused)")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JsonRefused("a number is too large")
    return number


def loads_strict(data: bytes | str) -> Any:
    """Parse JSON strictly; raise JsonRefused saying why (never quoting the input)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonRefused("the body is not UTF-8 text") from None
    try:
        return json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)
    except JsonRefused:
        raise
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"not valid JSON ({exc.msg} at line {exc.lineno} column "
                          f"{exc.colno})") from None
    except RecursionError:
        raise JsonRefused("nested too deeply") from None
    except ValueError:  # e.g. a whole number with more digits than Python reads
        raise JsonRefused("a number is too long") from None
