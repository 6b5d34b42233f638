"""The safety map on one page, as it is drawn with a family: three columns
(what we are worried about, what's working well, what needs to happen), each
danger statement beside its safety goal, everyone's score this time, and a
chart of each person's 0-10 scaling over the family's mappings
(:mod:`ui.assessments.scaling_chart`).

The columns come from the form's own ``map`` (:func:`app.forms.scoring.map_columns`),
the scores from its ``scaling`` hint, the history from
:func:`app.casework.assessments.scaling_history`. The chart is drawn with QPainter
(QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
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

from app.dates import uk
from app.forms.answers import display_value, is_answered
from app.forms.definition import Field, FormDefinition
from app.forms.scoring import ScalingSeries, map_columns, scale_labels, scaling_scores

from ui.assessments.scaling_chart import ScalingChart, participant_text
from ui.assessments.scaling_table import ScoresTable, describe_scores
from ui.widgets.mnemonics import name_buttons
from ui.widgets.theme import (
    card_style,
    line_colour,
    role_colour,
    text_colour,
    text_on,
    text_style,
    tone,
)
from ui.widgets.window_memory import remember_size

COLUMN_TONES = ("problem", "success", "info")  # worried, working well, needs to happen


def _label(text: str, style: str = "", *, bold: bool = False, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    if bold or scale != 1.0:
        font = label.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
    return label



# ---------------------------------------------------------------- the map


class SafetyMapView(QWidget):
    """The three-column map of one mapping, its danger statements with their
    safety goals, the scores given, and the scaling chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safetyMap")
        self.columns: list[QFrame] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(12)
        self.title = _label("", bold=True, scale=1.5)
        self.title.setObjectName("mapTitle")
        layout.addWidget(self.title)
        self.subtitle = _label("", text_style("hint"))
        layout.addWidget(self.subtitle)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        layout.addLayout(self.grid)
        self.pairs_box = QFrame()
        self.pairs_box.setObjectName("pairsBox")
        self.pairs_box.setStyleSheet(
            card_style("#pairsBox")
        )
        self.pairs = QGridLayout(self.pairs_box)
        self.pairs.setContentsMargins(12, 10, 12, 12)
        self.pairs.setHorizontalSpacing(16)
        self.pairs.setVerticalSpacing(8)
        layout.addWidget(self.pairs_box)
        self.scores_title = _label(
            "How safe are the children? Everyone's score", bold=True, scale=1.2
        )
        layout.addWidget(self.scores_title)
        self.scores_label = _label("")
        self.scores_label.setObjectName("scoresNow")
        layout.addWidget(self.scores_label)
        self.ends_label = _label("", text_style("hint"))
        self.ends_label.setObjectName("scaleEnds")
        layout.addWidget(self.ends_label)
        self.chart_title = _label("Scores over time", bold=True, scale=1.2)
        layout.addWidget(self.chart_title)
        self.chart = ScalingChart()
        self.chart.setAccessibleName("Scores over time")
        layout.addWidget(self.chart)
        self.chart_table = ScoresTable()  # the chart's figures, for the keyboard
        self.chart_table.hide()
        layout.addWidget(self.chart_table)
        layout.addStretch(1)

    def show_mapping(
        self,
        definition: FormDefinition,
        answers: Mapping[str, Any],
        series: Sequence[ScalingSeries] = (),
        *,
        heading: str = "",
        completed_on: dt.date | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.title.setText(definition.title + (f": {heading}" if heading else ""))
        self.subtitle.setText(
            f"Completed {uk(completed_on)}" if completed_on else "A draft: not completed yet"
        )
        self._fill_columns(definition, answers, names)
        scores = scaling_scores(definition, answers)
        roles = self._role_labels(definition)
        score_field = self._score_field(definition)
        labels = scale_labels(score_field) if score_field is not None else None
        high = labels.maximum if labels else 10
        self.scores_label.setText(
            "\n".join(
                f"{participant_text(s.name, s.role, roles)}: {s.score} out of {high}"
                for s in scores
            )
            or "No scores were given."
        )
        if labels is not None and (labels.low or labels.high):
            self.ends_label.setText(
                f"{labels.minimum} means {labels.low}. {labels.maximum} means {labels.high}."
            )
        self.chart.set_series(series, labels)
        self.chart.setAccessibleDescription(describe_scores(series))
        self.chart_table.show_series(series)
        self.chart_title.setVisible(True)

    @staticmethod
    def _role_labels(definition: FormDefinition) -> dict[str, str]:
        hint = definition.scaling
        if hint is None or not definition.has_field(hint.role_field):
            return {}
        return {o.value: o.label for o in definition.field(hint.role_field).options}

    @staticmethod
    def _score_field(definition: FormDefinition) -> Field | None:
        hint = definition.scaling
        if hint is None or not definition.has_field(hint.score_field):
            return None
        return definition.field(hint.score_field)

    def _fill_columns(
        self,
        definition: FormDefinition,
        answers: Mapping[str, Any],
        names: Mapping[str, str] | None,
    ) -> None:
        for column in self.columns:
            column.deleteLater()
        self.columns = []
        while self.pairs.count():
            taken = self.pairs.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        repeats: list[tuple[Field, Any]] = []
        for index, (title, cells) in enumerate(map_columns(definition, answers)):
            frame = QFrame()
            frame.setObjectName(f"mapColumn{index}")
            column_tone = tone(COLUMN_TONES[index % len(COLUMN_TONES)])
            colour, background = column_tone.text, column_tone.background
            frame.setStyleSheet(
                f"#mapColumn{index} {{ background: {background}; border: 1px solid {line_colour()};"
                f" border-top: 6px solid {colour}; border-radius: 6px; }}"
            )
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(12, 10, 12, 12)
            inner.setSpacing(6)
            heading = _label(title, f"color: {colour};", bold=True, scale=1.25)
            heading.setObjectName("columnTitle")
            inner.addWidget(heading)
            shown = 0
            for item, value in cells:
                if item.is_repeat:
                    repeats.append((item, value))
                    continue
                inner.addWidget(
                    _label(item.label, f"color: {text_on(background)}; font-weight: 600;")
                )
                text = display_value(item, value, names=names)
                body = _label(text)
                body.setObjectName(f"map_{item.id}")
                inner.addWidget(body)
                shown += 1
            if not shown:
                inner.addWidget(_label("Nothing recorded.", f"color: {text_on(background)};"))
            inner.addStretch(1)
            self.grid.addWidget(frame, 0, index)
            self.grid.setColumnStretch(index, 1)
            self.columns.append(frame)
        self._fill_pairs(repeats, names)

    def _fill_pairs(
        self, repeats: list[tuple[Field, Any]], names: Mapping[str, str] | None
    ) -> None:
        """Repeating groups (danger statements with their safety goals) as rows
        across the page, each part side by side."""
        self.pairs_box.setVisible(bool(repeats))
        row = 0
        for group, rows in repeats:
            title = _label(group.label, bold=True, scale=1.2)
            self.pairs.addWidget(title, row, 0, 1, max(1, len(group.fields)))
            row += 1
            for column, sub in enumerate(group.fields):
                colour = text_colour("problem" if column == 0 else "info")
                self.pairs.addWidget(
                    _label(sub.label, f"color: {colour}; font-weight: 600;"), row, column
                )
                self.pairs.setColumnStretch(column, 1)
            row += 1
            for data in rows if isinstance(rows, list) else []:
                if not isinstance(data, Mapping):
                    continue
                for column, sub in enumerate(group.fields):
                    value = data.get(sub.id)
                    text = display_value(sub, value, names=names) if is_answered(value) else "—"
                    cell = _label(text)
                    cell.setObjectName(f"pair_{sub.id}")
                    cell.setStyleSheet(
                        f"background: {role_colour(QPalette.ColorRole.AlternateBase)};"
                        f" border: 1px solid {line_colour()}; border-radius: 4px; padding: 6px;"
                    )
                    self.pairs.addWidget(cell, row, column)
                row += 1

    def column_texts(self) -> list[str]:
        """Each column's text, for checks and for reading aloud."""
        out = []
        for frame in self.columns:
            out.append("\n".join(label.text() for label in frame.findChildren(QLabel)))
        return out


class SafetyMapDialog(QDialog):
    """The map and chart in a window of their own."""

    def __init__(
        self,
        definition: FormDefinition,
        answers: Mapping[str, Any],
        series: Sequence[ScalingSeries] = (),
        *,
        heading: str = "",
        completed_on: dt.date | None = None,
        names: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Safety map{' · ' + heading if heading else ''}")
        self.view = SafetyMapView()
        self.view.show_mapping(
            definition, answers, series, heading=heading, completed_on=completed_on, names=names
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.view)
        buttons = name_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        remember_size(self, "safetyMap", 1240, 800)
