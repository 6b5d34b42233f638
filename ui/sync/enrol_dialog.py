"""Connecting this computer to the central service, once: server address, username,
password, and a name for this computer (which IT sees in ``hearth-server devices``).

The request goes out on the pool thread; the device credential the server
returns is written into the encrypted store on the store's thread
(:func:`app.sync.enrolment.save_enrolment`). The password is not kept anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import HearthError
from app.reference.machine_settings import SET_BY_ORGANISATION, machine_settings
from app.store.caseload_store import Profile
from app.sync.enrolment import (
    MAX_DEVICE_NAME,
    check_not_enrolled,
    default_device_name,
    device_name_problem,
    request_enrolment,
    save_enrolment,
)
from app.sync.transport import Enrolment, SyncError, check_server_url

from ui.shell.task_runner import TaskRunner
from ui.widgets.discard_guard import GuardsInput
from ui.widgets.fields import FieldMessage, add_field, dialog_buttons, recheck_on_edit
from ui.widgets.window_memory import keep_on_screen


class EnrolDialog(GuardsInput, QDialog):
    """Emits ``enrolled(Profile)`` once the store holds its device credential."""

    enrolled = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guard_input()
        self.setWindowTitle("Connect to the Hearth server")
        self._placed = False
        self.runner = runner
        self._busy = False
        self._url = ""

        intro = QLabel(
            "Connect this computer to your council's Hearth server so your caseload stays "
            "in step with your team. You do this once; your password is not stored. Your IT "
            "team can tell you the server address."
        )
        intro.setWordWrap(True)
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://hearth.example.gov.uk")
        self.server.setMinimumWidth(320)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.device_name = QLineEdit(default_device_name())
        self.device_name.setMaxLength(MAX_DEVICE_NAME)
        self.device_name.setToolTip("How this computer appears to your IT team, e.g. "
                                    "\"Sam's laptop\" or an asset number.")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.server_message = add_field(form, "Server address", self.server)
        set_by_machine = machine_settings().server_url
        if set_by_machine:  # the worker never types it, and cannot change it
            self.server.setText(set_by_machine)
            self.server.setCursorPosition(0)
            self.server.setReadOnly(True)
            self.server.setToolTip(SET_BY_ORGANISATION)
            fixed = QLabel(f"{SET_BY_ORGANISATION}.")
            fixed.setObjectName("hint")
            form.addRow("", fixed)
        self.username_message = add_field(form, "Username", self.username)
        self.password_message = add_field(form, "Password", self.password)
        self.device_name_message = add_field(form, "Name for this laptop", self.device_name)
        recheck_on_edit(
            {"server": (self.server, self.server_message),
             "username": (self.username, self.username_message),
             "password": (self.password, self.password_message),
             "device_name": (self.device_name, self.device_name_message)},
            self.problems,
        )
        self.message = FieldMessage()

        self.buttons, self.ok_button = dialog_buttons(self, "C&onnect", self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._placed:  # large text: as wide as its fields need, within the screen
            self._placed = True
            keep_on_screen(self)

    def _show_problems(self, problems: dict[str, str]) -> None:
        self.server_message.show_message(problems.get("server", ""))
        self.username_message.show_message(problems.get("username", ""))
        self.password_message.show_message(problems.get("password", ""))
        self.device_name_message.show_message(problems.get("device_name", ""))
        self.message.show_message(problems.get("general", ""))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.server, self.username, self.password, self.device_name,
                       self.ok_button):
            widget.setEnabled(not busy)
        self.ok_button.setText("Connecting…" if busy else "C&onnect")

    def problems(self) -> dict[str, str]:
        """What is missing or wrong in what was typed, by field (nothing is sent)."""
        problems: dict[str, str] = {}
        try:
            check_server_url(self.server.text())
        except SyncError as exc:
            problems["server"] = exc.message
        if not self.username.text().strip():
            problems["username"] = "Enter your username on the server."
        if not self.password.text():
            problems["password"] = "Enter your password."
        name_problem = device_name_problem(self.device_name.text())
        if name_problem:
            problems["device_name"] = name_problem
        return problems

    def submit(self) -> None:
        if self._busy:
            return
        problems = self.problems()
        self._show_problems(problems)
        if problems:
            return
        self._url = check_server_url(self.server.text())
        self._set_busy(True)
        self.runner.run_store(check_not_enrolled, self._url, done=self._request,
                              error=self._failed)

    def _request(self, _result: object) -> None:
        url, username, password = self._url, self.username.text().strip(), self.password.text()
        name = self.device_name.text().strip()
        self.runner.run_background(
            lambda: request_enrolment(url, username, password, device_name=name),
            done=self._save,
            error=self._failed,
        )

    def _save(self, enrolment: Enrolment) -> None:
        self.password.clear()
        self.runner.run_store(save_enrolment, self._url, enrolment, done=self._saved,
                              error=self._failed)

    def _saved(self, profile: Profile) -> None:
        self._set_busy(False)
        self.enrolled.emit(profile)
        self.accept()

    def _failed(self, exc: HearthError) -> None:
        self._set_busy(False)
        if "username or password" in exc.message:
            self.password.clear()
            self.password.setFocus()
            self._show_problems({"password": exc.message})
        elif "temporarily locked" in exc.message or "not active" in exc.message:
            self._show_problems({"general": exc.message})  # a lockout names no field
        elif "address" in exc.message or "https" in exc.message:
            self._show_problems({"server": exc.message})
        else:
            self._show_problems({"general": exc.message})
