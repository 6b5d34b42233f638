"""The main window: a thin shell of menus, a status bar and a stack of areas.

Each area is its own module (caseload, family, lock screen); the window only
switches between them, locks and unlocks, and opens the dialogs the menus name.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from app.casework.visit_writes import finalise_due_visits
from app.reference.levels_of_need import LevelsOfNeed
from app.reference.settings import Settings, load_settings
from app.store.caseload_store import Profile, Store, open_store
from app.store.unlock_attempts import UnlockAttempts

from ui.access.lock_screen import LockScreen
from ui.access.my_details_dialog import open_my_details
from ui.access.passphrase_dialog import ChangePassphraseDialog
from ui.access.settings_dialog import SettingsDialog
from ui.access.unlock_dialog import Opener
from ui.assessments.descriptor_import import open_descriptor_import
from ui.caseload.caseload_view import CaseloadView
from ui.caseload.today_nav import TodayNav
from ui.family.family_dialog import FamilyDialog
from ui.family.family_view import FamilyView
from ui.shell.forms_notice import attach_forms_notice
from ui.shell.help_menu import HelpMenu
from ui.shell.idle_watch import IdleWatch, LockKeyWatch
from ui.shell.open_dialogs import show_again, visible_dialogs
from ui.shell.read_only_banner import ReadOnlyBanner
from ui.shell.task_runner import TaskRunner
from ui.shell.window_areas import notices_over_areas
from ui.shell.window_title import window_title
from ui.sync.sync_window import attach_sync
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.window_memory import remember_size

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
FINALISE_EVERY_MS = 10 * MINUTE_MS


class MainWindow(QMainWindow):
    """The shell around the areas; ``locked_changed(bool)`` after each lock and unlock.

    ``idle_lock_ms`` overrides the idle-lock setting (tests use a few milliseconds).
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        runner: TaskRunner,
        levels: LevelsOfNeed,
        store: Store,
        attempts: UnlockAttempts,
        *,
        idle_lock_ms: int | None = None,
        opener: Opener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.levels = levels
        self.store = store
        self.profile = store.profile
        self.folder = store.folder
        self.attempts = attempts
        self.settings = Settings()
        self._idle_override = idle_lock_ms
        self._locked = False
        self._area_before_lock: QWidget | None = None
        self._hidden_dialogs: list[QDialog] = []
        self._open_family_id: str | None = None
        runner.store = store

        self.setWindowTitle(window_title(store))
        # every family tab shows on a 1366-pixel laptop (1280 hid some behind arrows)
        remember_size(self, "mainWindow", 1366, 800)

        self.notices, self.areas = notices_over_areas(self)
        self._build_areas(opener or open_store)

        self._build_menus()
        self._build_status_bar()

        self.idle_watch = IdleWatch(self._idle_interval_ms(), self)
        self.idle_watch.idle.connect(self.lock)
        self.lock_key_watch = LockKeyWatch(self.lock_action.shortcut(), self)
        self.lock_key_watch.pressed.connect(self.lock)
        runner.failed.connect(self._show_failure)
        runner.busy_changed.connect(self._show_busy)

        # Visit records whose time to be changed has run out become final: now (before
        # the first loads, so Today's drafts are drafts) and every few minutes.
        self.finalise_timer = QTimer(self)
        self.finalise_timer.setInterval(FINALISE_EVERY_MS)
        self.finalise_timer.timeout.connect(self.finalise_due_visits)
        self.finalise_due_visits()
        self.caseload.reload()
        self.runner.run_store(load_settings, done=self.apply_settings)
        self.idle_watch.start()
        self._update_state()

        self._attach_sync()
        self.forms_notice = attach_forms_notice(self.notices, runner, self.sync)
        self.statusBar().addWidget(self.read_only_banner, 1)
        self.today = TodayNav(self)

    # -- building -----------------------------------------------------------

    def _build_areas(self, opener: Opener) -> None:
        """The caseload, the family view and the lock screen (Today comes first, later),
        each built in place (ui.shell.window_areas)."""
        areas = self.areas
        self.caseload = CaseloadView(self.runner, self.levels, self.profile, areas)
        self.caseload.open_family.connect(self.open_family)
        self.caseload.new_family_requested.connect(self.new_family)
        areas.addWidget(self.caseload)
        self.family_view = FamilyView(self.runner, self.levels, self.profile, areas)
        self.family_view.back_requested.connect(self.show_caseload)
        areas.addWidget(self.family_view)
        self.lock_screen = LockScreen(
            self.runner, self.folder, self.attempts, self.profile.name, opener, areas
        )
        self.lock_screen.unlocked.connect(self._unlocked)
        areas.addWidget(self.lock_screen)

    def _attach_sync(self) -> None:
        """The Sync menu and the sync status in the status bar."""
        sync = attach_sync(
            self,
            self.runner,
            profile=lambda: self.profile,
            take_profile=self.take_profile,
            help_menu=self.help_menu,
            is_locked=lambda: self.is_locked,
            locked_changed=self.locked_changed,
            caseload_loaded=self.caseload.loaded,
        )
        self.sync = sync.controller
        self.sync_status_widget = sync.status_widget
        self.sync_menu = sync.menu.menu
        self.connect_action = sync.menu.connect_action
        self.sync_now_action = sync.menu.sync_now_action
        self.conflicts_action = sync.menu.conflicts_action
        self.fetch_reference_action = sync.menu.fetch_reference_action

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        self.new_family_action = self._action("&New family…", self.new_family, "Ctrl+N")
        self.caseload_action = self._action("&Caseload", self.show_caseload, "Ctrl+1")
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L")
        self.passphrase_action = self._action("Change &passphrase…", self.change_passphrase)
        self.settings_action = self._action("&Settings…", self.open_settings)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.my_details_action = self._action("My &details…", lambda: open_my_details(self))

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.new_family_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.passphrase_action)
        file_menu.addAction(self.my_details_action)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.caseload_action)
        tools = self.menuBar().addMenu("&Tools")
        tools.addAction("GCP2 &descriptors…", lambda: open_descriptor_import(self))
        self.help_menu = self.menuBar().addMenu("&Help")
        self.help = HelpMenu(self)
        self.about_action = self.help.about_action
        self.file_menu, self.view_menu = file_menu, view_menu

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.worker_label = QLabel(f"{self.profile.name} · {self.profile.team}")
        self.folder_label = ElidedLabel(str(self.folder))
        self.folder_label.setObjectName("hint")
        self.busy_label = QLabel("")
        self.lock_label = QLabel()
        self.lock_label.setObjectName("lockState")
        for label in (self.busy_label, self.worker_label, self.folder_label, self.lock_label):
            bar.addPermanentWidget(label)
        bar.messageChanged.connect(lambda text: self.folder_label.setHidden(bool(text)))  # room
        self.read_only_banner = ReadOnlyBanner(self.store)  # in the bar once sync's is there

    # -- state --------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._locked

    def _update_state(self) -> None:
        unlocked = not self._locked
        for action in (
            self.new_family_action,
            self.caseload_action,
            self.lock_action,
            self.passphrase_action,
            self.my_details_action,
            self.settings_action,
        ):
            action.setEnabled(unlocked)
        self.new_family_action.setEnabled(unlocked and FamilyDialog is not None)
        self.lock_label.setText("Unlocked" if unlocked else "Locked")

    def _idle_interval_ms(self) -> int:
        if self._idle_override is not None:
            return self._idle_override
        return self.settings.idle_lock_minutes * MINUTE_MS

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.idle_watch.set_interval_ms(self._idle_interval_ms())

    # -- areas --------------------------------------------------------------

    def show_caseload(self) -> None:
        if self._locked:
            return
        self.areas.setCurrentWidget(self.caseload)
        if self._open_family_id:
            self.caseload.select_family(self._open_family_id)
        self.caseload.focus_search()

    def open_family(self, family_id: str) -> None:
        if self._locked:
            return
        self._open_family_id = family_id
        self.family_view.show_family(family_id)
        self.areas.setCurrentWidget(self.family_view)
        self.family_view.setFocus()

    def new_family(self) -> None:
        if self._locked:
            return
        dialog = FamilyDialog(self.runner, self.levels, self.profile, None, self)
        dialog.saved.connect(self._family_created)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _family_created(self, family_id: str) -> None:
        self.open_family(family_id)

    # -- dialogs from the menus ---------------------------------------------

    def change_passphrase(self) -> None:
        if self._locked:
            return
        dialog = ChangePassphraseDialog(self.runner, self.folder, self.attempts, self, self.store)
        dialog.changed.connect(
            lambda: self.statusBar().showMessage("Your passphrase was changed.", 8000)
        )
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def open_settings(self) -> None:
        """Load the settings, then show them (never a half-filled dialog)."""
        if self._locked:
            return
        self.runner.run_store(load_settings, done=self._show_settings)

    def _show_settings(self, settings: Settings) -> None:
        if self._locked:
            return
        dialog = SettingsDialog(self.runner, self.profile, settings, self)
        dialog.saved.connect(self.apply_settings)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    # -- lock and unlock ----------------------------------------------------

    def lock(self) -> None:
        """Hide everything, close the store (after queued work), and ask for the passphrase."""
        if self._locked:
            return
        self._locked = True
        self.idle_watch.stop()
        self._hidden_dialogs = visible_dialogs(self)
        for dialog in self._hidden_dialogs:
            dialog.hide()  # hidden, not closed: unsaved input stays
        current = self.areas.currentWidget()
        self._area_before_lock = current if current is not self.lock_screen else self.caseload
        self.areas.setCurrentWidget(self.lock_screen)
        self.caseload.clear()
        self.lock_screen.prepare()
        self._update_state()

        store, runner = self.store, self.runner

        def close_store() -> None:
            # On the store thread, after every task queued before the lock.
            if runner.store is store:
                runner.store = None
            store.close()

        runner.run_on_store_thread(close_store)
        self.locked_changed.emit(True)

    def _unlocked(self, store: Store) -> None:
        self.store = store
        self.runner.store = store
        self._locked = False
        self.read_only_banner.show_for(store)
        self.finalise_due_visits()
        self.areas.setCurrentWidget(self._area_before_lock or self.caseload)
        self.caseload.reload()
        self._update_state()
        hidden, self._hidden_dialogs = self._hidden_dialogs, []
        dialogs = show_again(hidden)
        if not dialogs and self.areas.currentWidget() is self.caseload:
            self.caseload.focus_search()
        self.idle_watch.start()
        self.locked_changed.emit(False)

    def finalise_due_visits(self) -> None:
        """Make final every visit record whose time to be changed has run out."""
        if not self._locked and not self.store.read_only:
            self.runner.run_store(finalise_due_visits, self.profile)
            self.finalise_timer.start()

    def take_profile(self, profile: Profile) -> None:
        """The server's view of the worker (name, username, team) replaces the local one."""
        store = self.runner.store
        if store is not None:
            store.profile = profile
        self.profile = profile
        self.caseload.profile = profile
        self.family_view.profile = profile
        self.worker_label.setText(f"{profile.name} · {profile.team}")
        if store is not None:
            self.setWindowTitle(window_title(store))

    # -- reports --------------------------------------------------------------

    def _show_failure(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        if self._locked:
            return  # e.g. a task that reached the store after it was closed
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Hearth", message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _show_busy(self, busy: bool) -> None:
        self.busy_label.setText("Working…" if busy else "")

    # -- closing --------------------------------------------------------------

    def close_store(self) -> None:
        """Close the store on its thread after queued work (on quit)."""
        self.idle_watch.stop()
        store, runner = self.store, self.runner

        def close_store() -> None:
            if runner.store is store:
                runner.store = None
            store.close()

        try:
            runner.run_on_store_thread(close_store)
        except RuntimeError:  # the runner has already stopped: nothing else can use the store
            close_store()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.lock_key_watch.detach()
        self.close_store()
        for dialog in visible_dialogs(self):
            dialog.close()
        super().closeEvent(event)
