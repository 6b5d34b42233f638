"""Moving a family to another holder: the new holder pulls it whole, everyone who loses
sight of it is told to purge it, and the move is a new version of the family.

Locks are taken in the order every push takes them (see ``server.locks``): the
family's allocation, then its records by type and id, before anything is written.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import number_on_commit
from server.models import Allocation, Record, ScopeEvent, User, utcnow
from server.push_op import ALLOCATED_TO, FAMILY_ENTITY
from server.record_versions import write_version
from server.scope import viewers


def reallocate(
    session: Session, family_id: str, holder: User, *, by: str, device_id: str | None = None
) -> Allocation:
    """Move a family to ``holder`` (see :func:`allocate`), working out who loses sight of it."""
    before = locked_allocation(session, family_id)
    viewers_before = viewers(session, before)
    viewers_after = viewers(
        session, Allocation(family_id=family_id, username=holder.username, team=holder.team)
    )
    return allocate(session, family_id, holder.username, holder.team, by=by,
                    viewers_before=viewers_before, viewers_after=viewers_after,
                    device_id=device_id)


def allocate(
    session: Session, family_id: str, username: str, team: str | None, *, by: str,
    viewers_before: set[str], viewers_after: set[str], device_id: str | None = None,
) -> Allocation:
    """Give a family to ``username``: put its records in the change feed again so the new
    holder pulls it whole, tell everyone who lost it to purge it, and record the move on
    the family (a new version)."""
    # Every lock first, in the order pushes take them (server.locks): the allocation, then
    # the family's records by type and id; only then any write.
    allocation = locked_allocation(session, family_id)
    records = list(session.scalars(
        select(Record)
        .where(Record.family_id == family_id)
        .order_by(Record.entity, Record.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ))
    if allocation is None:
        allocation = Allocation(family_id=family_id, username=username, team=team)
        session.add(allocation)
    allocation.username = username
    allocation.team = team
    allocation.allocated_at = utcnow()
    # Fed again in their old order.
    for record in sorted(records, key=lambda r: r.seq):
        number_on_commit(session, record)
    for lost in sorted(viewers_before - viewers_after):
        event = ScopeEvent(family_id=family_id, username=lost, kind="lost", at=utcnow())
        session.add(event)
        number_on_commit(session, event)
    family = session.get(Record, (FAMILY_ENTITY, family_id))
    if family is not None and family.data.get(ALLOCATED_TO) != username:
        write_version(session, family, data={**family.data, ALLOCATED_TO: username},
                      deleted=family.deleted, by=by, device_id=device_id)
    session.flush()
    return allocation


def locked_allocation(session: Session, family_id: str) -> Allocation | None:
    """The family's allocation, locked against pushes to the family until commit."""
    return session.get(Allocation, family_id, with_for_update=True, populate_existing=True)
