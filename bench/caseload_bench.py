"""The caseload as a worker meets it: unlocking, and searching as they type.

unlock_to_first_paint: from pressing Unlock with the passphrase to the first
rows of the caseload painted: the key derivation and ``open_store`` (on the
store's thread, as the app does), building the real ``ui.caseload.caseload_view``
widget, ``load_caseload`` of 10,000 families through the task runner, and the
table's first paint (offscreen Qt). Median of a few unlocks.

search_keystroke: one character typed into the real search box (or one
Backspace), until the model has filtered the 10,000 rows and the table has
repainted; median and 95th percentile over about 30 keystrokes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.reference.levels_of_need import load_levels
from app.store.caseload_store import open_store
from bench.harness import BENCH_PASSPHRASE, Result, copy_store, median, percentile, stopwatch

UNLOCKS = 5
UNLOCK_BUDGET_S = 1.5
KEYSTROKE_BUDGET_MS = 50.0
# What a worker types: a surname, a postcode, a child's name, a reference;
# "\b" is Backspace. 30 keystrokes in all.
TYPING = ["t", "a", "y", "l", "o", "r", *"\b" * 6, "x", "h", "1", "2", *"\b" * 4,
          "o", "l", "i", "v", "i", "a", *"\b" * 4]
TIMEOUT_MS = 60_000


def _qt() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from ui.shell.application import configure_app

    def quiet(_mode: Any, _context: Any, message: str) -> None:
        # The offscreen platform's chatter says nothing about the figures.
        if "propagateSizeHints" not in message:
            print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication.instance()
    if app is None:
        app = QApplication(["hearth-bench"])
        configure_app(app)
    return app


def _wait(app: Any, is_done: Callable[[], bool], what: str) -> None:
    """Run the event loop until ``is_done()``; fail after a minute rather than hang."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(TIMEOUT_MS)
    while not is_done():
        if deadline.hasExpired():
            raise TimeoutError(f"timed out waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


class _FirstPaint:
    """Notes when the table's viewport has finished painting rows."""

    def __init__(self, view: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.done = False
        model = view.model
        viewport = view.table.viewport()
        finished = self

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint and model.rowCount() > 0:
                    # A zero timer fires once this paint event has been handled.
                    QTimer.singleShot(0, lambda: setattr(finished, "done", True))
                return False

        self._filter = Filter()
        viewport.installEventFilter(self._filter)


def _unlock_once(app: Any, folder: Path) -> float:
    from ui.caseload.caseload_view import CaseloadView
    from ui.shell.task_runner import TaskRunner

    levels = load_levels()
    runner = TaskRunner()
    opened: list[Any] = []
    failed: list[Any] = []
    view: Any = None
    try:
        with stopwatch() as elapsed:
            runner.run_on_store_thread(
                lambda: open_store(folder, BENCH_PASSPHRASE),
                done=opened.append,
                error=failed.append,
            )
            _wait(app, lambda: bool(opened or failed), "the store to open")
            if failed:
                raise RuntimeError(failed[0].message)
            runner.store = opened[0]
            view = CaseloadView(runner, levels, opened[0].profile)
            view.resize(1280, 800)
            painted = _FirstPaint(view)
            loaded: list[int] = []
            view.loaded.connect(loaded.append)
            view.show()
            view.reload()
            _wait(app, lambda: bool(loaded) and painted.done, "the caseload's first paint")
        assert loaded[0] > 0 and view.model.rowCount() > 0
        return elapsed()
    finally:
        if view is not None:
            view.close()
            view.deleteLater()
        if opened:
            runner.run_on_store_thread(opened[0].close)
        runner.store = None
        runner.shutdown()
        app.processEvents()


def _keystrokes(app: Any, folder: Path) -> list[float]:
    """Milliseconds for each keystroke of :data:`TYPING`."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ui.caseload.caseload_view import CaseloadView
    from ui.shell.task_runner import TaskRunner

    levels = load_levels()
    runner = TaskRunner()
    store = open_store(folder, BENCH_PASSPHRASE)
    runner.store = store
    view = CaseloadView(runner, levels, store.profile)
    try:
        view.resize(1280, 800)
        view.show()
        loaded: list[int] = []
        view.loaded.connect(loaded.append)
        view.reload()
        _wait(app, lambda: bool(loaded), "the caseload to load")
        total = view.model.rowCount()
        view.search.setFocus()
        app.processEvents()
        times: list[float] = []
        resets: list[bool] = []
        view.model.modelReset.connect(lambda: resets.append(True))
        for char in TYPING:
            before = len(resets)
            with stopwatch() as elapsed:
                if char == "\b":
                    QTest.keyClick(view.search, Qt.Key.Key_Backspace)
                else:
                    QTest.keyClick(view.search, char)
                app.processEvents()  # the repaint the keystroke caused
            if len(resets) == before:
                raise RuntimeError(f"typing {char!r} did not update the caseload model")
            times.append(elapsed() * 1000)
        if view.search.text() != "ol":
            raise RuntimeError(f"the search box holds {view.search.text()!r}, not what was typed")
        assert view.model.rowCount() < total
        return times
    finally:
        view.close()
        view.deleteLater()
        runner.store = None
        store.close()
        runner.shutdown()
        app.processEvents()


def run(workdir: Path) -> list[Result]:
    app = _qt()
    folder = copy_store(workdir / "store")
    open_store(folder, BENCH_PASSPHRASE).close()  # any migration happens here, not in the timing
    unlocks = [_unlock_once(app, folder) for _ in range(UNLOCKS)]
    keys = _keystrokes(app, folder)
    return [
        Result("unlock_to_first_paint", median(unlocks), "s", UNLOCK_BUDGET_S),
        Result("search_keystroke_median", median(keys), "ms", KEYSTROKE_BUDGET_MS),
        Result("search_keystroke_p95", percentile(keys, 0.95), "ms", KEYSTROKE_BUDGET_MS),
    ]
