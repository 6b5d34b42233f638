"""A team lead signs off or returns a completed assessment, with a comment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.casework import assessment_completion
from app.casework.assessment_data import AssessmentSummary, ReviewRequest
from app.dates import uk
from app.errors import ValidationFailed
from app.store.caseload_store import Profile

from ui.assessments.assessment_words import local_date, title_text
from ui.widgets.form_dialog import FormDialog

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
