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
    "made_at" (instant|null: when the change was made on the device)}``.
    Ids match ``[A-Za-z0-9_.-]{1,36}`` (op ids up to 64 characters); every field is
    checked against its declared type (:func:`check_fields`, see ``app.sync.values``:
    text within its length, without NUL or lone surrogates; whole numbers within 64
    bits; dates ``YYYY-MM-DD``; instants ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` with ``Z``
    or ``+HH:MM``, within years 1-9999 in UTC; JSON fields an object or list of finite
    numbers, nested at most ``MAX_JSON_DEPTH`` levels). Bodies are strict JSON: ``NaN``,
    ``Infinity`` and numbers that overflow are refused.
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
    "forms": [...], "council": {...}}``: reference data the client pulls (``council``:
    the council's identity on documents, its logo as a ``data:`` address).

``GET /recovery-key`` -> ``{"algorithm", "public_key" (base64 of the raw key),
    "fingerprint"}``: the council's recovery public key, to which each device seals
    its database key (see ``app.store.recovery_seal``); 404 ``{"detail": {"code":
    "no_recovery_key", "message"}}`` while none is set. The fingerprint is
    :func:`recovery_key_fingerprint`; a device checks it itself.

``GET /health`` -> ``{"status": "ok", "version": str}``.

Errors: 400/422 for malformed input (``{"detail": {"code", "message", "problems":
[{"location", "message"}]}}``: where and what, never the values sent; a bad op is
named by its number in the batch, its op_id, record type and field), 401 ``{"detail": {"code":
"device_revoked" | "bad_token", "message"}}``, 403 for out-of-scope reads,
413 for payloads over ``MAX_BODY_BYTES``. Never 500 for bad input.

Versions: ``version`` is the server's revision of a record (1, 2, 3... for
each record, null until first synced); ``seq`` is the change sequence
used by pull cursors (re-stamped when a family enters someone's scope, so the
new holder pulls it whole).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, inspect

# The value checks live in app.sync.values; they are part of this protocol, so named here too.
from app.sync.values import MAX_TEXT_LENGTH as MAX_TEXT_LENGTH
from app.sync.values import FieldError as FieldError
from app.sync.values import FieldSpec as FieldSpec
from app.sync.values import check_value as check_value
from db.models import SYNCED_MODELS, SyncColumns, SyncSpec

API_PREFIX = "/api/v1"
MAX_PUSH_OPS = 500
MAX_PULL_LIMIT = 10000
# The most a service of an older release takes in one page (it refuses a larger limit).
OLDER_PULL_LIMIT = 2000
MAX_BODY_BYTES = 4 * 1024 * 1024

OP_STATUSES = ("applied", "merged", "conflict", "rejected", "duplicate")
# Why a conflict was raised: both sides changed a field ("conflict"), a change to an
# append-only record ("final") or to a deleted one ("deleted"), or a change from a
# device whose user no longer held the family when it arrived ("out_of_scope").
CONFLICT_REASONS = ("conflict", "final", "deleted", "out_of_scope")
# The conflict "field" of a whole new record that was refused (its value: every field).
NEW_RECORD_FIELD = "(new record)"
# The council's recovery key: X25519, a database key sealed with HKDF-SHA256 and AES-256-GCM.
RECOVERY_ALGORITHM = "x25519-hkdf-sha256-aes256gcm"


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


def check_fields(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate every field of an op for ``entity``; raise FieldError naming the first
    problem (the field by its declared name or its place in the op, never its value)."""
    spec = ENTITIES.get(entity)
    if spec is None:
        raise FieldError("unknown record type")
    if not isinstance(fields, dict):
        raise FieldError("fields must be an object", "fields")
    out = {}
    for position, (name, value) in enumerate(fields.items(), start=1):
        field = spec.fields.get(name)
        if field is None:
            raise FieldError(f"field {position} of the op is not a field of {entity}")
        out[name] = check_value(field, value)
    return out


def scope_digest(items: Iterable[tuple[str, str, int]]) -> tuple[int, str]:
    """Count and SHA-256 over sorted ``entity:id:version`` lines of synced records.

    Both sides compute it over the records in the caller's scope that the
    server has accepted (deleted ones included); a mismatch after a sync means
    the device is missing something, and it pulls its scope again in full.
    """
    return digest_of_lines([digest_line(entity, rid, version) for entity, rid, version in items])


def digest_line(entity: str, rid: str, version: int) -> str:
    """One record as the scope digest counts it: ``entity:id:version``."""
    return f"{entity}:{rid}:{version}"


def digest_of_lines(lines: list[str]) -> tuple[int, str]:
    """:func:`scope_digest` of records already written as :func:`digest_line` lines (in
    any order; ``lines`` is sorted in place): what both sides give, each reading its
    records the cheapest way it can."""
    lines.sort()
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def recovery_key_fingerprint(public_key: bytes) -> str:
    """The fingerprint of a recovery public key (its 32 raw bytes): SHA-256, the first
    16 bytes in hex, in groups of four, so that a person can read it out and compare."""
    digest = hashlib.sha256(b"hearth-recovery-key:" + public_key).hexdigest()[:32]
    return ":".join(digest[i:i + 4] for i in range(0, 32, 4))
