"""The value checks both sides of sync use (app.sync.values via app.sync.protocol):
each kind of field refuses what no database or client could hold, and the messages
name the field and the problem, never the value."""

from __future__ import annotations

from typing import Any

import pytest

from app.sync.protocol import ENTITIES, FieldError, FieldSpec, check_fields, check_value
from app.sync.values import (
    MAX_JSON_DEPTH,
    JsonRefused,
    is_op_id,
    is_record_id,
    loads_strict,
    parse_instant,
)

SECRET = "Zebedee-Quintrell"


def spec(kind: str, nullable: bool = False, max_length: int | None = None) -> FieldSpec:
    return FieldSpec(name="thing", kind=kind, nullable=nullable, max_length=max_length)


def refused(kind: str, value: Any, **kw: Any) -> str:
    with pytest.raises(FieldError) as caught:
        check_value(spec(kind, **kw), value)
    assert caught.value.field == "thing"
    return str(caught.value)


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("value", [0, -(2**63), 2**63 - 1, 42])
def test_ints_within_64_bits_pass(value: int) -> None:
    assert check_value(spec("int"), value) == value


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30, True, False, 1.5, "1", [1]])
def test_ints_outside_64_bits_bools_and_other_types_are_refused(value: Any) -> None:
    whole = isinstance(value, int) and not isinstance(value, bool)
    expected = "is outside the 64-bit range" if whole else "must be a whole number"
    assert refused("int", value) == f"thing {expected}"


@pytest.mark.parametrize("value", ["2024-01-31", "0001-01-01", "9999-12-31", "2024-02-29"])
def test_strict_dates_pass(value: str) -> None:
    assert check_value(spec("date"), value) == value


@pytest.mark.parametrize("value", [
    "20240101", "2024-W01-1", "2024-001", "2024-1-01", "2024-01-1", "31/12/2024",
    "2023-02-29", "2024-13-01", "0000-01-01", " 2024-01-01", "2024-01-01\n",
    "2024-01-01T00:00", "２０２４-01-01", "", 20240101,
])
def test_other_date_forms_are_refused(value: Any) -> None:
    message = refused("date", value)
    assert message == "thing must be a date (YYYY-MM-DD)"


def test_a_nullable_date_may_be_null() -> None:
    assert check_value(spec("date", nullable=True), None) is None


@pytest.mark.parametrize("value", [
    "2025-01-01T10:00Z", "2025-01-01T10:00:00Z", "2025-01-01T10:00:00.5+01:00",
    "2025-01-01T10:00:00.123456+00:00", "2025-06-30T23:59:59-05:30",
    "0001-01-02T00:00:00Z", "9999-12-30T23:59:59Z",
])
def test_strict_instants_pass(value: str) -> None:
    assert check_value(spec("instant"), value) == value


@pytest.mark.parametrize("value", [
    "2025-01-01T10:00:00", "2025-01-01 10:00:00Z", "2025-01-01t10:00:00z",
    "20250101T100000Z", "2025-01-01T10Z", "2025-01-01T10:00:00.1234567Z",
    "2025-01-01T10:00:00+0100", "2025-01-01T10:00:00+01", "2025-01-01T10:00:00+01:00:30",
    "2025-W01-1T10:00:00Z", "2025-01-01T25:00:00Z", "2025-01-01T23:59:60Z",
    "2025-01-01T10:00:00+24:00", "2025-02-30T10:00:00Z", "2025-01-01", 1735725600,
])
def test_other_instant_forms_are_refused(value: Any) -> None:
    assert "must be an instant" in refused("instant", value)


@pytest.mark.parametrize("value", [
    "0001-01-01T00:30+01:00",   # year 0 once in UTC: no datetime can hold it
    "9999-12-31T23:30-01:00",   # year 10000 in UTC
    "0001-01-01T00:00:00Z",     # the very first instant: no time zone west of UTC can show it
    "9999-12-31T23:59:59Z",
])
def test_instants_at_the_ends_of_the_range_are_refused(value: str) -> None:
    assert refused("instant", value) == "thing is outside the years 0001-9999 (in UTC)"


def test_an_instant_is_read_as_utc() -> None:
    assert parse_instant("2025-01-01T10:00+02:00").isoformat() == "2025-01-01T08:00:00+00:00"


def test_text_within_its_length_passes_and_longer_text_is_refused() -> None:
    assert check_value(spec("text", max_length=5), "abcde") == "abcde"
    assert refused("text", "abcdef", max_length=5) == "thing is longer than 5 characters"


@pytest.mark.parametrize("value,problem", [
    (f"{SECRET}\x00", "contains a NUL character"),
    (f"{SECRET}\ud800", "contains text that is not valid Unicode"),
    (f"\udfff{SECRET}", "contains text that is not valid Unicode"),
])
def test_text_with_a_nul_or_a_lone_surrogate_is_refused(value: str, problem: str) -> None:
    message = refused("text", value, max_length=100)
    assert message == f"thing {problem}"
    assert SECRET not in message


