"""Starting the desktop application: the QApplication, its style, and the way in.

:class:`Startup` takes the worker from launch to the main window: the welcome
dialog for a folder with no store, the unlock dialog for one that has a store,
a dialog offering to set aside a half-made store, or straight in for the demo
store (opened with its published passphrase).
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
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
from app.reference.levels_of_need import LevelsOfNeed, levels_in_use
from app.store.store_state import half_made_findings, store_state
from app.store.unlock_attempts import UnlockAttempts

from ui.access.unlock_dialog import UnlockDialog
from ui.shell.levels_notice import LevelsNotice, show_levels_problem
from ui.shell.main_thread_gc import collect_on_main_thread
from ui.shell.task_runner import TaskRunner
from ui.widgets.theme import apply_theme, chosen_appearance

# The way in comes first: the unlock dialog shows before the store's modules (SQLAlchemy)
# and the main window's (together nine tenths of the start-up imports) are imported.
# They are imported behind it while the worker types (warm_up), or at the latest when
# the store opens.
if TYPE_CHECKING:
    from app.store.caseload_store import Profile, Store
    from app.sync.engine import SyncReport

    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

# What the main window needs, imported behind the way in (class definitions only: no
# module of Hearth's makes a Qt object when imported, so another thread may import them).
WARM_UP_MODULES = (
    "app.store.caseload_store",
    "app.records.changes",
    "app.families.level_renames",
    "ui.shell.main_window",
)


def prepare_main_window(names: tuple[str, ...] = WARM_UP_MODULES) -> None:
    """Import the main window's modules, then set every object made so far (the modules,
    classes and functions of the whole application, about 165,000) aside from Python's
    cycle collector with ``gc.freeze``: they live as long as the process, and each full
    pass of the collector walked them all, 80 ms on a laptop-class CPU, at moments no one
    chose (in the middle of a caseload arriving, or a keystroke). Imports leave no
    garbage in cycles (a collection just after them finds none), so nothing is kept
    that would have been freed."""
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - the main thread's own import says why
            log.warning("preparing the main window failed (%s)", type(exc).__name__)
            return
    gc.freeze()

STYLE_FILE = Path(resources.__file__).resolve().parent / "style.qss"
# Drawn and rendered in packaging/icons (hearth.svg, render.py); the build bundles it.
ICON_FILE = Path(resources.__file__).resolve().parents[1] / "packaging" / "icons" / "hearth-256.png"


def configure_app(app: QApplication, appearance: str = "") -> None:
    """Name, style, palette and stylesheet shared by every window (``appearance``: an
    APPEARANCES key; "" for the worker's choice, which follows the system by default)."""
    app.setApplicationName("Hearth")
    app.setApplicationDisplayName("Hearth")
    app.setOrganizationName("Hearth")
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(ICON_FILE)))
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
    from app.store import caseload_store as store_api

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
        self._warming: threading.Thread | None = None
        self.collector = collect_on_main_thread(self)  # before any work on other threads

    def warm_up(self) -> None:
        """Import the main window's modules on a thread of their own while the worker
        types, so that the window opens as soon after unlocking as if they had been
        imported before the dialog. Call once the way in is on screen."""
        if self._warming is None:
            self._warming = threading.Thread(
                target=prepare_main_window, name="hearth-warm-up", daemon=True
            )
            self._warming.start()

    def _warmed_up(self) -> None:
        """Wait for the warm-up before the main thread imports anything itself: two threads
        importing the same modules in different orders could each wait for the other."""
        if self._warming is not None:
            self._warming.join()

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
        if state != "whole":
            self._warmed_up()
        if state == "half_made":
            from ui.access.half_made_dialog import HalfMadeDialog

            half_made = HalfMadeDialog(self.folder, half_made_findings(self.folder))
            half_made.done_set_aside.connect(self._start_again)
            dialog = half_made
        elif state == "whole":
            unlock = UnlockDialog(self.runner, self.folder, self.attempts)
            unlock.unlocked.connect(self._show_window)
            unlock.done_set_aside.connect(self._start_again)
            dialog = unlock
        else:
            from ui.access.welcome_dialog import WelcomeDialog

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
        self._warmed_up()
        from ui.shell.main_window import MainWindow

        self.runner.store = store
        self._rename_replaced_levels(store.profile)
        window = MainWindow(
            self.runner, self.levels, store, self.attempts, idle_lock_ms=self.idle_lock_ms
        )
        self.window = window
        self.levels_notice = show_levels_problem(window.notices, self.levels_problem)
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
        from app.families.level_renames import rename_replaced_levels

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
    QTimer.singleShot(0, startup.warm_up)  # once the way in is on screen
    try:
        status = app.exec()
    finally:
        shut_down(runner, startup.window)
    return int(status)

