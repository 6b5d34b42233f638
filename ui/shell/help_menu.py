"""The Help menu: the user guide (F1 opens the page for the screen in front), copying
the diagnostic details IT asks for, and About."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, cast

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStackedWidget, QWidget

from app.diagnostics import StoreFacts, diagnostic_text, store_facts

from ui.shell.about_box import show_about
from ui.shell.task_runner import TaskRunner
from ui.shell.user_guide import UserGuide


class HelpHost(Protocol):
    """What the Help menu needs of the main window."""

    help_menu: QMenu
    areas: QStackedWidget
    family_view: QWidget
    lock_screen: QWidget
    runner: TaskRunner
    folder: Path
    sync: Any  # its ``state`` and ``message``

    @property
    def is_locked(self) -> bool: ...


class HelpMenu:
    """Fills ``window.help_menu``; keeps the one user guide window."""

    def __init__(self, main_window: QMainWindow) -> None:
        self.main_window = main_window
        window = self.window = cast(HelpHost, main_window)
        self.guide: UserGuide | None = None
        menu = window.help_menu
        self.guide_action = QAction("&User guide", main_window)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.guide_action.triggered.connect(lambda: self.show_guide(self.page_for_screen()))
        self.shortcuts_action = QAction("&Keyboard shortcuts", main_window)
        self.shortcuts_action.triggered.connect(lambda: self.show_guide("shortcuts"))
        self.diagnostics_action = QAction("Copy &diagnostic details", main_window)
        self.diagnostics_action.triggered.connect(self.copy_diagnostics)
        self.about_action = QAction("&About Hearth", main_window)
        self.about_action.triggered.connect(lambda: show_about(main_window))
        for action in (self.guide_action, self.shortcuts_action):
            menu.addAction(action)
            main_window.addAction(action)
        menu.addSeparator()
        menu.addAction(self.diagnostics_action)
        menu.addSeparator()
        menu.addAction(self.about_action)

    # -- the guide ----------------------------------------------------------

    def page_for_screen(self) -> str:
        window = self.window
        current = window.areas.currentWidget()
        if window.is_locked or current is window.lock_screen:
            return "passphrase"
        if current is window.family_view:
            return "family"
        team = getattr(getattr(window, "today", None), "team", None)
        if team is not None and current is team.view:
            return "team-leads"
        return "caseload"

    def show_guide(self, page: str) -> None:
        if self.guide is None:
            self.guide = UserGuide(self.main_window)
        self.guide.show_page(page)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    # -- diagnostics --------------------------------------------------------

    def copy_diagnostics(self) -> None:
        """Counts come from the store's thread when it is open; locked, the rest only."""
        if self.window.is_locked or self.window.runner.store is None:
            self._copy(None)
            return
        self.window.runner.run_store(store_facts, done=self._copy,
                                     error=lambda _exc: self._copy(None))

    def _copy(self, facts: StoreFacts | None) -> None:
        window = self.window
        sync = window.sync
        result = f"{sync.state}" + (f" ({sync.message})" if sync.message else "")
        text = diagnostic_text(
            window.folder,
            locked=window.is_locked,
            facts=facts,
            last_sync_result=result,
            extra=(("Qt", qVersion()), ("PySide6", PySide6.__version__)),
        )
        QGuiApplication.clipboard().setText(text)
        self.main_window.statusBar().showMessage(
            "Diagnostic details copied: paste them into your message to IT.", 10000
        )
