"""A page checked ahead on the thread that fetched it (app.sync.pull.checked_ahead) is
applied exactly as the same page checked when it is applied: a bad record is set
aside alone, and values worked out ahead are only used for the change they were
worked out for. Real SQLCipher store; synthetic data."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.store.caseload_store import Store
from app.sync.pull import apply_page, checked_ahead
from app.sync.pulled_columns import values_of
from db.models import Family, Person, SyncParked, SyncSetAside
from tests.app.sync.test_set_aside import BAD, FAMILY, family, page, person, pid


@pytest.mark.parametrize(("what", "bad", "named"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_record_in_a_page_checked_ahead_is_set_aside_alone(
    store: Store, what: str, bad: dict[str, Any], named: str
) -> None:
    good = [person(pid(50 + n), 20 + n, given_name=f"Ada {n}") for n in range(5)]
    ahead = checked_ahead(page(family(FAMILY, 1), bad, *good))
    # The family's group is checked ahead; the group with the bad record is not.
    assert (("family", FAMILY) in ahead.checked) and (bad["entity"], bad["id"]) not in (
        ahead.checked)
    result = store.run(apply_page, ahead)
    assert (result.applied, result.set_aside) == (6, 1)
    names = store.run(lambda s: sorted(s.scalars(select(Person.given_name))))
    assert names == [f"Ada {n}" for n in range(5)]
    [row] = store.run(lambda s: list(s.scalars(select(SyncSetAside))))
    assert (row.record_id, named in row.problem) == (bad["id"], True)


def test_values_checked_ahead_are_not_used_for_another_version(store: Store) -> None:
    """A newer version parked earlier wins over the page's older one: the values worked
    out ahead for the page's version must not be stored under the parked one."""
    newer = family(FAMILY, 5, family_name="Newer")
    newer["version"] = 5
    store.run(lambda s: s.add(SyncParked(entity="family", record_id=FAMILY, family_id=FAMILY,
                                         version=5, change=newer)))
    older = family(FAMILY, 3, family_name="Older")
    older["version"] = 3
    ahead = checked_ahead(page(older))
    assert values_of(ahead.checked[("family", FAMILY)][1])["family_name"] == "Older"
    store.run(apply_page, ahead)
    held = store.run(lambda s: s.get(Family, FAMILY))
    assert (held.family_name, held.version) == ("Newer", 5)
