"""Visits and contacts: planning, recording, finalising and correcting them.

- :class:`VisitDialog` plans a visit (a diary entry), records one (date and
  time in UK time, type, who was seen, whether each child was seen and seen
  alone, what the child said in their own words, the worker's notes and
  follow-ups), changes a record that is not final yet, and finalises it. A
  final record is shown read-only with its addenda and "Add addendum…". A
  follow-up can become a plan action ("Make a plan action…").
- :class:`AddendumDialog` adds a correction or addition to a final record.
- :class:`VisitsPanel` is the family view's Visits tab.

Saved through :mod:`app.casework.visits` on the store's thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
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
from shiboken6 import isValid

from app.casework import visit_writes, visits
from app.casework.visit_data import (
    VISIT_KINDS,
    AddendumRequest,
    ChildSeen,
    VisitData,
    VisitRequest,
    uk_to_utc,
)
from app.dates import uk_instant
from app.errors import HearthError, ValidationFailed
from app.families.households import FamilyDetail, PersonData
from app.reference.casework_settings import load_casework_settings
from app.store.caseload_store import Profile

from ui.casework.casework_tabs import CaseworkPanel, muted_label, names, toolbar
from ui.widgets.fields import HINT_STYLE, ChoiceCombo, DateField, FormDialog

DRAFT_STYLE = (
    "background: #fff4e0; color: #5c3a00; border: 1px solid #f0c987;"
    " border-radius: 4px; padding: 6px 8px;"
)
FINAL_STYLE = (
    "background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;"
    " border-radius: 4px; padding: 6px 8px;"
)
PLANNED_STYLE = (
    "background: #e3f2fd; color: #0d47a1; border: 1px solid #90caf9;"
    " border-radius: 4px; padding: 6px 8px;"
)


def status_text(v: VisitData) -> str:
    if v.planned:
        return "Planned"
    if v.is_final:
        return "Final" + (
            f" (+{len(v.addenda)} addend{'a' if len(v.addenda) != 1 else 'um'})"
            if v.addenda
            else ""
        )
    return "Draft"


def children_text(v: VisitData) -> str:
    if v.planned:
        return ""
    parts = []
    for c in v.children_seen:
        first = c.name.split(" ")[0] if c.name else "A child"
        if c.seen_alone:
            parts.append(f"{first}: seen alone")
        elif c.seen:
            parts.append(f"{first}: seen")
        else:
            parts.append(f"{first}: not seen")
    return "; ".join(parts)


def final_sentence(v: VisitData) -> str:
    if v.planned:
        return (
            f"Planned for {v.when_text}. When it has happened, record what happened here: "
            "change the details if needed and choose “Record visit”."
        )
    if v.is_final:
        how = (
            f"finalised by {v.finalised_by}"
            if v.finalised_by
            else "it became final by itself when the time to change it ran out"
        )
        return (
            f"Final since {uk_instant(v.final_at)} ({how}). A final record cannot be changed: "
            "use “Add addendum…” to correct it or add to it."
        )
    when = f" at {uk_instant(v.final_at)}" if v.final_at else ""
    return (
        f"Draft, recorded by {v.recorded_by}. You can change it until it becomes final by "
        f"itself{when}, or until you finalise it."
    )


# ---------------------------------------------------------------- the dialog


class VisitDialog(FormDialog):
    """Plan, record, change, finalise or read a visit; ``saved`` carries its id.

    ``mode``: ``plan`` (a new diary entry), ``record`` (a new record, or
    ``visit`` a planned one to record), ``edit`` (a draft or a planned visit),
    or ``view`` (final, or the family is closed: read-only)."""

    finalised = Signal(str)
    plan_changed = Signal()

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
            self.resize(760, 380)
        else:
            self.resize(1040, 700)

        self.status = QLabel()
        self.status.setObjectName("visitStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        left = self.new_form()
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        self.date = DateField(dt.date.today())
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
        self.rows_when = self.add_row(left, "occurred_at", "Date and time", when)
        self.date.setObjectName("date")
        self.kind = ChoiceCombo(VISIT_KINDS, blank="Choose…")
        self.add_row(left, "kind", "Type", self.kind)

        order = {"parent_carer": 0, "significant_adult": 1}
        adults = sorted(
            (m for m in family.members if m.role not in ("child", "unborn") and m.id),
            key=lambda m: (order.get(m.role, 2), m.date_of_birth or dt.date.max),
        )
        self.child_people = [m for m in family.members if m.role == "child" and m.id]
        seen_box = QWidget()
        seen_grid = QGridLayout(seen_box)
        seen_grid.setContentsMargins(0, 0, 0, 0)
        self.seen_boxes: dict[str, QCheckBox] = {}
        for index, person in enumerate(adults):
            box = QCheckBox(person.full_name)
            box.setObjectName(f"seen_{index}")
            self.seen_boxes[person.id or ""] = box
            seen_grid.addWidget(box, index // 2, index % 2)
        if not adults:
            seen_grid.addWidget(muted_label("No adults are recorded in the household."), 0, 0)
        self.add_row(left, "seen", "Adults seen", seen_box)

        children_box = QWidget()
        grid = QGridLayout(children_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        self.child_seen: dict[str, QCheckBox] = {}
        self.child_alone: dict[str, QCheckBox] = {}
        for row, child in enumerate(self.child_people):
            assert child.id is not None
            name = QLabel(_child_label(child))
            seen = QCheckBox("Seen")
            seen.setObjectName(f"child_seen_{row}")
            alone = QCheckBox("Seen alone")
            alone.setObjectName(f"child_alone_{row}")
            seen.toggled.connect(lambda on, a=alone: _seen_toggled(on, a))
            alone.setEnabled(False)
            grid.addWidget(name, row, 0)
            grid.addWidget(seen, row, 1)
            grid.addWidget(alone, row, 2)
            self.child_seen[child.id] = seen
            self.child_alone[child.id] = alone
        grid.setColumnStretch(3, 1)
        if not self.child_people:
            grid.addWidget(muted_label("No children are recorded in the household."), 0, 0)
        self.add_row(left, "children_seen", "Each child", children_box)

        self.follow_list = QListWidget()
        self.follow_list.setObjectName("followUps")
        self.follow_list.setFixedHeight(120)
        self.follow_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.follow_list.itemSelectionChanged.connect(self._follow_selection)
        self.add_follow_button = QPushButton("Add follow-up")
        self.add_follow_button.setObjectName("addFollowUp")
        self.add_follow_button.clicked.connect(self.add_follow_up)
        self.remove_follow_button = QPushButton("Remove")
        self.remove_follow_button.clicked.connect(self._remove_follow_up)
        self.to_action_button = QPushButton("Make a plan action…")
        self.to_action_button.setObjectName("followUpToAction")
        self.to_action_button.clicked.connect(self.follow_up_to_action)
        for button in (self.add_follow_button, self.remove_follow_button, self.to_action_button):
            button.setAutoDefault(False)  # Enter saves the visit
        follow_box = QWidget()
        follow_layout = QVBoxLayout(follow_box)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        follow_layout.addWidget(self.follow_list)
        follow_layout.addLayout(
            toolbar(self.add_follow_button, self.remove_follow_button, self.to_action_button)
        )
        self.add_row(
            left,
            "follow_ups",
            "Follow-ups",
            follow_box,
            "Things to do next. Once the visit is saved, a follow-up can become a plan action.",
        )

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
        self.addenda.setMaximumHeight(150)
        self.addenda_title = QLabel("<b>Addenda</b>")
        self.addendum_button = QPushButton("Add addendum…")
        self.addendum_button.setObjectName("addAddendum")
        self.addendum_button.clicked.connect(self.add_addendum)

        self.finalise_button = self.buttons.addButton(
            "Save and finalise", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.finalise_button.setObjectName("finaliseVisit")
        self.finalise_button.setToolTip(
            "Save, then make the record final: it cannot be changed after"
        )
        self.finalise_button.clicked.connect(self.save_and_finalise)

        columns = QHBoxLayout()
        columns.setSpacing(18)
        left_box = QVBoxLayout()
        left_box.addLayout(left)
        left_box.addStretch(1)
        columns.addLayout(left_box, 5)
        right_box = QVBoxLayout()
        right_box.addLayout(right)
        right_box.addWidget(self.addenda_title)
        right_box.addWidget(self.addenda)
        right_box.addLayout(toolbar(self.addendum_button))
        columns.addLayout(right_box, 4)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

        if visit is not None:
            self._fill(visit)
        self._arrange()
        self.kind.setFocus()

    # -- filling and arranging ---------------------------------------------------------

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
            item.setForeground(QBrush(QColor("#1b5e20")))
            item.setToolTip("This follow-up is already an action in the plan.")
        self.follow_list.addItem(item)
        return item

    def _show_addenda(self, v: VisitData) -> None:
        if not v.addenda:
            self.addenda.setHtml("<i>None.</i>")
            return
        self.addenda.setHtml(
            "".join(
                f"<p><b>{a.when_text}, {_esc(a.by)}</b><br>{_lines(a.text)}</p>" for a in v.addenda
            )
        )

    def _arrange(self) -> None:
        v = self.visit
        for name in ("seen", "children_seen", "child_words", "follow_ups"):
            self.set_row_visible(name, not self.plan_only)
        self.notes.setPlaceholderText(
            "What the visit is for."
            if self.plan_only
            else "What happened, what you saw, what was agreed."
        )
        has_addenda_area = v is not None and not v.planned and self.final
        self.addenda_title.setVisible(has_addenda_area)
        self.addenda.setVisible(has_addenda_area)
        self.addendum_button.setVisible(has_addenda_area and not self.closed)
        if self.read_only:
            for edit in (self.child_words, self.notes):
                edit.setReadOnly(True)
            self.date.setReadOnly(True)
            self.time.setReadOnly(True)
            self.kind.setEnabled(False)
            for box in (
                *self.seen_boxes.values(),
                *self.child_seen.values(),
                *self.child_alone.values(),
            ):
                box.setEnabled(False)
            self.add_follow_button.hide()
            self.remove_follow_button.hide()
            self.save_button.hide()
            self.finalise_button.hide()
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setText("Close")
        elif self.plan_only:
            self.save_button.setText("Save plan")
            self.finalise_button.hide()
        elif v is not None and v.planned:
            self.save_button.setText("Record visit")
            self.finalise_button.setText("Record and finalise")
        else:
            self.save_button.setText("Save draft" if v is not None else "Save visit")
        self.to_action_button.setVisible(not self.plan_only and v is not None and not v.planned)
        self._follow_selection()
        if self.closed:
            self.status.setText("This family's case is closed: the visit can be read, not changed.")
            self.status.setStyleSheet(FINAL_STYLE)
        elif v is None:
            self.status.setText(
                "A planned visit goes in your diary and on Today. Record it once it has happened."
                if self.plan_only
                else "A visit record can be changed until you finalise it, or until "
                f"{self.final_hours} hours after it was recorded; after that it is final."
            )
            self.status.setStyleSheet(PLANNED_STYLE if self.plan_only else DRAFT_STYLE)
        else:
            self.status.setText(final_sentence(v))
            self.status.setStyleSheet(
                PLANNED_STYLE if v.planned else FINAL_STYLE if v.is_final else DRAFT_STYLE
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

    def follow_up_to_action(self) -> None:
        item = self.follow_list.currentItem()
        if item is None or self.visit is None or self.closed:
            return
        index, action_id, text = item.data(Qt.ItemDataRole.UserRole)
        if index is None or action_id:
            return
        from ui.casework.plan_view import load_plan_screen

        assert self.visit.family_id
        self.to_action_button.setEnabled(False)
        self.runner.run_store(
            load_plan_screen,
            self.profile,
            self.visit.family_id,
            done=lambda screen: self._open_action(screen, index, text),
            error=self._failed,
        )

    def _open_action(self, screen: Any, index: int, text: str) -> None:
        from ui.casework.plan_view import ActionDialog

        if not isValid(self):
            return
        self._follow_selection()
        if not screen.plan.outcomes:
            self.show_banner(
                "The plan has no outcome to put this action under yet. Add a need and an "
                "outcome on the Plan tab first."
            )
            return
        assert self.visit is not None
        dialog = ActionDialog(
            self.runner,
            self.profile,
            screen.plan,
            screen.owners,
            None,
            self,
            follow_up=(self.visit.id, index, text),
        )
        self.action_dialog = dialog
        dialog.saved.connect(lambda _id: self._action_made())
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def _action_made(self) -> None:
        self.plan_changed.emit()
        if self.visit is None:
            return
        self.runner.run_store(visits.load_visit, self.profile, self.visit.id, done=self._reloaded)

    def _reloaded(self, visit: VisitData) -> None:
        if not isValid(self):
            return
        self.visit = visit
        self.final = visit.is_final
        self._fill(visit)
        self._arrange()

    # -- saving -------------------------------------------------------------------------

    def occurred_at(self, problems: dict[str, str]) -> dt.datetime | None:
        try:
            day = self.date.date()
        except ValueError:
            problems["occurred_at"] = "Enter the date as dd/mm/yyyy, for example 07/03/2025."
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
        children = tuple(
            ChildSeen(pid, self.child_seen[pid].isChecked(), self.child_alone[pid].isChecked())
            for pid in self.child_seen
        )
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

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if self.read_only:
            raise ValidationFailed({"": "This record cannot be changed."})
        return visit_writes.save_visit, (self.profile, self.request())

    def result_id(self, result: Any) -> str:
        return str(result.id)

    def save_and_finalise(self) -> None:
        if self.is_saving or self.read_only:
            return
        self._finalise_after_save = True
        self.save()
        if not self.is_saving:
            self._finalise_after_save = False

    def _saved(self, result: Any) -> None:
        if self._finalise_after_save:
            self._finalise_after_save = False
            self.runner.run_store(
                visit_writes.finalise_visit,
                self.profile,
                result.id,
                done=self._finalised,
                error=self._failed_finalise,
            )
            return
        super()._saved(result)

    def _finalised(self, result: VisitData) -> None:
        if not isValid(self):
            return
        self._set_saving(False)
        self.finalised.emit(result.id)
        self.saved.emit(result.id)
        self.accept()

    def _failed_finalise(self, error: HearthError) -> None:
        if not isValid(self):
            return
        # The record was saved; it is the finalising that failed.
        self._set_saving(False)
        self.show_banner(f"The visit was saved but not finalised. {error.message}")

    def _set_saving(self, saving: bool) -> None:
        label = self.save_button.text()
        super()._set_saving(saving)
        self.finalise_button.setEnabled(not saving)
        if not saving:
            self._arrange()
        else:
            self.save_button.setText("Saving…" if label != "Saving…" else label)

    # -- addenda ------------------------------------------------------------------------

    def add_addendum(self) -> None:
        if self.visit is None or not self.final or self.closed:
            return
        dialog = AddendumDialog(self.runner, self.profile, self.visit, self)
        self.addendum_dialog = dialog
        dialog.added.connect(self._addendum_added)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def _addendum_added(self, visit: VisitData) -> None:
        self.visit = visit
        self._fill(visit)
        self._arrange()
        self.saved.emit(visit.id)


class AddendumDialog(FormDialog):
    """A correction or addition to a final visit record; ``added`` carries the visit."""

    added = Signal(object)

    def __init__(
        self, runner: Any, profile: Profile, visit: VisitData, parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, "Add an addendum", parent)
        self.profile = profile
        self.visit = visit
        self.setMinimumWidth(560)
        intro = QLabel(
            f"The record of the {visit.kind_label.lower()} on {visit.when_text} is final, so it "
            "is not changed. An addendum is kept with it, dated and with your name: use it to "
            "correct the record or add to it."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        form = self.new_form()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(120)
        self.add_row(form, "text", "Addendum", self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.save_button.setText("Add addendum")
        self.text.setFocus()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if not self.text.toPlainText().strip():
            raise ValidationFailed({"text": "Write the correction or addition."})
        return visit_writes.add_addendum, (
            self.profile,
            AddendumRequest(self.visit.id, self.text.toPlainText()),
        )

    def _saved(self, result: Any) -> None:
        self.added.emit(result)
        super()._saved(result)

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self.save_button.setText("Add addendum")

    def result_id(self, result: Any) -> str:
        return str(result.id)


def _seen_toggled(seen: bool, alone: QCheckBox) -> None:
    """Seen alone is only possible for a child who was seen."""
    alone.setEnabled(seen)
    if not seen:
        alone.setChecked(False)


def _child_label(child: PersonData) -> str:
    from app.families.personal_details import age_words

    age = age_words(child.date_of_birth)
    return f"{child.full_name} ({age})" if age else child.full_name


# ---------------------------------------------------------------- the tab


def load_visits_screen(
    session: Any, actor: Profile, family_id: str
) -> tuple[tuple[VisitData, ...], int]:
    """One store task: the family's visits, and how many hours a record stays open."""
    return (
        visits.list_visits(session, actor, family_id),
        load_casework_settings(session).visit_final_hours,
    )


