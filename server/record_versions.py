"""A record's versions: writing the next one (kept in history and put in the change feed),
and reading an older one back for a three-way merge."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import insert_later, number_on_commit, write_rows
from server.models import RecordHistory, utcnow
from server.record_rows import AnyRecord, RecordRow, changed


def write_version(
    session: Session,
    record: AnyRecord,
    *,
    data: dict[str, Any],
    deleted: bool,
    by: str,
    device_id: str | None,
) -> None:
    """Give the record its next version, keep that in history, and put it in the change
    feed (its change number is given at commit). The history row is written with the
    transaction's other new versions, in one statement (``server.db.insert_later``)."""
    now = utcnow()
    record.data = data
    record.deleted = deleted
    record.version = (record.version or 0) + 1
    number_on_commit(session, record)
    record.updated_at = now
    record.updated_by = by
    record.device_id = device_id
    if isinstance(record, RecordRow):  # (an ORM object's unit of work sees it changed)
        changed(session, record)
    insert_later(session, RecordHistory, {
        "entity": record.entity, "record_id": record.id, "version": record.version,
        "family_id": record.family_id, "deleted": deleted, "data": data, "at": now,
        "by": by, "device_id": device_id,
    })


def history_data(session: Session, record: AnyRecord, version: int | None
                 ) -> dict[str, Any] | None:
    if version is None:
        return None
    if version == record.version:
        return record.data
    write_rows(session, RecordHistory)  # this transaction's versions too
    data: dict[str, Any] | None = session.scalars(
        select(RecordHistory.data).where(
            RecordHistory.entity == record.entity,
            RecordHistory.record_id == record.id,
            RecordHistory.version == version,
        )
    ).first()
    return data


def own_latest(session: Session, record: AnyRecord, device_id: str | None
               ) -> dict[str, Any] | None:
    if device_id is None:
        return None
    write_rows(session, RecordHistory)  # this transaction's versions too
    data: dict[str, Any] | None = session.scalars(
        select(RecordHistory.data)
        .where(
            RecordHistory.entity == record.entity,
            RecordHistory.record_id == record.id,
            RecordHistory.device_id == device_id,
        )
        .order_by(RecordHistory.version.desc())
        .limit(1)
    ).first()
    return data
