"""The client side of sync: push the outbox, pull changes, keep both sides agreeing.

Generic: nothing here knows a record type. Every synced model is found through
``db.models.SYNCED_MODELS`` and its ``__sync__`` declaration, and every field
through ``app.sync.protocol.ENTITIES``; a record type that later work adds takes
part by declaration alone.

How one sync runs (:meth:`SyncEngine.sync`):

1. **Push** the outbox in ``seq`` order, in batches of at most ``MAX_PUSH_OPS``.
   A batch holds at most one op per record (the earliest waiting one), because
   the next op of that record must be sent against the version the server gives
   the first. Ops are never merged: every value entered here reaches the server
   and its history. Resending an op whose answer was lost is safe because the
   server answers a known ``op_id`` with its stored result.
   An op leaves the outbox only when acknowledged, in the same transaction as
   its effects: the record takes the returned version, the record's later ops
   are rebased on it, conflicts (and rejected changes) go to the local conflict
   queue with the server's value put back into the record. Each op carries
   ``made_at``, when the change was made here.
2. **Pull** pages from the stored cursor. Each page is applied in one
   transaction together with the new cursor, so an interrupted pull resumes at
   the last applied page. Purged families go first, but only once the server
   has every change made to them here (:mod:`app.sync.custody`). Each record is
   checked against its declared types (:mod:`app.sync.pulled_values`); one that does
   not fit, or that the database refuses, is set aside (:mod:`app.sync.set_aside`)
   and the rest is stored. Records are inserted or updated by id, parents
   before children; a field with a waiting local op is never overwritten; a
   record whose parent has not arrived yet is parked and stored as soon as it
   has. No outbox op or audit row is written for what is pulled.
3. **Check**: after the last page, the count and digest of the local synced
   records are compared with the server's scope (set-aside records count as
   held; families waiting to be purged do not). On a mismatch, families the
   server no longer gives are purged (on the same custody rule), the cursor
   goes back to 0 and everything is pulled again (once per sync).
4. **Conflicts** open on the server for this scope are fetched, so a conflict
   resolved on another device closes here too.

A revoked device raises :class:`~app.sync.transport.DeviceRevoked`; the caller
closes the store and calls :func:`wipe_store`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from app.errors import HearthError
from app.records import writes as records
from app.reference.council_config import Installed, install_reference
from app.store.caseload_store import Profile, read_meta, write_meta
from app.store.wipe import wipe_store
from app.sync.conflict_intake import (
    keep_rejected_locally,
    put_back_server_value,
    refresh_conflicts,
    store_conflict,
)
from app.sync.custody import back_in_scope, families_due, purge_due, purge_when_safe
from app.sync.protocol import ENTITIES, MAX_PUSH_OPS, FieldSpec, scope_digest
from app.sync.pulled_values import instant, stored_values
from app.sync.set_aside import (
    set_aside,
    set_aside_count,
    set_aside_kinds,
    set_aside_versions,
    take_back,
)
from app.sync.transport import (
    DeviceRevoked,
    NotEnrolled,
    PullPage,
    SyncError,
    SyncTransport,
)
from db.models import (
    SYNCED_MODELS,
    AuditEvent,
    Base,
    OutboxOp,
    SyncColumns,
    SyncConflict,
    SyncParked,
    synced_model,
    utcnow,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
# run(fn, *args) runs fn(session, *args) in one transaction on the store's thread.
StoreCall = Callable[..., Any]
ProgressCallback = Callable[["SyncProgress"], None]

META_SERVER_URL = "sync.server_url"
META_DEVICE_ID = "sync.device_id"
META_TOKEN = "sync.token"
META_USERNAME = "sync.username"
META_CURSOR = "sync.cursor"
META_LAST_SYNCED = "sync.last_synced"
# The highest outbox seq ever included in a push, written before the request goes out:
# an op at or below it may already be on the server and must never be changed.
META_SENT_UPTO = "sync.sent_upto"
# "count:digest" of the last scope check that matched.
META_VERIFIED = "sync.verified_digest"
META_VERIFIED_AT = "sync.verified_at"
# When the council's reference data was last fetched; it is fetched again after this long.
META_REFERENCE_CHECKED = "sync.reference_checked_at"
REFERENCE_EVERY_SECONDS = 3600.0

DEFAULT_PULL_LIMIT = 2000  # records per pull page (the protocol allows up to MAX_PULL_LIMIT)
# Outbox rows read at a time while filling a push batch.
_SCAN_CHUNK = 2000
# Ids per IN (...) query (SQLite allows 32766 parameters; stay well below).
_IN_CHUNK = 500


class SyncCancelled(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Sync was stopped. Everything sent or received so far is kept; the next sync "
            "carries on from there."
        )


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class SyncProgress:
    """Where a sync is: ``phase`` is push, pull or check; ``total`` None when unknown."""

    phase: str
    done: int
    total: int | None = None

    @property
    def text(self) -> str:
        if self.phase == "push":
            return f"Sending changes: {self.done} of {self.total}"
        if self.phase == "pull":
            return f"Receiving: {self.done} records"
        return "Checking everything arrived"


@dataclass(frozen=True)
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    new_conflicts: int = 0
    rejected: int = 0
    purged_families: int = 0
    repulled: bool = False
    digest_ok: bool = True
    waiting: int = 0
    open_conflicts: int = 0
    last_synced: dt.datetime | None = None
    # The council's reference data (levels of need, agencies, forms): what this sync
    # installed, and anything of it that was refused (one line each).
    reference_changed: tuple[str, ...] = ()
    reference_problems: tuple[str, ...] = ()
    # Records from the service this store could not hold, kept aside (app.sync.set_aside):
    # how many there are now, and their record types.
    set_aside: int = 0
    set_aside_kinds: tuple[str, ...] = ()
    # Families no longer in this worker's caseload that stay until the server has every
    # change made to them here (app.sync.custody).
    purge_waiting: int = 0


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows; never carries the credential."""

    enrolled: bool
    server_url: str
    username: str
    device_id: str
    last_synced: dt.datetime | None
    waiting: int
    open_conflicts: int
    set_aside: int = 0


