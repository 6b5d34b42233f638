"""The check after the last pull page: the local count and digest of synced records, and the
reset (purge what the server no longer gives, cursor back to 0) before pulling everything again."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.caseload_store import write_meta
from app.sync.custody import families_due, purge_when_safe
from app.sync.protocol import digest_line, digest_of_lines
from app.sync.set_aside import set_aside_versions
from app.sync.status import META_CURSOR, META_VERIFIED, META_VERIFIED_AT
from db.models import SYNCED_MODELS, SyncParked, utcnow
from db.plain_rows import plain_rows


def local_digest(session: Session) -> tuple[int, str]:
    """Count and digest of the synced records this store holds with a server version.

    Records of families waiting to be purged do not count (the server no longer gives
    them); records set aside, or parked because what they refer to was set aside, count
    at the version they came with (pulling again would not store them either)."""
    due = sorted(families_due(session))
    aside = set_aside_versions(session)
    for entity, rid, parked_version in session.execute(
        select(SyncParked.entity, SyncParked.record_id, SyncParked.version)
    ):
        aside.setdefault((entity, rid), parked_version)
    # Each record as its digest line at once, from the driver's own rows (db.plain_rows):
    # a first sync checks 100,000 records here while the worker waits for it to finish.
    connection = session.connection()
    lines: list[str] = []
    for model in SYNCED_MODELS:
        entity = model.__sync__.entity
        query = select(model.id, model.version).where(model.version.is_not(None))
        if due:
            column = getattr(model, model.__sync__.family_key)
            query = query.where(column.is_(None) | column.not_in(due))
        lines += (digest_line(entity, rid, version)
                  for rid, version in plain_rows(connection, query) if (entity, rid) not in aside)
    lines += (digest_line(entity, rid, version) for (entity, rid), version in aside.items())
    return digest_of_lines(lines)


def reset_for_full_pull(session: Session, scope_families: list[str] | None) -> int:
    """Before pulling everything again: drop synced families the server no longer gives us."""
    purged = 0
    if scope_families is not None:
        family_model = next(m for m in SYNCED_MODELS if m.__sync__.family_key == "id")
        held = set(
            session.scalars(select(family_model.id).where(family_model.version.is_not(None)))
        )
        gone = held - set(scope_families)
        purged = purge_when_safe(session, gone)
    write_meta(session, META_CURSOR, "0")
    write_meta(session, META_VERIFIED, "")
    return purged


def remember_check(session: Session, verified: str) -> None:
    write_meta(session, META_VERIFIED, verified)
    write_meta(session, META_VERIFIED_AT, utcnow().isoformat())

