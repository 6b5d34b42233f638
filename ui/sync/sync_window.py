"""The main window's side of sync: the Sync menu, the message when this computer's
access is withdrawn, the server's profile taking the local one's place, and stopping
sync when the window closes. :func:`ui.sync.sync_controller.install` puts them together."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from app.store.caseload_store import Profile

from ui.shell.task_runner import TaskRunner
from ui.shell.window_title import window_title


class CloseWatch(QObject):
    """Stops syncing when the window closes (so quitting never waits on the network)."""

    def __init__(self, stop: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.stop = stop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close:
            self.stop()
        return False


def add_sync_menu(
    window: QMainWindow,
    connect: Callable[[], None],
    sync_now: Callable[[], None],
    show_conflicts: Callable[[], None],
) -> QMenu:
    """The Sync menu (before Help, if the window has one); its actions are kept on the
    window as ``connect_action``, ``sync_now_action`` (F5) and ``conflicts_action``."""
    help_menu = getattr(window, "help_menu", None)
    if help_menu is not None:
        menu = QMenu("&Sync", window)
        window.menuBar().insertMenu(help_menu.menuAction(), menu)
    else:
        menu = window.menuBar().addMenu("&Sync")
    window.sync_menu = menu  # type: ignore[attr-defined]
    window.connect_action = menu.addAction("&Connect to server…", connect)  # type: ignore[attr-defined]
    window.sync_now_action = menu.addAction("Sync &now", sync_now)  # type: ignore[attr-defined]
    window.sync_now_action.setShortcut("F5")  # type: ignore[attr-defined]
    window.conflicts_action = menu.addAction("&Conflicts…", show_conflicts)  # type: ignore[attr-defined]
    return menu


def show_revoked(window: QMainWindow, message: str) -> None:
    """This computer may no longer sync: say why, then close the window."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Hearth", message,
                      QMessageBox.StandardButton.Ok, window)
    box.finished.connect(lambda _r: window.close())
    box.open()


def take_profile(window: QWidget, profile: Profile) -> None:
    """The server's view of the worker (name, username, team) replaces the local one."""
    runner: TaskRunner = window.runner  # type: ignore[attr-defined]
    store = runner.store
    if store is not None:
        store.profile = profile
    for holder in (window, getattr(window, "caseload", None), getattr(window, "family_view", None)):
        if holder is not None and hasattr(holder, "profile"):
            holder.profile = profile
    label = getattr(window, "worker_label", None)
    if label is not None:
        label.setText(f"{profile.name} · {profile.team}")
    if store is not None:
        window.setWindowTitle(window_title(store))
