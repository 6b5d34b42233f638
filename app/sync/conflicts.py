"""The local conflict queue: changes the server did not take as they were.

Each entry is one field of one record with three values: the value both sides
started from, the value entered here, and the value the server kept. A person
chooses one, or writes a merged value; the choice is written as a normal change
through :mod:`app.records.writes` (outbox op and audit event) and tells the server
which conflicts it settles, so it syncs to every device like any edit.

Entries whose change was refused (the record is final or was deleted) cannot
be re-applied: they are kept so nothing is lost, and are closed with "keep the
server's version" once a person has seen them.

A change made by a worker who no longer held the family (reason
``out_of_scope``, kept by the server for the family's new holder) is decided
like a conflict, and says who made it and when. When it is a whole new record
(field ``(new record)``) that this device does not have, keeping it creates the
record here, as a normal new record that syncs (the server then has it too);
leaving it out tells the server on a no-change op of the family, so no empty
record is ever made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.dates import parse_uk, uk, uk_instant
from app.errors import NotFound, ValidationFailed
from app.records import writes as records
from app.store.caseload_store import Profile
from app.sync.protocol import ENTITIES, NEW_RECORD_FIELD, FieldError, FieldSpec, check_value
from app.sync.pulled_values import from_wire
from app.sync.transport import BadReply
from db.models import OutboxOp, SyncColumns, SyncConflict, synced_model, utcnow

CHOICES = ("here", "server", "merged")

REASONS = {
    "conflict": "Changed here and on the server to different values.",
    "final": "The record was already final on the server, so the change was not made.",
    "deleted": "The record had been deleted on the server, so the change was not made.",
    "out_of_scope": "The server did not take this change: the family is not in your caseload. "
                    "It is kept here so nothing is lost.",
    "rejected": "The server did not take this change.",
}
# The same reason, seen by the family's holder: the server kept someone else's change.
KEPT_FOR_HOLDER = {
    "out_of_scope": "Made by a worker who no longer holds this family, after it had moved on. "
                    "The server kept the change so nothing is lost: decide whether it "
                    "belongs in the record.",
}

# Attributes that name a record, in the order they are tried.
_NAME_ATTRS = ("reference", "given_name", "family_name", "agency", "contact_name", "to_level",
               "action")


@dataclass(frozen=True)
class ConflictItem:
    id: str
    entity: str
    entity_label: str
    record_id: str
    record_label: str
    family_id: str | None
    field: str
    field_label: str
    base_text: str
    here_text: str
    server_text: str
    reason: str
    reason_text: str
    can_merge: bool
    field_kind: str
    created_at: dt.datetime
    status: str
    # Who made the change and when (from the server; None when it did not say).
    made_by: str | None = None
    made_at: dt.datetime | None = None
    # A whole record that is not on this device: keeping it creates it here.
    is_new_record: bool = False

    @property
    def created_text(self) -> str:
        return uk_instant(self.created_at)

    @property
    def made_text(self) -> str:
        """'Changed by alice on 03/12/2026 at 14:05.' (UK time), or '' when not known."""
        if not self.made_by:
            return ""
        if self.made_at is None:
            return f"Changed by {self.made_by}."
        day, time = uk_instant(self.made_at).split(" ")
        return f"Changed by {self.made_by} on {day} at {time}."


@dataclass(frozen=True)
class Resolution:
    """``choice``: here, server or merged (then ``merged_text`` is the typed value)."""

    conflict_id: str
    choice: str
    merged_text: str = ""


def entity_label(entity: str) -> str:
    return entity.replace("_", " ").capitalize()


def field_label(field: str) -> str:
    if field.startswith("("):
        return field.strip("()").capitalize()
    return field.replace("_", " ").capitalize()


def value_text(spec: FieldSpec | None, value: Any) -> str:
    """A wire value as a person reads it."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        parts = [f"{field_label(k)}: {value_text(None, v)}" for k, v in value.items()
                 if v not in (None, "")]
        return "; ".join(parts)
    if spec is not None and spec.kind == "date" and isinstance(value, str):
        try:
            return uk(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if spec is not None and spec.kind == "instant" and isinstance(value, str):
        try:
            return uk_instant(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _record_text(entity: str, value: Any) -> str:
    """A whole record's values, one per line, as a person reads them (ids left out)."""
    if not isinstance(value, dict):
        return value_text(None, value)
    spec = ENTITIES.get(entity)
    lines = [f"{field_label(k)}: {value_text(spec.fields.get(k) if spec else None, v)}"
             for k, v in value.items() if v not in (None, "", [], {}) and not k.endswith("_id")]
    return "\n".join(lines) or "(empty)"


def _name(record: SyncColumns | dict[str, Any] | None) -> str:
    if record is None:
        return ""
    parts = []
    for attr in _NAME_ATTRS:
        value = (record.get(attr) if isinstance(record, dict)
                 else getattr(record, attr, None))
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
        if len(parts) == 2:
            break
    return " ".join(parts)


def _record(session: Session, entity: str, record_id: str) -> SyncColumns | None:
    try:
        model = synced_model(entity)
    except KeyError:
        return None
    return session.get(model, record_id)


def _record_label(session: Session, row: SyncConflict) -> str:
    record = _record(session, row.entity, row.record_id)
    own = _name(record)
    if record is None and row.field == NEW_RECORD_FIELD and isinstance(row.local_value, dict):
        own = _name(row.local_value)  # a new record not on this computer: its own values
    if record is not None and record.__sync__.family_key == "id":
        return own or entity_label(row.entity)
    family = _record(session, "family", row.family_id) if row.family_id else None
    family_text = _name(family)
    label = f"{entity_label(row.entity)} {own}".strip()
    return f"{label} (family {family_text})" if family_text else label


def _spec(row: SyncConflict) -> FieldSpec | None:
    entity = ENTITIES.get(row.entity)
    return entity.fields.get(row.field) if entity else None


def _decidable(row: SyncConflict, spec: FieldSpec | None, record: SyncColumns | None) -> bool:
    """Whether a person chooses a value (rather than only acknowledging a refusal)."""
    if row.reason == "conflict":
        return spec is not None
    if row.reason == "out_of_scope" and row.from_server:
        return (spec is not None and record is not None) or _is_new_record(row, record)
    return False


def _is_new_record(row: SyncConflict, record: SyncColumns | None) -> bool:
    return (row.field == NEW_RECORD_FIELD and row.from_server and record is None
            and row.entity in ENTITIES and isinstance(row.local_value, dict))


def _item(session: Session, row: SyncConflict) -> ConflictItem:
    spec = _spec(row)
    record = _record(session, row.entity, row.record_id)
    reasons = KEPT_FOR_HOLDER if row.from_server else REASONS
    return ConflictItem(
        id=row.id,
        entity=row.entity,
        entity_label=entity_label(row.entity),
        record_id=row.record_id,
        record_label=_record_label(session, row),
        family_id=row.family_id,
        field=row.field,
        field_label=field_label(row.field),
        base_text=value_text(spec, row.base_value),
        here_text=(_record_text(row.entity, row.local_value) if row.field == NEW_RECORD_FIELD
                   else value_text(spec, row.local_value)),
        server_text=value_text(spec, row.server_value),
        reason=row.reason,
        reason_text=reasons.get(row.reason) or REASONS.get(row.reason, REASONS["rejected"]),
        can_merge=_decidable(row, spec, record),
        field_kind=spec.kind if spec else "",
        created_at=row.created_at,
        status=row.status,
        made_by=row.made_by,
        made_at=row.made_at,
        is_new_record=_is_new_record(row, record),
    )


def list_conflicts(session: Session, status: str = "open") -> list[ConflictItem]:
    rows = session.scalars(
        select(SyncConflict)
        .where(SyncConflict.status == status)
        .order_by(SyncConflict.created_at, SyncConflict.entity, SyncConflict.field)
    )
    return [_item(session, row) for row in rows]


def parse_typed(spec: FieldSpec, text: str) -> Any:
    """A value typed by a person, as the field's Python value (ValidationFailed if it won't do)."""
    text = text.strip()
    if spec.kind == "text":
        if spec.max_length is not None and len(text) > spec.max_length:
            raise ValidationFailed({"merged": f"Use at most {spec.max_length} characters."})
        return text
    if not text:
        if spec.nullable:
            return None
        raise ValidationFailed({"merged": "Enter a value."})
    if spec.kind == "date":
        try:
            return parse_uk(text)
        except ValueError:
            raise ValidationFailed({"merged": "Enter a date as dd/mm/yyyy."}) from None
    if spec.kind == "bool":
        lowered = text.lower()
        if lowered in ("yes", "y", "true"):
            return True
        if lowered in ("no", "n", "false"):
            return False
        raise ValidationFailed({"merged": "Enter yes or no."})
    if spec.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValidationFailed({"merged": "Enter a whole number."}) from None
    raise ValidationFailed({"merged": "This value cannot be typed in; choose one of the two."})


def _marker_op(session: Session, record: SyncColumns | None, row: SyncConflict,
               fields: dict[str, Any]) -> str | None:
    """An op that carries the decision to the server when the record itself does not change.

    A record not on this device (it may not exist on the server either) is never the
    target: an op for it would make an empty record. The family's record carries it
    instead; with neither here, the decision stays on this computer (None)."""
    if record is None:
        family = _record(session, "family", row.family_id) if row.family_id else None
        if family is None:
            return None
        return records.send_as_it_is(session, family, {})
    return records.send_as_it_is(session, record, fields)


def resolve(session: Session, actor: Profile, request: Resolution) -> str | None:
    """Settle one conflict (and any other open one on the same field); return the op id that
    carries the decision to the server, or None when it stays on this computer."""
    row = session.get(SyncConflict, request.conflict_id)
    if row is None or row.status != "open":
        raise NotFound("That conflict has already been settled.")
    if request.choice not in CHOICES:
        raise ValidationFailed({"choice": "Choose one of the values, or write a merged value."})
    spec = _spec(row)
    record = _record(session, row.entity, row.record_id)
    op_id: str | None = None
    if _is_new_record(row, record):
        op_id = _decide_new_record(session, actor, row, request.choice)
    elif _decidable(row, spec, record) and spec is not None and record is not None:
        if request.choice == "here":
            value = from_wire(spec, row.local_value)
        elif request.choice == "server":
            value = from_wire(spec, row.server_value)
        else:
            value = parse_typed(spec, request.merged_text)
        changed = records.update(session, actor, record, **{row.field: value})
        if changed:
            op_id = session.scalar(
                select(OutboxOp.op_id)
                .where(OutboxOp.entity == row.entity, OutboxOp.entity_id == row.record_id)
                .order_by(OutboxOp.seq.desc())
                .limit(1)
            )
        else:
            op_id = _marker_op(session, record, row, {row.field: value})
            records.audit(session, actor, "resolve_conflict", record)
    else:
        if request.choice != "server":
            raise ValidationFailed(
                {"choice": "This change cannot be made now; keep the server's version. "
                 "The value entered here stays on record in the conflict list."}
            )
        if row.from_server:
            op_id = _marker_op(session, record, row, {})
    same = session.scalars(
        select(SyncConflict).where(
            SyncConflict.status == "open",
            SyncConflict.entity == row.entity,
            SyncConflict.record_id == row.record_id,
            SyncConflict.field == row.field,
        )
    )
    now = utcnow()
    for other in same:
        other.status = "resolved"
        other.resolved_at = now
        other.resolved_by = actor.username
        other.resolve_op_id = op_id if other.from_server else None
    return op_id


def _decide_new_record(session: Session, actor: Profile, row: SyncConflict,
                       choice: str) -> str | None:
    """Keep ("here": create it on this device, then it syncs) or leave out a whole new
    record made by someone else; return the op that tells the server."""
    if choice == "server":
        return _marker_op(session, None, row, {})
    if choice != "here":
        raise ValidationFailed({"choice": "Add the record, or leave it out."})
    entity = ENTITIES[row.entity]
    values: dict[str, Any] = {}
    for name, raw in dict(row.local_value).items():
        spec = entity.fields.get(name)
        if spec is None:
            continue
        try:
            values[name] = from_wire(spec, check_value(spec, raw))
        except (FieldError, BadReply):
            raise ValidationFailed({"choice": f"This record cannot be added: its "
                                    f"{field_label(name).lower()} does not fit."}) from None
    model = synced_model(row.entity)
    for name, spec in entity.fields.items():
        column = model.__table__.columns[name]  # type: ignore[attr-defined]
        if name not in values and not spec.nullable and column.default is None:
            raise ValidationFailed({"choice": f"This record cannot be added: it has no "
                                    f"{field_label(name).lower()}."})
    family_id = values.get(entity.sync.family_key) if entity.sync.family_key != "id" else None
    if family_id is not None and _record(session, "family", str(family_id)) is None:
        raise ValidationFailed({"choice": "This record cannot be added: its family is not "
                                "on this computer."})
    try:
        records.create(session, actor, model, id=row.record_id, **values)
    except IntegrityError:  # the whole decision is rolled back with the transaction
        raise ValidationFailed({"choice": "This record cannot be added: something it refers "
                                "to is not on this computer."}) from None
    return session.scalar(select(OutboxOp.op_id).where(OutboxOp.entity_id == row.record_id)
                          .order_by(OutboxOp.seq.desc()).limit(1))
