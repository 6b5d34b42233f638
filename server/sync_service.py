"""Push: the generic write side of the central service's sync (no HTTP here).

``push`` takes a batch of ops in the caller's transaction: each is applied, merged
three ways per field, kept as conflicts, or refused (see ``app.sync.protocol``).
The read side is in ``server.sync_pull``, moving families in ``server.allocation``,
locking in ``server.locks`` and custody of refused changes in ``server.custody``;
their public names are also here, where the HTTP layer and the CLI find them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.sync.protocol import ENTITIES, EntitySpec
from server import custody, merge
from server.allocation import allocate, locked_allocation, reallocate
from server.custody import OUT_OF_SCOPE, Standing, conflict_wire
from server.db import insert_later, write_rows
from server.locks import Known
from server.models import Allocation, AppliedOp, Conflict, User, utcnow
from server.push_op import (
    ALLOCATED_TO,
    FAMILY_ENTITY,
    PushOp,
    family_of_new,
    is_family_entity,
)
from server.record_rows import AnyRecord
from server.record_versions import history_data, own_latest, write_version
from server.scope import Caller, allocation_visible
from server.sync_pull import family_records, open_conflicts, pull, record_history

__all__ = ["ALLOCATED_TO", "FAMILY_ENTITY", "PushOp", "PushOutcome", "allocate",
           "family_records", "locked_allocation", "open_conflicts", "pull", "push",
           "reallocate", "record_history", "write_version"]


@dataclass
class PushOutcome:
    results: list[dict[str, Any]] = field(default_factory=list)
    # (entity, id) of ops refused as out of scope: for the audit log.
    out_of_scope: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r["status"]] = out.get(r["status"], 0) + 1
        return out


def _result(
    op: PushOp,
    status: str,
    version: int | None = None,
    conflicts: list[Conflict] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "op_id": op.op_id,
        "status": status,
        "version": version,
        "conflicts": [conflict_wire(c) for c in conflicts or []],
        "reason": reason,
    }


def _resolve(session: Session, caller: Caller, ids: tuple[str, ...]) -> None:
    now = utcnow()
    for conflict_id in ids:
        row = session.get(Conflict, conflict_id)
        if row is None or row.status != "open":
            continue
        if not _conflict_visible(session, caller, row):
            continue
        row.status = "resolved"
        row.resolved_at = now
        row.resolved_by = caller.username


def _conflict_visible(session: Session, caller: Caller, row: Conflict) -> bool:
    if caller.is_admin:
        return True
    if row.family_id is None:
        return row.raised_by == caller.username
    return allocation_visible(caller, session.get(Allocation, row.family_id))


def push(session: Session, caller: Caller, ops: list[PushOp]) -> PushOutcome:
    """Take a batch of ops (already validated) in the caller's transaction, in order."""
    outcome = PushOutcome()
    if not ops:
        return outcome
    known = Known(session, caller)
    known.preload(ops)
    for op in ops:
        result = _push_one(session, caller, op, outcome, known)
        outcome.results.append(result)
    session.flush()
    write_rows(session)  # the history and applied-op rows, one statement per table
    return outcome


def _push_one(
    session: Session, caller: Caller, op: PushOp, outcome: PushOutcome, known: Known
) -> dict[str, Any]:
    done = known.applied_op(op.op_id)
    if done is not None:
        stored = dict(done)
        if stored["status"] != "rejected":
            # Taken before: say so, with the version it made. A refusal is answered
            # as the refusal again, so a device that missed the first answer keeps its values.
            stored["status"] = "duplicate"
        return stored
    result = _take(session, caller, op, outcome, known)
    insert_later(session, AppliedOp, {"device_id": known.device, "op_id": op.op_id,
                                      "username": caller.username, "result": result,
                                      "at": utcnow()})
    known.remember(op.op_id, result)
    return result


def _holder_allowed(session: Session, caller: Caller, username: Any) -> User | None:
    """The user a team lead (own team) or an administrator (anyone) allocates a family to."""
    if caller.role not in ("team_lead", "admin") or not isinstance(username, str) or not username:
        return None
    user = session.get(User, username)
    if user is None:
        return None
    if caller.role == "team_lead" and (caller.team is None or user.team != caller.team):
        return None
    return user


