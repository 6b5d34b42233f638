"""The sync part of the status bar: online or offline, when the store last synced
(UK time), changes waiting, conflicts to resolve, records from the service that
could not be stored here (set aside), and "Sync now".

It only shows what it is given (:class:`app.sync.status.SyncStatus`, a state,
progress) and says what the worker asked for through signals; the
:mod:`ui.sync.sync_controller` does the work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.dates import uk_instant
from app.sync.engine import SyncProgress
from app.sync.status import SyncStatus

from ui.widgets.theme import text_style

STATE_TEXT = {
    "not_connected": "Not connected",
    "pending": "Connected",
    "syncing": "Syncing…",
    "online": "Online",
    "offline": "Offline",
    "stopped": "Sync stopped",
    "error": "Sync problem",
    "locked": "Sync paused",
}

# Dot colours that also read in greyscale next to their words.
STATE_COLOUR = {  # the theme's kind of text for each state
    "online": "success",
    "syncing": "info",
    "pending": "info",
    "offline": "warning",
    "error": "error",
}

SET_ASIDE_TIP = (
    "Some records the service sent could not be stored on this computer (a value that "
    "does not fit). They are kept aside in the encrypted store and tried again when the "
    "service sends them again; the rest of your caseload synced. Tell IT if this persists."
)

# A progress bar appears once a sync has this much to do (a first sync, say).
LARGE_SYNC = 200


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


class SyncStatusWidget(QWidget):
    sync_requested = Signal()
    cancel_requested = Signal()
    conflicts_requested = Signal()
    connect_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.state = "not_connected"
        self.status: SyncStatus | None = None

        self.dot = QLabel("●")
        self.dot.setAccessibleName("Sync state")
        self.state_label = QLabel(STATE_TEXT["not_connected"])
        self.state_label.setObjectName("syncState")
        self.last_label = QLabel("")
        self.waiting_label = QLabel("")
        self.conflicts_button = QPushButton("")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_button.setObjectName("syncConflicts")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.conflicts_button.hide()
        self.set_aside_label = QLabel("")
        self.set_aside_label.setObjectName("syncSetAside")
        self.set_aside_label.setToolTip(SET_ASIDE_TIP)
        self.set_aside_label.hide()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.sync_button = QPushButton("Syn&c now")
        self.sync_button.setToolTip("Send your changes and fetch others' now (F5)")
        self.sync_button.clicked.connect(self._sync_clicked)
        self.stop_button = QPushButton("St&op")
        self.stop_button.setToolTip("Stop this sync; the next one carries on from here")
        self.stop_button.clicked.connect(self.cancel_requested)
        self.stop_button.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(6)
        for w in (self.dot, self.state_label, self.last_label, self.waiting_label,
                  self.conflicts_button, self.set_aside_label, self.progress_bar,
                  self.sync_button, self.stop_button):
            layout.addWidget(w)
        self._render()

    # -- input ----------------------------------------------------------------

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self._render()

    def show_state(self, state: str, message: str) -> None:
        self.state = state
        if state != "syncing":
            self.progress_bar.hide()
        self.setToolTip(message)
        self._render()

    def show_progress(self, progress: SyncProgress) -> None:
        large = (progress.total or 0) >= LARGE_SYNC or progress.done >= LARGE_SYNC
        if not large or self.state != "syncing":
            return
        if progress.total:
            self.progress_bar.setRange(0, progress.total)
            self.progress_bar.setValue(min(progress.done, progress.total))
            self.progress_bar.setFormat("Sending %v of %m")
        else:
            self.progress_bar.setRange(0, 0)  # busy: the total is not known yet
        self.progress_bar.setToolTip(progress.text)
        self.state_label.setText(progress.text)
        self.progress_bar.show()

    # -- output ---------------------------------------------------------------

    def _sync_clicked(self) -> None:
        if self.state == "not_connected":
            self.connect_requested.emit()
        else:
            self.sync_requested.emit()

    def _render(self) -> None:
        state = self.state
        status = self.status
        self.state_label.setText(STATE_TEXT.get(state, state))
        self.dot.setStyleSheet(text_style(STATE_COLOUR.get(state, "hint")))
        connected = status is not None and status.enrolled
        if connected and status is not None:
            self.last_label.setText(
                f"Last synced {uk_instant(status.last_synced)}" if status.last_synced
                else "Not synced yet"
            )
            self.waiting_label.setText(
                plural(status.waiting, "change") + " waiting" if status.waiting else
                "No changes waiting"
            )
            if status.open_conflicts:
                self.conflicts_button.setText(
                    plural(status.open_conflicts, "conflict") + " to resolve"
                )
                self.conflicts_button.show()
            else:
                self.conflicts_button.hide()
            self.set_aside_label.setText(
                plural(status.set_aside, "record") + " from the service set aside"
            )
            self.set_aside_label.setVisible(status.set_aside > 0)
        else:
            self.last_label.setText("")
            self.waiting_label.setText("")
            self.conflicts_button.hide()
            self.set_aside_label.hide()
        self.last_label.setVisible(connected)
        self.waiting_label.setVisible(connected)
        syncing = state == "syncing"
        self.stop_button.setVisible(syncing)
        self.sync_button.setVisible(not syncing)
        self.sync_button.setEnabled(state != "locked")
        self.sync_button.setText("&Connect…" if state == "not_connected" else "Syn&c now")