# ---------------------------------------------------------------- state in store_meta


def sync_status(session: Session) -> SyncStatus:
    last = read_meta(session, META_LAST_SYNCED)
    return SyncStatus(
        enrolled=bool(read_meta(session, META_TOKEN)),
        server_url=read_meta(session, META_SERVER_URL),
        username=read_meta(session, META_USERNAME),
        device_id=read_meta(session, META_DEVICE_ID),
        last_synced=dt.datetime.fromisoformat(last) if last else None,
        waiting=changes_waiting(session),
        open_conflicts=open_conflict_count(session),
        set_aside=set_aside_count(session),
    )


def credentials(session: Session) -> tuple[str, str]:
    """The server address and device token; raise NotEnrolled if there are none."""
    url = read_meta(session, META_SERVER_URL)
    token = read_meta(session, META_TOKEN)
    if not url or not token:
        raise NotEnrolled()
    return url, token


def changes_waiting(session: Session) -> int:
    """Local changes not yet taken by the server (the audit trail is not counted)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(OutboxOp)
            .where(OutboxOp.entity != AuditEvent.__sync__.entity)
        )
        or 0
    )


def open_conflict_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")
        )
        or 0
    )


def _int_meta(session: Session, key: str) -> int:
    text = read_meta(session, key, "0")
    try:
        return int(text)
    except ValueError:
        return 0


def _actor(session: Session) -> Profile:
    return Profile(**json.loads(read_meta(session, "profile")))


# ---------------------------------------------------------------- model helpers


def _table_order() -> dict[type[SyncColumns], int]:
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    return {m: order[m.__table__.name] for m in SYNCED_MODELS}  # type: ignore[attr-defined]


def _models_parents_first() -> list[type[SyncColumns]]:
    order = _table_order()
    return sorted(SYNCED_MODELS, key=lambda m: order[m])


def _foreign_keys(model: type[SyncColumns]) -> list[tuple[str, Any, Any]]:
    """(attribute, target table, target column) for each foreign key of a synced model."""
    from sqlalchemy import inspect as sa_inspect

    mapper = sa_inspect(model)
    out = []
    for fk in model.__table__.foreign_keys:  # type: ignore[attr-defined]
        attr = mapper.get_property_by_column(fk.parent).key
        out.append((attr, fk.column.table, fk.column))
    return out


def _unique_columns(model: type[SyncColumns]) -> list[str]:
    return [c.key for c in model.__table__.columns if c.unique]  # type: ignore[attr-defined]


def _chunks(items: list[T], size: int = _IN_CHUNK) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _pending(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """Fields with a waiting local op, per (entity, id); "deleted" marks a waiting deletion."""
    wanted = set(keys)
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    ids = sorted({rid for _, rid in wanted})
    for chunk in _chunks(ids):
        rows = session.execute(
            select(OutboxOp.entity, OutboxOp.entity_id, OutboxOp.fields, OutboxOp.deleted).where(
                OutboxOp.entity_id.in_(chunk)
            )
        )
        for entity, rid, fields, deleted in rows:
            if (entity, rid) not in wanted:
                continue
            out[(entity, rid)].update(fields or {})
            if deleted:
                out[(entity, rid)].add("deleted")
    return out


# ---------------------------------------------------------------- push: one transaction each


def next_batch(session: Session, limit: int) -> list[dict[str, Any]]:
    """The next ops to push (wire form): the earliest waiting op of each record.

    Marks them as sent (:data:`META_SENT_UPTO`) in the same transaction, before
    any request goes out; services that fold never-sent ops rely on it."""
    batch: list[OutboxOp] = []
    seen: set[tuple[str, str]] = set()
    after = 0
    while len(batch) < limit:
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
            batch.append(op)
            if len(batch) >= limit:
                break
        after = chunk[-1].seq
    if not batch:
        return []
    top = max(op.seq for op in batch)
    if top > _int_meta(session, META_SENT_UPTO):
        write_meta(session, META_SENT_UPTO, str(top))
    resolves: dict[str, list[str]] = defaultdict(list)
    for ids in _chunks([op.op_id for op in batch]):
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


@dataclass(frozen=True)
class _AckCounts:
    acknowledged: int
    new_conflicts: int
    rejected: int


def apply_acks(
    session: Session, sent: list[dict[str, Any]], results: list[dict[str, Any]]
) -> _AckCounts:
    """Apply the server's answers to one pushed batch and remove the acknowledged ops."""
    ops: dict[str, OutboxOp] = {}
    for chunk in _chunks([o["op_id"] for o in sent]):
        for found in session.scalars(select(OutboxOp).where(OutboxOp.op_id.in_(chunk))):
            ops[found.op_id] = found
    keys = {(op.entity, op.entity_id) for op in ops.values()}
    records_by_key = _load_records(session, keys)
    # The record's other waiting ops (made after this one was sent), to rebase them.
    later_by_key: dict[tuple[str, str], list[OutboxOp]] = defaultdict(list)
    for chunk in _chunks(sorted({rid for _, rid in keys})):
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
    return _AckCounts(acknowledged, new_conflicts, rejected)


