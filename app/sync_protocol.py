"""The sync protocol between a worker's store and the central service (Qt-free).

Both sides import this module: the client to build requests, the server to
validate them. The entities and their fields are *derived* from the synced
models' declarations (``db.models.SYNCED_MODELS`` and their ``__sync__``), so a
record type joins sync by declaration alone.

Wire format (JSON, all under ``/api/v1``; auth is ``Authorization: Bearer
<device token>`` except for enrolment and health):

``POST /auth/enrol``  ``{"username", "password", "device_name"}`` ->
    ``{"device_id", "token", "user": {"username", "name", "role", "team",
    "gcp2_trained"}}``.  401 on bad credentials.

``POST /sync/push``  ``{"ops": [Op, ...]}`` (at most ``MAX_PUSH_OPS``) ->
    ``{"results": [OpResult, ...]}`` in the same order.
    Op: ``{"op_id", "entity", "id", "family_id", "base_version" (int|null),
    "fields": {name: value}, "deleted": bool, "resolves": [conflict_id, ...],
    "made_at" (ISO 8601 instant with zone, or null: when the change was made)}``.
    OpResult: ``{"op_id", "status", "version" (int|null), "conflicts":
    [Conflict], "reason" (str|null)}`` where status is one of
    ``applied`` (taken as it was), ``merged`` (taken with a three-way merge:
    fields changed only on one side), ``conflict`` (some fields changed on both
    sides: the server kept its value and stored a Conflict; the other fields
    were applied), ``rejected`` (not taken: ``reason`` is ``final`` for an
    append-only record, ``out_of_scope``, ``deleted``; the values are kept on
    the server as a conflict so nothing is lost), or ``duplicate`` (this op_id
    was already applied: the stored result is returned again). A push is
    idempotent by ``op_id`` per device (another device's op with the same id is
    a different op). A change from a user who no longer holds the family is
    applied if they held it at its ``made_at``, else ``rejected`` /
    ``out_of_scope`` carrying the conflicts the server keeps for the family's
    new holder (a new record as one conflict on ``NEW_RECORD_FIELD``).
    An edit and a delete made from the same base are a conflict on "deleted".
    Conflict: ``{"id", "entity", "record_id", "family_id", "field",
    "base_value", "local_value", "server_value", "created_at", "status",
    "reason" (one of ``CONFLICT_REASONS``), "made_by", "made_at"}``.

``GET /sync/pull?cursor=N&limit=M`` -> ``{"changes": [Change, ...],
    "next_cursor": int, "has_more": bool, "purge": [family_id, ...],
    "scope": Scope | null}``. Change: ``{"seq", "entity", "id", "family_id",
    "version", "deleted", "data": {every content field}}``. Changes are the
    newest state of each record in the caller's scope whose ``seq`` is above the
    cursor, in ``seq`` order. ``purge`` lists families the caller may no longer
    see. ``scope`` is given on the last page only (``has_more`` false):
    ``{"families": [ids], "count": int, "digest": hex}`` where count and digest
    are over the caller's scoped, synced records (see :func:`scope_digest`).

``GET /sync/conflicts`` -> ``{"conflicts": [Conflict, ...]}``: open conflicts
    on records in scope.

``GET /reference`` -> ``{"levels_of_need": {...}, "agencies": [...],
    "forms": [...]}``: reference data the client pulls.

``GET /health`` -> ``{"status": "ok", "version": str}``.

Errors: 400/422 for malformed input, 401 ``{"detail": {"code":
"device_revoked" | "bad_token", "message"}}``, 403 for out-of-scope reads,
413 for payloads over ``MAX_BODY_BYTES``. Never 500 for bad input.

Versions: ``version`` is the server's revision of a record (1, 2, 3... for
each record, null until first synced); ``seq`` is the change sequence
used by pull cursors (re-stamped when a family enters someone's scope, so the
new holder pulls it whole).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, inspect

from db.models import SYNCED_MODELS, SyncColumns, SyncSpec

API_PREFIX = "/api/v1"
MAX_PUSH_OPS = 500
MAX_PULL_LIMIT = 2000
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_TEXT_LENGTH = 100_000

OP_STATUSES = ("applied", "merged", "conflict", "rejected", "duplicate")
# Why a conflict was raised: both sides changed a field ("conflict"), a change to an
# append-only record ("final") or to a deleted one ("deleted"), or a change from a
# device whose user no longer held the family when it arrived ("out_of_scope").
CONFLICT_REASONS = ("conflict", "final", "deleted", "out_of_scope")
# The conflict "field" of a whole new record that was refused (its value: every field).
NEW_RECORD_FIELD = "(new record)"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text, int, bool, date, instant, json
    nullable: bool
    max_length: int | None


@dataclass(frozen=True)
class EntitySpec:
    entity: str
    sync: SyncSpec
    fields: dict[str, FieldSpec]

    def is_final(self, data: dict[str, Any]) -> bool:
        if self.sync.append_only:
            return True
        return bool(self.sync.final_when and data.get(self.sync.final_when))


def _kind(column_type: Any) -> str:
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, Integer):
        return "int"
    if isinstance(column_type, DateTime) or isinstance(getattr(column_type, "impl", None), DateTime):
        return "instant"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, (String, Text)):
        return "text"
    return "json"


def _entity_spec(model: type[SyncColumns]) -> EntitySpec:
    fields: dict[str, FieldSpec] = {}
    for attr in inspect(model).column_attrs:
        if attr.key in SyncColumns.SYNC_BOOKKEEPING:
            continue
        column = attr.columns[0]
        length = getattr(column.type, "length", None)
        fields[attr.key] = FieldSpec(
            name=attr.key,
            kind=_kind(column.type),
            nullable=bool(column.nullable),
            max_length=length if isinstance(length, int) else MAX_TEXT_LENGTH,
        )
    return EntitySpec(entity=model.__sync__.entity, sync=model.__sync__, fields=fields)


ENTITIES: dict[str, EntitySpec] = {m.__sync__.entity: _entity_spec(m) for m in SYNCED_MODELS}


class FieldError(ValueError):
    """A field value that does not fit its declaration."""


def check_value(spec: FieldSpec, value: Any) -> Any:
    """Validate one wire value against its field; return it (normalised) or raise FieldError."""
    if value is None:
        if spec.nullable:
            return None
        raise FieldError(f"{spec.name} may not be null")
    if spec.kind == "text":
        if not isinstance(value, str):
            raise FieldError(f"{spec.name} must be text")
        if spec.max_length is not None and len(value) > spec.max_length:
            raise FieldError(f"{spec.name} is longer than {spec.max_length} characters")
        return value
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise FieldError(f"{spec.name} must be true or false")
        return value
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(f"{spec.name} must be a whole number")
        return value
    if spec.kind == "date":
        if not isinstance(value, str):
            raise FieldError(f"{spec.name} must be a date (YYYY-MM-DD)")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise FieldError(f"{spec.name} must be a date (YYYY-MM-DD)") from None
        return value
    if spec.kind == "instant":
        if not isinstance(value, str):
            raise FieldError(f"{spec.name} must be an ISO 8601 instant")
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise FieldError(f"{spec.name} must be an ISO 8601 instant") from None
        if parsed.tzinfo is None:
            raise FieldError(f"{spec.name} must carry a time zone")
        return value
    if spec.kind == "json":
        # JSON columns (answers, consent scope lists) hold an object or a list.
        if not isinstance(value, (dict, list)):
            raise FieldError(f"{spec.name} must be a JSON object or list")
        return value
    return value


def check_fields(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate every field of an op for ``entity``; raise FieldError naming the first problem."""
    spec = ENTITIES.get(entity)
    if spec is None:
        raise FieldError(f"unknown entity {entity!r}")
    if not isinstance(fields, dict):
        raise FieldError("fields must be an object")
    out = {}
    for name, value in fields.items():
        field = spec.fields.get(name)
        if field is None:
            raise FieldError(f"{entity} has no field {name!r}")
        out[name] = check_value(field, value)
    return out


def scope_digest(items: Iterable[tuple[str, str, int]]) -> tuple[int, str]:
    """Count and SHA-256 over sorted ``entity:id:version`` lines of synced records.

    Both sides compute it over the records in the caller's scope that the
    server has accepted (deleted ones included); a mismatch after a sync means
    the device is missing something, and it pulls its scope again in full.
    """
    lines = sorted(f"{entity}:{rid}:{version}" for entity, rid, version in items)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return len(lines), digest
