"""Request and response bodies of the HTTP API (they make the OpenAPI document).

The shapes follow the wire protocol in ``app.sync_protocol``. Requests are
strict: wrong types and unknown keys are refused with 422.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.sync_protocol import MAX_PUSH_OPS, OP_STATUSES

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


class Op(Strict):
    op_id: str = Field(min_length=1, max_length=64)
    entity: str = Field(min_length=1, max_length=40)
    id: str = Field(min_length=1, max_length=36)
    family_id: str | None = Field(default=None, max_length=36)
    base_version: int | None = Field(default=None, ge=0, le=2**62)
    fields: dict[str, JsonValue] = Field(default_factory=dict)
    deleted: bool = False
    resolves: list[str] = Field(default_factory=list, max_length=MAX_RESOLVES)
    # When the change was made on the device (ISO 8601 with zone); optional.
    made_at: str | None = Field(default=None, max_length=40)


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
    reason: Literal["conflict", "final", "deleted"] = "conflict"


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


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    detail: ErrorDetail | str | list[Any]