def _load_records(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], SyncColumns]:
    """The local records for (entity, id) keys, a few queries per record type."""
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, rid in keys:
        by_entity[entity].append(rid)
    found: dict[tuple[str, str], SyncColumns] = {}
    for entity, ids in by_entity.items():
        try:
            model = synced_model(entity)
        except KeyError:
            continue
        for chunk in _chunks(sorted(ids)):
            for record in session.scalars(select(model).where(model.id.in_(chunk))):
                found[(entity, record.id)] = record
    return found


# ---------------------------------------------------------------- pull: one transaction per page


@dataclass(frozen=True)
class _PageResult:
    applied: int
    parked: int
    purged: int
    set_aside: int = 0


# What the database may raise for one pulled record it cannot hold.
_STORE_REFUSALS = (sa_exc.IntegrityError, sa_exc.DataError, sa_exc.InterfaceError,
                   sa_exc.ProgrammingError, OverflowError, ValueError, TypeError)


def _rename_clashing(
    session: Session,
    model: type[SyncColumns],
    change: dict[str, Any],
    values: dict[str, Any],
    pending: dict[tuple[str, str], set[str]],
) -> None:
    """A unique value (a family reference, say) taken here by another record: that local
    record gets a distinct value, as a normal change, so both devices end up unique."""
    for key in _unique_columns(model):
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