def visit_detail_html(v: VisitData) -> str:
    lines = [f"<h3 style='margin:0'>{_esc(v.title)}</h3>"]
    lines.append(f"<p>{_esc(final_sentence(v))}</p>")
    if not v.planned:
        seen = names([n for n in v.seen_names if n])
        lines.append(f"<p><b>Seen:</b> {_esc(seen) or 'no one recorded'}</p>")
        if v.children_seen:
            lines.append(f"<p><b>Children:</b> {_esc(children_text(v))}</p>")
        if v.child_words:
            lines.append(f"<p><b>What the child said:</b><br><i>{_lines(v.child_words)}</i></p>")
    if v.notes:
        lines.append(f"<p><b>Notes:</b><br>{_esc(v.notes).replace(chr(10), '<br>')}</p>")
    if v.follow_ups:
        lines.append(
            "<p><b>Follow-ups:</b></p><ul>"
            + "".join(
                f"<li>{_esc(f.text)}{' <i>(in the plan)</i>' if f.action_id else ''}</li>"
                for f in v.follow_ups
            )
            + "</ul>"
        )
    for a in v.addenda:
        lines.append(
            f"<p style='background:#f6f8fa'><b>Addendum, {a.when_text}, {_esc(a.by)}:</b><br>"
            f"{_esc(a.text)}</p>"
        )
    return "".join(lines)


