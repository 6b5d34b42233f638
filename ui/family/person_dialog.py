"""Add or edit a member of a family's household (child, unborn baby, parent/carer, other adult)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationFailed
from app.families import households as families
from app.families.households import PersonData
from app.families.personal_details import age_words
from app.reference.choices import (
    ADULT_RELATIONSHIPS,
    CHILD_RELATIONSHIPS,
    ETHNICITIES,
    GENDERS,
    LANGUAGES,
    PERSON_ROLES,
)
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo, DateField, keep_line
from ui.widgets.form_dialog import FormDialog
from ui.widgets.scrolling import vertical_scroll
from ui.widgets.window_memory import fit_to_screen

# Rows that do not apply to a baby not yet born.
NOT_FOR_UNBORN = (
    "relationship_to_child", "date_of_birth", "language", "interpreter_needed",
    "school_or_setting", "nhs_number",
)
ADULT_HINT = "To the child or children, for example Mother, Grandfather."
CHILD_HINT = "To the other children or the adults, for example Half-sister, Son."


def _suggestions(values: list[str]) -> dict[str, str]:
    return {v: v for v in values if v}


class PersonDialog(FormDialog):
    """Saves through ``families.save_person``; ``saved`` carries the person's id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_id: str,
        person: PersonData | None = None,
        *,
        family_name: str = "",
        parent: QWidget | None = None,
        hold: Callable[[PersonData], None] | None = None,
    ) -> None:
        title = (
            f"Edit {person.full_name or 'person'}" if person else "Add a person to the household"
        )
        super().__init__(runner, title, parent)
        self.profile = profile
        # A family not saved yet: Save hands the person to ``hold`` (the family's dialog
        # saves them with it) instead of storing them.
        self.hold = hold
        self.original = person or PersonData(
            id=None, family_id=family_id, role="child", given_name="", family_name=family_name
        )

        form = self._build_form()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        # The form scrolls inside a screen too short for it (856 px tall at 16 pt).
        scroll = vertical_scroll(form, "personForm")
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        body = scroll.widget()
        assert body is not None
        margins = layout.contentsMargins()
        around = margins.top() + margins.bottom() + 2 * layout.spacing()
        around += self.buttons.sizeHint().height()
        # At least 560 wide, and never narrower than the form needs (a minimum width set
        # on the dialog would stop its layout from keeping it that wide); as tall as the
        # form where the screen has room.
        width = max(560, scroll.minimumWidth() + margins.left() + margins.right())

        self._fill(self.original)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.date_of_birth.textChanged.connect(self._show_age)
        self._role_changed()
        self._show_age()
        form.activate()  # the rows this person shows, at the width they get
        inner = width - margins.left() - margins.right()
        fit_to_screen(self, width, form.totalHeightForWidth(inner) + around + 8)
        self.role.setFocus()

    def _build_form(self) -> QFormLayout:
        """Who the person is, then what the family has told about them."""
        form = self.new_form()
        self.role = ChoiceCombo(PERSON_ROLES)
        self.add_row(form, "role", "Who is this?", self.role)
        self.given_name = QLineEdit()
        self.add_row(form, "given_name", "First name", self.given_name)
        self.family_name = QLineEdit()
        self.add_row(form, "family_name", "Last name", self.family_name)
        self.relationship = ChoiceCombo(_suggestions(ADULT_RELATIONSHIPS), editable=True)
        self.relationship_row = self.add_row(
            form, "relationship_to_child", "Relationship", self.relationship, hint=ADULT_HINT
        )
        self.date_of_birth = DateField()
        self.dob_row = self.add_row(form, "date_of_birth", "Date of birth", self.date_of_birth)
        # The age's line is kept (empty while there is no age): typing a date moves nothing.
        age = self.dob_row.hint_label
        keep_line(age)
        age.show()
        self.expected_date = DateField()
        self.add_row(form, "expected_date", "Due date", self.expected_date)
        self.gender = ChoiceCombo(_suggestions(GENDERS), blank="Not recorded")
        self.add_row(form, "gender", "Gender", self.gender)
        self.ethnicity = ChoiceCombo(_suggestions(ETHNICITIES), editable=True)
        self.add_row(form, "ethnicity", "Ethnicity", self.ethnicity)
        self.language = ChoiceCombo(_suggestions(LANGUAGES), editable=True)
        self.add_row(form, "language", "First language", self.language)
        self.interpreter = QCheckBox("Needs an interpreter")
        self.add_row(form, "interpreter_needed", "Interpreter", self.interpreter)
        self.school = QLineEdit()
        self.add_row(form, "school_or_setting", "School or setting", self.school)
        self.nhs_number = QLineEdit()
        self.nhs_number.setMaxLength(12)
        self.nhs_number.setMaximumWidth(180)
        self.add_row(
            form, "nhs_number", "NHS number", self.nhs_number,
            hint="Optional and sensitive: only if the family has given it. 10 digits.",
        )
        return form

    def _fill(self, p: PersonData) -> None:
        self.role.set_code(p.role)
        self.given_name.setText(p.given_name)
        self.family_name.setText(p.family_name)
        self.relationship.set_code(p.relationship_to_child)
        self.date_of_birth.set_date(p.date_of_birth)
        self.expected_date.set_date(p.expected_date)
        self.gender.set_code(p.gender)
        self.ethnicity.set_code(p.ethnicity)
        self.language.set_code(p.language)
        self.interpreter.setChecked(p.interpreter_needed)
        self.school.setText(p.school_or_setting)
        self.nhs_number.setText(p.nhs_number)
        if p.nhs_number:
            # Sensitive: masked until the worker edits it.
            self.nhs_number.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)

    def _role_changed(self) -> None:
        unborn = self.role.code() == "unborn"
        for name in NOT_FOR_UNBORN:
            self.set_row_visible(name, not unborn)
        self._offer_relationships(self.role.code())
        self.set_row_visible("expected_date", unborn)
        self.given_name.setPlaceholderText("If the family has chosen one" if unborn else "")
        self.clear_problems()
        self.adjustSize()

    def _offer_relationships(self, role: str) -> None:
        """Relationships by role: an adult's to the children, a child's to the others;
        none for an unborn baby (the adults' relationships say who the parents are)."""
        typed = self.relationship.currentText()
        child = role == "child"
        self.relationship.clear()
        for value in CHILD_RELATIONSHIPS if child else ADULT_RELATIONSHIPS:
            self.relationship.addItem(value, value)
        self.relationship.setEditText(typed)
        self.relationship_row.hint_label.setText(CHILD_HINT if child else ADULT_HINT)

    def _show_age(self) -> None:
        try:
            born = self.date_of_birth.date()
        except ValueError:
            born = None
        words = age_words(born)
        self.dob_row.hint_label.setText(f"Age today: {words}" if words else "")

    def person_data(self) -> PersonData:
        """What the form says, or ValidationFailed listing every problem."""
        problems: dict[str, str] = {}
        unborn = self.role.code() == "unborn"
        born = None if unborn else self.read_date("date_of_birth", problems)
        due = self.read_date("expected_date", problems) if unborn else None
        data = dataclasses.replace(
            self.original,
            role=self.role.code(),
            given_name=self.given_name.text().strip(),
            family_name=self.family_name.text().strip(),
            relationship_to_child="" if unborn else self.relationship.code(),
            date_of_birth=born,
            expected_date=due,
            gender=self.gender.code(),
            ethnicity=self.ethnicity.code(),
            language="" if unborn else self.language.code(),
            interpreter_needed=False if unborn else self.interpreter.isChecked(),
            school_or_setting="" if unborn else self.school.text().strip(),
            nhs_number="" if unborn else self.nhs_number.text().strip(),
        )
        try:
            families.validate_person(data)
        except ValidationFailed as failed:
            problems = {**failed.problems, **problems}
        if problems:
            raise ValidationFailed(problems)
        return data

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return families.save_person, (self.profile, self.person_data())

    def save(self) -> None:
        if self.hold is None:
            super().save()
            return
        try:
            person = self.person_data()
        except ValidationFailed as problems:
            self.show_problems(problems.problems)
            return
        self.hold(person)
        self.accept()
