"""The meeting itself: kind, date, venue, chair, attendees, the family's and the
child's views, the decisions, and the next review date, suggested from the
configured interval and editable. The meeting dialog and the review wizard both use it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.casework.meetings import MEETING_KINDS, MeetingData, MeetingRequest
from app.dates import today, uk
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.reference.casework_settings import CaseworkSettings

from ui.casework.attendees_table import AttendeesTable
from ui.casework.tab_pieces import toolbar
from ui.widgets.fields import (
    ChoiceCombo,
    DateField,
    FieldRow,
    date_message,
    hint_style,
    named_row,
)
from ui.widgets.form_draft import DraftKeeper

NOBODY_CAME = "Tick who came to the review: at least one person did."
FORM_SPACING = 12  # between a label and its field (nested in a grid, a form had none)

# ---------------------------------------------------------------- the form


class MeetingForm(QWidget):
    """The fields of a meeting, with a problem shown beside each: shown on Save (or Next),
    checked again as the field is edited and gone the moment it is right. A review
    (``kind="review"``) needs at least one person ticked as having come. ``stacked`` puts
    the views under the people rather than beside them."""

    def __init__(
        self,
        family: FamilyDetail,
        settings: CaseworkSettings,
        meeting: MeetingData | None = None,
        parent: QWidget | None = None,
        *,
        kind: str | None = None,
        invite_from: MeetingData | None = None,
        stacked: bool = False,
    ) -> None:
        super().__init__(parent)
        self.family = family
        self.settings = settings
        self.meeting = meeting
        self.rows: dict[str, FieldRow] = {}
        self._review_typed = meeting is not None
        self.needs_someone = kind == "review"
        self.first_problem: QWidget | None = None  # where the cursor goes for the first
        self.first_message: QWidget | None = None  # ... and its message

        left = self._build_details(kind, meeting)
        self.rows["attendees"] = FieldRow(self._build_people(family))
        self.attendees.changed.connect(lambda: self._recheck("attendees"))
        self._arrange(left, self._build_views(), stacked)

        if kind is not None:
            self.kind.set_code(kind)
            self.kind.setEnabled(False)
        if meeting is not None:
            self._show_meeting(meeting)
        else:
            if invite_from is not None:
                # Those invited last time are invited again; who came is ticked on the day.
                self.attendees.set_attendees(
                    [replace(a, attended=False) for a in invite_from.attendees]
                )
            self._suggest_review()
        self.held_on.textChanged.connect(lambda _t: self._suggest_review())
        self.next_review.textEdited.connect(self._review_edited)
        self._show_suggestion()

    # -- building -----------------------------------------------------------------------

    def _arrange(self, left: QFormLayout, right: QFormLayout, stacked: bool) -> None:
        """The details and the people on the left, the views on the right (or below)."""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        left_box = QVBoxLayout()
        left_box.addLayout(left)
        people_title = QLabel(
            "<b>Who was invited, and who came" + (" *" if self.needs_someone else "") + "</b>"
        )
        people_title.setObjectName("attendeesTitle")
        people_title.setWordWrap(True)
        left_box.addSpacing(6)
        left_box.addWidget(people_title)
        left_box.addWidget(self.rows["attendees"], 1)
        grid.addLayout(left_box, 0, 0)
        if stacked:  # one column (a wizard page, beside the list of pages): views below
            grid.addLayout(right, 1, 0)
        else:
            grid.addLayout(right, 0, 1)
            grid.setColumnStretch(0, 5)
            grid.setColumnStretch(1, 4)

    def _build_details(self, kind: str | None, meeting: MeetingData | None) -> QFormLayout:
        """The left-hand form: kind, date, venue, chair and the next review."""
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        left.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        left.setHorizontalSpacing(FORM_SPACING)
        left.setVerticalSpacing(4)  # each row keeps a line for its message under it
        kinds = dict(MEETING_KINDS)
        if kind is None and meeting is None:
            kinds.pop("review")  # a review is held with "Hold a review…" (it updates the plan)
        self.kind = ChoiceCombo(kinds)
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )  # as wide as the form, not as its longest kind (which made large text scroll)
        self.kind.setMinimumContentsLength(12)
        self.add_row(left, "kind", "Meeting", self.kind)
        if kind is not None:  # fixed (a review): the page's title says what it is
            left.setRowVisible(self.rows["kind"], False)
        self.held_on = DateField(today())
        self.add_row(left, "held_on", "Date held *", self.held_on)
        self.venue = QLineEdit()
        self.venue.setPlaceholderText("For example: Riverside Children's Centre")
        self.add_row(left, "venue", "Venue", self.venue)
        self.chair = QLineEdit()
        self.chair.setPlaceholderText("Who chaired it")
        self.add_row(left, "chair", "Chair", self.chair)
        self.next_review = DateField()
        self.review_row = self.add_row(
            left, "next_review_on", "Next review", self.next_review, hint=" "
        )
        return left

    def _build_people(self, family: FamilyDetail) -> QWidget:
        """Who was invited and who came: the attendees table, its buttons and a hint."""
        self.attendees = AttendeesTable(family.members, family.agencies)
        self.attendees.setObjectName("attendees")
        self.attendees.setAccessibleName("Who attended")
        self.attendees.setMinimumHeight(150)
        self.add_other_button = QPushButton("Add someone &else")
        self.add_other_button.setObjectName("addAttendee")
        self.add_other_button.clicked.connect(lambda: self.attendees.add_other())
        self.remove_other_button = QPushButton("Re&move")
        self.remove_other_button.setToolTip("Remove someone added by hand")
        self.remove_other_button.clicked.connect(self.attendees.remove_current)
        for button in (self.add_other_button, self.remove_other_button):
            button.setAutoDefault(False)  # Enter saves the meeting
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.attendees)
        people_layout.addLayout(toolbar(self.add_other_button, self.remove_other_button))
        hint = QLabel(
            "Tick who was invited, and who came. Invited but not ticked as came: "
            "invited but absent."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(hint_style())
        people_layout.addWidget(hint)
        return people

    def _build_views(self) -> QFormLayout:
        """The right-hand form: the family's and the child's views, and the decisions."""
        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        right.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        right.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        right.setHorizontalSpacing(FORM_SPACING)
        right.setVerticalSpacing(4)
        self.family_views = _text(
            "What the parents and carers said: what is working, what worries them."
        )
        self.add_row(right, "family_views", "The family's views", self.family_views)
        self.child_views = _text("The child's own words, or how their views were gathered.")
        self.add_row(right, "child_views", "The child's views", self.child_views)
        self.decisions = _text("What was agreed, and who will do what.", 110)
        self.add_row(right, "decisions", "Decisions", self.decisions)
        return right

    def _show_meeting(self, meeting: MeetingData) -> None:
        """A recorded meeting, as it was saved."""
        self.kind.set_code(meeting.kind)
        self.held_on.set_date(meeting.held_on)
        self.venue.setText(meeting.venue)
        self.chair.setText(meeting.chair)
        self.attendees.set_attendees(meeting.attendees)
        self.family_views.setPlainText(meeting.family_views)
        self.child_views.setPlainText(meeting.child_views)
        self.decisions.setPlainText(meeting.decisions)
        self.next_review.set_date(meeting.next_review_on)

    def add_row(
        self, form: QFormLayout, name: str, label: str, editor: QWidget, hint: str = ""
    ) -> FieldRow:
        row = named_row(form, name, label, editor, hint)
        row.edited.connect(lambda: self._recheck(name))
        self.rows[name] = row
        return row

    def _recheck(self, name: str) -> None:
        """``name`` was edited: while it shows a message, check it again (the message goes
        the moment the value is right, or changes to what is wrong now)."""
        row = self.rows.get(name)
        if row is not None and row.error:
            row.set_error(self.problems().get(name, ""))

    def problems(self) -> Mapping[str, str]:
        """What :meth:`request` finds wrong with the meeting as it stands."""
        try:
            self.request()
        except ValidationFailed as found:
            return found.problems
        return {}

    # -- the next review --------------------------------------------------------------

    def suggestion(self) -> dt.date | None:
        try:
            held = self.held_on.date()
        except ValueError:
            return None
        return held + self.settings.review_interval if held else None

    def _suggest_review(self) -> None:
        if not self._review_typed:
            suggestion = self.suggestion()
            if suggestion is not None:
                self.next_review.set_date(suggestion)
        self._show_suggestion()

    def _review_edited(self, _text: str) -> None:
        self._review_typed = True
        self._show_suggestion()

    def _show_suggestion(self) -> None:
        suggestion = self.suggestion()
        weeks = self.settings.review_interval_weeks
        if suggestion is None:
            text = f"Suggested {weeks} weeks after the meeting."
        else:
            text = (
                f"Suggested: {uk(suggestion)}, {weeks} weeks after the meeting. You can change it."
            )
        hint = self.review_row.hint_label
        # The suggestion comes and goes as the date is typed, and its two texts may take
        # different numbers of lines: the hint keeps the tallest it has been, so the
        # people below never jump while a date is typed.
        kept = hint.height() if hint.isVisible() else 0
        hint.setText(text)
        hint.show()
        hint.setMinimumHeight(max(hint.minimumHeight(), kept))

    # -- reading ----------------------------------------------------------------------

    def request(self) -> MeetingRequest:
        """The meeting as typed; ValidationFailed names what to fix first."""
        problems: dict[str, str] = {}
        held_on = next_review = None
        try:
            held_on = self.held_on.date()
        except ValueError as error:
            problems["held_on"] = date_message(error)
        if held_on is None and "held_on" not in problems:
            problems["held_on"] = "Enter the date the meeting was held."
        elif held_on is not None and held_on > today():
            problems["held_on"] = (
                "Record a meeting once it has been held: its date is in the future."
            )
        try:
            next_review = self.next_review.date()
        except ValueError as error:
            problems["next_review_on"] = date_message(error)
        if next_review is not None and held_on is not None and next_review <= held_on:
            problems["next_review_on"] = "The next review must be after the meeting."
        attendees = self.attendees.attendees()
        if any(not a.name for a in attendees):
            problems["attendees"] = "Give each person added by hand a name."
        elif self.needs_someone and not any(a.attended for a in attendees):
            problems["attendees"] = NOBODY_CAME
        if problems:
            raise ValidationFailed(problems)
        assert held_on is not None
        family_id = self.family.family.id
        assert family_id is not None
        return MeetingRequest(
            family_id=family_id,
            kind=self.kind.code(),
            held_on=held_on,
            venue=self.venue.text(),
            chair=self.chair.text(),
            attendees=attendees,
            family_views=self.family_views.toPlainText(),
            child_views=self.child_views.toPlainText(),
            decisions=self.decisions.toPlainText(),
            next_review_on=next_review,
            id=self.meeting.id if self.meeting else None,
        )

    def set_read_only(self) -> None:
        for editor in (self.venue, self.chair, self.held_on, self.next_review):
            editor.setReadOnly(True)
        self.kind.setEnabled(False)
        for edit in (self.family_views, self.child_views, self.decisions):
            edit.setReadOnly(True)
        self.attendees.setEnabled(False)
        self.add_other_button.hide()
        self.remove_other_button.hide()

    def show_problems(self, problems: Mapping[str, str]) -> list[str]:
        """Show each problem beside its field; return the ones with no field here."""
        for row in self.rows.values():
            row.clear_error()
        general: list[str] = []
        first: FieldRow | None = None
        for name, message in problems.items():
            found = self.rows.get(name)
            if found is None:
                general.append(message)
                continue
            found.set_error(message)
            first = first or found
        self.first_problem = None
        self.first_message = None
        if first is not None:
            target = self.attendees if first is self.rows["attendees"] else first.editor
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.first_problem = target
            self.first_message = first.error_label
        return general


def _text(placeholder: str, height: int = 90) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(height)
    return edit


class KeepsTicks(Protocol):
    """A dialog holding a :class:`MeetingForm` whose drafts keep its table's ticks."""

    drafts: DraftKeeper | None
    ticks_opened: list[str]


def keep_ticks(dialog: KeepsTicks, form: MeetingForm) -> None:
    """A tick in the attendees table is kept in the draft as typing is."""
    drafts = dialog.drafts
    if drafts is not None:
        form.attendees.changed.connect(drafts.edited)


def ticks_changed(dialog: KeepsTicks, form: MeetingForm) -> bool:
    """Whether who was invited or came changed since the dialog opened (the discard guard
    looks at the inputs, and the table's ticks are not one)."""
    return bool(dialog.ticks_opened) and form.attendees.tick_values() != dialog.ticks_opened
