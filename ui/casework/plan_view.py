"""The family plan: needs -> outcomes -> SMART actions, its warnings and its history.

- :class:`PlanView` (the family view's Plan tab) shows the plan as a tree: each
  need (with the assessment that found it), the outcomes the family wants, and
  under each outcome the actions: who does what by when, how it is going.
  Warnings are shown plainly above it: every action in one domain, an action
  with no owner, an action with no date. Overdue actions are marked in red.
- :class:`NeedDialog`, :class:`OutcomeDialog` and :class:`ActionDialog` add
  and edit the parts; :class:`ActionDialog` also turns a visit's follow-up
  into an action.
- :class:`PlanHistoryDialog` shows what the plan said at each review.

Everything is read and saved through :mod:`app.casework.plans` on the store's thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.casework import assessments, plan_history, plan_writes, plans
from app.casework.plan_data import (
    ACTION_STATUSES,
    DOMAINS,
    ActionData,
    ActionRequest,
    FollowUpToAction,
    NeedData,
    NeedRequest,
    OutcomeData,
    OutcomeRequest,
    OwnerChoice,
    PlanData,
    SnapshotData,
    SnapshotSummary,
)
from app.casework.visit_data import uk_local
from app.dates import uk
from app.errors import HearthError, ValidationFailed
from app.store.caseload_store import Profile

from ui.casework.casework_tabs import (
    OVERDUE_COLOUR,
    WARNING_STYLE,
    CaseworkPanel,
    muted_label,
    toolbar,
)
from ui.widgets.fields import HINT_STYLE, ChoiceCombo, DateField, FormDialog

NO_OWNER = ""
OTHER_AGENCY = "other"
STATUS_COLOURS = {
    "achieved": "#1b5e20",
    "not_achieved": "#8a1c1c",
    "no_longer_needed": "#666666",
}
WARN_BACKGROUND = "#fff4e0"
NEED_BACKGROUND = "#eef2f7"

EMPTY_TEXT = (
    "This family has no plan yet. A plan starts from a need: something the assessment "
    "found. Use “Add need…”, then add the outcomes the family wants, in their own "
    "words, and the actions: who does what, by when."
)
EMPTY_READ_ONLY = "No plan was recorded for this family."

COLUMNS = ("Need, outcome or action", "Who", "By when", "Status", "Progress")


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class PlanScreen:
    """What the Plan tab shows: the plan, who can own an action, the assessments
    a need can be linked to, and the plan's history."""

    plan: PlanData
    owners: tuple[OwnerChoice, ...]
    assessments: tuple[tuple[str, str], ...]  # (id, "EHAT completed 03/04/2025")
    snapshots: tuple[SnapshotSummary, ...]


def load_plan_screen(session: Any, actor: Profile, family_id: str) -> PlanScreen:
    """One store task: the plan and what its dialogs offer."""
    plan = plans.load_plan(session, actor, family_id)
    owners = plans.owner_choices(session, actor, family_id)
    found = assessments.list_assessments(session, actor, family_id)
    linked = tuple(
        (a.id, f"{a.title} ({_when_completed(a.completed_at)})") for a in found if not a.superseded
    )
    return PlanScreen(plan, owners, linked, plan_history.list_snapshots(session, actor, family_id))


# ---------------------------------------------------------------- words


def _when_completed(instant: dt.datetime | None) -> str:
    return f"completed {uk(uk_local(instant).date())}" if instant else "draft"


def owner_text(action: ActionData) -> str:
    return action.owner_name or "⚠ No owner yet"


def due_text(action: ActionData, day: dt.date) -> str:
    if action.due_on is None:
        return "⚠ No date yet"
    if action.overdue_on(day):
        late = (day - action.due_on).days
        return f"{uk(action.due_on)}, {late} day{'s' if late != 1 else ''} overdue"
    return uk(action.due_on)


def need_title(need: NeedData) -> str:
    domain = f" — {need.domain_label}" if need.domain else ""
    return f"Need: {need.text}{domain}"


# ---------------------------------------------------------------- the tree


