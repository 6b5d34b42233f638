"""Charts in words (issue 16): the Signs of Safety "scores over time" chart has a
description a screen reader reads, and the same scores as a table that Tab reaches."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.forms.loader import FormRegistry
from app.forms.scoring import ScalingPoint, ScalingSeries
from tests.ui.keyboard_checks import accessible_name, focus_chain

from ui.assessments.sos_map_view import SafetyMapDialog

FIRST = dt.date(2026, 3, 1)
LATER = dt.date(2026, 6, 29)
SERIES = (
    ScalingSeries("Sam Worker", "worker", (ScalingPoint(FIRST, 3), ScalingPoint(LATER, 7))),
    ScalingSeries("Alex", "parent", (ScalingPoint(LATER, 8),)),
)


def test_the_scores_chart_is_described_and_shown_as_a_table(
    qtbot: QtBot, registry: FormRegistry
) -> None:
    dialog = SafetyMapDialog(registry.get("signs_of_safety", 1), {}, SERIES, heading="Review")
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.view
    assert accessible_name(view.chart) == "Scores over time"
    words = view.chart.accessibleDescription()
    assert "Sam Worker (worker): 3 on 01/03/2026, 7 on 29/06/2026 (change +4)" in words
    assert "Alex (parent or carer): 8 on 29/06/2026" in words

    table = view.chart_table
    assert table.isVisible() and accessible_name(table) == "Scores over time, as a table"
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "01/03/2026", "29/06/2026"]
    cells = [[table.item(r, c).text() for c in range(2)] for r in range(2)]
    assert cells == [["3", "7"], ["—", "8"]]
    assert table in focus_chain(dialog, from_focus=False)  # Tab reaches it
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().isValid()
