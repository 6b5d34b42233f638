"""Pulled records new to this store, written in bulk: one INSERT per record type and page.

A first sync writes about 100,000 new rows. Each is gathered as it was pulled (its
change, which carries the envelope: id, version, deletion, when and by whom; and its
checked column values) and the rows are built here a column at a time: each column's
values taken across the rows in one call and converted in one pass, rather than a
dictionary made per row and taken apart again. The values stored are those the ORM
would store for the same records (``tests/app/sync/test_insert_rows.py`` holds them
to it, value for value and kind for kind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from operator import attrgetter, itemgetter, methodcaller
from typing import Any, cast

from sqlalchemy import Boolean, Date, insert
from sqlalchemy.orm import Session

from app.sync.protocol import ENTITIES, EntitySpec, FieldSpec
from app.sync.pulled_columns import Checked, columns_of, values_of
from app.sync.pulled_values import instant
from db.bulk_insert import insert_many
from db.caseload_lines import lines_made_after
from db.models import SyncColumns, UTCDateTime, synced_model, utcnow

# A record new to this store, as pulled: (its change, its checked column values).
NewRecord = tuple[dict[str, Any], Checked]
NewRecords = dict[str, NewRecord]  # by record id, in the order they are to be written

_UPDATED_BY_LENGTH = 80


def new_row(spec: EntitySpec, change: dict[str, Any], values: Checked) -> dict[str, Any]:
    """The row to insert for one record new to this store (``values`` is left as it is)."""
    stamp = change.get("updated_by")
    row = {
        **values_of(values),
        "id": change["id"],
        "version": change["version"],
        "deleted": bool(change["deleted"]),
        "updated_at": instant(change.get("updated_at")) or utcnow(),
        "updated_by": stamp[:_UPDATED_BY_LENGTH] if isinstance(stamp, str) else "",
    }
    for name, filler in required_fields(spec.entity):
        if name not in row:
            row[name] = filler
    return row


@cache
def required_fields(entity: str) -> tuple[tuple[str, Any], ...]:
    """The fields a new row must have a value for (not nullable, no default), with a filler."""
    model = synced_model(entity)
    return tuple(
        (name, _filler(field)) for name, field in ENTITIES[entity].fields.items()
        if not field.nullable
        and model.__table__.columns[name].default is None  # type: ignore[attr-defined]
    )


def insert_rows(session: Session, model: type[SyncColumns], inserts: NewRecords) -> None:
    """Write the gathered new records in one statement, and forget them.

    On SQLite the rows go to the driver as tuples through each column's own conversion
    (what SQLAlchemy would apply), as one statement that writes them without holding
    Python's lock (db.bulk_insert), so the thread checking the next page runs beside it."""
    if not inserts:
        return
    table = model.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    dialect = connection.dialect
    if dialect.paramstyle != "qmark":  # not SQLite: the general way
        spec = ENTITIES[model.__sync__.entity]
        defaults = column_defaults(model)
        session.execute(insert(table), [_full_row(new_row(spec, *new), defaults)
                                        for new in inserts.values()])
        inserts.clear()
        return
    columns = list(table.columns)
    built: list[Sequence[Any]] = []
    for column, values in zip(columns, row_columns(model, list(inserts.values()), columns),
                              strict=True):
        process: Callable[[Any], Any] | None = _fast_processor(
            column.type) or column.type.dialect_impl(dialect).bind_processor(dialect)
        built.append(values if process is None else process(values) if process in _WHOLE
                     else list(map(process, values)))
    rows = list(zip(*built, strict=True))
    session.flush()  # a local record renamed out of the way goes first (as autoflush would)
    if table.name == "person":  # their families' caseload lines made once, after
        family = [column.name for column in columns].index("family_id")
        with lines_made_after(connection, (row[family] for row in rows)):
            insert_many(connection, table, rows)
    else:
        insert_many(connection, table, rows)
    inserts.clear()


def row_columns(model: type[SyncColumns], news: list[NewRecord], columns: list[Any]
                ) -> list[Sequence[Any]]:
    """Each column's values across the new records, in their order: the envelope's (which
    wins over a field of the same name), else the record's value, else a required
    field's filler, else the column's default."""
    changes = list(map(itemgetter(0), news))
    valued = list(map(itemgetter(1), news))
    envelope = {"id": list(map(itemgetter("id"), changes)),
                "version": list(map(itemgetter("version"), changes)),
                "deleted": list(map(bool, map(itemgetter("deleted"), changes))),
                "updated_at": _updated_at(changes),
                "updated_by": _updated_by(changes)}
    missing = column_defaults(model) | dict(required_fields(model.__sync__.entity))
    dicts: list[dict[str, Any]] = []  # each record's values, unless they are columns already
    together = columns_of(valued)
    if together is None:
        dicts = list(map(values_of, valued))
        together = _alike(dicts, [c.key for c in columns if c.key not in envelope])
    out: list[Sequence[Any]] = []
    for column in columns:
        key, default = column.key, missing[column.key]
        if key in envelope:
            out.append(envelope[key])
        elif key in together:
            out.append(together[key])
        elif not dicts:  # a field no record of the group gives
            out.append([default(None) for _ in valued] if callable(default)
                       else [default] * len(valued))
        elif callable(default):
            out.append([values[key] if key in values else default(None) for values in dicts])
        else:
            out.append(list(map(methodcaller("get", key, default), dicts)))
    return out


