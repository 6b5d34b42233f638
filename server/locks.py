"""What a push reads first, and the locks that keep concurrent pushes apart.

A push reads everything its batch names in a few queries up front (``Known``), and
on PostgreSQL takes every row lock it will need there, before it writes anything,
in one order that every writer follows:

1. allocations, by family id: a key-share lock on the families the batch only
   writes to (a reallocation waits for the push, or the push sees the new holder),
   an update lock on the families the batch may reallocate (taken as such, never
   upgraded from a shared lock, which two pushes could each wait on);
2. records, by type and id: the batch's own records together with every record
   of the families it may reallocate (a reallocation feeds them all again);
3. the conflicts the batch resolves, by id.

``server.sync_service.allocate`` (also used by ``hearth-server allocate``) follows
the same order, so two writers queue rather than deadlock. SQLite has one writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    false,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from app.sync.protocol import ENTITIES
from server.db import rows_written_at_commit
from server.models import LEGACY_DEVICE, Allocation, AppliedOp, Conflict, Record
from server.push_op import PushOp, family_of_new, may_reallocate
from server.record_rows import READ, AnyRecord, RecordRow, add_new
from server.scope import Caller, Held

APPLIED = select(AppliedOp.device_id, AppliedOp.op_id, AppliedOp.username,
                  AppliedOp.result).where(
    AppliedOp.op_id.in_(bindparam("ids", expanding=True)),
    AppliedOp.device_id.in_(bindparam("devices", expanding=True)),
)


def _allocations(exclusive: bool) -> Select[Allocation]:
    query = (
        select(Allocation)
        .where(Allocation.family_id.in_(bindparam("ids", expanding=True)))
        .order_by(Allocation.family_id)
    )
    query = query.with_for_update() if exclusive else query.with_for_update(
        read=True, key_share=True)
    return query.execution_options(populate_existing=True)


_ALLOCATIONS = {False: _allocations(False), True: _allocations(True)}


def named_records(keys: list[tuple[str, str]]) -> ColumnElement[bool]:
    """The records of ``keys`` ((entity, id), sorted) as SQLite finds them by index: one
    OR term per type. (A row-value IN of the pairs made SQLite read every record of the
    service for a batch of a few dozen: 67 ms for 200 keys against 1.3 ms this way, on
    100,000 records.) The statement is made for each push (see _KEYS)."""
    terms = [and_(Record.entity == entity, Record.id.in_([rid for _, rid in group]))
             for entity, group in groupby(keys, key=itemgetter(0))]
    return or_(*terms) if terms else false()


def family_ids(named: ColumnElement[bool]) -> Select[Any]:
    """The families of the records ``named`` (a batch that may reallocate: their
    allocations are locked for update next)."""
    return select(Record.family_id).where(named)


def allocations_of_batch(named: ColumnElement[bool]) -> Select[str, str, str | None]:
    """A batch that reallocates nothing: the allocations of its records' families and of
    the families its ops name (``ids``), key-share locked in family order, in one
    statement (only the allocation rows are locked: the records are locked next, in
    their own order). Read as plain rows: such a batch only looks at who holds a family.

    The families are one list, a UNION, that the allocations are found in by key. Two
    INs joined by OR made PostgreSQL read every allocation of the service at every push
    (5.1 ms of 5.2 for a push of three records against 20,000 families; 0.2 ms now)."""
    named_allocation = cast(Table, Allocation.__table__).alias("named_allocation")
    families = family_ids(named).union(
        select(named_allocation.c.family_id).where(
            named_allocation.c.family_id.in_(bindparam("ids", expanding=True))))
    return (
        select(Allocation.family_id, Allocation.username, Allocation.team)
        .where(Allocation.family_id.in_(families))
        .order_by(Allocation.family_id)
        .with_for_update(read=True, key_share=True, of=Allocation.__table__)
    )


def records_locked(named: ColumnElement[bool]) -> Select[Record]:
    """The records a batch writes, locked in (entity, id) order, by their keys alone (an
    OR with the families' records read every record on SQLite, as a row-value IN did)."""
    return (
        select(Record)
        .where(named)
        .order_by(Record.entity, Record.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def record_rows_locked(named: ColumnElement[bool]) -> Select[Any]:
    """The same, as plain rows (server.record_rows)."""
    return select(*READ).where(named).order_by(Record.entity, Record.id).with_for_update()


# PostgreSQL plans a row-value IN of the keys as index scans, and these statements are
# made once: made again for each push, as SQLite's must be (named_records), they cost
# the service 2-4 ms more CPU a push (bench server_push: 13.4-15.0 ms against 10.0-11.2).
_KEYS = tuple_(Record.entity, Record.id).in_(bindparam("keys", expanding=True))
_FAMILY_IDS = family_ids(_KEYS)
ALLOCATIONS_OF_BATCH = allocations_of_batch(_KEYS)
_RECORDS_LOCKED = records_locked(_KEYS)
_RECORD_ROWS_LOCKED = record_rows_locked(_KEYS)
# Every record of the families a batch may reallocate (ix_record_family_scope), read
# before they are locked with the batch's own: no push can add one meanwhile, since the
# families' allocations are already locked for update, against a push's key-share lock.
RECORDS_OF_FAMILIES = select(Record.entity, Record.id).where(
    Record.family_id.in_(bindparam("families", expanding=True)))
_CONFLICTS_LOCKED = (
    select(Conflict)
    .where(Conflict.id.in_(bindparam("ids", expanding=True)))
    .order_by(Conflict.id)
    .with_for_update()
    .execution_options(populate_existing=True)
)


class Known:
    """What this push has read or made, by primary key (None: known to be absent), so
    that a batch costs a few queries up front instead of several per op."""

    def __init__(self, session: Session, caller: Caller) -> None:
        self.session = session
        self.caller = caller
        self.records: dict[tuple[str, str], AnyRecord | None] = {}
        # Records as plain rows (server.record_rows), unless the batch may reallocate.
        self.rows = True
        # Who holds each family: the ORM's object where the batch may reallocate it.
        self.allocations: dict[str, Held | None] = {}
        # What this device's ops already taken answered, by op id.
        self.applied: dict[str, dict[str, Any] | None] = {}

    @property
    def device(self) -> str:
        """The key ops of this push are remembered under."""
        return self.caller.device_id or LEGACY_DEVICE

    def preload(self, ops: list[PushOp]) -> None:
        s = self.session
        op_ids = sorted({op.op_id for op in ops})
        self.applied = dict.fromkeys(op_ids)
        # Plain rows (no ORM objects), read on the session's connection: cheaper.
        core = s.connection()
        for done in core.execute(APPLIED, {"ids": op_ids,
                                            "devices": sorted({self.device, LEGACY_DEVICE})}):
            if done.device_id == self.device:
                self.applied[done.op_id] = done.result
            elif done.username == self.caller.username and self.applied[done.op_id] is None:
                self.applied[done.op_id] = done.result  # taken before ops were kept per device
        keys = sorted({(op.entity, op.id) for op in ops})
        named = {f for op in ops if (f := family_of_new(ENTITIES[op.entity], op)) is not None}
        moving = {op.id for op in ops if may_reallocate(self.caller.role, op)}
        by_type = core.dialect.name == "sqlite"  # see named_records
        if moving:
            found = (core.scalars(family_ids(named_records(keys)))
                     if by_type else core.scalars(_FAMILY_IDS, {"keys": keys}))
            self._lock_allocations(found, named, moving)
        else:
            # Nothing to reallocate: one statement finds the families of the batch's records
            # and locks their allocations with those its ops name. Families it finds with no
            # allocation are looked up again if an op asks (Known.allocation).
            self.allocations = dict.fromkeys(named)
            batch = (allocations_of_batch(named_records(keys)) if by_type
                     else ALLOCATIONS_OF_BATCH)
            self.allocations.update({a.family_id: a for a in core.execute(
                batch, {"keys": keys, "ids": sorted(named)})})
        self.records = dict.fromkeys(keys)
        if moving:  # a reallocation feeds every record of the family again
            keys = sorted(set(keys).union(
                (entity, rid) for entity, rid in core.execute(
                    RECORDS_OF_FAMILIES, {"families": sorted(moving)})))
        self.rows = not moving and rows_written_at_commit(s)
        if self.rows:
            rows = core.execute(record_rows_locked(named_records(keys)) if by_type
                                else _RECORD_ROWS_LOCKED, {"keys": keys})
            self.records.update({(r[0], r[1]): RecordRow(*r) for r in rows})
        else:
            locked = s.scalars(records_locked(named_records(keys)) if by_type
                               else _RECORDS_LOCKED, {"keys": keys})
            self.records.update({(r.entity, r.id): r for r in locked})
        resolves = sorted({c for op in ops for c in op.resolves})
        if resolves:
            list(s.scalars(_CONFLICTS_LOCKED, {"ids": resolves}))

    def _lock_allocations(self, found: Iterable[str | None], named: set[str],
                          moving: set[str]) -> None:
        """Lock the allocations of ``found`` (the families of the batch's records),
        ``named`` and ``moving`` families, in one pass in family order, each family in
        the mode it needs."""
        families = {f for f in found if f is not None} | named | moving
        self.allocations = dict.fromkeys(families)
        for exclusive, run in groupby(sorted(families), key=lambda f: f in moving):
            ids = list(run)
            self.allocations.update({a.family_id: a for a in self.session.scalars(
                _ALLOCATIONS[exclusive], {"ids": ids})})

    def record(self, entity: str, record_id: str) -> AnyRecord | None:
        key = (entity, record_id)
        if key not in self.records:
            if self.rows:
                found = self.session.connection().execute(
                    select(*READ).where(Record.entity == entity, Record.id == record_id)).first()
                self.records[key] = None if found is None else RecordRow(*found)
            else:
                self.records[key] = self.session.get(Record, key)
        return self.records[key]

    def new_record(self, entity: str, record_id: str, family_id: str | None) -> AnyRecord:
        """A record the service does not have yet, this caller's, at version 0 (its first
        is written next), inserted with the push's other writes."""
        record: AnyRecord
        if self.rows:
            record = RecordRow(entity=entity, id=record_id, family_id=family_id,
                               owner=self.caller.username, version=0, seq=0, deleted=False,
                               data={})
            add_new(self.session, record)
        else:
            record = Record(entity=entity, id=record_id, family_id=family_id,
                            owner=self.caller.username, version=0)
            self.session.add(record)
        self.records[(entity, record_id)] = record
        return record

    def allocation(self, family_id: str | None) -> Held | None:
        if family_id is None:
            return None
        if family_id not in self.allocations:
            self.allocations[family_id] = self.session.get(Allocation, family_id)
        return self.allocations[family_id]

    def applied_op(self, op_id: str) -> dict[str, Any] | None:
        """What the op answered when it was taken (None: not taken yet)."""
        return self.applied.get(op_id)

    def remember(self, op_id: str, result: dict[str, Any]) -> None:
        """The op is taken (its row is written with the others: ``server.db.insert_later``)."""
        self.applied[op_id] = result
