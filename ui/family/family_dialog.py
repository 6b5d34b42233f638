"""Create a family or edit its details: name, address, contact, request for help and lead
professional."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationFailed
from app.families import households as families
from app.families.households import FamilyData
from app.families.new_family import create_family_with_people
from app.reference.choices import REQUEST_SOURCES
from app.reference.council_config import agencies
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.family.new_household import NewHousehold
from ui.widgets.fields import ChoiceCombo, DateField, lines_high
from ui.widgets.form_dialog import FormDialog
from ui.widgets.scrolling import vertical_scroll
from ui.widgets.window_memory import fit_to_screen


def scrolling(columns: QHBoxLayout) -> QScrollArea:
    """The form's columns, scrolling up and down when the screen is too small for them
    (a laptop at a large text size), never sideways."""
    columns.setContentsMargins(0, 0, 0, 0)
    body = QWidget()
    body.setLayout(columns)
    scroll = vertical_scroll(body)
    scroll.setMinimumHeight(min(body.sizeHint().height(), 420))
    return scroll


class FamilyDialog(FormDialog):
    """Saves through ``families.save_family``; ``saved`` carries the family's id."""

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        family: FamilyData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit the {family.family_name} family" if family else "New family"
        super().__init__(runner, title, parent)
        self.levels = levels
        self.profile = profile
        self.original = family or FamilyData(id=None, family_name="")
        self.setMinimumWidth(900)

        left = QVBoxLayout()
        left.addWidget(self._build_family_box(new=family is None))
        left.addWidget(self._build_address_box())
        left.addWidget(self._build_contact_box())
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._build_request_box())
        right.addWidget(self._build_lead_box())
        self.household: NewHousehold | None = None
        if family is None:  # a new family takes its people before it is saved
            self.household = NewHousehold(runner, profile, self.family_name.text)
            right.addWidget(self.household)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        if family is None:
            note = QLabel("Record the level of need after saving, from the family's page.")
            note.setWordWrap(True)
            layout.addWidget(note)
        scroll = scrolling(columns)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        body = scroll.widget()
        assert body is not None
        # Tall enough for the whole form where the screen allows (it scrolls where not).
        margins = layout.contentsMargins()
        around = margins.top() + margins.bottom() + 2 * layout.spacing()
        around += self.buttons.sizeHint().height()
        if family is None:
            around += note.sizeHint().height() + layout.spacing()
        fit_to_screen(self, self.width(), body.sizeHint().height() + around)

        self._fill(self.original)
        self.family_name.setFocus()

    def _build_family_box(self, new: bool) -> QGroupBox:
        """The family's name and reference (given when a ``new`` family is saved)."""
        box = QGroupBox("Family")
        form = self.new_form()
        self.family_name = QLineEdit()
        self.family_name.setPlaceholderText("For example Smith, or Smith / Jones")
        self.add_row(form, "family_name", "Family name", self.family_name)
        self.reference = QLineEdit()
        if new:
            self.reference.setPlaceholderText("Given when saved, or type your council's reference")
        else:
            self.reference.setReadOnly(True)
        self.add_row(form, "reference", "Reference", self.reference)
        box.setLayout(form)
        return box

    def _build_address_box(self) -> QGroupBox:
        box = QGroupBox("Address")
        form = self.new_form()
        self.address_line1 = QLineEdit()
        self.add_row(form, "address_line1", "Address line 1", self.address_line1)
        self.address_line2 = QLineEdit()
        self.add_row(form, "address_line2", "Address line 2", self.address_line2)
        self.town = QLineEdit()
        self.add_row(form, "town", "Town", self.town)
        self.postcode = QLineEdit()
        self.postcode.setMaximumWidth(120)
        self.add_row(form, "postcode", "Postcode", self.postcode)
        box.setLayout(form)
        return box

    def _build_contact_box(self) -> QGroupBox:
        box = QGroupBox("Contact")
        form = self.new_form()
        self.phone = QLineEdit()
        self.add_row(form, "phone", "Phone", self.phone)
        self.email = QLineEdit()
        self.add_row(form, "email", "Email", self.email)
        self.contact_notes = QPlainTextEdit()
        self.contact_notes.setTabChangesFocus(True)
        self.contact_notes.setPlaceholderText("Best times, safe ways to make contact, access notes")
        self.contact_notes.setFixedHeight(lines_high(self.contact_notes, 70))
        self.add_row(form, "contact_notes", "Contact notes", self.contact_notes)
        box.setLayout(form)
        return box

    def _build_request_box(self) -> QGroupBox:
        """The request for help: when, from where, and why."""
        box = QGroupBox("Request for help")
        form = self.new_form()
        self.request_date = DateField()
        self.add_row(form, "request_date", "Date", self.request_date)
        self.request_source = ChoiceCombo(REQUEST_SOURCES, blank="Choose where it came from…")
        self.add_row(form, "request_source", "Came from", self.request_source)
        self.request_reason = QPlainTextEdit()
        self.request_reason.setTabChangesFocus(True)
        self.request_reason.setPlaceholderText(
            "What the family or the referrer asked for help with"
        )
        self.request_reason.setMinimumHeight(110)
        self.add_row(form, "request_reason", "Reason", self.request_reason)
        box.setLayout(form)
        return box

    def _build_lead_box(self) -> QGroupBox:
        """The lead professional and their agency (chosen from the list, or typed)."""
        box = QGroupBox("Lead professional")
        form = self.new_form()
        self.lead_professional = QLineEdit()
        self.add_row(form, "lead_professional", "Name", self.lead_professional)
        self.lead_agency = ChoiceCombo({a: a for a in agencies()}, editable=True)
        typed = self.lead_agency.lineEdit()
        assert typed is not None  # an editable combo has its line edit
        typed.setPlaceholderText("Choose, or type the agency's name")
        self.add_row(form, "lead_agency", "Agency", self.lead_agency)
        box.setLayout(form)
        return box

    def _fill(self, f: FamilyData) -> None:
        self.family_name.setText(f.family_name)
        self.reference.setText(f.reference)
        self.address_line1.setText(f.address_line1)
        self.address_line2.setText(f.address_line2)
        self.town.setText(f.town)
        self.postcode.setText(f.postcode)
        self.phone.setText(f.phone)
        self.email.setText(f.email)
        self.contact_notes.setPlainText(f.contact_notes)
        self.request_date.set_date(f.request_date)
        self.request_source.set_code(f.request_source)
        self.request_reason.setPlainText(f.request_reason)
        self.lead_professional.setText(f.lead_professional)
        self.lead_agency.set_code(f.lead_agency)
        if not f.lead_agency:
            self.lead_agency.setEditText("")

    def family_data(self) -> FamilyData:
        problems: dict[str, str] = {}
        request_date = self.read_date("request_date", problems)
        data = dataclasses.replace(
            self.original,
            family_name=self.family_name.text().strip(),
            reference=self.reference.text().strip(),
            address_line1=self.address_line1.text().strip(),
            address_line2=self.address_line2.text().strip(),
            town=self.town.text().strip(),
            postcode=self.postcode.text().strip().upper(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            contact_notes=self.contact_notes.toPlainText().strip(),
            request_date=request_date,
            request_source=self.request_source.code(),
            request_reason=self.request_reason.toPlainText().strip(),
            lead_professional=self.lead_professional.text().strip(),
            lead_agency=self.lead_agency.code(),
        )
        try:
            families.validate_family(data)
        except ValidationFailed as failed:
            problems = {**failed.problems, **problems}
        if problems:
            raise ValidationFailed(problems)
        return data

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if self.household is not None:  # a new family, and the people added with it
            people = self.household.people()
            return create_family_with_people, (self.profile, self.family_data(), people)
        return families.save_family, (self.profile, self.family_data())
