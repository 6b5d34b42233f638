"""Rows of a large read as the database driver gives them: plain tuples.

SQLAlchemy makes a result row of each row read, and hands each value through its
column type; for a read of 100,000 short rows (the scope digest, on the device
and on the service) that costs about twice what the database takes to read them.
:func:`plain_rows` sends the same compiled statement on the same connection and
transaction, and returns the driver's own tuples. Only for columns whose values
the driver already gives as Python wants them (text and whole numbers), or that
the caller converts itself: no column type's result processing runs. Small reads
gain too: SQLAlchemy's execution of a statement costs about as much CPU again as the
driver's (``db.plain_writes``).

A driver's error comes out as SQLAlchemy's would (:func:`driver_errors`): callers
that run a transaction again after a collision (a deadlock, a serialisation failure,
the same new row from two transactions) catch ``DBAPIError`` whichever way a
statement went, and a connection the database dropped is not given out again.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import ClauseElement, Connection, Dialect, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler

# Statements compiled once per database kind, while the statement lives: compiling one
# costs about 0.5 ms, as much as a small read. Not those with a list expanded into them
# (``IN``), whose text depends on the list.
_KEPT: weakref.WeakKeyDictionary[ClauseElement, dict[str, SQLCompiler]] = (
    weakref.WeakKeyDictionary())
_LOCK = threading.Lock()


def plain_rows(
    connection: Connection, statement: Select[*tuple[Any, ...]],
    params: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Every row of ``statement`` (with ``params`` for its bound parameters) as the
    driver's tuples: text and integers as Python has them, other kinds as the driver
    gives them (a timestamp is text on SQLite, a naive datetime on PostgreSQL)."""
    compiled = compiled_once(statement, connection.dialect)
    with driver_cursor(connection, compiled, compiled.construct_params(params)) as cursor:
        return list(cursor.fetchall())


@contextmanager
def driver_cursor(connection: Connection, compiled: SQLCompiler,
                  named: MutableMapping[str, Any]) -> Iterator[Any]:
    """A cursor of ``connection``'s driver that has run ``compiled`` with the values
    ``named`` (by bound parameter), closed afterwards; its errors as :func:`driver_errors`."""
    sent: Any = ([named[name] for name in compiled.positiontup or ()]
                 if compiled.positional else named)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with driver_errors(connection, compiled.string, cursor):
            cursor.execute(compiled.string, sent)
            yield cursor
    finally:
        cursor.close()


@contextmanager
def driver_errors(connection: Connection, sql: str, cursor: Any) -> Iterator[None]:
    """Raise the database driver's errors inside as SQLAlchemy's ``DBAPIError`` (its
    subclass for the kind: ``IntegrityError``, ``OperationalError``...), without the
    statement's values; a connection lost on the way is invalidated, as SQLAlchemy's
    own execution does."""
    dialect = connection.dialect
    try:
        yield
    except dialect.loaded_dbapi.Error as exc:
        dbapi_connection = connection.connection.dbapi_connection
        lost = dialect.is_disconnect(exc, dbapi_connection, cursor)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            sql, None, exc, dialect.loaded_dbapi.Error, hide_parameters=True,
            connection_invalidated=lost, dialect=dialect) from exc


def compiled_once(statement: ClauseElement, dialect: Dialect) -> SQLCompiler:
    """``statement`` compiled for ``dialect``, kept while the statement lives (and compiled
    again each time if a list is expanded into it)."""
    with _LOCK:
        kept = _KEPT.get(statement, {}).get(dialect.name)
    if kept is not None:
        return kept
    plain = cast(SQLCompiler, statement.compile(dialect=dialect))
    if plain.post_compile_params:
        return cast(SQLCompiler, statement.compile(
            dialect=dialect, compile_kwargs={"render_postcompile": True}))
    with _LOCK:
        _KEPT.setdefault(statement, {})[dialect.name] = plain
    return plain
