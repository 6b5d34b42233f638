"""The family view's Assessments tab: every assessment of the family (type,
child, status, dates, author), and the ways to start, open, correct and review
them.

- **Starting** (New EHAT / GCP2 / safety mapping / three houses) needs the
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

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import assessment_completion, assessment_data, assessment_drafts, assessments
from app.casework.assessment_data import (
    AssessmentDetail,
    AssessmentSummary,
    CompletionResult,
    Gcp2Change,
    NewAssessment,
    ReviewRequest,
)
from app.casework.assessment_errors import Gcp2NotTrained
from app.casework.consent_data import ConsentRequired, ConsentStatus
from app.dates import uk
from app.errors import HearthError, ValidationFailed
from app.families.households import FamilyDetail, PersonData
from app.forms.definition import DescriptorSet, FormDefinition
from app.forms.loader import FormRegistry
from app.forms.scoring import ScalingSeries
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.assessments.gcp2_profile_view import Gcp2ProfileDialog
from ui.assessments.sos_map_view import SafetyMapDialog
from ui.family.family_view import Column, RowsModel, _table
from ui.family.level_dialog import LevelDialog
from ui.widgets.fields import BANNER_STYLE, FormDialog
from ui.wizard.form_wizard import (
    AssessmentWizard,
    assessment_notice,
    editor_context,
    shared_registry,
)

LONDON = ZoneInfo("Europe/London")
# The kinds the panel starts, in button order, with the button's words.
NEW_BUTTONS: tuple[tuple[str, str], ...] = (
    ("ehat", "New EHAT…"),
    ("gcp2", "New GCP2…"),
    ("signs_of_safety", "New safety mapping…"),
    ("three_houses", "New three houses…"),
)
STATUS_COLOURS = {
    "draft": (None, "#37474f"),
    "completed": ("#e8f1fa", "#153a5c"),
    "signed_off": ("#e8f5e9", "#1b5e20"),
    "returned": ("#fff4e0", "#5c3a00"),
}
GATE_STYLE = "background: #fff4e0; color: #5c3a00; border: 1px solid #f0c987; border-radius: 4px;"


def local_date(instant: dt.datetime | None) -> dt.date | None:
    return instant.astimezone(LONDON).date() if instant is not None else None


def status_text(row: AssessmentSummary) -> str:
    text = row.status_label
    if row.superseded:
        text += " (corrected by an amendment)"
    elif row.amended_by_id and row.is_final:
        text += " (amendment in progress)"
    return text


def title_text(row: AssessmentSummary) -> str:
    title = row.title or row.form_id
    return f"{title} (amendment)" if row.amends_id else title


# ---------------------------------------------------------------- store work


@dataclass(frozen=True)
class OpenedAssessment:
    """An assessment with what its wizard needs: the grade descriptors it was made with."""

    detail: AssessmentDetail
    descriptor_sets: dict[str, DescriptorSet]


def open_assessment_data(
    session: Any, actor: Profile, assessment_id: str, registry: FormRegistry
) -> OpenedAssessment:
    detail = assessments.load_assessment(session, actor, assessment_id)
    return OpenedAssessment(
        detail, assessments.descriptors_for_assessment(session, registry, detail)
    )


def start_assessment_data(
    session: Any, actor: Profile, request: NewAssessment, registry: FormRegistry
) -> OpenedAssessment:
    detail = assessment_drafts.start_assessment(session, actor, request, registry)
    return OpenedAssessment(
        detail, assessments.descriptors_for_assessment(session, registry, detail)
    )


def amend_assessment_data(
    session: Any, actor: Profile, assessment_id: str, registry: FormRegistry
) -> OpenedAssessment:
    detail = assessment_completion.amend_assessment(session, actor, assessment_id, registry)
    return OpenedAssessment(
        detail, assessments.descriptors_for_assessment(session, registry, detail)
    )


@dataclass(frozen=True)
class SafetyMapData:
    mapping: AssessmentDetail | None
    series: tuple[ScalingSeries, ...]


def safety_map_data(
    session: Any, actor: Profile, family_id: str, assessment_id: str | None, registry: FormRegistry
) -> SafetyMapData:
    """The chosen mapping (or the family's latest completed one), and everyone's
    scaling over time."""
    if assessment_id is not None:
        mapping: AssessmentDetail | None = assessments.load_assessment(
            session, actor, assessment_id
        )
    else:
        mapping = assessments.latest_assessment(
            session, actor, family_id, assessment_data.SAFETY_KIND
        )
    series = assessments.scaling_history(session, actor, family_id, registry)
    return SafetyMapData(mapping, series)


# ---------------------------------------------------------------- review dialog


class ReviewDialog(FormDialog):
    """A team lead signs off an assessment, or returns it with a comment."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        row: AssessmentSummary,
        outcome: str,
        parent: QWidget | None = None,
    ) -> None:
        returning = outcome == "returned"
        super().__init__(
            runner, "Return the assessment" if returning else "Sign off the assessment", parent
        )
        self.profile = profile
        self.row = row
        self.outcome = outcome
        self.setMinimumWidth(560)
        about = f" about {row.child_name}" if row.child_name else ""
        intro = QLabel(
            f"{title_text(row)}{about}, completed by {row.completed_by} on "
            f"{uk(local_date(row.completed_at))}."
            + (
                "\n\nSay what needs to change: the worker sees your comment and corrects "
                "the assessment with an amendment."
                if returning
                else "\n\nSigning off records that you have reviewed it. A comment is optional."
            )
        )
        intro.setWordWrap(True)
        form = self.new_form()
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setMinimumHeight(110)
        self.add_row(form, "comment", "Comment" + (" *" if returning else ""), self.comment)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._label = "Return" if returning else "Sign off"
        self.save_button.setText(self._label)

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        self.save_button.setText("Saving…" if saving else self._label)

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if self.outcome == "returned" and not self.comment.toPlainText().strip():
            raise ValidationFailed(
                {"comment": "Say what needs to change, so the worker can put it right."}
            )
        request = ReviewRequest(self.row.id, self.outcome, self.comment.toPlainText())
        return assessment_completion.review_assessment, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)