def _alike(valued: list[dict[str, Any]], keys: list[str]) -> Mapping[str, Sequence[Any]]:
    """The records' columns of ``keys`` when every record names the same fields: each
    read whole in one call, and turned into columns at once. Empty otherwise."""
    named = valued[0].keys()
    given = [key for key in keys if key in named]
    if len(given) > 1 and all(values.keys() == named for values in valued):
        return dict(zip(given, zip(*map(itemgetter(*given), valued), strict=True),
                        strict=True))
    return {}


def _updated_at(changes: list[dict[str, Any]]) -> list[dt.datetime]:
    """When each record last changed: the pulled instant (UTC when it gives no zone), or
    now when it gives none that this store can hold. Parsed a column at a time when all
    are text in UTC (as a service sends them); one at a time otherwise."""
    texts = list(map(methodcaller("get", "updated_at"), changes))
    try:
        if set(map(type, texts)) != {str}:
            raise ValueError
        parsed = list(map(dt.datetime.fromisoformat, texts))
        if set(map(attrgetter("tzinfo"), parsed)) != {dt.UTC}:
            raise ValueError  # another zone, or none: each one converted below
    except ValueError:
        parsed = [instant(text) or utcnow() for text in texts]
    return parsed


def _updated_by(changes: list[dict[str, Any]]) -> list[str]:
    stamps = list(map(methodcaller("get", "updated_by"), changes))
    if set(map(type, stamps)) == {str} and max(map(len, stamps)) <= _UPDATED_BY_LENGTH:
        return stamps
    return [s[:_UPDATED_BY_LENGTH] if isinstance(s, str) else "" for s in stamps]


def sqlite_instants(values: Sequence[dt.datetime | None]) -> list[str | None]:
    """UTC instants as SQLite holds them: what UTCDateTime's and SQLAlchemy's SQLite DATETIME
    conversions give (naive UTC, with microseconds). A column all in UTC and all given is
    written in three calls over the whole column; any other, one value at a time."""
    if values and None not in values and set(map(attrgetter("tzinfo"), values)) == {dt.UTC}:
        joined = "\n".join(map(methodcaller("isoformat", " ", "microseconds"), values))
        return cast("list[str | None]", joined.replace("+00:00", "").split("\n"))
    return list(map(_sqlite_instant, values))


def _sqlite_instant(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(dt.UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_dates(values: Sequence[dt.date | None]) -> list[str | None]:
    if None not in values:
        return list(map(dt.date.isoformat, values))  # type: ignore[arg-type]
    return [None if value is None else value.isoformat() for value in values]


def _as_given(values: Sequence[Any]) -> Sequence[Any]:
    return values


# Conversions of a whole column at once (the others are applied value by value).
_WHOLE: tuple[Callable[[Sequence[Any]], Sequence[Any]], ...] = (
    sqlite_instants, _sqlite_dates, _as_given)


def _fast_processor(kind: Any) -> Callable[[Sequence[Any]], Sequence[Any]] | None:
    """The same conversion as SQLAlchemy's for SQLite, done faster a column at a time:
    instants and dates as text; yes/no as given (SQLite stores True and False as 1 and 0,
    as SQLAlchemy would)."""
    if isinstance(kind, UTCDateTime):
        return sqlite_instants
    if type(kind) is Date:
        return _sqlite_dates
    if type(kind) is Boolean:
        return _as_given
    return None


def column_defaults(model: type[SyncColumns]) -> dict[str, Any]:
    """Each column's value when a pulled record does not give it (its declared default;
    a callable one is called per row)."""
    out: dict[str, Any] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if default is not None and (default.is_scalar or default.is_callable):
            out[column.key] = default.arg
        else:
            out[column.key] = None
    return out


def _full_row(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Every column of a new row: its pulled value, else its declared default."""
    return {key: values[key] if key in values else
            (default(None) if callable(default) else default)
            for key, default in defaults.items()}


def _filler(field: FieldSpec) -> Any:
    return {"text": "", "int": 0, "bool": False, "date": dt.date(1970, 1, 1),
            "instant": dt.datetime(1970, 1, 1, tzinfo=dt.UTC)}.get(field.kind, "")
