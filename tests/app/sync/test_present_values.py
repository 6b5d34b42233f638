"""Which parents a pulled page's records point at are here (app.sync.synced_rows.present_values,
read as one JSON array per chunk of ids): exactly those stored, across chunks, and a page
whose records point at absent parents parks just those. Real SQLCipher store; synthetic
data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.store.caseload_store import Store
from app.sync.pull import apply_page
from app.sync.synced_rows import IN_CHUNK, present_values
from db.models import Family, Person, SyncParked
from tests.app.sync.test_set_aside import change, family, page


def _fid(n: int) -> str:
    return f"0b9a1c3e-0000-4000-8000-{n:012d}"


def _pid(n: int) -> str:
    return f"0b9a1c3e-0000-4000-9000-{n:012d}"


def _child(n: int, family_id: str) -> dict[str, Any]:
    return change("person", _pid(n), 5000 + n, {"family_id": family_id, "role": "child",
                                                "given_name": f"Kit {n}",
                                                "family_name": "Synthetic"},
                  family_id=family_id)


def test_present_values_are_those_stored_across_chunks(store: Store) -> None:
    stored = IN_CHUNK + 200  # more than one chunk of ids
    store.run(apply_page, page(*(family(_fid(n), n + 1) for n in range(stored))))
    wanted = [_fid(n) for n in range(100, stored + 300)] + [None]
    present = store.run(present_values, Family.id, wanted)
    assert present == {_fid(n) for n in range(100, stored)}
    assert store.run(present_values, Family.id, []) == set()
    # Whole numbers come back as whole numbers.
    versions = store.run(present_values, Family.version, [1, 2, 99])
    assert versions == {1}


def test_a_page_pointing_at_absent_families_parks_just_those_records(store: Store) -> None:
    here = [_fid(n) for n in range(IN_CHUNK + 50)]
    store.run(apply_page, page(*(family(f, n + 1) for n, f in enumerate(here))))
    absent = [_fid(10_000 + n) for n in range(30)]
    children = [_child(n, here[n]) for n in range(len(here))]
    orphans = [_child(len(here) + n, f) for n, f in enumerate(absent)]
    result = store.run(apply_page, page(*children, *orphans, cursor=9000))
    assert (result.applied, result.parked) == (len(children), len(orphans))
    stored = store.run(lambda s: s.scalar(select(func.count()).select_from(Person)))
    parked = store.run(lambda s: set(s.scalars(select(SyncParked.record_id))))
    assert stored == len(children)
    assert parked == {o["id"] for o in orphans}
