"""The one form-dialog base of Hearth's dialogs: :class:`FormDialog`.

It saves through the task runner, shows each validation problem next to its field (in a
line kept for it, so nothing moves; the banner above is for problems no field shows),
checks a field with a problem again as it is edited (the message goes once it is right),
stays open until the save succeeds, saves on Enter (Save is the
default button), and guards what was typed: Escape, Cancel or closing the window with
changes asks "Discard…?" with **Keep editing** as the default answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.casework.form_drafts import dropping_draft
from app.errors import HearthError, ValidationFailed

from ui.widgets.discard_guard import GuardsInput
from ui.widgets.fields import (
    DateField,
    FieldRow,
    banner_style,
    date_message,
    grow_to_fit,
    named_row,
)
from ui.widgets.first_focus import focus_first_input
from ui.widgets.mnemonics import name_buttons
from ui.widgets.window_memory import keep_on_screen

REQUIRED_NOTE = "Fields marked * need an answer before you save."


class FormDialog(GuardsInput, QDialog):
    """A dialog whose Save runs a store service; problems show next to their fields.

    A subclass adds rows with :meth:`add_row`, and implements :meth:`collect`
    (return the service and its arguments, or raise ValidationFailed for
    problems found before saving, such as a date that is not a date).
    """

    saved = Signal(str)

    def __init__(self, runner: Any, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.setModal(True)
        self.rows: dict[str, FieldRow] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._saving = False
        self.guard_input()

        self.banner = QLabel()
        self.banner.setObjectName("formBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(banner_style())
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()

        # Made in the dialog (a subclass lays it out), so that Save's setDefault tells the
        # dialog: a button box with no parent yet left the dialog without a default of its
        # own, and on show Qt made the first auto-default button after the focus the
        # default, hidden or not (the visit's "Add addendum…" took Enter from Save).
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        name_buttons(self.buttons)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        first_show = not hasattr(self, "_shown")
        self._shown = True
        super().showEvent(event)
        if first_show:
            keep_on_screen(self)
        if first_show and self.save_button.isVisible():
            focus_first_input(self)  # the keyboard starts at the top of the form

    # -- building -------------------------------------------------------------

    def add_row(
        self, form: QFormLayout, name: str, label: str, editor: QWidget, hint: str = ""
    ) -> FieldRow:
        row = named_row(form, name, label, editor, hint)
        row.edited.connect(lambda: self._recheck(name))
        self.rows[name] = row
        self._forms[name] = form
        return row

    @staticmethod
    def new_form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(4)  # each row keeps a line for its message under it
        return form

    def set_row_visible(self, name: str, visible: bool) -> None:
        self._forms[name].setRowVisible(self.rows[name], visible)

    # -- reading --------------------------------------------------------------

    def read_date(self, name: str, problems: dict[str, str]) -> dt.date | None:
        editor = self.rows[name].editor
        assert isinstance(editor, DateField)
        try:
            return editor.date()
        except ValueError as error:
            problems[name] = date_message(error)
            return None

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        raise NotImplementedError

    def result_id(self, result: Any) -> str:
        return str(result)

    # -- saving ---------------------------------------------------------------

    @property
    def is_saving(self) -> bool:
        return self._saving

    def busy_saving(self) -> bool:
        return self._saving

    def current_problems(self) -> Mapping[str, str]:
        """What :meth:`collect` finds wrong with the form as it stands (nothing is saved)."""
        try:
            self.collect()
        except ValidationFailed as problems:
            return problems.problems
        return {}

    def _recheck(self, name: str) -> None:
        """The field ``name`` was edited: while it shows a message, check it again."""
        row = self.rows[name]
        if self._saving or not row.error:
            return
        row.set_error(self.current_problems().get(name, ""))

    def clear_problems(self) -> None:
        for row in self.rows.values():
            row.clear_error()
        self.banner.hide()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        self.clear_problems()
        first: FieldRow | None = None
        general: list[str] = []
        for name, message in problems.items():
            row = self.rows.get(name)
            if row is None or row.isHidden():
                general.append(message)
                continue
            row.set_error(message)
            first = first or row
        if general:  # a banner for problems shown by a field would move every field down
            self.show_banner(" ".join(general))
        if first is not None:
            first.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        # Tall enough for the wrapped messages at this width (adjustSize ignores wrapping,
        # and a fixed-height editor then had its message drawn over it).
        grow_to_fit(self)

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def save(self) -> None:
        if self._saving:
            return
        try:
            service, args = self.collect()
        except ValidationFailed as problems:
            self.show_problems(problems.problems)
            return
        self.clear_problems()
        self._set_saving(True)
        if self.drafts is not None:
            self.drafts.timer.stop()  # the save takes what is typed, and drops the draft
            service = dropping_draft(service, self.drafts.key)
        self.runner.run_store(service, *args, done=self._saved, error=self._failed)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText("Saving…" if saving else "&Save")

    def _saved(self, result: Any) -> None:
        if self.drafts is not None:
            self.drafts.stop()
        self._set_saving(False)
        self.saved.emit(self.result_id(result))
        self.accept()

    def _failed(self, error: HearthError) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationFailed):
            self.show_problems(error.problems)
        else:
            self.show_banner(error.message)
