"""Starting the desktop application: the QApplication, its style, and the way in.

:class:`Startup` takes the worker from launch to the main window: the welcome
dialog for a folder with no store, the unlock dialog for one that has a store,
a dialog offering to set aside a half-made store, or straight in for the demo
store (opened with its published passphrase).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

import resources
from app.errors import HearthError
from app.families.level_renames import rename_replaced_levels
from app.reference.levels_of_need import LevelsOfNeed, levels_in_use
from app.store import caseload_store as store_api
from app.store.caseload_store import Profile, Store
from app.store.store_state import half_made_findings, store_state
from app.store.unlock_attempts import UnlockAttempts
from app.sync.engine import SyncReport

from ui.access.half_made_dialog import HalfMadeDialog
from ui.access.unlock_dialog import UnlockDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.shell.levels_notice import LevelsNotice, show_levels_problem
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner
from ui.widgets.theme import apply_theme, chosen_appearance

log = logging.getLogger(__name__)

STYLE_FILE = Path(resources.__file__).resolve().parent / "style.qss"


def configure_app(app: QApplication, appearance: str = "") -> None:
    """Name, style, palette and stylesheet shared by every window (``appearance``: an
    APPEARANCES key; "" for the worker's choice, which follows the system by default)."""
    app.setApplicationName("Hearth")
    app.setApplicationDisplayName("Hearth")
    app.setOrganizationName("Hearth")
    app.setStyle("Fusion")
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)
    try:
        template = STYLE_FILE.read_text(encoding="utf-8")
    except OSError:
        log.warning("stylesheet not found; using the plain style")
        template = ""
    used = apply_theme(app, appearance or chosen_appearance(), template)
    log.info("appearance: %s", used)


