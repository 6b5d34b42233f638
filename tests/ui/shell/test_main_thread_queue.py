"""Things put from any thread reach the main thread's handler: each once, in the order
each thread put them, never in the middle of the code that put them, and whole."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from ui.shell.main_thread_queue import MainThreadQueue

THREADS = 4
EACH = 500


def test_things_put_from_other_threads_are_handled_on_the_main_thread_in_order(
    qtbot: QtBot,
) -> None:
    main = threading.get_ident()
    handled: list[tuple[int, int, int]] = []
    queue = MainThreadQueue(lambda item: handled.append((*item, threading.get_ident())))

    def put_many(thread: int) -> None:
        for n in range(EACH):
            queue.put((thread, n))

    threads = [threading.Thread(target=put_many, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    qtbot.waitUntil(lambda: len(handled) == THREADS * EACH, timeout=20_000)
    qtbot.wait(20)  # nothing more comes
    assert len(handled) == THREADS * EACH
    assert {ident for _t, _n, ident in handled} == {main}
    for t in range(THREADS):
        assert [n for thread, n, _ident in handled if thread == t] == list(range(EACH))


def test_a_thing_put_on_the_main_thread_waits_for_a_later_turn(qtbot: QtBot) -> None:
    handled: list[str] = []
    queue = MainThreadQueue(handled.append)
    queue.put("later")
    assert handled == []  # not in the middle of the code that put it
    qtbot.waitUntil(lambda: handled == ["later"], timeout=5_000)


def test_a_callable_made_on_another_thread_and_held_only_by_the_queue_is_whole(
    qtbot: QtBot,
) -> None:
    """A callback whose last other reference goes as its thread ends (and a collection
    runs there) is still there to be called: the queue holds it."""
    results: list[int] = []
    queue = MainThreadQueue(lambda item: item[0](item[1]))

    def work() -> None:
        for n in range(200):
            box = {"n": n}
            queue.put((lambda value, box=box: results.append(value + box["n"]), n))
        gc.collect()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    gc.collect()
    qtbot.waitUntil(lambda: len(results) == 200, timeout=20_000)
    assert results == [2 * n for n in range(200)]
