"""Reading the caseload for its view: the first load shows rows as they arrive.

The rows come from ``app.families.caseload.read_caseload`` on the store's thread,
the first screen first, then the rest in chunks; each chunk crosses to the main
thread in order (``ui.shell.main_thread_queue``). The load's end (how many families it
read) comes by the task runner's own queue, which may overtake the last chunks: the
load is over when both have come.
The first load after unlocking hands each chunk on (``rows_arrived``) as it comes;
a reload of a caseload already shown gathers them and hands them all on at once
(``rows_replaced``), so the table never empties under the worker's eyes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.errors import HearthError
from app.families.caseload import CaseloadRow, read_caseload
from app.reference.levels_of_need import LevelsOfNeed

from ui.shell.main_thread_queue import MainThreadQueue
from ui.shell.task_runner import TaskRunner


class CaseloadLoading(QObject):
    """``rows_arrived(rows)`` for each chunk of a streamed load, then ``finished()``;
    ``rows_replaced(rows)`` at the end of a gathered one; ``failed(message)``."""

    rows_arrived = Signal(object)
    rows_replaced = Signal(object)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, levels: LevelsOfNeed, parent: QObject) -> None:
        super().__init__(parent)
        self._runner = runner
        self._levels = levels
        self._generation = 0
        self.streaming = False  # a streamed load is under way
        self._gathered: list[CaseloadRow] = []
        self._received = 0  # families of this load arrived so far
        self._expected: int | None = None  # how many the load read, once it has said
        # Each chunk crosses from the store's thread to this one, in order.
        self._chunks = MainThreadQueue(self._arrived, self)

    def start(self, stream: bool) -> None:
        """Read every row again; a load still under way is forgotten."""
        self._generation += 1
        generation = self._generation
        self.streaming = stream
        self._gathered = []
        self._received = 0
        self._expected = None
        chunks = self._chunks

        def deliver(rows: list[CaseloadRow]) -> None:  # on the store's thread
            chunks.put((generation, rows))

        self._runner.run_store(
            read_caseload,
            self._levels,
            deliver,
            done=lambda count: self._done(generation, count),
            error=lambda exc: self._failed(generation, exc),
        )

    def forget(self) -> None:
        """Ignore whatever a load under way still delivers (the store is locking)."""
        self._generation += 1
        self.streaming = False
        self._gathered = []
        self._expected = None

    def _arrived(self, chunk: tuple[int, list[CaseloadRow]]) -> None:
        generation, rows = chunk
        if generation != self._generation:
            return
        self._received += len(rows)
        if self.streaming:
            self.rows_arrived.emit(rows)
        else:
            self._gathered.extend(rows)
        self._finish_if_all_in()

    def _done(self, generation: int, count: int) -> None:
        if generation == self._generation:
            self._expected = count
            self._finish_if_all_in()

    def _finish_if_all_in(self) -> None:
        """The load's end, once its result has come and every row it counted (the two
        cross to this thread by different signals: neither is sure to come first)."""
        if self._expected is None or self._received < self._expected:
            return
        self._expected = None
        if self.streaming:
            self.streaming = False
            self.finished.emit()
        else:
            rows, self._gathered = self._gathered, []
            self.rows_replaced.emit(rows)

    def _failed(self, generation: int, exc: HearthError) -> None:
        if generation == self._generation:
            self.streaming = False
            self._expected = None
            self.failed.emit(exc.message)