class _BusyNote(QDialog):
    """A small window saying what is happening while the demo store is prepared."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hearth")
        label = QLabel(text)
        label.setWordWrap(True)
        bar = QProgressBar()
        bar.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(bar)
        self.setMinimumWidth(360)


def _open_demo(folder: Path, lead: bool) -> Store:
    from app.demo.seed import DEMO_PASSPHRASE, ensure_demo_store  # only the demo needs it
    try:
        ensure_demo_store(folder, lead=lead)
    except OSError as exc:
        raise HearthError(
            f"Hearth could not prepare the demo store in {folder} ({exc.strerror or 'file error'})."
        ) from None
    return store_api.open_store(folder, DEMO_PASSPHRASE)


class Startup(QObject):
    """Shows the right way in, then the main window.

    Emits ``window_ready(MainWindow)``, or ``cancelled`` if the worker quits first.
    """

    window_ready = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        levels: LevelsOfNeed,
        folder: Path,
        *,
        demo: bool = False,
        demo_lead: bool = False,
        idle_lock_ms: int | None = None,
        levels_problem: str = "",
        parent: QObject | None = None,
    ) -> None:
        """``levels_problem``: why the council's levels file could not be used ("" if it
        could), shown at the top of the main window."""
        super().__init__(parent)
        self.runner = runner
        self.levels = levels
        self.levels_problem = levels_problem
        self.levels_notice: LevelsNotice | None = None
        self.folder = Path(folder)
        self.demo = demo
        self.demo_lead = demo_lead  # the demo team's lead, not one of its workers
        self.idle_lock_ms = idle_lock_ms
        self.attempts = UnlockAttempts(folder=self.folder)
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        if self.demo:
            note = _BusyNote("Opening the demo store of synthetic families…")
            self.dialog = note
            note.show()
            folder, lead = self.folder, self.demo_lead
            self.runner.run_on_store_thread(
                lambda: _open_demo(folder, lead), done=self._show_window, error=self._demo_failed
            )
        else:
            self._show_way_in()

    def _show_way_in(self, set_aside_to: Path | None = None) -> None:
        """The unlock dialog for a whole store, the welcome dialog for none, and for a
        half-made one a dialog offering to set it aside: never a dead end."""
        state = store_state(self.folder)
        dialog: QDialog
        if state == "half_made":
            half_made = HalfMadeDialog(self.folder, half_made_findings(self.folder))
            half_made.done_set_aside.connect(self._start_again)
            dialog = half_made
        elif state == "whole":
            unlock = UnlockDialog(self.runner, self.folder, self.attempts)
            unlock.unlocked.connect(self._show_window)
            unlock.done_set_aside.connect(self._start_again)
            dialog = unlock
        else:
            welcome = WelcomeDialog(self.runner, self.folder)
            welcome.created.connect(self._show_window)
            if set_aside_to is not None:
                welcome.show_set_aside_note(set_aside_to)
            dialog = welcome
        dialog.rejected.connect(self.cancelled)
        self._replace_dialog(dialog)
        dialog.show()

    def _start_again(self, moved: Path) -> None:
        """The store was set aside (its pause after wrong passphrases went with it)."""
        self.attempts = UnlockAttempts(folder=self.folder)
        self._show_way_in(set_aside_to=moved)

    def _replace_dialog(self, dialog: QDialog | None) -> None:
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = dialog

    def _demo_failed(self, exc: HearthError) -> None:
        if self.dialog is not None:
            self.dialog.hide()
        box = QMessageBox(
            QMessageBox.Icon.Critical, "Hearth", exc.message, QMessageBox.StandardButton.Ok
        )
        box.finished.connect(lambda _result: self.cancelled.emit())
        self.dialog = box
        box.show()

    def _show_window(self, store: Store) -> None:
        self.runner.store = store
        self._rename_replaced_levels(store.profile)
        window = MainWindow(
            self.runner, self.levels, store, self.attempts, idle_lock_ms=self.idle_lock_ms
        )
        self.window = window
        self.levels_notice = show_levels_problem(window, self.levels_problem)
        window.sync.finished.connect(self._after_sync)
        window.show()
        self._replace_dialog(None)
        window.caseload.focus_search()
        self.window_ready.emit(window)

    def _rename_replaced_levels(self, profile: Profile) -> None:
        """Families on codes the levels in use replace move to their new level (at unlock,
        before the first view loads: the store's thread runs tasks in turn)."""
        store = self.runner.store
        if store is None or store.read_only or not self.levels.replaced_codes():
            return
        self.runner.run_store(
            rename_replaced_levels, profile, self.levels,
            error=lambda exc: log.warning("levels of need not renamed (%s)", type(exc).__name__),
        )

    def _after_sync(self, report: SyncReport) -> None:
        """Families a sync brought in on replaced codes (a device still on the old levels
        wrote them) are renamed too; the renaming goes with the next sync."""
        if report.pulled and self.window is not None:
            self._rename_replaced_levels(self.window.profile)


def shut_down(runner: TaskRunner, window: MainWindow | None) -> None:
    """Close the store after queued work and stop the runner's threads."""
    if window is not None:
        window.close_store()
    else:
        store = runner.store
        if store is not None:
            runner.run_on_store_thread(store.close)
        runner.store = None
    runner.shutdown()


def run_gui(
    folder: Path, *, demo: bool = False, demo_lead: bool = False, qt_args: list[str] | None = None
) -> int:
    """Run the application until the worker quits; the exit status."""
    app: Any = QApplication.instance() or QApplication(["hearth", *(qt_args or [])])
    configure_app(app)
    in_use = levels_in_use()  # a broken council file is shown, never a reason to stop
    runner = TaskRunner()
    startup = Startup(
        runner, in_use.levels, folder, demo=demo, demo_lead=demo_lead,
        levels_problem=in_use.problem,
    )
    startup.cancelled.connect(app.quit)
    startup.start()
    try:
        status = app.exec()
    finally:
        shut_down(runner, startup.window)
    return int(status)

