"""The visit form: the widgets of the visit dialog, filling them from a visit,
the follow-up list, and reading them back into a request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.casework.visit_data import VisitData, VisitRequest, uk_to_utc
from app.dates import today as today_date
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.store.caseload_store import Profile

from ui.casework.tab_pieces import toolbar
from ui.casework.visit_people import adults_seen, children_seen, visit_kinds
from ui.casework.visit_words import escape_html, lines_html
from ui.widgets.fields import (
    ChoiceCombo,
    DateField,
    date_message,
    hint_style,
    lines_high,
    on_edit,
)
from ui.widgets.form_dialog import REQUIRED_NOTE, FormDialog
from ui.widgets.scrolling import vertical_scroll
from ui.widgets.theme import text_colour
from ui.widgets.window_memory import remember_size

# ---------------------------------------------------------------- the dialog


class VisitForm(FormDialog):
    """The visit dialog's fields and layout; :class:`VisitDialog` adds what each mode
    shows and how the visit is saved, finalised and corrected."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family: FamilyDetail,
        visit: VisitData | None = None,
        parent: QWidget | None = None,
        *,
        plan_only: bool = False,
        read_only: bool = False,
        final_hours: int = 24,
    ) -> None:
        if visit is None:
            title = "Plan a visit" if plan_only else "Record a visit or contact"
        else:
            title = visit.title
        super().__init__(runner, title, parent)
        self.profile = profile
        self.family = family
        self.visit = visit
        self.plan_only = plan_only and visit is None
        self.closed = read_only
        self.final = visit is not None and visit.is_final
        self.read_only = read_only or self.final
        self._finalise_after_save = False
        self.final_hours = final_hours
        if self.plan_only:
            remember_size(self, "plannedVisitDialog", 760, 380)
        else:
            remember_size(self, "visitDialog", 1040, 700)

        self.status = QLabel()
        self.status.setObjectName("visitStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(self._build_left_column(plan_only), 5)
        columns.addLayout(self._build_right_column(), 4)
        self._build_finalise_button()
        self.required_note = QLabel(REQUIRED_NOTE)
        self.required_note.setStyleSheet(hint_style())
        self.required_note.setVisible(not self.read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.required_note)
        layout.addWidget(self.banner)
        layout.addWidget(vertical_scroll(columns, "visitForm"), 1)
        layout.addWidget(self.buttons)

    # -- building -----------------------------------------------------------------------

    def _build_left_column(self, plan_only: bool) -> QVBoxLayout:
        """When, what kind, who was seen, and the follow-ups."""
        left = self.new_form()
        when = self._build_when(plan_only)
        self.rows_when = self.add_row(left, "occurred_at", "Date and time *", when)
        for part in (self.date, self.time):  # the row's editor holds both: each rechecks it
            on_edit(part, self.rows_when.edited.emit)
        self.date.setObjectName("date")
        self.date.setAccessibleName("Date")
        kinds = visit_kinds(self.family, self.visit.kind if self.visit else "")
        self.kind = ChoiceCombo(kinds, blank="Choose…")
        self.add_row(left, "kind", "Type *", self.kind)
        self.add_row(left, "seen", "Adults seen", self._build_adults_seen())
        self.add_row(left, "children_seen", "Each child", self._build_children_seen())
        self.add_row(
            left,
            "follow_ups",
            "Follow-ups",
            self._build_follow_ups(),
            "Things to do next. Once the visit is saved, a follow-up can become a plan action.",
        )
        left_box = QVBoxLayout()
        left_box.addLayout(left)
        left_box.addStretch(1)
        return left_box

    def _build_when(self, plan_only: bool) -> QWidget:
        """The date and the UK time (a planned visit suggests 10:00, a record now)."""
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        self.date = DateField(today_date())
        self.time = QTimeEdit()
        self.time.setObjectName("time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime.currentTime() if not plan_only else QTime(10, 0))
        self.time.setAccessibleName("Time (UK)")
        when_row.addWidget(self.date)
        when_row.addWidget(QLabel("at"))
        when_row.addWidget(self.time)
        when_row.addWidget(QLabel("UK time"))
        when_row.addStretch(1)
        return when

    def _build_adults_seen(self) -> QWidget:
        widget, self.seen_boxes = adults_seen(self.family)
        return widget

    def _build_children_seen(self) -> QWidget:
        self.child_rows = children_seen(self.family)
        self.child_people = self.child_rows.people
        self.child_seen = self.child_rows.seen
        self.child_alone = self.child_rows.alone
        self.pregnancy = self.child_rows.pregnancy
        return self.child_rows.widget

    def _build_follow_ups(self) -> QWidget:
        """The follow-up list and its buttons (add, remove, make a plan action)."""
        self.follow_list = QListWidget()
        self.follow_list.setObjectName("followUps")
        self.follow_list.setAccessibleName("Follow-ups")
        self.follow_list.setFixedHeight(lines_high(self.follow_list, 120))
        self.follow_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.follow_list.itemSelectionChanged.connect(self._follow_selection)
        self.add_follow_button = QPushButton("Add follo&w-up")
        self.add_follow_button.setObjectName("addFollowUp")
        self.add_follow_button.clicked.connect(lambda _checked=False: self.add_follow_up())
        self.remove_follow_button = QPushButton("Re&move")
        self.remove_follow_button.clicked.connect(self._remove_follow_up)
        self.to_action_button = QPushButton("Make a plan action…")
        self.to_action_button.setObjectName("followUpToAction")
        for button in (self.add_follow_button, self.remove_follow_button, self.to_action_button):
            button.setAutoDefault(False)  # Enter saves the visit
        follow_box = QWidget()
        follow_layout = QVBoxLayout(follow_box)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        follow_layout.addWidget(self.follow_list)
        follow_layout.addLayout(
            toolbar(self.add_follow_button, self.remove_follow_button, self.to_action_button)
        )
        return follow_box

    def _build_right_column(self) -> QVBoxLayout:
        """What the child said, the worker's notes, and the addenda."""
        right = self.new_form()
        right.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.child_words = QPlainTextEdit()
        self.child_words.setTabChangesFocus(True)
        self.child_words.setPlaceholderText(
            "What the child said, in their own words (“I like it when…”)."
        )
        self.child_words.setMinimumHeight(130)
        self.add_row(right, "child_words", "What the child said", self.child_words)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("What happened, what you saw, what was agreed.")
        self.notes.setMinimumHeight(120 if self.plan_only else 200)
        self.add_row(right, "notes", "Your notes", self.notes)

        self.addenda = QTextBrowser()
        self.addenda.setObjectName("addenda")
        self.addenda.setAccessibleName("Addenda")
        self.addenda.setMaximumHeight(lines_high(self.addenda, 150))
        self.addenda_title = QLabel("<b>Addenda</b>")
        self.addendum_button = QPushButton("Add adde&ndum…")
        self.addendum_button.setObjectName("addAddendum")
        right_box = QVBoxLayout()
        right_box.addLayout(right)
        right_box.addWidget(self.addenda_title)
        right_box.addWidget(self.addenda)
        right_box.addLayout(toolbar(self.addendum_button))
        return right_box

    def _build_finalise_button(self) -> None:
        """The "Save and &finalise" button, beside Save and Cancel."""
        self.finalise_button = self.buttons.addButton(
            "Save and &finalise", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.finalise_button.setObjectName("finaliseVisit")
        self.finalise_button.setToolTip(
            "Save, then make the record final: it cannot be changed after"
        )

    # -- filling ------------------------------------------------------------------------

    def _fill(self, v: VisitData) -> None:
        local = v.local
        self.date.set_date(local.date())
        self.time.setTime(QTime(local.hour, local.minute))
        self.kind.set_code(v.kind)
        for pid in v.seen:
            if pid in self.seen_boxes:
                self.seen_boxes[pid].setChecked(True)
        for c in v.children_seen:
            if c.person_id in self.child_seen:
                self.child_seen[c.person_id].setChecked(c.seen)
                self.child_alone[c.person_id].setChecked(c.seen_alone)
            elif c.person_id in self.pregnancy:
                self.pregnancy[c.person_id].setChecked(bool(c.pregnancy))
        self.child_words.setPlainText(v.child_words)
        self.notes.setPlainText(v.notes)
        self.follow_list.clear()
        for f in v.follow_ups:
            self._add_follow_item(f.text, f.index, f.action_id)
        self._show_addenda(v)

    def _add_follow_item(
        self, text: str, index: int | None, action_id: str | None
    ) -> QListWidgetItem:
        item = QListWidgetItem(text + ("   ✓ in the plan" if action_id else ""))
        item.setData(Qt.ItemDataRole.UserRole, (index, action_id, text))
        editable = not self.read_only and action_id is None
        if editable:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        else:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if action_id:
            item.setForeground(QBrush(QColor(text_colour("success"))))
            item.setToolTip("This follow-up is already an action in the plan.")
        self.follow_list.addItem(item)
        return item

    def _show_addenda(self, v: VisitData) -> None:
        if not v.addenda:
            self.addenda.setHtml("<i>None.</i>")
            return
        self.addenda.setHtml(
            "".join(
                f"<p><b>{a.when_text}, {escape_html(a.by)}</b><br>{lines_html(a.text)}</p>"
                for a in v.addenda
            )
        )

    # -- follow-ups ---------------------------------------------------------------------

    def add_follow_up(self, text: str = "") -> None:
        item = self._add_follow_item(text, None, None)
        self.follow_list.setCurrentItem(item)
        if not text:
            self.follow_list.editItem(item)

    def _remove_follow_up(self) -> None:
        item = self.follow_list.currentItem()
        if item is None or self.read_only:
            return
        _index, action_id, _text = item.data(Qt.ItemDataRole.UserRole)
        if action_id:
            return
        self.follow_list.takeItem(self.follow_list.row(item))

    def follow_ups(self) -> tuple[str, ...]:
        out = []
        for row in range(self.follow_list.count()):
            item = self.follow_list.item(row)
            _index, action_id, text = item.data(Qt.ItemDataRole.UserRole)
            typed = text if action_id else item.text().strip()
            if typed:
                out.append(typed)
        return tuple(out)

    def _follow_selection(self) -> None:
        item = self.follow_list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        saved = (
            data is not None
            and data[0] is not None
            and data[1] is None
            and self.visit is not None
            and item is not None
            and item.text() == data[2]
        )
        self.to_action_button.setEnabled(bool(saved) and not self.closed)
        self.remove_follow_button.setEnabled(
            item is not None and data is not None and data[1] is None and not self.read_only
        )

    # -- reading ------------------------------------------------------------------------

    def occurred_at(self, problems: dict[str, str]) -> dt.datetime | None:
        try:
            day = self.date.date()
        except ValueError as error:
            problems["occurred_at"] = date_message(error)  # no such day, or not a date
            return None
        if day is None:
            problems["occurred_at"] = "Enter the date of the visit."
            return None
        t = self.time.time()
        return uk_to_utc(day, t.hour(), t.minute())

    def request(self) -> VisitRequest:
        problems: dict[str, str] = {}
        occurred = self.occurred_at(problems)
        if not self.kind.code():
            problems["kind"] = "Choose the kind of visit or contact."
        if problems:
            raise ValidationFailed(problems)
        assert occurred is not None
        family_id = self.family.family.id
        assert family_id is not None
        planned = self.plan_only
        children = self.child_rows.answers()
        return VisitRequest(
            family_id=family_id,
            occurred_at=occurred,
            kind=self.kind.code(),
            seen=tuple(pid for pid, box in self.seen_boxes.items() if box.isChecked()),
            children_seen=() if planned else children,
            child_words="" if planned else self.child_words.toPlainText(),
            notes=self.notes.toPlainText(),
            follow_ups=() if planned else self.follow_ups(),
            planned=planned,
            id=self.visit.id if self.visit else None,
        )
