"""Closing a family's case: :class:`CloseFamilyDialog`.

The date, the reason, how far each plan outcome was achieved (yes, partly, no,
with a note: :class:`OutcomesTable`), and the family's and the child's feedback.
Closing makes the family's records read-only. Saved through
:func:`app.casework.closure_writes.close_family`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.casework import closure_writes
from app.casework.closure import (
    ACHIEVED,
    CLOSURE_REASONS,
    CloseRequest,
    OpenOutcome,
    OutcomeAchieved,
)
from app.dates import today
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.reference.casework_settings import REREFERRAL_MONTHS
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo, DateField, hint_style, long_text, notice_style
from ui.widgets.form_dialog import FormDialog
from ui.widgets.scrolling import vertical_scroll
from ui.widgets.theme import line_colour, text_style
from ui.widgets.window_memory import remember_size


def _esc(text: str) -> str:
    return escape(text, quote=False)




class OutcomesTable(QWidget):
    """Each plan outcome in the family's words, with Achieved / Partly / Not achieved and a
    note under it: one outcome under another, so nothing is cut off at the dialog's edge."""

    def __init__(self, outcomes: Sequence[OpenOutcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcomes = list(outcomes)
        self.groups: dict[str, QButtonGroup] = {}
        self.notes: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        hint = text_style("hint")
        for index, outcome in enumerate(self.outcomes):
            top = index * 4
            text = QLabel(
                f"<b>“{_esc(outcome.text)}”</b><br><span style='{hint}'>Need: "
                f"{_esc(outcome.need_text)}</span>"
            )
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            grid.addWidget(text, top, 0, 1, 4)
            group = QButtonGroup(self)
            for col, code in enumerate(ACHIEVED, start=1):
                button = QRadioButton(ACHIEVED[code])
                button.setObjectName(f"achieved_{index}_{code}")
                button.setAccessibleName(f"{ACHIEVED[code]}, outcome {index + 1}")
                group.addButton(button, col)
                grid.addWidget(button, top + 1, col - 1)
            self.groups[outcome.outcome_id] = group
            note = QLineEdit()
            note.setObjectName(f"achieved_note_{index}")
            note.setAccessibleName(f"What changed for the family, outcome {index + 1}")
            note.setPlaceholderText("What changed for the family (optional)")
            grid.addWidget(note, top + 2, 0, 1, 4)
            self.notes[outcome.outcome_id] = note
            if index < len(self.outcomes) - 1:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setStyleSheet(f"color: {line_colour()};")
                grid.addWidget(line, top + 3, 0, 1, 4)
        grid.setColumnStretch(3, 1)

    def choose(self, index: int, achieved: str) -> None:
        outcome = self.outcomes[index]
        group = self.groups[outcome.outcome_id]
        group.button(list(ACHIEVED).index(achieved) + 1).setChecked(True)

    def values(self) -> tuple[OutcomeAchieved, ...]:
        codes = list(ACHIEVED)
        out = []
        for outcome in self.outcomes:
            checked = self.groups[outcome.outcome_id].checkedId()
            achieved = codes[checked - 1] if checked > 0 else ""
            out.append(
                OutcomeAchieved(
                    outcome_id=outcome.outcome_id,
                    achieved=achieved,
                    note=self.notes[outcome.outcome_id].text().strip(),
                    text=outcome.text,
                )
            )
        return tuple(out)


class CloseFamilyDialog(FormDialog):
    """Close the family's case; ``saved`` carries the closure's id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        outcomes: Sequence[OpenOutcome],
        parent: QWidget | None = None,
        *,
        rereferral_months: int = REREFERRAL_MONTHS.default,
    ) -> None:
        name = family.family.family_name
        super().__init__(runner, f"Close the {name} family's case", parent)
        self.profile = profile
        self.family = family
        remember_size(self, "closureDialog", 980, 760)

        warning = self._build_warning(rereferral_months)
        form = self._build_form(outcomes)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.banner)
        layout.addWidget(self._scrolling(form), 1)
        layout.addWidget(self.buttons)
        self.save_button.setText("C&lose the case")
        self.keep_drafts(f"closure:{family.family.id}", family.family.id)

    @staticmethod
    def _build_warning(rereferral_months: int) -> QLabel:
        """What closing does: the records become read-only until the case reopens."""
        warning = QLabel(
            "Closing makes this family's records read-only: they can be read and printed, "
            "not changed, until the case is reopened. A reopening within "
            f"{rereferral_months} months is counted as a re-referral."
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(notice_style())
        return warning

    def _build_form(self, outcomes: Sequence[OpenOutcome]) -> QFormLayout:
        """The date and reason, the outcomes achieved, and the feedback."""
        form = self.new_form()
        self.closed_on = DateField(today())
        self.add_row(form, "closed_on", "Date closed", self.closed_on)
        self.reason = ChoiceCombo(CLOSURE_REASONS, blank="Choose why the case is closing…")
        self.add_row(form, "reason", "Reason", self.reason)
        self.reason_detail = long_text(54, "More about the reason (needed for “Other”).")
        self.add_row(form, "reason_detail", "Detail", self.reason_detail)
        self.add_row(
            form,
            "outcomes_achieved",
            "Outcomes",
            self._build_outcomes(outcomes),
            "How far each outcome in the family's plan was achieved.",
        )
        self.family_feedback = long_text(64, "What the family said about the help they had.")
        self.add_row(form, "family_feedback", "Family's feedback", self.family_feedback)
        self.child_feedback = long_text(64, "What the child said, in their own words.")
        self.add_row(form, "child_feedback", "Child's feedback", self.child_feedback)
        return form

    @staticmethod
    def _scrolling(form: QFormLayout) -> QScrollArea:
        """The form scrolls (up and down only) when the screen is too small for it, as at a
        large text size on a laptop, instead of the dialog growing past the screen."""
        return vertical_scroll(form, "closureForm")

    def _build_outcomes(self, outcomes: Sequence[OpenOutcome]) -> QWidget:
        """The plan's outcomes to mark, scrolling (or why there is nothing to mark)."""
        self.outcomes = OutcomesTable(outcomes)
        self.outcomes.setObjectName("outcomesAchieved")
        if not outcomes:
            none = QLabel("The plan has no outcomes, so there is nothing to mark here.")
            none.setStyleSheet(hint_style())
            return none
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.outcomes)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Up to two outcomes whole (three lines each, and a line between); more scroll.
        lines = self.outcomes.fontMetrics().lineSpacing()
        scroll.setMinimumHeight(min(len(outcomes), 2) * (lines * 3 + 48) + 8)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the marks inside
        return scroll

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        closed_on = self.read_date("closed_on", problems)
        if closed_on is None and "closed_on" not in problems:
            problems["closed_on"] = "Enter the date the case closed."
        if not self.reason.code():
            problems["reason"] = "Choose why the case is closing."
        elif self.reason.code() == "other" and not self.reason_detail.toPlainText().strip():
            problems["reason_detail"] = "Say why the case is closing."
        values = self.outcomes.values()
        if any(not v.achieved for v in values):
            problems["outcomes_achieved"] = (
                "Say how far each outcome was achieved: achieved, partly or not achieved."
            )
        if problems:
            raise ValidationFailed(problems)
        assert closed_on is not None
        family_id = self.family.family.id
        assert family_id is not None
        return closure_writes.close_family, (
            self.profile,
            CloseRequest(
                family_id=family_id,
                closed_on=closed_on,
                reason=self.reason.code(),
                reason_detail=self.reason_detail.toPlainText(),
                outcomes_achieved=values,
                family_feedback=self.family_feedback.toPlainText(),
                child_feedback=self.child_feedback.toPlainText(),
            ),
        )

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("C&lose the case")

    def result_id(self, result: Any) -> str:
        return str(result.id)
