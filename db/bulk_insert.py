"""Many new rows into one SQLite table in one statement, written without Python's lock.

A first sync writes about 100,000 records while another thread fetches and checks the
next page (and the screen's thread may be drawing). The driver's ``executemany`` binds
and writes one row at a time and lets go of Python's lock (the GIL) around each row's
write; taking it back waits for whichever thread holds it to reach the end of its turn
(``sys.getswitchinterval()``, 5 ms). So while another thread runs Python, each row
waits for it. Measured, 98,000 rows of 14 columns into SQLCipher, 9,000 to a
transaction: 1.23 s by ``executemany`` alone, 422 s beside a thread running Python.

Here the rows go to SQLite as one JSON array of arrays, read by ``INSERT ... SELECT ...
FROM json_each(?)``: one statement, stepped once, which SQLite reads and writes without
the lock. The same rows: 1.45 s alone, 1.69 s beside the busy thread. SQLite's reading
of the JSON costs about a quarter more CPU than binding the rows, paid on the thread
that writes while the others run.

Every value arrives as ``executemany`` would have stored it: text as text, whole
numbers as integers, yes/no as 1 and 0, None as NULL (``tests/db/test_bulk_insert.py``
compares the two, value by value, with the kind SQLite gives each). What JSON could
not carry exactly goes by ``executemany`` instead: a table with a column of another
kind (a floating-point number, bytes), a value orjson is told to refuse (an instant or
a date not yet converted to text, a subclass of text or of a number, a dataclass, a
whole number beyond 53 bits, text with a lone surrogate), text with a NUL character, rows
whose JSON would pass :data:`MOST_JSON_BYTES`, or a SQLite older than 3.38 (without
``->>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Dialect, Integer, String, Table
from sqlalchemy.types import TypeDecorator, TypeEngine

# ``->>``: a JSON value as SQL text, integer or NULL.
JSON_ROWS_FROM = (3, 38, 0)
# The most JSON sent as one value: far below SQLite's own limit on a value (1,000,000,000
# bytes unless built otherwise), which a page of very large records could pass.
MOST_JSON_BYTES = 64 * 1024 * 1024
_REFUSING = (orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS
             | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_STRICT_INTEGER)
# Column types whose values reach the driver as text, whole numbers, yes/no or None on
# SQLite (dates and instants as text, JSON as its text, by their bind conversions).
_CARRIED: tuple[type[TypeEngine[Any]], ...] = (String, Integer, Boolean, Date, DateTime, JSON)


def insert_many(connection: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """INSERT ``rows`` into ``table`` on SQLite, in the connection's transaction: each row a
    value for every column of the table, in its order, as the driver takes them."""
    if not rows:
        return
    by_row, from_json = _statements(table, connection.dialect)
    text = _as_json(rows) if from_json and _json_rows_readable(connection) else None
    if from_json is None or text is None:
        connection.exec_driver_sql(by_row, list(rows))
    else:
        connection.exec_driver_sql(from_json, (text,))


def _as_json(rows: Sequence[tuple[Any, ...]]) -> str | None:
    try:
        encoded = orjson.dumps(rows, option=_REFUSING)
    except TypeError:  # orjson.JSONEncodeError is one
        return None
    if b"\\u0000" in encoded:  # a NUL character, which SQLite's text from JSON would end at
        return None
    if len(encoded) > MOST_JSON_BYTES:  # more than one value should carry
        return None
    return encoded.decode()  # as text: SQLite takes bytes as its binary JSON


def _json_rows_readable(connection: Connection) -> bool:
    version = getattr(connection.dialect.dbapi, "sqlite_version_info", (0,))
    return tuple(version) >= JSON_ROWS_FROM


def _carried(kind: TypeEngine[Any]) -> bool:
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, _CARRIED)


@lru_cache(maxsize=64)
def _statements(table: Table, dialect: Dialect) -> tuple[str, str | None]:
    """The INSERT for ``executemany``, and the one from a JSON array of rows (None when a
    column's values may not be carried exactly by JSON)."""
    if dialect.name != "sqlite":
        raise ValueError("insert_many writes to SQLite only")
    quote = dialect.identifier_preparer.quote
    columns = list(table.columns)
    head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)})"
    by_row = f"{head} VALUES ({', '.join('?' for _ in columns)})"
    if not all(_carried(column.type) for column in columns):
        return by_row, None
    picked = ", ".join(f"value ->> {index}" for index in range(len(columns)))
    return by_row, f"{head} SELECT {picked} FROM json_each(?)"
