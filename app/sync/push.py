"""Push, one transaction per batch: the next outbox ops in wire form, and the server's
answers applied.

A batch holds at most one op per record (the earliest waiting one); an op leaves the
outbox only when acknowledged, in the same transaction as its effects (see
:mod:`app.sync.engine`)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.records.writes import META_SENT_UPTO
from app.store.caseload_store import write_meta
from app.sync.conflict_intake import keep_rejected_locally, put_back_server_value, store_conflict
from app.sync.protocol import MAX_BODY_BYTES
from app.sync.status import int_meta
from app.sync.synced_rows import chunks, load_records
from db.models import OutboxOp, SyncConflict

# Outbox rows read at a time while filling a push batch.
_SCAN_CHUNK = 2000
# What a batch's changed fields may add up to, as JSON: the service refuses a request
# over MAX_BODY_BYTES, so a batch stops short of it (room left for each op's envelope,
# its resolves and JSON escapes). A single op larger than this still goes alone.
BATCH_BYTES = MAX_BODY_BYTES * 3 // 5
_OP_ENVELOPE = 400  # op_id, entity, ids, made_at... as JSON


def next_batch(session: Session, limit: int) -> list[dict[str, Any]]:
    """The next ops to push (wire form): the earliest waiting op of each record.

    Marks them as sent (:data:`META_SENT_UPTO`) in the same transaction, before
    any request goes out; services that fold never-sent ops rely on it."""
    batch = _waiting_ops(session, limit)
    if not batch:
        return []
    top = max(op.seq for op in batch)
    if top > int_meta(session, META_SENT_UPTO):
        write_meta(session, META_SENT_UPTO, str(top))
    resolves: dict[str, list[str]] = defaultdict(list)
    for ids in chunks([op.op_id for op in batch]):
        for conflict_id, op_id in session.execute(
            select(SyncConflict.id, SyncConflict.resolve_op_id).where(
                SyncConflict.resolve_op_id.in_(ids), SyncConflict.from_server.is_(True)
            )
        ):
            if op_id is not None:
                resolves[op_id].append(conflict_id)
    return [
        {
            "op_id": op.op_id,
            "entity": op.entity,
            "id": op.entity_id,
            "family_id": op.family_id,
            "base_version": op.base_version,
            "fields": dict(op.fields or {}),
            "deleted": bool(op.deleted),
            "resolves": sorted(resolves.get(op.op_id, [])),
            "made_at": op.created_at.astimezone(dt.UTC).isoformat(),
        }
        for op in batch
    ]


def _waiting_ops(session: Session, limit: int) -> list[OutboxOp]:
    """The earliest waiting op of each record, in order, at most ``limit`` of them and
    about BATCH_BYTES on the wire (at least one)."""
    batch: list[OutboxOp] = []
    seen: set[tuple[str, str]] = set()
    after = 0
    size = 0
    while len(batch) < limit and size < BATCH_BYTES:
        chunk = list(
            session.scalars(
                select(OutboxOp)
                .where(OutboxOp.seq > after)
                .order_by(OutboxOp.seq)
                .limit(_SCAN_CHUNK)
            )
        )
        if not chunk:
            break
        for op in chunk:
            key = (op.entity, op.entity_id)
            if key in seen:
                continue
            seen.add(key)
            grows = _wire_size(op)
            if batch and size + grows > BATCH_BYTES:
                size = BATCH_BYTES  # full: the rest go in the next batch
                break
            batch.append(op)
            size += grows
            if len(batch) >= limit:
                break
        after = chunk[-1].seq
    return batch


def _wire_size(op: OutboxOp) -> int:
    """About how many bytes an op adds to a push request."""
    return len(json.dumps(op.fields or {}, ensure_ascii=False).encode("utf-8")) + _OP_ENVELOPE


@dataclass(frozen=True)
class AckCounts:
    acknowledged: int
    new_conflicts: int
    rejected: int


def apply_acks(
    session: Session, sent: list[dict[str, Any]], results: list[dict[str, Any]]
) -> AckCounts:
    """Apply the server's answers to one pushed batch and remove the acknowledged ops."""
    ops: dict[str, OutboxOp] = {}
    for chunk in chunks([o["op_id"] for o in sent]):
        for found in session.scalars(select(OutboxOp).where(OutboxOp.op_id.in_(chunk))):
            ops[found.op_id] = found
    keys = {(op.entity, op.entity_id) for op in ops.values()}
    records_by_key = load_records(session, keys)
    # The record's other waiting ops (made after this one was sent), to rebase them.
    later_by_key: dict[tuple[str, str], list[OutboxOp]] = defaultdict(list)
    for chunk in chunks(sorted({rid for _, rid in keys})):
        for other in session.scalars(select(OutboxOp).where(OutboxOp.entity_id.in_(chunk))):
            key = (other.entity, other.entity_id)
            if key in keys and other.op_id not in ops:
                later_by_key[key].append(other)

    acknowledged = new_conflicts = rejected = 0
    for op_wire, result in zip(sent, results, strict=False):
        op = ops.get(op_wire["op_id"])
        if op is None:  # purged meanwhile
            continue
        acknowledged += 1
        key = (op.entity, op.entity_id)
        status = result["status"]
        if status == "duplicate" and result.get("reason"):
            status = "rejected"  # the answer to the first sending, whose reply was lost
        version = result.get("version")
        record = records_by_key.get(key)
        later_ops = later_by_key.get(key, [])
        later: set[str] = set()
        for other in later_ops:
            later.update(other.fields or {})
        if status != "rejected" and version is not None:
            if record is not None and (record.version is None or version > record.version):
                record.version = version
            for other in later_ops:
                other.base_version = version
        conflicts = result.get("conflicts") or []
        for item in conflicts:
            reason = "conflict" if status != "rejected" else str(result.get("reason") or "rejected")
            if store_conflict(session, item, reason=reason):
                new_conflicts += 1
            put_back_server_value(session, record, item, later)
        if status == "rejected":
            rejected += 1
            if not conflicts:
                reason = str(result.get("reason") or "")
                new_conflicts += keep_rejected_locally(session, op, reason)
        session.delete(op)
    return AckCounts(acknowledged, new_conflicts, rejected)

