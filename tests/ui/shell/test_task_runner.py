"""The task runner counts tasks submitted from any thread, and says when it is idle."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import tasks_done_before_callbacks

from ui.shell.task_runner import TaskRunner

SUBMISSIONS = 300
ROUNDS = 3


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_tasks_submitted_from_another_thread_are_counted_back_to_idle(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    main = threading.get_ident()
    said: list[tuple[bool, int]] = []
    # a direct connection runs where the signal is emitted: that must be the main thread
    runner.busy_changed.connect(
        lambda busy: said.append((busy, threading.get_ident())), Qt.ConnectionType.DirectConnection
    )
    delivered: list[int] = []
    callback_threads: set[int] = set()

    def done(value: int) -> None:
        delivered.append(value)
        callback_threads.add(threading.get_ident())

    def submit_many(start: int) -> None:
        for n in range(start, start + SUBMISSIONS):
            runner.run_background(lambda n=n: n, done=done)

    # Each round starts idle: the sync thread submits (so it is the one that makes the
    # runner busy) while the main thread counts finished tasks out, then both submit.
    for round_ in range(ROUNDS):
        # idle, and said so (the count may reach nought a turn before it is said)
        qtbot.waitUntil(lambda: not runner.is_busy and (not said or said[-1][0] is False),
                        timeout=20_000)
        start = round_ * 2 * SUBMISSIONS
        other = threading.Thread(target=submit_many, args=(start,))
        other.start()
        while other.is_alive():
            qtbot.wait(1)
        other.join()
        submit_many(start + SUBMISSIONS)

    qtbot.waitUntil(lambda: len(delivered) == ROUNDS * 2 * SUBMISSIONS, timeout=20_000)
    qtbot.waitUntil(lambda: bool(said) and said[-1][0] is False, timeout=10_000)
    qtbot.wait(50)  # nothing more arrives once idle

    assert sorted(delivered) == list(range(ROUNDS * 2 * SUBMISSIONS))
    assert callback_threads == {main}
    assert not runner.is_busy
    states = [busy for busy, _ in said]
    assert states[0] is True and states[-1] is False and len(states) >= 2 * ROUNDS
    # busy and idle alternate: never "busy" twice, never "idle" twice
    assert all(a != b for a, b in pairwise(states))
    assert {thread for _, thread in said} == {main}, "busy_changed only on the main thread"


def test_idle_is_said_once_after_the_last_callback(qtbot: QtBot, runner: TaskRunner) -> None:
    said: list[bool] = []
    order: list[str] = []
    runner.busy_changed.connect(lambda busy: (said.append(busy), order.append(f"busy={busy}")))
    release = threading.Event()

    def slow() -> str:
        release.wait(10)
        return "slow"

    thread = threading.Thread(
        target=lambda: runner.run_background(slow, done=lambda v: order.append(v))
    )
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: said == [True], timeout=5_000)
    assert runner.is_busy
    runner.run_background(lambda: "quick", done=lambda v: order.append(v))
    qtbot.waitUntil(lambda: "quick" in order, timeout=5_000)
    assert runner.is_busy and said == [True]  # the slow one is still under way
    release.set()
    qtbot.waitUntil(lambda: said == [True, False], timeout=5_000)
    assert order == ["busy=True", "quick", "slow", "busy=False"]
    assert not runner.is_busy


def test_a_task_done_before_its_callback_is_registered_answers_on_a_later_turn(
    qtbot: QtBot, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window paused between submitting a task and registering its callback (a busy
    machine) while the thread finished it: the answer still comes on a later turn of the
    event loop, after the code that asked for it has run to its end."""
    order: list[str] = []
    tasks_done_before_callbacks(runner, monkeypatch)
    runner.run_background(lambda: "background", done=order.append)
    runner.run_on_store_thread(lambda: "store thread", done=order.append)
    order.append("asked")
    qtbot.waitUntil(lambda: len(order) == 3, timeout=5000)
    assert order == ["asked", "background", "store thread"]
