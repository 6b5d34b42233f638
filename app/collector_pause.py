"""Python's cycle collector held off while a lot of lasting objects are made at once.

A first sync decodes and stores about 100,000 records; with that many new objects alive
the collector ran its full passes over and over (a third of a 10,000-family first sync's
time). Reading the caseload at unlock makes 10,000 rows that the table keeps. A short
command's start-up makes about 165,000 objects that live until it ends. Ordinary
reference counting still frees what such work leaves behind; the collector is switched
back on, and run once, when the last such work running ends.

The desktop application switches the automatic collector off altogether and runs the
passes that are due on its main thread (:func:`collect_due`, ``ui.shell.main_thread_gc``):
Qt's widgets must be freed on the thread that runs them, and the automatic collector runs
on whichever thread's allocation trips it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cycle collector inside the block (nested and concurrent uses agree)."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            restore = _holders == 0 and _was_enabled
            if restore:
                gc.enable()
        if restore:
            gc.collect(1)


def collect_due() -> None:
    """Run, on the calling thread, the pass the automatic collector would have run by now
    (by its own thresholds), unless lasting work holds it off (:func:`collector_paused`).
    For a process that has switched the automatic collector off."""
    with _lock:
        if _holders:
            return
    young_limit, middle_limit, old_limit = gc.get_threshold()
    young, middle, old = gc.get_count()
    if young <= young_limit:
        return
    if middle < middle_limit:
        gc.collect(0)
    elif old < old_limit:
        gc.collect(1)
    else:
        gc.collect(2)
