"""The client side of sync: push the outbox, pull changes, keep both sides agreeing.

Generic: nothing here knows a record type. Every synced model is found through
``db.models.SYNCED_MODELS`` and its ``__sync__`` declaration, and every field
through ``app.sync.protocol.ENTITIES``; a record type that later work adds takes
part by declaration alone.

How one sync runs (:meth:`SyncEngine.sync`):

1. **Push** the outbox in ``seq`` order, in batches of at most ``MAX_PUSH_OPS``.
   A batch holds at most one op per record (the earliest waiting one), because
   the next op of that record must be sent against the version the server gives
   the first. Ops are never merged: every value entered here reaches the server
   and its history. Resending an op whose answer was lost is safe because the
   server answers a known ``op_id`` with its stored result.
   An op leaves the outbox only when acknowledged, in the same transaction as
   its effects: the record takes the returned version, the record's later ops
   are rebased on it, conflicts (and rejected changes) go to the local conflict
   queue with the server's value put back into the record. Each op carries
   ``made_at``, when the change was made here.
2. **Pull** pages from the stored cursor. Each page is applied in one
   transaction together with the new cursor, so an interrupted pull resumes at
   the last applied page. Purged families go first, but only once the server
   has every change made to them here (:mod:`app.sync.custody`). Each record is
   checked against its declared types (:mod:`app.sync.pulled_values`); one that does
   not fit, or that the database refuses, is set aside (:mod:`app.sync.set_aside`)
   and the rest is stored. Records are inserted or updated by id, parents
   before children; a field with a waiting local op is never overwritten; a
   record whose parent has not arrived yet is parked and stored as soon as it
   has. No outbox op or audit row is written for what is pulled.
3. **Check**: after the last page, the count and digest of the local synced
   records are compared with the server's scope (set-aside records count as
   held; families waiting to be purged do not). On a mismatch, families the
   server no longer gives are purged (on the same custody rule), the cursor
   goes back to 0 and everything is pulled again (once per sync).
4. **Conflicts** open on the server for this scope are fetched, so a conflict
   resolved on another device closes here too.

The steps live beside this module: :mod:`app.sync.push`, :mod:`app.sync.pull` (records
written by :mod:`app.sync.pulled_rows`, new ones in bulk by :mod:`app.sync.new_rows`),
:mod:`app.sync.scope_check`, the council's reference data (:mod:`app.sync.reference_fetch`);
the state kept in store_meta and what the status bar shows in :mod:`app.sync.status`.

A revoked device raises :class:`~app.sync.transport.DeviceRevoked`; the caller
closes the store and calls :func:`wipe_store`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select

from app.collector_pause import collector_paused
from app.records.changes import NOTHING, Changes, tracked
from app.store.caseload_store import read_meta
from app.store.recovery import StoreSealer
from app.store.wipe import wipe_store
from app.sync.conflict_intake import refresh_conflicts
from app.sync.custody import purge_due
from app.sync.http_client import HttpTransport
from app.sync.protocol import MAX_PUSH_OPS
from app.sync.pull import PageResult, apply_page, checked_ahead, fresh_store
from app.sync.pulled_values import instant
from app.sync.push import AckCounts, apply_acks, next_batch
from app.sync.recovery_sealing import Sealer, seal_if_needed
from app.sync.reference_fetch import REFERENCE_EVERY_SECONDS, fetch_reference
from app.sync.scope_check import local_digest, remember_check, reset_for_full_pull
from app.sync.status import (
    META_CURSOR,
    META_VERIFIED,
    META_VERIFIED_AT,
    credentials,
    finish,
    held_now,
    int_meta,
)
from app.sync.transport import DeviceRevoked, PullPage, SyncError, SyncTransport
from db.models import OutboxOp, utcnow

log = logging.getLogger(__name__)

# run(fn, *args) runs fn(session, *args) in one transaction on the store's thread.
StoreCall = Callable[..., Any]
T = TypeVar("T")
ProgressCallback = Callable[["SyncProgress"], None]

DEFAULT_PULL_LIMIT = 2000  # records per pull page (the protocol allows up to MAX_PULL_LIMIT)
# Records per page of a first sync (into an empty store): fewer, bigger pages, each still
# applied with its cursor, so a dropped connection costs at most one page.
FIRST_PULL_LIMIT = 10000


class SyncCancelled(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "Sync was stopped. Everything sent or received so far is kept; the next sync "
            "carries on from there."
        )


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class SyncProgress:
    """Where a sync is: ``phase`` is push, pull or check; ``total`` None when unknown."""

    phase: str
    done: int
    total: int | None = None

    @property
    def text(self) -> str:
        if self.phase == "push":
            return f"Sending changes: {self.done} of {self.total}"
        if self.phase == "pull":
            return f"Receiving: {self.done} records"
        return "Checking everything arrived"


@dataclass(frozen=True)
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    new_conflicts: int = 0
    rejected: int = 0
    purged_families: int = 0
    repulled: bool = False
    digest_ok: bool = True
    waiting: int = 0
    open_conflicts: int = 0
    last_synced: dt.datetime | None = None
    # The council's reference data (levels of need, agencies, forms): what this sync
    # installed, and anything of it that was refused (one line each).
    reference_changed: tuple[str, ...] = ()
    reference_problems: tuple[str, ...] = ()
    # Records from the service this store could not hold, kept aside (app.sync.set_aside):
    # how many there are now, and their record types.
    set_aside: int = 0
    set_aside_kinds: tuple[str, ...] = ()
    # Families no longer in this worker's caseload that stay until the server has every
    # change made to them here (app.sync.custody).
    purge_waiting: int = 0
    # The kinds of record this run changed, per family (for the views to refresh).
    changes: Changes = NOTHING

# ---------------------------------------------------------------- the engine

class SyncEngine:
    """One sync run against one transport. ``run(fn, *args)`` runs ``fn(session, *args)``
    in one transaction on the store's thread; network calls happen on the caller's
    thread, so the store stays free for the user between steps."""

    def __init__(
        self,
        run: StoreCall,
        transport: SyncTransport,
        *,
        push_batch: int = MAX_PUSH_OPS,
        pull_limit: int = DEFAULT_PULL_LIMIT,
        first_pull_limit: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        trust_last_check_for: float | None = None,
        reference_every: float | None = REFERENCE_EVERY_SECONDS,
        sealer: Sealer | None = None,
    ) -> None:
        """``trust_last_check_for``: seconds for which a matching scope check stays good
        when nothing has changed since (None: check after every sync). Background syncs
        use it so the store is not busy with a digest every few minutes.
        ``first_pull_limit``: records per page when pulling into an empty store (None:
        FIRST_PULL_LIMIT, unless the caller chose its own ``pull_limit``)."""
        self._store_call = run
        # Everything this run changed in the store (pulled records, purged families), for
        # the views to refresh what concerns them (app.records.changes).
        self.changes: Changes = NOTHING
        self.trust_last_check_for = trust_last_check_for
        # Seconds between fetches of the council's reference data (None: every sync).
        self.reference_every = reference_every
        # Seals the store's key to the council's recovery key when it has no sealed copy.
        self.sealer = sealer
        self.transport = transport
        self.push_batch = max(1, min(push_batch, MAX_PUSH_OPS))
        self.pull_limit = max(1, pull_limit)
        if first_pull_limit is None:
            first_pull_limit = FIRST_PULL_LIMIT if pull_limit == DEFAULT_PULL_LIMIT else pull_limit
        self.first_pull_limit = max(1, first_pull_limit)
        self.progress = progress
        self.cancel = cancel or threading.Event()
        # Whether this run changed any local record's version (then the digest is redone).
        self._touched = False
        # Families purged once the push had handed over their last waiting changes.
        self._purged_after_push = 0

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(session, *args)`` in one transaction on the store's thread."""
        result: T
        changes: Changes
        result, changes = self._store_call(tracked(fn), *args)
        self.changes = self.changes | changes
        return result

    def _report(self, phase: str, done: int, total: int | None = None) -> None:
        if self.progress is not None:
            self.progress(SyncProgress(phase, done, total))

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise SyncCancelled()

    def sync(self) -> SyncReport:
        pushed, new_conflicts, rejected = self.push()
        with collector_paused():
            pulled, purged, repulled, digest_ok = self.pull()
        new_conflicts += self.fetch_conflicts()
        installed = fetch_reference(self.run, self.transport, self.reference_every)
        seal_if_needed(self.sealer, self.transport)
        last, waiting, open_conflicts = self.run(finish)
        aside, aside_kinds, purge_waiting = self.run(held_now)
        return SyncReport(
            pushed=pushed,
            pulled=pulled,
            new_conflicts=new_conflicts,
            rejected=rejected,
            purged_families=purged + self._purged_after_push,
            repulled=repulled,
            digest_ok=digest_ok,
            waiting=waiting,
            open_conflicts=open_conflicts,
            last_synced=last,
            reference_changed=tuple(installed.changed),
            reference_problems=tuple(installed.problems),
            set_aside=aside,
            set_aside_kinds=aside_kinds,
            purge_waiting=purge_waiting,
            changes=self.changes,
        )

    def push(self) -> tuple[int, int, int]:
        total = int(self.run(lambda s: s.scalar(select(func.count()).select_from(OutboxOp))) or 0)
        pushed = conflicts = rejected = 0
        self._report("push", 0, total)
        while True:
            self._check_cancel()
            batch = self.run(next_batch, self.push_batch)
            if not batch:
                break
            results = self.transport.push(batch)
            counts: AckCounts = self.run(apply_acks, batch, results)
            if counts.acknowledged:
                self._touched = True
            pushed += counts.acknowledged
            conflicts += counts.new_conflicts
            rejected += counts.rejected
            self._report("push", pushed, max(total, pushed))
        # Families the server named for purge while changes to them were waiting here:
        # those changes are now with the server (sync_custody).
        purged = int(self.run(purge_due))
        if purged:
            self._touched = True
            self._purged_after_push += purged
        return pushed, conflicts, rejected

    def pull(self) -> tuple[int, int, bool, bool]:
        """Pull every page from the cursor, then check the scope digest (see the module)."""
        pulled = purged = 0
        repulled = False
        # A first sync into an empty store: bigger pages, and records known to be new.
        stored: set[tuple[str, str]] | None = set() if self.run(fresh_store) else None
        # The next page is fetched while this one is written, so the network and the
        # store work side by side; a page is only ever applied in cursor order.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hearth-pull") as fetcher:
            while True:
                cursor = self.run(int_meta, META_CURSOR)
                scope: dict[str, Any] | None = None
                self._check_cancel()
                # The first page at the usual size arrives soonest; the rest of a first
                # sync comes in bigger pages.
                limit = self.pull_limit if stored is None else self.first_pull_limit
                upcoming: Future[PullPage] = fetcher.submit(self._fetch, cursor,
                                                            self.pull_limit)
                while True:
                    page = upcoming.result()
                    self._check_cancel()
                    if page.has_more:
                        upcoming = fetcher.submit(self._fetch, page.next_cursor, limit)
                    result: PageResult = self.run(apply_page, page, stored)
                    pulled += result.applied
                    purged += result.purged
                    if result.applied or result.purged or result.parked:
                        self._touched = True
                    self._report("pull", pulled)
                    if not page.has_more:
                        scope = page.scope
                        break
                if scope is None:
                    return pulled, purged, repulled, True
                if self._same_as_last_check(scope):
                    return pulled, purged, repulled, True
                self._report("check", pulled)
                count, digest = self.run(local_digest)
                if count == scope["count"] and digest == scope["digest"]:
                    self.run(remember_check, f"{count}:{digest}")
                    return pulled, purged, repulled, True
                if repulled:
                    log.warning("local records still differ from the server's after a full pull")
                    return pulled, purged, repulled, False
                log.info("local records differ from the server's; pulling the whole scope again")
                repulled = True
                stored = None
                self._touched = True
                purged += self.run(reset_for_full_pull, scope.get("families"))

    def _fetch(self, cursor: int, limit: int) -> PullPage:
        """A page, its records' values checked ahead while the page before is written."""
        return checked_ahead(self.transport.pull(cursor, limit))

    def _same_as_last_check(self, scope: dict[str, Any]) -> bool:
        """Nothing here changed since the last matching check, and neither did the server's
        digest: the local digest would be the same, so it need not be worked out again."""
        if self._touched or self.trust_last_check_for is None:
            return False
        verified = self.run(read_meta, META_VERIFIED)
        if not verified or verified != f"{scope['count']}:{scope['digest']}":
            return False
        checked = instant(self.run(read_meta, META_VERIFIED_AT))
        return checked is not None and (
            utcnow() - checked
        ).total_seconds() < self.trust_last_check_for

    def fetch_conflicts(self) -> int:
        try:
            items = self.transport.conflicts()
        except DeviceRevoked:
            raise
        except SyncError as exc:
            log.info("could not fetch open conflicts: %s", exc.message)
            return 0
        return int(self.run(refresh_conflicts, items))


# ---------------------------------------------------------------- convenience for one store


def sync_store(
    store: Any,
    *,
    transport: SyncTransport | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    pull_limit: int = DEFAULT_PULL_LIMIT,
    reference_now: bool = False,
) -> SyncReport:
    """Sync an open :class:`app.store.caseload_store.Store` from this thread (the command line does this).
    ``reference_now``: fetch the council's reference data whenever it was last fetched.

    A revoked device: the store is closed and wiped, then DeviceRevoked is raised.
    """
    own = transport is None
    if transport is None:
        url, token = store.run(credentials)
        transport = HttpTransport(url, token)
    try:
        engine = SyncEngine(store.run, transport, progress=progress, cancel=cancel,
                            pull_limit=pull_limit, sealer=StoreSealer(store),
                            reference_every=None if reference_now else REFERENCE_EVERY_SECONDS)
        return engine.sync()
    except DeviceRevoked:
        store.close()
        wipe_store(store.folder)
        raise
    finally:
        if own:
            transport.close()  # type: ignore[attr-defined]
