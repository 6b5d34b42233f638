"""The dialogs that add and edit a plan's parts: a need, an outcome, an action
(an action can also start from a visit's follow-up)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.casework import plan_writes
from app.casework.plan_data import (
    ACTION_STATUSES,
    DOMAINS,
    ActionData,
    ActionRequest,
    FollowUpToAction,
    NeedData,
    NeedRequest,
    OutcomeData,
    OutcomeRequest,
    OwnerChoice,
    PlanData,
)
from app.casework.plans import worker_as_owner
from app.errors import ValidationFailed
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo, DateField, hint_style, long_text
from ui.widgets.form_dialog import FormDialog

NO_OWNER = ""
OTHER_AGENCY = "other"
WORKER = "worker"  # the worker filling in the plan, named by name and role


# ---------------------------------------------------------------- dialogs




class NeedDialog(FormDialog):
    """Add or edit a need; ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_id: str,
        assessment_choices: Sequence[tuple[str, str]],
        need: NeedData | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "Edit need" if need else "Add a need to the plan", parent)
        self.profile = profile
        self.family_id = family_id
        self.need = need
        self.setMinimumWidth(620)

        intro = QLabel(
            "A need is something the assessment found that the plan will work on, in plain words."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        self.text = long_text(
            80, "For example: The youngest child's speech is behind for their age."
        )
        self.add_row(form, "text", "Need", self.text)
        self.domain = ChoiceCombo(DOMAINS, blank="Choose the area of family life…")
        self.add_row(
            form,
            "domain",
            "Area",
            self.domain,
            "Actions under this need take this area unless you choose another.",
        )
        self.assessment = ChoiceCombo(dict(assessment_choices), blank="Not linked to an assessment")
        _fit_combo(self.assessment)
        self.add_row(form, "assessment_id", "Found by", self.assessment)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if need is not None:
            self.text.setPlainText(need.text)
            self.domain.set_code(need.domain)
            if need.assessment_id:
                self.assessment.set_code(need.assessment_id)
        self.text.setFocus()

    def request(self) -> NeedRequest:
        return NeedRequest(
            family_id=self.family_id,
            text=self.text.toPlainText(),
            domain=self.domain.code(),
            assessment_id=self.assessment.code() or None,
            id=self.need.id if self.need else None,
        )

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if not self.text.toPlainText().strip():
            raise ValidationFailed({"text": "Say what the need is."})
        return plan_writes.save_need, (self.profile, self.request())

    def result_id(self, result: Any) -> str:
        return str(result.id)


class OutcomeDialog(FormDialog):
    """Add or edit an outcome (in the family's words); ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        needs: Sequence[NeedData],
        outcome: OutcomeData | None,
        parent: QWidget | None = None,
        *,
        need_id: str | None = None,
    ) -> None:
        super().__init__(runner, "Edit outcome" if outcome else "Add an outcome", parent)
        self.profile = profile
        self.outcome = outcome
        self.setMinimumWidth(620)
        intro = QLabel(
            "What the family wants to be different, in their own words. Write it as they said it."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        self.need = ChoiceCombo({n.id: _short(n.text, 90) for n in needs})
        _fit_combo(self.need)
        self.add_row(form, "need_id", "For the need", self.need)
        self.text = long_text(80, "For example: “We want her to be ready for nursery.”")
        self.add_row(form, "text", "Outcome", self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if outcome is not None:
            self.need.set_code(outcome.need_id)
            self.text.setPlainText(outcome.text)
        elif need_id:
            self.need.set_code(need_id)

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if not self.text.toPlainText().strip():
            raise ValidationFailed({"text": "Write the outcome the family wants, in their words."})
        request = OutcomeRequest(
            need_id=self.need.code(),
            text=self.text.toPlainText(),
            id=self.outcome.id if self.outcome else None,
        )
        return plan_writes.save_outcome, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)


def owner_code(kind: str, owner_id: str | None) -> str:
    return f"{kind}:{owner_id}" if kind and owner_id else ""


class ActionDialog(FormDialog):
    """Add or edit a SMART action, or turn a visit's follow-up into one
    (``follow_up=(visit_id, index, text)``); ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        plan: PlanData,
        owners: Sequence[OwnerChoice],
        action: ActionData | None,
        parent: QWidget | None = None,
        *,
        outcome_id: str | None = None,
        follow_up: tuple[str, int, str] | None = None,
    ) -> None:
        title = "Edit action" if action else "Add an action"
        if follow_up is not None:
            title = "Make the follow-up a plan action"
        super().__init__(runner, title, parent)
        self.profile = profile
        self.plan = plan
        self.action = action
        self.follow_up = follow_up
        self.setMinimumWidth(700)

        intro = self._build_intro()
        form = self._build_form(owners)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        if action is not None:
            self._show_action(action)
        elif outcome_id:
            self.outcome.set_code(outcome_id)
        if follow_up is not None:
            self.text.setPlainText(follow_up[2])
            for name in ("status", "progress_note"):
                self.set_row_visible(name, False)
        self.owner.currentIndexChanged.connect(self._owner_changed)
        self._owner_changed()

    # -- building -------------------------------------------------------------

    @staticmethod
    def _build_intro() -> QLabel:
        intro = QLabel(
            "A SMART action: specific and measurable (what exactly will be done), achievable, "
            "relevant to the outcome, and timely (by when)."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        return intro

    def _build_form(self, owners: Sequence[OwnerChoice]) -> QFormLayout:
        """The outcome, what will be done, who and by when, its area and progress."""
        form = self.new_form()
        outcomes = {
            o.id: _short(f"{o.text}  (need: {n.text})", 110)
            for n in self.plan.needs
            for o in n.outcomes
        }
        self.outcome = ChoiceCombo(outcomes)
        _fit_combo(self.outcome)
        self.add_row(form, "outcome_id", "Outcome", self.outcome)
        self.text = long_text(70, "For example: Book a speech and language assessment.")
        self.add_row(form, "text", "What will be done", self.text)
        self.worker_name = worker_as_owner(self.profile)
        choices = owner_choices(owners, f"{self.worker_name} (you)")
        self.owner = ChoiceCombo(choices, blank="No owner yet")
        _fit_combo(self.owner)
        self.add_row(form, "owner", "Who will do it", self.owner)
        self.owner_name = QLineEdit()
        self.owner_name.setPlaceholderText("For example: Speech and language therapy (Sam Example)")
        self.add_row(form, "owner_name", "Name", self.owner_name)
        self.due_on = DateField()
        self.add_row(form, "due_on", "By when", self.due_on)
        self.domain = ChoiceCombo(DOMAINS, blank="The need's area")
        self.add_row(form, "domain", "Area", self.domain)
        self.status = ChoiceCombo(ACTION_STATUSES)
        self.add_row(form, "status", "How it is going", self.status)
        self.progress = long_text(60, "What has happened so far.")
        self.add_row(form, "progress_note", "Progress", self.progress)
        return form

    def _show_action(self, action: ActionData) -> None:
        """The action being edited, as it was saved."""
        self.outcome.set_code(action.outcome_id)
        self.text.setPlainText(action.text)
        code = owner_code(action.owner_kind, action.owner_id)
        if code and self.owner.findData(code) >= 0:
            self.owner.set_code(code)
        elif action.owner_kind == "person":
            # someone who cannot own an action (an unborn baby) or is no longer here
            self.rows["owner"].set_error(
                f"{action.owner_name or 'This person'} cannot own this action now: "
                "choose who will do it."
            )
        elif action.owner_name == self.worker_name:
            self.owner.set_code(WORKER)
        elif action.owner_name:
            self.owner.set_code(OTHER_AGENCY)
            self.owner_name.setText(action.owner_name)
        self.due_on.set_date(action.due_on)
        self.domain.set_code(action.domain)
        self.status.set_code(action.status)
        self.progress.setPlainText(action.progress_note)

    # -- the owner ------------------------------------------------------------

    def _owner_changed(self) -> None:
        self.set_row_visible("owner_name", self.owner.code() == OTHER_AGENCY)

    def _owner(self) -> tuple[str, str | None, str]:
        code = self.owner.code()
        if not code:
            return "", None, ""
        if code == OTHER_AGENCY:
            return "agency", None, self.owner_name.text().strip()
        if code == WORKER:
            return "agency", None, self.worker_name
        kind, _, owner_id = code.partition(":")
        return kind, owner_id, ""

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        due_on = self.read_date("due_on", problems)
        if not self.text.toPlainText().strip():
            problems["text"] = "Say what will be done."
        kind, owner_id, name = self._owner()
        if self.owner.code() == OTHER_AGENCY and not name:
            problems["owner_name"] = "Name the agency or person who will do it."
        if problems:
            raise ValidationFailed(problems)
        if self.follow_up is not None:
            visit_id, index, _text = self.follow_up
            return plan_writes.follow_up_to_action, (
                self.profile,
                FollowUpToAction(
                    visit_id=visit_id,
                    follow_up_index=index,
                    outcome_id=self.outcome.code(),
                    owner_kind=kind,
                    owner_id=owner_id,
                    owner_name=name,
                    due_on=due_on,
                    domain=self.domain.code(),
                    text=self.text.toPlainText().strip(),
                ),
            )
        return plan_writes.save_action, (
            self.profile,
            ActionRequest(
                outcome_id=self.outcome.code(),
                text=self.text.toPlainText(),
                owner_kind=kind,
                owner_id=owner_id,
                owner_name=name,
                due_on=due_on,
                domain=self.domain.code(),
                status=self.status.code(),
                progress_note=self.progress.toPlainText(),
                id=self.action.id if self.action else None,
            ),
        )

    def show_problems(self, problems: Any) -> None:
        # The service names the owner problem "owner"; the typed name is where it belongs.
        problems = dict(problems)
        if "owner" in problems and self.owner.code() == OTHER_AGENCY:
            problems["owner_name"] = problems.pop("owner")
        super().show_problems(problems)

    def result_id(self, result: Any) -> str:
        return str(result.id)


def owner_choices(owners: Sequence[OwnerChoice], worker: str = "") -> dict[str, str]:
    """Who can own an action: the family's people, the ``worker`` (their label), then the
    family's agencies, then someone else."""
    items: dict[str, str] = {}
    for o in owners:
        if o.kind == "person":
            items[owner_code(o.kind, o.id)] = o.label
    if worker:
        items[WORKER] = worker
    for o in owners:
        if o.kind == "agency":
            items[owner_code(o.kind, o.id)] = o.name
    items[OTHER_AGENCY] = "Another agency or person (type the name)…"
    return items


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit_combo(combo: QComboBox) -> None:
    """A combo of long texts takes the form's width, not its longest item's."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    for index in range(combo.count()):
        combo.setItemData(index, combo.itemText(index), Qt.ItemDataRole.ToolTipRole)
