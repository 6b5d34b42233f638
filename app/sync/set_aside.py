"""Pulled records this store could not hold, kept aside so the rest of a sync completes.

A record the service sends that does not fit its declared types here (a value of
the wrong kind, a date or instant out of range, a number too large, a NUL
character, a kind of record this version does not know) or that the database
refuses (a constraint) is not stored and does not stop the page: its change is
kept as it came in ``sync_set_aside`` (inside the encrypted store), the problem
is logged by record type and field (never the value), and the sync report, the
``hearth sync`` output and the window's sync status say how many there are.

A set-aside record is tried again whenever the service sends it again (a newer
version, or the same one on a full download, say after an upgrade of Hearth);
the scope check counts it as held, so a record that cannot be stored does not
make every sync download the whole caseload again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session

from db.models import SyncSetAside, utcnow

log = logging.getLogger(__name__)

Key = tuple[str, str]
_IN_CHUNK = 400


def set_aside(session: Session, change: dict[str, Any], problem: str) -> None:
    """Keep one pulled change that cannot be stored; log what is wrong (no values)."""
    version = change.get("version")
    family_id = change.get("family_id")
    row = SyncSetAside(
        entity=str(change["entity"])[:40],
        record_id=str(change["id"])[:200],
        family_id=family_id[:200] if isinstance(family_id, str) else None,
        version=version if isinstance(version, int) and abs(version) < 2**63 else -1,
        problem=problem[:300],
        change=change,
        set_aside_at=utcnow(),
    )
    session.merge(row)
    log.warning("a %s from the service could not be stored here and was set aside: %s",
                row.entity, row.problem)


def take_back(session: Session, candidates: dict[Key, dict[str, Any]]) -> None:
    """Candidates whose records are set aside: an older version is dropped from
    ``candidates``; the same or a newer one is tried again (its set-aside row goes, and
    comes back if it still cannot be stored)."""
    if not candidates or not session.scalar(select(func.count()).select_from(SyncSetAside)):
        return
    keys = list(candidates)
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        rows = session.execute(
            select(SyncSetAside.entity, SyncSetAside.record_id, SyncSetAside.version)
            .where(tuple_(SyncSetAside.entity, SyncSetAside.record_id).in_(chunk))
        ).all()
        retry = []
        for entity, record_id, version in rows:
            key = (entity, record_id)
            if candidates[key]["version"] < version:
                del candidates[key]
            else:
                retry.append(key)
        if retry:
            session.execute(
                delete(SyncSetAside)
                .where(tuple_(SyncSetAside.entity, SyncSetAside.record_id).in_(retry))
                .execution_options(synchronize_session=False)
            )


def drop_families(session: Session, family_ids: Iterable[str]) -> None:
    """Set-aside records of purged families go with them."""
    ids = sorted(set(family_ids))
    for start in range(0, len(ids), _IN_CHUNK):
        session.execute(
            delete(SyncSetAside).where(SyncSetAside.family_id.in_(ids[start:start + _IN_CHUNK]))
            .execution_options(synchronize_session=False)
        )


def set_aside_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(SyncSetAside)) or 0)


def set_aside_kinds(session: Session) -> tuple[str, ...]:
    """The record types set aside (entity names), for the report."""
    return tuple(session.scalars(
        select(SyncSetAside.entity).distinct().order_by(SyncSetAside.entity)))


def set_aside_versions(session: Session) -> dict[Key, int]:
    """(entity, id) -> version of each set-aside record, for the scope check."""
    return {
        (entity, record_id): version
        for entity, record_id, version in session.execute(
            select(SyncSetAside.entity, SyncSetAside.record_id, SyncSetAside.version))
    }
