"""Adding (or correcting) a significant event in the chronology by hand:
:class:`ChronologyEntryDialog`, saved through
:func:`app.casework.chronology.save_chronology_entry`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.casework import chronology
from app.casework.chronology_data import ChronologyEntryData, ChronologyEntryRequest
from app.dates import today
from app.errors import ValidationFailed
from app.families.households import FamilyDetail, PersonData
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo, DateField, hint_style, long_text
from ui.widgets.form_dialog import FormDialog


def child_choices(members: Sequence[PersonData]) -> dict[str, str]:
    """The family's children and unborn babies an event can be about, by id."""
    return {
        m.id or "": m.full_name or "Unborn baby"
        for m in members
        if m.role in ("child", "unborn") and m.id
    }




class ChronologyEntryDialog(FormDialog):
    """Add (or correct) a significant event by hand; ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        entry: ChronologyEntryData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "Correct an event" if entry else "Add a significant event", parent)
        self.profile = profile
        self.family = family
        self.entry = entry
        self.setMinimumWidth(620)
        intro = self._build_intro()
        form = self._build_form()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if entry is not None:
            self._show_entry(entry)
        self.save_button.setText("&Save event")
        family_id = family.family.id
        self.keep_drafts(
            f"chronology:{entry.id}" if entry else f"chronology:new:{family_id}", family_id
        )

    @staticmethod
    def _build_intro() -> QLabel:
        intro = QLabel(
            "Something that happened to the family or the child that the chronology should "
            "show, even if it is not recorded elsewhere: a move, an incident, a new baby, a "
            "school exclusion."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        return intro

    def _build_form(self) -> QFormLayout:
        """When, what happened, the source, its impact, whom it is about, significance."""
        form = self.new_form()
        self.occurred_on = DateField(today())
        self.add_row(form, "occurred_on", "Date", self.occurred_on)
        self.event_text = long_text(80, "What happened, in plain words.")
        self.add_row(form, "event", "What happened", self.event_text)
        self.source = QLineEdit()
        self.source.setPlaceholderText("For example: School (Head of Year), Police notification")
        self.add_row(form, "source", "Source", self.source)
        self.impact = long_text(70, "What it meant for the child.")
        self.add_row(form, "impact_on_child", "Impact on the child", self.impact)
        self.child = ChoiceCombo(child_choices(self.family.members), blank="The whole family")
        self.add_row(form, "child_person_id", "About", self.child)
        self.significant = QCheckBox("A significant event (shown in the significant-only view)")
        self.significant.setChecked(True)
        self.add_row(form, "significant", "", self.significant)
        return form

    def _show_entry(self, entry: ChronologyEntryData) -> None:
        """The event being corrected, as it was recorded."""
        self.occurred_on.set_date(entry.occurred_on)
        self.event_text.setPlainText(entry.event)
        self.source.setText(entry.source)
        self.impact.setPlainText(entry.impact_on_child)
        if entry.child_person_id:
            self.child.set_code(entry.child_person_id)
        self.significant.setChecked(entry.significant)

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        occurred_on = self.read_date("occurred_on", problems)
        if occurred_on is None and "occurred_on" not in problems:
            problems["occurred_on"] = "Enter the date it happened."
        if not self.event_text.toPlainText().strip():
            problems["event"] = "Say what happened."
        if problems:
            raise ValidationFailed(problems)
        assert occurred_on is not None
        family_id = self.family.family.id
        assert family_id is not None
        return chronology.save_chronology_entry, (
            self.profile,
            ChronologyEntryRequest(
                family_id=family_id,
                occurred_on=occurred_on,
                event=self.event_text.toPlainText(),
                source=self.source.text(),
                impact_on_child=self.impact.toPlainText(),
                significant=self.significant.isChecked(),
                child_person_id=self.child.code() or None,
                id=self.entry.id if self.entry else None,
            ),
        )

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("&Save event")

    def result_id(self, result: Any) -> str:
        return str(result.id)
