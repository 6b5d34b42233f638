"""Change notices: what one unit of work changed, so each view refreshes only what
concerns it (as Anki's ``OpChanges`` does).

Every synced write goes through :mod:`app.records.writes`, and every record pulled from
the service through :mod:`app.sync.pulled_rows`; both :func:`note` the kind of record
(its sync entity: ``"family"``, ``"level_change"``, ``"visit"``…) and its family in the
session. :func:`tracked` wraps a service so that the transaction returns, beside the
service's own result, the :class:`Changes` it made. The task runner broadcasts them
(``TaskRunner.changes``); a view asks :meth:`Changes.touches` whether to reload.

A load writes nothing, so it changes nothing: its notice is empty and nobody reloads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")

_KEY = "hearth.changes"
AUDIT = "audit_event"

# The kinds of record the family page shows itself (header, household, agencies, levels).
FAMILY_RECORDS = frozenset({"family", "person", "agency_involvement", "level_change"})


@dataclass(frozen=True)
class Changes:
    """The kinds of record a transaction wrote, per family.

    ``by_family`` maps a family id to the entities changed in it; ``entities`` holds
    every entity changed (records without a family included); ``audited`` says an audit
    event was written (an audit event alone changes nothing anybody sees); ``local`` says
    a change was made here, with operations waiting to be sent (not only pulled by sync).
    """

    by_family: Mapping[str, frozenset[str]] = field(default_factory=dict)
    entities: frozenset[str] = frozenset()
    audited: bool = False
    local: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.entities

    @property
    def wrote(self) -> bool:
        return bool(self.entities) or self.audited

    @property
    def families(self) -> frozenset[str]:
        return frozenset(self.by_family)

    def touches(self, family_id: str | None, entities: Collection[str] = ()) -> bool:
        """Whether the family changed (in one of ``entities``, when given)."""
        if family_id is None:
            return False
        changed = self.by_family.get(family_id)
        if not changed:
            return False
        return not entities or not changed.isdisjoint(entities)

    def any_of(self, entities: Collection[str]) -> bool:
        """Whether any record of these kinds changed, in any family."""
        return not self.entities.isdisjoint(entities)

    def __or__(self, other: Changes) -> Changes:
        merged: dict[str, frozenset[str]] = dict(self.by_family)
        for family_id, entities in other.by_family.items():
            merged[family_id] = merged.get(family_id, frozenset()) | entities
        return Changes(
            MappingProxyType(merged),
            self.entities | other.entities,
            self.audited or other.audited,
            self.local or other.local,
        )


NOTHING = Changes()


class _Collector:
    def __init__(self) -> None:
        self.by_family: dict[str, set[str]] = {}
        self.entities: set[str] = set()
        self.audited = False
        self.local = False

    def changes(self) -> Changes:
        return Changes(
            MappingProxyType({k: frozenset(v) for k, v in self.by_family.items()}),
            frozenset(self.entities),
            self.audited,
            self.local,
        )


def _collector(session: Session) -> _Collector:
    found = session.info.get(_KEY)
    if found is None:
        found = session.info[_KEY] = _Collector()
    assert isinstance(found, _Collector)
    return found


def note(session: Session, entity: str, family_id: str | None, *, local: bool = True) -> None:
    """Say that a record of ``entity`` changed in ``family_id`` in this transaction
    (``local``: made here, to be sent; False for what sync brought or removed)."""
    note_many(session, entity, (family_id,), local=local)


def note_many(session: Session, entity: str, family_ids: Iterable[str | None], *,
              local: bool = True) -> None:
    """:func:`note` for many records of ``entity`` (their families, None for none) at once."""
    collector = _collector(session)
    collector.local = collector.local or local
    if entity == AUDIT:
        collector.audited = True
        return
    collector.entities.add(entity)
    by_family = collector.by_family
    for family_id in family_ids:
        if family_id is not None:
            by_family.setdefault(family_id, set()).add(entity)


def collected(session: Session) -> Changes:
    """What this transaction has changed so far."""
    found = session.info.get(_KEY)
    return found.changes() if isinstance(found, _Collector) else NOTHING


def tracked(fn: Callable[..., T]) -> Callable[..., tuple[T, Changes]]:
    """``fn(session, *args)`` returning its result and the changes it made."""

    @functools.wraps(fn)
    def run(session: Session, *args: Any) -> tuple[T, Changes]:
        session.info.pop(_KEY, None)
        result = fn(session, *args)
        return result, collected(session)

    return run
