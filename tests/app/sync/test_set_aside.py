"""A pulled record this store cannot hold is set aside, and the rest of the page is stored.

Pages are built by hand (as a broken or hostile service would send them) and
applied to a real SQLCipher store; one test runs the whole engine against the
real service with one record damaged on the way. All data is synthetic.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.store.caseload_store import Store, read_meta
from app.sync.pull import apply_page
from app.sync.scope_check import local_digest
from app.sync.status import META_CURSOR, sync_status
from app.sync.transport import PullPage
from db.models import AuditEvent, Family, Person, SyncSetAside

FAMILY = "0b9a1c3e-0000-4000-8000-00000000f001"
SECRET = "Zebulon-Quartermaine"  # a value that must never reach a log or a problem text


def change(entity: str, rid: str, seq: int, data: dict[str, Any], *, version: int = 1,
           family_id: str | None = FAMILY) -> dict[str, Any]:
    return {"seq": seq, "entity": entity, "id": rid, "family_id": family_id,
            "version": version, "deleted": False, "data": data,
            "updated_at": "2026-12-01T10:00:00+00:00", "updated_by": "robin"}


def family(rid: str, seq: int, **data: Any) -> dict[str, Any]:
    return change("family", rid, seq, {"reference": f"EH-{seq}", "family_name": "Synthetic",
                                        **data}, family_id=rid)


def person(rid: str, seq: int, *, version: int = 1, **data: Any) -> dict[str, Any]:
    return change("person", rid, seq, {"family_id": FAMILY, "role": "child",
                                        "given_name": "Kit", "family_name": "Synthetic",
                                        **data}, version=version)


def page(*changes: dict[str, Any], cursor: int = 50) -> PullPage:
    return PullPage(changes=list(changes), next_cursor=cursor, has_more=False, purge=[],
                    scope=None)


def pid(n: int) -> str:
    return f"0b9a1c3e-0000-4000-8000-0000000000{n:02d}"


# (what is wrong, the change that carries it, the field or kind the problem names)
BAD = [
    ("a date that does not exist", person(pid(1), 2, date_of_birth="2024-02-31"),
     "date_of_birth"),
    ("a number where a date goes", person(pid(2), 3, date_of_birth=20240101), "date_of_birth"),
    ("text where yes/no goes", person(pid(3), 4, interpreter_needed="yes"),
     "interpreter_needed"),
    ("a NUL character", person(pid(4), 5, given_name=f"{SECRET}\x00"), "given_name"),
    ("a null where a value is required", person(pid(5), 6, given_name=None), "given_name"),
    ("an instant out of range in UTC",
     change("audit_event", pid(6), 7, {"at": "9999-12-31T23:30:00-05:00", "actor": SECRET,
                                       "action": "open", "entity": "family",
                                       "entity_id": FAMILY, "family_id": FAMILY}),
     "at"),
    ("an instant that is not one",
     change("audit_event", pid(7), 8, {"at": f"{SECRET}", "actor": "robin",
                                       "action": "open", "entity": "family",
                                       "entity_id": FAMILY, "family_id": FAMILY}),
     "at"),
    ("a kind of record this version does not know",
     change("spaceship", pid(8), 9, {"name": SECRET}), "does not know"),
    ("a version beyond 64 bits", person(pid(9), 10, version=2**70), "version"),
    ("an id no store would give", person(f"x' OR '1'='1 {'x' * 40}", 11), "id"),
]


@pytest.mark.parametrize(("what", "bad", "named"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_record_is_set_aside_and_the_rest_of_the_page_is_stored(
    store: Store, caplog: pytest.LogCaptureFixture, what: str, bad: dict[str, Any], named: str
) -> None:
    good_child = person(pid(50), 20, given_name="Ada")
    caplog.set_level(logging.INFO)
    result = store.run(apply_page, page(family(FAMILY, 1), bad, good_child))
    assert result.set_aside == 1
    assert store.run(lambda s: s.get(Family, FAMILY)).family_name == "Synthetic"
    assert store.run(lambda s: s.get(Person, pid(50))).given_name == "Ada"
    assert store.run(read_meta, META_CURSOR) == "50"  # the sync moves on
    [row] = store.run(lambda s: list(s.scalars(select(SyncSetAside))))
    assert (row.entity, row.record_id) == (bad["entity"], bad["id"])
    assert row.change == bad  # kept as it came, inside the encrypted store
    assert named in row.problem
    # Problems and logs name the record type and field, never the value.
    assert SECRET not in row.problem and SECRET not in caplog.text
    assert store.run(sync_status).set_aside == 1


def test_a_record_the_database_refuses_is_set_aside_alone(store: Store) -> None:
    """A constraint failure on insert: the others of the same statement are stored."""
    store.run(lambda s: s.execute(text(
        "CREATE TRIGGER refuse_person BEFORE INSERT ON person WHEN NEW.given_name = 'Refused' "
        "BEGIN SELECT RAISE(ABORT, 'refused by a constraint'); END")))
    result = store.run(apply_page, page(
        family(FAMILY, 1), person(pid(1), 2, given_name="Ada"),
        person(pid(2), 3, given_name="Refused"), person(pid(3), 4, given_name="Bea")))
    assert result.set_aside == 1 and result.applied == 3
    names = store.run(lambda s: sorted(s.scalars(select(Person.given_name))))
    assert names == ["Ada", "Bea"]
    [row] = store.run(lambda s: list(s.scalars(select(SyncSetAside))))
    assert row.record_id == pid(2) and "refused it" in row.problem


def test_a_set_aside_record_counts_as_held_and_a_newer_version_is_tried_again(
    store: Store,
) -> None:
    bad = person(pid(1), 2, version=3, date_of_birth="2024-13-01")
    store.run(apply_page, page(family(FAMILY, 1), bad))
    count, _ = store.run(local_digest)
    assert count == 2  # the family and the set-aside person (at its version)
    # The same version again (a full download) is tried again, and set aside again.
    store.run(apply_page, page(bad, cursor=60))
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(SyncSetAside))) == 1
    # An older version is not stored over it.
    store.run(apply_page, page(person(pid(1), 3, version=2), cursor=70))
    assert store.run(lambda s: s.get(Person, pid(1))) is None
    # The newer, good version is stored and no longer set aside.
    store.run(apply_page, page(person(pid(1), 4, version=4, given_name="Cai"), cursor=80))
    assert store.run(lambda s: s.get(Person, pid(1))).given_name == "Cai"
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(SyncSetAside))) == 0


def test_a_purged_family_takes_its_set_aside_records_with_it(store: Store) -> None:
    store.run(apply_page, page(family(FAMILY, 1), person(pid(1), 2, date_of_birth="x")))
    purge = PullPage(changes=[], next_cursor=90, has_more=False, purge=[FAMILY], scope=None)
    store.run(apply_page, purge)
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(SyncSetAside))) == 0
    assert store.run(lambda s: s.scalar(select(func.count()).select_from(AuditEvent))) == 0
