"""One pushed operation as the service takes it, and what it says about its family."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.sync.protocol import ENTITIES, EntitySpec

# A field of a family that only the service sets (by allocation).
ALLOCATED_TO = "allocated_to"
# The record type that is the family itself (its family key is its own id).
FAMILY_ENTITY = next(name for name, spec in ENTITIES.items() if spec.sync.family_key == "id")
# Who may reallocate a family by pushing its ``allocated_to``.
ALLOCATING_ROLES = ("team_lead", "admin")


@dataclass(frozen=True)
class PushOp:
    op_id: str
    entity: str
    id: str
    family_id: str | None
    base_version: int | None
    fields: dict[str, Any]
    deleted: bool = False
    resolves: tuple[str, ...] = ()
    # When the change was made on the device (ISO 8601 with zone), as the device says.
    made_at: str | None = None


def is_family_entity(spec: EntitySpec) -> bool:
    return spec.sync.family_key == "id"


def family_of_new(spec: EntitySpec, op: PushOp) -> str | None:
    """The family a record the service does not have yet would belong to."""
    if is_family_entity(spec):
        return op.id
    key = spec.sync.family_key
    if key in op.fields:
        value = op.fields[key]
        return None if value is None else str(value)
    return op.family_id


def may_reallocate(role: str, op: PushOp) -> bool:
    """The op may move its family to another holder (a team lead's or an administrator's
    change of a family's ``allocated_to``)."""
    return (role in ALLOCATING_ROLES and is_family_entity(ENTITIES[op.entity])
            and ALLOCATED_TO in op.fields)
