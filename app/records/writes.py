"""Writing synced records: every change also writes an outbox operation and an
audit event, in the caller's transaction.

Services never set the sync columns or write the outbox themselves; they call
:func:`create`, :func:`update` and :func:`mark_deleted` here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.errors import RecordFinal
from app.store.caseload_store import Profile
from db.models import AuditEvent, OutboxOp, SyncColumns, new_id, utcnow

M = TypeVar("M", bound=SyncColumns)


def to_wire(value: Any) -> Any:
    """A column value as JSON: dates and instants as ISO 8601 text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def content_columns(model: type[SyncColumns]) -> list[str]:
    """The columns that carry the record's content (not sync bookkeeping)."""
    mapper = inspect(model)
    return [c.key for c in mapper.column_attrs if c.key not in SyncColumns.SYNC_BOOKKEEPING]


def family_of(record: SyncColumns) -> str | None:
    value = getattr(record, record.__sync__.family_key, None)
    return None if value is None else str(value)


def _outbox(
    session: Session, record: SyncColumns, fields: dict[str, Any], *, deleted: bool = False
) -> None:
    session.add(
        OutboxOp(
            op_id=new_id(),
            entity=record.__sync__.entity,
            entity_id=record.id,
            family_id=family_of(record),
            base_version=record.version,
            fields={k: to_wire(v) for k, v in fields.items()},
            deleted=deleted,
        )
    )


def audit(
    session: Session,
    actor: Profile,
    action: str,
    record: SyncColumns | None = None,
    *,
    family_id: str | None = None,
) -> AuditEvent:
    """Record who did what and when (also for reads such as opening a family)."""
    event = AuditEvent(
        id=new_id(),
        at=utcnow(),
        actor=actor.username,
        action=action,
        entity=record.__sync__.entity if record is not None else "",
        entity_id=record.id if record is not None else "",
        family_id=family_id if family_id is not None else (family_of(record) if record else None),
        updated_at=utcnow(),
        updated_by=actor.username,
        deleted=False,
    )
    session.add(event)
    _outbox(session, event, {c: getattr(event, c) for c in content_columns(AuditEvent)})
    return event


def create(session: Session, actor: Profile, model: type[M], **fields: Any) -> M:
    record = model(**fields)
    if not record.id:
        record.id = new_id()
    record.updated_at = utcnow()
    record.updated_by = actor.username
    record.deleted = False
    record.version = None
    session.add(record)
    session.flush()
    _outbox(session, record, {c: getattr(record, c) for c in content_columns(model)})
    audit(session, actor, "create", record)
    return record


def update(session: Session, actor: Profile, record: SyncColumns, **fields: Any) -> dict[str, Any]:
    """Apply the fields that really change; return them (empty: nothing written)."""
    if record.__sync__.is_final(record):
        raise RecordFinal("This record is final and cannot be changed; add a correction instead.")
    allowed = set(content_columns(type(record)))
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields for {record.__sync__.entity}: {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(record, k) != v}
    if not changed:
        return {}
    for key, value in changed.items():
        setattr(record, key, value)
    record.updated_at = utcnow()
    record.updated_by = actor.username
    _outbox(session, record, changed)
    audit(session, actor, "update", record)
    return changed


def mark_deleted(session: Session, actor: Profile, record: SyncColumns) -> None:
    """Tombstone a record; it is never removed while the server may not know of it."""
    if record.__sync__.is_final(record):
        raise RecordFinal("This record is final and cannot be deleted.")
    if record.deleted:
        return
    record.deleted = True
    record.updated_at = utcnow()
    record.updated_by = actor.username
    _outbox(session, record, {}, deleted=True)
    audit(session, actor, "delete", record)
