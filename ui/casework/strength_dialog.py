"""Writing down something going well for the family, in the plan itself (the printed
plan opens with it). What is typed is kept as a draft until it is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.casework import plan_writes
from app.casework.plan_data import StrengthData, StrengthRequest
from app.errors import ValidationFailed
from app.store.caseload_store import Profile

from ui.widgets.fields import hint_style, long_text
from ui.widgets.form_dialog import FormDialog

INTRO = (
    "What is going well for the family: their strengths, and the people and things that "
    "help. The printed plan opens with this, before what needs to change, and prints it "
    "as you write it, so write it to the family: for example “You get the children to "
    "school on time every day.”"
)


class StrengthDialog(FormDialog):
    """Add or edit one thing going well; ``saved`` carries its id."""

    def __init__(
        self,
        runner: Any,
        profile: Profile,
        family_id: str,
        strength: StrengthData | None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit what is going well" if strength else "Add what is going well"
        super().__init__(runner, title, parent)
        self.profile = profile
        self.family_id = family_id
        self.strength = strength
        self.setMinimumWidth(620)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setStyleSheet(hint_style())
        form = self.new_form()
        self.text = long_text(120, "For example: You and Sky read together every evening.")
        self.add_row(form, "text", "What is going well", self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if strength is not None:
            self.text.setPlainText(strength.text)
        self.text.setFocus()
        self.keep_drafts(
            f"plan_strength:{strength.id}" if strength else f"plan_strength:new:{family_id}",
            family_id,
        )

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if not self.text.toPlainText().strip():
            raise ValidationFailed({"text": "Write what is going well for the family."})
        request = StrengthRequest(
            family_id=self.family_id,
            text=self.text.toPlainText(),
            id=self.strength.id if self.strength else None,
        )
        return plan_writes.save_strength, (self.profile, request)

    def result_id(self, result: Any) -> str:
        return str(result.id)
