"""Fixtures for the screens' tests: a task runner, a store of synthetic families
(tests/builders.py ``fill_caseload``), and a main window over it.

Everything runs offscreen (tests/conftest.py sets the platform) against real
SQLCipher stores in ``tmp_path``. All names and places are invented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store, open_store
from app.store.unlock_attempts import UnlockAttempts
from tests.builders import fill_caseload
from tests.conftest import StoreMaker

from ui.caseload.caseload_view import CaseloadView
from ui.shell.application import configure_app
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner


class FakeClock:
    """A monotonic clock the test moves by hand (for the unlock delay)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True, scope="session")
def styled_app(qapp: object) -> None:
    """The application's style, once: setting a stylesheet again repolishes every
    widget alive, and one a test left for deletion could crash it."""
    configure_app(qapp)  # type: ignore[arg-type]


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner; at the end, work under way (and work its results start) is let
    finish, and a store still open is closed on its thread, before the threads stop."""
    task_runner = TaskRunner()
    yield task_runner
    qtbot.waitUntil(lambda: not task_runner.is_busy, timeout=20_000)
    store = task_runner.store
    if store is not None:
        task_runner.run_on_store_thread(store.close)
    task_runner.shutdown()


@pytest.fixture
def store_runner(store: Store, qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner over the test's open store; at the end, work under way is let finish."""
    task_runner = TaskRunner()
    task_runner.store = store
    yield task_runner
    qtbot.waitUntil(lambda: not task_runner.is_busy, timeout=20_000)
    task_runner.shutdown()


@pytest.fixture
def delete_closed_widgets() -> Iterator[None]:
    """Wizards closed at the end of a test are deleted before the next one
    restyles the application (a hidden QWizard outliving its QStyle crashes Qt)."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def caseload_store(
    store_dir: Path, passphrase: str, profile: Profile, levels: LevelsOfNeed,
    new_store: StoreMaker,
) -> dict[str, str]:
    """A closed store in ``store_dir`` holding the four families; name -> family id."""
    store = new_store(store_dir, passphrase, profile)
    try:
        return fill_caseload(store, profile, levels)
    finally:
        store.close()


@pytest.fixture
def caseload_runner(
    runner: TaskRunner, caseload_store: dict[str, str], store_dir: Path, passphrase: str
) -> TaskRunner:
    """The task runner with the four families' store open on its store thread."""
    runner.store = open_on_store_thread(runner, store_dir, passphrase)
    return runner


def tasks_done_before_callbacks(runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every task of ``runner`` finish before the runner registers what to do with
    its answer, as on a machine busy enough to pause the window between the two."""
    from concurrent.futures import Future, ThreadPoolExecutor

    for pool in (runner._writer, runner._pool):
        submit = pool.submit

        def answered_at_once(
            fn: Callable[[], object], submit: Callable[..., Future[object]] = submit
        ) -> Future[object]:
            future = submit(fn)
            future.result(timeout=10)
            return future

        assert isinstance(pool, ThreadPoolExecutor)
        monkeypatch.setattr(pool, "submit", answered_at_once)


def open_on_store_thread(runner: TaskRunner, folder: Path, passphrase: str) -> Store:
    return runner.run_on_store_thread(lambda: open_store(folder, passphrase)).result(timeout=30)


def shown_caseload(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile, *,
    height: int = 700,
) -> CaseloadView:
    """A caseload over ``runner``'s open store, shown at 1280 wide, its rows loaded."""
    view = CaseloadView(runner, levels, profile)
    qtbot.addWidget(view)
    view.resize(1280, height)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    return view


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path, passphrase: str
) -> Iterator[WindowFactory]:
    """Opens the store in ``store_dir`` and shows a main window over it (caseload loaded)."""
    windows: list[MainWindow] = []

    def make(
        *, idle_lock_ms: int | None = 600_000, attempts: UnlockAttempts | None = None
    ) -> MainWindow:
        store = open_on_store_thread(runner, store_dir, passphrase)
        window = MainWindow(
            runner, levels, store, attempts or UnlockAttempts(), idle_lock_ms=idle_lock_ms
        )
        windows.append(window)
        window.show()
        caseload = window.caseload
        qtbot.waitUntil(lambda: caseload.pages.currentWidget() is not caseload.loading_label)
        return window

    yield make
    for window in windows:
        window.close()


@contextmanager
def text_of(points: float) -> Iterator[QFont]:
    """The system's text at ``points`` inside the block, as a worker sets it."""
    before = QApplication.font()
    font = QFont(before)
    font.setPointSizeF(points)
    QApplication.setFont(font)
    try:
        yield font
    finally:
        QApplication.setFont(before)


@pytest.fixture
def large_text() -> Iterator[QFont]:
    """The system's text at 16 pt while the test runs."""
    with text_of(16) as font:
        yield font
