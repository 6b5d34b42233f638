"""The caseload as a worker meets it: unlocking, and searching as they type.

Every figure is printed with its floor, measured in the same run (interleaved
with the figure, so a machine busy with other work inflates both alike), and
their ratio (``bench.harness.with_floor``):

unlock_to_first_paint: from pressing Unlock to the first rows of the caseload
painted: the key derivation and ``open_store`` on the store's thread (as the app
does), building the real ``ui.caseload.caseload_view`` widget, reading the first
screen of rows through the task runner, and the table's first paint (offscreen Qt).
Floor: ``open_store`` (key derivation included) and the bare SQL read of the same
first screen (the first families by name and their people, through the driver's
own cursor, no Python per row). ``unlock_to_first_paint_after_kdf`` is the same
figure less the key derivation timed alone, against the issue's 200 ms.

unlock_to_whole_caseload: the same unlock until every row is in the model and
painted (the rest arrives in chunks behind the first screen). Floor: ``open_store``
and the bare SQL read of every family and every person.

search_keystroke: one character typed into the real search box (or one Backspace),
until the model has filtered the rows and the table has repainted (three turns of the
event loop, so a repaint put off to the next turn counts too); median and 95th
percentile over 30 keystrokes, typed once the caseload has looked for each first
letter's rows (idle work of its first tenth of a second or so after the load). Floor:
a plain repaint of the same table with nothing changed (``viewport().repaint()``): a
keystroke must at least repaint the rows it shows, and that, not the search, is most
of what it costs. (The search itself, the index in ``app.families.caseload_search``,
is a fraction of a millisecond a key once its first letter has been seen.)
search_keystroke_cpu_p95 is the same 95th percentile in the UI thread's CPU time
(against a plain repaint's): on a machine busy with other work, the wall-clock figures
grow with the queue for a CPU, this one hardly.

unlock_longest_ui_stall: the longest the UI thread was held up (a 1 ms timer's
longest gap) from the first screen painted until the whole caseload is, against the
same plain repaint: the table takes each chunk in one go, sorted and searched, and
repaints.

unlock_main_window_built: the real main window built on the unlocked store (the
caseload, Today, the family view, menus and notices), as the app builds it after the
first unlock, before the caseload is read; printed alone, the figures above build the
caseload's view only. No floor: it is widgets, with no bare operation underneath.

resident_memory: the process's resident memory (VmRSS) with the store open and
every row loaded and searched, against 400 MB; its floor is the same process
before the store was opened (Python, Qt and the modules loaded).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any

from app.families.caseload import (
    FAMILIES_SQL,
    FIRST_FAMILIES_SQL,
    FIRST_SCREEN,
    PEOPLE_SQL,
    for_families,
)
from app.reference.levels_of_need import load_levels
from app.store import key_change
from app.store.caseload_store import Store, key_files, open_store
from bench.harness import (
    BENCH_PASSPHRASE,
    Result,
    copy_store,
    median,
    percentile,
    stopwatch,
    with_floor,
)
from bench.qt_loop import delete_closed
from bench.qt_loop import qt_app as _qt
from bench.qt_loop import wait as _wait

UNLOCKS = 5
UNLOCK_BUDGET_S = 1.5
FIRST_PAINT_AFTER_KDF_BUDGET_MS = 200.0
WHOLE_RATIO_BUDGET = 1.3
KEYSTROKE_BUDGET_MS = 16.0
MEMORY_BUDGET_MB = 400.0
REPAINTS = 30
# Turns of the event loop a keystroke is given: its repaint, and any repaint a layout
# put off to the next turn (new rows may lay the table out again in a 0 ms timer).
SETTLE_TURNS = 3
# What a worker types: a surname, a postcode, a child's name, a reference;
# "\b" is Backspace. 30 keystrokes in all.
TYPING = ["t", "a", "y", "l", "o", "r", *"\b" * 6, "x", "h", "1", "2", *"\b" * 4,
          "o", "l", "i", "v", "i", "a", *"\b" * 4]


class _Paints:
    """When the table's viewport finished painting rows: first, and after ``loaded``."""

    def __init__(self, view: Any, started: float) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.first: float | None = None
        self.whole: float | None = None
        self.loaded = False
        model = view.model
        paints = self

        def painted() -> None:
            now = time.perf_counter() - started
            if paints.first is None:
                paints.first = now
            if paints.loaded and paints.whole is None:
                paints.whole = now

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint and model.rowCount() > 0:
                    # A zero timer fires once this paint event has been handled.
                    QTimer.singleShot(0, painted)
                return False

        def all_loaded(_count: int) -> None:
            paints.loaded = True
            view.table.viewport().update()  # the last chunk's rows may all be off screen

        self._filter = Filter()
        view.table.viewport().installEventFilter(self._filter)
        view.loaded.connect(all_loaded)


