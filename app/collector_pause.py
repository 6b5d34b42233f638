"""Python's cycle collector held off while a lot of lasting objects are made at once.

A first sync decodes and stores about 100,000 records; with that many new objects alive
the collector ran its full passes over and over (a third of a 10,000-family first sync's
time). Reading the caseload at unlock makes 10,000 rows that the table keeps. A short
command's start-up makes about 165,000 objects that live until it ends. Ordinary
reference counting still frees what such work leaves behind; the collector is switched
back on, and run once, when the last such work running ends.
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
