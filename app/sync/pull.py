"""Pull, one transaction per page: purges first, then each record checked, parked until its
parents arrive, stored (parents before children) or set aside; the cursor advances with it."""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from app.store.caseload_store import write_meta
from app.sync.custody import back_in_scope, purge_due, purge_when_safe
from app.sync.new_rows import NewRecords, insert_rows
from app.sync.protocol import ENTITIES
from app.sync.pulled_columns import Checked, Row, checked_group
from app.sync.pulled_rows import apply_changes
from app.sync.pulled_values import stored_values
from app.sync.set_aside import set_aside, take_back
from app.sync.status import META_CURSOR
from app.sync.synced_rows import (
    chunks,
    foreign_keys,
    load_records,
    models_parents_first,
    pending_fields,
    present_values,
    unique_columns,
)
from app.sync.transport import PullPage
from db.models import SYNCED_MODELS, OutboxOp, SyncColumns, SyncParked, synced_model

log = logging.getLogger(__name__)

# Pulled values per record and their records per model, as checked against the declared types.
Values = dict[tuple[str, str], Checked]
ByModel = dict[type[SyncColumns], list[dict[str, Any]]]
Taken = dict[tuple[type[SyncColumns], str], dict[Any, str]]


@dataclass(frozen=True)
class PageResult:
    applied: int
    parked: int
    purged: int
    set_aside: int = 0


# What the database may raise for one pulled record it cannot hold.
_STORE_REFUSALS = (sa_exc.IntegrityError, sa_exc.DataError, sa_exc.InterfaceError,
                   sa_exc.ProgrammingError, OverflowError, ValueError, TypeError)


def fresh_store(session: Session) -> bool:
    """Whether this store holds no synced record and no waiting op (before a first sync)."""
    if session.scalar(select(OutboxOp.seq).limit(1)) is not None:
        return False
    return all(session.scalar(select(model.id).limit(1)) is None for model in SYNCED_MODELS)


def apply_page(
    session: Session, page: PullPage, brought: set[tuple[str, str]] | None = None
) -> PageResult:
    """Apply one pulled page and advance the cursor, in the caller's (one) transaction.

    ``brought``: on a pull into a :func:`fresh_store`, the (entity, id) of every record the
    pull has brought so far (this page's are added). Only those can be here already: the
    others are new, so they are not looked for one by one (the store, a first sync, does
    not hold them; what the worker makes meanwhile has ids of its own)."""
    # Families whose changes the server has all taken since they were named go now; a
    # family named on this page goes once its waiting changes are taken (sync_custody).
    purged = purge_due(session)
    if page.scope is not None:
        back_in_scope(session, page.scope.get("families") or [])
    back_in_scope(session, (_family_of_change(c) for c in page.changes))
    purged += purge_when_safe(session, page.purge)
    candidates = _candidates(session, page)
    take_back(session, candidates)
    values_of, by_model, set_aside_now = _checked(session, candidates, page.checked)
    held = values_of.keys() if brought is None else [k for k in values_of if k in brought]
    pending = pending_fields(session, held)
    existing = load_records(session, held)  # a few queries, not one per record
    if brought is not None:
        brought.update(values_of)
    taken = _unique_values_taken(session, by_model)
    applied = parked_count = 0
    for model in models_parents_first():
        changes = sorted(by_model.get(model, []), key=lambda c: c["seq"])
        if not changes:
            continue
        storable, parked = _park_orphans(session, model, changes)
        parked_count += parked
        stored, refused = _store_changes(session, model, storable, values_of, pending, taken,
                                         existing)
        applied += stored
        set_aside_now += refused
    write_meta(session, META_CURSOR, str(page.next_cursor))
    return PageResult(applied=applied, parked=parked_count, purged=purged,
                      set_aside=set_aside_now)


def _candidates(session: Session, page: PullPage) -> dict[tuple[str, str], dict[str, Any]]:
    """This page and everything parked earlier (now unparked); the newest version wins."""
    candidates: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, record_id, held_change in session.execute(
        select(SyncParked.entity, SyncParked.record_id, SyncParked.change)
    ):
        candidates[(entity, record_id)] = held_change
    session.execute(delete(SyncParked).execution_options(synchronize_session=False))
    for change in page.changes:
        key = (change["entity"], change["id"])
        held = candidates.get(key)
        if held is None or change["version"] >= held["version"]:
            candidates[key] = change
    return candidates


def checked_ahead(page: PullPage) -> PullPage:
    """The page with its records' column values worked out (app.sync.pulled_columns), for
    the thread that fetches pages to do while the store writes the page before it: the
    checks are Python, the store's writing is mostly not. A type with anything unusual
    among its records is left for :func:`apply_page`."""
    checked: dict[tuple[str, str], tuple[dict[str, Any], Row]] = {}
    for entity, changes in _by_entity(page.changes).items():
        spec = ENTITIES.get(entity)
        together = None if spec is None else checked_group(spec, changes)
        if together is not None:
            checked.update(zip(zip(repeat(entity), map(itemgetter("id"), changes)),
                               zip(changes, together.rows(), strict=True), strict=True))
    return dataclasses.replace(page, checked=checked)


