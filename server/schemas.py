"""Request and response bodies of the HTTP API (they make the OpenAPI document).

The shapes follow the wire protocol in ``app.sync.protocol``. Requests are
strict: wrong types and unknown keys are refused with 422.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.sync.protocol import CONFLICT_REASONS, MAX_PUSH_OPS, OP_STATUSES
from app.sync.values import ENTITY_PATTERN, ID_PATTERN, INSTANT_PATTERN, OP_ID_PATTERN

JsonValue = Any
MAX_RESOLVES = 200


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class EnrolRequest(Strict):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(min_length=1, max_length=120)


class UserOut(BaseModel):
    username: str
    name: str
    role: Literal["worker", "team_lead", "admin"]
    team: str | None
    gcp2_trained: bool


class EnrolResponse(BaseModel):
    device_id: str
    device_number: int = Field(
        ge=1, description="1, 2, 3... in the order devices enrol; the device puts it in the "
        "family references it gives (EH-012-00034), so they are unique across the service.")
    token: str
    user: UserOut


RecordId = Annotated[str, Field(pattern=ID_PATTERN)]


class Op(Strict):
    """One change to one record: ``fields`` holds the fields it changes. Each record
    type's fields and their types are in its own schema (``familyOp``, ``familyFields``...)."""

    op_id: str = Field(pattern=OP_ID_PATTERN)
    entity: str = Field(pattern=ENTITY_PATTERN)
    id: RecordId
    family_id: RecordId | None = None
    base_version: int | None = Field(default=None, ge=0, le=2**62)
    fields: dict[str, JsonValue] = Field(default_factory=dict)
    deleted: bool = False
    resolves: list[RecordId] = Field(default_factory=list, max_length=MAX_RESOLVES)
    made_at: str | None = Field(
        default=None, pattern=INSTANT_PATTERN,
        description="When the change was made on the device (an ISO 8601 instant with "
        "its zone), if the device knows.")


class PushRequest(Strict):
    ops: list[Op] = Field(max_length=MAX_PUSH_OPS)


class ConflictOut(BaseModel):
    id: str
    entity: str
    record_id: str
    family_id: str | None
    field: str
    base_value: JsonValue = None
    local_value: JsonValue = None
    server_value: JsonValue = None
    created_at: str
    status: Literal["open", "resolved"]
    reason: Literal[CONFLICT_REASONS] = "conflict"  # type: ignore[valid-type]
    made_by: str | None = Field(default=None, description="Who made the local value.")
    made_at: str | None = Field(
        default=None, description="When it was made on the device (else when it arrived).")


class OpResult(BaseModel):
    op_id: str
    status: Literal[OP_STATUSES]  # type: ignore[valid-type]
    version: int | None
    conflicts: list[ConflictOut]
    reason: str | None


class PushResponse(BaseModel):
    results: list[OpResult]


class Change(BaseModel):
    seq: int
    entity: str
    id: str
    family_id: str | None
    version: int
    deleted: bool
    data: dict[str, JsonValue]
    updated_at: str | None = None
    updated_by: str | None = None


class Scope(BaseModel):
    families: list[str]
    count: int
    digest: str


class PullResponse(BaseModel):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    purge: list[str]
    scope: Scope | None


class ConflictsResponse(BaseModel):
    conflicts: list[ConflictOut]


class FamilyRecordsResponse(BaseModel):
    family_id: str
    records: list[Change]


class HistoryEntry(BaseModel):
    version: int
    deleted: bool
    data: dict[str, JsonValue]
    at: str | None
    by: str
    device_id: str | None


class HistoryResponse(BaseModel):
    entity: str
    id: str
    versions: list[HistoryEntry]


class ReferenceResponse(BaseModel):
    levels_of_need: JsonValue = Field(default_factory=dict)
    agencies: list[JsonValue] = Field(default_factory=list)
    forms: list[JsonValue] = Field(default_factory=list)
    council: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="the council's identity on documents (name, address, phone, email, "
        "website, privacy notice, logo as a data: address); {} when none is loaded",
    )
    form_choices: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="which forms workers are offered (hidden_forms, offered_examples); "
        "{} when none is loaded",
    )


class RecoveryKeyResponse(BaseModel):
    algorithm: str
    public_key: str = Field(description="base64 of the 32 raw bytes of the X25519 public key")
    fingerprint: str


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str


class Problem(BaseModel):
    location: str = Field(description="Where in the request, e.g. body.ops[3].fields.")
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    problems: list[Problem] | None = Field(
        default=None, description="For invalid requests: each problem by its location "
        "(the values themselves are never repeated).")


class ErrorResponse(BaseModel):
    detail: ErrorDetail | str | list[Any]
