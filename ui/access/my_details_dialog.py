"""My details (File menu): the worker's work phone and email, printed in the Contact box of
the documents of the families they hold, so that a family knows how to reach them.

The details are loaded first and the dialog opens with them (never half-filled); Save
checks them (:mod:`app.reference.worker_contact`) and keeps them in the encrypted store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.reference.worker_contact import (
    WorkerContact,
    load_worker_contact,
    save_worker_contact,
)
from app.store.caseload_store import Profile

from ui.widgets.fields import hint_style
from ui.widgets.form_dialog import FormDialog


class MyDetailsDialog(FormDialog):
    """The worker's name and role (as Hearth knows them), work phone and work email."""

    def __init__(self, runner: Any, profile: Profile, contact: WorkerContact,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, "My details", parent)
        self.profile = profile
        self.setMinimumWidth(520)
        intro = QLabel(
            "Families see these on the documents you print for them (plan, consent form, "
            "reviews and the rest), in a Contact box with the council's details. Leave the "
            "phone empty to give the team's number instead."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        who = QLabel(f"{profile.name}, {profile.role_label} ({profile.team})")
        who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Name and role", who)
        self.phone = QLineEdit(contact.phone)
        self.phone.setPlaceholderText("e.g. 01632 960123")
        self.add_row(form, "phone", "Work phone", self.phone)
        self.email = QLineEdit(contact.email)
        self.email.setPlaceholderText("e.g. name@council.gov.uk")
        self.add_row(form, "email", "Work email", self.email)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.phone.setFocus()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        contact = WorkerContact(phone=self.phone.text(), email=self.email.text())
        return save_worker_contact, (self.profile, contact)

    def result_id(self, result: Any) -> str:
        return "my-details"


def open_my_details(window: Any) -> None:
    """The main window's menu action: load the details, then show them over ``window``."""
    if getattr(window, "is_locked", False):
        return

    def show(contact: WorkerContact) -> None:
        if getattr(window, "is_locked", False):
            return
        dialog = MyDetailsDialog(window.runner, window.profile, contact, window)
        dialog.saved.connect(
            lambda _id: window.statusBar().showMessage("Your details were saved.", 8000))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    window.runner.run_store(load_worker_contact, done=show)
