"""Runs store work off the UI thread and hands results back on it.

One writer thread serves the store (SQLite has one writer; a single worker
means no lock contention); a small pool serves key derivation, network and PDF
work. A task is a plain function; its result or its error comes back through a
Qt signal to a callback on the main thread. Nothing here touches a widget.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.errors import HearthError
from app.store.caseload_store import Store

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class _Relay(QObject):
    """Lives on the main thread; queued signals bring results back to it."""

    delivered = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, callback: Callback, value: Any) -> None:
        callback(value)


class TaskRunner(QObject):
    """The UI's one way to reach the store, and to run slow work in the background.

    ``busy_changed`` says whether any task is under way (for a status indicator);
    ``failed`` carries the message of an unexpected error no callback handled.
    """

    busy_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._relay = _Relay()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hearth-store")
        self._pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="hearth-pool")
        self.store: Store | None = None
        self._pending = 0
        self._stopped = False

    # -- submitting ---------------------------------------------------------

    def run_store(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callback | None = None,
        error: Callable[[HearthError], None] | None = None,
    ) -> Future[Any]:
        """Run ``fn(session, *args)`` in one transaction on the store's thread."""

        def work() -> Any:
            store = self.store
            if store is None or not store.is_open:
                from app.errors import StoreLocked

                raise StoreLocked()
            return store.run(fn, *args)

        return self._submit(self._writer, work, done, error)

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
        self._set_pending(+1)
        future = executor.submit(fn)

        def finished(fut: Future[Any]) -> None:
            exc = fut.exception()
            if exc is None:
                if done is not None:
                    self._relay.delivered.emit(done, fut.result())
            elif isinstance(exc, HearthError) and error is not None:
                self._relay.delivered.emit(error, exc)
            else:
                log.error(
                    "task failed: %s",
                    "".join(traceback.format_exception_only(type(exc), exc)).strip(),
                )
                message = exc.message if isinstance(exc, HearthError) else (
                    "Something went wrong and the action was not completed. "
                    "Nothing you saved before was lost."
                )
                self._relay.delivered.emit(self._report_failure, message)
            self._relay.delivered.emit(self._set_pending, -1)

        future.add_done_callback(finished)
        return future

    def _report_failure(self, message: str) -> None:
        self.failed.emit(message)

    def _set_pending(self, delta: int) -> None:
        before = self._pending
        self._pending += delta
        if (before == 0) != (self._pending == 0):
            self.busy_changed.emit(self._pending > 0)

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def shutdown(self) -> None:
        """Finish queued store work (so nothing typed is lost), then stop the threads."""
        self._stopped = True
        self._writer.shutdown(wait=True)
        self._pool.shutdown(wait=True, cancel_futures=True)
