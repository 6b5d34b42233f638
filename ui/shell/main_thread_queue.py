"""Hands things from any thread to the main thread: each one to a handler there, one a
turn of the event loop, in the order they were put.

They wait in a plain Python queue, held by Python; the signal that wakes the main thread
carries nothing. A Python object carried in a queued signal's own arguments crossed
threads inside Qt's copy of them, and a test worker crashed at random (a segmentation
fault, twice, in the same unlock test) as the main thread called a callback that had
come that way, before the callback's own code began: the object called was no longer
a whole one. Results of the store's thread, the caseload's rows and a sync's progress
all come this way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


class MainThreadQueue(QObject):
    """``put(item)`` from any thread; ``handle(item)`` runs on this object's thread (make
    it on the main thread). Always queued, from the main thread too: a thing put is
    handled on a later turn of the event loop, never in the middle of the code that put it."""

    _wake = Signal()

    def __init__(self, handle: Callable[[Any], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handle = handle
        self._waiting: deque[Any] = deque()  # append and popleft are thread-safe
        self._wake.connect(self._take, Qt.ConnectionType.QueuedConnection)

    def put(self, item: Any) -> None:
        self._waiting.append(item)
        self._wake.emit()

    @Slot()
    def _take(self) -> None:
        self._handle(self._waiting.popleft())  # one wake for each thing put, in order
