"""What the main window shows while locked: nothing of the caseload, only a way back in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.store.caseload_store import Store, open_store
from app.store.unlock_attempts import UnlockAttempts

from ui.access.unlock_dialog import Opener, UnlockForm
from ui.shell.task_runner import TaskRunner


class LockScreen(QWidget):
    """A centred card with the worker's name and the passphrase form; emits ``unlocked(Store)``."""

    unlocked = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        folder: Path,
        attempts: UnlockAttempts,
        worker_name: str,
        opener: Opener = open_store,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card = QFrame()
        card.setObjectName("lockCard")
        card.setFixedWidth(540)
        title = QLabel("Hearth is locked")
        title.setObjectName("lockTitle")
        self.detail = QLabel(
            f"The caseload is hidden and the store is closed. {worker_name}, enter your "
            "passphrase to carry on where you left off; anything you were typing is kept."
        )
        self.detail.setWordWrap(True)
        self.form = UnlockForm(runner, folder, attempts, opener, card)
        self.form.unlocked.connect(self._unlocked)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(self.detail)
        inner.addWidget(self.form)

        outer = QVBoxLayout(self)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)

    def prepare(self) -> None:
        """Clear the form and put the cursor in the passphrase field."""
        self.form.reset()
        self.form.focus_passphrase()

    def _unlocked(self, store: Store) -> None:
        self.unlocked.emit(store)
