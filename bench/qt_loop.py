"""What the benchmarks that drive real widgets share: an offscreen QApplication set up as
the app sets itself up, and a wait in its event loop that never spins."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

TIMEOUT_MS = 60_000


def qt_app() -> Any:
    """The process's QApplication (offscreen unless a platform is chosen), made once and
    styled as the app is, with the main window's modules imported and set aside from the
    cycle collector as the app's start does (``prepare_main_window``); Qt's messages go to
    stderr, less the offscreen platform's chatter."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from ui.shell.application import configure_app, prepare_main_window

    def quiet(_mode: Any, _context: Any, message: str) -> None:
        if "propagateSizeHints" not in message:  # the offscreen platform's chatter
            print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication.instance()
    if app is None:
        app = QApplication(["hearth-bench"])
        configure_app(app)
        prepare_main_window()
    return app


def wait(app: Any, is_done: Callable[[], bool], what: str, *, paint: bool = False) -> None:
    """Sleep in the event loop until ``is_done()``; fail after a minute rather than hang.

    A timer wakes the loop every 20 ms to look at the clock: a loop spinning on
    processEvents would take the store's thread's CPU and the interpreter. With
    ``paint``, the window then paints what has just arrived."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(TIMEOUT_MS)
    waker = QTimer()
    waker.start(20)
    try:
        while not is_done():
            if deadline.hasExpired():
                raise TimeoutError(f"timed out waiting for {what}")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        waker.stop()
    if paint:
        app.processEvents()


def delete_closed(app: Any) -> None:
    """Run what is pending, and delete the widgets closed with ``deleteLater`` now:
    outside a running event loop ``processEvents`` leaves them, and a view of 10,000
    rows, with any idle work of its own, would live on through the figures after it."""
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