def _apply_change(
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
    record = existing.get((change["entity"], change["id"]))
    if record is not None and record.version is not None and change["version"] < record.version:
        return False  # older than what is here
    fresh = record is None or record.version != change["version"]
    pending = pending_all[(change["entity"], change["id"])]
    unique = {k: v for k, v in values.items()
              if (model, k) in taken and k not in pending and v is not None}
    holders = {taken[(model, k)].get(v) for k, v in unique.items()} - {None, change["id"]}
    if holders:
        if holders & inserts.keys():
            _insert_rows(session, model, inserts)
        _rename_clashing(session, model, change, unique, pending_all)
    for k, v in unique.items():
        taken[(model, k)][v] = change["id"]
    if record is None:
        for name, field in spec.fields.items():
            if name not in values and not field.nullable:
                column = model.__table__.columns[name]  # type: ignore[attr-defined]
                if column.default is None:
                    values[name] = _filler(field)
        stamp = change.get("updated_by")
        inserts[change["id"]] = {
            **values,
            "id": change["id"],
            "version": change["version"],
            "deleted": bool(change["deleted"]),
            "updated_at": instant(change.get("updated_at")) or utcnow(),
            "updated_by": stamp[:80] if isinstance(stamp, str) else "",
        }
        return True
    else:
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
    return fresh


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


def _insert_rows(
    session: Session, model: type[SyncColumns], inserts: dict[str, dict[str, Any]]
) -> None:
    """Write new records in one statement (every row with every column, as executemany wants)."""
    if not inserts:
        return
    defaults = _column_defaults(model)
    rows = []
    for values in inserts.values():
        row = {}
        for key, default in defaults.items():
            if key in values:
                row[key] = values[key]
            else:
                row[key] = default(None) if callable(default) else default
        rows.append(row)
    session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
    inserts.clear()


def _unique_values_taken(
    session: Session, by_model: dict[type[SyncColumns], list[dict[str, Any]]]
) -> dict[tuple[type[SyncColumns], str], dict[Any, str]]:
    """For each unique column, which local record holds each incoming value (clash check)."""
    taken: dict[tuple[type[SyncColumns], str], dict[Any, str]] = {}
    for model, changes in by_model.items():
        for key in _unique_columns(model):
            wanted = sorted({c["data"].get(key) for c in changes} - {None}, key=str)
            column = getattr(model, key)
            holders: dict[Any, str] = {}
            for chunk in _chunks(wanted):
                holders.update(
                    (value, rid) for value, rid in session.execute(
                        select(column, model.id).where(column.in_(chunk)))
                )
            taken[(model, key)] = holders
    return taken


def _filler(field: FieldSpec) -> Any:
    return {"text": "", "int": 0, "bool": False, "date": dt.date(1970, 1, 1),
            "instant": dt.datetime(1970, 1, 1, tzinfo=dt.UTC)}.get(field.kind, "")


def _family_of_change(change: dict[str, Any]) -> Any:
    spec = ENTITIES.get(change["entity"])
    if spec is not None and spec.sync.family_key == "id":
        return change["id"]
    return change.get("family_id")


def apply_page(session: Session, page: PullPage) -> _PageResult:
    """Apply one pulled page and advance the cursor, in the caller's (one) transaction."""
    # Families whose changes the server has all taken since they were named go now; a
    # family named on this page goes once its waiting changes are taken (sync_custody).
    purged = purge_due(session)
    if page.scope is not None:
        back_in_scope(session, page.scope.get("families") or [])
    back_in_scope(session, (_family_of_change(c) for c in page.changes))
    purged += purge_when_safe(session, page.purge)
    # Candidates: this page and everything parked earlier; the newest version wins.
    candidates: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, record_id, held_change in session.execute(
        select(SyncParked.entity, SyncParked.record_id, SyncParked.change)
    ):
        candidates[(entity, record_id)] = held_change
    session.execute(delete(SyncParked).execution_options(synchronize_session=False))
    for change in page.changes:
        key = (change["entity"], change["id"])
        held = candidates.get(key)
        if held is None or change["version"] >= held["version"]:
            candidates[key] = change
    take_back(session, candidates)
    # Each record is checked against its declared types first: one that does not fit is
    # set aside (sync_set_aside), and the rest of the page is stored.
    values_of: dict[tuple[str, str], dict[str, Any]] = {}
    by_model: dict[type[SyncColumns], list[dict[str, Any]]] = defaultdict(list)
    set_aside_now = 0
    for key, change in candidates.items():
        values, problem = stored_values(change)
        if values is None:
            set_aside(session, change, problem or "it does not fit")
            set_aside_now += 1
            continue
        values_of[key] = values
        by_model[synced_model(change["entity"])].append(change)
    pending = _pending(session, values_of.keys())
    existing = _load_records(session, values_of.keys())  # a few queries, not one per record
    taken = _unique_values_taken(session, by_model)
    applied = parked_count = 0
    for model in _models_parents_first():
        changes = sorted(by_model.get(model, []), key=lambda c: c["seq"])
        if not changes:
            continue
        missing = _missing_parents(session, model, changes)
        storable = []
        for change in changes:
            if change["id"] in missing:
                session.add(
                    SyncParked(
                        entity=change["entity"],
                        record_id=change["id"],
                        family_id=change.get("family_id"),
                        version=change["version"],
                        change=change,
                    )
                )
                parked_count += 1
            else:
                storable.append(change)
        stored, refused = _store_changes(session, model, storable, values_of, pending, taken,
                                         existing)
        applied += stored
        set_aside_now += refused
    write_meta(session, META_CURSOR, str(page.next_cursor))
    return _PageResult(applied=applied, parked=parked_count, purged=purged,
                       set_aside=set_aside_now)


def _store_changes(
    session: Session,
    model: type[SyncColumns],
    changes: list[dict[str, Any]],
    values_of: dict[tuple[str, str], dict[str, Any]],
    pending: dict[tuple[str, str], set[str]],
    taken: dict[tuple[type[SyncColumns], str], dict[Any, str]],
    existing: dict[tuple[str, str], SyncColumns],
) -> tuple[int, int]:
    """Store one record type's changes; return (new to this store, set aside).

    All together first, inside a savepoint; if the database refuses any of them (a
    constraint), each is stored on its own and the ones it refuses are set aside."""

    def store(group: list[dict[str, Any]]) -> int:
        inserts: dict[str, dict[str, Any]] = {}
        fresh = 0
        with session.begin_nested():
            for change in group:
                key = (change["entity"], change["id"])
                if _apply_change(session, model, change, dict(values_of[key]), pending, taken,
                                 existing, inserts):
                    fresh += 1
            _insert_rows(session, model, inserts)
            session.flush()
        return fresh

    if not changes:
        return 0, 0
    try:
        return store(changes), 0
    except _STORE_REFUSALS:
        log.info("the store refused part of a page of %s; storing them one by one",
                 model.__sync__.entity)
    fresh = refused = 0
    for change in changes:
        try:
            fresh += store([change])
        except _STORE_REFUSALS as exc:
            set_aside(session, change, f"this store refused it ({type(exc).__name__})")
            refused += 1
    return fresh, refused


def _missing_parents(
    session: Session, model: type[SyncColumns], changes: list[dict[str, Any]]
) -> set[str]:
    """Ids of the changes whose foreign keys point at rows not (yet) in this store."""
    missing: set[str] = set()
    for attr, _table, column in _foreign_keys(model):
        wanted = {c["data"].get(attr) for c in changes} - {None}
        present: set[Any] = set()
        for chunk in _chunks(sorted(wanted, key=str)):
            present.update(session.scalars(select(column).where(column.in_(chunk))))
        for change in changes:
            value = change["data"].get(attr)
            if value is not None and value not in present:
                missing.add(change["id"])
    return missing


def local_digest(session: Session) -> tuple[int, str]:
    """Count and digest of the synced records this store holds with a server version.

    Records of families waiting to be purged do not count (the server no longer gives
    them); records set aside, or parked because what they refer to was set aside, count
    at the version they came with (pulling again would not store them either)."""
    due = sorted(families_due(session))
    aside = set_aside_versions(session)
    for entity, rid, version in session.execute(
        select(SyncParked.entity, SyncParked.record_id, SyncParked.version)
    ):
        aside.setdefault((entity, rid), version)
    items: list[tuple[str, str, int]] = []
    for model in SYNCED_MODELS:
        entity = model.__sync__.entity
        query = select(model.id, model.version).where(model.version.is_not(None))
        if due:
            column = getattr(model, model.__sync__.family_key)
            query = query.where(column.is_(None) | column.not_in(due))
        for rid, held in session.execute(query):
            if held is not None and (entity, rid) not in aside:
                items.append((entity, rid, held))
    items.extend((entity, rid, version) for (entity, rid), version in aside.items())
    return scope_digest(items)


def reset_for_full_pull(session: Session, scope_families: list[str] | None) -> int:
    """Before pulling everything again: drop synced families the server no longer gives us."""
    purged = 0
    if scope_families is not None:
        family_model = next(m for m in SYNCED_MODELS if m.__sync__.family_key == "id")
        held = set(
            session.scalars(select(family_model.id).where(family_model.version.is_not(None)))
        )
        gone = held - set(scope_families)
        purged = purge_when_safe(session, gone)
    write_meta(session, META_CURSOR, "0")
    write_meta(session, META_VERIFIED, "")
    return purged


def _remember_check(session: Session, verified: str) -> None:
    write_meta(session, META_VERIFIED, verified)
    write_meta(session, META_VERIFIED_AT, utcnow().isoformat())


def finish(session: Session) -> tuple[dt.datetime, int, int]:
    now = utcnow()
    write_meta(session, META_LAST_SYNCED, now.isoformat())
    return now, changes_waiting(session), open_conflict_count(session)


def _held_now(session: Session) -> tuple[int, tuple[str, ...], int]:
    return set_aside_count(session), set_aside_kinds(session), len(families_due(session))


# ---------------------------------------------------------------- the engine


class SyncEngine:
    """One sync run against one transport. ``run(fn, *args)`` runs ``fn(session, *args)``
    in one transaction on the store's thread; network calls happen on the caller's
    thread, so the store stays free for the user between steps."""

    def __init__(
        self,
        run: StoreCall,
        transport: SyncTransport,
        *,
        push_batch: int = MAX_PUSH_OPS,
        pull_limit: int = DEFAULT_PULL_LIMIT,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        trust_last_check_for: float | None = None,
        reference_every: float | None = REFERENCE_EVERY_SECONDS,
    ) -> None:
        """``trust_last_check_for``: seconds for which a matching scope check stays good
        when nothing has changed since (None: check after every sync). Background syncs
        use it so the store is not busy with a digest every few minutes."""
        self.run = run
        self.trust_last_check_for = trust_last_check_for
        # Seconds between fetches of the council's reference data (None: every sync).
        self.reference_every = reference_every
        self.transport = transport
        self.push_batch = max(1, min(push_batch, MAX_PUSH_OPS))
        self.pull_limit = max(1, pull_limit)
        self.progress = progress
        self.cancel = cancel or threading.Event()
        # Whether this run changed any local record's version (then the digest is redone).
        self._touched = False
        # Families purged once the push had handed over their last waiting changes.
        self._purged_after_push = 0

    def _report(self, phase: str, done: int, total: int | None = None) -> None:
        if self.progress is not None:
            self.progress(SyncProgress(phase, done, total))

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise SyncCancelled()

    def sync(self) -> SyncReport:
        pushed, new_conflicts, rejected = self.push()
        pulled, purged, repulled, digest_ok = self.pull()
        new_conflicts += self.fetch_conflicts()
        installed = self.fetch_reference()
        last, waiting, open_conflicts = self.run(finish)
        aside, aside_kinds, purge_waiting = self.run(_held_now)
        return SyncReport(
            pushed=pushed,
            pulled=pulled,
            new_conflicts=new_conflicts,
            rejected=rejected,
            purged_families=purged + self._purged_after_push,
            repulled=repulled,
            digest_ok=digest_ok,
            waiting=waiting,
            open_conflicts=open_conflicts,
            last_synced=last,
            reference_changed=tuple(installed.changed),
            reference_problems=tuple(installed.problems),
            set_aside=aside,
            set_aside_kinds=aside_kinds,
            purge_waiting=purge_waiting,
        )

    def push(self) -> tuple[int, int, int]:
        total = int(self.run(lambda s: s.scalar(select(func.count()).select_from(OutboxOp))) or 0)
        pushed = conflicts = rejected = 0
        self._report("push", 0, total)
        while True:
            self._check_cancel()
            batch = self.run(next_batch, self.push_batch)
            if not batch:
                break
            results = self.transport.push(batch)
            counts: _AckCounts = self.run(apply_acks, batch, results)
            if counts.acknowledged:
                self._touched = True
            pushed += counts.acknowledged
            conflicts += counts.new_conflicts
            rejected += counts.rejected
            self._report("push", pushed, max(total, pushed))
        # Families the server named for purge while changes to them were waiting here:
        # those changes are now with the server (sync_custody).
        purged = int(self.run(purge_due))
        if purged:
            self._touched = True
            self._purged_after_push += purged
        return pushed, conflicts, rejected

    def pull(self) -> tuple[int, int, bool, bool]:
        """Pull every page from the cursor, then check the scope digest (see the module)."""
        pulled = purged = 0
        repulled = False
        # The next page is fetched while this one is written, so the network and the
        # store work side by side; a page is only ever applied in cursor order.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hearth-pull") as fetcher:
            while True:
                cursor = self.run(_int_meta, META_CURSOR)
                scope: dict[str, Any] | None = None
                self._check_cancel()
                upcoming: Future[PullPage] = fetcher.submit(
                    self.transport.pull, cursor, self.pull_limit
                )
                while True:
                    page = upcoming.result()
                    self._check_cancel()
                    if page.has_more:
                        upcoming = fetcher.submit(
                            self.transport.pull, page.next_cursor, self.pull_limit
                        )
                    result: _PageResult = self.run(apply_page, page)
                    pulled += result.applied
                    purged += result.purged
                    if result.applied or result.purged or result.parked:
                        self._touched = True
                    self._report("pull", pulled)
                    if not page.has_more:
                        scope = page.scope
                        break
                if scope is None:
                    return pulled, purged, repulled, True
                if self._same_as_last_check(scope):
                    return pulled, purged, repulled, True
                self._report("check", pulled)
                count, digest = self.run(local_digest)
                if count == scope["count"] and digest == scope["digest"]:
                    self.run(_remember_check, f"{count}:{digest}")
                    return pulled, purged, repulled, True
                if repulled:
                    log.warning("local records still differ from the server's after a full pull")
                    return pulled, purged, repulled, False
                log.info("local records differ from the server's; pulling the whole scope again")
                repulled = True
                self._touched = True
                purged += self.run(reset_for_full_pull, scope.get("families"))

    def _same_as_last_check(self, scope: dict[str, Any]) -> bool:
        """Nothing here changed since the last matching check, and neither did the server's
        digest: the local digest would be the same, so it need not be worked out again."""
        if self._touched or self.trust_last_check_for is None:
            return False
        verified = self.run(read_meta, META_VERIFIED)
        if not verified or verified != f"{scope['count']}:{scope['digest']}":
            return False
        checked = instant(self.run(read_meta, META_VERIFIED_AT))
        return checked is not None and (
            utcnow() - checked
        ).total_seconds() < self.trust_last_check_for

    def fetch_reference(self) -> Installed:
        """Fetch and install the council's reference data, if it is due (see
        :mod:`app.reference.council_config`); a failure is reported, and tried again next sync."""
        checked = instant(self.run(read_meta, META_REFERENCE_CHECKED))
        if checked is not None and self.reference_every is not None and (
            utcnow() - checked
        ).total_seconds() < self.reference_every:
            return Installed()
        try:
            data = self.transport.reference()
        except DeviceRevoked:
            raise
        except SyncError as exc:
            log.info("could not fetch reference data: %s", exc.message)
            problem = (f"The council's reference data could not be fetched ({exc.message}); "
                       "the next sync tries again.")
            return Installed(problems=[problem])
        try:
            installed = install_reference(data)
        except OSError as exc:  # e.g. a full disk: what was installed before stays
            return Installed(problems=[
                f"The council's reference data could not be saved ({exc.strerror}); "
                "the next sync tries again."])
        self.run(write_meta, META_REFERENCE_CHECKED, utcnow().isoformat())
        return installed

    def fetch_conflicts(self) -> int:
        try:
            items = self.transport.conflicts()
        except DeviceRevoked:
            raise
        except SyncError as exc:
            log.info("could not fetch open conflicts: %s", exc.message)
            return 0
        return int(self.run(refresh_conflicts, items))


# ---------------------------------------------------------------- convenience for one store


def sync_store(
    store: Any,
    *,
    transport: SyncTransport | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    pull_limit: int = DEFAULT_PULL_LIMIT,
) -> SyncReport:
    """Sync an open :class:`app.store.caseload_store.Store` from this thread (the command line does this).

    A revoked device: the store is closed and wiped, then DeviceRevoked is raised.
    """
    from app.sync.transport import HttpTransport

    own = transport is None
    if transport is None:
        url, token = store.run(credentials)
        transport = HttpTransport(url, token)
    try:
        engine = SyncEngine(store.run, transport, progress=progress, cancel=cancel,
                            pull_limit=pull_limit)
        return engine.sync()
    except DeviceRevoked:
        store.close()
        wipe_store(store.folder)
        raise
    finally:
        if own:
            transport.close()  # type: ignore[attr-defined]