class PlanTree(QTreeWidget):
    """The plan as a tree (the live plan and any version from its history)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setAlternatingRowColors(False)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(18)
        self.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(lambda *_: self.doItemsLayout())
        self._fit_columns()
        self.items: dict[str, QTreeWidgetItem] = {}

    def _fit_columns(self) -> None:
        """Who, by when, status and progress take a share of the width; the text the rest."""
        width = max(self.viewport().width(), 700)
        for col, share, least in ((1, 0.17, 150), (2, 0.18, 170), (3, 0.09, 100), (4, 0.18, 150)):
            self.header().resizeSection(col, max(int(width * share), least))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_columns()

    def show_plan(self, plan: PlanData) -> None:
        self.clear()
        self.items = {}
        day = plan.as_of
        bold = QFont(self.font())
        bold.setBold(True)
        for need in plan.needs:
            need_item = QTreeWidgetItem([need_title(need), "", "", "", ""])
            need_item.setData(0, Qt.ItemDataRole.UserRole, ("need", need))
            need_item.setFont(0, bold)
            for col in range(len(COLUMNS)):
                need_item.setBackground(col, QBrush(QColor(NEED_BACKGROUND)))
            tip = need.text
            if need.assessment_title:
                tip += f"\nFound by: {need.assessment_title}"
                need_item.setText(1, f"From: {need.assessment_title}")
            need_item.setToolTip(0, tip)
            self.addTopLevelItem(need_item)
            if not need.assessment_title:
                need_item.setFirstColumnSpanned(True)
            self.items[need.id] = need_item
            for outcome in need.outcomes:
                outcome_item = QTreeWidgetItem(
                    need_item, [f"Outcome: “{outcome.text}”", "", "", "", ""]
                )
                outcome_item.setData(0, Qt.ItemDataRole.UserRole, ("outcome", outcome))
                italic = QFont(self.font())
                italic.setItalic(True)
                outcome_item.setFont(0, italic)
                outcome_item.setToolTip(0, outcome.text)
                outcome_item.setFirstColumnSpanned(True)
                self.items[outcome.id] = outcome_item
                if not outcome.actions:
                    empty = QTreeWidgetItem(outcome_item, ["No actions yet", "", "", "", ""])
                    empty.setForeground(0, QBrush(QColor("#666666")))
                    empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for action in outcome.actions:
                    self._add_action(outcome_item, action, day)
        self.expandAll()

    def _add_action(self, parent: QTreeWidgetItem, action: ActionData, day: dt.date) -> None:
        domain = f" [{action.domain_label}]" if action.domain else ""
        item = QTreeWidgetItem(
            parent,
            [
                f"{action.text}{domain}",
                owner_text(action),
                due_text(action, day),
                action.status_label,
                action.progress_note,
            ],
        )
        item.setData(0, Qt.ItemDataRole.UserRole, ("action", action))
        item.setToolTip(0, action.text)
        item.setToolTip(4, action.progress_note)
        if not action.owner_name and action.status != "no_longer_needed":
            item.setBackground(1, QBrush(QColor(WARN_BACKGROUND)))
        if action.due_on is None and action.status != "no_longer_needed":
            item.setBackground(2, QBrush(QColor(WARN_BACKGROUND)))
        if action.overdue_on(day):
            item.setForeground(2, QBrush(QColor(OVERDUE_COLOUR)))
        colour = STATUS_COLOURS.get(action.status)
        if colour:
            item.setForeground(3, QBrush(QColor(colour)))
        self.items[action.id] = item

    def selected(self) -> tuple[str, Any] | None:
        items = self.selectedItems()
        if not items:
            return None
        data = items[0].data(0, Qt.ItemDataRole.UserRole)
        return data if isinstance(data, tuple) else None

    def select(self, record_id: str) -> bool:
        item = self.items.get(record_id)
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True


# ---------------------------------------------------------------- the tab


class PlanView(CaseworkPanel):
    """The Plan tab."""

    open_visit = Signal(str)  # an action that came from a visit: show that visit

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(runner, profile, parent)
        self.data: PlanScreen | None = None
        self.is_loaded = False

        self.add_need_button = QPushButton("Add need…")
        self.add_need_button.setObjectName("addNeed")
        self.add_need_button.clicked.connect(self.add_need)
        self.add_outcome_button = QPushButton("Add outcome…")
        self.add_outcome_button.setObjectName("addOutcome")
        self.add_outcome_button.clicked.connect(self.add_outcome)
        self.add_action_button = QPushButton("Add action…")
        self.add_action_button.setObjectName("addAction")
        self.add_action_button.clicked.connect(self.add_action)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editPlanItem")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removePlanItem")
        self.remove_button.clicked.connect(self.remove_selected)
        self.history_button = QPushButton("Plan history…")
        self.history_button.setObjectName("planHistory")
        self.history_button.setToolTip("What the plan said at each review")
        self.history_button.clicked.connect(self.show_history)
        self.edit_buttons = [
            self.add_need_button,
            self.add_outcome_button,
            self.add_action_button,
            self.edit_button,
            self.remove_button,
        ]

        layout = QVBoxLayout(self)
        bar = toolbar(*self.edit_buttons)
        bar.addWidget(self.history_button)
        layout.addLayout(bar)
        layout.addWidget(self.message)

        self.warnings = QLabel()
        self.warnings.setObjectName("planWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.hide()
        layout.addWidget(self.warnings)

        self.summary = muted_label()
        self.summary.setObjectName("planSummary")
        layout.addWidget(self.summary)

        self.tree = PlanTree()
        self.tree.setObjectName("planTree")
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.edit_selected())
        self.tree.itemActivated.connect(lambda _item, _col: self.edit_selected())
        layout.addWidget(self.tree, 1)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("planEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(HINT_STYLE + " padding: 12px;")
        self.empty.hide()
        layout.addWidget(self.empty)
        layout.addStretch(0)
        self._update_buttons()

    # -- loading ---------------------------------------------------------------------

    def clear(self) -> None:
        self.data = None
        self.is_loaded = False
        self.tree.clear()
        self.warnings.hide()
        self.summary.setText("Loading…")

    def reload(self) -> None:
        if self.family_id is None:
            return
        token = self.next_token()
        self.runner.run_store(
            load_plan_screen,
            self.profile,
            self.family_id,
            done=lambda screen: self._loaded(token, screen),
            error=self.failed,
        )

    def _loaded(self, token: int, screen: PlanScreen) -> None:
        if not self.is_current(token):
            return
        selected = self.tree.selected()
        selected_id = selected[1].id if selected else None
        self.data = screen
        plan = screen.plan
        self.tree.show_plan(plan)
        self.tree.setVisible(not plan.is_empty)
        self.empty.setVisible(plan.is_empty)
        self.empty.setText(EMPTY_READ_ONLY if self.read_only else EMPTY_TEXT)
        self._show_warnings(plan)
        self._show_summary(plan)
        if selected_id:
            self.tree.select(selected_id)
        self.is_loaded = True
        self._update_buttons()
        self.loaded.emit()

    def _show_warnings(self, plan: PlanData) -> None:
        if not plan.warnings:
            self.warnings.hide()
            return
        lines = []
        single = [w for w in plan.warnings if w.kind == "single_domain"]
        no_owner = [w for w in plan.warnings if w.kind == "no_owner"]
        no_date = [w for w in plan.warnings if w.kind == "no_due_date"]
        for w in single:
            lines.append(_esc(w.message))
        if no_owner:
            count = len(no_owner)
            lines.append(
                f"{count} action{' has' if count == 1 else 's have'} no owner: "
                "say who will do it (a family member or an agency)."
            )
        if no_date:
            count = len(no_date)
            lines.append(
                f"{count} action{' has' if count == 1 else 's have'} no due date: "
                "say by when it will be done."
            )
        self.warnings.setText(
            "<b>Check the plan</b><ul style='margin: 2px 0 0 -20px;'>"
            + "".join(f"<li>{line}</li>" for line in lines)
            + "</ul>"
        )
        self.warnings.show()

    def _show_summary(self, plan: PlanData) -> None:
        if plan.is_empty:
            self.summary.setText("")
            self.summary.hide()
            return
        actions = plan.actions
        achieved = sum(1 for a in actions if a.status == "achieved")
        overdue = len(plan.overdue_actions())
        parts = [
            f"{len(plan.needs)} need{'s' if len(plan.needs) != 1 else ''}",
            f"{len(plan.outcomes)} outcome{'s' if len(plan.outcomes) != 1 else ''}",
            f"{len(actions)} action{'s' if len(actions) != 1 else ''} ({achieved} achieved"
            + (f", {overdue} overdue" if overdue else "")
            + ")",
        ]
        review = (
            f"Next review: {uk(plan.next_review)}" if plan.next_review else "No review date set yet"
        )
        self.summary.setText(" · ".join(parts) + ".   " + review + ".")
        self.summary.show()

    @property
    def plan(self) -> PlanData | None:
        return self.data.plan if self.data else None

    # -- selection --------------------------------------------------------------------

    def _update_buttons(self) -> None:
        editable = not self.read_only and self.data is not None
        selected = self.tree.selected()
        plan = self.plan
        has_need = bool(plan and plan.needs)
        has_outcome = bool(plan and plan.outcomes)
        self.add_need_button.setEnabled(editable)
        self.add_outcome_button.setEnabled(editable and has_need)
        self.add_action_button.setEnabled(editable and has_outcome)
        self.edit_button.setEnabled(editable and selected is not None)
        self.remove_button.setEnabled(editable and selected is not None)
        self.history_button.setEnabled(bool(self.data and self.data.snapshots))
        self.history_button.setText(
            f"Plan history ({len(self.data.snapshots)})…"
            if self.data and self.data.snapshots
            else "Plan history…"
        )

    def open_record(self, record_id: str) -> None:
        self.tree.select(record_id)
        self.tree.setFocus()

    def _need_of_selection(self) -> str | None:
        selected = self.tree.selected()
        if selected is None or self.plan is None:
            return None
        kind, data = selected
        if kind == "need":
            return str(data.id)
        if kind == "outcome":
            return str(data.need_id)
        outcome = next((o for o in self.plan.outcomes if o.id == data.outcome_id), None)
        return outcome.need_id if outcome else None

    def _outcome_of_selection(self) -> str | None:
        selected = self.tree.selected()
        if selected is None:
            return None
        kind, data = selected
        if kind == "outcome":
            return str(data.id)
        if kind == "action":
            return str(data.outcome_id)
        if kind == "need" and data.outcomes:
            return str(data.outcomes[0].id)
        return None

    # -- editing ---------------------------------------------------------------------

    def _can_edit(self) -> bool:
        return (
            not self.read_only
            and self.data is not None
            and self.family_id is not None
            and not self.dialog_open()
        )

    def add_need(self) -> None:
        if not self._can_edit():
            return
        assert self.data is not None and self.family_id is not None
        self.open_dialog(
            NeedDialog(
                self.runner, self.profile, self.family_id, self.data.assessments, None, self
            )
        )

    def add_outcome(self) -> None:
        if not self._can_edit() or self.plan is None or not self.plan.needs:
            return
        self.open_dialog(
            OutcomeDialog(
                self.runner,
                self.profile,
                self.plan.needs,
                None,
                self,
                need_id=self._need_of_selection(),
            )
        )

    def add_action(self) -> None:
        if not self._can_edit() or self.plan is None or not self.plan.outcomes:
            return
        assert self.data is not None
        self.open_dialog(
            ActionDialog(
                self.runner,
                self.profile,
                self.plan,
                self.data.owners,
                None,
                self,
                outcome_id=self._outcome_of_selection(),
            )
        )

    def edit_selected(self) -> None:
        selected = self.tree.selected()
        if selected is None or self.plan is None:
            return
        kind, data = selected
        if self.read_only:
            if kind == "action" and data.from_visit_id:
                self.open_visit.emit(data.from_visit_id)
            return
        if not self._can_edit():
            return
        assert self.data is not None and self.family_id is not None
        if kind == "need":
            self.open_dialog(
                NeedDialog(
                    self.runner, self.profile, self.family_id, self.data.assessments, data, self
                )
            )
        elif kind == "outcome":
            self.open_dialog(OutcomeDialog(self.runner, self.profile, self.plan.needs, data, self))
        else:
            self.open_dialog(
                ActionDialog(self.runner, self.profile, self.plan, self.data.owners, data, self)
            )

    def remove_selected(self) -> None:
        selected = self.tree.selected()
        if selected is None or not self._can_edit():
            return
        kind, data = selected
        if kind == "need":
            count = sum(len(o.actions) for o in data.outcomes)
            question = (
                f"Remove the need “{data.text}” from the plan, with its "
                f"{len(data.outcomes)} outcome(s) and {count} action(s)?"
            )
            service: Callable[..., Any] = plan_writes.remove_need
        elif kind == "outcome":
            question = (
                f"Remove the outcome “{data.text}” from the plan, with its "
                f"{len(data.actions)} action(s)?"
            )
            service = plan_writes.remove_outcome
        else:
            question = f"Remove the action “{data.text}” from the plan?"
            service = plan_writes.remove_action
        question += "\n\nWhat the plan said at earlier reviews is kept in its history."
        if not self.confirm("Remove from the plan", question):
            return
        self.runner.run_store(
            service, self.profile, data.id, done=lambda _r: self.record_saved(), error=self.failed
        )

    def show_history(self) -> None:
        if self.data is None or not self.data.snapshots or self.dialog_open():
            return
        dialog = PlanHistoryDialog(self.runner, self.profile, self.data.snapshots, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()


# ---------------------------------------------------------------- dialogs


def _text_edit(height: int = 70, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    edit.setPlaceholderText(placeholder)
    return edit


class NeedDialog(FormDialog):
    """Add or edit a need; ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_id: str,
        assessment_choices: Sequence[tuple[str, str]],
        need: NeedData | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "Edit need" if need else "Add a need to the plan", parent)
        self.profile = profile
        self.family_id = family_id
        self.need = need
        self.setMinimumWidth(620)

        intro = QLabel(
            "A need is something the assessment found that the plan will work on, in plain words."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        form = self.new_form()
        self.text = _text_edit(
            80, "For example: The youngest child's speech is behind for their age."
        )
        self.add_row(form, "text", "Need", self.text)
        self.domain = ChoiceCombo(DOMAINS, blank="Choose the area of family life…")
        self.add_row(
            form,
            "domain",
            "Area",
            self.domain,
            "Actions under this need take this area unless you choose another.",
        )
        self.assessment = ChoiceCombo(dict(assessment_choices), blank="Not linked to an assessment")
        _fit_combo(self.assessment)
        self.add_row(form, "assessment_id", "Found by", self.assessment)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if need is not None:
            self.text.setPlainText(need.text)
            self.domain.set_code(need.domain)
            if need.assessment_id:
                self.assessment.set_code(need.assessment_id)
        self.text.setFocus()

    def request(self) -> NeedRequest:
        return NeedRequest(
            family_id=self.family_id,
            text=self.text.toPlainText(),
            domain=self.domain.code(),
            assessment_id=self.assessment.code() or None,
            id=self.need.id if self.need else None,
        )

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if not self.text.toPlainText().strip():
            raise ValidationFailed({"text": "Say what the need is."})
        return plan_writes.save_need, (self.profile, self.request())

    def result_id(self, result: Any) -> str:
        return str(result.id)


class OutcomeDialog(FormDialog):
    """Add or edit an outcome (in the family's words); ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        needs: Sequence[NeedData],
        outcome: OutcomeData | None,
        parent: QWidget | None = None,
        *,
        need_id: str | None = None,
    ) -> None:
        super().__init__(runner, "Edit outcome" if outcome else "Add an outcome", parent)
        self.profile = profile
        self.outcome = outcome
        self.setMinimumWidth(620)
        intro = QLabel(
            "What the family wants to be different, in their own words. Write it as they said it."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        form = self.new_form()
        self.need = ChoiceCombo({n.id: _short(n.text, 90) for n in needs})
        _fit_combo(self.need)
        self.add_row(form, "need_id", "For the need", self.need)
        self.text = _text_edit(80, "For example: “We want her to be ready for nursery.”")
        self.add_row(form, "text", "Outcome", self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if outcome is not None:
            self.need.set_code(outcome.need_id)
            self.text.setPlainText(outcome.text)
        elif need_id:
            self.need.set_code(need_id)
        self.text.setFocus()

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if not self.text.toPlainText().strip():
            raise ValidationFailed({"text": "Write the outcome the family wants, in their words."})
        request = OutcomeRequest(
            need_id=self.need.code(),
            text=self.text.toPlainText(),
            id=self.outcome.id if self.outcome else None,
        )
        return plan_writes.save_outcome, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)


def owner_code(kind: str, owner_id: str | None) -> str:
    return f"{kind}:{owner_id}" if kind and owner_id else ""


class ActionDialog(FormDialog):
    """Add or edit a SMART action, or turn a visit's follow-up into one
    (``follow_up=(visit_id, index, text)``); ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        plan: PlanData,
        owners: Sequence[OwnerChoice],
        action: ActionData | None,
        parent: QWidget | None = None,
        *,
        outcome_id: str | None = None,
        follow_up: tuple[str, int, str] | None = None,
    ) -> None:
        title = "Edit action" if action else "Add an action"
        if follow_up is not None:
            title = "Make the follow-up a plan action"
        super().__init__(runner, title, parent)
        self.profile = profile
        self.plan = plan
        self.action = action
        self.follow_up = follow_up
        self.setMinimumWidth(700)

        intro = QLabel(
            "A SMART action: specific and measurable (what exactly will be done), achievable, "
            "relevant to the outcome, and timely (by when)."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        form = self.new_form()
        outcomes = {
            o.id: _short(f"{o.text}  (need: {n.text})", 110) for n in plan.needs for o in n.outcomes
        }
        self.outcome = ChoiceCombo(outcomes)
        _fit_combo(self.outcome)
        self.add_row(form, "outcome_id", "Outcome", self.outcome)
        self.text = _text_edit(70, "For example: Book a speech and language assessment.")
        self.add_row(form, "text", "What will be done", self.text)

        owner_items: dict[str, str] = {}
        people = [o for o in owners if o.kind == "person"]
        agencies = [o for o in owners if o.kind == "agency"]
        for o in people:
            owner_items[owner_code(o.kind, o.id)] = f"{o.name} (family)"
        for o in agencies:
            owner_items[owner_code(o.kind, o.id)] = o.name
        owner_items[OTHER_AGENCY] = "Another agency or person (type the name)…"
        self.owner = ChoiceCombo(owner_items, blank="No owner yet")
        _fit_combo(self.owner)
        self.add_row(form, "owner", "Who will do it", self.owner)
        self.owner_name = QLineEdit()
        self.owner_name.setPlaceholderText("For example: Speech and language therapy (Sam Example)")
        self.add_row(form, "owner_name", "Name", self.owner_name)
        self.due_on = DateField()
        self.add_row(form, "due_on", "By when", self.due_on)
        self.domain = ChoiceCombo(DOMAINS, blank="The need's area")
        self.add_row(form, "domain", "Area", self.domain)
        self.status = ChoiceCombo(ACTION_STATUSES)
        self.add_row(form, "status", "How it is going", self.status)
        self.progress = _text_edit(60, "What has happened so far.")
        self.add_row(form, "progress_note", "Progress", self.progress)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        if action is not None:
            self.outcome.set_code(action.outcome_id)
            self.text.setPlainText(action.text)
            code = owner_code(action.owner_kind, action.owner_id)
            if code and self.owner.findData(code) >= 0:
                self.owner.set_code(code)
            elif action.owner_name:
                self.owner.set_code(OTHER_AGENCY)
                self.owner_name.setText(action.owner_name)
            self.due_on.set_date(action.due_on)
            self.domain.set_code(action.domain)
            self.status.set_code(action.status)
            self.progress.setPlainText(action.progress_note)
        elif outcome_id:
            self.outcome.set_code(outcome_id)
        if follow_up is not None:
            self.text.setPlainText(follow_up[2])
            for name in ("status", "progress_note"):
                self.set_row_visible(name, False)
        self.owner.currentIndexChanged.connect(self._owner_changed)
        self._owner_changed()
        self.text.setFocus()

    def _owner_changed(self) -> None:
        self.set_row_visible("owner_name", self.owner.code() == OTHER_AGENCY)

    def _owner(self) -> tuple[str, str | None, str]:
        code = self.owner.code()
        if not code:
            return "", None, ""
        if code == OTHER_AGENCY:
            return "agency", None, self.owner_name.text().strip()
        kind, _, owner_id = code.partition(":")
        return kind, owner_id, ""

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        problems: dict[str, str] = {}
        due_on = self.read_date("due_on", problems)
        if not self.text.toPlainText().strip():
            problems["text"] = "Say what will be done."
        kind, owner_id, name = self._owner()
        if self.owner.code() == OTHER_AGENCY and not name:
            problems["owner_name"] = "Name the agency or person who will do it."
        if problems:
            raise ValidationFailed(problems)
        if self.follow_up is not None:
            visit_id, index, _text = self.follow_up
            return plan_writes.follow_up_to_action, (
                self.profile,
                FollowUpToAction(
                    visit_id=visit_id,
                    follow_up_index=index,
                    outcome_id=self.outcome.code(),
                    owner_kind=kind,
                    owner_id=owner_id,
                    owner_name=name,
                    due_on=due_on,
                    domain=self.domain.code(),
                    text=self.text.toPlainText().strip(),
                ),
            )
        return plan_writes.save_action, (
            self.profile,
            ActionRequest(
                outcome_id=self.outcome.code(),
                text=self.text.toPlainText(),
                owner_kind=kind,
                owner_id=owner_id,
                owner_name=name,
                due_on=due_on,
                domain=self.domain.code(),
                status=self.status.code(),
                progress_note=self.progress.toPlainText(),
                id=self.action.id if self.action else None,
            ),
        )

    def show_problems(self, problems: Any) -> None:
        # The service names the owner problem "owner"; the typed name is where it belongs.
        problems = dict(problems)
        if "owner" in problems and self.owner.code() == OTHER_AGENCY:
            problems["owner_name"] = problems.pop("owner")
        super().show_problems(problems)

    def result_id(self, result: Any) -> str:
        return str(result.id)


# ---------------------------------------------------------------- history


class PlanHistoryDialog(QDialog):
    """What the plan said at each review: pick a version on the left, read it on the right."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        snapshots: Sequence[SnapshotSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.snapshots = list(snapshots)
        self.shown: SnapshotData | None = None
        self._token = 0
        self.setWindowTitle("Plan history")
        self.resize(1240, 660)

        intro = QLabel(
            "The plan as it stood at each review. These versions are kept as they were and "
            "cannot be changed."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        self.versions = QListWidget()
        self.versions.setObjectName("planVersions")
        for s in self.snapshots:
            item = QListWidgetItem(
                f"{uk(s.taken_on)}\n{s.action_count} action{'s' if s.action_count != 1 else ''}"
                f" · by {s.taken_by}"
            )
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.versions.addItem(item)
        self.versions.setMinimumWidth(180)
        self.versions.setMaximumWidth(220)
        self.versions.currentRowChanged.connect(self._version_chosen)
        self.heading = QLabel()
        self.heading.setObjectName("planVersionHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.tree = PlanTree()
        self.tree.setObjectName("planVersionTree")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.tree, 1)
        split = QSplitter()
        split.addWidget(self.versions)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        if self.snapshots:
            self.versions.setCurrentRow(0)

    def _version_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.snapshots):
            return
        self._token += 1
        token = self._token
        self.heading.setText("Loading…")
        self.runner.run_store(
            plan_history.load_snapshot,
            self.profile,
            self.snapshots[row].id,
            done=lambda snap: self._loaded(token, snap),
            error=self._failed,
        )

    def _failed(self, error: HearthError) -> None:
        if isValid(self):
            self.heading.setText(error.message)

    def _loaded(self, token: int, snapshot: SnapshotData) -> None:
        if token != self._token or not isValid(self):
            return
        self.shown = snapshot
        review = snapshot.plan.next_review
        self.heading.setText(
            f"The plan at the review of {uk(snapshot.taken_on)}"
            + (f" — next review then set for {uk(review)}" if review else "")
        )
        self.tree.show_plan(snapshot.plan)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit_combo(combo: QComboBox) -> None:
    """A combo of long texts takes the form's width, not its longest item's."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(30)
    for index in range(combo.count()):
        combo.setItemData(index, combo.itemText(index), Qt.ItemDataRole.ToolTipRole)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
