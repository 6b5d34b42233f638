"""Step up to children's social care, step down into early help, and the
step-up referral's outcome once it is known.

- :class:`StepUpDialog`: the reason, the date decided, the date referred,
  where to (the front door), the social-care level, and the referral's outcome
  if it is already known.
- :class:`StepDownDialog`: the reason, the date, the early-help level, and the
  new lead professional (who becomes the family's lead professional).
- :class:`ReferralOutcomeDialog`: the outcome of a step-up referral, later.

Both steps change the level of need (they appear in the level history and
the chronology). Saved through :mod:`app.casework.step_changes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.casework import step_changes
from app.casework.step_changes import (
    DEFAULT_STEP_DOWN_DESTINATION,
    DEFAULT_STEP_UP_DESTINATION,
    ReferralOutcomeRequest,
    StepChangeData,
    StepDownRequest,
    StepUpRequest,
)
from app.dates import today, uk
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.reference.council_config import agencies
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.family.level_dialog import DIRECTION_STYLES
from ui.widgets.fields import ChoiceCombo, DateField, hint_style, long_text
from ui.widgets.form_dialog import FormDialog
from ui.widgets.scrolling import vertical_scroll, whole_form_height
from ui.widgets.window_memory import fit_to_screen


class _StepDialog(FormDialog):
    """What a step up and a step down share: the explanation, the current level, the new
    level and the date first, the reason, "Decided by" last. A kind of step adds its own
    rows to ``self.form`` between, then calls :meth:`finish`."""

    reason: QPlainTextEdit  # made by each kind of step
    save_text: str

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        family: FamilyDetail,
        title: str,
        direction: str,
        explanation: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, title, parent)
        self.levels = levels
        self.profile = profile
        self.family = family
        self.setMinimumWidth(660)
        self.note = QLabel(explanation)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(DIRECTION_STYLES[direction] + " padding: 6px 8px;")
        social_care = direction == "step_up"
        choices = {lv.code: lv.label for lv in levels.levels if lv.social_care == social_care}
        self.level = ChoiceCombo(choices, blank="Choose the level…" if len(choices) > 1 else None)
        # the level as the family's header and the caseload name it ("Early Help")
        current = levels.current(family.family.level_code)
        self.current_text = QLabel(
            f"Current level of need: <b>{current.short if current else 'not set'}</b>"
        )
        self.form = self.new_form()
        self.add_row(self.form, "to_level", "New level", self.level)
        self.decided_on = DateField(today())
        self.add_row(self.form, "decided_on", "Date decided", self.decided_on)

    def finish(self, save_text: str) -> None:
        """Add "Decided by", lay the dialog out and name its Save button."""
        self.decided_by = QLineEdit(self.profile.name)
        self.add_row(self.form, "decided_by", "Decided by", self.decided_by)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.current_text)
        layout.addWidget(self.banner)
        scroll = vertical_scroll(self.form, "stepForm")  # scrolls with large text on a laptop
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.save_text = save_text
        self.save_button.setText(save_text)
        fit_to_screen(self, self.sizeHint().width(), whole_form_height(self, scroll))

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText(self.save_text)

    def _common(self, problems: dict[str, str]) -> tuple[dt.date | None, str]:
        decided_on = self.read_date("decided_on", problems)
        if decided_on is None and "decided_on" not in problems:
            problems["decided_on"] = "Enter the date of the decision."
        reason = self.reason.toPlainText().strip()
        if not reason:
            problems["reason"] = (
            "Say why: inspectors look for the reason for every step up or down."
            )
        if not self.level.code():
            problems["to_level"] = "Choose the level of need."
        return decided_on, reason

    @property
    def family_id(self) -> str:
        family_id = self.family.family.id
        assert family_id is not None
        return family_id

    def result_id(self, result: Any) -> str:
        return str(result.id)


class StepUpDialog(_StepDialog):
    """Step the family up to children's social care; ``saved`` carries the step's id."""

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        family: FamilyDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner, levels, profile, family, "Step up to children's social care", "step_up",
            "A step up refers the family to children's social care because the risk to a child "
            "has risen. The family's level of need changes, and the referral is kept in the "
            "history and the chronology.",
            parent,
        )
        form = self.form
        self.referred_on = DateField(today())
        self.add_row(form, "referred_on", "Date referred", self.referred_on)
        self.destination = QLineEdit(DEFAULT_STEP_UP_DESTINATION)
        self.add_row(form, "destination", "Referred to", self.destination)
        self.reason = long_text(100, "What has changed, and why early help is no longer enough.")
        self.add_row(form, "reason", "Reason", self.reason)
        self.lead = QLineEdit()
        self.lead.setPlaceholderText("The allocated social worker, if known")
        self.add_row(form, "new_lead_professional", "New lead professional", self.lead)
        self.outcome = long_text(60, "Leave empty until social care replies.")
        self.add_row(
            form,
            "outcome",
            "Referral's outcome",
            self.outcome,
            "If it is already known (for example: accepted for a child and family "
            "assessment). You can record it later.",
        )
        self.finish("&Record step up")

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        decided_on, reason = self._common(problems)
        referred_on = self.read_date("referred_on", problems)
        if not self.destination.text().strip():
            problems["destination"] = "Say where the family was referred."
        if problems:
            raise ValidationFailed(problems)
        assert decided_on is not None
        request = StepUpRequest(
            family_id=self.family_id,
            to_level=self.level.code(),
            decided_on=decided_on,
            reason=reason,
            referred_on=referred_on,
            destination=self.destination.text().strip(),
            new_lead_professional=self.lead.text().strip(),
            decided_by=self.decided_by.text().strip(),
        )
        outcome = self.outcome.toPlainText().strip()
        service = step_changes.step_up_with_outcome
        return service, (self.profile, self.levels, request, outcome, None)


class StepDownDialog(_StepDialog):
    """Step the family down into early help with its new lead professional."""

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        family: FamilyDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner, levels, profile, family, "Step down into early help", "step_down",
            "A step down hands the family from children's social care to early help, because "
            "the risk has fallen. Name the new lead professional: they lead the family's plan "
            "from now on.",
            parent,
        )
        form = self.form
        chosen = levels.step_down_choice(family.family.level_code)
        if chosen:
            self.level.set_code(chosen)
        self.reason = long_text(
            100, "What has changed: why early help can now meet the family's needs."
        )
        self.add_row(form, "reason", "Reason", self.reason)
        self.lead = QLineEdit()
        self.lead.setPlaceholderText("For example: Jo Example")
        self.add_row(form, "new_lead_professional", "New lead professional", self.lead)
        self.lead_agency = ChoiceCombo({a: a for a in agencies()}, blank="", editable=True)
        line = self.lead_agency.lineEdit()
        if line is not None:
            line.setPlaceholderText("Their agency, for example: Health visiting")
        self.add_row(form, "new_lead_agency", "Their agency", self.lead_agency)
        self.destination = QLineEdit(DEFAULT_STEP_DOWN_DESTINATION)
        self.add_row(form, "destination", "Stepping down into", self.destination)
        self.finish("&Record step down")

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        decided_on, reason = self._common(problems)
        if not self.lead.text().strip():
            problems["new_lead_professional"] = "Name the new lead professional."
        if problems:
            raise ValidationFailed(problems)
        assert decided_on is not None
        request = StepDownRequest(
            family_id=self.family_id,
            to_level=self.level.code(),
            decided_on=decided_on,
            reason=reason,
            new_lead_professional=self.lead.text().strip(),
            new_lead_agency=self.lead_agency.code(),
            destination=self.destination.text().strip() or DEFAULT_STEP_DOWN_DESTINATION,
            decided_by=self.decided_by.text().strip(),
        )
        return step_changes.step_down, (self.profile, self.levels, request)


class ReferralOutcomeDialog(FormDialog):
    """The outcome of a step-up referral, once social care has replied."""

    def __init__(
        self, runner: Any, profile: Profile, step: StepChangeData, parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, "The step-up referral's outcome", parent)
        self.profile = profile
        self.step = step
        self.setMinimumWidth(580)
        referred = uk(step.referred_on) if step.referred_on else uk(step.decided_on)
        intro = QLabel(
            f"The family was stepped up on {uk(step.decided_on)} and referred to "
            f"{step.destination or 'children’s social care'} on {referred}. What happened "
            "to the referral?"
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        self.outcome = long_text(90, "For example: accepted for a child and family assessment.")
        self.add_row(form, "outcome", "Outcome", self.outcome)
        self.recorded_on = DateField(today())
        self.add_row(form, "recorded_on", "Date of the outcome", self.recorded_on)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.save_button.setText("Save outcome")
        self.outcome.setFocus()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        on = self.read_date("recorded_on", problems)
        if not self.outcome.toPlainText().strip():
            problems["outcome"] = "Write the referral's outcome."
        if problems:
            raise ValidationFailed(problems)
        return step_changes.record_referral_outcome, (
            self.profile,
            ReferralOutcomeRequest(self.step.id, self.outcome.toPlainText(), on),
        )

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("Save outcome")

    def result_id(self, result: Any) -> str:
        return str(result.id)
