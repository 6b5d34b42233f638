"""Runs store work off the UI thread and hands results back on it.

One writer thread serves the store (SQLite has one writer; a single worker
means no lock contention); a small pool serves key derivation, network and PDF
work. A task is a plain function; its result or its error comes back to a callback on
the main thread (``ui.shell.main_thread_queue``). Nothing here touches a widget.

A store task's transaction also returns what it changed (:mod:`app.records.changes`);
``changes`` broadcasts it on the main thread, before the task's own callback, so every
view refreshes only what concerns it and nothing reloads after a load.

Any thread may submit (the sync thread does): the count of tasks under way is kept
under a lock, and ``busy_changed`` is only ever emitted on the main thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.errors import HearthError, StoreLocked, StoreNotWritable, UnexpectedProblem, described

from ui.shell.main_thread_queue import MainThreadQueue

if TYPE_CHECKING:  # imported when a store opens: the unlock dialog shows before SQLAlchemy
    from app.records.changes import Changes
    from app.store.caseload_store import Store

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


_NOT_WRITABLE = ("readonly", "read-only", "disk is full", "disk i/o error", "unable to open")


def as_problem(exc: BaseException) -> HearthError:
    """An unexpected error as something to tell the worker (never its text: it can hold
    what they typed)."""
    if isinstance(exc, OSError) or _from_the_database(exc):
        words = str(getattr(exc, "orig", None) or exc).lower()
        if isinstance(exc, OSError) or any(word in words for word in _NOT_WRITABLE):
            return StoreNotWritable()
    return UnexpectedProblem()


def _from_the_database(exc: BaseException) -> bool:
    """Whether the database driver raised ``exc`` (looked up, not imported: without an
    open store SQLAlchemy has raised nothing)."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.DBAPIError)


def _call(delivery: tuple[Callback, Any]) -> None:
    """A result handed back: its callback called with it (on the main thread)."""
    callback, value = delivery
    callback(value)


class TaskRunner(QObject):
    """The UI's one way to reach the store, and to run slow work in the background.

    ``busy_changed`` says whether any task is under way (for a status indicator);
    ``failed`` carries the message of an unexpected error no callback handled;
    ``changes`` carries the :class:`~app.records.changes.Changes` of each store task that
    changed something (and of each sync, see :meth:`broadcast`).
    """

    busy_changed = Signal(bool)
    failed = Signal(str)
    changes = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Always queued, from the main thread too: a task the store thread finished before
        # its callback was even registered (a busy machine can pause the main thread
        # between the two) is then handed back on a later turn of the event loop, like
        # any other, never in the middle of the code that submitted it. (Delivered there,
        # a tab's consent arrived before the next tab had been given its family, and was
        # dropped.)
        self._relay = MainThreadQueue(_call)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hearth-store")
        self._pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="hearth-pool")
        self.store: Store | None = None
        self._pending = 0  # tasks submitted whose callbacks have not run yet
        self._pending_lock = threading.Lock()
        self._published_busy = False  # what busy_changed last said (main thread only)
        self._stopped = False

    # -- submitting ---------------------------------------------------------

    def run_store(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callback | None = None,
        error: Callable[[HearthError], None] | None = None,
    ) -> Future[Any]:
        """Run ``fn(session, *args)`` in one transaction on the store's thread; say
        what it changed (``changes``), then hand its result to ``done``."""

        made: list[Changes] = []

        def work() -> Any:
            from app.records.changes import tracked

            store = self.store
            if store is None or not store.is_open:
                raise StoreLocked()
            started = time.perf_counter()
            result, changes = store.run(tracked(fn), *args)
            made.append(changes)
            log.debug("store task %s: %.0f ms", getattr(fn, "__qualname__", "task"),
                      (time.perf_counter() - started) * 1000)  # its name, never its values
            return result

        def finished(result: Any) -> None:
            for changes in made:
                self.broadcast(changes)
            if done is not None:
                done(result)

        return self._submit(self._writer, work, finished, error)

    def broadcast(self, changes: Changes) -> None:
        """Tell every view what changed (main thread only; nothing when nothing did)."""
        if not changes.is_empty:
            self.changes.emit(changes)

    def run_on_store_thread(
        self,
        fn: Callable[[], Any],
        done: Callback | None = None,
        error: Callable[[HearthError], None] | None = None,
    ) -> Future[Any]:
        """Run ``fn()`` on the store's thread, outside any transaction (open, close, lock)."""
        return self._submit(self._writer, fn, done, error)

    def run_background(
        self,
        fn: Callable[[], Any],
        done: Callback | None = None,
        error: Callable[[HearthError], None] | None = None,
    ) -> Future[Any]:
        """Run ``fn()`` on the pool (network, key derivation, PDFs)."""
        return self._submit(self._pool, fn, done, error)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], Any],
        done: Callback | None,
        error: Callable[[HearthError], None] | None,
    ) -> Future[Any]:
        if self._stopped:
            # The window is closing: nothing more runs, and nobody is waiting for it.
            future: Future[Any] = Future()
            future.cancel()
            return future
        self._count(+1)
        future = executor.submit(fn)

        def finished(fut: Future[Any]) -> None:
            exc = fut.exception()
            if exc is None:
                if done is not None:
                    self._relay.put((done, fut.result()))
            elif isinstance(exc, HearthError) and error is not None:
                self._relay.put((error, exc))
            elif error is not None:
                # A fault, not bad input: logged by kind and place, and handed to the
                # caller as a sentence, so a "Saving…" never stays and what was typed stays.
                log.error("task failed: %s", described(exc))
                self._relay.put((error, as_problem(exc)))
            else:
                log.error("task failed: %s", described(exc))
                message = exc.message if isinstance(exc, HearthError) else (
                    "Something went wrong and the action was not completed. "
                    "Nothing you saved before was lost."
                )
                self._relay.put((self._report_failure, message))
            # after the callbacks above: busy until they have run
            self._relay.put((self._count, -1))

        future.add_done_callback(finished)
        return future

    def _report_failure(self, message: str) -> None:
        self.failed.emit(message)

    def _count(self, delta: int) -> None:
        """Count a task in or out, from any thread; say so on the main thread."""
        with self._pending_lock:
            self._pending += delta
        # Queued from every thread: the main thread then reads the count as it is when
        # it gets there, so it never says busy after the last task, whatever order the
        # threads counted in.
        self._relay.put((self._publish_busy, None))

    def _publish_busy(self, _: object) -> None:
        busy = self.is_busy
        if busy != self._published_busy:
            self._published_busy = busy
            self.busy_changed.emit(busy)

    @property
    def is_busy(self) -> bool:
        with self._pending_lock:
            return self._pending > 0

    def shutdown(self) -> None:
        """Finish queued store work (so nothing typed is lost), then stop the threads."""
        self._stopped = True
        self._writer.shutdown(wait=True)
        self._pool.shutdown(wait=True, cancel_futures=True)
