"""Holding a review: the meeting, then each plan action in turn, then record.

A review keeps the plan moving: "is the plan working, what has been
achieved". The wizard's first page is the review meeting (the same form as any
meeting: who came, views, decisions, the next review date); then one page per
action of the plan, each showing the need, the outcome, who owns it and by
when, and asking how it is going now with a progress note; the last page sums
up what changed. Finish records it all at once (:func:`app.casework.meetings.record_review`):
the meeting, each action's update, and a copy of the whole plan as it now
stands, so the plan's history shows what it said at this review.

Pages validate as they go; nothing is saved before Finish.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from shiboken6 import isValid

from app.casework import meetings
from app.casework.form_drafts import dropping_draft
from app.casework.meetings import MeetingData, MeetingDetail, PlanReviewRequest
from app.casework.plan_data import (
    ACTION_STATUSES,
    ActionData,
    ActionProgress,
    NeedData,
    OutcomeData,
    PlanData,
)
from app.dates import today, uk
from app.errors import HearthError, ValidationFailed
from app.families.households import FamilyDetail
from app.reference.casework_settings import CaseworkSettings
from app.store.caseload_store import Profile

from ui.casework.meeting_form import MeetingForm
from ui.casework.plan_tree import due_text, owner_text
from ui.widgets.discard_guard import GuardsInput
from ui.widgets.fields import ChoiceCombo, banner_style
from ui.widgets.first_focus import focus_first_input
from ui.widgets.theme import text_style
from ui.widgets.window_memory import remember_size


class MeetingPage(QWizardPage):
    def __init__(self, form: MeetingForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setTitle("The review meeting")
        self.setSubTitle(
            "Who came, what the family and the child said, and what was decided. "
            "Next you will go through the plan's actions one by one."
        )
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(banner_style())
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(form, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        focus_first_input(self.form)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            request = self.form.request()
        except ValidationFailed as problems:
            general = self.form.show_problems(problems.problems)
            self.banner.setText(" ".join(general) or "Please check the highlighted details.")
            self.banner.show()
            return False
        if not any(a.attended for a in request.attendees):  # a review nobody came to
            self.banner.setText("Tick who came to the review: at least one person did.")
            self.banner.show()
            return False
        self.form.show_problems({})
        self.banner.hide()
        return True


class ActionPage(QWizardPage):
    """One action: where it sits in the plan, and how it is going now."""

    def __init__(
        self,
        action: ActionData,
        need: NeedData,
        outcome: OutcomeData,
        number: int,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.setTitle(f"Action {number} of {count}")
        self.setSubTitle("How is this action going? Update its status and say what has happened.")
        day = today()
        hint = text_style("hint")
        about = QLabel(
            f"<p style='margin:0'><span style='{hint}'>Need</span><br>{_esc(need.text)}</p>"
            f"<p style='margin:6px 0 0 0'><span style='{hint}'>Outcome the family wants</span>"
            f"<br><i>“{_esc(outcome.text)}”</i></p>"
        )
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)
        text = QLabel(action.text)
        text.setObjectName("reviewActionText")
        text.setWordWrap(True)
        font = text.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        text.setFont(font)
        facts = QLabel(
            f"Who: {owner_text(action)}    By when: {due_text(action, day)}    "
            f"Now: {action.status_label}"
        )
        facts.setWordWrap(True)
        if action.overdue_on(day):
            facts.setStyleSheet(text_style("overdue", bold=True))

        self.status = ChoiceCombo(ACTION_STATUSES)
        self.status.setObjectName("reviewStatus")
        self.status.set_code(action.status)
        self.note = QPlainTextEdit()
        self.note.setObjectName("reviewNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What has happened since the last review.")
        self.note.setPlainText(action.progress_note)
        self.note.setMinimumHeight(110)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow("How it is going", self.status)
        form.addRow("Progress", self.note)

        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addSpacing(8)
        layout.addWidget(text)
        layout.addWidget(facts)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)

    def progress(self) -> ActionProgress:
        return ActionProgress(
            action_id=self.action.id,
            status=self.status.code(),
            progress_note=self.note.toPlainText(),
        )

    @property
    def changed(self) -> bool:
        p = self.progress()
        return (
            p.status != self.action.status or p.progress_note.strip() != self.action.progress_note
        )

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.status.setFocus()


class RecordPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Record the review")
        self.setSubTitle(
            "“Record review” saves the meeting and the update of each action, and keeps a copy "
            "of the whole plan as it now stands: the plan's history shows what it said at this "
            "review."
        )
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.banner = QLabel()
        self.banner.setObjectName("reviewError")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(banner_style())
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        wizard = self.wizard()
        if isinstance(wizard, ReviewWizard):
            self.summary.setText(wizard.summary_html())


class ReviewWizard(GuardsInput, QWizard):
    """``saved`` carries the review meeting's id once it is recorded."""

    saved = Signal(str)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        focus_first_input(self.currentPage())  # not Next: the first field of the page

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        settings: CaseworkSettings,
        plan: PlanData,
        parent: QWidget | None = None,
        *,
        last_meeting: MeetingData | None = None,
    ) -> None:
        super().__init__(parent)
        self.guard_input()
        self.runner = runner
        self.profile = profile
        self.family = family
        self.plan = plan
        self._saving = False
        self.setWindowTitle(f"Hold a review — {family.family.family_name} family")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Record review")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Cancel")
        remember_size(self, "reviewWizard", 1120, 720)
        self.setModal(True)

        self.form = MeetingForm(family, settings, None, kind="review", invite_from=last_meeting)
        self.meeting_page = MeetingPage(self.form)
        self.addPage(self.meeting_page)
        self.action_pages: list[ActionPage] = []
        live = [
            (need, outcome, action)
            for need in plan.needs
            for outcome in need.outcomes
            for action in outcome.actions
        ]
        for number, (need, outcome, action) in enumerate(live, start=1):
            page = ActionPage(action, need, outcome, number, len(live))
            self.action_pages.append(page)
            self.addPage(page)
        self.record_page = RecordPage()
        self.addPage(self.record_page)
        family_id = family.family.id
        self.keep_drafts(f"review:new:{family_id}", family_id)

    # -- what it will record ------------------------------------------------------------

    def updates(self) -> tuple[ActionProgress, ...]:
        return tuple(page.progress() for page in self.action_pages)

    def request(self) -> PlanReviewRequest:
        return PlanReviewRequest(meeting=self.form.request(), updates=self.updates())

    def summary_html(self) -> str:
        try:
            meeting = self.form.request()
        except ValidationFailed:
            return "Go back to the first page: the meeting's details need checking."
        counts: dict[str, int] = {}
        changed = 0
        for page in self.action_pages:
            p = page.progress()
            counts[p.status] = counts.get(p.status, 0) + 1
            changed += page.changed
        came = sum(1 for a in meeting.attendees if a.attended)
        lines = [
            f"<p><b>Review on {uk(meeting.held_on)}</b>, {came} "
            f"{'person' if came == 1 else 'people'} came.</p>",
        ]
        if self.action_pages:
            lines.append(
                f"<p>{len(self.action_pages)} action{'s' if len(self.action_pages) != 1 else ''} "
                f"reviewed, {changed} updated:</p><ul>"
                + "".join(
                    f"<li>{ACTION_STATUSES.get(code, code)}: {n}</li>" for code, n in counts.items()
                )
                + "</ul>"
            )
        else:
            lines.append(
                "<p>The plan has no actions yet. Add them on the Plan tab after the review.</p>"
            )
        if meeting.next_review_on:
            lines.append(f"<p><b>Next review:</b> {uk(meeting.next_review_on)}</p>")
        return "".join(lines)

    # -- finishing ------------------------------------------------------------------------

    def accept(self) -> None:
        if self._saving:
            return
        try:
            request = self.request()
        except ValidationFailed as problems:
            self._meeting_problems(problems.problems)
            return
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.button(QWizard.WizardButton.FinishButton).setText("Recording…")
        service = meetings.record_review
        if self.drafts is not None:  # the review recorded and its draft gone, or neither
            self.drafts.timer.stop()
            service = dropping_draft(service, self.drafts.key)
        self.runner.run_store(service, self.profile, request, done=self._saved, error=self._failed)

    def _saved(self, detail: MeetingDetail) -> None:
        if not isValid(self):
            return
        self._saving = False
        if self.drafts is not None:
            self.drafts.stop()
        self.saved.emit(detail.id)
        super().accept()

    def busy_saving(self) -> bool:
        return self._saving

    def _failed(self, error: HearthError) -> None:
        if not isValid(self):
            return
        self._saving = False
        finish = self.button(QWizard.WizardButton.FinishButton)
        finish.setEnabled(True)
        finish.setText("Record review")
        if isinstance(error, ValidationFailed):
            self._meeting_problems(error.problems)
        else:
            self.record_page.banner.setText(error.message)
            self.record_page.banner.show()

    def _meeting_problems(self, problems: dict[str, str]) -> None:
        general = self.form.show_problems(problems)
        if len(general) < len(problems):
            # Back to the meeting page, where the problems are shown.
            while self.currentPage() is not self.meeting_page and self.currentId() > 0:
                self.back()
            self.meeting_page.banner.setText(
                " ".join(general) or "Please check the highlighted details."
            )
            self.meeting_page.banner.show()
        else:
            self.record_page.banner.setText(" ".join(general))
            self.record_page.banner.show()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
