"""A small question in the app's look: which child an assessment is about, or which of a
council's forms to use. :class:`ChoiceDialog` lists the choices (arrows move, Enter or a
double click takes one), with OK named for what happens ("Start three houses")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QVBoxLayout, QWidget

from app.families.households import PersonData
from app.families.personal_details import age_words
from app.forms.definition import FormDefinition

from ui.widgets.fields import dialog_buttons


class ChoiceDialog(QDialog):
    """Asks ``question`` over ``choices``; :meth:`chosen` is the row taken (after OK)."""

    def __init__(
        self, parent: QWidget | None, title: str, question: str, choices: Sequence[str],
        ok_text: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        heading = QLabel(title)
        heading.setObjectName("dialogTitle")
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        self.choices = QListWidget()
        self.choices.addItems(list(choices))
        self.choices.setAccessibleName(title)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        self.question.setBuddy(self.choices)
        rows = max(2, min(len(choices), 8))
        line = self.choices.sizeHintForRow(0) if choices else self.fontMetrics().height()
        self.choices.setFixedHeight(rows * line + 2 * self.choices.frameWidth() + 4)
        self.buttons, self.ok_button = dialog_buttons(self, ok_text, self.accept)
        self.ok_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.question)
        layout.addWidget(self.choices)
        layout.addWidget(self.buttons)
        words = max([self.fontMetrics().horizontalAdvance(c) for c in choices] or [0])
        self.setMinimumWidth(max(380, words + 80))
        self.choices.setFocus()

    def chosen(self) -> int:
        return self.choices.currentRow()


def start_words(title: str) -> str:
    """'Three houses' starts as "Start three houses"; a title with names in capitals
    ("Graded Care Profile 2") keeps them."""
    rest = title[1:]
    return f"Start {title[:1].lower() + rest if rest == rest.lower() else title}"


def child_words(child: PersonData) -> str:
    """A child by name and age: "Mia Quillfield, 7 years"; "Unborn baby"."""
    name = child.full_name or "Unborn baby"
    age = age_words(child.date_of_birth)
    return f"{name}, {age}" if age else name


def pick_child(parent: QWidget, children: Sequence[PersonData], title: str) -> str | None:
    """Ask which child a per-child form is about."""
    dialog = ChoiceDialog(
        parent, "Which child?", f"{title} is about one child. Which child is it about?",
        [child_words(c) for c in children], start_words(title),
    )
    taken = bool(dialog.exec()) and dialog.chosen() >= 0
    return children[dialog.chosen()].id if taken else None


def pick_form(
    parent: QWidget, forms: Sequence[FormDefinition], titles: Sequence[str]
) -> FormDefinition | None:
    """Ask which of several forms of one kind (e.g. two councils' EHATs) to use."""
    dialog = ChoiceDialog(
        parent, "Which assessment?",
        "This council has more than one form for this. Which one are you using?",
        titles, "Use this form",
    )
    taken = bool(dialog.exec()) and dialog.chosen() >= 0
    return forms[dialog.chosen()] if taken else None
