"""The caseload paints its plain rows itself (``ui.caseload.caseload_paint``): they
must look exactly as the style paints them, in every palette and at a large text size,
beside a selected row the style still paints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from app.families.caseload import CaseloadRow
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from tests.ui.conftest import shown_caseload

from ui.caseload.caseload_view import CaseloadView
from ui.shell.application import STYLE_FILE
from ui.shell.task_runner import TaskRunner
from ui.widgets.theme import apply_theme


@pytest.fixture(params=[("light", 10.0), ("dark", 10.0), ("high_contrast", 10.0),
                        ("light", 16.0), ("dark", 13.0)])
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """A palette (with the app's style sheet) and a text size for the test."""
    appearance, points = request.param
    template = STYLE_FILE.read_text(encoding="utf-8")
    before = QApplication.font()
    font = QFont(before)
    font.setPointSizeF(points)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    apply_theme(qapp, appearance, template)
    QApplication.setFont(font)
    yield appearance
    QApplication.setFont(before)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    apply_theme(qapp, "light", template)


@pytest.fixture
def view(
    qtbot: QtBot, look: str, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> CaseloadView:
    return shown_caseload(qtbot, caseload_runner, levels, profile, height=500)


def _picture(view: CaseloadView) -> QImage:
    return view.table.viewport().grab().toImage()


def test_plain_rows_look_as_the_style_paints_them(
    view: CaseloadView, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.table.selectRow(1)  # a selected, current row among plain ones
    assert view.model.rowCount() == 4
    view.table.rows.forget_texts()
    # Texts seen for the first time, then laid out to keep, then kept: three paintings.
    pictures = [_picture(view) for _ in range(3)]
    table = view.table  # every row painted by the style, as a plain QTableView paints
    monkeypatch.setattr(table, "paintEvent", lambda event: QTableView.paintEvent(table, event))
    styles = _picture(view)
    for ours in pictures:
        assert ours.size() == styles.size()
        assert ours == styles


def test_the_rows_painter_paints_the_rows_itself(
    view: CaseloadView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above compares two paintings, not one twice: with the row painter
    painting no text, the plain rows' texts are gone."""
    view.table.selectRow(1)
    with_rows = _picture(view)
    monkeypatch.setattr(view.table.rows, "_paint_texts", lambda *_args: None)
    without = _picture(view)
    assert with_rows != without


# Names as families write them: right to left, mixed, with accents, and too long for the
# column (elided); some levels in bold among plain ones. Each text must land where the
# style puts it, in its own font.
SCRIPTS = ["العائلة الكريمة", "משפחת כהן", "Smith العائلة mixed", "Nguyễn Thị Minh Khai",
           "Kowalski-Wiśniewska", "Ωμέγα", "Ünal", "Abernethy-" * 8]


def _row(number: int, name: str) -> CaseloadRow:
    # Every third family at a level children's social care holds: its level in bold.
    level, label = ("child_in_need", "Child in Need") if number % 3 == 1 else (
        "universal", "Universal")
    return CaseloadRow(
        f"family-{number}", f"EH-{number:04d}", name, "", level, label, 1, "Sam Lead", "Health",
        "robin.testworker", "open", dt.date(2026, 1, 2), None, "AB1 2CD", name.lower(),
        name.lower(),
    )


def test_names_in_other_scripts_look_as_the_style_paints_them(
    view: CaseloadView, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.model.set_rows([_row(number, name) for number, name in enumerate(SCRIPTS)])
    view.table.rows.forget_texts()
    pictures = [_picture(view) for _ in range(3)]  # first seen, kept, drawn kept
    table = view.table
    monkeypatch.setattr(table, "paintEvent", lambda event: QTableView.paintEvent(table, event))
    styles = _picture(view)
    assert [ours == styles for ours in pictures] == [True, True, True]
