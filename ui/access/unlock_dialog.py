"""Unlocking a store: the passphrase form shared by the unlock dialog and the lock screen.

The store is opened on the store's thread (``app.store.caseload_store.open_store`` derives the
key, checks the store and runs migrations). A wrong passphrase clears the field
and, after the first few, makes the worker wait a growing time
(``app.store.unlock_attempts``) with a visible countdown. A damaged key file or a
folder that is not a Hearth store says so; nothing is ever shown as a traceback.
The unlock dialog also lets a worker who cannot unlock the store set it aside
(renamed, never deleted: ``ui.access.set_aside_prompt``) and start a new one.
If the unlock settled an interrupted passphrase change, the worker is told which
passphrase is now in force. "Forgotten your passphrase?" says what they can do.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import HearthError, WrongPassphrase
from app.store.unlock_attempts import UnlockAttempts

from ui.access.set_aside_prompt import SetAsideQuestion
from ui.shell.task_runner import TaskRunner
from ui.widgets.fields import FieldMessage

if TYPE_CHECKING:  # the store's modules are imported on the store's thread, at unlock
    from app.store.caseload_store import Store

log = logging.getLogger(__name__)

Opener = Callable[[Path, str], "Store"]

TICK_MS = 200

FORGOTTEN_TITLE = "Forgotten your passphrase?"
FORGOTTEN_TEXT = (
    "Nobody can read your passphrase back, not even IT, and Hearth cannot open your "
    "caseload without it. What you can do:\n\n"
    "• Ask IT to recover it. If this computer has synced with your council's server since "
    "recovery was set up, IT can set a new passphrase with the council's recovery key. "
    "Take this computer to them: everything on it, including changes not yet sent, is "
    "kept.\n\n"
    "• Without a recovery key, set this store aside and start a new one. The old store is "
    "kept (renamed, never deleted) for IT; connect the new one to the server and your "
    "caseload comes back from there. Changes that were never sent stay only in the "
    "set-aside store."
)


def wrappable_path(folder: Path) -> str:
    """``folder`` as words a label may wrap after any separator (a long path has no spaces,
    and unwrapped it widens the dialog beyond the screen or cuts its buttons off)."""
    return str(folder).replace("/", "/\u200b").replace("\\", "\\\u200b")


def _open(opener: Opener | None, folder: Path, passphrase: str) -> Store:
    """Open the store (``opener``, or the store's own open_store: imported here, so the
    dialog shows before SQLAlchemy is loaded); turn any unexpected failure into a
    sentence (no traceback, no data)."""
    try:
        if opener is None:
            from app.store.caseload_store import open_store

            opener = open_store
        return opener(folder, passphrase)
    except HearthError:
        raise
    except Exception as exc:  # noqa: BLE001 - anything else is explained, never shown raw
        log.error("opening the store failed: %s", type(exc).__name__)
        raise HearthError(
            f"Hearth could not open the store in {folder} ({type(exc).__name__}). "
            "Nothing was changed."
        ) from None


class UnlockForm(QWidget):
    """A passphrase field and an Unlock button; emits ``unlocked(Store)``."""

    unlocked = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        folder: Path,
        attempts: UnlockAttempts,
        opener: Opener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._folder = Path(folder)
        self._attempts = attempts
        self._opener = opener
        self._busy = False
        self.note_box: QMessageBox | None = None

        caption = QLabel("&Passphrase")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(280)
        caption.setBuddy(self.passphrase)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.message = FieldMessage()
        self.wait_label = QLabel()
        self.wait_label.setObjectName("hint")
        self.wait_label.setWordWrap(True)
        self.wait_label.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.wait_label)

        self._countdown = QTimer(self)
        self._countdown.setInterval(TICK_MS)
        self._countdown.timeout.connect(self._tick)
        # Enter in the field unlocks, and goes no further (a dialog's default button
        # would otherwise try again once a quick answer has already come back).
        self.passphrase.installEventFilter(self)
        self.unlock_button.clicked.connect(self.submit)
        self._tick()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.passphrase
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.submit()
            return True
        return False

    # -- public -------------------------------------------------------------

    def reset(self) -> None:
        """Empty the field and any old message (before showing the form again)."""
        self.passphrase.clear()
        self.message.show_message("")
        self._tick()

    def focus_passphrase(self) -> None:
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def is_busy(self) -> bool:
        """An unlock is under way."""
        return self._busy

    @property
    def is_waiting(self) -> bool:
        return self._attempts.wait_remaining() > 0

    def submit(self) -> None:
        if self._busy or self.is_waiting:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.message.show_message("Enter your passphrase.")
            return
        self.message.show_message("")
        self._set_busy(True)
        opener, folder = self._opener, self._folder
        self._runner.run_on_store_thread(
            lambda: _open(opener, folder, passphrase), done=self._opened, error=self._failed
        )

    # -- results ------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.unlock_button.setText("Unlocking…" if busy else "Unlock")

    def _opened(self, store: Store) -> None:
        self._set_busy(False)
        self._attempts.succeeded()
        self.passphrase.clear()
        self.message.show_message("")
        self._tick()
        if store.unlock_note:
            self.note_box = _tell(store.unlock_note)
        self.unlocked.emit(store)

    def _failed(self, exc: HearthError) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self._attempts.failed()
            self.passphrase.clear()
        else:
            self.passphrase.selectAll()
        self.message.show_message(exc.message)
        self._tick()
        self.focus_passphrase()

    def _tick(self) -> None:
        wait = self._attempts.wait_remaining()
        if wait > 0:
            seconds = math.ceil(wait)
            self.unlock_button.setEnabled(False)
            self.unlock_button.setText(f"Wait {seconds} s")
            self.wait_label.setText(
                f"To slow down guessing, the next try can be made in {seconds} "
                f"second{'s' if seconds != 1 else ''}."
            )
            self.wait_label.show()
            if not self._countdown.isActive():
                self._countdown.start()
        else:
            self._countdown.stop()
            self.wait_label.hide()
            if not self._busy:
                self.unlock_button.setEnabled(True)
                self.unlock_button.setText("Unlock")


def _tell(note: str) -> QMessageBox:
    """Show ``note`` (which passphrase is in force) in a box of its own, which outlives
    the unlock dialog that closes at once."""
    box = QMessageBox(QMessageBox.Icon.Information, "Your passphrase", note,
                      QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


class UnlockDialog(QDialog):
    """Shown at launch when the store exists; ``store`` holds the open store once accepted.

    ``done_set_aside(Path)`` is emitted instead if the worker sets the store aside.
    """

    unlocked = Signal(object)
    done_set_aside = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        folder: Path,
        attempts: UnlockAttempts,
        opener: Opener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock Hearth")
        self.store: Store | None = None
        self._folder = Path(folder)
        self.forgotten_box: QMessageBox | None = None
        title = QLabel("Unlock your caseload")
        title.setObjectName("dialogTitle")
        intro = QLabel("Enter the passphrase you chose for this store.")
        intro.setWordWrap(True)
        folder_note = QLabel(f"Store folder: {wrappable_path(Path(folder))}")
        folder_note.setObjectName("hint")
        folder_note.setWordWrap(True)
        self.form = UnlockForm(runner, folder, attempts, opener, self)
        self.form.unlocked.connect(self._unlocked)
        quit_button = QPushButton("Quit")
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        self._add_set_aside_button(buttons)
        buttons.addWidget(self._build_forgotten())
        buttons.addStretch(1)
        buttons.addWidget(quit_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.form)
        layout.addWidget(folder_note)
        layout.addLayout(buttons)
        self.setMinimumWidth(max(480, layout.minimumSize().width()))
        self.form.focus_passphrase()

    def _build_forgotten(self) -> QPushButton:
        self.forgotten_button = QPushButton(FORGOTTEN_TITLE)
        self.forgotten_button.setFlat(True)
        self.forgotten_button.setAutoDefault(False)
        self.forgotten_button.clicked.connect(self.show_forgotten)
        return self.forgotten_button

    def show_forgotten(self) -> None:
        """What a worker who has forgotten their passphrase can do."""
        self.forgotten_box = QMessageBox(
            QMessageBox.Icon.Information, FORGOTTEN_TITLE, FORGOTTEN_TEXT,
            QMessageBox.StandardButton.Ok, self)
        self.forgotten_box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.forgotten_box.open()

    def _unlocked(self, store: Store) -> None:
        self.store = store
        self.unlocked.emit(store)
        self.accept()

    # -- setting the store aside (for a worker who cannot unlock it) ----------

    def _add_set_aside_button(self, buttons: QHBoxLayout) -> None:
        self.set_aside_button = QPushButton("Set this store aside and start a new one…")
        self.set_aside_button.setAutoDefault(False)
        self.set_aside_button.clicked.connect(self._ask_to_set_aside)
        buttons.addWidget(self.set_aside_button)
        self.set_aside_question: SetAsideQuestion | None = None

    def _ask_to_set_aside(self) -> None:
        """Ask first; once renamed, ``done_set_aside(Path)`` lets the caller start anew.
        Not while an unlock is under way: the store may be opening from that folder."""
        if self.form.is_busy:
            return
        question = SetAsideQuestion(self._folder, self)
        question.done_set_aside.connect(self.done_set_aside)
        question.failed.connect(lambda exc: self.form.message.show_message(exc.message))
        question.finished.connect(question.deleteLater)
        self.set_aside_question = question
        question.open()
