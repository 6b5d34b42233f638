"""The Assessments tab's list: every assessment of the family (type, child, status,
dates, author), the consent gate, messages, and what the selected one allows."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import assessment_data, assessments
from app.casework.assessment_data import AssessmentSummary
from app.casework.assessment_drafts import AUDITING_ROLES
from app.casework.assessment_errors import Gcp2NotTrained
from app.casework.consent_data import ConsentRequired, ConsentStatus
from app.casework.form_offer import offered_forms
from app.dates import uk
from app.errors import HearthError
from app.forms.definition import FormDefinition
from app.forms.loader import FormRegistry
from app.reference.form_choices import load_form_choices
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.assessments.assessment_detail import FORM_MISSING, detail_text
from ui.assessments.assessment_words import (
    QUICK_BUTTONS,
    STATUS_COLOURS,
    gate_style,
    local_date,
    status_text,
    title_text,
)
from ui.assessments.new_assessment_menu import NewAssessmentButton
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.screen_room import put_under, room_on_screen
from ui.widgets.table import rows_table, select_row_where, selected_row
from ui.widgets.theme import line_colour, text_style
from ui.wizard.form_wizard import AssessmentWizard, shared_registry

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- the panel


class AssessmentsList(Panel):
    """A family's assessments as a list: loading, selecting, the consent gate and
    messages. ``consent_requested`` asks the family view to record consent."""

    consent_requested = Signal()
    assessments_loaded = Signal()
    watches = frozenset({"assessment", "assessment_review", "person"})
    wizard_opened = Signal(object)  # the AssessmentWizard, once it shows

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        parent: QWidget | None = None,
        *,
        registry: FormRegistry | None = None,
    ) -> None:
        super().__init__(runner, profile, parent)
        self.levels = levels
        self._registry = registry
        self.consent: ConsentStatus | None = None
        self.wizard: AssessmentWizard | None = None
        self._select_after: str | None = None
        self.wizard_delay_ms: int | None = None  # autosave pause (tests shorten it)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_new_row())
        # Large text on a laptop: "New assessment…" on a line of its own, rather than the
        # window growing wider than the screen.
        new_row, menu_row = self._new_rows
        put_under(new_row, menu_row, layout, 1, room_on_screen(self), right=False)
        self.gate = self._build_gate()
        layout.addWidget(self.gate)
        self.message.setObjectName("assessmentMessage")
        layout.addWidget(self.message)
        self.model, self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel("No assessments yet for this family.")
        self.empty_label.setStyleSheet(text_style("hint"))
        layout.addWidget(self.empty_label)
        self.detail = self._build_detail()
        layout.addWidget(self.detail)
        self.is_team_lead = profile.role in assessment_data.REVIEWER_ROLES
        layout.addLayout(self._build_actions())
        # What changes an assessment: disabled while the family is closed.
        self.edit_buttons: list[QWidget] = [
            *self.new_buttons.values(),
            self.new_menu,
            self.consent_button,
            self.amend_button,
            self.sign_off_button,
            self.return_button,
        ]
        self._selection_changed()

    def _build_new_row(self) -> QHBoxLayout:
        """"Start:", a quick button for each kind Hearth knows the words for
        (``self.new_buttons``, shown when a form of that kind is offered), and "New
        assessment…" (``self.new_menu``): every form offered, any kind, by its title.
        The menu is a layout of its own, to go under the buttons (:func:`put_under`)."""
        new_row = QHBoxLayout()
        new_row.addWidget(QLabel("<b>Start:</b>"))
        self.new_buttons: dict[str, QPushButton] = {}
        for kind, text in QUICK_BUTTONS:
            button = QPushButton(text)
            button.setObjectName(f"new_{kind}")
            self.new_buttons[kind] = button
            new_row.addWidget(button)
        self.new_menu = NewAssessmentButton(self.offered_forms)
        menu_row = QHBoxLayout()  # under the quick buttons when the screen is too narrow
        menu_row.addWidget(self.new_menu)
        new_row.addLayout(menu_row)
        new_row.addStretch(1)
        self._new_rows = (new_row, menu_row)
        self.new_buttons["case_audit"].setVisible(self.profile.role in AUDITING_ROLES)
        if not self.profile.gcp2_trained:
            self.new_buttons["gcp2"].setToolTip(
                "Graded Care Profile 2 is only for practitioners trained in it."
            )
        return new_row

    def _build_gate(self) -> QFrame:
        """The consent gate (hidden until needed): why, and Record consent…."""
        gate = QFrame()
        gate.setObjectName("assessmentGate")
        gate.setStyleSheet(f"#assessmentGate {{ {gate_style()} }}")
        gate_row = QHBoxLayout(gate)
        gate_row.setContentsMargins(10, 8, 10, 8)
        self.gate_label = QLabel()
        self.gate_label.setObjectName("gateMessage")
        self.gate_label.setWordWrap(True)
        self.gate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.gate_label.setStyleSheet("border: none; background: transparent;")
        gate_row.addWidget(self.gate_label, 1)
        self.consent_button = QPushButton("&Record consent…")
        self.consent_button.setObjectName("gateRecordConsent")
        self.consent_button.clicked.connect(self.consent_requested.emit)
        gate_row.addWidget(self.consent_button, 0, Qt.AlignmentFlag.AlignTop)
        gate.hide()
        return gate

    def _build_table(self) -> tuple[RowsModel, QTableView]:
        """The assessments' model, coloured by status, and its table."""
        model = RowsModel(
            [
                Column("Assessment", title_text),
                Column("About", lambda r: r.child_name or "Whole family"),
                Column("Status", lambda r: FORM_MISSING if self.form_missing(r)
                       else status_text(r)),
                Column("Started", lambda r: uk(local_date(r.started_at))),
                Column("Completed", lambda r: uk(local_date(r.completed_at))),
                Column("By", lambda r: r.author),
            ],
            self,
        )
        model.background = lambda r: self._colours(r)[0]
        model.foreground = lambda r: self._colours(r)[1]
        table = rows_table(model)
        table.setObjectName("assessmentTable")
        table.setAccessibleName("Assessments")
        header = table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        return model, table

    def _build_detail(self) -> QLabel:
        """What the selected assessment is (hidden until one is selected)."""
        detail = QLabel()
        detail.setObjectName("assessmentDetail")
        detail.setWordWrap(True)
        detail.setTextFormat(Qt.TextFormat.PlainText)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail.setStyleSheet(
            f"padding: 6px; border: 1px solid {line_colour()}; border-radius: 4px;"
        )
        detail.hide()
        return detail

    def _build_actions(self) -> QHBoxLayout:
        """Open, Amend, (for a team lead) Sign off and Return, the GCP2 profile and map."""
        actions = QHBoxLayout()
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openAssessment")
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setObjectName("amendAssessment")
        self.amend_button.setToolTip("Correct a completed assessment: a new version, linked to it")
        self.sign_off_button = QPushButton("Sign off…")
        self.sign_off_button.setObjectName("signOff")
        self.return_button = QPushButton("Return…")
        self.return_button.setObjectName("returnAssessment")
        self.profile_button = QPushButton("GCP2 profile")
        self.profile_button.setObjectName("showProfile")
        self.map_button = QPushButton("Safety map")
        self.map_button.setObjectName("showMap")
        for button in (self.open_button, self.amend_button):
            actions.addWidget(button)
        if self.is_team_lead:
            actions.addSpacing(16)
            actions.addWidget(self.sign_off_button)
            actions.addWidget(self.return_button)
        else:
            self.sign_off_button.hide()
            self.return_button.hide()
        actions.addSpacing(16)
        actions.addWidget(self.profile_button)
        actions.addWidget(self.map_button)
        actions.addStretch(1)
        return actions

    def enable_edits(self) -> None:
        """After the family reopens: each edit button back to what the selection allows."""
        for button in (*self.new_buttons.values(), self.new_menu):
            button.setEnabled(True)
        self.consent_button.setEnabled(True)
        self._selection_changed()

    # -- the forms ----------------------------------------------------------------

    @property
    def registry(self) -> FormRegistry:
        """The forms given, else those this computer has now (read again when new ones
        arrive: see :mod:`ui.shell.forms_notice`)."""
        return self._registry if self._registry is not None else shared_registry()

    def form_missing(self, row: AssessmentSummary) -> bool:
        """The version of the form this assessment was made with is not loaded here."""
        return not self.registry.has(row.form_id, row.form_version)

    def _colours(self, row: AssessmentSummary) -> tuple[str | None, str | None]:
        if self.form_missing(row):
            return STATUS_COLOURS["returned"]  # amber: it needs someone's attention
        return STATUS_COLOURS.get(row.status, (None, None))

    def offered_forms(self, kind: str | None = None) -> list[FormDefinition]:
        """The newest version of each form this worker may start (of one kind if given),
        as the council's choices stand now (read afresh: a sync may have changed them)."""
        choices = load_form_choices()
        for problem in choices.problems:
            log.warning("council form choices: %s", problem)
        return offered_forms(self.registry, choices, role=self.profile.role, kind=kind)

    def forms_of(self, kind: str) -> list[FormDefinition]:
        """The newest version of each form of a kind (two EHATs when a council adds its own)."""
        return self.offered_forms(kind)

    def show_quick_buttons(self) -> None:
        """A quick button shows only while a form of its kind is offered."""
        offered = {form.kind for form in self.offered_forms()}
        for kind, button in self.new_buttons.items():
            button.setVisible(kind in offered)

    # -- loading ----------------------------------------------------------------------

    @property
    def holds_reloads(self) -> bool:
        """While a wizard of this tab is open its autosaves do not reload the list; it
        reloads when the wizard closes."""
        return self.wizard is not None

    def clear(self) -> None:
        self.model.set_rows([])
        self.consent = None
        self._show_gate("")

    def set_consent(self, status: ConsentStatus) -> None:
        """The family's consent now (from the Consent tab): the gate shows when it
        does not cover assessing."""
        if status.family_id != self.family_id:
            return
        self.consent = status
        if status.can_assess:
            self._show_gate("")
        elif status.all_withdrawn:
            self._show_gate(
                "The family has withdrawn their consent, so no new assessment can start. "
                "If they agree again, record their new consent first."
            )
        else:
            self._show_gate(
                "An assessment needs the family's consent to assess, and none is in force. "
                "Record it first: it takes a minute, with the family."
            )

    def reload(self) -> None:
        if self.family_id is None:
            return
        self.load(
            assessments.list_assessments,
            self.profile,
            self.family_id,
            done=self._loaded,
            error=self._action_failed,
        )

    def _loaded(self, rows: Sequence[AssessmentSummary]) -> None:
        current = self.selected()
        selected = self._select_after or (current.id if current is not None else None)
        self._select_after = None
        self.model.set_rows(list(rows))
        self.show_quick_buttons()
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if selected:
            self.select_assessment(selected)
        self._selection_changed()
        self.is_loaded = True
        self.assessments_loaded.emit()
        self.loaded.emit()

    # -- selection ----------------------------------------------------------------------

    def selected(self) -> AssessmentSummary | None:
        return selected_row(self.table, AssessmentSummary)

    def select_assessment(self, assessment_id: str) -> None:
        select_row_where(self.table, lambda row: row.id == assessment_id)

    def row(self, assessment_id: str) -> AssessmentSummary | None:
        return next((r for r in self.model.rows if r.id == assessment_id), None)

    def _selection_changed(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        self.open_button.setText("Resume" if row is not None and row.is_draft else "Open")
        self.amend_button.setEnabled(row is not None and row.is_final and not row.superseded)
        reviewable = (
            row is not None and row.is_final and not row.superseded and row.status != "signed_off"
        )
        self.sign_off_button.setEnabled(reviewable)
        self.return_button.setEnabled(reviewable)
        self.profile_button.setEnabled(row is not None and row.kind == assessment_data.GCP2_KIND)
        self.map_button.setEnabled(
            (row is not None and row.kind == assessment_data.SAFETY_KIND)
            or any(r.kind == assessment_data.SAFETY_KIND and r.is_final for r in self.model.rows)
        )
        self.detail.setText(self.detail_text(row) if row is not None else "")
        self.detail.setVisible(row is not None)
        if row is not None and (row.status == "returned" or self.form_missing(row)):
            self.detail.setStyleSheet(f"padding: 6px; {gate_style()}")
        else:
            self.detail.setStyleSheet(
                f"padding: 6px; border: 1px solid {line_colour()}; border-radius: 4px;"
            )

    def detail_text(self, row: AssessmentSummary) -> str:
        original = self.row(row.amends_id) if row.amends_id else None
        return detail_text(row, original, form_missing=self.form_missing(row))

    # -- messages ---------------------------------------------------------------------------

    def _show_gate(self, text: str, *, consent: bool = True) -> None:
        self.gate_label.setText(text)
        self.consent_button.setVisible(consent)
        self.gate.setVisible(bool(text))

    @property
    def gate_text(self) -> str:
        return self.gate_label.text() if not self.gate.isHidden() else ""

    def _action_failed(self, error: HearthError) -> None:
        if not isValid(self):
            return
        if isinstance(error, ConsentRequired):
            self._show_gate(error.message)
        elif isinstance(error, Gcp2NotTrained):
            self._show_gate(error.message, consent=False)
        else:
            self.show_message(error.message)