def _by_entity(changes: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        groups[change["entity"]].append(change)
    return groups


def _checked(
    session: Session, candidates: dict[tuple[str, str], dict[str, Any]],
    ahead: dict[tuple[str, str], tuple[dict[str, Any], Row]],
) -> tuple[Values, ByModel, int]:
    """Each record checked against its declared types first: one that does not fit is set
    aside (sync_set_aside), and the rest go on; return them and how many were set aside.

    The records of each type are checked together (app.sync.pulled_columns), or were
    ahead of time (``ahead``: :func:`checked_ahead`); a type with anything unusual among
    them is checked record by record."""
    values_of: Values = {}
    by_model: ByModel = defaultdict(list)
    set_aside_now = 0
    for entity, changes in _by_entity(candidates.values()).items():
        keys = list(zip(repeat(entity), map(itemgetter("id"), changes)))
        known = [ahead.get(key) for key in keys]
        together: list[Row] | None = None
        if all(k is not None and k[0] is change for k, change in zip(known, changes, strict=True)):
            together = [k[1] for k in known if k is not None]
        elif (spec := ENTITIES.get(entity)) is not None and (
                group := checked_group(spec, changes)) is not None:
            together = group.rows()
        if together is not None:
            values_of.update(zip(keys, together, strict=True))
            by_model[synced_model(entity)].extend(changes)
            continue
        for key, change in zip(keys, changes, strict=True):
            values, problem = stored_values(change)
            if values is None:
                set_aside(session, change, problem or "it does not fit")
                set_aside_now += 1
                continue
            values_of[key] = values
            by_model[synced_model(entity)].append(change)
    return values_of, by_model, set_aside_now


def _park_orphans(
    session: Session, model: type[SyncColumns], changes: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """Park the changes whose parents are not here yet; return the rest and how many parked."""
    missing = _missing_parents(session, model, changes)
    storable = []
    parked = 0
    for change in changes:
        if change["id"] in missing:
            session.add(
                SyncParked(
                    entity=change["entity"],
                    record_id=change["id"],
                    family_id=change.get("family_id"),
                    version=change["version"],
                    change=change,
                )
            )
            parked += 1
        else:
            storable.append(change)
    return storable, parked


def _unique_values_taken(session: Session, by_model: ByModel) -> Taken:
    """For each unique column, which local record holds each incoming value (clash check)."""
    taken: dict[tuple[type[SyncColumns], str], dict[Any, str]] = {}
    for model, changes in by_model.items():
        for key in unique_columns(model):
            wanted = sorted({c["data"].get(key) for c in changes} - {None}, key=str)
            column = getattr(model, key)
            holders: dict[Any, str] = {}
            for chunk in chunks(wanted):
                holders.update(
                    (value, rid) for value, rid in session.execute(
                        select(column, model.id).where(column.in_(chunk)))
                )
            taken[(model, key)] = holders
    return taken


def _family_of_change(change: dict[str, Any]) -> Any:
    spec = ENTITIES.get(change["entity"])
    if spec is not None and spec.sync.family_key == "id":
        return change["id"]
    return change.get("family_id")


def _store_changes(
    session: Session,
    model: type[SyncColumns],
    changes: list[dict[str, Any]],
    values_of: Values,
    pending: dict[tuple[str, str], set[str]],
    taken: Taken,
    existing: dict[tuple[str, str], SyncColumns],
) -> tuple[int, int]:
    """Store one record type's changes; return (new to this store, set aside).

    All together first, inside a savepoint; if the database refuses any of them (a
    constraint), each is stored on its own and the ones it refuses are set aside."""

    def store(group: list[dict[str, Any]]) -> int:
        inserts: NewRecords = {}
        with session.begin_nested():
            fresh = apply_changes(session, model, group, values_of, pending, taken, existing,
                                  inserts)
            insert_rows(session, model, inserts)
            session.flush()
        return fresh

    if not changes:
        return 0, 0
    try:
        return store(changes), 0
    except _STORE_REFUSALS:
        log.info("the store refused part of a page of %s; storing them one by one",
                 model.__sync__.entity)
    fresh = refused = 0
    for change in changes:
        try:
            fresh += store([change])
        except _STORE_REFUSALS as exc:
            set_aside(session, change, f"this store refused it ({type(exc).__name__})")
            refused += 1
    return fresh, refused


def _missing_parents(
    session: Session, model: type[SyncColumns], changes: list[dict[str, Any]]
) -> set[str]:
    """Ids of the changes whose foreign keys point at rows not (yet) in this store."""
    missing: set[str] = set()
    for attr, _table, column in foreign_keys(model):
        present = present_values(session, column, {c["data"].get(attr) for c in changes})
        for change in changes:
            value = change["data"].get(attr)
            if value is not None and value not in present:
                missing.add(change["id"])
    return missing
