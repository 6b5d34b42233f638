"""Recording a family's consent: :class:`ConsentDialog`.

Who gave it (a parent/carer, or a young person with capacity), what it covers (to
assess; to share with named agencies, ticked from the family's agencies; to refer on
to named services), how it was given, when, and who took it. Saved through
:mod:`app.casework.consent_writes` on the store's thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.casework import consent_writes
from app.casework.consent_data import CONSENT_GIVER_ROLES, CONSENT_METHODS, ConsentRequest
from app.dates import today
from app.errors import ValidationFailed
from app.families.households import PersonData
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo, DateField, hint_style, long_text
from ui.widgets.form_dialog import FormDialog
from ui.widgets.window_memory import fit_to_screen


def person_label(person: PersonData) -> str:
    role = {
        "parent_carer": "parent or carer",
        "significant_adult": "adult",
        "child": "young person",
    }
    return f"{person.full_name} ({role.get(person.role, person.role)})"


def split_names(text: str) -> tuple[str, ...]:
    """Service names typed one per line or separated by commas or semicolons."""
    names: list[str] = []
    for part in re.split(r"[,;\n]", text):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


SOMEONE_ELSE = "(someone else)"  # the giver's choice for a person not in the household record
NO_GIVER = "Choose who gave consent: someone in the household, or someone else."


class ConsentDialog(FormDialog):
    """Record a family's consent; ``saved`` carries the new consent's id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_id: str,
        members: Sequence[PersonData],
        agencies: Sequence[str],
        parent: QWidget | None = None,
        *,
        assess_first: bool = False,
    ) -> None:
        super().__init__(runner, "Record consent", parent)
        self.profile = profile
        self.family_id = family_id
        self.members = [m for m in members if m.id and m.role in CONSENT_GIVER_ROLES]
        self.agencies = list(dict.fromkeys(agencies))
        self.setMinimumWidth(640)
        self._body_width = 0  # the form's width, once known

        intro = self._build_intro()
        form = self.new_form()
        self._add_giver_rows(form)
        self._add_scope_rows(form, assess_first)
        self._add_record_rows(form, profile)
        scroll = self._build_scroll(form)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.save_button.setText("&Save")

        self.giver.currentIndexChanged.connect(self._giver_changed)
        self.giver_name.textEdited.connect(self._name_typed)
        self._giver_changed()
        # As wide as the form needs (a large font widens its labels and tick boxes: the
        # scroll area does not scroll sideways, so a narrower dialog cut the fields off).
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(self._form_body.minimumSizeHint().width() + bar)
        width = max(680, scroll.minimumWidth() + 24)
        margins = layout.contentsMargins()
        around = (intro.heightForWidth(width - margins.left() - margins.right())
                  + self.buttons.sizeHint().height() + margins.top() + margins.bottom()
                  + 2 * layout.spacing() + 4)
        # the form's height at the width it gets (its size hint is its height when
        # squeezed to its narrowest, which left a big empty gap below the notes)
        self._body_width = width - margins.left() - margins.right() - bar
        self.adjustSize()
        body_height = self._form.totalHeightForWidth(self._body_width)
        fit_to_screen(self, width, min(body_height + around, 760))

    # -- building -------------------------------------------------------------

    @staticmethod
    def _build_intro() -> QLabel:
        intro = QLabel(
            "Record what the family has agreed to. Consent can be withdrawn at any time; "
            "the record is kept either way."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        return intro

    def _add_giver_rows(self, form: QFormLayout) -> None:
        """Who gave the consent, and (a young person) why they have the capacity to."""
        choices = {m.id or "": person_label(m) for m in self.members}
        choices[SOMEONE_ELSE] = "Someone not in the household record"
        # nobody is chosen for the worker: they say who gave it (issue 17)
        self.giver = ChoiceCombo(choices, blank="Choose who gave consent…")
        self.add_row(form, "given_by_person_id", "Given by", self.giver)
        self.giver_name = QLineEdit()
        self.giver_name.setPlaceholderText("Their name, as they gave it")
        self.add_row(
            form,
            "given_by_name",
            "Name",
            self.giver_name,
            "Filled in from the household record; change it if they gave another name.",
        )
        self.capacity = long_text(64)
        self.add_row(
            form,
            "capacity_note",
            "Capacity",
            self.capacity,
            "A young person giving their own consent: why they have the capacity to.",
        )

    def _add_scope_rows(self, form: QFormLayout, assess_first: bool) -> None:
        """What the consent covers: assessing, sharing with agencies, referring on."""
        self.assess = QCheckBox("To assess the family's needs")
        self.assess.setToolTip("An early help assessment and the other assessment tools")
        self.assess.setChecked(assess_first)
        self.add_row(form, "scope", "Covers", self.assess)
        self.add_row(form, "share_agencies", "Share information with", self._build_agency_box())
        self.services = QLineEdit()
        self.services.setPlaceholderText("For example: Young carers service, Parenting course")
        self.add_row(
            form,
            "refer_services",
            "Refer on to",
            self.services,
            "Services the family agrees to be referred to, separated by commas.",
        )

    def _build_agency_box(self) -> QWidget:
        """A tick box for each of the family's agencies (or why there are none)."""
        self.agency_boxes: dict[str, QCheckBox] = {}
        agency_box = QWidget()
        grid = QGridLayout(agency_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(self.agencies):
            box = QCheckBox(name)
            box.setObjectName(f"share_{index}")
            self.agency_boxes[name] = box
            grid.addWidget(box, index // 2, index % 2)
        if not self.agencies:
            none = QLabel(
                "No agencies are recorded for this family yet. Add them on the "
                "“Agencies involved” tab to record consent to share with them."
            )
            none.setWordWrap(True)
            none.setStyleSheet(hint_style())
            grid.addWidget(none, 0, 0)
        return agency_box

    def _add_record_rows(self, form: QFormLayout, profile: Profile) -> None:
        """How and when it was given, who took it, and notes."""
        self.method = ChoiceCombo(CONSENT_METHODS, blank="Choose…")
        self.add_row(form, "method", "How it was given", self.method)
        self.given_on = DateField(today())
        self.add_row(form, "given_on", "Date given", self.given_on)
        self.taken_by = QLineEdit(profile.name)
        self.add_row(form, "taken_by", "Taken by", self.taken_by)
        self.notes = long_text(64)
        self.add_row(form, "notes", "Notes", self.notes)

    def _build_scroll(self, form: QFormLayout) -> QScrollArea:
        """The form scrolls rather than squeezing its rows when messages appear on a
        small screen."""
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setObjectName("consentForm")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.scroll_area = scroll
        self._form = form
        self._form_body = body
        return scroll

    # -- the giver ------------------------------------------------------------

    def _giver(self) -> PersonData | None:
        code = self.giver.code()
        return next((m for m in self.members if m.id == code), None)

    def _giver_changed(self, *_args: Any) -> None:
        person = self._giver()
        if person is not None:
            self.giver_name.setText(person.full_name)
        elif self.giver_name.text() in {m.full_name for m in self.members}:
            self.giver_name.clear()  # someone else: not the household member's name
        self.set_row_visible("capacity_note", person is not None and person.role == "child")
        if hasattr(self, "_form_body"):
            self.adjustSize()

    def _name_typed(self, _text: str) -> None:
        """A name typed with nobody chosen is someone not in the household record."""
        if not self.giver.code():
            self.giver.set_code(SOMEONE_ELSE)

    def adjustSize(self) -> None:  # noqa: N802 - Qt's name
        """Keep the size the worker sees; the form scrolls instead (see _build_scroll).
        Rows that appeared or grew (messages) get their height back."""
        body = self._form_body
        self._form.invalidate()
        # QFormLayout under-reports its height for wrapped messages: ask for the height
        # at the width the form has (before it is shown: its narrowest, so tallest), and
        # scroll.
        width = self.scroll_area.viewport().width() if self.isVisible() else self._body_width
        height = self._form.totalHeightForWidth(width) if width > 0 else -1
        body.setMinimumHeight(height if height > 0 else body.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if hasattr(self, "_form_body"):
            self.adjustSize()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.adjustSize()

    def choose_giver(self, person_id: str) -> None:
        self.giver.set_code(person_id)

    # -- saving ---------------------------------------------------------------

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        given_on = self.read_date("given_on", problems)
        if given_on is None and "given_on" not in problems:
            problems["given_on"] = "Enter the date consent was given."
        if not self.giver.code():
            problems["given_by_person_id"] = NO_GIVER
        if problems:
            raise ValidationFailed(problems)
        assert given_on is not None
        person = self._giver()
        request = ConsentRequest(
            family_id=self.family_id,
            given_by_person_id=person.id if person is not None else None,
            given_by_name=self.giver_name.text(),
            method=self.method.code(),
            given_on=given_on,
            scope_assess=self.assess.isChecked(),
            share_agencies=tuple(n for n, box in self.agency_boxes.items() if box.isChecked()),
            refer_services=split_names(self.services.text()),
            capacity_note=self.capacity.toPlainText() if person and person.role == "child" else "",
            taken_by=self.taken_by.text(),
            notes=self.notes.toPlainText(),
        )
        return consent_writes.record_consent, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)
