"""The family view's Assessments tab: every assessment of the family (type,
child, status, dates, author), and the ways to start, open, correct and review
them.

- **Starting** (New EHAT / GCP2 / safety mapping / three houses, or any form the
  council uses, of any kind, from "New assessment…") needs the
  family's current consent to assess: without it the panel says why and offers
  "Record consent…" first (``consent_requested``). GCP2 is only for
  practitioners trained in it (``Profile.gcp2_trained``); others are told why.
  When a council has more than one EHAT (its own variant beside ours) the
  worker chooses which; a per-child form asks which child.
- **Opening** a draft resumes it at its page; a completed one opens read-only,
  rendered with the form version it was made with.
- **Amend…** makes a correction (a new draft linked to the original, which
  stays visible). **Sign off… / Return…** are for team leads; the worker sees
  a return's comment on the assessment.
- Completing an EHAT whose recommended level differs from the family's offers
  to record the change of level, with the EHAT as the reason.
- **GCP2 profile** and **Safety map** show the special views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.casework import assessment_data, assessments
from app.casework.assessment_data import (
    AssessmentDetail,
    AssessmentSummary,
    CompletionResult,
    Gcp2Change,
    NewAssessment,
)
from app.casework.assessment_drafts import AUDIT_KIND
from app.casework.assessment_errors import Gcp2NotTrained
from app.dates import uk
from app.errors import HearthError
from app.families.households import PersonData
from app.forms.definition import FormDefinition
from app.forms.loader import FormRegistry
from app.reference.levels_of_need import LevelsOfNeed
from app.screens.assessment_screens import (
    OpenedAssessment,
    SafetyMapData,
    amend_assessment_data,
    open_assessment_data,
    safety_map_data,
    start_assessment_data,
)
from app.store.caseload_store import Profile

from ui.assessments.assessment_words import local_date
from ui.assessments.assessments_list import AssessmentsList
from ui.assessments.gcp2_profile_view import Gcp2ProfileDialog
from ui.assessments.new_assessment_menu import pick_child, pick_form
from ui.assessments.review_dialog import ReviewDialog
from ui.assessments.sos_map_view import SafetyMapDialog
from ui.family.level_dialog import LevelDialog
from ui.widgets.questions import ask_yes
from ui.wizard.form_wizard import AssessmentWizard, assessment_notice, editor_context


class AssessmentsPanel(AssessmentsList):
    """A family's assessments and the ways to start, open, correct and review them."""

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        parent: QWidget | None = None,
        *,
        registry: FormRegistry | None = None,
    ) -> None:
        super().__init__(runner, levels, profile, parent, registry=registry)
        # Replaceable so the logic can be driven without message boxes.
        self.choose_form: Callable[[Sequence[FormDefinition]], FormDefinition | None] = (
            lambda forms: pick_form(self, forms)
        )
        self.choose_child: Callable[[Sequence[PersonData], str], str | None] = (
            lambda children, title: pick_child(self, children, title)
        )
        for kind, button in self.new_buttons.items():
            button.clicked.connect(lambda _checked=False, k=kind: self.new_assessment(k))
        self.new_menu.chosen.connect(self.new_from_form)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.amend_button.clicked.connect(self.amend_selected)
        self.sign_off_button.clicked.connect(lambda: self.review_selected("signed_off"))
        self.return_button.clicked.connect(lambda: self.review_selected("returned"))
        self.profile_button.clicked.connect(self.show_gcp2_profile)
        self.map_button.clicked.connect(self.show_safety_map)

    # -- starting ---------------------------------------------------------------------------

    def new_assessment(self, kind: str) -> None:
        """Start an assessment of a kind (asking which form and which child when needed)."""
        if not self._may_start(kind):
            return
        forms = self.forms_of(kind)
        if not forms:
            self.show_message("No form of this kind is loaded on this computer.")
            return
        form = forms[0] if len(forms) == 1 else self.choose_form(forms)
        if form is not None:
            self.new_from_form(form)

    def new_from_form(self, form: FormDefinition) -> None:
        """Start an assessment with this form (asking which child when it is about one)."""
        if not self._may_start(form.kind):
            return
        child_id: str | None = None
        if form.per_child and self.family is not None:
            children = [c for c in self.family.children if c.id]
            if not children:
                self.show_message(
                    f"{form.title} is about one child, and no child is recorded in this family. "
                    "Add the child on the Household tab first."
                )
                return
            child_id = (
                children[0].id if len(children) == 1 else self.choose_child(children, form.title)
            )
            if child_id is None:
                return
        self.start(form, child_id)

    def _may_start(self, kind: str) -> bool:
        """Whether a new assessment of a kind may start now; if not, the panel says why."""
        if self.family is None or self.family_id is None or self._busy_with_wizard():
            return False
        self.show_message("")
        if kind == assessment_data.GCP2_KIND and not self.profile.gcp2_trained:
            self._show_gate(Gcp2NotTrained().message, consent=False)
            return False
        audit = kind == AUDIT_KIND  # the lead's audit of the record needs no consent
        if not audit and self.consent is not None and not self.consent.can_assess:
            self.set_consent(self.consent)
            return False
        return True

    def start(self, form: FormDefinition, child_id: str | None = None) -> None:
        assert self.family_id is not None
        self.runner.run_store(
            start_assessment_data,
            self.profile,
            NewAssessment(self.family_id, form, child_id),
            self.registry,
            done=self._opened,
            error=self._action_failed,
        )

    # -- opening ------------------------------------------------------------------------------

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_assessment(row.id)

    def open_assessment(self, assessment_id: str) -> None:
        if self._busy_with_wizard():
            return
        self.show_message("")
        self.runner.run_store(
            open_assessment_data,
            self.profile,
            assessment_id,
            self.registry,
            done=self._opened,
            error=self._action_failed,
        )

    def _busy_with_wizard(self) -> bool:
        if self.wizard is None:
            return False
        self.wizard.raise_()
        self.wizard.activateWindow()
        return True

    def _opened(self, opened: OpenedAssessment) -> None:
        detail = opened.detail
        if (
            not isValid(self)
            or self.family is None
            or detail.family_id != self.family_id
            or self.wizard is not None
        ):
            return
        try:
            definition = assessments.form_for(self.registry, detail)
        except HearthError as error:
            self.show_message(error.message)
            return
        context = editor_context(
            self.levels,
            self.family.members,
            opened.descriptor_sets,
            detail.child_person_id,
            self.profile.name,
        )
        heading = f"{self.family.family.family_name} family"
        if detail.child_name:
            heading += f" · about {detail.child_name}"
        kwargs: dict[str, Any] = {}
        if self.wizard_delay_ms is not None:
            kwargs["delay_ms"] = self.wizard_delay_ms
        wizard = AssessmentWizard(
            self.runner,
            self.profile,
            self.registry,
            detail,
            definition,
            context,
            heading=heading,
            parent=self,
            **kwargs,
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        notice, tone = self.notice_for(detail, definition)
        wizard.set_notice(notice, tone)
        wizard.completed.connect(self._completed)
        wizard.finished.connect(lambda _result: self._wizard_closed(wizard))
        self.wizard = wizard
        self._select_after = detail.id  # the list reloads when the wizard closes
        wizard.open()
        self.wizard_opened.emit(wizard)

    def notice_for(self, detail: AssessmentDetail, definition: FormDefinition) -> tuple[str, str]:
        """What the wizard says at the top of each page about this assessment."""
        original = self.row(detail.amends_id) if detail.amends_id else None
        return assessment_notice(detail, definition, self.registry, original)

    def _wizard_closed(self, wizard: AssessmentWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
        self.reload()

    # -- completing ---------------------------------------------------------------------------

    def _completed(self, result: CompletionResult) -> None:
        if not isValid(self):
            return
        self._select_after = result.assessment.id
        self.reload()
        if result.recommended_level and self.family is not None:
            self._offer_level_change(result)

    def _offer_level_change(self, result: CompletionResult) -> None:
        recommended = self.levels.label(result.recommended_level or "")
        current = self.levels.label(result.current_level) if result.current_level else "not set"
        if not self.confirm(
            "Change the level of need?",
            f"The {result.assessment.title or 'assessment'} recommends {recommended}; the family's "
            f"level of need is {current}.\n\nRecord the change of level now, with this assessment "
            "as the reason?",
        ):
            return
        self.open_level_dialog(result)

    def open_level_dialog(self, result: CompletionResult) -> LevelDialog | None:
        if self.family_id is None or self.dialog is not None:
            return None
        dialog = LevelDialog(
            self.runner, self.levels, self.profile, self.family_id, result.current_level, self
        )
        dialog.level.set_code(result.recommended_level or "")
        completed = uk(local_date(result.assessment.completed_at))
        reason = (
            f"{result.assessment.title or 'Assessment'} completed on {completed} "
            f"by {result.assessment.completed_by} recommended this level."
        )
        dialog.reason.setPlainText(reason)
        self.open_dialog(dialog)
        return dialog

    # -- correcting and reviewing ---------------------------------------------------------------

    def amend_selected(self) -> None:
        row = self.selected()
        if row is None or not row.is_final or self._busy_with_wizard():
            return
        if not self.confirm(
            "Amend the assessment",
            "Make a correction to this assessment?\n\nA new draft is made with the same answers "
            "for you to correct and complete. The original stays on record as it was.",
        ):
            return
        self.runner.run_store(
            amend_assessment_data,
            self.profile,
            row.id,
            self.registry,
            done=self._opened,
            error=self._action_failed,
        )

    def review_selected(self, outcome: str) -> ReviewDialog | None:
        row = self.selected()
        if row is None or not self.is_team_lead or self.dialog is not None:
            return None
        dialog = ReviewDialog(self.runner, self.profile, row, outcome, self)
        self._select_after = row.id
        self.open_dialog(dialog)
        return dialog

    # -- the special views ---------------------------------------------------------------------

    def show_gcp2_profile(self) -> None:
        row = self.selected()
        if row is None or row.kind != assessment_data.GCP2_KIND or self.dialog is not None:
            return
        self.runner.run_store(
            assessments.gcp2_change,
            self.profile,
            row.id,
            self.registry,
            done=lambda change: self._show_profile(row, change),
            error=self._action_failed,
        )

    def _show_profile(self, row: AssessmentSummary, change: Gcp2Change) -> None:
        if not isValid(self) or self.dialog is not None:
            return
        try:
            definition = assessments.form_for(self.registry, row)
        except HearthError as error:
            self.show_message(error.message)
            return
        dialog = Gcp2ProfileDialog(
            change,
            definition,
            child_name=row.child_name,
            completed_on=local_date(row.completed_at),
            parent=self,
        )
        self.open_dialog(dialog)

    def show_safety_map(self) -> None:
        if self.family_id is None or self.dialog is not None:
            return
        row = self.selected()
        chosen = row.id if row is not None and row.kind == assessment_data.SAFETY_KIND else None
        self.runner.run_store(
            safety_map_data,
            self.profile,
            self.family_id,
            chosen,
            self.registry,
            done=self._show_map,
            error=self._action_failed,
        )

    def _show_map(self, data: SafetyMapData) -> None:
        if not isValid(self) or self.dialog is not None or self.family is None:
            return
        if data.mapping is None:
            self.show_message("This family has no completed safety mapping yet.")
            return
        try:
            definition = assessments.form_for(self.registry, data.mapping)
        except HearthError as error:
            self.show_message(error.message)
            return
        names = {m.id: m.full_name for m in self.family.members if m.id}
        dialog = SafetyMapDialog(
            definition,
            data.mapping.answers,
            data.series,
            heading=f"{self.family.family.family_name} family",
            completed_on=local_date(data.mapping.completed_at),
            names=names,
            parent=self,
        )
        self.open_dialog(dialog)

    # -- asking --------------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        return ask_yes(self, title, text, yes_by_default=True)
