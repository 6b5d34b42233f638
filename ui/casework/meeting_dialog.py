"""Family Action Meetings, Team Around the Family meetings and reviews.

- :class:`MeetingForm` is the meeting itself: kind, date, venue, chair, who
  was invited (family members and agency contacts) and who came, the
  family's and the child's views, the decisions, and the next review date,
  suggested from the configured interval (default 6 weeks) and editable. The
  review wizard (:mod:`ui.casework.review_wizard`) uses the same form.
- :class:`MeetingDialog` records or corrects a meeting (read-only for a
  closed family).
- :class:`MeetingsPanel` is the family view's "Meetings & reviews" tab.

Saved through :mod:`app.casework.meetings` on the store's thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import meetings, plans
from app.casework.meetings import MEETING_KINDS, Attendee, MeetingData, MeetingRequest
from app.casework.plan_data import PlanData
from app.dates import today, uk
from app.errors import ValidationFailed
from app.families.households import AgencyData, FamilyDetail, PersonData
from app.reference.casework_settings import CaseworkSettings, load_casework_settings
from app.store.caseload_store import Profile

from ui.casework.casework_tabs import CaseworkPanel, muted_label, names, toolbar
from ui.widgets.fields import (
    DATE_FORMAT_MESSAGE,
    HINT_STYLE,
    ChoiceCombo,
    DateField,
    FieldRow,
    FormDialog,
)

ROLE_WORDS = {
    "parent_carer": "Parent or carer",
    "child": "Child or young person",
    "unborn": "Unborn baby",
    "significant_adult": "Family",
}
# Columns of the attendees table.
NAME, WHO, INVITED, CAME = range(4)


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class MeetingsScreen:
    meetings: tuple[MeetingData, ...]
    settings: CaseworkSettings
    plan: PlanData


def load_meetings_screen(session: Any, actor: Profile, family_id: str) -> MeetingsScreen:
    """One store task: the meetings, the review interval and the plan (for a review)."""
    return MeetingsScreen(
        meetings.list_meetings(session, actor, family_id),
        load_casework_settings(session),
        plans.load_plan(session, actor, family_id),
    )


# ---------------------------------------------------------------- attendees


@dataclass
class _Invitee:
    name: str
    who: str
    person_id: str | None = None
    agency: str | None = None
    role: str = ""
    fixed: bool = True  # from the family's record (name not typed)


def _agency_invitee(a: AgencyData) -> _Invitee:
    name = a.contact_name or a.agency
    who = a.agency + (f", {a.contact_role}" if a.contact_role else "")
    return _Invitee(name=name, who=who, agency=a.agency, role=a.contact_role)


class AttendeesTable(QTableWidget):
    """Everyone who could be invited (family members, agency contacts, anyone
    added), with "Invited" and "Came" ticks. Invited but not came is "invited
    but absent"."""

    def __init__(
        self,
        members: Sequence[PersonData],
        agencies: Sequence[AgencyData],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["Name", "Family member or agency", "Invited", "Came"])
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHO, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(INVITED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CAME, QHeaderView.ResizeMode.ResizeToContents)
        self.invitees: list[_Invitee] = []
        order = {"parent_carer": 0, "significant_adult": 1, "child": 2}
        members = sorted(
            members, key=lambda p: (order.get(p.role, 3), p.date_of_birth or dt.date.max)
        )
        for p in members:
            if p.role == "unborn" or not p.id:
                continue
            who = ROLE_WORDS.get(p.role, "Family")
            if p.relationship_to_child:
                who += f" ({p.relationship_to_child})"
            self._add(_Invitee(p.full_name, who, person_id=p.id), invited=False, came=False)
        for a in agencies:
            self._add(_agency_invitee(a), invited=False, came=False)
        self.itemChanged.connect(self._item_changed)

    def _add(self, invitee: _Invitee, invited: bool, came: bool) -> int:
        row = self.rowCount()
        self.insertRow(row)
        self.invitees.append(invitee)
        name = QTableWidgetItem(invitee.name)
        who = QTableWidgetItem(invitee.who)
        if invitee.fixed:
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.setItem(row, NAME, name)
        self.setItem(row, WHO, who)
        for col, checked in ((INVITED, invited), (CAME, came)):
            box = QTableWidgetItem()
            box.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            box.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.setItem(row, col, box)
        return row

    def add_other(self, name: str = "", who: str = "") -> int:
        """A row for someone not in the family's record; name and role typed in the table."""
        row = self._add(_Invitee(name, who, fixed=False), invited=True, came=True)
        self.setCurrentCell(row, NAME)
        item = self.item(row, NAME)
        if not name and item is not None:
            self.editItem(item)
        return row

    def _item_changed(self, item: QTableWidgetItem) -> None:
        # Came implies invited; not invited means did not come.
        row = item.row()
        invited, came = self.item(row, INVITED), self.item(row, CAME)
        if invited is None or came is None:
            return
        self.blockSignals(True)
        if item.column() == CAME and came.checkState() == Qt.CheckState.Checked:
            invited.setCheckState(Qt.CheckState.Checked)
        if item.column() == INVITED and invited.checkState() == Qt.CheckState.Unchecked:
            came.setCheckState(Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def is_checked(self, row: int, col: int) -> bool:
        item = self.item(row, col)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_checked(self, row: int, col: int, checked: bool) -> None:
        item = self.item(row, col)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def row_of(self, name: str) -> int:
        for row in range(self.rowCount()):
            item = self.item(row, NAME)
            if item is not None and item.text() == name:
                return row
        return -1

    def set_attendees(self, attendees: Sequence[Attendee]) -> None:
        for a in attendees:
            row = -1
            for index, invitee in enumerate(self.invitees):
                if (
                    a.person_id
                    and invitee.person_id == a.person_id
                    or (
                        not a.person_id
                        and a.agency
                        and invitee.agency == a.agency
                        and invitee.name == a.name
                    )
                ):
                    row = index
                if row >= 0:
                    break
            if row < 0:
                row = self.add_other(a.name, a.agency or a.role)
            self.set_checked(row, INVITED, True)
            self.set_checked(row, CAME, a.attended)

    def attendees(self) -> tuple[Attendee, ...]:
        out = []
        for row, invitee in enumerate(self.invitees):
            if not self.is_checked(row, INVITED):
                continue
            name_item, who_item = self.item(row, NAME), self.item(row, WHO)
            name = name_item.text().strip() if name_item else ""
            who = who_item.text().strip() if who_item else ""
            if invitee.fixed:
                out.append(
                    Attendee(
                        name=name,
                        role=invitee.role if invitee.agency else who,
                        person_id=invitee.person_id,
                        agency=invitee.agency,
                        attended=self.is_checked(row, CAME),
                    )
                )
            elif name or who:
                out.append(Attendee(name=name, role=who, attended=self.is_checked(row, CAME)))
        return tuple(out)

    def remove_current(self) -> None:
        row = self.currentRow()
        if 0 <= row < len(self.invitees) and not self.invitees[row].fixed:
            self.removeRow(row)
            del self.invitees[row]


def attendee_words(meeting: MeetingData) -> tuple[str, str]:
    """('Came: A, B and C', 'Invited but did not come: D') for a meeting."""
    came = names([_attendee_label(a) for a in meeting.present])
    absent = names([_attendee_label(a) for a in meeting.absent])
    return came, absent


def _attendee_label(a: Attendee) -> str:
    if a.agency and a.name != a.agency:
        return f"{a.name} ({a.agency})"
    return a.name


# ---------------------------------------------------------------- the form


class MeetingForm(QWidget):
    """The fields of a meeting, with a problem shown beside each."""

    def __init__(
        self,
        family: FamilyDetail,
        settings: CaseworkSettings,
        meeting: MeetingData | None = None,
        parent: QWidget | None = None,
        *,
        kind: str | None = None,
        invite_from: MeetingData | None = None,
    ) -> None:
        super().__init__(parent)
        self.family = family
        self.settings = settings
        self.meeting = meeting
        self.rows: dict[str, FieldRow] = {}
        self._review_typed = meeting is not None

        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        left.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left.setVerticalSpacing(6)
        kinds = dict(MEETING_KINDS)
        if kind is None and meeting is None:
            kinds.pop("review")  # a review is held with "Hold a review…" (it updates the plan)
        self.kind = ChoiceCombo(kinds)
        self.add_row(left, "kind", "Meeting", self.kind)
        self.held_on = DateField(today())
        self.add_row(left, "held_on", "Date held", self.held_on)
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

        self.attendees = AttendeesTable(family.members, family.agencies)
        self.attendees.setObjectName("attendees")
        self.attendees.setMinimumHeight(150)
        self.add_other_button = QPushButton("Add someone else")
        self.add_other_button.setObjectName("addAttendee")
        self.add_other_button.clicked.connect(lambda: self.attendees.add_other())
        self.remove_other_button = QPushButton("Remove")
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
        hint.setStyleSheet(HINT_STYLE)
        people_layout.addWidget(hint)
        self.rows["attendees"] = FieldRow(people)

        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        right.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        right.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        right.setVerticalSpacing(4)
        self.family_views = _text(
            "What the parents and carers said: what is working, what worries them."
        )
        self.add_row(right, "family_views", "The family's views", self.family_views)
        self.child_views = _text("The child's own words, or how their views were gathered.")
        self.add_row(right, "child_views", "The child's views", self.child_views)
        self.decisions = _text("What was agreed, and who will do what.", 110)
        self.add_row(right, "decisions", "Decisions", self.decisions)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        left_box = QVBoxLayout()
        left_box.addLayout(left)
        people_title = QLabel("<b>Who was invited, and who came</b>")
        left_box.addSpacing(6)
        left_box.addWidget(people_title)
        left_box.addWidget(self.rows["attendees"], 1)
        grid.addLayout(left_box, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 4)

        if kind is not None:
            self.kind.set_code(kind)
            self.kind.setEnabled(False)
        if meeting is not None:
            self.kind.set_code(meeting.kind)
            self.held_on.set_date(meeting.held_on)
            self.venue.setText(meeting.venue)
            self.chair.setText(meeting.chair)
            self.attendees.set_attendees(meeting.attendees)
            self.family_views.setPlainText(meeting.family_views)
            self.child_views.setPlainText(meeting.child_views)
            self.decisions.setPlainText(meeting.decisions)
            self.next_review.set_date(meeting.next_review_on)
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

    def add_row(
        self, form: QFormLayout, name: str, label: str, editor: QWidget, hint: str = ""
    ) -> FieldRow:
        row = FieldRow(editor, hint)
        caption = QLabel(label)
        caption.setBuddy(editor)
        form.addRow(caption, row)
        self.rows[name] = row
        editor.setObjectName(name)
        editor.setAccessibleName(label)
        return row

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
        self.review_row.hint_label.setText(text)
        self.review_row.hint_label.show()

    # -- reading ----------------------------------------------------------------------

    def request(self) -> MeetingRequest:
        """The meeting as typed; ValidationFailed names what to fix first."""
        problems: dict[str, str] = {}
        held_on = next_review = None
        try:
            held_on = self.held_on.date()
        except ValueError:
            problems["held_on"] = DATE_FORMAT_MESSAGE
        if held_on is None and "held_on" not in problems:
            problems["held_on"] = "Enter the date the meeting was held."
        elif held_on is not None and held_on > today():
            problems["held_on"] = (
                "Record a meeting once it has been held: its date is in the future."
            )
        try:
            next_review = self.next_review.date()
        except ValueError:
            problems["next_review_on"] = DATE_FORMAT_MESSAGE
        if next_review is not None and held_on is not None and next_review <= held_on:
            problems["next_review_on"] = "The next review must be after the meeting."
        attendees = self.attendees.attendees()
        if any(not a.name for a in attendees):
            problems["attendees"] = "Give each person added by hand a name."
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
        if first is not None:
            first.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return general


def _text(placeholder: str, height: int = 90) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(height)
    return edit


# ---------------------------------------------------------------- the dialog


class MeetingDialog(FormDialog):
    """Record a meeting, or correct one; ``saved`` carries its id. With
    ``read_only`` (a closed family) it only shows it."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        settings: CaseworkSettings,
        meeting: MeetingData | None = None,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        title = meeting.title if meeting else "Record a meeting"
        super().__init__(runner, title, parent)
        self.profile = profile
        self.meeting = meeting
        self.read_only = read_only
        self.resize(1120, 700)
        self.form = MeetingForm(family, settings, meeting, self)
        self.rows = self.form.rows
        intro = QLabel(
            "A Family Action Meeting or Team Around the Family meeting: the family and the "
            "agencies agree the plan. Record who came, what everyone said, and what was decided."
            if meeting is None
            else f"Recorded by {meeting.recorded_by}."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        if read_only:
            self.form.set_read_only()
            self.save_button.hide()
            self.buttons.button(self.buttons.StandardButton.Cancel).setText("Close")
        self.save_button.setText("Save meeting" if meeting is None else "Save changes")
        self.form.kind.setFocus()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if self.read_only:
            raise ValidationFailed(
                {"": "This family's case is closed: its meetings can be read, not changed."}
            )
        return meetings.save_meeting, (self.profile, self.form.request())

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("Save meeting" if self.meeting is None else "Save changes")

    def result_id(self, result: Any) -> str:
        return str(result.id)


# ---------------------------------------------------------------- the tab


def meeting_detail_html(meeting: MeetingData) -> str:
    came, absent = attendee_words(meeting)

    def section(title: str, text: str) -> str:
        body = _esc(text).replace("\n", "<br>") if text.strip() else "<i>Not recorded.</i>"
        return f"<p><b>{title}</b><br>{body}</p>"

    where = f" at {_esc(meeting.venue)}" if meeting.venue else ""
    chair = f", chaired by {_esc(meeting.chair)}" if meeting.chair else ""
    parts = [
        f"<h3 style='margin: 0'>{_esc(meeting.title)}</h3>",
        f"<p>Held{where}{chair}. Recorded by {_esc(meeting.recorded_by)}.</p>",
        f"<p><b>Came:</b> {_esc(came) or 'not recorded'}"
        + (f"<br><b>Invited but did not come:</b> {_esc(absent)}" if absent else "")
        + "</p>",
        section("The family's views", meeting.family_views),
        section("The child's views", meeting.child_views),
        section("Decisions", meeting.decisions),
        f"<p><b>Next review:</b> {uk(meeting.next_review_on) or 'not set'}</p>",
    ]
    return "".join(parts)


class MeetingsPanel(CaseworkPanel):
    """The "Meetings & reviews" tab."""

    plan_changed = Signal()

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        from ui.family.family_view import Column, RowsModel, _table

        super().__init__(runner, profile, parent)
        self.data: MeetingsScreen | None = None
        self.is_loaded = False

        self.new_button = QPushButton("Record a meeting…")
        self.new_button.setObjectName("newMeeting")
        self.new_button.clicked.connect(self.new_meeting)
        self.review_button = QPushButton("Hold a review…")
        self.review_button.setObjectName("holdReview")
        self.review_button.setToolTip(
            "Record a review: step through the plan's actions, update each, and keep the plan "
            "as it stood"
        )
        self.review_button.clicked.connect(self.hold_review)
        self.open_button = QPushButton("Open…")
        self.open_button.setObjectName("openMeeting")
        self.open_button.clicked.connect(self.open_selected)
        self.plan_button = QPushButton("The plan at this review…")
        self.plan_button.setObjectName("planAtReview")
        self.plan_button.clicked.connect(self.show_plan_at_review)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeMeeting")
        self.remove_button.clicked.connect(self.remove_selected)
        self.edit_buttons = [self.new_button, self.review_button, self.remove_button]

        layout = QVBoxLayout(self)
        layout.addLayout(
            toolbar(
                self.new_button,
                self.review_button,
                self.open_button,
                self.plan_button,
                self.remove_button,
            )
        )
        layout.addWidget(self.message)
        self.review_label = QLabel()
        self.review_label.setObjectName("nextReview")
        self.review_label.setWordWrap(True)
        layout.addWidget(self.review_label)

        self.model = RowsModel(
            [
                Column("Date", lambda m: uk(m.held_on)),
                Column("Meeting", lambda m: m.kind_label),
                Column("Chair", lambda m: m.chair),
                Column("Came", lambda m: str(len(m.present))),
                Column("Invited, did not come", lambda m: str(len(m.absent)) if m.absent else ""),
                Column("Decisions", lambda m: " ".join(m.decisions.split())),
                Column("Next review", lambda m: uk(m.next_review_on)),
            ],
            self,
        )
        self.table = _table(self.model)
        self.table.setObjectName("meetingsTable")
        header = self.table.horizontalHeader()
        for col in range(7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 2)
        self.empty = muted_label(
            "No meetings recorded yet. After the Family Action Meeting (or Team Around the "
            "Family meeting), use “Record a meeting…”. Reviews keep the plan moving: use "
            "“Hold a review…”."
        )
        self.empty.setObjectName("meetingsEmpty")
        layout.addWidget(self.empty)
        self.detail = QTextBrowser()
        self.detail.setObjectName("meetingDetail")
        self.detail.setOpenLinks(False)
        layout.addWidget(self.detail, 3)
        self._selection_changed()

    # -- loading ------------------------------------------------------------------

    def clear(self) -> None:
        self.data = None
        self.is_loaded = False
        self.model.set_rows([])
        self.detail.clear()
        self.review_label.setText("Loading…")

    def reload(self) -> None:
        if self.family_id is None:
            return
        token = self.next_token()
        self.runner.run_store(
            load_meetings_screen,
            self.profile,
            self.family_id,
            done=lambda screen: self._loaded(token, screen),
            error=self.failed,
        )

    def _loaded(self, token: int, screen: MeetingsScreen) -> None:
        if not self.is_current(token):
            return
        selected = self.selected()
        self.data = screen
        self.model.set_rows(list(screen.meetings))
        self.table.setVisible(bool(screen.meetings))
        self.detail.setVisible(bool(screen.meetings))
        self.empty.setVisible(not screen.meetings)
        self._show_next_review()
        if selected is not None:
            self.select_meeting(selected.id)
        elif screen.meetings:
            self.table.selectRow(0)
        self.is_loaded = True
        self._selection_changed()
        self.loaded.emit()

    def _show_next_review(self) -> None:
        review = self.family.next_review if self.family else None
        if review is None:
            self.review_label.setText("No review date is set.")
            self.review_label.setStyleSheet("")
            return
        days = (review - today()).days
        if days < 0:
            late = -days
            plural = "s" if late != 1 else ""
            self.review_label.setText(
                f"The review was due on {uk(review)}: overdue by {late} day{plural}."
            )
            self.review_label.setStyleSheet("color: #b3261e; font-weight: 600;")
        else:
            when = (
                "today"
                if days == 0
                else f"on {uk(review)} (in {days} day{'s' if days != 1 else ''})"
            )
            self.review_label.setText(f"The next review is due {when}.")
            self.review_label.setStyleSheet("font-weight: 600;")

    # -- selection ----------------------------------------------------------------

    def selected(self) -> MeetingData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_meeting(self, meeting_id: str) -> bool:
        for row, m in enumerate(self.model.rows):
            if m.id == meeting_id:
                self.table.selectRow(row)
                return True
        return False

    def _selection_changed(self) -> None:
        meeting = self.selected()
        self.detail.setHtml(meeting_detail_html(meeting) if meeting else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = not self.read_only and self.data is not None
        meeting = self.selected()
        self.new_button.setEnabled(editable)
        self.review_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and meeting is not None)
        self.open_button.setEnabled(meeting is not None)
        self.open_button.setText("Open…" if self.read_only else "Open or correct…")
        self.plan_button.setVisible(meeting is not None and meeting.is_review)

    def open_record(self, record_id: str) -> None:
        self.select_meeting(record_id)
        self.table.setFocus()

    # -- actions ------------------------------------------------------------------

    def new_meeting(self) -> None:
        if self.read_only or self.data is None or self.family is None or self.dialog_open():
            return
        self.open_dialog(
            MeetingDialog(self.runner, self.profile, self.family, self.data.settings, None, self)
        )

    def open_selected(self) -> None:
        meeting = self.selected()
        if meeting is None or self.data is None or self.family is None or self.dialog_open():
            return
        self.open_dialog(
            MeetingDialog(
                self.runner,
                self.profile,
                self.family,
                self.data.settings,
                meeting,
                self,
                read_only=self.read_only,
            )
        )

    def hold_review(self) -> None:
        from ui.casework.review_wizard import ReviewWizard

        if self.read_only or self.data is None or self.family is None or self.dialog_open():
            return
        last = self.data.meetings[0] if self.data.meetings else None
        wizard = ReviewWizard(
            self.runner,
            self.profile,
            self.family,
            self.data.settings,
            self.data.plan,
            self,
            last_meeting=last,
        )
        self.open_dialog(wizard, on_saved=self._review_saved)

    def _review_saved(self, meeting_id: str) -> None:
        self.record_saved(meeting_id)
        self.plan_changed.emit()

    def remove_selected(self) -> None:
        meeting = self.selected()
        if meeting is None or self.read_only:
            return
        if not self.confirm(
            "Remove meeting",
            f"Remove the record of the {meeting.title.lower()}?\n\n"
            "Use this only for a meeting recorded by mistake.",
        ):
            return
        self.runner.run_store(
            meetings.remove_meeting,
            self.profile,
            meeting.id,
            done=lambda _r: self.record_saved(),
            error=self.failed,
        )

    def show_plan_at_review(self) -> None:
        meeting = self.selected()
        if meeting is None or not meeting.is_review or self.dialog_open():
            return
        self.runner.run_store(
            meetings.load_meeting,
            self.profile,
            meeting.id,
            done=self._show_snapshot,
            error=self.failed,
        )

    def _show_snapshot(self, detail: Any) -> None:
        from ui.casework.plan_view import PlanHistoryDialog

        if not isValid(self):
            return
        snapshot = detail.plan_snapshot
        if snapshot is None:
            self.show_message("No copy of the plan was kept with this review.")
            return
        if self.dialog_open():
            return
        dialog = PlanHistoryDialog(self.runner, self.profile, [snapshot], self)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