def _visible(caller: Caller, record: AnyRecord, known: Known) -> bool:
    if caller.is_admin:
        return True
    if record.family_id is None:
        return record.owner == caller.username
    return allocation_visible(caller, known.allocation(record.family_id))


def _holds(caller: Caller, family_id: str, known: Known) -> bool:
    allocation = known.allocation(family_id)
    return allocation is not None and allocation_visible(caller, allocation)


def _stale_delete(op: PushOp, record: AnyRecord, base: dict[str, Any] | None) -> bool:
    """A deletion made from a version older than the record's, which has changed since."""
    if not op.deleted or record.deleted:
        return False
    if op.base_version is not None and op.base_version == record.version:
        return False
    return base is None or base != record.data


@dataclass(frozen=True)
class _Taking:
    """One op being taken, and what every step of taking it needs."""

    session: Session
    caller: Caller
    op: PushOp  # as sent, less any allocation it asks for
    outcome: PushOutcome
    known: Known

    def refuse(self, kept: list[Conflict]) -> dict[str, Any]:
        # The server keeps the change (as conflicts for the family's holder to decide);
        # the device is told it was refused, and that the server now has custody of it.
        self.outcome.out_of_scope.append((self.op.entity, self.op.id))
        return _result(self.op, "rejected", conflicts=kept, reason=OUT_OF_SCOPE)


def _take(
    session: Session, caller: Caller, op: PushOp, outcome: PushOutcome, known: Known
) -> dict[str, Any]:
    spec = ENTITIES[op.entity]
    sent = op
    fields = dict(op.fields)
    wanted_holder: User | None = None
    if is_family_entity(spec) and ALLOCATED_TO in spec.fields:
        # Set by allocation only; a team lead or an administrator allocates by setting it.
        wanted_holder = _holder_allowed(session, caller, fields.pop(ALLOCATED_TO, None))
    op = dataclasses.replace(op, fields=fields)
    taking = _Taking(session, caller, op, outcome, known)
    record = known.record(op.entity, op.id)
    if record is None:
        return _take_new(taking, spec, sent, fields, wanted_holder)
    return _take_change(taking, spec, record, fields, wanted_holder)


def _take_new(
    t: _Taking, spec: EntitySpec, sent: PushOp, fields: dict[str, Any], wanted_holder: User | None
) -> dict[str, Any]:
    """A record the service does not have yet: stored (and a new family allocated), or
    refused when it belongs to a family the caller may not write to."""
    session, caller, op, known = t.session, t.caller, t.op, t.known
    family_id = family_of_new(spec, op)
    allocation = known.allocation(family_id)
    if is_family_entity(spec) and allocation is None:
        holder = wanted_holder or session.get(User, caller.username)
        assert holder is not None
        allocation = Allocation(
            family_id=op.id, username=holder.username, team=holder.team,
            allocated_at=utcnow(),
        )
        session.add(allocation)
        known.allocations[op.id] = allocation
    elif family_id is not None and not _holds(caller, family_id, known):
        standing = custody.standing(session, caller, family_id, op)
        if standing is not Standing.ENTITLED and not custody.trail_of_former_holder(
                op, standing):
            return t.refuse(custody.keep_new_record(session, caller, sent, family_id)
                            if standing is Standing.FORMER else [])
    if is_family_entity(spec) and ALLOCATED_TO in spec.fields:
        fields[ALLOCATED_TO] = allocation.username if allocation else caller.username
    record = known.new_record(op.entity, op.id, family_id)
    write_version(session, record, data=fields, deleted=op.deleted,
                  by=caller.username, device_id=caller.device_id)
    _resolve(session, caller, op.resolves)
    return _result(op, "applied", version=record.version)


