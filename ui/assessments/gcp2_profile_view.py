"""A child's Graded Care Profile 2 as a picture: the four areas side by side,
each with its area grade and its sub-areas, every grade coloured (1, needs met
and the child first, in green, to 5, needs not met, in red), and the change
since the child's previous GCP2 where there is one.

Fed by :func:`app.casework.assessments.gcp2_change` (each profile read with its own
form version); nothing here touches the store.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.casework.assessment_data import Gcp2Change
from app.dates import uk
from app.forms.definition import FormDefinition
from app.forms.scoring import AreaProfile, GradeChange

from ui.widgets.mnemonics import name_buttons
from ui.widgets.theme import AIM, card_style, grade_tone, readable, text_colour, text_style
from ui.widgets.window_memory import remember_size
from ui.wizard.editors.look import GRADE_COLOURS

GRADE_MEANINGS = {
    1: "Needs met; child comes first",
    2: "Needs mostly met",
    3: "Needs met some of the time",
    4: "Needs often not met",
    5: "Needs not met; child not considered",
}
CHANGE_STYLES = {  # words, and the theme's kind of text
    "better": ("▲ better", "success"),
    "worse": ("▼ worse", "problem"),
    "same": ("= no change", "neutral"),
}


def _label(text: str, style: str = "", *, point_scale: float = 1.0, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if style:
        label.setStyleSheet(style)
    if point_scale != 1.0 or bold:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * point_scale)
        font.setBold(bold)
        label.setFont(font)
    return label


def change_text(change: GradeChange | None) -> tuple[str, str]:
    """How a grade moved since the previous GCP2, in words, and its kind of text."""
    if change is None or change.before is None:
        return ("", "neutral")
    if change.after is None:
        return (f"Before: {change.before}", "neutral")
    words, colour = CHANGE_STYLES[change.direction]
    return (f"Before: {change.before}  {words}", colour)


def tile_text(title: str, grade: int | None, change: str) -> str:
    """A tile in words: ``Physical care: grade 2 (…meaning…). Better than before.``"""
    graded = f"grade {grade} ({GRADE_MEANINGS[grade]})" if grade in GRADE_MEANINGS else "not graded"
    return f"{title}: {graded}." + (f" {change}" if change else "")


class GradeTile(QFrame):
    """One grade: the name, the grade in colour, and the change since before."""

    def __init__(
        self, title: str, grade: int | None, change: GradeChange | None, *, big: bool = False
    ) -> None:
        super().__init__()
        self.grade = grade
        self.setObjectName("gradeTile")
        shade = grade_tone(grade)
        self.setStyleSheet(
            f"#gradeTile {{ background: {shade.background}; border: 1px solid {shade.border};"
            f" border-radius: 6px; }} QLabel {{ color: {shade.text}; background: transparent; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.title_label = _label(title, bold=big, point_scale=1.1 if big else 1.0)
        self.title_label.setObjectName("tileTitle")
        top.addWidget(self.title_label, 1)
        self.grade_label = _label(
            f"Grade {grade}" if grade is not None else "Not graded",
            bold=True,
            point_scale=1.35 if big else 1.1,
        )
        self.grade_label.setObjectName("tileGrade")
        self.grade_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.grade_label.setWordWrap(False)
        top.addWidget(self.grade_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        text, colour = change_text(change)
        on_tile = readable(text_colour(colour), shade.background, AIM + 1)
        self.change_label = _label(text, f"color: {on_tile}; font-weight: 600;")
        self.change_label.setObjectName("tileChange")
        self.change_label.setVisible(bool(text))
        layout.addWidget(self.change_label)
        # The profile in words for a screen reader, a tile at a time as Tab reaches it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tile_text(title, grade, text))


class Gcp2ProfileView(QWidget):
    """The profile of one GCP2, with the change since the child's previous one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gcp2Profile")
        self.tiles: dict[str, GradeTile] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        self.title = _label("", point_scale=1.5, bold=True)
        self.title.setObjectName("profileTitle")
        layout.addWidget(self.title)
        self.subtitle = _label("", text_style("hint"))
        self.subtitle.setObjectName("profileSubtitle")
        layout.addWidget(self.subtitle)
        self.compare = _label("", text_style("info", bold=True))
        self.compare.setObjectName("profileCompare")
        layout.addWidget(self.compare)
        self.areas = QGridLayout()
        self.areas.setHorizontalSpacing(12)
        self.areas.setVerticalSpacing(12)
        layout.addLayout(self.areas)
        layout.addWidget(self._legend())
        note = _label(
            "Area grades are the practitioner's judgement, informed by the sub-area grades. "
            "GCP2 has no total score.",
            text_style("hint"),
        )
        layout.addWidget(note)
        layout.addStretch(1)

    def _legend(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 4, 0, 0)
        row.setSpacing(6)
        for grade, meaning in GRADE_MEANINGS.items():
            chip = _label(f"{grade}  {meaning}")
            chip.setStyleSheet(
                f"background: {GRADE_COLOURS[grade]}; color: {grade_tone(grade).text};"
                " border-radius: 4px;"
                " padding: 4px 8px;"
            )
            row.addWidget(chip, 1)
        return box

    def show_profile(
        self,
        change: Gcp2Change,
        definition: FormDefinition,
        *,
        child_name: str = "",
        completed_on: dt.date | None = None,
    ) -> None:
        """Show ``change.profile``; compare with ``change.previous_profile`` if any."""
        self.title.setText(f"Graded Care Profile 2{': ' + child_name if child_name else ''}")
        self.subtitle.setText(
            f"Completed {uk(completed_on)}"
            if completed_on
            else "Not completed yet: a draft profile"
        )
        if change.previous_id is None:
            self.compare.setText(
                "This is the child's first GCP2 here, so there is nothing earlier to compare with."
            )
        else:
            when = change.previous_completed_at.date() if change.previous_completed_at else None
            better = sum(1 for c in change.changes if c.direction == "better")
            worse = sum(1 for c in change.changes if c.direction == "worse")
            self.compare.setText(
                f"Compared with the GCP2 completed {uk(when)}: "
                f"{better} grade{'s' if better != 1 else ''} better, "
                f"{worse} worse (grade 1 is best)."
            )
        by_field = {c.field_id: c for c in change.changes}
        self._clear()
        for column, area in enumerate(change.profile):
            self.areas.addWidget(self._area_card(area, definition, by_field), 0, column)
            self.areas.setColumnStretch(column, 1)

    def _clear(self) -> None:
        self.tiles = {}
        while self.areas.count():
            item = self.areas.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _area_card(
        self, area: AreaProfile, definition: FormDefinition, changes: dict[str, GradeChange]
    ) -> QWidget:
        card = QFrame()
        card.setObjectName("areaCard")
        card.setStyleSheet(
            card_style("#areaCard")
        )
        layout = QVBoxLayout(card)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        name = area_name(area, definition)
        tile = GradeTile(name, area.grade, changes.get(area.field_id), big=True)
        tile.setObjectName("gradeTile")
        self.tiles[area.field_id] = tile
        layout.addWidget(tile)
        suggestion = area.suggestion
        if suggestion.grade is not None:
            hint = f"Suggested from the sub-areas: {suggestion.grade}"
            if area.grade is not None and area.grade != suggestion.grade:
                hint += " (the practitioner judged otherwise)"
            layout.addWidget(_label(hint, text_style("hint")))
        for sub in area.sub_areas:
            sub_tile = GradeTile(sub.label, sub.grade, changes.get(sub.field_id))
            self.tiles[sub.field_id] = sub_tile
            layout.addWidget(sub_tile)
        layout.addStretch(1)
        return card


def area_name(area: AreaProfile, definition: FormDefinition) -> str:
    """The area's name: the title of the page it is graded on (``Physical care``)."""
    try:
        return definition.page(definition.page_of(area.field_id)).title
    except KeyError:
        return area.label


class Gcp2ProfileDialog(QDialog):
    """The profile in a window of its own."""

    def __init__(
        self,
        change: Gcp2Change,
        definition: FormDefinition,
        *,
        child_name: str = "",
        completed_on: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"GCP2 profile{' · ' + child_name if child_name else ''}")
        self.view = Gcp2ProfileView()
        self.view.show_profile(change, definition, child_name=child_name, completed_on=completed_on)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.view)
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        remember_size(self, "gcp2Profile", 1200, 780)