class _Stalls:
    """The longest the UI thread went without running its event loop (a 1 ms timer's
    longest gap), from ``start()`` on."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def _unlock_once(app: Any, folder: Path) -> tuple[float, float, float]:
    """Seconds from Unlock to the first paint with rows, and to every row painted; and
    the longest the UI thread was held up while the rows arrived (ms)."""
    from ui.caseload.caseload_view import CaseloadView
    from ui.shell.task_runner import TaskRunner

    levels = load_levels()
    runner = TaskRunner()
    opened: list[Any] = []
    failed: list[Any] = []
    view: Any = None
    try:
        started = time.perf_counter()
        runner.run_on_store_thread(
            lambda: open_store(folder, BENCH_PASSPHRASE), done=opened.append, error=failed.append
        )
        _wait(app, lambda: bool(opened or failed), "the store to open")
        if failed:
            raise RuntimeError(failed[0].message)
        runner.store = opened[0]
        view = CaseloadView(runner, levels, opened[0].profile)
        view.resize(1280, 800)
        paints = _Paints(view, started)
        stalls = _Stalls()
        view.show()
        view.reload()
        _wait(app, lambda: paints.first is not None, "the first rows painted")
        stalls.start()  # while the rest arrive behind the first screen
        _wait(app, lambda: paints.whole is not None, "the whole caseload painted")
        stalls.stop()
        assert paints.first is not None and paints.whole is not None
        assert view.model.total_count > 0 and view.model.rowCount() > 0
        return paints.first, paints.whole, stalls.longest * 1000
    finally:
        if view is not None:
            view.close()
            view.deleteLater()
        if opened:
            runner.run_on_store_thread(opened[0].close)
        runner.store = None
        runner.shutdown()
        delete_closed(app)


def _main_window_once(app: Any, folder: Path) -> float:
    """Seconds to build the real main window on the unlocked store, as the app does after
    the first unlock (the caseload, Today and the family view, menus and notices), before
    the caseload starts to read."""
    from app.store.unlock_attempts import UnlockAttempts

    from ui.shell.main_window import MainWindow
    from ui.shell.task_runner import TaskRunner

    store = open_store(folder, BENCH_PASSPHRASE)
    runner = TaskRunner()
    window: Any = None
    try:
        with stopwatch() as elapsed:
            window = MainWindow(runner, load_levels(), store, UnlockAttempts())
            built = elapsed()
        loaded: list[int] = []
        window.caseload.loaded.connect(loaded.append)
        _wait(app, lambda: bool(loaded), "the window's caseload loaded")
        return built
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        runner.run_on_store_thread(store.close)
        runner.shutdown()
        delete_closed(app)


def _bare_read(store: Store, first_screen: bool) -> None:
    """The SQL alone: rows fetched through the driver's cursor, nothing built from them."""

    def read(session: Any) -> None:
        raw = session.connection().connection.driver_connection
        if first_screen:
            ids = [f[0] for f in raw.execute(FIRST_FAMILIES_SQL, (FIRST_SCREEN,)).fetchall()]
            raw.execute(*for_families(PEOPLE_SQL, ids)).fetchall()
        else:
            raw.execute(FAMILIES_SQL).fetchall()
            raw.execute(PEOPLE_SQL).fetchall()

    store.run(read)


def _floors(folder: Path) -> tuple[float, float, float]:
    """Seconds for: the key derivation alone; open + first screen's SQL; open + all SQL.
    (The key derivation is timed last, as the third of three: the first Argon2id of a
    round also pays for fresh pages of its 64 MiB.)"""
    found = []
    for first_screen in (True, False):
        with stopwatch() as elapsed:
            store = open_store(folder, BENCH_PASSPHRASE)
            try:
                _bare_read(store, first_screen)
            finally:
                found.append(elapsed())
                store.close()
    with stopwatch() as kdf:
        key_change.unlock_key(key_files(folder), BENCH_PASSPHRASE)
    return kdf(), found[0], found[1]


