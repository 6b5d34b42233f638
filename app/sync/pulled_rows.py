"""Writing one pulled record into the store: new ones gathered and inserted in bulk, ones held
here updated in place (never a field with a waiting local op), unique clashes renamed."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from operator import itemgetter, methodcaller
from typing import Any

from sqlalchemy import Boolean, Date, insert, select
from sqlalchemy.orm import Session

from app.errors import HearthError
from app.records import writes as records
from app.records.changes import note, note_many
from app.store.caseload_store import Profile, read_meta
from app.sync.protocol import ENTITIES, EntitySpec, FieldSpec
from app.sync.pulled_values import instant
from app.sync.synced_rows import unique_columns
from db.bulk_insert import insert_many
from db.models import SyncColumns, UTCDateTime, synced_model, utcnow

log = logging.getLogger(__name__)

_NOTHING_WAITING: frozenset[str] = frozenset()


def _actor(session: Session) -> Profile:
    return Profile(**json.loads(read_meta(session, "profile")))


def _rename_clashing(
    session: Session,
    model: type[SyncColumns],
    change: dict[str, Any],
    values: dict[str, Any],
    pending: dict[tuple[str, str], set[str]],
) -> None:
    """A unique value (a family reference, say) taken here by another record: that local
    record gets a distinct value, as a normal change, so both devices end up unique."""
    for key in unique_columns(model):
        value = values.get(key)
        if value is None:
            continue
        column = getattr(model, key)
        other = session.scalar(select(model).where(column == value, model.id != change["id"]))
        if other is None:
            continue
        length = getattr(model.__table__.columns[key].type, "length", None)  # type: ignore[attr-defined]
        suffix = f"-{other.id[:4]}"
        new_value = (str(value)[: length - len(suffix)] if length else str(value)) + suffix
        try:
            records.update(session, _actor(session), other, **{key: new_value})
            pending[(model.__sync__.entity, other.id)].add(key)
        except HearthError:
            log.warning("a local %s holds a value another record needs; left as it is",
                        model.__sync__.entity)


def apply_change(
    session: Session,
    model: type[SyncColumns],
    change: dict[str, Any],
    values: dict[str, Any],
    pending_all: dict[tuple[str, str], set[str]],
    taken: dict[tuple[type[SyncColumns], str], dict[Any, str]],
    existing: dict[tuple[str, str], SyncColumns],
    inserts: dict[str, dict[str, Any]],
) -> bool:
    """Store one pulled record (``values``: its checked column values); return whether it
    brought anything new.

    A record new to this store is collected in ``inserts`` (written in bulk by the
    caller); one already here is updated in place, except for waiting local fields."""
    spec = ENTITIES[model.__sync__.entity]
    family_key = model.__sync__.family_key
    family_id = change["id"] if family_key == "id" else values.get(family_key)
    note(session, change["entity"], family_id, local=False)
    record = existing.get((change["entity"], change["id"]))
    if record is not None and record.version is not None and change["version"] < record.version:
        return False  # older than what is here
    fresh = record is None or record.version != change["version"]
    pending = pending_all.get((change["entity"], change["id"]), _NOTHING_WAITING)
    unique = {k: v for k in _unique_keys(model.__sync__.entity)
              if (model, k) in taken and k not in pending and (v := values.get(k)) is not None}
    holders = {taken[(model, k)].get(v) for k, v in unique.items()} - {None, change["id"]}
    if holders:
        if holders & inserts.keys():
            insert_rows(session, model, inserts)
        _rename_clashing(session, model, change, unique, pending_all)
    for k, v in unique.items():
        taken[(model, k)][v] = change["id"]
    if record is None:
        inserts[change["id"]] = _new_row(spec, change, values)
        return True
    _update_record(record, change, values, pending)
    return fresh


@cache
def _unique_keys(entity: str) -> tuple[str, ...]:
    return tuple(unique_columns(synced_model(entity)))


@cache
def _required(entity: str) -> tuple[tuple[str, Any], ...]:
    """The fields a new row must have a value for (not nullable, no default), with a filler."""
    model = synced_model(entity)
    return tuple(
        (name, _filler(field)) for name, field in ENTITIES[entity].fields.items()
        if not field.nullable
        and model.__table__.columns[name].default is None  # type: ignore[attr-defined]
    )


def _new_row(spec: EntitySpec, change: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The row to insert for a record new to this store (``values`` is left as it is)."""
    stamp = change.get("updated_by")
    row = {
        **values,
        "id": change["id"],
        "version": change["version"],
        "deleted": bool(change["deleted"]),
        "updated_at": instant(change.get("updated_at")) or utcnow(),
        "updated_by": stamp[:80] if isinstance(stamp, str) else "",
    }
    for name, filler in _required(spec.entity):
        if name not in row:
            row[name] = filler
    return row


def apply_changes(
    session: Session,
    model: type[SyncColumns],
    changes: list[dict[str, Any]],
    values_of: dict[tuple[str, str], dict[str, Any]],
    pending_all: dict[tuple[str, str], set[str]],
    taken: dict[tuple[type[SyncColumns], str], dict[Any, str]],
    existing: dict[tuple[str, str], SyncColumns],
    inserts: dict[str, dict[str, Any]],
) -> int:
    """:func:`apply_change` for each of one record type's changes; return how many brought
    something new. Records new to this store of a type with no unique field (nothing
    can clash) are gathered for the insert together, their families noted at once."""
    entity = model.__sync__.entity
    if _unique_keys(entity):
        return sum(apply_change(session, model, change, dict(values_of[(entity, change["id"])]),
                                pending_all, taken, existing, inserts) for change in changes)
    spec = ENTITIES[entity]
    family_key = model.__sync__.family_key
    own_family = family_key == "id"
    families: list[str | None] = []
    fresh = 0
    for change in changes:
        key = (entity, change["id"])
        values = values_of[key]
        if key in existing:
            fresh += apply_change(session, model, change, dict(values), pending_all, taken,
                                  existing, inserts)
            continue
        families.append(change["id"] if own_family else values.get(family_key))
        inserts[change["id"]] = _new_row(spec, change, values)
        fresh += 1
    note_many(session, entity, families, local=False)
    return fresh


