"""A pulled record's values: the fast converters (one per field) give exactly what the
full checks give, and leave everything unusual to the full checks, which say why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.sync import pulled_values
from app.sync.protocol import ENTITIES

EDGE_VALUES: list[Any] = [
    None, "", "plain text", "x" * 5000, "a\x00b", "caf\u00e9 \u0645\u0631\u062d\u0628\u0627",
    "\ud800", 0, 1, -1, 2**63, 2**63 - 1, -(2**63), -(2**63) - 1, True, False, 1.5,
    "2024-01-31", "2024-13-01", "2024-02-30", "24-01-01", "20240131", "2024-W05-3",
    "\uff12\uff10\uff12\uff14-01-01", "2024-01-01T10:00:00Z", "2024-01-01T10:00Z",
    "2024-01-01T10:00:00.123456+01:00", "2024-01-01 10:00:00Z", "2024-01-01T10:00:00",
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:30:00+01:00",
    {"a": 1}, [1, 2], {"a": float("nan")}, {"k\x00": 1}, [2**64],
]


def _full_only(change: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(pulled_values, "_fast_values", lambda entity, data: None)
        return pulled_values.stored_values(change)


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_the_fast_way_agrees_with_the_full_checks(entity: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ENTITIES[entity]
    fast_taken = 0
    for name in spec.fields:
        for value in EDGE_VALUES:
            change = {"entity": entity, "id": "r1", "version": 1, "family_id": None,
                      "data": {name: value}}
            full = _full_only(change, monkeypatch)
            fast = pulled_values._fast_values(spec, change["data"])
            if fast is not None:  # what it passes, the full checks pass, with equal values
                fast_taken += 1
                assert full == (fast, None), (name, value)
                assert [type(v) for v in fast.values()] == [type(v) for v in full[0].values()]
            assert pulled_values.stored_values(change) == full
    assert fast_taken > 0


def test_a_usual_record_takes_the_fast_way(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"family_name": "Synthetic", "request_date": "2024-05-01"}
    change = {"entity": "family", "id": "f1", "version": 3, "family_id": None, "data": data}
    values, problem = pulled_values.stored_values(change)
    assert problem is None and values == {"family_name": "Synthetic",
                                          "request_date": dt.date(2024, 5, 1)}
    assert pulled_values._fast_values(ENTITIES["family"], data) == values
