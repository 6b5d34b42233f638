"""Recording a supervision of the family's case (a team lead's management oversight):
what was discussed and decided, up to four actions with owners and dates, and when the
next supervision is due. What is typed is kept as a draft."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.casework.supervision import OversightAction, SupervisionRequest, record_supervision
from app.dates import today
from app.errors import ValidationFailed
from app.families.households import FamilyDetail
from app.store.caseload_store import Profile

from ui.widgets.fields import DateField, hint_style, long_text
from ui.widgets.form_dialog import FormDialog
from ui.widgets.scrolling import vertical_scroll, whole_form_height
from ui.widgets.window_memory import fit_to_screen

ACTION_ROWS = 4


class SupervisionDialog(FormDialog):
    """``saved`` carries the new supervision's id."""

    def __init__(
        self, runner: Any, profile: Profile, family: FamilyDetail, parent: QWidget | None = None
    ) -> None:
        name = family.family.family_name
        super().__init__(runner, f"Supervision of the {name} family's case", parent)
        self.profile = profile
        self.family = family
        self.setMinimumWidth(720)
        intro = QLabel(
            "Management oversight: what you and the worker discussed, what you decided, and "
            "who does what by when. It goes into the family's chronology."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        self.held_on = DateField(today())
        self.add_row(form, "held_on", "Date", self.held_on)
        self.discussion = long_text(90, "What was discussed: progress, risks, the child's view.")
        self.add_row(form, "discussion", "Discussion", self.discussion)
        self.decisions = long_text(70, "What was decided.")
        self.add_row(form, "decisions", "Decisions", self.decisions)
        self.add_row(form, "actions", "Actions", self._build_actions())
        self.next_due_on = DateField(None)
        self.add_row(form, "next_due_on", "Next supervision due", self.next_due_on)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        scroll = vertical_scroll(form, "supervisionForm")  # scrolls with large text, laptop
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.save_button.setText("Record supervision")
        fit_to_screen(self, self.sizeHint().width(), whole_form_height(self, scroll))
        self.discussion.setFocus()
        self.keep_drafts(f"supervision:new:{family.family.id}", family.family.id)

    def _build_actions(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, title in enumerate(("What", "Who", "By (dd/mm/yyyy)")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.action_rows: list[tuple[QLineEdit, QLineEdit, DateField]] = []
        for row in range(1, ACTION_ROWS + 1):
            what, who, due = QLineEdit(), QLineEdit(), DateField(None)
            for widget, kind in ((what, "text"), (who, "owner"), (due, "due")):
                widget.setObjectName(f"action_{row}_{kind}")
                widget.setAccessibleName(f"Action {row}: {kind}")
            grid.addWidget(what, row, 0)
            grid.addWidget(who, row, 1)
            grid.addWidget(due, row, 2)
            self.action_rows.append((what, who, due))
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        return box

    def _actions(self, problems: dict[str, str]) -> tuple[OversightAction, ...]:
        actions = []
        for number, (what, who, due) in enumerate(self.action_rows, start=1):
            if not (what.text().strip() or who.text().strip() or due.text().strip()):
                continue
            try:
                due_on = due.date()
            except ValueError:
                problems["actions"] = f"Action {number}: enter its date as dd/mm/yyyy."
                due_on = None
            actions.append(OversightAction(what.text(), who.text(), due_on))
        return tuple(actions)

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        held_on = self.read_date("held_on", problems)
        next_due = self.read_date("next_due_on", problems)
        actions = self._actions(problems)
        if held_on is None and "held_on" not in problems:
            problems["held_on"] = "Enter the date of the supervision."
        if problems:
            raise ValidationFailed(problems)
        assert held_on is not None and self.family.family.id is not None
        request = SupervisionRequest(
            self.family.family.id, held_on, self.discussion.toPlainText(),
            self.decisions.toPlainText(), actions, next_due,
        )
        return record_supervision, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)
