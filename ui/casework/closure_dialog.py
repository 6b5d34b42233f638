"""Closing a family's case, reopening it, and reading a closure.

- :class:`CloseFamilyDialog`: the date, the reason, how far each plan outcome
  was achieved (yes, partly, no, with a note), and the family's and the child's
  feedback. Closing makes the family's records read-only.
- :class:`ReopenDialog`: the date and the new request for help. It says, as
  the date is typed, whether the reopening is a **re-referral** (within the
  configured months, default 12, of the closure).
- :class:`ClosureRecordDialog`: a closure, read-only.

Saved through :mod:`app.casework.closure`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.casework import closure_writes
from app.casework.closure import (
    ACHIEVED,
    CLOSURE_REASONS,
    CloseRequest,
    ClosureData,
    OpenOutcome,
    OutcomeAchieved,
    ReopenRequest,
)
from app.casework.closure_writes import is_rereferral
from app.dates import today, uk
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.reference.casework_settings import REREFERRAL_MONTHS
from app.store.caseload_store import Profile

from ui.widgets.fields import HINT_STYLE, ChoiceCombo, DateField
from ui.widgets.form_dialog import FormDialog

READ_ONLY_WARNING = (
    "background: #fff4e0; color: #5c3a00; border: 1px solid #f0c987;"
    " border-radius: 4px; padding: 6px 8px;"
)
REREFERRAL_STYLE = (
    "background: #fdecea; color: #8a1c1c; border: 1px solid #ef9a9a;"
    " border-radius: 4px; padding: 6px 8px; font-weight: 600;"
)
NOT_REREFERRAL_STYLE = (
    "background: #eef2f7; color: #1f2d3d; border: 1px solid #c5d0dc;"
    " border-radius: 4px; padding: 6px 8px;"
)


def _text(height: int, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    edit.setPlaceholderText(placeholder)
    return edit


class OutcomesTable(QWidget):
    """Each plan outcome, with Achieved / Partly / Not achieved and a note."""

    def __init__(self, outcomes: Sequence[OpenOutcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcomes = list(outcomes)
        self.groups: dict[str, QButtonGroup] = {}
        self.notes: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for col, title in enumerate(("Outcome the family wanted", "", "", "", "Note")):
            if title:
                label = QLabel(f"<b>{title}</b>")
                grid.addWidget(label, 0, col)
        codes = list(ACHIEVED)
        for row, outcome in enumerate(self.outcomes, start=1):
            text = QLabel(
                f"“{_esc(outcome.text)}”<br><span style='color:#666'>Need: "
                f"{_esc(outcome.need_text)}</span>"
            )
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            text.setMinimumWidth(260)
            grid.addWidget(text, row * 2 - 1, 0, 2, 1)
            group = QButtonGroup(self)
            for col, code in enumerate(codes, start=1):
                button = QRadioButton(ACHIEVED[code])
                button.setObjectName(f"achieved_{row - 1}_{code}")
                group.addButton(button, col)
                grid.addWidget(button, row * 2 - 1, col)
            self.groups[outcome.outcome_id] = group
            note = QLineEdit()
            note.setMinimumWidth(200)
            note.setObjectName(f"achieved_note_{row - 1}")
            note.setPlaceholderText("What changed for the family")
            grid.addWidget(note, row * 2 - 1, 4)
            self.notes[outcome.outcome_id] = note
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setStyleSheet("color: #d8dee4;")
            grid.addWidget(line, row * 2, 1, 1, 4)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(4, 2)
        grid.setRowStretch(len(self.outcomes) * 2 + 1, 1)

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
        self.resize(980, 760)

        warning = QLabel(
            "Closing makes this family's records read-only: they can be read and printed, "
            "not changed, until the case is reopened. A reopening within "
            f"{rereferral_months} months is counted as a re-referral."
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(READ_ONLY_WARNING)
        form = self.new_form()
        self.closed_on = DateField(today())
        self.add_row(form, "closed_on", "Date closed", self.closed_on)
        self.reason = ChoiceCombo(CLOSURE_REASONS, blank="Choose why the case is closing…")
        self.add_row(form, "reason", "Reason", self.reason)
        self.reason_detail = _text(54, "More about the reason (needed for “Other”).")
        self.add_row(form, "reason_detail", "Detail", self.reason_detail)

        self.outcomes = OutcomesTable(outcomes)
        self.outcomes.setObjectName("outcomesAchieved")
        if outcomes:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(self.outcomes)
            scroll.setMinimumHeight(min(90 + 62 * len(outcomes), 300))
            scroll.setFrameShape(QFrame.Shape.StyledPanel)
            holder: QWidget = scroll
        else:
            holder = QLabel("The plan has no outcomes, so there is nothing to mark here.")
            holder.setStyleSheet(HINT_STYLE)
        self.add_row(
            form,
            "outcomes_achieved",
            "Outcomes",
            holder,
            "How far each outcome in the family's plan was achieved.",
        )
        self.family_feedback = _text(64, "What the family said about the help they had.")
        self.add_row(form, "family_feedback", "Family's feedback", self.family_feedback)
        self.child_feedback = _text(64, "What the child said, in their own words.")
        self.add_row(form, "child_feedback", "Child's feedback", self.child_feedback)

        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(self.banner)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        self.save_button.setText("Close the case")
        self.reason.setFocus()

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
            self.save_button.setText("Close the case")

    def result_id(self, result: Any) -> str:
        return str(result.id)


class ReopenDialog(FormDialog):
    """Reopen a closed case; says whether it is a re-referral. ``saved`` carries the family id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        last: ClosureData | None,
        parent: QWidget | None = None,
        *,
        rereferral_months: int = REREFERRAL_MONTHS.default,
    ) -> None:
        name = family.family.family_name
        super().__init__(runner, f"Reopen the {name} family's case", parent)
        self.profile = profile
        self.family = family
        self.last = last
        self.months = rereferral_months
        self.setMinimumWidth(620)
        closed = (
            f"The case closed on {uk(last.closed_on)} ({last.reason_label.lower()})."
            if last
            else "The case is closed."
        )
        intro = QLabel(closed + " Reopening makes the family's records editable again.")
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        form = self.new_form()
        self.reopened_on = DateField(today())
        self.add_row(form, "reopened_on", "Date reopened", self.reopened_on)
        self.reason = _text(90, "The new request for help: who asked, and why.")
        self.add_row(form, "reason", "Reason", self.reason)
        self.rereferral = QLabel()
        self.rereferral.setObjectName("rereferralNote")
        self.rereferral.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.rereferral)
        layout.addWidget(self.buttons)
        self.save_button.setText("Reopen the case")
        self.reopened_on.textChanged.connect(lambda _t: self._show_rereferral())
        self._show_rereferral()
        self.reason.setFocus()

    def will_be_rereferral(self) -> bool | None:
        """True or False from the date typed; None when it cannot tell yet."""
        if self.last is None:
            return None
        try:
            day = self.reopened_on.date()
        except ValueError:
            return None
        if day is None:
            return None
        return is_rereferral(self.last.closed_on, day, self.months)

    def _show_rereferral(self) -> None:
        answer = self.will_be_rereferral()
        if answer is None:
            self.rereferral.hide()
            return
        assert self.last is not None
        if answer:
            self.rereferral.setText(
                f"This is a re-referral: the case closed on {uk(self.last.closed_on)}, within "
                f"{self.months} months. The reopening will be marked as a re-referral."
            )
            self.rereferral.setStyleSheet(REREFERRAL_STYLE)
        else:
            self.rereferral.setText(
                f"Not a re-referral: more than {self.months} months have passed since the case "
                f"closed on {uk(self.last.closed_on)}."
            )
            self.rereferral.setStyleSheet(NOT_REREFERRAL_STYLE)
        self.rereferral.show()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        day = self.read_date("reopened_on", problems)
        if day is None and "reopened_on" not in problems:
            problems["reopened_on"] = "Enter the date the case reopens."
        if not self.reason.toPlainText().strip():
            problems["reason"] = "Say why the case is being reopened (the new request for help)."
        if problems:
            raise ValidationFailed(problems)
        assert day is not None
        family_id = self.family.family.id
        assert family_id is not None
        return closure_writes.reopen_family, (
            self.profile,
            ReopenRequest(family_id, day, self.reason.toPlainText()),
        )

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("Reopen the case")

    def result_id(self, result: Any) -> str:
        return str(result.family_id)


