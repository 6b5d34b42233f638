"""The Help menu: the user guide (F1 opens the page for the screen in front), copying
the diagnostic details IT asks for, and About."""

from __future__ import annotations

from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

from app.diagnostics import StoreFacts, diagnostic_text, store_facts

from ui.shell.about_box import show_about
from ui.shell.user_guide import UserGuide

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow


class HelpMenu:
    """Fills ``window.help_menu``; keeps the one user guide window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.guide: UserGuide | None = None
        menu = window.help_menu
        self.guide_action = QAction("&User guide", window)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.guide_action.triggered.connect(lambda: self.show_guide(self.page_for_screen()))
        self.shortcuts_action = QAction("&Keyboard shortcuts", window)
        self.shortcuts_action.triggered.connect(lambda: self.show_guide("shortcuts"))
        self.diagnostics_action = QAction("Copy &diagnostic details", window)
        self.diagnostics_action.triggered.connect(self.copy_diagnostics)
        self.about_action = QAction("&About Hearth", window)
        self.about_action.triggered.connect(lambda: show_about(window))
        for action in (self.guide_action, self.shortcuts_action):
            menu.addAction(action)
            window.addAction(action)
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
            self.guide = UserGuide(self.window)
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
        window.statusBar().showMessage(
            "Diagnostic details copied: paste them into your message to IT.", 10000
        )
