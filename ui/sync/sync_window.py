"""The main window's side of sync: the Sync menu, the message when this computer's
access is withdrawn, and stopping sync when the window closes.
:func:`ui.sync.sync_controller.attach_sync` puts them together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox


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


def add_sync_menu(
    window: QMainWindow,
    before: QMenu | None,
    connect: Callable[[], None],
    sync_now: Callable[[], None],
    show_conflicts: Callable[[], None],
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
    return SyncMenu(
        menu, connect_action, sync_now_action, menu.addAction("&Conflicts…", show_conflicts)
    )


def show_revoked(window: QMainWindow, message: str) -> None:
    """This computer may no longer sync: say why, then close the window."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Hearth", message,
                      QMessageBox.StandardButton.Ok, window)
    box.finished.connect(lambda _r: window.close())
    box.open()
