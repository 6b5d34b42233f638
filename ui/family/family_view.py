"""One family: who is in the household, how to reach them, the agencies involved,
the request for help and every decision about the level of need.

The view loads a family through the task runner and shows it all at once when
the data arrives (a "Loading…" page until then). Edits happen in dialogs that
save through the runner; what a save changed reaches every view as the task runner's change notice
(:mod:`app.records.changes`), and each refreshes what concerns it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from app.errors import HearthError
from app.families import households as families
from app.families.households import AgencyData, PersonData
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.casework.casework_tabs import CaseworkController
from ui.family.agency_dialog import AgencyDialog
from ui.family.family_dialog import FamilyDialog
from ui.family.family_page import FamilyPage
from ui.family.family_words import person_name
from ui.family.level_dialog import LevelDialog
from ui.family.person_dialog import PersonDialog
from ui.widgets.one_dialog import OneDialogAtATime
from ui.widgets.questions import ask_yes


class FamilyView(OneDialogAtATime, FamilyPage):
    """A family's page. Helper views embed it; it reaches the store only through ``runner``."""

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, levels, profile, parent)
        # Asks "are you sure?"; replaceable so the logic can be driven without a message box.
        self.confirm: Callable[[str, str], bool] = self._ask
        self.edit_button.clicked.connect(lambda: self.edit_family())
        self.contact_page.edit_button.clicked.connect(lambda: self.edit_family())
        self.request_page.edit_button.clicked.connect(lambda: self.edit_family())
        self.level_button.clicked.connect(self.change_level)
        self.add_person_button.clicked.connect(lambda: self.edit_person(None))
        self.edit_person_button.clicked.connect(self._edit_selected_person)
        self.remove_person_button.clicked.connect(self.remove_selected_person)
        self.household_table.doubleClicked.connect(lambda index: self._edit_selected_person())
        self.household_table.activated.connect(lambda index: self._edit_selected_person())
        self.add_agency_button.clicked.connect(lambda: self.edit_agency(None))
        self.edit_agency_button.clicked.connect(self._edit_selected_agency)
        self.remove_agency_button.clicked.connect(self.remove_selected_agency)
        self.agency_table.doubleClicked.connect(lambda index: self._edit_selected_agency())
        self.agency_table.activated.connect(lambda index: self._edit_selected_agency())
        # The Plan, Meetings & reviews, Visits and Chronology tabs, and the header's step
        # and close buttons.
        self.casework = CaseworkController(self)

    # -- actions -----------------------------------------------------------------

    # -- closed families -------------------------------------------------------

    @property
    def edit_buttons(self) -> list[QWidget]:
        """Every control that changes the family: this view's and its Consent and
        Assessments tabs' (disabled while the family is closed)."""
        return [
            self.edit_button,
            self.contact_page.edit_button,
            self.request_page.edit_button,
            self.level_button,
            self.add_person_button,
            self.edit_person_button,
            self.remove_person_button,
            self.add_agency_button,
            self.edit_agency_button,
            self.remove_agency_button,
            *self.consent_panel.edit_buttons,
            *self.assessments_panel.edit_buttons,
        ]

    def set_editable(self, editable: bool) -> None:
        """Disable every edit control (a closed family), or give each part back its own
        idea of what is enabled."""
        # Double-click or Enter on a person or an agency opens its edit dialog: not while closed.
        for table in (self.household_table, self.agency_table):
            table.blockSignals(not editable)
        if not editable:
            for button in self.edit_buttons:
                button.setEnabled(False)
            return
        for button in (self.edit_button, self.level_button):
            button.setEnabled(True)
        for button in (self.contact_page.edit_button, self.request_page.edit_button):
            button.setEnabled(True)
        for button in (self.add_person_button, self.add_agency_button):
            button.setEnabled(True)
        self._update_buttons()
        self.consent_panel.update_buttons()
        self.assessments_panel.enable_edits()

    # -- dialogs -----------------------------------------------------------------

    def edit_family(self) -> None:
        """The family's details to edit (the header's, the contact and request tabs' button)."""
        if self.detail is None or self.dialog_open():
            return
        family = self.detail.family
        self.open_dialog(
            FamilyDialog(self.runner, self.levels, self.profile, family, self)
        )

    def change_level(self) -> None:
        if self.detail is None or self.dialog_open():
            return
        family = self.detail.family
        assert family.id is not None
        self.open_dialog(
            LevelDialog(self.runner, self.levels, self.profile, family.id, family.level_code, self)
        )

    def edit_person(self, person: PersonData | None) -> None:
        if self.detail is None or self.family_id is None or self.dialog_open():
            return
        self.open_dialog(
            PersonDialog(
                self.runner,
                self.profile,
                self.family_id,
                person,
                family_name=self.detail.family.family_name,
                parent=self,
            )
        )

    def _edit_selected_person(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.edit_person(person)

    def remove_selected_person(self) -> None:
        person = self.selected_person()
        if person is None or person.id is None:
            return
        name = person_name(person)
        if not self.confirm(
            "Remove from the household",
            f"Remove {name} from this family's household?\n\n"
            "The record is kept in the history and the audit trail.",
        ):
            return
        self.runner.run_store(
            families.remove_person, self.profile, person.id,
            error=self.show_error,
        )

    def edit_agency(self, agency: AgencyData | None) -> None:
        if self.family_id is None or self.dialog_open():
            return
        self.open_dialog(AgencyDialog(self.runner, self.profile, self.family_id, agency, self))

    def _edit_selected_agency(self) -> None:
        agency = self.selected_agency()
        if agency is not None:
            self.edit_agency(agency)

    def remove_selected_agency(self) -> None:
        agency = self.selected_agency()
        if agency is None or agency.id is None:
            return
        if not self.confirm(
            "Remove agency",
            f"Remove {agency.agency} from the agencies involved with this family?",
        ):
            return
        self.runner.run_store(
            families.remove_agency, self.profile, agency.id,
            error=self.show_error,
        )

    def show_error(self, error: HearthError) -> None:
        """What went wrong with a change, as a sentence above the tabs."""
        self.message.setText(error.message)
        self.message.show()

    def _ask(self, title: str, text: str) -> bool:
        return ask_yes(self, title, text)