def _take_change(
    t: _Taking,
    spec: EntitySpec,
    record: AnyRecord,
    fields: dict[str, Any],
    wanted_holder: User | None,
) -> dict[str, Any]:
    """A change to a record the service has: refused if out of the caller's scope, else
    settled (final or deleted records) or merged."""
    session, caller, op = t.session, t.caller, t.op
    base = history_data(session, record, op.base_version)
    if op.base_version is None:
        # The device sent it as new, yet the record exists: it cannot have seen more
        # than what it wrote itself (e.g. a create and an edit sent in one batch).
        base = own_latest(session, record, caller.device_id)
    if not _visible(caller, record, t.known):
        refused = (_refuse_change(t, record, base, record.family_id) if record.family_id
                   else t.refuse([]))
        if refused is not None:
            return refused
        wanted_holder = None  # held when the change was made; only a holder reallocates
    key = spec.sync.family_key
    moved_to: str | None = None
    if not is_family_entity(spec) and key in fields and fields[key] != record.family_id:
        moved_to = None if fields[key] is None else str(fields[key])
        refused = _refuse_change(t, record, base, moved_to)
        if refused is not None:
            return refused
    settled = _settle_closed(t, spec, record, base, fields)
    if settled is not None:
        return settled
    return _merge(t, record, base, fields, key, moved_to, wanted_holder)


def _refuse_change(
    t: _Taking, record: AnyRecord, base: dict[str, Any] | None, family_id: str | None
) -> dict[str, Any] | None:
    """None if the caller may write to ``family_id`` (holds it, or did when they made
    the change); else the refusal, with the change kept if they ever held it."""
    session, caller, op = t.session, t.caller, t.op
    if family_id is None or _holds(caller, family_id, t.known):
        return None
    standing = custody.standing(session, caller, family_id, op)
    if standing is Standing.ENTITLED:
        return None
    return t.refuse(custody.keep_refused(session, caller, record, base, op, OUT_OF_SCOPE)
                    if standing is Standing.FORMER else [])


def _settle_closed(
    t: _Taking, spec: EntitySpec, record: AnyRecord, base: dict[str, Any] | None,
    fields: dict[str, Any],
) -> dict[str, Any] | None:
    """The answer to a change to a final or deleted record (taken only when it changes
    nothing), or None for a record still open to changes."""
    session, caller, op = t.session, t.caller, t.op
    if spec.is_final(record.data):
        if merge.differing(record.data, fields) or (op.deleted and not record.deleted):
            kept = custody.keep_refused(session, caller, record, base, op, "final")
            return _result(op, "rejected", conflicts=kept, reason="final")
        _resolve(session, caller, op.resolves)
        return _result(op, "applied", version=record.version)
    if record.deleted:
        if op.deleted or not merge.differing(record.data, fields):
            _resolve(session, caller, op.resolves)
            return _result(op, "applied", version=record.version)
        kept = custody.keep_refused(session, caller, record, base, op, "deleted")
        return _result(op, "rejected", conflicts=kept, reason="deleted")
    return None


def _merge(
    t: _Taking,
    record: AnyRecord,
    base: dict[str, Any] | None,
    fields: dict[str, Any],
    key: str,
    moved_to: str | None,
    wanted_holder: User | None,
) -> dict[str, Any]:
    """The change merged into the record per field, conflicts kept for a person."""
    session, caller, op = t.session, t.caller, t.op
    if op.base_version is not None and op.base_version == record.version:
        merged = merge.apply_direct(record.data, fields)
        status = "applied"
    else:
        merged = merge.three_way(base, record.data, fields)
        status = "conflict" if merged.conflicts else "merged"
    items = list(merged.conflicts)
    deleting = op.deleted and not record.deleted
    if deleting and _stale_delete(op, record, base):
        # Deleted on one side, edited on the other since: a person decides; kept as it is.
        items.append(merge.DELETED_VERSUS_EDITED)
        deleting, status = False, "conflict"
    conflicts = custody.keep_on_record(session, caller, record, op, items, "conflict")
    if merged.changed or deleting:
        if moved_to is not None and key in merged.taken:
            record.family_id = moved_to
        write_version(session, record, data=merged.data, deleted=record.deleted or deleting,
                      by=caller.username, device_id=caller.device_id)
    if wanted_holder is not None:
        current = t.known.allocation(record.id)
        if current is None or current.username != wanted_holder.username:
            session.flush()
            t.known.allocations[record.id] = reallocate(
                session, record.id, wanted_holder, by=caller.username,
                device_id=caller.device_id)
    _resolve(session, caller, op.resolves)
    return _result(op, status, version=record.version, conflicts=conflicts)
