"""Rows of a large read as the database driver gives them: plain tuples.

SQLAlchemy makes a result row of each row read, and hands each value through its
column type; for a read of 100,000 short rows (the scope digest, on the device
and on the service) that costs about twice what the database takes to read them.
:func:`plain_rows` sends the same compiled statement on the same connection and
transaction, and returns the driver's own tuples. Only for columns whose values
the driver already gives as Python wants them (text and whole numbers): no
column type's result processing runs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select


def plain_rows(
    connection: Connection, statement: Select[*tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """Every row of ``statement`` (text and integer columns only), as the driver's tuples."""
    compiled = statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"render_postcompile": True})
    named = compiled.construct_params()
    params: Any = ([named[name] for name in compiled.positiontup or ()]
                   if compiled.positional else named)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(compiled.string, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()
