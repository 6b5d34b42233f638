"""Purging families that left this worker's caseload, only once the server has custody.

When the service says a family is no longer this worker's (``purge`` on a pull
page, or a family missing from the scope on a full download), every local
record of it is removed from this device. But a change made here that the
service has not yet acknowledged (made offline before the family moved, or
typed while a sync was running) would go with it. So:

* a family with no waiting outbox op is purged at once;
* a family with waiting ops is remembered in ``sync_purge_due`` and kept; the
  next push sends its ops (the service applies them or keeps them as conflicts
  for the family's new holder), and once none is waiting it is purged, at the
  end of that push or at the next pull (:func:`purge_due`);
* a family that comes back into scope before then is simply kept
  (:func:`back_in_scope`).

Conflicts of a purged family that the service holds (``from_server``) go with
it: the service keeps them. A conflict that exists only here and is still open
(a change the service refused without keeping) is **kept** until a person has
seen and settled it: nothing typed here is deleted without someone seeing it.
While a family waits to be purged its records do not count in the scope check
(the service no longer counts them).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, delete, func, not_, select
from sqlalchemy.orm import Session

from app.records.changes import note
from app.sync import set_aside as sync_set_aside
from db.models import (
    SYNCED_MODELS,
    Base,
    OutboxOp,
    SyncColumns,
    SyncConflict,
    SyncParked,
    SyncPurgeDue,
    utcnow,
)

_IN_CHUNK = 400


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start:start + _IN_CHUNK]


def _models_children_first() -> list[type[SyncColumns]]:
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    tables = {m: m.__table__.name for m in SYNCED_MODELS}  # type: ignore[attr-defined]
    return sorted(SYNCED_MODELS, key=lambda m: -order[tables[m]])


def _with_waiting_ops(session: Session, ids: list[str]) -> set[str]:
    held: set[str] = set()
    for chunk in _chunks(ids):
        held.update(session.scalars(
            select(OutboxOp.family_id).where(OutboxOp.family_id.in_(chunk)).distinct()))
    return held


def purge_families(session: Session, family_ids: Iterable[str]) -> int:
    """Remove every local record of these families now, with their parked and set-aside
    records and their conflicts, except open conflicts that exist only here. Callers
    make sure no op of these families is waiting (see :func:`purge_when_safe`)."""
    ids = sorted(set(family_ids))
    if not ids:
        return 0
    for family_id in ids:
        note(session, "family", family_id, local=False)
    for chunk in _chunks(ids):
        for model in _models_children_first():
            column = getattr(model, model.__sync__.family_key)
            session.execute(
                delete(model).where(column.in_(chunk)).execution_options(synchronize_session=False)
            )
        only_here_and_open = and_(SyncConflict.from_server.is_(False),
                                  SyncConflict.status == "open")
        session.execute(
            delete(SyncConflict)
            .where(SyncConflict.family_id.in_(chunk), not_(only_here_and_open))
            .execution_options(synchronize_session=False)
        )
        for table, column in ((SyncParked, SyncParked.family_id),
                              (SyncPurgeDue, SyncPurgeDue.family_id)):
            session.execute(
                delete(table).where(column.in_(chunk)).execution_options(synchronize_session=False)
            )
    sync_set_aside.drop_families(session, ids)
    session.expire_all()
    return len(ids)


def purge_when_safe(session: Session, family_ids: Iterable[str]) -> int:
    """Purge the families whose changes the server has all taken; remember the others
    until it has. Return how many were purged now."""
    ids = sorted(set(family_ids))
    if not ids:
        return 0
    waiting = _with_waiting_ops(session, ids)
    due = set(session.scalars(select(SyncPurgeDue.family_id)))
    for family_id in sorted(waiting - due):
        session.add(SyncPurgeDue(family_id=family_id, named_at=utcnow()))
    if waiting:
        session.flush()
    return purge_families(session, [f for f in ids if f not in waiting])


def purge_due(session: Session) -> int:
    """Purge the remembered families that no longer have a waiting change, and drop the
    settled conflicts of families no longer on this device."""
    _drop_settled_orphans(session)
    due = sorted(session.scalars(select(SyncPurgeDue.family_id)))
    if not due:
        return 0
    waiting = _with_waiting_ops(session, due)
    return purge_families(session, [f for f in due if f not in waiting])


def _drop_settled_orphans(session: Session) -> None:
    """A conflict kept only here after its family was purged goes once a person has
    settled it (it was kept so that someone would see it, not for ever)."""
    family_model = next(m for m in SYNCED_MODELS if m.__sync__.family_key == "id")
    session.execute(
        delete(SyncConflict)
        .where(SyncConflict.status != "open", SyncConflict.from_server.is_(False),
               SyncConflict.family_id.is_not(None),
               SyncConflict.family_id.not_in(select(family_model.id)))
        .execution_options(synchronize_session=False)
    )


def back_in_scope(session: Session, family_ids: Iterable[str]) -> None:
    """Families the server gives this worker again are no longer waiting to be purged."""
    if not session.scalar(select(func.count()).select_from(SyncPurgeDue)):
        return
    ids = sorted({f for f in family_ids if isinstance(f, str)})
    for chunk in _chunks(ids):
        session.execute(delete(SyncPurgeDue).where(SyncPurgeDue.family_id.in_(chunk))
                        .execution_options(synchronize_session=False))


def families_due(session: Session) -> set[str]:
    return set(session.scalars(select(SyncPurgeDue.family_id)))
