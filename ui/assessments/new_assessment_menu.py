""""New assessment…": a menu of every form a worker may start, whatever its kind (a
council's own kinds too), each by its title; and asking which form or which child
when a start needs it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.casework.form_offer import chooser_titles, menu_titles
from app.families.households import PersonData
from app.forms.definition import FormDefinition

from ui.assessments import choice_dialog


class NewAssessmentButton(QPushButton):
    """A button whose menu lists the forms ``forms()`` gives, looked up each time the
    menu opens; ``chosen`` says which one the worker picked."""

    chosen = Signal(object)  # the FormDefinition

    def __init__(
        self, forms: Callable[[], Sequence[FormDefinition]], parent: QWidget | None = None
    ) -> None:
        super().__init__("Ne&w assessment…", parent)
        self.setObjectName("newAssessment")
        self.setToolTip("Start any assessment this council uses")
        self.forms = forms
        self.choices = QMenu(self)
        self.choices.setObjectName("newAssessmentMenu")
        self.choices.aboutToShow.connect(self.refresh)
        self.setMenu(self.choices)

    def refresh(self) -> None:
        """The menu's entries: the forms offered now, by title."""
        self.choices.clear()
        forms = list(self.forms())
        for form, title in zip(forms, menu_titles(forms), strict=True):
            action = self.choices.addAction(title + "…")
            action.setObjectName(f"new_form_{form.id}")
            if form.description:
                action.setToolTip(form.description.strip())
            action.triggered.connect(lambda _checked=False, f=form: self.chosen.emit(f))
        if not forms:
            empty = self.choices.addAction("No form is loaded on this computer")
            empty.setEnabled(False)
        self.choices.setToolTipsVisible(True)

    def entries(self) -> list[str]:
        """The menu's words, as the worker reads them."""
        self.refresh()
        return [a.text() for a in self.choices.actions()]


def pick_form(parent: QWidget, forms: Sequence[FormDefinition]) -> FormDefinition | None:
    """Ask which of several forms of one kind (e.g. two councils' EHATs) to use, each by
    title and version date."""
    return choice_dialog.pick_form(parent, forms, chooser_titles(forms))


def pick_child(parent: QWidget, children: Sequence[PersonData], title: str) -> str | None:
    """Ask which child a per-child form is about (by name and age)."""
    return choice_dialog.pick_child(parent, children, title)
