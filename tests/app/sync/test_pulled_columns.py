"""A page's records of one type checked together (app.sync.pulled_columns): what the
group check passes, the one-by-one checks pass with equal values of the same types;
anything unusual in a group sends the whole group to the one-by-one checks."""

from __future__ import annotations

from typing import Any

import pytest

from app.sync import pulled_values
from app.sync.protocol import ENTITIES
from app.sync.pulled_columns import checked_group, value_of, values_of
from tests.app.sync.test_pulled_values import EDGE_VALUES

USUAL = {"text": "Synthetic", "int": 7, "bool": True, "date": "2024-05-01",
         "instant": "2024-05-01T10:00:00Z", "json": {"a": 1}}


def _change(entity: str, n: int, data: dict[str, Any], **envelope: Any) -> dict[str, Any]:
    return {"entity": entity, "id": f"r{n}", "version": n + 1, "family_id": None,
            "data": data, **envelope}


def _one_by_one(changes: list[dict[str, Any]]) -> list[Any]:
    return [pulled_values.stored_values(change) for change in changes]


def _agrees(entity: str, changes: list[dict[str, Any]]) -> bool:
    """The group check agrees with the one-by-one checks; True if it took the group."""
    group = checked_group(ENTITIES[entity], changes)
    if group is None:
        return False
    together = group.values()
    assert [values_of(row) for row in group.rows()] == together
    assert [[value_of(row, name) for name in group.names] for row in group.rows()] == [
        list(values.values()) for values in together]
    for values, (expected, problem) in zip(together, _one_by_one(changes), strict=True):
        assert problem is None and values == expected
        assert [type(v) for v in values.values()] == [type(v) for v in expected.values()]
    return True


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_the_group_check_agrees_with_the_one_by_one_checks(entity: str) -> None:
    spec = ENTITIES[entity]
    taken = refused = 0
    for name, field in spec.fields.items():
        usual = USUAL[field.kind]
        for value in EDGE_VALUES:
            # The edge value amid usual ones, and in every record of the group.
            for middle in ([usual, value, usual], [value, value, value]):
                changes = [_change(entity, n, {name: v}) for n, v in enumerate(middle)]
                if _agrees(entity, changes):
                    taken += 1
                else:
                    refused += 1
    assert taken > 0 and refused > 0


def test_a_usual_page_is_taken_together() -> None:
    # A nullable date given in some records and null in others, and a field this
    # version does not know (left out).
    data = [{"family_name": f"Synthetic {n}", "request_date": "2024-05-01",
             "last_contact": None if n % 3 else f"2024-06-{n % 28 + 1:02d}",
             "from_a_newer_service": n} for n in range(50)]
    changes = [_change("family", n, d) for n, d in enumerate(data)]
    assert _agrees("family", changes)
    group = checked_group(ENTITIES["family"], changes)
    assert group is not None
    together = group.values()
    assert [v["last_contact"] is None for v in together] == [bool(n % 3) for n in range(50)]
    assert all(set(v) == {"family_name", "request_date", "last_contact"} for v in together)


@pytest.mark.parametrize("envelope", [
    {"version": 2**63}, {"version": -(2**63)}, {"version": True}, {"id": "x" * 37},
    {"family_id": 5}, {"family_id": "f" * 37},
])
def test_an_unusual_envelope_sends_the_group_one_by_one(envelope: dict[str, Any]) -> None:
    changes = [_change("person", n, {"given_name": "Synthetic"}) for n in range(3)]
    changes[1] = {**changes[1], **envelope}
    assert checked_group(ENTITIES["person"], changes) is None
    assert checked_group(ENTITIES["person"], [changes[0], changes[2]]) is not None


def test_records_with_different_fields_go_one_by_one() -> None:
    changes = [_change("person", 0, {"given_name": "A"}),
               _change("person", 1, {"given_name": "B", "family_name": "C"})]
    assert checked_group(ENTITIES["person"], changes) is None
    none = checked_group(ENTITIES["person"], [])
    assert none is not None and none.values() == [] and none.rows() == []


def test_a_field_this_version_does_not_know_is_left_out() -> None:
    changes = [_change("person", n, {"given_name": "A", "from_a_newer_service": n})
               for n in range(2)]
    group = checked_group(ENTITIES["person"], changes)
    assert group is not None and group.values() == [{"given_name": "A"}] * 2
    assert group.names == ("given_name",)
