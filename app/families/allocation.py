"""Moving families to another worker of the team (a team lead's or an administrator's
decision). The change is the family's ``allocated_to``, written like any other change
(its outbox operation and audit event): the central service checks the lead's right to
make it when it is pushed, and the families' devices follow (the old worker's device
hands over its unsent changes, then purges; the new worker's pulls them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import HearthError, ValidationFailed
from app.records import writes as records
from app.records.live import live_family
from app.store.caseload_store import Profile
from db.models import Family

ALLOCATING_ROLES = frozenset({"team_lead", "administrator"})
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


class NotAllowedToReallocate(HearthError):
    def __init__(self) -> None:
        super().__init__(
            "Only a team lead or an administrator can move a family to another worker."
        )


@dataclass(frozen=True)
class Worker:
    username: str
    name: str  # as shown: the profile's name for this worker, else from the username
    open_families: int


ANOTHER_WORKER = "Another worker"


@functools.lru_cache(maxsize=4096)
def shown_name(username: str) -> str:
    """"claire.morris" shown as "Claire Morris" (a username is all a store knows of a
    colleague); one that reads as no name ("e1234") as "Another worker", never as
    itself. (Remembered: a team table of thousands of lines asks for the same few
    names again and again.)"""
    parts = [p for p in re.split(r"[._-]", username.split("@")[0]) if p]
    if not parts or not all(p.isalpha() for p in parts):
        return ANOTHER_WORKER
    return " ".join(p.capitalize() for p in parts)


def worker_words(username: str, me: Profile) -> str:
    """A family's worker as a screen shows them: this store's worker by name and role
    ("Sam Lee, Family support worker (you)"), a colleague by name, or "Not allocated"."""
    if not username:
        return "Not allocated"
    if username == me.username:
        return f"{me.name}, {me.role_label} (you)"
    return shown_name(username)


def team_workers(session: Session, actor: Profile) -> tuple[Worker, ...]:
    """The workers this store knows of (everyone families are allocated to, and the
    store's own worker), with how many open families each holds; by name."""
    counts: dict[str, int] = {actor.username: 0}
    rows = session.execute(
        select(Family.allocated_to, Family.status).where(Family.deleted.is_(False))
    )
    for username, status in rows:
        if not username:
            continue
        counts.setdefault(username, 0)
        if status != "closed":
            counts[username] += 1
    workers = (
        Worker(u, actor.name if u == actor.username else shown_name(u), n)
        for u, n in counts.items()
    )
    return tuple(sorted(workers, key=lambda w: w.name.lower()))


def reallocate(
    session: Session, actor: Profile, family_ids: Sequence[str], to_username: str
) -> int:
    """Allocate each family to ``to_username``; return how many moved (one already
    with that worker is left as it is)."""
    if actor.role not in ALLOCATING_ROLES:
        raise NotAllowedToReallocate()
    to_username = to_username.strip()
    if not USERNAME.match(to_username):
        raise ValidationFailed({"worker": "Choose the worker, or type their username."})
    if not family_ids:
        raise ValidationFailed({"": "Choose the families to move."})
    moved = 0
    for family_id in dict.fromkeys(family_ids):
        family = live_family(session, family_id)
        if records.update(session, actor, family, allocated_to=to_username):
            moved += 1
    return moved
