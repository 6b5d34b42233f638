"""New pulled records written in bulk (app.sync.pulled_rows.insert_rows) are stored as the
ORM would store the same records, whether their rows all name the same fields (read whole,
a row at a time) or not (read a column at a time). Real SQLCipher store; synthetic data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from app.store.caseload_store import Store
from app.sync.protocol import ENTITIES
from app.sync.pull import apply_page
from app.sync.pulled_rows import _column_defaults, _columns, _new_row, insert_rows
from app.sync.pulled_values import stored_values
from db.models import Person
from tests.app.sync.test_set_aside import FAMILY, family, page, person

SPEC = ENTITIES["person"]


def _pulled(first: int, count: int) -> list[dict[str, Any]]:
    """New people's rows as a pull makes them, every field of the record type given."""
    rows = []
    for n in range(first, first + count):
        change = person(f"0b9a1c3e-0000-4000-9000-{n:012d}", 10 + n, given_name=f"Kit {n}",
                        date_of_birth=None if n % 3 else f"2019-0{1 + n % 9}-1{n % 10}",
                        interpreter_needed=bool(n % 2), language="" if n % 4 else "Polish")
        values, problem = stored_values(change)
        assert values is not None, problem
        rows.append(_new_row(SPEC, change, values))
    return rows


def _stored(store: Store, named: str) -> list[tuple[Any, ...]]:
    """Every column but the id and the given name (which tell the two sets apart), with
    the kind SQLite holds each value as, in the order of the given names."""
    others = [c.name for c in Person.__table__.columns if c.name not in ("id", "given_name")]
    picked = ", ".join(f'"{c}", typeof("{c}")' for c in others)
    return store.run(lambda s: [tuple(r) for r in s.execute(text(
        f"SELECT {picked} FROM person WHERE given_name LIKE :named ORDER BY given_name"),
        {"named": named})])


def test_rows_naming_the_same_fields_are_read_as_a_column_at_a_time_reads_them() -> None:
    rows = _pulled(0, 40)
    columns = list(Person.__table__.columns)
    defaults = _column_defaults(Person)
    whole = _columns(rows, columns, defaults)
    odd_one = [*rows[:-1], {**rows[-1], "not_a_column": 1}]  # not all alike: column by column
    assert [list(c) for c in whole] == [list(c) for c in _columns(odd_one, columns, defaults)]


def test_bulk_rows_are_stored_as_the_orm_stores_them(store: Store) -> None:
    store.run(apply_page, page(family(FAMILY, 1)))
    alike = _pulled(0, 30)
    mixed = _pulled(100, 30)
    del mixed[5]["language"]  # one row without a field: column by column, its default
    for rows in (alike, mixed):  # rows alike are read whole; the mixed, column by column
        store.run(lambda s, rows=rows: insert_rows(s, Person, {r["id"]: r for r in rows}))
    by_orm = [{**r, "id": r["id"].replace("-9000-", "-a000-"),
               "given_name": r["given_name"].replace("Kit", "Orm")} for r in alike + mixed]
    store.run(lambda s: s.add_all([Person(**r) for r in by_orm]))
    bulk, orm = _stored(store, "Kit %"), _stored(store, "Orm %")
    assert len(bulk) == len(orm) == 60
    assert bulk == orm
