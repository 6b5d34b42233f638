"""The family view's "Meetings & reviews" tab: the family's meetings, the next
review, and the plan as it stood at each review."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import meetings
from app.casework.meetings import MeetingData
from app.dates import today, uk
from app.screens.meetings_screen import MeetingsScreen, load_meetings_screen
from app.store.caseload_store import Profile

from ui.casework.attendees_table import attendee_words
from ui.casework.meeting_dialog import MeetingDialog
from ui.casework.plan_history import PlanHistoryDialog
from ui.casework.review_wizard import ReviewWizard
from ui.casework.tab_pieces import muted_label, toolbar
from ui.widgets.panel import Panel
from ui.widgets.rows_model import Column, RowsModel
from ui.widgets.table import rows_table, select_row_where, selected_row
from ui.widgets.theme import text_style

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


class MeetingsPanel(Panel):
    """The "Meetings & reviews" tab."""

    watches = frozenset({
        "meeting", "plan_need", "plan_outcome", "plan_action", "plan_snapshot",
        "person", "agency_involvement",
    })

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(runner, profile, parent)
        self.data: MeetingsScreen | None = None
        self.is_loaded = False

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.message)
        self.review_label = QLabel()
        self.review_label.setObjectName("nextReview")
        self.review_label.setWordWrap(True)
        layout.addWidget(self.review_label)
        self.table = self._build_table()
        layout.addWidget(self.table)  # as high as its rows (fit_table): no gap under them
        self.empty = muted_label(
            "No meetings recorded yet. After the Family Action Meeting (or Team Around the "
            "Family meeting), use “Record a meeting…”. Reviews keep the plan moving: use "
            "“Hold a review…”."
        )
        self.empty.setObjectName("meetingsEmpty")
        layout.addWidget(self.empty)
        self.detail = QTextBrowser()
        self.detail.setObjectName("meetingDetail")
        self.detail.setAccessibleName("The meeting")
        self.detail.setOpenLinks(False)
        layout.addWidget(self.detail, 1)
        layout.addStretch(0)  # with no meetings, the words stay at the top
        self._selection_changed()

    # -- building -----------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        """Record a meeting, hold a review, open one, the plan at a review, remove one."""
        self.new_button = QPushButton("Record a &meeting…")
        self.new_button.setObjectName("newMeeting")
        self.new_button.clicked.connect(self.new_meeting)
        self.review_button = QPushButton("Hold &a review…")
        self.review_button.setObjectName("holdReview")
        self.review_button.setToolTip(
            "Record a review: step through the plan's actions, update each, and keep the plan "
            "as it stood"
        )
        self.review_button.clicked.connect(self.hold_review)
        self.open_button = QPushButton("Ope&n…")
        self.open_button.setObjectName("openMeeting")
        self.open_button.clicked.connect(self.open_selected)
        self.plan_button = QPushButton("The plan at th&is review…")
        self.plan_button.setObjectName("planAtReview")
        self.plan_button.clicked.connect(self.show_plan_at_review)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("removeMeeting")
        self.remove_button.clicked.connect(self.remove_selected)
        self.edit_buttons = [self.new_button, self.review_button, self.remove_button]
        return toolbar(
            self.new_button,
            self.review_button,
            self.open_button,
            self.plan_button,
            self.remove_button,
        )

    def _build_table(self) -> QTableView:
        """The family's meetings, with who came and what was decided."""
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
        table = rows_table(self.model)
        table.setObjectName("meetingsTable")
        table.setAccessibleName("Meetings and reviews")
        header = table.horizontalHeader()
        for col in range(7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        table.doubleClicked.connect(lambda _i: self.open_selected())
        table.activated.connect(lambda _i: self.open_selected())
        return table

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
        self.load(
            load_meetings_screen,
            self.profile,
            self.family_id,
            done=self._loaded,
            error=self.failed,
        )

    def _loaded(self, screen: MeetingsScreen) -> None:
        selected = self.selected()
        self.data = screen
        self.model.set_rows(list(screen.meetings))
        self.fit_table()
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

    def fit_table(self, most: int = 6) -> None:
        """The table as high as its rows, up to ``most`` of them (more scroll), so the
        meeting's details start right under the last one instead of after a blank area."""
        table = self.table
        rows = min(self.model.rowCount(), most)
        heights = sum(table.verticalHeader().sectionSize(row) for row in range(rows))
        header = table.horizontalHeader().sizeHint().height()
        bar = table.horizontalScrollBar()
        extra = bar.sizeHint().height() if bar.isVisible() else 0
        table.setFixedHeight(header + heights + 2 * table.frameWidth() + extra)

    def _show_next_review(self) -> None:
        review = self.family.next_review if self.family else None
        if review is None:
            self.review_label.setText(
                "The case is closed: no review is due." if self.read_only
                else "No review date is set: set one when you record a meeting or a review."
            )
            self.review_label.setStyleSheet("")
            return
        days = (review - today()).days
        if days < 0:
            late = -days
            plural = "s" if late != 1 else ""
            self.review_label.setText(
                f"The review was due on {uk(review)}: overdue by {late} day{plural}."
            )
            self.review_label.setStyleSheet(text_style("overdue", bold=True))
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
        return selected_row(self.table, MeetingData)

    def select_meeting(self, meeting_id: str) -> bool:
        return select_row_where(self.table, lambda m: m.id == meeting_id)

    def _selection_changed(self) -> None:
        meeting = self.selected()
        self.detail.setHtml(meeting_detail_html(meeting) if meeting else "")
        self.update_buttons()

    def update_buttons(self) -> None:
        editable = not self.read_only and self.data is not None
        meeting = self.selected()
        self.new_button.setEnabled(editable)
        self.review_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and meeting is not None)
        self.open_button.setEnabled(meeting is not None)
        self.open_button.setText("Ope&n…" if self.read_only else "Ope&n or correct…")
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
        self.open_dialog(wizard)

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
            done=lambda _r: self.dialog_saved(""),
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
        if not isValid(self):
            return
        snapshot = detail.plan_snapshot
        if snapshot is None:
            self.show_message("No copy of the plan was kept with this review.")
            return
        if self.dialog_open():
            return
        dialog = PlanHistoryDialog(self.runner, self.profile, [snapshot], self)
        self.open_dialog(dialog)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
