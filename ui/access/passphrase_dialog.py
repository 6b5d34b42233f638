"""Changing the store's passphrase, and the passphrase fields a new store also uses.

Changing the passphrase re-wraps the database key (``app.store.caseload_store.change_passphrase``);
it runs on a background thread because key derivation takes a moment. A wrong
current passphrase counts towards the same growing delay as the unlock screen.
With the tick box, the database is re-encrypted under a new key too
(``app.store.rekey.rekey_store``, on the store's thread), so an old copy of the key
file opens nothing.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import HearthError, WeakPassphrase, WrongPassphrase
from app.store import caseload_store as store_api
from app.store.caseload_store import Store
from app.store.rekey import rekey_store
from app.store.unlock_attempts import UnlockAttempts
from app.store.vault import check_passphrase_strength

from ui.shell.task_runner import TaskRunner
from ui.widgets.discard_guard import GuardsInput
from ui.widgets.fields import FieldMessage, add_field, dialog_buttons, recheck_on_edit


def passphrase_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(260)
    return field


def new_passphrase_problems(passphrase: str, confirm: str) -> dict[str, str]:
    """Problems with a new passphrase and its confirmation, keyed 'passphrase' / 'confirm'."""
    problems: dict[str, str] = {}
    try:
        check_passphrase_strength(passphrase)
    except WeakPassphrase as exc:
        problems["passphrase"] = exc.message
    if not confirm:
        problems["confirm"] = "Type the passphrase again to confirm it."
    elif confirm != passphrase:
        problems["confirm"] = "The two passphrases are not the same."
    return problems


class ChangePassphraseDialog(GuardsInput, QDialog):
    """Current passphrase, new one, confirmation; messages next to each field."""

    changed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        folder: Path,
        attempts: UnlockAttempts,
        parent: QWidget | None = None,
        store: Store | None = None,
    ) -> None:
        """``store``: the open store, which the tick box to re-key needs (none: no box)."""
        super().__init__(parent)
        self.guard_input()
        self.setWindowTitle("Change passphrase")
        self._runner = runner
        self._store = store
        self._folder = Path(folder)
        self._attempts = attempts
        self._busy = False

        intro = QLabel(
            "Your passphrase protects every record on this computer. Choose one that is "
            "long and easy for you to remember; a few unrelated words work well."
        )
        intro.setWordWrap(True)
        self.old = passphrase_field()
        self.new = passphrase_field()
        self.confirm = passphrase_field()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.old_message = add_field(form, "Current passphrase", self.old)
        self.new_message = add_field(form, "New passphrase", self.new)
        self.confirm_message = add_field(form, "Confirm new passphrase", self.confirm)
        self.rekey = QCheckBox("Also change the database key")
        self.rekey.setVisible(store is not None)
        self.rekey_note = QLabel("Do this if you think an old copy of your key file may be known.")
        self.rekey_note.setObjectName("hint")
        self.rekey_note.setWordWrap(True)
        self.rekey_note.setVisible(store is not None)
        self.message = FieldMessage()
        recheck_on_edit(
            {"old": (self.old, self.old_message), "passphrase": (self.new, self.new_message),
             "confirm": (self.confirm, self.confirm_message)},
            self.problems,
        )

        self.buttons, self.ok_button = dialog_buttons(self, "Change &passphrase", self._submit)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.rekey, 0, Qt.AlignmentFlag.AlignLeft)  # as wide as its words
        layout.addWidget(self.rekey_note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(max(480, layout.minimumSize().width()))

    def _show_problems(self, problems: dict[str, str]) -> None:
        self.old_message.show_message(problems.get("old", ""))
        self.new_message.show_message(problems.get("passphrase", ""))
        self.confirm_message.show_message(problems.get("confirm", ""))
        self.message.show_message(problems.get("general", ""))

    def problems(self) -> dict[str, str]:
        """What is wrong with the three passphrases as typed, by field."""
        old, new, confirm = self.old.text(), self.new.text(), self.confirm.text()
        problems = new_passphrase_problems(new, confirm)
        if not old:
            problems["old"] = "Enter the passphrase you use now."
        elif new and new == old:
            problems["passphrase"] = "The new passphrase is the same as the current one."
        wait = self._attempts.wait_remaining()
        if wait > 0 and "old" not in problems:
            problems["old"] = f"Wait {math.ceil(wait)} s before trying your passphrase again."
        return problems

    def _submit(self) -> None:
        if self._busy:
            return
        old, new = self.old.text(), self.new.text()
        problems = self.problems()
        self._show_problems(problems)
        if problems:
            return
        self._set_busy(True)
        folder, store = self._folder, self._store
        if store is not None and self.rekey.isChecked():
            self._runner.run_on_store_thread(
                lambda: rekey_store(store, new, current_passphrase=old),
                done=self._changed, error=self._failed)
            return
        self._runner.run_background(
            lambda: store_api.change_passphrase(folder, old, new),
            done=self._changed,
            error=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.old, self.new, self.confirm, self.rekey, self.ok_button):
            widget.setEnabled(not busy)
        self.ok_button.setText("Changing…" if busy else "Change &passphrase")

    def _changed(self, _result: object) -> None:
        self._set_busy(False)
        self._attempts.succeeded()
        self.changed.emit()
        store_api.passphrase_change_told(self._folder)  # the window has said so
        self.accept()

    def _failed(self, exc: HearthError) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            wait = self._attempts.failed()
            self.old.clear()
            self.old.setFocus()
            text = "That is not your current passphrase. Nothing was changed."
            if wait > 0:
                text += f" Wait {math.ceil(wait)} s before trying again."
            self._show_problems({"old": text})
        elif isinstance(exc, WeakPassphrase):
            self._show_problems({"passphrase": exc.message})
        else:
            self._show_problems({"general": exc.message})
