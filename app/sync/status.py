"""Sync state kept in store_meta (server, credential, cursor, last sync) and what the
status bar shows.

Only reads and small writes: nothing here talks to the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.caseload_store import read_meta, write_meta
from app.sync.custody import families_due
from app.sync.set_aside import set_aside_count, set_aside_kinds
from app.sync.transport import NotEnrolled
from db.models import AuditEvent, OutboxOp, SyncConflict, utcnow

META_SERVER_URL = "sync.server_url"
META_DEVICE_ID = "sync.device_id"
META_TOKEN = "sync.token"
META_USERNAME = "sync.username"
META_CURSOR = "sync.cursor"
META_LAST_SYNCED = "sync.last_synced"
# "count:digest" of the last scope check that matched.
META_VERIFIED = "sync.verified_digest"
META_VERIFIED_AT = "sync.verified_at"
# When the council's reference data was last fetched (the engine fetches it again when due).
META_REFERENCE_CHECKED = "sync.reference_checked_at"


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows; never carries the credential."""

    enrolled: bool
    server_url: str
    username: str
    device_id: str
    last_synced: dt.datetime | None
    waiting: int
    open_conflicts: int
    set_aside: int = 0


def sync_status(session: Session) -> SyncStatus:
    last = read_meta(session, META_LAST_SYNCED)
    return SyncStatus(
        enrolled=bool(read_meta(session, META_TOKEN)),
        server_url=read_meta(session, META_SERVER_URL),
        username=read_meta(session, META_USERNAME),
        device_id=read_meta(session, META_DEVICE_ID),
        last_synced=dt.datetime.fromisoformat(last) if last else None,
        waiting=changes_waiting(session),
        open_conflicts=open_conflict_count(session),
        set_aside=set_aside_count(session),
    )


def credentials(session: Session) -> tuple[str, str]:
    """The server address and device token; raise NotEnrolled if there are none."""
    url = read_meta(session, META_SERVER_URL)
    token = read_meta(session, META_TOKEN)
    if not url or not token:
        raise NotEnrolled()
    return url, token


def changes_waiting(session: Session) -> int:
    """Local changes not yet taken by the server (the audit trail is not counted)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(OutboxOp)
            .where(OutboxOp.entity != AuditEvent.__sync__.entity)
        )
        or 0
    )


def open_conflict_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")
        )
        or 0
    )



def int_meta(session: Session, key: str) -> int:
    """A whole number kept in store_meta (0 when missing or unreadable)."""
    text = read_meta(session, key, "0")
    try:
        return int(text)
    except ValueError:
        return 0


def finish(session: Session) -> tuple[dt.datetime, int, int]:
    """Note the end of a sync; return when, the changes waiting and the open conflicts."""
    now = utcnow()
    write_meta(session, META_LAST_SYNCED, now.isoformat())
    return now, changes_waiting(session), open_conflict_count(session)


def held_now(session: Session) -> tuple[int, tuple[str, ...], int]:
    """Records set aside, their record types, and families waiting to be purged."""
    return set_aside_count(session), set_aside_kinds(session), len(families_due(session))
