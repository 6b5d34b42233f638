"""Record a decision about a family's level of need (a step up or down included)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from app.dates import today
from app.errors import ValidationFailed
from app.families import households as families
from app.families.households import LevelChangeData, LevelDecision
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile

from ui.widgets.fields import ChoiceCombo, DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.theme import ToneStyles

# A step up is weighty, not a mistake: amber, never the red of an error.
DIRECTION_STYLES = ToneStyles({"step_up": "warning", "step_down": "success"}, bar=True)
NEUTRAL_STYLES = ToneStyles({"neutral": "neutral"}, bar=True)


def direction_sentence(levels: LevelsOfNeed, from_code: str, to_code: str) -> tuple[str, str]:
    """What choosing ``to_code`` means, in a sentence, and the direction code."""
    if not to_code:
        return "Choose the new level of need.", ""
    direction = levels.direction(from_code, to_code)
    to_label = levels.label(to_code)
    sentences = {
        "initial": f"This is the first decision on this family's level of need: {to_label}.",
        "step_up": "This is a step up to children's social care.",
        "step_down": "This is a step down from children's social care to early help.",
        "up": f"This moves the family up a level, to {to_label}.",
        "down": f"This moves the family down a level, to {to_label}.",
        "same": f"The family is already at {to_label}; choose a different level.",
    }
    return sentences[direction], direction


class LevelDialog(FormDialog):
    """Saves through ``families.change_level``; ``saved`` carries the family's id."""

    def __init__(
        self,
        runner: Any,
        levels: LevelsOfNeed,
        profile: Profile,
        family_id: str,
        current_level: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "Change level of need", parent)
        self.levels = levels
        self.profile = profile
        self.family_id = family_id
        self.current_level = current_level
        self.setMinimumWidth(600)
        self.save_button.setText("&Record decision")

        current = QLabel(f"Current level: <b>{levels.label(current_level)}</b>")
        form = self.new_form()
        self.level = ChoiceCombo(
            {lv.code: lv.label for lv in levels.levels}, blank="Choose the new level…"
        )
        self.level_row = self.add_row(form, "to_level", "New level", self.level, hint=" ")
        self.direction_label = QLabel()
        self.direction_label.setObjectName("levelDirection")
        self.direction_label.setWordWrap(True)
        self.direction_label.setTextFormat(Qt.TextFormat.PlainText)
        self.direction_label.setMinimumHeight(34)
        self.direction_label.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )
        form.addRow("", self.direction_label)
        self.decided_on = DateField(today())
        self.add_row(form, "decided_on", "Date of decision", self.decided_on)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(
            "Why the level is changing: what has happened, what the family and agencies said."
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(110)
        self.add_row(form, "reason", "Reason", self.reason)
        self.decided_by = QLineEdit(profile.name)
        self.add_row(
            form, "decided_by", "Decided by", self.decided_by,
            hint="The person or meeting that made the decision.",
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(current)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()
        self.level.setFocus()

    def _level_changed(self) -> None:
        code = self.level.code()
        sentence, direction = direction_sentence(self.levels, self.current_level, code)
        self.direction_label.setText(sentence)
        self.direction_label.setStyleSheet(
            DIRECTION_STYLES.get(direction, NEUTRAL_STYLES["neutral"]) + " padding: 6px 8px;"
        )
        chosen = self.levels.get(code)
        self.level_row.hint_label.setText(chosen.description if chosen else "")
        self.level_row.hint_label.setVisible(bool(chosen and chosen.description))
        self.rows["to_level"].clear_error()

    @property
    def direction_text(self) -> str:
        return self.direction_label.text()

    def decision(self) -> LevelDecision:
        typed: dict[str, str] = {}  # what cannot even be read (a date that is not one)
        decided_on = self.read_date("decided_on", typed)
        if decided_on is None and "decided_on" not in typed:
            typed["decided_on"] = "Enter the date of the decision."
        decision = LevelDecision(
            family_id=self.family_id,
            to_level=self.level.code(),
            decided_on=decided_on or today(),
            reason=self.reason.toPlainText().strip(),
            decided_by=self.decided_by.text().strip(),
        )
        problems = {**families.level_problems(self.levels, self.current_level, decision), **typed}
        if problems:
            raise ValidationFailed(problems)
        return decision

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return families.change_level, (self.profile, self.levels, self.decision())

    def result_id(self, result: Any) -> str:
        assert isinstance(result, LevelChangeData)
        return self.family_id