class VisitsPanel(CaseworkPanel):
    """The Visits tab: planned visits and records, newest first."""

    plan_changed = Signal()

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        from ui.family.family_view import Column, RowsModel, _table

        super().__init__(runner, profile, parent)
        self.rows: tuple[VisitData, ...] = ()
        self.final_hours = 24
        self.is_loaded = False

        self.plan_button = QPushButton("Plan a visit…")
        self.plan_button.setObjectName("planVisit")
        self.plan_button.clicked.connect(self.plan_visit)
        self.record_button = QPushButton("Record a visit…")
        self.record_button.setObjectName("recordVisit")
        self.record_button.clicked.connect(self.record_visit)
        self.open_button = QPushButton("Open…")
        self.open_button.setObjectName("openVisit")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeVisit")
        self.remove_button.setToolTip("Remove a planned visit, or a draft recorded by mistake")
        self.remove_button.clicked.connect(self.remove_selected)
        self.edit_buttons = [self.plan_button, self.record_button, self.remove_button]

        layout = QVBoxLayout(self)
        layout.addLayout(
            toolbar(self.plan_button, self.record_button, self.open_button, self.remove_button)
        )
        layout.addWidget(self.message)
        self.model = RowsModel(
            [
                Column("When (UK time)", lambda v: v.when_text),
                Column("Type", lambda v: v.kind_label),
                Column("Status", status_text),
                Column(
                    "Adults seen",
                    lambda v: ", ".join(
                        n
                        for p, n in zip(v.seen, v.seen_names, strict=False)
                        if n and p not in {c.person_id for c in v.children_seen}
                    ),
                ),
                Column("Children", children_text),
                Column("By", lambda v: v.recorded_by),
            ],
            self,
        )
        self.model.background = lambda v: (
            "#e3f2fd" if v.planned else "#fff4e0" if v.is_draft else None
        )
        self.table = _table(self.model)
        self.table.setObjectName("visitsTable")
        header = self.table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 2)
        self.empty = muted_label(
            "No visits or contacts recorded yet. Use “Record a visit…” after a visit, phone "
            "call or meeting with the family, or “Plan a visit…” to put one in your diary."
        )
        self.empty.setObjectName("visitsEmpty")
        layout.addWidget(self.empty)
        self.detail = QTextBrowser()
        self.detail.setObjectName("visitDetail")
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(self.detail, 3)
        self._selection_changed()

    def clear(self) -> None:
        self.rows = ()
        self.is_loaded = False
        self.model.set_rows([])
        self.detail.clear()

    def reload(self) -> None:
        if self.family_id is None:
            return
        token = self.next_token()
        self.runner.run_store(
            load_visits_screen,
            self.profile,
            self.family_id,
            done=lambda result: self._loaded(token, *result),
            error=self.failed,
        )

    def _loaded(self, token: int, rows: tuple[VisitData, ...], hours: int) -> None:
        if not self.is_current(token):
            return
        self.final_hours = hours
        selected = self.selected()
        self.rows = rows
        self.model.set_rows(list(rows))
        self.table.setVisible(bool(rows))
        self.detail.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if (selected is None or not self.select_visit(selected.id)) and rows:
            self.table.selectRow(0)
        self.is_loaded = True
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> VisitData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_visit(self, visit_id: str) -> bool:
        for row, v in enumerate(self.model.rows):
            if v.id == visit_id:
                self.table.selectRow(row)
                return True
        return False

    def _selection_changed(self) -> None:
        v = self.selected()
        self.detail.setHtml(visit_detail_html(v) if v else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = not self.read_only and self.family_id is not None
        v = self.selected()
        self.plan_button.setEnabled(editable)
        self.record_button.setEnabled(editable)
        self.open_button.setEnabled(v is not None)
        if v is not None and v.planned and not self.read_only:
            self.open_button.setText("Record it…")
        elif v is not None and v.is_draft and not self.read_only:
            self.open_button.setText("Open or finish…")
        else:
            self.open_button.setText("Open…")
        self.remove_button.setEnabled(editable and v is not None and not v.is_final)

    def open_record(self, record_id: str) -> None:
        if self.select_visit(record_id):
            self.open_selected()

    # -- actions -----------------------------------------------------------------------

    def _dialog(self, visit: VisitData | None, plan_only: bool = False) -> None:
        if not isValid(self) or self.family is None or self.dialog_open():
            return
        dialog = VisitDialog(
            self.runner,
            self.profile,
            self.family,
            visit,
            self,
            plan_only=plan_only,
            read_only=self.read_only,
            final_hours=self.final_hours,
        )
        dialog.plan_changed.connect(self.plan_changed.emit)
        self.open_dialog(dialog)

    def plan_visit(self) -> None:
        if not self.read_only:
            self._dialog(None, plan_only=True)

    def record_visit(self) -> None:
        if not self.read_only:
            self._dialog(None)

    def open_selected(self) -> None:
        v = self.selected()
        if v is None:
            return
        # Read it again: a draft may have become final since the list was loaded.
        self.runner.run_store(
            visits.load_visit, self.profile, v.id, done=self._dialog, error=self.failed
        )

    def remove_selected(self) -> None:
        v = self.selected()
        if v is None or self.read_only or v.is_final:
            return
        what = "planned visit" if v.planned else "draft visit record"
        if not self.confirm("Remove visit", f"Remove the {what} of {v.when_text}?"):
            return
        self.runner.run_store(
            visit_writes.remove_visit,
            self.profile,
            v.id,
            done=lambda _r: self.record_saved(),
            error=self.failed,
        )


def _lines(text: str) -> str:
    return _esc(text).replace("\n", "<br>")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