def _update_record(
    record: SyncColumns, change: dict[str, Any], values: dict[str, Any], pending: AbstractSet[str]
) -> None:
    """A record held here takes the pulled values, except fields with a waiting local op."""
    for name, value in values.items():
        if name not in pending:
            setattr(record, name, value)
    record.version = change["version"]
    if change["deleted"]:
        record.deleted = True
    elif "deleted" not in pending:
        record.deleted = False
    record.updated_at = instant(change.get("updated_at")) or record.updated_at or utcnow()
    if isinstance(change.get("updated_by"), str):
        record.updated_by = change["updated_by"][:80]
    elif record.updated_by is None:
        record.updated_by = ""


def _column_defaults(model: type[SyncColumns]) -> dict[str, Any]:
    """Each column's value when a pulled record does not give it (its declared default)."""
    out: dict[str, Any] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if default is None:
            out[column.key] = None
        elif default.is_scalar:
            out[column.key] = default.arg
        elif default.is_callable:
            out[column.key] = default.arg  # called per row below
        else:
            out[column.key] = None
    return out


def insert_rows(
    session: Session, model: type[SyncColumns], inserts: dict[str, dict[str, Any]]
) -> None:
    """Write new records in one statement (every row with every column, as executemany wants).

    A first sync writes about 100,000 rows: they go to the driver as tuples through each
    column's own conversion (what SQLAlchemy would apply), without SQLAlchemy building
    the parameters row by row, which cost more than the database's work; on SQLite, as
    one statement that writes them without holding Python's lock (db.bulk_insert), so
    the thread checking the next page does not hold each row up."""
    if not inserts:
        return
    table = model.__table__  # type: ignore[attr-defined]
    defaults = _column_defaults(model)
    connection = session.connection()
    dialect = connection.dialect
    if dialect.paramstyle != "qmark":  # not SQLite: the general way
        session.execute(insert(table), [_full_row(values, defaults) for values in
                                        inserts.values()])
        inserts.clear()
        return
    columns = list(table.columns)
    processors = [_fast_processor(c.type) or c.type.dialect_impl(dialect).bind_processor(dialect)
                  for c in columns]
    # Built column by column (each column's values in one pass), then zipped into rows.
    built: list[Sequence[Any]] = []
    for values, process in zip(_columns(list(inserts.values()), columns, defaults), processors,
                               strict=True):
        if process is None or process is _as_given or (
                process in _EMPTY_STAYS_EMPTY and values.count(None) == len(values)):
            built.append(values)  # nothing to convert (a column of dates all empty, say)
        else:
            built.append(list(map(process, values)))
    rows = list(zip(*built, strict=True))
    session.flush()  # a local record renamed out of the way goes first (as autoflush would)
    insert_many(connection, table, rows)
    inserts.clear()


def _columns(news: list[dict[str, Any]], columns: list[Any], defaults: dict[str, Any]
             ) -> list[Sequence[Any]]:
    """Each column's values across the new rows, in the rows' order: the row's value, else
    the column's default. Rows that all name the same fields (a page's records of one
    type, as a service sends them) are read whole in one call each and turned into
    columns at once; others a column at a time."""
    named = news[0].keys()
    given = [column.key for column in columns if column.key in named]
    together: dict[str, Sequence[Any]] = {}
    if len(given) > 1 and all(new.keys() == named for new in news):
        together = dict(zip(given, zip(*map(itemgetter(*given), news), strict=True),
                            strict=True))
    out: list[Sequence[Any]] = []
    for column in columns:
        key, default = column.key, defaults[column.key]
        if key in together:
            out.append(together[key])
        elif callable(default):
            out.append([new[key] if key in new else default(None) for new in news])
        else:
            out.append(list(map(methodcaller("get", key, default), news)))
    return out


def _sqlite_instant(value: dt.datetime | None) -> str | None:
    """A UTC instant as SQLite holds it: what UTCDateTime's and SQLAlchemy's SQLite DATETIME
    conversions give (naive UTC, with microseconds), in one C call."""
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(dt.UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _as_given(value: Any) -> Any:
    return value


# Conversions that give None for None (SQLAlchemy's JSON gives the text "null").
_EMPTY_STAYS_EMPTY = (_sqlite_instant, _sqlite_date)


def _fast_processor(kind: Any) -> Callable[[Any], Any] | None:
    """The same conversion as SQLAlchemy's for SQLite, done faster: instants and dates as
    text; yes/no as given (SQLite stores True and False as 1 and 0, as SQLAlchemy would)."""
    if isinstance(kind, UTCDateTime):
        return _sqlite_instant
    if type(kind) is Date:
        return _sqlite_date
    if type(kind) is Boolean:
        return _as_given
    return None


def _default(default: Any) -> Any:
    return default(None) if callable(default) else default


def _full_row(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Every column of a new row: its pulled value, else its declared default."""
    return {key: values[key] if key in values else _default(default)
            for key, default in defaults.items()}


def _filler(field: FieldSpec) -> Any:
    return {"text": "", "int": 0, "bool": False, "date": dt.date(1970, 1, 1),
            "instant": dt.datetime(1970, 1, 1, tzinfo=dt.UTC)}.get(field.kind, "")

