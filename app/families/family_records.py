"""Saving and removing one of a family's own records (a person, an agency involved):
created, or changed where it still is, or tombstoned while the family may change."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.casework.closure import writable_family
from app.errors import NotFound
from app.records import writes as records
from app.store.caseload_store import Profile
from db.models import AgencyInvolvement, Person

R = TypeVar("R", Person, AgencyInvolvement)


def save_family_record(
    session: Session, actor: Profile, model: type[R], record_id: str | None,
    values: dict[str, Any], gone: str,
) -> str:
    """Create the record, or change it (NotFound saying ``gone`` if it has gone)."""
    if record_id is None:
        return records.create(session, actor, model, **values).id
    record = session.get(model, record_id)
    if record is None or record.deleted:
        raise NotFound(gone)
    records.update(session, actor, record, **values)
    return record.id


def remove_family_record(
    session: Session, actor: Profile, model: type[R], record_id: str, gone: str
) -> None:
    """Tombstone the record (kept in the history), while its family may still change."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(gone)
    writable_family(session, record.family_id)
    records.mark_deleted(session, actor, record)
