"""Python's cycle collector, run on the main thread only.

Left on, the collector runs on whichever thread's allocation trips its threshold; in
Hearth that is mostly the store's thread and the pool's, which make the most objects. A
widget the main thread has let go of, but which sits in a reference cycle (an attribute
that points back at it, say), is then freed on that thread. Qt's widgets must be
deleted on the thread that runs them; deleted on another, they can crash the
application at random. So the automatic collector is switched off, and a timer on the
main thread runs the passes that are due by the collector's own thresholds
(``app.collector_pause.collect_due``), which lasting work can still hold off.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from app.collector_pause import collect_due

# Often enough that a pass stays small (the youngest generation is a few thousand
# objects at most by then); a check that finds nothing due costs microseconds.
INTERVAL_MS = 200


def collect_on_main_thread(parent: QObject) -> QTimer:
    """Switch the automatic collector off; the returned timer, a child of ``parent`` (an
    object of the main thread), runs the passes that are due."""
    gc.disable()
    timer = QTimer(parent)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(collect_due)
    timer.start()
    return timer
