"""Notices when nobody has used Hearth for a while (to lock it), and the lock key.

An event filter on the QApplication restarts a single-shot timer on every key
press, click, wheel turn or mouse movement, in any window of the application.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatch(QObject):
    """Emits ``idle`` once after ``interval_ms`` without input while started."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, interval_ms))
        self._timer.timeout.connect(self.idle)
        self._installed = False

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        self._timer.setInterval(max(1, interval_ms))
        if self._timer.isActive():
            self._timer.start()

    @property
    def is_running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class LockKeyWatch(QObject):
    """Emits ``pressed`` for the lock key (Ctrl+L) while a modal dialog is in front.

    The main window's Lock action covers the usual case; a window-modal dialog
    blocks that action's shortcut, so this catches the key for every window.
    """

    pressed = Signal()

    def __init__(self, sequence: QKeySequence, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._combination = sequence[0] if sequence.count() else None  # type: ignore[index]
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            self._combination is not None
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and QApplication.activeModalWidget() is not None
            and event.keyCombination() == self._combination
        ):
            self.pressed.emit()
            return True
        return False

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
