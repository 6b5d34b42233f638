"""The family view's Plan tab: the plan as a tree (what is going well, then needs,
outcomes and actions), its warnings above it, and the buttons that open the plan's
dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.casework import plan_writes
from app.casework.plan_data import PlanData
from app.screens.plan_screen import PlanScreen, load_plan_screen
from app.store.caseload_store import Profile

from ui.casework.plan_dialogs import ActionDialog, NeedDialog, OutcomeDialog
from ui.casework.plan_history import PlanHistoryDialog
from ui.casework.plan_tree import PlanTree
from ui.casework.plan_words import summary_text, warnings_html
from ui.casework.strength_dialog import StrengthDialog
from ui.casework.tab_pieces import muted_label, toolbar, warning_style
from ui.widgets.fields import hint_style
from ui.widgets.panel import Panel

EMPTY_TEXT = (
    "This family has no plan yet. A plan starts from what is going well for the family: "
    "use “Add what is going well…”. Then the needs, things the assessment found: use "
    "“Add need…”, then add the outcomes the family wants, in their own words, and the "
    "actions: who does what, by when."
)
EMPTY_READ_ONLY = "No plan was recorded for this family."


# ---------------------------------------------------------------- the tab


class PlanView(Panel):
    """The Plan tab."""

    open_visit = Signal(str)  # an action that came from a visit: show that visit
    watches = frozenset({
        "plan_strength", "plan_need", "plan_outcome", "plan_action", "plan_snapshot",
        "meeting", "visit", "person", "agency_involvement",
    })

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(runner, profile, parent)
        self.data: PlanScreen | None = None
        self.is_loaded = False

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.message)
        self.warnings = self._build_warnings()
        layout.addWidget(self.warnings)
        self.summary = muted_label()
        self.summary.setObjectName("planSummary")
        layout.addWidget(self.summary)
        self.tree = PlanTree()
        self.tree.setObjectName("planTree")
        self.tree.setAccessibleName("The family plan")
        self.tree.itemSelectionChanged.connect(self.update_buttons)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.edit_selected())
        self.tree.itemActivated.connect(lambda _item, _col: self.edit_selected())
        layout.addWidget(self.tree, 1)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("planEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(hint_style() + " padding: 12px;")
        self.empty.hide()
        layout.addWidget(self.empty)
        layout.addStretch(0)
        self.update_buttons()

    # -- building --------------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        """Add what is going well, a need, outcome or action; edit or remove one; the
        plan's history."""
        self.add_strength_button = QPushButton("Add &what is going well…")
        self.add_strength_button.setObjectName("addStrength")
        self.add_strength_button.setToolTip(
            "The family's strengths: the printed plan opens with them"
        )
        self.add_strength_button.clicked.connect(self.add_strength)
        self.add_need_button = QPushButton("Add &need…")
        self.add_need_button.setObjectName("addNeed")
        self.add_need_button.clicked.connect(self.add_need)
        self.add_outcome_button = QPushButton("Add o&utcome…")
        self.add_outcome_button.setObjectName("addOutcome")
        self.add_outcome_button.clicked.connect(self.add_outcome)
        self.add_action_button = QPushButton("&Add action…")
        self.add_action_button.setObjectName("addAction")
        self.add_action_button.clicked.connect(self.add_action)
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setObjectName("editPlanItem")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setObjectName("removePlanItem")
        self.remove_button.clicked.connect(self.remove_selected)
        self.history_button = QPushButton("Plan history…")
        self.history_button.setObjectName("planHistory")
        self.history_button.setToolTip("What the plan said at each review")
        self.history_button.clicked.connect(self.show_history)
        self.edit_buttons = [
            self.add_strength_button,
            self.add_need_button,
            self.add_outcome_button,
            self.add_action_button,
            self.edit_button,
            self.remove_button,
        ]
        bar = toolbar(*self.edit_buttons)
        bar.addWidget(self.history_button)
        return bar

    @staticmethod
    def _build_warnings() -> QLabel:
        """The plan's warnings (hidden while there are none)."""
        warnings = QLabel()
        warnings.setObjectName("planWarnings")
        warnings.setWordWrap(True)
        warnings.setTextFormat(Qt.TextFormat.RichText)
        warnings.setStyleSheet(warning_style())
        warnings.hide()
        return warnings

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
        self.load(
            load_plan_screen,
            self.profile,
            self.family_id,
            done=self._loaded,
            error=self.failed,
        )

    def _loaded(self, screen: PlanScreen) -> None:
        selected = self.tree.selected()
        selected_id = selected[1].id if selected else None
        self.data = screen
        plan = screen.plan
        shown = not plan.is_empty or bool(plan.strengths)
        self.tree.show_plan(plan, invite_strengths=not self.read_only)
        self.tree.setVisible(shown)
        self.empty.setVisible(not shown)
        self.empty.setText(EMPTY_READ_ONLY if self.read_only else EMPTY_TEXT)
        self._show_warnings(plan)
        self._show_summary(plan)
        if selected_id:
            self.tree.select(selected_id)
        self.is_loaded = True
        self.update_buttons()
        self.loaded.emit()

    def _show_warnings(self, plan: PlanData) -> None:
        html = warnings_html(plan)
        self.warnings.setText(html)
        self.warnings.setVisible(bool(html))

    def _show_summary(self, plan: PlanData) -> None:
        text = summary_text(plan)
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    @property
    def plan(self) -> PlanData | None:
        return self.data.plan if self.data else None

    # -- selection --------------------------------------------------------------------

    def update_buttons(self) -> None:
        editable = not self.read_only and self.data is not None
        selected = self.tree.selected()
        plan = self.plan
        has_need = bool(plan and plan.needs)
        has_outcome = bool(plan and plan.outcomes)
        self.add_strength_button.setEnabled(editable)
        self.add_need_button.setEnabled(editable)
        self.add_outcome_button.setEnabled(editable and has_need)
        self.add_action_button.setEnabled(editable and has_outcome)
        self.edit_button.setEnabled(editable and selected is not None)
        self.remove_button.setEnabled(editable and selected is not None)
        self.history_button.setEnabled(bool(self.data and self.data.snapshots))
        self.history_button.setText(
            f"Plan histo&ry ({len(self.data.snapshots)})…"
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
        if kind != "action":
            return None
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

    def add_strength(self) -> None:
        if not self._can_edit():
            return
        assert self.family_id is not None
        self.open_dialog(StrengthDialog(self.runner, self.profile, self.family_id, None, self))

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
        if kind == "strength":
            self.open_dialog(
                StrengthDialog(self.runner, self.profile, self.family_id, data, self)
            )
        elif kind == "need":
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
        if kind == "strength":
            words = data.text if len(data.text) <= 120 else data.text[:117].rstrip() + "…"
            question = f"Remove “{words}” from what is going well?"
            service: Callable[..., Any] = plan_writes.remove_strength
        elif kind == "need":
            count = sum(len(o.actions) for o in data.outcomes)
            question = (
                f"Remove the need “{data.text}” from the plan, with its "
                f"{len(data.outcomes)} outcome(s) and {count} action(s)?"
            )
            service = plan_writes.remove_need
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
            service, self.profile, data.id, done=lambda _r: self.dialog_saved(""), error=self.failed
        )

    def show_history(self) -> None:
        if self.data is None or not self.data.snapshots or self.dialog_open():
            return
        dialog = PlanHistoryDialog(self.runner, self.profile, self.data.snapshots, self)
        self.open_dialog(dialog)

