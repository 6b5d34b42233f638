"""When to sync, and running it without blocking the window.

:class:`SyncController` syncs on start, every few minutes, a few seconds after
the worker changes something, and on "Sync now". A run happens on the task
runner's pool thread; each of its store steps is sent to the store's own
thread (one short transaction at a time), so the worker can keep typing while
a sync waits on the network. Progress is reported for a long first sync, which
can be stopped and later resumes where it stopped. Nothing here touches a
widget from a worker thread: results come back through the runner's signals.

:func:`ui.sync.sync_window.attach_sync` puts it in the main window, with the "Sync"
menu and the status bar widget.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from app.errors import HearthError
from app.store.recovery import StoreSealer
from app.store.wipe import wipe_store
from app.sync.engine import DEFAULT_PULL_LIMIT, SyncCancelled, SyncEngine, SyncReport
from app.sync.http_client import HttpTransport
from app.sync.reference_fetch import REFERENCE_EVERY_SECONDS, arrived_text, fetch_outcome
from app.sync.status import SyncStatus, credentials, sync_status
from app.sync.transport import DeviceRevoked, NotEnrolled, ServerUnreachable, SyncError

from ui.shell.main_thread_queue import MainThreadQueue
from ui.shell.task_runner import TaskRunner

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
# A background sync that changed nothing reuses a matching scope check this long.
RECHECK_AFTER_S = 3600.0


class _Stopped(Exception):
    """The store went away (locked or closed) while a sync was running."""


class SyncController(QObject):
    """Runs syncs for the runner's store. ``state`` is one of: not_connected, pending
    (connected, not synced since start), syncing, online, offline, stopped, error, locked.

    Signals (all on the main thread): ``status_changed(SyncStatus)``,
    ``state_changed(str, str)`` (state, message), ``progress(SyncProgress)``,
    ``finished(SyncReport)``, ``revoked(str)`` (the store has been wiped),
    ``reference_fetched(str, bool)`` (the answer to :meth:`fetch_reference_now`, in a few
    lines, and whether all went well).
    """

    status_changed = Signal(object)
    state_changed = Signal(str, str)
    progress = Signal(object)
    finished = Signal(object)
    revoked = Signal(str)
    reference_fetched = Signal(str, bool)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        interval_ms: int = 5 * MINUTE_MS,
        start_delay_ms: int = 1500,
        after_change_ms: int = 5000,
        status_poll_ms: int = 30_000,
        transport_factory: Callable[[str, str], Any] = HttpTransport,
        pull_limit: int = DEFAULT_PULL_LIMIT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.transport_factory = transport_factory
        self.pull_limit = pull_limit
        self.state = "not_connected"
        self.message = ""
        self.status: SyncStatus | None = None
        self.last_report: SyncReport | None = None
        self._running = self._again = False
        self._cancel = threading.Event()
        self._transport: Any = None
        self._waiting_seen = 0
        self._started = False
        # "Fetch the council's settings now": wanted (for the next run), and this run's.
        self._reference_wanted = self._reference_run = False

        self._interval = QTimer(self)
        self._interval.setInterval(interval_ms)
        self._interval.timeout.connect(self.sync_now)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self.sync_now)
        self._start_delay_ms, self._after_change_ms = start_delay_ms, after_change_ms
        self._poll = QTimer(self)
        self._poll.setInterval(status_poll_ms)
        self._poll.timeout.connect(self.refresh_status)
        # Told from the pool thread; said on the main thread.
        self._progress_from_worker = MainThreadQueue(self.progress.emit, self)

    # -- control --------------------------------------------------------------

    def start(self) -> None:
        """Begin: read the status; once connected, sync shortly after and every few minutes."""
        self._started = True
        self._poll.start()
        self.refresh_status()

    def stop(self) -> None:
        """Stop the timers and any sync under way (it resumes next time)."""
        self._started = False
        self._interval.stop()
        self._poll.stop()
        self._soon.stop()
        self._reference_wanted = False
        self.cancel()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_running(self) -> bool:
        return self._running

    def changes_made(self) -> None:
        """The worker changed something: sync a few seconds from now (once)."""
        self.refresh_status()
        if self.state not in ("not_connected", "locked"):
            self._soon.start(self._after_change_ms)

    def refresh_status(self) -> None:
        if self.runner.store is None:
            self._set_state("locked", "")
            return
        with contextlib.suppress(RuntimeError):  # the runner has shut down (the app is closing)
            self.runner.run_store(sync_status, done=self._got_status, error=lambda _e: None)

    def _got_status(self, status: SyncStatus) -> None:
        if not shiboken6.isValid(self):  # the window went while the status was read
            return
        self.status = status
        if not status.enrolled:
            self._interval.stop()
            self._set_state("not_connected", "Not connected to a server.")
        elif self.state in ("not_connected", "locked"):
            self._set_state("pending", "")
        if status.enrolled and self._started and not self._interval.isActive():
            self._interval.start()
            self._soon.start(self._start_delay_ms)
        fresh = status.enrolled and status.waiting > self._waiting_seen and not self._running
        if fresh and not self._soon.isActive():
            # New local changes: send them soon, unless a sync is already due sooner.
            self._soon.start(self._after_change_ms)
        self._waiting_seen = status.waiting
        self.status_changed.emit(status)

    def _set_state(self, state: str, message: str) -> None:
        if (state, message) != (self.state, self.message):
            self.state, self.message = state, message
            self.state_changed.emit(state, message)

    def fetch_reference_now(self) -> None:
        """Sync now, fetching the council's reference data whenever it was last fetched
        (right after the sync under way, if one is); ``reference_fetched`` says what came."""
        self._reference_wanted = True
        self.sync_now()

    # -- one run --------------------------------------------------------------

    def sync_now(self) -> None:
        """Start a sync now (or right after the one under way)."""
        self._soon.stop()
        if self._running:
            self._again = True
            return
        if self.runner.store is None:
            self._set_state("locked", "")
            return
        self._running = True
        self._again = False
        self._reference_run, self._reference_wanted = self._reference_wanted, False
        self._cancel = threading.Event()
        self._set_state("syncing", "Syncing…")
        try:
            self.runner.run_background(self._work, done=self._done, error=self._failed)
        except RuntimeError:  # the runner has shut down
            self._running = False

    def _store_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(session, *args)`` on the store thread and wait for it (pool thread only)."""
        runner = self.runner

        def guarded() -> tuple[bool, Any]:
            store = runner.store
            if store is None or not store.is_open:
                return False, _Stopped()
            try:
                return True, store.run(fn, *args)
            except BaseException as exc:  # noqa: BLE001 - handed back to the sync thread
                return False, exc

        try:
            ok, value = runner.run_on_store_thread(guarded).result()
        except RuntimeError:
            raise _Stopped() from None
        if not ok:
            raise value
        return value

    def _work(self) -> Any:
        try:
            url, token = self._store_call(credentials)
        except _Stopped:
            return "locked"
        except SyncError as exc:  # not enrolled
            return exc
        transport = self.transport_factory(url, token)
        self._transport = transport
        cancel, store = self._cancel, self.runner.store
        try:
            engine = SyncEngine(
                self._store_call,
                transport,
                progress=self._progress_from_worker.put,
                cancel=cancel,
                pull_limit=self.pull_limit,
                trust_last_check_for=RECHECK_AFTER_S,
                reference_every=None if self._reference_run else REFERENCE_EVERY_SECONDS,
                sealer=StoreSealer(store) if store is not None else None,
            )
            return engine.sync()
        except _Stopped:
            return "locked"
        except DeviceRevoked as exc:
            return exc
        except HearthError as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - a sync failure must not take the app down
            log.error("sync failed: %s", type(exc).__name__)
            return SyncError("Sync stopped because of an unexpected problem; it will try again.")
        finally:
            self._transport = None
            with contextlib.suppress(Exception):  # closing must not mask the sync's outcome
                transport.close()

    def _failed(self, exc: HearthError) -> None:
        self._done(exc)

    def _done(self, outcome: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        if isinstance(outcome, HearthError):  # kinds and counts only: nothing personal
            log.warning("sync did not finish: %s", type(outcome).__name__)
        if self._reference_run:
            self._reference_run = False
            if outcome != "locked":  # locked meanwhile: no answer (asked again once unlocked)
                self.reference_fetched.emit(
                    _fetch_answer(outcome),
                    isinstance(outcome, SyncReport) and not outcome.reference_problems)
        if isinstance(outcome, SyncReport):
            log.info("sync finished: sent %d, received %d, %d new conflicts",
                     outcome.pushed, outcome.pulled, outcome.new_conflicts)
            self.last_report = outcome
            self._set_state("online", self._summary(outcome))
            self.finished.emit(outcome)
        elif outcome == "locked":
            self._set_state("locked", "")
        elif isinstance(outcome, DeviceRevoked):
            self._wipe(outcome.message)
            return
        elif isinstance(outcome, SyncCancelled):
            self._set_state("stopped", outcome.message)
        elif isinstance(outcome, ServerUnreachable):
            self._set_state("offline", outcome.message)
        elif isinstance(outcome, HearthError):
            if isinstance(outcome, NotEnrolled):
                self._set_state("not_connected", "Not connected to a server.")
            else:
                self._set_state("error", outcome.message)
        self.refresh_status()
        if self._again:
            self.sync_now()

    @staticmethod
    def _summary(report: SyncReport) -> str:
        parts = [f"sent {report.pushed}", f"received {report.pulled}"]
        if report.new_conflicts:
            parts.append(f"{report.new_conflicts} new conflict"
                         f"{'s' if report.new_conflicts != 1 else ''}")
        text = "Synced: " + ", ".join(parts) + "."
        if report.set_aside:
            text += (f" {report.set_aside} record{'s' if report.set_aside != 1 else ''} from "
                     "the service could not be stored here and "
                     f"{'are' if report.set_aside != 1 else 'is'} set aside.")
        if report.reference_changed:
            text += " " + arrived_text(report.reference_changed)
        return text

    def _wipe(self, message: str) -> None:
        """The server revoked this device: close the store and destroy it."""
        self.stop()
        runner = self.runner
        store = runner.store

        def close_and_wipe() -> None:
            if store is None:
                return
            if runner.store is store:
                runner.store = None
            store.close()
            wipe_store(store.folder)

        def wiped(_result: Any) -> None:
            self._set_state("not_connected", message)
            self.revoked.emit(message)

        runner.run_on_store_thread(close_and_wipe, done=wiped, error=lambda e: wiped(None))


def _fetch_answer(outcome: SyncReport | HearthError) -> str:
    """What "Fetch the council's settings now" found: what arrived, that nothing changed,
    or why it could not (one line)."""
    if isinstance(outcome, SyncReport):
        return fetch_outcome(outcome.reference_changed, outcome.reference_problems)
    return f"The council's settings could not be fetched: {outcome.message}"
