"""The household of a family not saved yet: :class:`NewHousehold`, the "People in the
household" box of the new family's dialog. People are added, changed and removed here with
the person dialog and saved with the family (nothing is stored until the family is)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dates import uk
from app.families.households import PersonData
from app.reference.choices import PERSON_ROLES
from app.store.caseload_store import Profile

from ui.family.family_pages import toolbar
from ui.family.family_words import muted, person_name
from ui.family.person_dialog import PersonDialog


def person_line(person: PersonData) -> str:
    """'Mia Fernwood — Child, born 02/03/2019' / 'Unborn baby — due 01/05/2027'."""
    role = PERSON_ROLES.get(person.role, person.role)
    if person.role == "unborn":
        when = f"due {uk(person.expected_date)}" if person.expected_date else ""
        return f"{person_name(person)} — {when}" if when else person_name(person)
    parts = [role]
    if person.relationship_to_child:
        parts.append(person.relationship_to_child)
    if person.date_of_birth:
        parts.append(f"born {uk(person.date_of_birth)}")
    return f"{person_name(person)} — {', '.join(parts)}"


class NewHousehold(QGroupBox):
    """People added while making a family; :meth:`people` gives them to save with it."""

    def __init__(
        self, runner: Any, profile: Profile, family_name: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("People in the household", parent)
        self.runner = runner
        self.profile = profile
        self.family_name = family_name
        self._people: list[PersonData] = []
        self.dialog: PersonDialog | None = None
        self.list = QListWidget()
        self.list.setObjectName("newHousehold")
        self.list.setAccessibleName("People in the household")
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 4 + 12)
        self.list.setWordWrap(True)  # a long line wraps rather than scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.itemActivated.connect(lambda _item: self.edit_selected())
        self.add_button = QPushButton("&Add person…")
        self.edit_button = QPushButton("Edit &person…")
        self.remove_button = QPushButton("Remo&ve")
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.empty = QLabel(
            "No one added yet. Add the children and the adults now, or later from the "
            "family's page: they are saved with the family."
        )
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(muted())
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addLayout(toolbar(self.add_button, self.edit_button, self.remove_button))
        self._show()

    def people(self) -> tuple[PersonData, ...]:
        return tuple(self._people)

    def edit(self, index: int | None) -> None:
        """The person dialog, for a new person (``index`` None) or the one at ``index``."""
        if self.dialog is not None:
            return
        person = self._people[index] if index is not None else None
        dialog = PersonDialog(
            self.runner, self.profile, "", person, family_name=self.family_name(),
            parent=self, hold=lambda data: self._held(index, data),
        )
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: PersonDialog) -> None:
        self.dialog = None
        dialog.deleteLater()  # its fields are no longer the family dialog's input

    def _held(self, index: int | None, person: PersonData) -> None:
        if index is None:
            self._people.append(person)
            index = len(self._people) - 1
        else:
            self._people[index] = person
        self._show()
        self.list.setCurrentRow(index)

    def edit_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._people):
            self.edit(row)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._people):
            del self._people[row]
            self._show()

    def _show(self) -> None:
        self.list.clear()
        for person in self._people:
            self.list.addItem(person_line(person))
        self.empty.setVisible(not self._people)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = 0 <= self.list.currentRow() < len(self._people)
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
