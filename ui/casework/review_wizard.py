"""Holding a review: the meeting, then each plan action in turn, then record.

A review keeps the plan moving: "is the plan working, what has been
achieved". It looks and behaves as the assessment wizard does: the list of its pages at
the side with "Page 2 of 7" and which pages are done or need attention, each page's
header, questions marked *, each problem beside its field (gone the moment it is fixed)
and the first one scrolled to. The first page is the review meeting (the same form as
any meeting: who came, views, decisions, the next review date; a review nobody came to
is refused there); then one page per action of the plan (:mod:`ui.casework.review_pages`),
each showing the need, the outcome, who owns it and by when, and asking how it is going
now with a progress note; the last page sums up what changed. "Record review" records it
all at once (:func:`app.casework.meetings.record_review`): the meeting, each action's
update, and a copy of the whole plan as it now stands, so the plan's history shows what
it said at this review.

Pages check as they go; nothing is recorded before "Record review". What is typed is
kept as a draft meanwhile (put back when the review is next held), through Escape and
through a failed save.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget, QWizard
from shiboken6 import isValid

from app.casework import meetings
from app.casework.form_drafts import dropping_draft
from app.casework.meetings import MeetingData, MeetingDetail, PlanReviewRequest
from app.casework.plan_data import ACTION_STATUSES, ActionData, ActionProgress, PlanData
from app.dates import uk
from app.errors import HearthError, ValidationFailed
from app.families.households import FamilyDetail
from app.forms.definition import FormDefinition, Page
from app.reference.casework_settings import CaseworkSettings
from app.store.caseload_store import Profile

from ui.casework.meeting_form import MeetingForm, keep_ticks, ticks_changed
from ui.casework.review_pages import ActionPage, MeetingPage, RecordPage, ReviewPage
from ui.widgets.discard_guard import GuardsInput
from ui.widgets.first_focus import focus_first_input
from ui.widgets.window_memory import remember_size
from ui.wizard.page_header import attention_text
from ui.wizard.page_list import PageList

RECORD = "&Record review"
DRAFT_NOTE = "What you type is kept on this computer as a draft until the review is recorded."


class ReviewWizard(GuardsInput, QWizard):
    """``saved`` carries the review meeting's id once it is recorded."""

    saved = Signal(str)

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
        self._problem_pages: set[int] = set()
        self.ticks_opened: list[str] = []
        name = family.family.family_name
        self.setObjectName("reviewWizard")
        self.setWindowTitle(f"Hold a review — {name} family")
        self._set_up_buttons()
        self.setSizeGripEnabled(True)
        remember_size(self, "reviewWizard", 1180, 760)
        self.setMinimumSize(820, 560)
        self.setModal(True)

        heading = f"Review of the plan · {name} family"
        self.form = MeetingForm(
            family, settings, None, kind="review", invite_from=last_meeting, stacked=True
        )
        self.meeting_page = MeetingPage(heading, self.form)
        self.action_pages = self._build_action_pages(heading, plan)
        self.record_page = RecordPage(heading)
        self.pages: list[ReviewPage] = [self.meeting_page, *self.action_pages, self.record_page]
        for index, shown in enumerate(self.pages):
            self.setPage(index, shown)
        self.side = self._build_side(name, [page.action for page in self.action_pages])
        self.currentIdChanged.connect(self._page_shown)
        for row in self.form.rows.values():
            row.edited.connect(self._meeting_edited)
        self.form.attendees.changed.connect(self._meeting_edited)
        family_id = family.family.id
        self.keep_drafts(f"review:new:{family_id}", family_id)
        if self.drafts is not None:
            self.meeting_page.add_notice(self.drafts.notice)  # a wizard has no box layout
            keep_ticks(self, self.form)
        self.update_side()

    @staticmethod
    def _build_action_pages(heading: str, plan: PlanData) -> list[ActionPage]:
        """A page for each action of the plan, in the plan's order."""
        live = [
            (need, outcome, action)
            for need in plan.needs
            for outcome in need.outcomes
            for action in outcome.actions
        ]
        return [
            ActionPage(heading, action, need, outcome, number, len(live))
            for number, (need, outcome, action) in enumerate(live, start=1)
        ]

    def _set_up_buttons(self) -> None:
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, False)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next")
        self.setButtonText(QWizard.WizardButton.BackButton, "&Back")
        self.setButtonText(QWizard.WizardButton.FinishButton, RECORD)
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Cancel")
        self.button(QWizard.WizardButton.FinishButton).setToolTip(
            "Save the meeting and each action's update, and keep a copy of the plan as it "
            "now stands."
        )
        self.button(QWizard.WizardButton.CancelButton).setToolTip(
            "Close without recording the review (you are asked before anything typed goes)."
        )

    def _build_side(self, name: str, actions: list[ActionData]) -> PageList:
        """The page list at the side, as the assessment wizard has it."""
        titles = [
            "The review meeting",
            *(f"Action {n}: {a.text}" for n, a in enumerate(actions, start=1)),
            "Record the review",
        ]
        outline = FormDefinition(
            id="review",
            version=1,
            title=f"Review · {name} family",
            kind="review",
            pages=tuple(Page(id=str(i), title=t) for i, t in enumerate(titles)),
        )
        side = PageList(outline)  # kept: PySide does not hand ownership to the wizard
        side.page_chosen.connect(lambda page_id: self.go_to_page(int(page_id)))
        side.set_save_status(DRAFT_NOTE)
        self.setSideWidget(side)
        return side

    # -- moving -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.ticks_opened = self.ticks_opened or self.form.attendees.tick_values()
        super().showEvent(event)
        focus_first_input(self.currentPage())  # not Next: the first field of the page

    def update_side(self) -> None:
        current = self.currentId()
        visited = set(self.visitedIds())
        self.side.show_pages(
            max(current, 0), range(len(self.pages)), self._problem_pages, visited
        )

    def _page_shown(self, index: int) -> None:
        if index < 0:
            return
        self.pages[index].scroll_area.verticalScrollBar().setValue(0)
        if index == len(self.pages) - 1:
            self.record_page.summary.setText(self.summary_html())
        self.update_side()

    def go_to_page(self, index: int) -> bool:
        """Back through the pages seen, or on (each page checked on the way)."""
        while self.currentId() > index:
            self.back()
        while self.currentId() < index:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break  # a page with problems stopped us
        self.update_side()
        return self.currentId() == index

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt's name
        ok = super().validateCurrentPage()
        if ok:
            self._problem_pages.discard(self.currentId())
        else:
            self._problem_pages.add(self.currentId())  # marked ! in the page list
        self.update_side()
        return ok

    def _meeting_edited(self) -> None:
        """Once the meeting page's messages are fixed its banner and its ! go (the form
        has cleared each message as its field was put right)."""
        if 0 not in self._problem_pages:
            return
        left = sum(1 for row in self.form.rows.values() if row.error)
        self.meeting_page.show_message(attention_text(left) if left else "")
        if not left:
            self._problem_pages.discard(0)
            self.update_side()

    def has_changes(self) -> bool:
        return super().has_changes() or ticks_changed(self, self.form)

    def draft_fields(self) -> dict[str, Any]:
        return {**super().draft_fields(), "attendees": self.form.attendees.tick_values()}

    def restore_draft(self, fields: dict[str, Any]) -> None:
        super().restore_draft(fields)
        self.form.attendees.restore_ticks(fields.get("attendees"))

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
            self._meeting_problems(dict(problems.problems))
            return
        self.record_page.show_message("")
        self._set_saving(True)
        service = meetings.record_review
        if self.drafts is not None:  # the review recorded and its draft gone, or neither
            self.drafts.timer.stop()
            service = dropping_draft(service, self.drafts.key)
        self.runner.run_store(service, self.profile, request, done=self._saved, error=self._failed)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        finish = self.button(QWizard.WizardButton.FinishButton)
        finish.setEnabled(not saving)
        finish.setText("Recording…" if saving else RECORD)

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
        self._set_saving(False)
        if self.drafts is not None:
            self.drafts.write()  # all that was typed is in the draft, whatever happens next
        if isinstance(error, ValidationFailed):
            self._meeting_problems(dict(error.problems))
        else:
            self.record_page.show_message(
                f"The review was not recorded. {error.message} Everything you typed is still "
                "here and kept as a draft."
            )

    def _meeting_problems(self, problems: dict[str, str]) -> None:
        """Problems with the meeting: back to its page, each beside its field; any no field
        shows are said on this page."""
        if set(problems) & set(self.form.rows):
            self.go_to_page(0)
            self._problem_pages.add(0)
            self.meeting_page.show_problems(problems)
            self.update_side()
        else:
            self.record_page.show_message(" ".join(problems.values()))
