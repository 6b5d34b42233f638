"""Writing synced records: every change also writes an outbox operation and an
audit event, in the caller's transaction.

Services never set the sync columns or write the outbox themselves; they call
:func:`create`, :func:`update` and :func:`mark_deleted` here (and :func:`send_as_it_is`
to send a record's values again unchanged), and
:func:`fold_unsent` to keep a record's never-sent ops (and audit events) to one;
a bulk insert of new records (the demo seed) writes their ops with :func:`created_in_bulk`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Table, insert, inspect, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from app.errors import RecordFinal
from app.records.changes import note
from app.store.caseload_store import Profile, read_meta
from db.models import AuditEvent, OutboxOp, SyncColumns, SyncConflict, new_id, utcnow

M = TypeVar("M", bound=SyncColumns)

# The highest outbox seq ever included in a push, written (by app.sync.push) before the
# request goes out: an op at or below it may already be on the server and must never change.
META_SENT_UPTO = "sync.sent_upto"


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
) -> OutboxOp:
    note(session, record.__sync__.entity, family_of(record))
    op = OutboxOp(
        op_id=new_id(),
        entity=record.__sync__.entity,
        entity_id=record.id,
        family_id=family_of(record),
        base_version=record.version,
        fields={k: to_wire(v) for k, v in fields.items()},
        deleted=deleted,
    )
    session.add(op)
    return op


def send_as_it_is(session: Session, record: SyncColumns, fields: dict[str, Any]) -> str:
    """Queue an op for ``record`` carrying ``fields`` as they are here, without changing
    the record (a conflict settled in favour of this device's value); return its op id."""
    return _outbox(session, record, fields).op_id


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


def created_in_bulk(
    session: Session,
    batches: Sequence[tuple[type[SyncColumns], list[dict[str, Any]]]],
    now: dt.datetime,
) -> None:
    """The outbox operations :func:`create` would have written for records inserted in
    bulk (rows of every column, per model), written in one statement."""
    outbox: list[dict[str, Any]] = []
    for model, rows in batches:
        columns = content_columns(model)
        entity = model.__sync__.entity
        family_key = model.__sync__.family_key
        outbox.extend(
            {
                "op_id": new_id(),
                "entity": entity,
                "entity_id": row["id"],
                "family_id": row[family_key],
                "base_version": None,
                "fields": {c: to_wire(row[c]) for c in columns},
                "deleted": False,
                "created_at": now,
            }
            for row in rows
        )
    session.execute(insert(cast(Table, OutboxOp.__table__)), outbox)


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


def sent_upto(session: Session) -> int:
    """The highest outbox seq that may already be on the server (0: none)."""
    try:
        return int(read_meta(session, META_SENT_UPTO, "0") or 0)
    except ValueError:
        return 0


def fold_unsent(session: Session, actor: Profile, record: SyncColumns, within_minutes: int) -> None:
    """Merge the record's never-sent outbox ops into its earliest never-sent one, and drop
    the "update" audit event just written when the actor's previous one for the record,
    less than ``within_minutes`` earlier, is still unsent. Sent ops are never touched."""
    session.flush()
    upto = sent_upto(session)
    _fold_ops(session, record, upto)
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_id == record.id,
                AuditEvent.actor == actor.username,
                AuditEvent.action == "update",
            )
            .order_by(AuditEvent.at.desc())
            .limit(2)
        )
    )
    if len(events) < 2:
        return
    newest, earlier = events
    if newest.at - earlier.at > dt.timedelta(minutes=within_minutes):
        return
    earlier_op = _unsent_op(session, earlier, upto)
    newest_op = _unsent_op(session, newest, upto)
    if earlier_op is None or newest_op is None:
        return  # the earlier event has been sent: keep both
    session.delete(newest_op)
    session.delete(newest)


def _fold_ops(session: Session, record: SyncColumns, upto: int) -> None:
    ops = list(
        session.scalars(
            select(OutboxOp)
            .where(
                OutboxOp.entity == record.__sync__.entity,
                OutboxOp.entity_id == record.id,
                OutboxOp.seq > upto,
            )
            .order_by(OutboxOp.seq)
        )
    )
    if len(ops) < 2:
        return
    first, rest = ops[0], ops[1:]
    fields = dict(first.fields or {})
    deleted = first.deleted
    for op in rest:
        fields.update(op.fields or {})
        deleted = deleted or op.deleted
        session.execute(
            sql_update(SyncConflict)
            .where(SyncConflict.resolve_op_id == op.op_id)
            .values(resolve_op_id=first.op_id)
        )
        session.delete(op)
    first.fields = fields
    first.deleted = deleted


def _unsent_op(session: Session, record: SyncColumns, upto: int) -> OutboxOp | None:
    return session.scalar(
        select(OutboxOp).where(
            OutboxOp.entity == record.__sync__.entity,
            OutboxOp.entity_id == record.id,
            OutboxOp.seq > upto,
        )
    )
