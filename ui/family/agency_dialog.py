"""Add or edit an agency involved with a family, with its named contact."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationFailed
from app.families import households as families
from app.families.households import AgencyData
from app.families.personal_details import EMAIL
from app.reference.council_config import agencies
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo
from ui.widgets.form_dialog import FormDialog


class AgencyDialog(FormDialog):
    """Saves through ``families.save_agency``; ``saved`` carries the record's id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_id: str,
        agency: AgencyData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit {agency.agency}" if agency else "Add an agency involved"
        super().__init__(runner, title, parent)
        self.profile = profile
        self.original = agency or AgencyData(id=None, family_id=family_id, agency="")
        self.setMinimumWidth(520)

        form = self.new_form()
        self.agency = ChoiceCombo({a: a for a in agencies()}, editable=True)
        typed = self.agency.lineEdit()
        assert typed is not None  # an editable combo has its line edit
        typed.setPlaceholderText("Choose, or type the agency's name")
        self.add_row(form, "agency", "Agency", self.agency)
        self.contact_name = QLineEdit()
        self.add_row(form, "contact_name", "Named contact", self.contact_name)
        self.contact_role = QLineEdit()
        self.contact_role.setPlaceholderText("For example Class teacher, Midwife")
        self.add_row(form, "contact_role", "Their role", self.contact_role)
        self.phone = QLineEdit()
        self.add_row(form, "phone", "Phone", self.phone)
        self.email = QLineEdit()
        self.add_row(form, "email", "Email", self.email)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        a = self.original
        self.agency.set_code(a.agency)
        if not a.agency:
            self.agency.setEditText("")
        self.contact_name.setText(a.contact_name)
        self.contact_role.setText(a.contact_role)
        self.phone.setText(a.phone)
        self.email.setText(a.email)
        self.agency.setFocus()

    def agency_data(self) -> AgencyData:
        data = dataclasses.replace(
            self.original,
            agency=self.agency.code(),
            contact_name=self.contact_name.text().strip(),
            contact_role=self.contact_role.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
        )
        problems: dict[str, str] = {}
        if not data.agency:
            problems["agency"] = "Choose or enter the agency."
        if data.email and not EMAIL.match(data.email):
            problems["email"] = "This is not an email address."
        if problems:
            raise ValidationFailed(problems)
        return data

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return families.save_agency, (self.profile, self.agency_data())
