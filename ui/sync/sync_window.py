"""The main window's side of sync: the Sync menu, the message when this computer's
access is withdrawn, stopping sync when the window closes, and :func:`attach_sync`,
which puts them together with the controller and the status bar widget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from app.store.caseload_store import Profile
from app.sync.engine import SyncReport

from ui.shell.task_runner import TaskRunner
from ui.sync.conflicts_view import ConflictsView
from ui.sync.enrol_dialog import EnrolDialog
from ui.sync.sync_controller import SyncController
from ui.sync.sync_status import SyncStatusWidget


class CloseWatch(QObject):
    """Stops syncing when the window closes (so quitting never waits on the network)."""

    def __init__(self, stop: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.stop = stop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close:
            self.stop()
        return False


@dataclass(frozen=True)
class SyncMenu:
    menu: QMenu
    connect_action: QAction
    sync_now_action: QAction  # F5
    conflicts_action: QAction
    fetch_reference_action: QAction  # "Fetch the council's settings now"


def add_sync_menu(
    window: QMainWindow,
    before: QMenu | None,
    connect: Callable[[], None],
    sync_now: Callable[[], None],
    show_conflicts: Callable[[], None],
    fetch_reference: Callable[[], None],
) -> SyncMenu:
    """The Sync menu, placed before the menu ``before`` (Help) when there is one."""
    menu = QMenu("&Sync", window)
    if before is not None:
        window.menuBar().insertMenu(before.menuAction(), menu)
    else:
        window.menuBar().addMenu(menu)
    connect_action = menu.addAction("&Connect to server…", connect)
    sync_now_action = menu.addAction("Sync &now", sync_now)
    sync_now_action.setShortcut("F5")
    conflicts_action = menu.addAction("&Conflicts…", show_conflicts)
    menu.addSeparator()
    fetch_action = menu.addAction("Fetch the council's &settings now", fetch_reference)
    fetch_action.setToolTip("Fetch the council's forms, levels of need and other settings "
                            "from the server now, instead of within the hour")
    fetch_action.setEnabled(False)
    return SyncMenu(menu, connect_action, sync_now_action, conflicts_action, fetch_action)


def show_fetched(window: QMainWindow, text: str, ok: bool = True) -> None:
    """The answer to "Fetch the council's settings now" (the worker is waiting for it)."""
    window.statusBar().showMessage(text.split("\n")[0], 15000)
    icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
    box = QMessageBox(icon, "The council's settings", text,
                      QMessageBox.StandardButton.Ok, window)
    box.setObjectName("referenceFetched")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def show_revoked(window: QMainWindow, message: str) -> None:
    """This computer may no longer sync: say why, then close the window."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Hearth", message,
                      QMessageBox.StandardButton.Ok, window)
    box.finished.connect(lambda _r: window.close())
    box.open()


@dataclass(frozen=True)
class SyncParts:
    """Sync as the main window holds it: the controller, the status bar widget and the
    Sync menu."""

    controller: SyncController
    status_widget: SyncStatusWidget
    menu: SyncMenu


def attach_sync(
    window: QMainWindow,
    runner: TaskRunner,
    *,
    profile: Callable[[], Profile],
    take_profile: Callable[[Profile], None],
    help_menu: QMenu | None,
    is_locked: Callable[[], bool],
    locked_changed: SignalInstance,
    caseload_loaded: SignalInstance,
    **controller_options: Any,
) -> SyncParts:
    """Sync in the main window: the Sync menu, the status bar widget and the timers.

    ``take_profile`` receives the server's view of the worker once enrolled.
    """
    controller = SyncController(runner, parent=window, **controller_options)
    widget = SyncStatusWidget(window)
    window.statusBar().insertPermanentWidget(0, widget)

    def connect() -> None:
        dialog = EnrolDialog(runner, window)
        dialog.enrolled.connect(enrolled)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def enrolled(new_profile: Profile) -> None:
        take_profile(new_profile)
        controller.refresh_status()
        controller.sync_now()

    def show_conflicts() -> None:
        view = ConflictsView(runner, profile(), window)
        view.resolved.connect(controller.changes_made)
        view.finished.connect(lambda _r: view.deleteLater())
        view.load_and_open()

    menu = add_sync_menu(window, help_menu, connect, controller.sync_now, show_conflicts,
                         controller.fetch_reference_now)
    controller.reference_fetched.connect(lambda text, ok: show_fetched(window, text, ok))
    widget.sync_requested.connect(controller.sync_now)
    widget.cancel_requested.connect(controller.cancel)
    widget.conflicts_requested.connect(show_conflicts)
    widget.connect_requested.connect(connect)
    controller.status_changed.connect(widget.show_status)
    controller.state_changed.connect(widget.show_state)

    def locked(is_locked: bool) -> None:  # the status bar's buttons wait with the menu
        widget.sync_button.setEnabled(not is_locked and controller.state != "locked")
        widget.conflicts_button.setEnabled(not is_locked)

    locked_changed.connect(locked)
    controller.progress.connect(widget.show_progress)
    controller.revoked.connect(lambda message: show_revoked(window, message))
    _follow(controller, menu, runner, is_locked, locked_changed, caseload_loaded)
    window.installEventFilter(CloseWatch(controller.stop, window))
    controller.start()
    return SyncParts(controller, widget, menu)


def _follow(
    controller: SyncController,
    menu: SyncMenu,
    runner: TaskRunner,
    is_locked: Callable[[], bool],
    locked_changed: SignalInstance,
    caseload_loaded: SignalInstance,
) -> None:
    """The menu follows the sync state; changes and locking start, stop or reload."""

    def enable(*_args: object) -> None:
        # Nothing in the menu works on a locked window: the store is closed.
        open_ = not is_locked()
        connected = controller.state != "not_connected"
        menu.connect_action.setEnabled(open_ and not connected)
        menu.sync_now_action.setEnabled(open_ and connected and controller.state != "locked")
        menu.conflicts_action.setEnabled(open_)
        # Only for an enrolled, unlocked store (the state lags a lock by a moment).
        menu.fetch_reference_action.setEnabled(
            open_ and connected and controller.state != "locked")

    controller.state_changed.connect(enable)
    locked_changed.connect(enable)
    # A change made here (not one sync brought) is sent a few seconds later.
    runner.changes.connect(lambda changes: controller.changes_made() if changes.local else None)
    caseload_loaded.connect(lambda _n: controller.refresh_status())

    def synced(report: SyncReport) -> None:
        # What arrived shows wherever it concerns (unless the window is locked meanwhile).
        if not is_locked():
            runner.broadcast(report.changes)

    controller.finished.connect(synced)
    locked_changed.connect(lambda locked: controller.stop() if locked else controller.start())