def closure_html(c: ClosureData) -> str:
    lines = [
        f"<h3 style='margin:0'>Closed on {uk(c.closed_on)}</h3>",
        f"<p><b>Reason:</b> {_esc(c.reason_text)}<br><b>Closed by:</b> {_esc(c.closed_by)}</p>",
    ]
    if c.outcomes_achieved:
        lines.append("<p><b>Outcomes</b></p><ul>")
        for o in c.outcomes_achieved:
            note = f" — {_esc(o.note)}" if o.note else ""
            lines.append(f"<li>“{_esc(o.text)}”: <b>{o.achieved_label}</b>{note}</li>")
        lines.append("</ul>")
    none = "<i>None recorded.</i>"
    lines.append(
        f"<p><b>The family's feedback:</b><br>{_esc(c.family_feedback) or none}</p>"
        f"<p><b>The child's feedback:</b><br>{_esc(c.child_feedback) or none}</p>"
    )
    if c.reopened_on:
        re = " <b>A re-referral.</b>" if c.is_rereferral else ""
        lines.append(
            f"<p><b>Reopened on {uk(c.reopened_on)}</b> by {_esc(c.reopened_by)}: "
            f"{_esc(c.reopen_reason)}.{re}</p>"
        )
    return "".join(lines)


class ClosureRecordDialog(QDialog):
    """A closure, to read."""

    def __init__(self, record: ClosureData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Closure")
        self.resize(640, 520)
        self.text = QTextBrowser()
        self.text.setObjectName("closureText")
        self.text.setHtml(closure_html(record))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
