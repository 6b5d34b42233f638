"""Who may see and change what.

A worker: the families allocated to them. A team lead: the families of their
team. An administrator: all. Records outside any family (e.g. an audit event
about opening the caseload) belong to the user who made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import Session

from server.models import Allocation, Record, User


@dataclass(frozen=True)
class Caller:
    """The authenticated user and device of a request."""

    username: str
    role: str
    team: str | None
    device_id: str | None = None

    @classmethod
    def of(cls, user: User, device_id: str | None = None) -> Caller:
        return cls(username=user.username, role=user.role, team=user.team, device_id=device_id)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Held(Protocol):
    """Who holds a family: an Allocation, or its row as a push reads it."""

    @property
    def username(self) -> str: ...

    @property
    def team(self) -> str | None: ...


def allocation_visible(caller: Caller, allocation: Held | None) -> bool:
    if caller.is_admin:
        return True
    if allocation is None:
        return False
    if caller.role == "team_lead":
        return caller.team is not None and allocation.team == caller.team
    return allocation.username == caller.username


def family_in_scope(session: Session, caller: Caller, family_id: str) -> bool:
    if caller.is_admin:
        return session.get(Allocation, family_id) is not None
    return allocation_visible(caller, session.get(Allocation, family_id))


# The scope queries run on every request. A caller's are built once and kept (SQLAlchemy
# then also skips working out their cache key): one set per device, a few KB each.
QUERY_CACHE_SIZE = 4096


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def scoped_families(caller: Caller) -> Select[str]:
    """A query of the ids of the families in the caller's scope."""
    query = select(Allocation.family_id)
    if caller.is_admin:
        return query
    if caller.role == "team_lead":
        if caller.team is None:
            return query.where(false())
        return query.where(Allocation.team == caller.team)
    return query.where(Allocation.username == caller.username)


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def record_in_scope_clause(caller: Caller, *, by_seq: bool = False) -> ColumnElement[bool]:
    """A WHERE clause over :class:`Record` selecting what the caller may see.

    ``by_seq``: the query walks records in change order (a pull page); the
    scope test is then written so that the database keeps to the ``seq`` index
    and filters, instead of gathering every record in scope and sorting them
    for each page.
    """
    if caller.is_admin:
        return true()
    family = Record.family_id.concat("") if by_seq else Record.family_id
    owner = Record.owner.concat("") if by_seq else Record.owner
    return or_(
        family.in_(scoped_families(caller).scalar_subquery()),
        and_(Record.family_id.is_(None), owner == caller.username),
    )


def record_visible(session: Session, caller: Caller, record: Record) -> bool:
    if caller.is_admin:
        return True
    if record.family_id is None:
        return record.owner == caller.username
    return allocation_visible(caller, session.get(Allocation, record.family_id))


def viewers(session: Session, allocation: Allocation | None) -> set[str]:
    """The non-admin users who see a family under this allocation."""
    if allocation is None:
        return set()
    names = {allocation.username}
    if allocation.team is not None:
        names.update(
            session.scalars(
                select(User.username).where(User.role == "team_lead", User.team == allocation.team)
            )
        )
    return names
