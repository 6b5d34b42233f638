"""The worker's settings (declared in app.reference.settings); this dialog only loads and saves them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import HearthError, ValidationFailed
from app.reference.settings import IDLE_LOCK_MINUTES, Settings, save_settings
from app.store.caseload_store import Profile

from ui.shell.task_runner import TaskRunner
from ui.widgets.discard_guard import GuardsInput
from ui.widgets.fields import FieldMessage, add_field, recheck_on_edit


class SettingsDialog(GuardsInput, QDialog):
    """Emits ``saved(Settings)`` once the store holds the new values."""

    saved = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        profile: Profile,
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.guard_input()
        self.setWindowTitle("Settings")
        self._runner = runner
        self._profile = profile
        self._settings = settings
        self._busy = False

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(IDLE_LOCK_MINUTES.minimum, IDLE_LOCK_MINUTES.maximum)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setValue(settings.idle_lock_minutes)
        self.idle_minutes.setAccessibleName(IDLE_LOCK_MINUTES.title)

        form = QFormLayout()
        self.idle_message = add_field(form, "Lock after", self.idle_minutes)
        # The box takes only minutes in range: a message from the store goes once it changes.
        recheck_on_edit({"idle": (self.idle_minutes, self.idle_message)}, dict)
        note = QLabel(
            f"{IDLE_LOCK_MINUTES.title}. Hearth closes the store and hides the caseload; "
            f"anything you were typing is kept. Default: {IDLE_LOCK_MINUTES.default} minutes."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.message = FieldMessage()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def values(self) -> Settings:
        return replace(self._settings, idle_lock_minutes=self.idle_minutes.value())

    def _submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.save_button.setEnabled(False)
        self._runner.run_store(
            save_settings, self._profile, self.values(), done=self._saved, error=self._failed
        )

    def _saved(self, settings: Settings) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.saved.emit(settings)
        self.accept()

    def _failed(self, exc: HearthError) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.idle_message.show_message(exc.problems.get(IDLE_LOCK_MINUTES.key, ""))
            others = {k: v for k, v in exc.problems.items() if k != IDLE_LOCK_MINUTES.key}
            self.message.show_message(" ".join(others.values()))
        else:
            self.message.show_message(exc.message)
