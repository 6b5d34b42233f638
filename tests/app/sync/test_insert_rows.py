"""New pulled records written in bulk (app.sync.new_rows.insert_rows) are stored as the ORM
would store the same records (each made into a row by ``new_row``), whether their values
all name the same fields (read whole, a record at a time) or not (read a column at a
time), and whatever their envelopes carry. Real SQLCipher store; synthetic data."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import text

from app.store.caseload_store import Store
from app.sync.new_rows import NewRecord, insert_rows, new_row, row_columns, sqlite_instants
from app.sync.protocol import ENTITIES
from app.sync.pull import apply_page
from app.sync.pulled_columns import checked_group
from app.sync.pulled_values import stored_values
from db.models import Person
from tests.app.sync.test_set_aside import FAMILY, family, page, person
from tests.db.test_caseload_people import expected, kept

SPEC = ENTITIES["person"]
COLUMNS = list(Person.__table__.columns)


def _pulled(first: int, count: int, **envelope: Any) -> list[NewRecord]:
    """New people as a pull gathers them (change, checked values), every field given."""
    news = []
    for n in range(first, first + count):
        change = person(f"0b9a1c3e-0000-4000-9000-{n:012d}", 10 + n, given_name=f"Kit {n}",
                        date_of_birth=None if n % 3 else f"2019-0{1 + n % 9}-1{n % 10}",
                        interpreter_needed=bool(n % 2), language="" if n % 4 else "Polish")
        change.update(envelope)
        values, problem = stored_values(change)
        assert values is not None, problem
        news.append((change, values))
    return news


def _pulled_together(first: int, count: int, *, without: str = "") -> list[NewRecord]:
    """New people as a pull gathers them when checked together: rows of one group's columns
    (``without``: a field none of them gives)."""
    changes = [change for change, _values in _pulled(first, count)]
    for change in changes:
        change["data"].pop(without, None)
    group = checked_group(SPEC, changes)
    assert group is not None
    return list(zip(changes, group.rows(), strict=True))


def _stored(store: Store, named: str) -> list[tuple[Any, ...]]:
    """Every column but the id and the given name (which tell the two sets apart), with
    the kind SQLite holds each value as, in the order of the given names."""
    others = [c.name for c in COLUMNS if c.name not in ("id", "given_name")]
    picked = ", ".join(f'"{c}", typeof("{c}")' for c in others)
    return store.run(lambda s: [tuple(r) for r in s.execute(text(
        f"SELECT {picked} FROM person WHERE given_name LIKE :named ORDER BY given_name"),
        {"named": named})])


def _bulk_and_orm(store: Store, batches: list[list[NewRecord]]) -> tuple[list[Any], list[Any]]:
    """Each batch written by insert_rows; the same records' rows (``new_row``) by the ORM,
    under other ids and names; both read back."""
    store.run(apply_page, page(family(FAMILY, 1)))
    for news in batches:
        store.run(lambda s, news=news: insert_rows(s, Person, {c["id"]: (c, v) for c, v in news}))
    rows = [new_row(SPEC, change, values) for news in batches for change, values in news]
    by_orm = [{**r, "id": r["id"].replace("-9000-", "-a000-"),
               "given_name": r["given_name"].replace("Kit", "Orm")} for r in rows]
    store.run(lambda s: s.add_all([Person(**r) for r in by_orm]))
    return _stored(store, "Kit %"), _stored(store, "Orm %")


def test_records_naming_the_same_fields_are_read_as_a_column_at_a_time_reads_them() -> None:
    news = _pulled(0, 40)
    whole = row_columns(Person, news, COLUMNS)
    last_change, last_values = news[-1]
    odd_one = [*news[:-1], (last_change, {**last_values, "not_a_column": 1})]
    assert [list(c) for c in whole] == [list(c) for c in row_columns(Person, odd_one, COLUMNS)]


def test_bulk_rows_are_stored_as_the_orm_stores_them(store: Store) -> None:
    alike = _pulled(0, 30)
    mixed = _pulled(100, 30)
    del mixed[5][1]["language"]  # one record without a field: column by column, its default
    del mixed[6][1]["role"]  # one without a field that must have a value: its filler
    bulk, orm = _bulk_and_orm(store, [alike, mixed])
    assert len(bulk) == len(orm) == 60
    assert bulk == orm


def test_rows_of_a_checked_group_are_stored_as_the_orm_stores_them(store: Store) -> None:
    whole = _pulled_together(0, 12)  # the group's own columns
    part = _pulled_together(100, 12)[1::3]  # some of its records (the others parked, say)
    alone = _pulled_together(200, 3)[1:2]  # one of them
    no_role = _pulled_together(300, 4, without="role")  # a field that must have one: filler
    mixed = [*_pulled_together(400, 2), *_pulled(500, 2)]  # rows and dictionaries
    bulk, orm = _bulk_and_orm(store, [whole, part, alone, no_role, mixed])
    assert len(bulk) == len(orm) == 12 + 4 + 1 + 4 + 4
    assert bulk == orm


# Envelopes as a service might send them, and whether the instant given is kept (else the
# record is stamped with the time it was stored): the usual, and each other kind.
ENVELOPES = [
    ({"updated_at": "2026-12-01T10:00:00.250000+00:00"}, True),
    ({"updated_at": "2026-12-01T10:00:00Z", "updated_by": "a" * 80}, True),
    ({"updated_at": "2026-12-01T11:30:00+01:30"}, True),  # another zone: converted to UTC
    ({"updated_at": "2026-12-01T10:00:00"}, True),  # no zone: taken as UTC
    ({"updated_at": "0001-01-01T00:30:00+01:00"}, False),  # before year 1 in UTC
    ({"updated_at": "not a time", "updated_by": None}, False),
    ({"updated_at": 20261201, "updated_by": 7}, False),
    ({"updated_at": None, "updated_by": "r" * 200}, False),  # a stamp beyond 80 is cut
    ({"deleted": 1, "version": 2**40}, True),
]


@pytest.mark.parametrize(("envelope", "kept"), ENVELOPES, ids=range(len(ENVELOPES)))
def test_every_kind_of_envelope_is_stored_as_the_orm_stores_it(
        store: Store, envelope: dict[str, Any], kept: bool) -> None:
    before = dt.datetime.now(dt.UTC).date().isoformat()
    usual = _pulled(0, 5)
    odd = _pulled(100, 5, **envelope)
    # One odd record among usual ones, then a batch of odd ones alone.
    bulk, orm = _bulk_and_orm(store, [[*usual[:2], odd[0], *usual[2:]], odd[1:]])
    assert len(bulk) == len(orm) == 10
    if kept:
        assert bulk == orm
        return
    # Stamped with the time it was stored, which differs between the two writes.
    at = 2 * [c.name for c in COLUMNS if c.name not in ("id", "given_name")].index("updated_at")
    assert [r[:at] + r[at + 2:] for r in bulk] == [r[:at] + r[at + 2:] for r in orm]
    assert [r[at + 1] for r in bulk] == ["text"] * 10
    days = {before, dt.datetime.now(dt.UTC).date().isoformat()}
    given = "2026-12-01 10:00:00.000000"  # the usual records' (test_set_aside.change)
    assert sorted(r[at] == given for r in bulk) == [False] * 5 + [True] * 5
    assert all(r[at][:10] in days for r in bulk if r[at] != given)


def test_instants_a_column_at_a_time_are_written_as_one_at_a_time() -> None:
    rng = random.Random(18)
    zones = [dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
             dt.timezone(-dt.timedelta(hours=7))]
    instants = [dt.datetime(rng.randint(2, 9998), rng.randint(1, 12), rng.randint(1, 28),
                            rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                            rng.choice([0, rng.randint(0, 999_999)]), tzinfo=rng.choice(zones))
                for _ in range(5000)]
    in_utc = [value.astimezone(dt.UTC) for value in instants]
    one_by_one = [value.replace(tzinfo=None).isoformat(" ", "microseconds") for value in in_utc]
    assert sqlite_instants(in_utc) == one_by_one  # all in UTC: the whole column at once
    assert sqlite_instants(instants) == one_by_one  # other zones: one at a time
    with_gaps = [None if n % 7 == 0 else value for n, value in enumerate(in_utc)]
    assert sqlite_instants(with_gaps) == [None if value is None else text for value, text
                                          in zip(with_gaps, one_by_one, strict=True)]
    with pytest.raises(ValueError):
        sqlite_instants([dt.datetime(2026, 1, 1)])  # naive: refused, as SQLAlchemy's UTC type


def test_pulled_people_written_in_bulk_are_in_their_familys_caseload_line(store: Store) -> None:
    """The caseload's line of each family (``caseload_people``) holds the people a pull
    wrote in bulk (made once, after each batch), the deleted ones left out."""
    store.run(apply_page, page(family(FAMILY, 1)))
    news = _pulled(0, 12)
    for change, _values in news[::5]:
        change["deleted"] = True
    for batch in (news[:7], news[7:]):
        store.run(lambda s, batch=batch: insert_rows(
            s, Person, {c["id"]: (c, v) for c, v in batch}))
    lines = store.run(kept)
    assert lines == store.run(expected)
    names = lines[FAMILY][0]
    assert "11" in names and "10" not in names and "0" not in names  # Kit 10 and 0 deleted
