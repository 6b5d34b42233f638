"""db.bulk_insert: rows written from one JSON array are stored exactly as ``executemany``
stores them, every value and the kind SQLite gives it; what JSON cannot carry exactly
goes by ``executemany``; constraints hold the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

import db.bulk_insert as bulk_insert
from db.bulk_insert import insert_many
from db.engine import make_engine
from db.models import UTCDateTime

RAW_KEY = "x'" + "3c" * 32 + "'"  # a synthetic key, for this test only

metadata = MetaData()
PARENT = Table("parent", metadata, Column("id", String(36), primary_key=True))
ROWS = Table(
    "rows", metadata,
    Column("id", String(36), primary_key=True),
    Column("parent_id", String(36), ForeignKey("parent.id"), nullable=True),
    Column("name", String(200)),
    Column("notes", Text),
    Column("count", Integer),
    Column("flag", Boolean),
    Column("born", Date),
    Column("at", UTCDateTime),
    Column("when", DateTime),
    Column("answers", JSON),
)
MEASURES = Table("measures", metadata, Column("id", String(36), primary_key=True),
                 Column("weight", Float))

AWKWARD_TEXT = [
    "", " ", "plain", "O'Brien", 'say "hello"', "back\\slash", "a/b", "tab\there",
    "new\nline", "cr\rlf\r\n", "".join(chr(c) for c in range(1, 32)), "\x7f", "\u2028\u2029",
    "Zoë Ångström", "ما اسمك", "שלום", "日本語のテキスト", "👩‍👧‍👦 family", "e\u0301",
    "\ufeffbom", "x" * 100_000, '{"not": "json to SQLite"}', "null", "true", "1", "[1]",
]
WHOLE = [0, 1, -1, 2**31, -(2**31), 2**53 - 1, -(2**53 - 1)]


def _rows() -> list[tuple[Any, ...]]:
    """Rows as the driver takes them: text, whole numbers, yes/no and None."""
    rows = []
    for n, name in enumerate(AWKWARD_TEXT):
        whole = WHOLE[n % len(WHOLE)]
        rows.append((
            f"id-{n:04d}", "p1" if n % 2 else None, name, name[::-1] if n % 3 else None,
            whole if n % 5 else None, [True, False, None][n % 3],
            "2015-03-04" if n % 4 else None, f"2026-12-07 04:00:{n % 60:02d}.{n:06d}",
            "1969-12-31 23:59:59.000000", '{"q": "' + name.replace("\\", "\\\\")
            .replace('"', '\\"').replace("\n", "\\n")[:40] + '"}' if n % 2 else "null",
        ))
    return rows


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[Connection]:
    engine = make_engine(tmp_path / "bulk.db", RAW_KEY)
    metadata.create_all(engine)
    try:
        with engine.begin() as conn:
            conn.execute(PARENT.insert(), [{"id": "p1"}])
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _statements(conn: Connection) -> list[str]:
    sent: list[str] = []
    event.listen(conn, "before_cursor_execute",
                 lambda *args: sent.append(args[2]), named=False)
    return sent


def _stored(conn: Connection, table: Table) -> list[tuple[Any, ...]]:
    """Every value with the kind SQLite holds it as, row by row in id order."""
    kinds = ", ".join(f'typeof("{c.name}")' for c in table.columns)
    with conn.begin():
        return [tuple(r) for r in conn.execute(text(
            f'SELECT *, {kinds} FROM "{table.name}" ORDER BY id'))]


def _by_executemany(conn: Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" for _ in table.columns)
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" VALUES ({marks})', rows)


def test_rows_from_json_are_stored_as_executemany_stores_them(connection: Connection) -> None:
    rows = _rows()
    sent = _statements(connection)
    with connection.begin():
        insert_many(connection, ROWS, rows)
    assert any("json_each" in s for s in sent), "the rows did not go as one JSON array"
    from_json = _stored(connection, ROWS)
    with connection.begin():
        connection.execute(ROWS.delete())
        _by_executemany(connection, ROWS, rows)
    assert len(from_json) == len(rows)
    assert from_json == _stored(connection, ROWS)


def test_whole_numbers_at_the_limits_of_sqlite(connection: Connection) -> None:
    """Beyond 53 bits JSON might not carry a number exactly: those rows go by executemany,
    and are stored as they were given."""
    rows = [(f"id-{n}", None, "n", None, value, True, None, None, None, "null")
            for n, value in enumerate([2**53, 2**53 + 1, 2**63 - 1, -(2**63), 12])]
    sent = _statements(connection)
    with connection.begin():
        insert_many(connection, ROWS, rows)
    assert not any("json_each" in s for s in sent)
    assert [r[0] for r in connection.execute(select(ROWS.c["count"]).order_by(ROWS.c.id))] == [
        2**53, 2**53 + 1, 2**63 - 1, -(2**63), 12]


@pytest.mark.parametrize("odd", ["a\x00b", "\ud800 alone"], ids=["nul", "lone-surrogate"])
def test_text_json_cannot_carry_goes_by_executemany(connection: Connection, odd: str) -> None:
    rows = [("id-1", None, "fine", None, 1, True, None, None, None, "null"),
            ("id-2", None, odd, None, 1, True, None, None, None, "null")]
    sent = _statements(connection)
    try:
        with connection.begin():
            insert_many(connection, ROWS, rows)
    except UnicodeEncodeError:  # the driver cannot store a lone surrogate either
        assert odd.startswith("\ud800")
        assert sent and "json_each" not in sent[-1], "it did not go by executemany"
        return
    assert not any("json_each" in s for s in sent)
    stored = connection.execute(text("SELECT name FROM rows WHERE id = 'id-2'"))
    assert stored.scalar_one() == odd


def test_a_column_of_another_kind_goes_by_executemany(connection: Connection) -> None:
    rows = [("m1", 0.1), ("m2", 1e-300), ("m3", 2.0**0.5), ("m4", None)]
    sent = _statements(connection)
    with connection.begin():
        insert_many(connection, MEASURES, rows)
    assert not any("json_each" in s for s in sent)
    assert [tuple(r) for r in connection.execute(select(MEASURES).order_by(MEASURES.c.id))] == rows


def test_an_older_sqlite_goes_by_executemany(connection: Connection,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_insert, "JSON_ROWS_FROM", (99, 0, 0))
    rows = _rows()
    sent = _statements(connection)
    with connection.begin():
        insert_many(connection, ROWS, rows)
    assert not any("json_each" in s for s in sent)
    assert len(_stored(connection, ROWS)) == len(rows)


def test_rows_too_many_for_one_value_go_by_executemany(connection: Connection,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_insert, "MOST_JSON_BYTES", 1000)
    rows = _rows()
    sent = _statements(connection)
    with connection.begin():
        insert_many(connection, ROWS, rows)
    assert not any("json_each" in s for s in sent)
    small = [("id-small", None, "short", None, 1, True, None, None, None, "null")]
    with connection.begin():
        insert_many(connection, ROWS, small)
    assert "json_each" in sent[-1]
    assert len(_stored(connection, ROWS)) == len(rows) + 1


def test_constraints_hold_and_nothing_of_a_refused_batch_is_kept(connection: Connection) -> None:
    good = ("id-1", "p1", "n", None, 1, True, None, None, None, "null")
    orphan = ("id-2", "no-such-parent", "n", None, 1, True, None, None, None, "null")
    with pytest.raises(IntegrityError), connection.begin():
        insert_many(connection, ROWS, [good, orphan])
    with pytest.raises(IntegrityError), connection.begin():
        insert_many(connection, ROWS, [good, good])
    assert connection.execute(text("SELECT count(*) FROM rows")).scalar() == 0


def test_nothing_to_write_sends_nothing(connection: Connection) -> None:
    sent = _statements(connection)
    insert_many(connection, ROWS, [])
    assert sent == []
