"""The pages of the review wizard (:mod:`ui.casework.review_wizard`), each with the form
wizard's header (:mod:`ui.wizard.page_header`): the review meeting, one page per plan
action, and the page that records the review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizardPage

from app.casework.plan_data import (
    ACTION_STATUSES,
    ActionData,
    ActionProgress,
    NeedData,
    OutcomeData,
)
from app.dates import today

from ui.casework.meeting_form import MeetingForm
from ui.casework.plan_tree import due_text, owner_text
from ui.widgets.fields import ChoiceCombo, long_text, named_row
from ui.widgets.first_focus import focus_first_input
from ui.widgets.form_dialog import FormDialog
from ui.widgets.theme import text_style
from ui.wizard.banner import style_banner
from ui.wizard.form_page import CONTENT_WIDTH
from ui.wizard.page_header import (
    attention_text,
    form_title,
    page_help,
    page_scroll,
    page_title,
    problems_banner,
    required_legend,
    rule,
)


class ReviewPage(QWizardPage):
    """A page with the form wizard's header over its own content, in a scroll area."""

    def __init__(self, heading: str, title: str, guidance: str, *, required: bool) -> None:
        super().__init__()
        self.heading = title
        body = QWidget()
        body.setObjectName("pageBody")
        body.setMaximumWidth(CONTENT_WIDTH)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 16, 16)
        column.setSpacing(10)
        column.addWidget(form_title(heading))
        self.title_label = page_title(title)
        column.addWidget(self.title_label)
        column.addWidget(page_help(guidance))
        if required:
            column.addWidget(required_legend())
        self.banner = problems_banner()
        if required:
            # Its room kept from the start (not only once shown): the count appearing above
            # the questions moved every one of them down.
            style_banner(self.banner, attention_text(2), "problem")
            style_banner(self.banner, "", "problem")
        else:  # nothing to check on the page: no room kept (only a failed save shows here)
            policy = self.banner.sizePolicy()
            policy.setRetainSizeWhenHidden(False)
            self.banner.setSizePolicy(policy)
        column.addWidget(self.banner)
        column.addWidget(rule())
        self.column = column
        self.scroll_area = page_scroll(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

    def add_notice(self, notice: QLabel) -> None:
        """A notice under the page's help (a draft put back)."""
        self.column.insertWidget(3, notice)

    def show_message(self, text: str) -> None:
        """A problem in the page's banner ("" hides it)."""
        style_banner(self.banner, text, "problem")

    def go_to(self, widget: QWidget, message: QWidget | None = None) -> None:
        """The cursor into ``widget``, scrolled into view with its ``message`` (the first
        problem)."""
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(widget, 50, 80)
        if message is not None:
            self.scroll_area.ensureWidgetVisible(message, 50, 20)


class MeetingPage(ReviewPage):
    """Who came, the views and the decisions; Next stays while something needs fixing
    (a review nobody came to among it)."""

    def __init__(self, heading: str, form: MeetingForm) -> None:
        super().__init__(
            heading,
            "The review meeting",
            "Who came, what the family and the child said, and what was decided. "
            "Next you will go through the plan's actions one by one.",
            required=True,
        )
        self.form = form
        self.column.addWidget(form, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        focus_first_input(self.form)

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Each problem beside its field, counted in the banner, the first scrolled to;
        True when there were some."""
        general = self.form.show_problems(problems)
        beside = len(problems) - len(general)
        words = [attention_text(beside)] if beside else []
        self.show_message(" ".join([*general, *words]))
        if self.form.first_problem is not None:
            self.go_to(self.form.first_problem, self.form.first_message)
        return bool(problems)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        return not self.show_problems(dict(self.form.problems()))


class ActionPage(ReviewPage):
    """One action: where it sits in the plan, and how it is going now."""

    def __init__(
        self,
        heading: str,
        action: ActionData,
        need: NeedData,
        outcome: OutcomeData,
        number: int,
        count: int,
    ) -> None:
        super().__init__(
            heading,
            f"Action {number} of {count}",
            "How is this action going? Choose how it is going and say what has happened.",
            required=False,
        )
        self.action = action
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
        text.setTextFormat(Qt.TextFormat.PlainText)
        font = text.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        text.setFont(font)
        facts = QLabel(
            f"Who: {owner_text(action)}    By when: {due_text(action, day)}    "
            f"Now: {action.status_label}"
        )
        facts.setWordWrap(True)
        facts.setTextFormat(Qt.TextFormat.PlainText)
        if action.overdue_on(day):
            facts.setStyleSheet(text_style("overdue", bold=True))

        self.status = ChoiceCombo(ACTION_STATUSES)
        self.status.set_code(action.status)
        self.note = long_text(130, "What has happened since the last review.")
        self.note.setPlainText(action.progress_note)
        form = FormDialog.new_form()
        form.setHorizontalSpacing(12)
        named_row(form, f"reviewStatus_{action.id}", "How it is going", self.status)
        named_row(form, f"reviewNote_{action.id}", "Progress", self.note)
        for widget in (about, text, facts):
            self.column.addWidget(widget)
        self.column.addLayout(form)
        self.column.addStretch(1)

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


class RecordPage(ReviewPage):
    """What will be recorded; why recording failed, if it did."""

    def __init__(self, heading: str) -> None:
        super().__init__(
            heading,
            "Record the review",
            "“Record review” saves the meeting and the update of each action, and keeps a "
            "copy of the whole plan as it now stands: the plan's history shows what it said "
            "at this review.",
            required=False,
        )
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.column.addWidget(self.summary)
        self.column.addStretch(1)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