def _keystrokes(app: Any, folder: Path) -> tuple[dict[str, list[float]], float]:
    """Milliseconds for each keystroke of :data:`TYPING` and for plain repaints (``keys``,
    ``repaints``; and the UI thread's CPU milliseconds for each: ``keys_cpu``,
    ``repaints_cpu``), and the resident memory (MB) with every row loaded and searched."""
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
        # The letters are looked for in the first tenth of a second or so after the
        # rows are in; a worker starts typing after that.
        _wait(app, lambda: not view.model.is_learning, "the first letters to be looked for")
        total = view.model.rowCount()
        view.search.setFocus()
        app.processEvents()
        found: dict[str, list[float]] = {"keys": [], "repaints": [], "keys_cpu": [],
                                         "repaints_cpu": []}
        for _ in range(REPAINTS):
            cpu = time.thread_time()
            with stopwatch() as elapsed:
                view.table.viewport().repaint()
            found["repaints"].append(elapsed() * 1000)
            found["repaints_cpu"].append((time.thread_time() - cpu) * 1000)
        changes: list[bool] = []
        view.model.shown_changed.connect(lambda: changes.append(True))
        for char in TYPING:
            before = len(changes)
            cpu = time.thread_time()
            with stopwatch() as elapsed:
                if char == "\b":
                    QTest.keyClick(view.search, Qt.Key.Key_Backspace)
                else:
                    QTest.keyClick(view.search, char)
                for _ in range(SETTLE_TURNS):  # every repaint the keystroke caused
                    app.processEvents()
            if len(changes) == before:
                raise RuntimeError(f"typing {char!r} did not update the caseload model")
            found["keys"].append(elapsed() * 1000)
            found["keys_cpu"].append((time.thread_time() - cpu) * 1000)
        if view.search.text() != "ol":
            raise RuntimeError(f"the search box holds {view.search.text()!r}, not what was typed")
        assert view.model.rowCount() < total
        return found, resident_mb()
    finally:
        view.close()
        view.deleteLater()
        runner.store = None
        store.close()
        runner.shutdown()
        delete_closed(app)


def resident_mb() -> float:
    """This process's resident memory now (VmRSS), or its peak where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run(workdir: Path) -> list[Result]:
    app = _qt()
    folder = copy_store(workdir / "store")
    open_store(folder, BENCH_PASSPHRASE).close()  # any migration happens here, not in the timing
    memory_before = resident_mb()
    firsts, wholes, kdfs, first_floors, whole_floors, stalls = [], [], [], [], [], []
    for _ in range(UNLOCKS):  # figure and floor in turn, so both meet the same load
        kdf, first_floor, whole_floor = _floors(folder)
        first, whole, stall = _unlock_once(app, folder)
        for found, value in ((kdfs, kdf), (first_floors, first_floor), (stalls, stall),
                             (whole_floors, whole_floor), (firsts, first), (wholes, whole)):
            found.append(value)
    typed, memory = _keystrokes(app, folder)
    # Last: the memory figure is of one caseload open, not of windows built and gone.
    windows = [_main_window_once(app, folder) for _ in range(UNLOCKS)]
    keys, repaints, keys_cpu = typed["keys"], typed["repaints"], typed["keys_cpu"]
    after_kdf = [(first - kdf) * 1000 for first, kdf in zip(firsts, kdfs, strict=True)]
    return [
        *with_floor("unlock_to_first_paint", median(firsts), median(first_floors), "s",
                    budget=UNLOCK_BUDGET_S),
        Result("unlock_key_derivation", median(kdfs), "s"),
        Result("unlock_to_first_paint_after_kdf", median(after_kdf), "ms",
               FIRST_PAINT_AFTER_KDF_BUDGET_MS),
        *with_floor("unlock_to_whole_caseload", median(wholes), median(whole_floors), "s",
                    ratio_budget=WHOLE_RATIO_BUDGET),
        # After the first unlock the window is built before the caseload is read: not in
        # the figures above, which build the caseload's view alone (no floor of its own).
        Result("unlock_main_window_built", median(windows) * 1000, "ms"),
        *with_floor("unlock_longest_ui_stall", median(stalls), median(repaints), "ms",
                    floor_name="repaint"),
        *with_floor("search_keystroke_median", median(keys), median(repaints), "ms",
                    budget=KEYSTROKE_BUDGET_MS, floor_name="repaint"),
        *with_floor("search_keystroke_p95", percentile(keys, 0.95), median(repaints), "ms",
                    budget=KEYSTROKE_BUDGET_MS, floor_name="repaint"),
        # The UI thread's CPU time: what a machine busy with other work does not blur.
        *with_floor("search_keystroke_cpu_p95", percentile(keys_cpu, 0.95),
                    median(typed["repaints_cpu"]), "ms", floor_name="repaint_cpu"),
        *with_floor("resident_memory", memory, memory_before, "MB", budget=MEMORY_BUDGET_MB,
                    floor_name="before_store"),
    ]
