"""First run: who the worker is, and the passphrase that will protect their store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import HearthError, ValidationFailed, WeakPassphrase
from app.store import caseload_store as store_api
from app.store.caseload_store import ROLES, Profile, Store

from ui.access.passphrase_dialog import new_passphrase_problems, passphrase_field
from ui.access.unlock_dialog import wrappable_path
from ui.shell.task_runner import TaskRunner
from ui.widgets.discard_guard import GuardsInput
from ui.widgets.fields import (
    FieldMessage,
    FieldRow,
    add_field,
    dialog_buttons,
    recheck_on_edit,
)


def _create(folder: Path, passphrase: str, profile: Profile) -> Store:
    try:
        return store_api.create_store(folder, passphrase, profile)
    except HearthError:
        raise
    except OSError as exc:
        raise HearthError(
            f"Hearth could not create its store in {folder} ({exc.strerror or 'file error'})."
        ) from None


class WelcomeDialog(GuardsInput, QDialog):
    """Creates the worker's encrypted store; emits ``created(Store)`` once it is open."""

    created = Signal(object)

    def __init__(self, runner: TaskRunner, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guard_input()
        self.setWindowTitle("Welcome to Hearth")
        self._runner = runner
        self._folder = Path(folder)
        self._busy = False
        self.store: Store | None = None

        title = QLabel("Welcome to Hearth")
        title.setObjectName("dialogTitle")
        intro = QLabel(
            "Hearth keeps your caseload on this computer, encrypted with a passphrase only "
            "you know. Tell it who you are and choose that passphrase. If you forget it, "
            "the records on this computer cannot be opened."
        )
        intro.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Alex Morgan")
        self.role = QComboBox()
        self.role.addItem("Choose your role…", "")
        for code, label in ROLES.items():
            self.role.addItem(label, code)
        self.team = QLineEdit()
        self.team.setPlaceholderText("e.g. Riverside Early Help")
        self.passphrase = passphrase_field()
        self.confirm = passphrase_field()

        form = self._build_form()
        self.message = FieldMessage()
        recheck_on_edit(self._fields(), self.problems)

        self.buttons, self.create_button = dialog_buttons(self, "Create my store", self._submit)

        folder_note = QLabel(f"Store folder: {wrappable_path(self._folder)}")
        folder_note.setObjectName("hint")
        folder_note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addStretch(1)  # spare height goes here, not into the labels above the form
        layout.addWidget(self.message)
        layout.addWidget(folder_note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(660)  # the passphrase's message fits its one line

    def _build_form(self) -> QFormLayout:
        """Name, role, team and the passphrase twice, each with its message line."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_message = add_field(form, "Your name", self.name)
        self.role_message = add_field(form, "Role", self.role)
        self.team_message = add_field(form, "Team", self.team)
        # The hint sits under the field it is about, across the form's width.
        passphrase_row = FieldRow(
            self.passphrase,
            "At least 10 characters. A few unrelated words are strong and easy to type.",
        )
        caption = QLabel("Passphrase")
        caption.setBuddy(self.passphrase)
        form.addRow(caption, passphrase_row)
        if not self.passphrase.accessibleName():
            self.passphrase.setAccessibleName("Passphrase")
        self.passphrase_message = passphrase_row.error_label
        self.confirm_message = add_field(form, "Confirm passphrase", self.confirm)
        return form

    def show_set_aside_note(self, moved: Path) -> None:
        """Say where the store that was set aside now is, above the form."""
        note = QLabel(
            f"The old store was set aside in {moved}; nothing in it was deleted. "
            "Create your new store here, then connect to the server to get your caseload again."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.set_aside_note = note
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, note)

    def _fields(self) -> dict[str, tuple[QWidget, FieldMessage]]:
        return {
            "name": (self.name, self.name_message),
            "role": (self.role, self.role_message),
            "team": (self.team, self.team_message),
            "passphrase": (self.passphrase, self.passphrase_message),
            "confirm": (self.confirm, self.confirm_message),
        }

    def _messages(self) -> dict[str, FieldMessage]:
        return {
            "name": self.name_message,
            "role": self.role_message,
            "team": self.team_message,
            "passphrase": self.passphrase_message,
            "confirm": self.confirm_message,
            "general": self.message,
        }

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self._messages().items():
            label.show_message(problems.get(key, ""))

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        try:
            store_api.validate_profile(
                self.name.text(), str(self.role.currentData() or ""), self.team.text()
            )
        except ValidationFailed as exc:
            found.update(exc.problems)
        found.update(new_passphrase_problems(self.passphrase.text(), self.confirm.text()))
        return found

    def _submit(self) -> None:
        if self._busy:
            return
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            for key, widget in (
                ("name", self.name),
                ("role", self.role),
                ("team", self.team),
                ("passphrase", self.passphrase),
                ("confirm", self.confirm),
            ):
                if key in problems:
                    widget.setFocus()
                    break
            return
        name = " ".join(self.name.text().split())
        profile = Profile(
            name=name,
            role=str(self.role.currentData()),
            team=" ".join(self.team.text().split()),
            username=store_api.username_for(name),
        )
        self._set_busy(True)
        folder, passphrase = self._folder, self.passphrase.text()
        # Key derivation takes a moment: never on the UI thread.
        self._runner.run_on_store_thread(
            lambda: _create(folder, passphrase, profile), done=self._created, error=self._failed
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.name, self.role, self.team, self.passphrase, self.confirm):
            widget.setEnabled(not busy)
        self.create_button.setEnabled(not busy)
        self.create_button.setText("Creating…" if busy else "Create my store")

    def _created(self, store: Store) -> None:
        self._set_busy(False)
        self.store = store
        self.created.emit(store)
        self.accept()

    def _failed(self, exc: HearthError) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            self.show_problems(exc.problems)
        elif isinstance(exc, WeakPassphrase):
            self.show_problems({"passphrase": exc.message})
        else:
            self.show_problems({"general": exc.message})