# ---------------------------------------------------------------- the panel


class AssessmentsPanel(QWidget):
    """A family's assessments. ``consent_requested`` asks the family view to
    record consent; ``family_changed`` says the family record changed (a level
    decision after an EHAT)."""

    consent_requested = Signal()
    family_changed = Signal()
    assessments_loaded = Signal()
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
        super().__init__(parent)
        self.runner = runner
        self.levels = levels
        self.profile = profile
        self._registry = registry
        self.family: FamilyDetail | None = None
        self.family_id: str | None = None
        self.consent: ConsentStatus | None = None
        self.wizard: AssessmentWizard | None = None
        self.dialog: QWidget | None = None
        self._token = 0
        self._select_after: str | None = None
        # Replaceable so the logic can be driven without message boxes.
        self.confirm: Callable[[str, str], bool] = self._ask
        self.choose_form: Callable[[Sequence[FormDefinition]], FormDefinition | None] = (
            self._pick_form
        )
        self.choose_child: Callable[[Sequence[PersonData], str], str | None] = self._pick_child
        self.wizard_delay_ms: int | None = None  # autosave pause (tests shorten it)

        layout = QVBoxLayout(self)
        new_row = QHBoxLayout()
        new_row.addWidget(QLabel("<b>Start:</b>"))
        self.new_buttons: dict[str, QPushButton] = {}
        for kind, text in NEW_BUTTONS:
            button = QPushButton(text)
            button.setObjectName(f"new_{kind}")
            button.clicked.connect(lambda _checked=False, k=kind: self.new_assessment(k))
            self.new_buttons[kind] = button
            new_row.addWidget(button)
        new_row.addStretch(1)
        layout.addLayout(new_row)
        if not profile.gcp2_trained:
            self.new_buttons["gcp2"].setToolTip(
                "Graded Care Profile 2 is only for practitioners trained in it."
            )

        self.gate = QFrame()
        self.gate.setObjectName("assessmentGate")
        self.gate.setStyleSheet(f"#assessmentGate {{ {GATE_STYLE} }}")
        gate_row = QHBoxLayout(self.gate)
        gate_row.setContentsMargins(10, 8, 10, 8)
        self.gate_label = QLabel()
        self.gate_label.setObjectName("gateMessage")
        self.gate_label.setWordWrap(True)
        self.gate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.gate_label.setStyleSheet("border: none; background: transparent;")
        gate_row.addWidget(self.gate_label, 1)
        self.consent_button = QPushButton("Record consent…")
        self.consent_button.setObjectName("gateRecordConsent")
        self.consent_button.clicked.connect(self.consent_requested.emit)
        gate_row.addWidget(self.consent_button, 0, Qt.AlignmentFlag.AlignTop)
        self.gate.hide()
        layout.addWidget(self.gate)

        self.message = QLabel()
        self.message.setObjectName("assessmentMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(BANNER_STYLE)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = RowsModel(
            [
                Column("Assessment", title_text),
                Column("About", lambda r: r.child_name or "Whole family"),
                Column("Status", status_text),
                Column("Started", lambda r: uk(local_date(r.started_at))),
                Column("Completed", lambda r: uk(local_date(r.completed_at))),
                Column("By", lambda r: r.author),
            ],
            self,
        )
        self.model.background = lambda r: STATUS_COLOURS.get(r.status, (None, None))[0]
        self.model.foreground = lambda r: STATUS_COLOURS.get(r.status, (None, None))[1]
        self.table = _table(self.model)
        self.table.setObjectName("assessmentTable")
        header = self.table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel("No assessments yet for this family.")
        self.empty_label.setStyleSheet("color: #666666;")
        layout.addWidget(self.empty_label)

        self.detail = QLabel()
        self.detail.setObjectName("assessmentDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("padding: 6px; border: 1px solid #d8dee4; border-radius: 4px;")
        self.detail.hide()
        layout.addWidget(self.detail)

        actions = QHBoxLayout()
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openAssessment")
        self.open_button.clicked.connect(self.open_selected)
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setObjectName("amendAssessment")
        self.amend_button.setToolTip("Correct a completed assessment: a new version, linked to it")
        self.amend_button.clicked.connect(self.amend_selected)
        self.sign_off_button = QPushButton("Sign off…")
        self.sign_off_button.setObjectName("signOff")
        self.sign_off_button.clicked.connect(lambda: self.review_selected("signed_off"))
        self.return_button = QPushButton("Return…")
        self.return_button.setObjectName("returnAssessment")
        self.return_button.clicked.connect(lambda: self.review_selected("returned"))
        self.profile_button = QPushButton("GCP2 profile")
        self.profile_button.setObjectName("showProfile")
        self.profile_button.clicked.connect(self.show_gcp2_profile)
        self.map_button = QPushButton("Safety map")
        self.map_button.setObjectName("showMap")
        self.map_button.clicked.connect(self.show_safety_map)
        for button in (self.open_button, self.amend_button):
            actions.addWidget(button)
        self.is_team_lead = profile.role in assessment_data.REVIEWER_ROLES
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
        layout.addLayout(actions)
        self._selection_changed()

    # -- the forms ----------------------------------------------------------------

    @property
    def registry(self) -> FormRegistry:
        if self._registry is None:
            self._registry = shared_registry()
        return self._registry

    def forms_of(self, kind: str) -> list[FormDefinition]:
        """The newest version of each form of a kind (two EHATs when a council adds its own)."""
        return self.registry.latest_forms(kind)

    # -- loading ----------------------------------------------------------------------

    def set_family(self, detail: FamilyDetail) -> None:
        if detail.family.id != self.family_id:
            self.model.set_rows([])
            self.consent = None
            self._show_gate("")
            self.show_message("")
        self.family = detail
        self.family_id = detail.family.id
        self.reload()

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
        self._token += 1
        token = self._token
        self.runner.run_store(
            assessments.list_assessments,
            self.profile,
            self.family_id,
            done=lambda rows: self._loaded(token, rows),
            error=self._action_failed,
        )

    def _loaded(self, token: int, rows: Sequence[AssessmentSummary]) -> None:
        if token != self._token or not isValid(self):
            return  # a newer load is on its way, or the view has gone
        current = self.selected()
        selected = self._select_after or (current.id if current is not None else None)
        self._select_after = None
        self.model.set_rows(list(rows))
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if selected:
            self.select_assessment(selected)
        self._selection_changed()
        self.assessments_loaded.emit()

    # -- selection ----------------------------------------------------------------------

    def selected(self) -> AssessmentSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_assessment(self, assessment_id: str) -> None:
        for index, row in enumerate(self.model.rows):
            if row.id == assessment_id:
                self.table.selectRow(index)
                return

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
        if row is not None and row.status == "returned":
            self.detail.setStyleSheet(f"padding: 6px; {GATE_STYLE}")
        else:
            self.detail.setStyleSheet(
                "padding: 6px; border: 1px solid #d8dee4; border-radius: 4px;"
            )

    def detail_text(self, row: AssessmentSummary) -> str:
        lines = [
            f"{title_text(row)}"
            + (f" about {row.child_name}" if row.child_name else "")
            + f" (form version {row.form_version}). Started by {row.started_by} on "
            f"{uk(local_date(row.started_at))}."
        ]
        if row.is_final:
            lines.append(f"Completed by {row.completed_by} on {uk(local_date(row.completed_at))}.")
        review = row.latest_review
        if review is not None:
            who = review.reviewer_name or review.reviewed_by
            when = uk(local_date(review.reviewed_at))
            if review.outcome == "returned":
                lines.append(f"Returned by {who} on {when}: “{review.comment}”")
                if not row.superseded and not row.amended_by_id:
                    lines.append("Use Amend… to make the corrections.")
            else:
                lines.append(
                    f"Signed off by {who} on {when}."
                    + (f" “{review.comment}”" if review.comment else "")
                )
        if row.amends_id:
            original = self.row(row.amends_id)
            if original is not None:
                lines.append(
                    "This corrects the assessment completed on "
                    f"{uk(local_date(original.completed_at))}."
                )
                if (
                    original.latest_review is not None
                    and original.latest_review.outcome == "returned"
                ):
                    lines.append(f"It was returned with: “{original.latest_review.comment}”")
        return "\n".join(lines)

    # -- messages ---------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

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

    # -- starting ---------------------------------------------------------------------------

    def new_assessment(self, kind: str) -> None:
        """Start an assessment of a kind (asking which form and which child when needed)."""
        if self.family is None or self.family_id is None or self._busy_with_wizard():
            return
        self.show_message("")
        if kind == assessment_data.GCP2_KIND and not self.profile.gcp2_trained:
            self._show_gate(Gcp2NotTrained().message, consent=False)
            return
        if self.consent is not None and not self.consent.can_assess:
            self.set_consent(self.consent)
            return
        forms = self.forms_of(kind)
        if not forms:
            self.show_message("No form of this kind is loaded on this computer.")
            return
        form = forms[0] if len(forms) == 1 else self.choose_form(forms)
        if form is None:
            return
        child_id: str | None = None
        if form.per_child:
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
        context = editor_context(self.levels, self.family.members, opened.descriptor_sets)
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
        self._open_dialog(dialog)
        dialog.saved.connect(lambda _id: self.family_changed.emit())
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
        dialog.saved.connect(lambda _id: self.reload())
        self._open_dialog(dialog)
        return dialog

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

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
        self._open_dialog(dialog)

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
        self._open_dialog(dialog)

    # -- asking --------------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _pick_form(self, forms: Sequence[FormDefinition]) -> FormDefinition | None:
        titles = [f"{form.title} ({form.id}, version {form.version})" for form in forms]
        choice, ok = QInputDialog.getItem(
            self,
            "Which assessment?",
            "This council has more than one early help assessment. Which one are you using?",
            titles,
            0,
            False,
        )
        return forms[titles.index(choice)] if ok and choice in titles else None

    def _pick_child(self, children: Sequence[PersonData], title: str) -> str | None:
        names = [c.full_name or "Unborn baby" for c in children]
        choice, ok = QInputDialog.getItem(
            self, "Which child?", f"{title} is about one child. Which child?", names, 0, False
        )
        return children[names.index(choice)].id if ok and choice in names else None
