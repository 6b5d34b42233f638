"""Conflicts the service keeps, and custody of changes from devices that lost their family.

A change is never dropped. A change the service cannot take as it is (both sides
changed a field, an append-only or deleted record, or a family its user no longer
holds) is kept as a :class:`~server.models.Conflict` naming who made the value and
when, for a person to decide.

A device can make a change offline and sync only after its family was
reallocated. If its user held the family when the change was made (they lost it
later: a ``lost`` scope event after the change's ``made_at``), the change is
applied with the normal merge rules and the new holder pulls it. If they held it
once but not then (or the device does not say when), it is kept as conflicts on
the family, which its new holder and their team lead see. A user who never held
the family is refused with nothing stored: one device cannot write into families
it was never given.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.sync.protocol import NEW_RECORD_FIELD
from db.models import AuditEvent
from server import merge
from server.models import Conflict, Device, ScopeEvent, new_id, utcnow
from server.push_op import PushOp
from server.record_rows import AnyRecord
from server.scope import Caller

OUT_OF_SCOPE = "out_of_scope"
AUDIT_TRAIL = AuditEvent.__sync__.entity
# How far ahead of the service's clock a device's clock may be.
CLOCK_SKEW = dt.timedelta(minutes=5)

# When the caller last lost sight of the family (None: they never held it).
_LAST_LOST = select(func.max(ScopeEvent.at)).where(
    ScopeEvent.family_id == bindparam("family_id"),
    ScopeEvent.username == bindparam("username"),
    ScopeEvent.kind == "lost",
)


class Standing(enum.Enum):
    """How a user stands to a family they do not hold now, as far as one change goes."""

    ENTITLED = "entitled"  # held it when they made the change: applied
    FORMER = "former"  # held it once, not when the change was made (or cannot say): kept
    STRANGER = "stranger"  # never held it: refused, nothing stored


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def made_instant(op: PushOp) -> dt.datetime | None:
    """When the device says the change was made; None if it does not say, or not clearly."""
    if not op.made_at:
        return None
    try:
        value = dt.datetime.fromisoformat(op.made_at)
    except ValueError:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        return None
    try:
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None


def standing(session: Session, caller: Caller, family_id: str | None, op: PushOp) -> Standing:
    """Whether the caller held ``family_id`` when they made the change (and lost it since).

    The device's claim of when is believed only within bounds: not in the future
    (beyond :data:`CLOCK_SKEW`) and not before the device was enrolled."""
    if family_id is None:
        return Standing.STRANGER
    lost = session.scalar(_LAST_LOST, {"family_id": family_id, "username": caller.username})
    if lost is None:
        return Standing.STRANGER
    made_at = made_instant(op)
    if made_at is None or caller.device_id is None or made_at > utcnow() + CLOCK_SKEW:
        return Standing.FORMER
    device = session.get(Device, caller.device_id)
    if device is None or made_at < device.created_at or made_at >= _aware(lost):
        return Standing.FORMER
    return Standing.ENTITLED


def trail_of_former_holder(op: PushOp, standing: Standing) -> bool:
    """A new entry of the audit trail (who did what, when) from a former holder: a true
    account of what they did, with nothing in it for a person to decide, so it is stored."""
    return standing is Standing.FORMER and op.entity == AUDIT_TRAIL


def _aware(value: dt.datetime) -> dt.datetime:
    """An instant read back by an aggregate (no column type to give it its zone): UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def conflict_wire(c: Any) -> dict[str, Any]:
    """A conflict as the protocol sends it, from a :class:`Conflict` or a row of its
    table's columns."""
    return {
        "id": c.id,
        "entity": c.entity,
        "record_id": c.record_id,
        "family_id": c.family_id,
        "field": c.field,
        "base_value": c.base_value,
        "local_value": c.local_value,
        "server_value": c.server_value,
        "created_at": iso(c.created_at),
        "status": c.status,
        "reason": c.reason,
        "made_by": c.made_by,
        "made_at": iso(c.made_at),
    }


def keep(
    session: Session, caller: Caller, op: PushOp, *, entity: str, record_id: str,
    family_id: str | None, items: list[merge.FieldConflict], reason: str,
) -> list[Conflict]:
    """Store each item as an open conflict, made by the caller when the op says."""
    now = utcnow()
    made_at = made_instant(op)
    if made_at is None or made_at > now + CLOCK_SKEW:
        made_at = now
    rows = []
    for item in items:
        row = Conflict(
            id=new_id(), entity=entity, record_id=record_id, family_id=family_id,
            field=item.field, base_value=item.base_value, local_value=item.local_value,
            server_value=item.server_value, reason=reason, status="open",
            raised_by=caller.username, device_id=caller.device_id, created_at=now,
            made_by=caller.username, made_at=made_at,
        )
        session.add(row)
        rows.append(row)
    return rows


def keep_on_record(
    session: Session, caller: Caller, record: AnyRecord, op: PushOp,
    items: list[merge.FieldConflict], reason: str,
) -> list[Conflict]:
    return keep(session, caller, op, entity=record.entity, record_id=record.id,
                family_id=record.family_id, items=items, reason=reason)


def keep_refused(
    session: Session, caller: Caller, record: AnyRecord, base: dict[str, Any] | None,
    op: PushOp, reason: str,
) -> list[Conflict]:
    """A refused change to a record: keep each value that differs from the server's (and a
    deletion) as a conflict."""
    items = [
        merge.FieldConflict(field=name, base_value=(base or {}).get(name), local_value=value,
                            server_value=record.data.get(name))
        for name, value in merge.differing(record.data, op.fields).items()
    ]
    if op.deleted and not record.deleted:
        items.append(merge.FieldConflict(field="deleted", base_value=False, local_value=True,
                                         server_value=False))
    return keep_on_record(session, caller, record, op, items, reason)


def keep_new_record(
    session: Session, caller: Caller, op: PushOp, family_id: str | None,
) -> list[Conflict]:
    """A refused new record, kept whole as one conflict: its every field is the local value."""
    item = merge.FieldConflict(field=NEW_RECORD_FIELD, base_value=None,
                               local_value=dict(op.fields), server_value=None)
    return keep(session, caller, op, entity=op.entity, record_id=op.id, family_id=family_id,
                items=[item], reason=OUT_OF_SCOPE)
