"""The visit dialog: which mode it is in (plan, record, change, read), saving and
finalising, addenda, and turning a follow-up into a plan action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from shiboken6 import isValid

from app.casework import visit_writes, visits
from app.casework.visit_data import VisitData
from app.errors import HearthError, ValidationFailed
from app.families.households import FamilyDetail
from app.screens.plan_screen import load_plan_screen
from app.store.caseload_store import Profile

from ui.casework.addendum_dialog import AddendumDialog
from ui.casework.plan_dialogs import ActionDialog
from ui.casework.visit_form import VisitForm
from ui.casework.visit_words import draft_style, final_sentence, final_style, planned_style


class VisitDialog(VisitForm):
    """Plan, record, change, finalise or read a visit; ``saved`` carries its id.

    ``mode``: ``plan`` (a new diary entry), ``record`` (a new record, or
    ``visit`` a planned one to record), ``edit`` (a draft or a planned visit),
    or ``view`` (final, or the family is closed: read-only)."""

    finalised = Signal(str)

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
        super().__init__(
            runner,
            profile,
            family,
            visit,
            parent,
            plan_only=plan_only,
            read_only=read_only,
            final_hours=final_hours,
        )
        self.to_action_button.clicked.connect(self.follow_up_to_action)
        self.addendum_button.clicked.connect(self.add_addendum)
        self.finalise_button.clicked.connect(self.save_and_finalise)

        if visit is not None:
            self._fill(visit)
        self._arrange()
        if not self.read_only:
            family_id = family.family.id
            what = "plan" if plan_only else "new"
            self.keep_drafts(
                f"visit:{visit.id}" if visit else f"visit:{what}:{family_id}", family_id
            )

    # -- drafts -------------------------------------------------------------------------

    def draft_fields(self) -> dict[str, Any]:
        """The named inputs, and the follow-ups typed but not yet saved."""
        fields = super().draft_fields()
        fields["new_follow_ups"] = [
            self.follow_list.item(i).text()
            for i in range(self.follow_list.count())
            if self.follow_list.item(i).data(Qt.ItemDataRole.UserRole)[0] is None
        ]
        return fields

    def restore_draft(self, fields: dict[str, Any]) -> None:
        super().restore_draft(fields)
        typed = fields.get("new_follow_ups")
        for text in typed if isinstance(typed, list) else []:
            self._add_follow_item(str(text), None, None)

    # -- arranging ----------------------------------------------------------------------

    def _arrange(self) -> None:
        v = self.visit
        for name in ("seen", "children_seen", "child_words", "follow_ups"):
            self.set_row_visible(name, not self.plan_only)
        if not self.child_people and not (v and v.child_words):
            self.set_row_visible("child_words", False)  # no child born yet to speak
        self.notes.setPlaceholderText(
            "What the visit is for."
            if self.plan_only
            else "What happened, what you saw, what was agreed."
        )
        self.required_note.setVisible(not self.read_only)
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
                *self.child_rows.boxes(),
            ):
                box.setEnabled(False)
            self.add_follow_button.hide()
            self.remove_follow_button.hide()
            self.save_button.hide()
            self.finalise_button.hide()
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setText("&Close")
        elif self.plan_only:
            self.save_button.setText("&Save plan")
            self.finalise_button.hide()
        elif v is not None and v.planned:
            self.save_button.setText("&Record visit")
            self.finalise_button.setText("Record and &finalise")
        else:
            self.save_button.setText("&Save draft" if v is not None else "&Save visit")
        self.to_action_button.setVisible(not self.plan_only and v is not None and not v.planned)
        self._follow_selection()
        if self.closed:
            self.status.setText("This family's case is closed: the visit can be read, not changed.")
            self.status.setStyleSheet(final_style())
        elif v is None:
            self.status.setText(
                "A planned visit goes in your diary and on Today. Record it once it has happened."
                if self.plan_only
                else "A visit record can be changed until you finalise it, or until "
                f"{self.final_hours} hours after it was recorded; after that it is final."
            )
            self.status.setStyleSheet(planned_style() if self.plan_only else draft_style())
        else:
            self.status.setText(final_sentence(v))
            self.status.setStyleSheet(
                planned_style() if v.planned else final_style() if v.is_final else draft_style()
            )

    # -- follow-ups into the plan ------------------------------------------------------

    def follow_up_to_action(self) -> None:
        item = self.follow_list.currentItem()
        if item is None or self.visit is None or self.closed:
            return
        index, action_id, text = item.data(Qt.ItemDataRole.UserRole)
        if index is None or action_id:
            return
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
