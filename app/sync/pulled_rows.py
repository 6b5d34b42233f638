"""Writing one pulled record into the store: new ones gathered and inserted in bulk, ones held
here updated in place (never a field with a waiting local op), unique clashes renamed."""

from __future__ import annotations

import json
import logging
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import HearthError
from app.records import writes as records
from app.records.changes import note, note_many
from app.store.caseload_store import Profile, read_meta
from app.sync.new_rows import NewRecord, NewRecords, insert_rows
from app.sync.pulled_columns import Checked, column_values
from app.sync.pulled_columns import values_of as values_of_change
from app.sync.pulled_values import instant
from app.sync.synced_rows import unique_columns
from db.models import SyncColumns, synced_model, utcnow

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
    inserts: NewRecords,
) -> bool:
    """Store one pulled record (``values``: its checked column values); return whether it
    brought anything new.

    A record new to this store is collected in ``inserts`` (written in bulk by the
    caller); one already here is updated in place, except for waiting local fields."""
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
        inserts[change["id"]] = (change, values)
        return True
    _update_record(record, change, values, pending)
    return fresh


@cache
def _unique_keys(entity: str) -> tuple[str, ...]:
    return tuple(unique_columns(synced_model(entity)))


def apply_changes(
    session: Session,
    model: type[SyncColumns],
    changes: list[dict[str, Any]],
    values_of: dict[tuple[str, str], Checked],
    pending_all: dict[tuple[str, str], set[str]],
    taken: dict[tuple[type[SyncColumns], str], dict[Any, str]],
    existing: dict[tuple[str, str], SyncColumns],
    inserts: NewRecords,
) -> int:
    """:func:`apply_change` for each of one record type's changes; return how many brought
    something new. Records new to this store of a type with no unique field (nothing
    can clash) are gathered for the insert together, their families noted at once."""
    entity = model.__sync__.entity
    if _unique_keys(entity):
        return sum(apply_change(session, model, change,
                                dict(values_of_change(values_of[(entity, change["id"])])),
                                pending_all, taken, existing, inserts) for change in changes)
    fresh = 0
    new: list[NewRecord] = []
    for change in changes:
        key = (entity, change["id"])
        if key in existing:
            fresh += apply_change(session, model, change, dict(values_of_change(values_of[key])),
                                  pending_all, taken, existing, inserts)
        else:
            new.append((change, values_of[key]))
    ids = [change["id"] for change, _values in new]
    inserts.update(zip(ids, new, strict=True))
    family_key = model.__sync__.family_key
    note_many(session, entity, ids if family_key == "id" else column_values(
        [values for _change, values in new], family_key), local=False)
    return fresh + len(new)


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
