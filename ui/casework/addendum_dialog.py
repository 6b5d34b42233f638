"""Adding a correction or addition (an addendum) to a final visit record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.casework import visit_writes
from app.casework.visit_data import AddendumRequest, VisitData
from app.errors import ValidationFailed
from app.store.caseload_store import Profile

from ui.widgets.fields import hint_style
from ui.widgets.form_dialog import FormDialog


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
        self.intro = intro = QLabel(
            f"The record of the {visit.kind_words} on {visit.when_text} is final, so it "
            "is not changed. An addendum is kept with it, dated and with your name: use it to "
            "correct the record or add to it."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
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
        self.save_button.setText("&Add addendum")
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
            self.save_button.setText("&Add addendum")

    def result_id(self, result: Any) -> str:
        return str(result.id)
