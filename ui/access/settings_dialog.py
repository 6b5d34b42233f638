"""The worker's settings (declared in app.reference.settings); this dialog only loads and saves them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import HearthError, ValidationFailed
from app.logs import LEVEL_TITLES, log_level_in_force, save_log_level
from app.reference.machine_settings import SET_BY_ORGANISATION, machine_settings
from app.reference.settings import (
    IDLE_LOCK_MINUTES,
    Settings,
    declared_in_force,
    save_settings,
)
from app.store.caseload_store import Profile

from ui.shell.task_runner import TaskRunner
from ui.widgets.discard_guard import GuardsInput
from ui.widgets.fields import FieldMessage, FieldRow, recheck_on_edit
from ui.widgets.mnemonics import name_buttons
from ui.widgets.theme import APPEARANCES, chosen_appearance, save_appearance

APPEARANCE_NOTE = (
    "Colours for this computer. “Follow the system” uses dark colours when the system is "
    "dark, and the system's own colours when it uses high contrast. Takes effect the next "
    "time Hearth starts."
)


def appearance_choice() -> QComboBox:
    """Follow the system, light, dark or high contrast; this computer's choice selected."""
    combo = QComboBox()
    for key, words in APPEARANCES.items():
        combo.addItem(words, key)
    combo.setCurrentIndex(max(0, combo.findData(chosen_appearance())))
    combo.setAccessibleName("Appearance")
    return combo


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

        form = self._lock_and_log_rows(settings)
        self._appearance_row(form)
        self.message = FieldMessage()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        name_buttons(self.buttons)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)  # the notes under the fields read in a few lines

    def _lock_and_log_rows(self, settings: Settings) -> QFormLayout:
        """The idle lock and the log's detail, each fixed where the machine sets it."""
        machine = machine_settings()
        idle = declared_in_force(machine)[IDLE_LOCK_MINUTES.key]
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(idle.minimum, idle.maximum)
        self.idle_minutes.setSuffix(" minutes")
        self.idle_minutes.setValue(min(settings.idle_lock_minutes, idle.maximum))
        self.idle_minutes.setAccessibleName(IDLE_LOCK_MINUTES.title)

        level, level_fixed = log_level_in_force()
        self.log_level = QComboBox()
        for key, title in LEVEL_TITLES.items():
            self.log_level.addItem(title, key)
        self.log_level.setCurrentIndex(max(0, self.log_level.findData(level)))
        self.log_level.setAccessibleName("How much Hearth writes in its log")
        self.log_level.setEnabled(not level_fixed)

        form = QFormLayout()
        lock_hint = (
            "Hearth closes the store and hides the caseload after this many minutes without "
            f"use; anything you were typing is kept. Default: {idle.default} minutes."
        )
        self.idle_message = _hinted_row(form, "Lock after", self.idle_minutes, lock_hint)
        lock_note = (f"{SET_BY_ORGANISATION}: at most {idle.maximum} minutes."
                     if machine.is_set("idle_lock_max_minutes") else "")
        self.idle_fixed = _fixed_note(form, lock_note)
        _hinted_row(form, "Log detail", self.log_level,
                    "The log helps IT when something goes wrong; it never holds names or notes.")
        self.log_fixed = _fixed_note(form, f"{SET_BY_ORGANISATION}." if level_fixed else "")
        # The box takes only minutes in range: a message from the store goes once it changes.
        recheck_on_edit({"idle": (self.idle_minutes, self.idle_message)}, dict)
        return form

    def _appearance_row(self, form: QFormLayout) -> None:
        self.appearance = appearance_choice()
        _hinted_row(form, "Appearance", self.appearance, APPEARANCE_NOTE)

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
        if self.log_level.isEnabled():
            try:
                save_log_level(str(self.log_level.currentData()))
            except OSError:
                self.message.show_message("The log detail could not be saved.")
                self._busy = False
                self.save_button.setEnabled(True)
                return
        chosen = self.appearance.currentData()
        if chosen != chosen_appearance():  # this computer's choice, not the store's
            save_appearance(chosen)
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


def _hinted_row(form: QFormLayout, label: str, editor: QWidget, hint: str) -> FieldMessage:
    """``label: editor`` with what the setting does under the editor (and a line kept for
    a message under that)."""
    row = FieldRow(editor, hint)
    caption = QLabel(label)
    caption.setBuddy(editor)
    form.addRow(caption, row)
    if not editor.accessibleName():
        editor.setAccessibleName(label)
    return row.error_label


def _fixed_note(form: QFormLayout, text: str) -> QLabel | None:
    """A line under a field this computer's IT set ('Set by your organisation')."""
    if not text:
        return None
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    form.addRow("", label)
    return label