@pytest.mark.parametrize("value", [1, True, None, ["a"], {"a": 1}])
def test_text_of_another_type_is_refused(value: Any) -> None:
    expected = "may not be null" if value is None else "must be text"
    assert refused("text", value, max_length=10) == f"thing {expected}"


def test_bools_are_only_true_or_false() -> None:
    assert check_value(spec("bool"), False) is False
    for value in (0, 1, "true", None):
        refused("bool", value)


@pytest.mark.parametrize("value", [
    {"q1": 3, "q2": [1.5, -2, "x", None, True], "nested": {"a": {"b": [{"c": 1}]}}},
    [], {}, nested(MAX_JSON_DEPTH - 1),
])
def test_json_objects_and_lists_of_finite_values_pass(value: Any) -> None:
    assert check_value(spec("json"), value) == value


@pytest.mark.parametrize("value,problem", [
    ({"q": float("nan")}, "holds a number that is not finite"),
    ({"q": [1, float("inf")]}, "holds a number that is not finite"),
    ([{"q": -float("inf")}], "holds a number that is not finite"),
    ({"q": 2**63}, "holds a whole number outside the 64-bit range"),
    ({"q": [-(2**63) - 1]}, "holds a whole number outside the 64-bit range"),
    ({"q": f"{SECRET}\x00"}, "holds text that contains a NUL character"),
    ({f"{SECRET}\ud800": 1}, "has a key that contains text that is not valid Unicode"),
    (nested(MAX_JSON_DEPTH + 1), f"nests deeper than {MAX_JSON_DEPTH} levels"),
    ({"q": (1, 2)}, "holds a value that is not JSON"),
])
def test_json_fields_are_strict_inside(value: Any, problem: str) -> None:
    message = refused("json", value)
    assert message == f"thing {problem}"
    assert SECRET not in message


@pytest.mark.parametrize("value", ["text", 1, 1.5, True])
def test_a_json_field_is_an_object_or_a_list(value: Any) -> None:
    assert refused("json", value) == "thing must be a JSON object or list"


def test_null_is_refused_where_the_field_is_not_nullable() -> None:
    assert refused("text", None, max_length=10) == "thing may not be null"


def test_check_fields_names_the_field_never_the_value() -> None:
    with pytest.raises(FieldError) as caught:
        check_fields("family", {"town": "Widnes", "postcode": SECRET * 2})
    assert caught.value.field == "postcode"
    assert str(caught.value) == "postcode is longer than 10 characters"
    with pytest.raises(FieldError) as caught:
        check_fields("family", {"town": "Widnes", SECRET: 1})
    assert caught.value.field is None and SECRET not in str(caught.value)
    assert str(caught.value) == "field 2 of the op is not a field of family"
    with pytest.raises(FieldError) as caught:
        check_fields(SECRET, {})
    assert SECRET not in str(caught.value)


def test_every_declared_field_has_a_kind_check_value_knows() -> None:
    kinds = {f.kind for e in ENTITIES.values() for f in e.fields.values()}
    assert kinds == {"text", "int", "bool", "date", "instant", "json"}


@pytest.mark.parametrize("value", ["x' OR '1'='1", "", "a" * 37, "a/b", "a b", "ä", "a\n",
                                   None, 7])
def test_odd_record_ids_are_refused(value: Any) -> None:
    assert not is_record_id(value)


def test_safe_ids_pass() -> None:
    assert is_record_id("0b6f2f7e-1f0a-4b43-9d1c-2d6c3f1c9e5a")
    assert is_record_id("family_1.v2")
    assert is_op_id("o" * 64) and not is_op_id("o" * 65)


@pytest.mark.parametrize("raw,reason", [
    (b'{"a": NaN}', "numbers must be finite"),
    (b'{"a": Infinity}', "numbers must be finite"),
    (b'{"a": [-Infinity]}', "numbers must be finite"),
    (b'{"a": 1e999}', "a number is too large"),
    (b'{"a": -1e400}', "a number is too large"),
    (b'{"a": ' + b"9" * 5000 + b"}", "a number is too long"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"a": "\xff"}', "the body is not UTF-8 text"),
    (b'{"a": ', "not valid JSON"),
])
def test_strict_json_refuses_what_plain_json_lets_through(raw: bytes, reason: str) -> None:
    with pytest.raises(JsonRefused) as caught:
        loads_strict(raw)
    assert str(caught.value).startswith(reason)


def test_strict_json_reads_ordinary_json() -> None:
    assert loads_strict(b'{"a": [1, 2.5, -0.0, "\\u00e9", null, true]}') == {
        "a": [1, 2.5, -0.0, "\u00e9", None, True]}
