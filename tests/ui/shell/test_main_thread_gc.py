"""The application frees what reference cycles hold on its main thread, never on the
store's thread or the pool's (ui.shell.main_thread_gc): Qt's widgets must be deleted on
the thread that runs them."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.collector_pause import collect_due, collector_paused
from app.reference.levels_of_need import LevelsOfNeed

from ui.shell.application import Startup
from ui.shell.task_runner import TaskRunner


class Held:
    """An object only the cycle collector can free; says on which thread it was freed."""

    def __init__(self, freed_on: list[str]) -> None:
        self.freed_on = freed_on
        self.me = self  # the cycle

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def allocate_on_a_worker(kept: list[object]) -> None:
    """What the store's thread does all day: make many objects (a query's rows)."""
    worker = threading.Thread(
        target=lambda: kept.append([[] for _ in range(20_000)]), name="hearth-store-like")
    worker.start()
    worker.join()


def test_a_cycle_the_main_thread_let_go_is_freed_on_the_main_thread(
        qtbot: QtBot, levels: LevelsOfNeed, tmp_path: Path,
        collector_as_python_starts: None) -> None:
    runner = TaskRunner()
    startup = Startup(runner, levels, tmp_path / "store")  # what run_gui makes first
    try:
        freed_on: list[str] = []
        Held(freed_on)
        kept: list[object] = []
        allocate_on_a_worker(kept)  # left on, the collector ran here and freed it
        assert freed_on == []
        qtbot.waitUntil(lambda: freed_on != [], timeout=5_000)
        assert freed_on == [threading.main_thread().name]
        assert not gc.isenabled()
    finally:
        startup.collector.stop()
        runner.shutdown()


def test_lasting_work_holds_the_main_thread_passes_off_too() -> None:
    """A first sync or the caseload's read makes objects that last (app.collector_pause):
    the main thread's timer does not walk them over and over either."""
    freed_on: list[str] = []
    with collector_paused():
        Held(freed_on)
        kept = [[] for _ in range(5_000)]
        collect_due()
        assert freed_on == []
    collect_due()
    assert freed_on == [threading.main_thread().name]
    assert kept
