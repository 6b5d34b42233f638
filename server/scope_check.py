"""The count and digest of a caller's scope, given on the last page of every pull.

Computing it means reading every record in scope (100,000 for a team lead of a
large team), so each process keeps the last result per scope and brings it up
to date from the records changed since (their ``seq`` is above the one it was
computed at). The database stays the truth: a cached entry is only used with
the change counter and the set of families it was made from, and anything in
doubt is computed again in full. The result is always exactly
``app.sync.protocol.scope_digest`` over the scope.
"""

from __future__ import annotations

import bisect
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import Engine, bindparam, select
from sqlalchemy.orm import Session

from app.sync.protocol import digest_line, digest_of_lines
from db.plain_rows import plain_rows
from server.models import Record
from server.scope import Caller, scoped_families

MAX_SCOPES = 64
# Below this many changes since the cached state, update it; above, read it all again.
MAX_DELTA = 20_000


@dataclass
class _Entry:
    seq: int
    families: frozenset[str]
    versions: dict[tuple[str, str], int]
    lines: list[str]  # sorted "entity:id:version"
    count: int
    digest: str


# Per database (engine), per scope; an engine that goes away takes its entries along.
_caches: weakref.WeakKeyDictionary[Engine, OrderedDict[tuple[str, ...], _Entry]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def scope_key(caller: Caller) -> tuple[str, ...]:
    if caller.is_admin:
        return ("admin",)
    if caller.role == "team_lead":
        return ("team_lead", caller.team or "", caller.username)
    return ("worker", caller.username)


def _in_scope(caller: Caller, families: frozenset[str], family_id: str | None, owner: str) -> bool:
    if caller.is_admin:
        return True
    if family_id is None:
        return owner == caller.username
    return family_id in families


def _full(session: Session, caller: Caller, families: frozenset[str], seq: int) -> _Entry:
    query = select(Record.entity, Record.id, Record.version)
    # The driver's own rows: a large scope is 100,000 of them (db.plain_rows).
    connection = session.connection()
    if caller.is_admin:
        rows = plain_rows(connection, query)
    else:
        # Two queries, not one with OR: each then runs from its own (covering) index.
        rows = plain_rows(connection, query.where(
            Record.family_id.in_(scoped_families(caller).scalar_subquery())))
        rows += plain_rows(connection, query.where(
            Record.family_id.is_(None), Record.owner == caller.username))
    versions = {(entity, rid): version for entity, rid, version in rows}
    lines = [digest_line(entity, rid, version) for (entity, rid), version in versions.items()]
    count, digest = digest_of_lines(lines)  # sorts the lines, kept sorted for updates
    return _Entry(seq, families, versions, lines, count, digest)


# What changed after ``:seq`` (any scope: the caller's is picked out below).
_CHANGED_SINCE = (
    select(Record.entity, Record.id, Record.version, Record.family_id, Record.owner)
    .where(Record.seq > bindparam("seq"))
    .limit(MAX_DELTA + 1)
)


def _updated(session: Session, caller: Caller, entry: _Entry, seq: int) -> _Entry | None:
    changed = plain_rows(session.connection(), _CHANGED_SINCE, {"seq": entry.seq})
    if len(changed) > MAX_DELTA:
        return None
    if not changed:
        return _Entry(seq, entry.families, entry.versions, entry.lines, entry.count, entry.digest)
    versions = dict(entry.versions)
    lines = list(entry.lines)
    for entity, rid, version, family_id, owner in changed:
        key = (entity, rid)
        old = versions.pop(key, None)
        if old is not None:
            at = bisect.bisect_left(lines, digest_line(entity, rid, old))
            del lines[at]
        if _in_scope(caller, entry.families, family_id, owner):
            versions[key] = version
            bisect.insort(lines, digest_line(entity, rid, version))
    count, digest = digest_of_lines(lines)  # sorted already: the sort costs nothing
    return _Entry(seq, entry.families, versions, lines, count, digest)


def scope_summary(session: Session, caller: Caller, seq: int) -> tuple[list[str], int, str]:
    """(families in scope, count, digest) as of change ``seq`` (read in the same snapshot)."""
    # Both reads, like the rest of a pull's, as the driver's rows (db.plain_rows).
    families = frozenset(f for (f,) in plain_rows(session.connection(), scoped_families(caller)))
    key = scope_key(caller)
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with _lock:
        cache = _caches.setdefault(engine, OrderedDict())
        cached = cache.get(key)
    entry = None
    if cached is not None and cached.families == families and cached.seq <= seq:
        entry = _updated(session, caller, cached, seq)
    if entry is None:
        entry = _full(session, caller, families, seq)
    with _lock:
        current = cache.get(key)
        if current is None or current.seq <= entry.seq:
            cache[key] = entry
            cache.move_to_end(key)
            while len(cache) > MAX_SCOPES:
                cache.popitem(last=False)
    return sorted(families), entry.count, entry.digest


def forget() -> None:
    """Drop every cached scope (tests; a restored database)."""
    with _lock:
        _caches.clear()
