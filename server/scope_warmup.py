"""A scope's count and digest worked out ahead, while a device pulls its first pages.

The last page of a pull carries the scope's count and digest (server.scope_check).
For a scope this process has not worked out before (a new laptop's first sync, say)
that means reading every record in it, 100,000 for a team lead of a large team,
after the last page's records are read and before the device gets any of it. So
when a pull starts from the beginning (cursor 0) and has more pages to come, the
scope is worked out here, on a thread of its own, while the device fetches and
stores the pages between; by the last page only the changes since are read
(``scope_check`` brings a kept result up to date, or works it out again in full if
anything is in doubt).

Nothing depends on it: it is worked out at most once at a time per scope, from its
own session and snapshot, and a failure here (the database busy, the service
stopping) is noted by its kind alone and leaves the last page to work it out as
before. Each process keeps its own results, so with several workers the last page
may land on a process that did not work it out ahead; it then works it out itself.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from server.db import current_seq, read_only_snapshot
from server.scope import Caller
from server.scope_check import scope_key, scope_summary

log = logging.getLogger("hearth.server")


class ScopeWarmer:
    """Works out scopes ahead (:meth:`ahead`), one at a time, each scope once at a time."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="hearth-scope-ahead")
        self._lock = threading.Lock()
        self._waiting: set[tuple[str, ...]] = set()
        self._closed = False

    def ahead(self, caller: Caller) -> Future[None] | None:
        """Work out ``caller``'s scope on the warmer's thread, unless it is being worked out
        already (or the warmer is shut down); the future is for tests to wait on."""
        key = scope_key(caller)
        with self._lock:
            if self._closed or key in self._waiting:
                return None
            self._waiting.add(key)
            try:
                return self._executor.submit(self._work_out, caller, key)
            except RuntimeError:  # shut down meanwhile
                self._waiting.discard(key)
                return None

    def _work_out(self, caller: Caller, key: tuple[str, ...]) -> None:
        try:
            with self._sessions() as session:
                read_only_snapshot(session)
                scope_summary(session, caller, current_seq(session))
                session.rollback()  # it only read
        except Exception as exc:  # noqa: BLE001 - only ahead of time: the last page works it out
            log.warning("a scope could not be worked out ahead of its last page (%s)",
                        type(exc).__name__)
        finally:
            with self._lock:
                self._waiting.discard(key)

    def shutdown(self, wait: bool = False) -> None:
        """Work out nothing more; what is being worked out finishes on its own (``wait``:
        before this returns)."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=True)
