"""The family's "Address and contact" and "Request for help" tabs: what is known, laid out
as a form (each caption beside its value), what is missing said as such with what to add,
and a button to change it (disabled while the family is closed).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.dates import today, uk
from app.families.households import FamilyDetail, LevelChangeData, PersonData
from app.reference.choices import REQUEST_SOURCES
from app.reference.levels_of_need import LevelsOfNeed

from ui.family.family_pages import toolbar
from ui.family.family_words import muted, person_name
from ui.widgets.theme import card_style


def ago(day: dt.date, now: dt.date) -> str:
    """'today', '3 days ago', '5 weeks ago', '4 months ago', '2 years ago'."""
    days = (now - day).days
    if days < 0:
        return ""
    if days == 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if days < 63:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def languages_text(members: Sequence[PersonData]) -> str:
    """The household's languages in a line or a few: "Everyone: English", or the language
    most speak and, person by person, the others and who needs an interpreter."""
    people = [p for p in members if p.role != "unborn" and (p.language or p.interpreter_needed)]
    if not people:
        return ""
    counts = Counter(p.language for p in people if p.language).most_common(1)
    # The language more than half speak is said once; otherwise each person's.
    common = counts[0][0] if counts and counts[0][1] * 2 > len(people) else ""
    others = [p for p in people if p.language != common or p.interpreter_needed]
    lines = []
    if common:
        everyone = not others and len(people) == len([m for m in members if m.role != "unborn"])
        lines.append(f"Everyone: {common}" if everyone else f"Most of the household: {common}")
    for person in others:
        language = person.language or "language not recorded"
        need = ", needs an interpreter" if person.interpreter_needed else ""
        lines.append(f"{person_name(person)}: {language}{need}")
    return "\n".join(lines)


class FactsPage(QWidget):
    """A tab of facts about the family: an edit button over a form of captions and values.
    ``rows`` are (key, caption, what to say when nothing is recorded)."""

    def __init__(
        self, edit_text: str, edit_tip: str, rows: Sequence[tuple[str, str, str]]
    ) -> None:
        super().__init__()
        self.edit_button = QPushButton(edit_text)
        self.edit_button.setToolTip(edit_tip)
        self.missing: dict[str, str] = {}
        self.values: dict[str, QLabel] = {}
        card = QFrame()
        card.setObjectName("factsCard")
        card.setStyleSheet(card_style("QFrame#factsCard", quiet=True))
        form = QFormLayout(card)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(12)
        form.setContentsMargins(16, 14, 16, 14)
        for key, caption, missing in rows:
            label = QLabel(caption)
            label.setStyleSheet(muted())
            value = QLabel()
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(caption)
            # Take the card's width (a label's own is its text's when first laid out, and
            # a longer text set later was cut off).
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            label.setBuddy(value)
            self.values[key] = value
            self.missing[key] = missing
            form.addRow(label, value)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar(self.edit_button))
        card.setMaximumWidth(900)
        layout.addWidget(card)
        layout.addStretch(1)

    def set_value(self, key: str, text: str) -> None:
        """Show ``text``, or (nothing recorded) the quieter words that say so."""
        label = self.values[key]
        known = bool(text.strip())
        label.setText(text if known else self.missing[key])
        label.setStyleSheet("" if known else muted())
        label.setProperty("recorded", known)


class ContactPage(FactsPage):
    """Where the family lives and how to reach them safely."""

    def __init__(self) -> None:
        super().__init__(
            "Ed&it address and contact…",
            "Change the family's address, phone, email and contact notes",
            (
                ("address", "Address", "No address recorded yet."),
                ("phone", "Phone", "No phone number recorded."),
                ("email", "Email", "No email address recorded."),
                (
                    "contact_notes",
                    "Contact notes",
                    "Nothing noted: add the best times and safe ways to make contact.",
                ),
                ("languages", "Languages", "No languages recorded for the household."),
            ),
        )

    def show_family(self, detail: FamilyDetail) -> None:
        f = detail.family
        address = "\n".join(
            part for part in (f.address_line1, f.address_line2, f.town, f.postcode) if part.strip()
        )
        self.set_value("address", address)
        self.set_value("phone", f.phone)
        self.set_value("email", f.email)
        self.set_value("contact_notes", f.contact_notes)
        self.set_value("languages", languages_text(detail.members))


class RequestPage(FactsPage):
    """The request for help that opened the case: when, from where, why, and what was
    decided about the family's level of need first."""

    def __init__(self, levels: LevelsOfNeed) -> None:
        self.levels = levels
        super().__init__(
            "Edit the re&quest…",
            "Change when the request came, where it came from and why",
            (
                ("date", "Received", "The date is not recorded."),
                ("source", "Came from", "Where the request came from is not recorded."),
                ("reason", "What help was asked for", "The reason is not recorded."),
                ("lead", "Lead professional", "No lead professional named yet."),
                (
                    "first_level",
                    "First decision",
                    "No level of need decided yet: use “Change level of need…”.",
                ),
            ),
        )

    def show_family(self, detail: FamilyDetail) -> None:
        f = detail.family
        when = ""
        if f.request_date is not None:
            since = ago(f.request_date, today())
            when = uk(f.request_date) + (f" ({since})" if since else "")
        self.set_value("date", when)
        self.set_value("source", REQUEST_SOURCES.get(f.request_source, f.request_source))
        self.set_value("reason", f.request_reason)
        lead = f.lead_professional
        if lead and f.lead_agency:
            lead = f"{lead}, {f.lead_agency}"
        self.set_value("lead", lead or f.lead_agency)
        self.set_value("first_level", self._first_decision(detail.level_history))

    def _first_decision(self, history: Sequence[LevelChangeData]) -> str:
        if not history:
            return ""
        first = min(history, key=lambda c: c.decided_on)
        who = f" by {first.decided_by}" if first.decided_by else ""
        return f"{self.levels.label(first.to_level)}, on {uk(first.decided_on)}{who}"
