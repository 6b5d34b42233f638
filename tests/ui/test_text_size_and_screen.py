"""Any text size, any screen (issue 16): the caseload's rows and columns grow with a 16 pt
font, the document preview fits a 1366×768 laptop and reopens at the size it was left,
and a column the worker widened is that wide again when the caseload is made again; what
is kept says nothing about a family."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from tests.ui.conftest import WindowFactory, shown_caseload, text_of
from tests.ui.keyboard_checks import accessible_name

from ui.caseload.caseload_model import COLUMN_KEYS
from ui.caseload.caseload_view import CaseloadView
from ui.documents.document_preview import DocumentPreview
from ui.shell.task_runner import TaskRunner
from ui.widgets import window_memory
from ui.widgets.window_memory import FRAME_ROOM, SETTINGS_FILE

LAPTOP = QRect(0, 0, 1366, 728)  # a 1366×768 screen less a 40-pixel task bar


def drag_right_edge(qtbot: QtBot, header: QHeaderView, column: int, by: int) -> None:
    """Drag a column's right edge ``by`` pixels (to the left when negative), as a worker does."""
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 2
    middle = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, middle))
    qtbot.mouseMove(header.viewport(), QPoint(edge + by // 2, middle))
    qtbot.mouseMove(header.viewport(), QPoint(edge + by, middle))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton,
                       pos=QPoint(edge + by, middle))


def wait_until_kept(qtbot: QtBot, settings: Path, before: bytes) -> None:
    """Until the kept widths have changed from ``before`` (the table's first sizing may
    have kept some already: wait for the ones changed since, not for any)."""
    qtbot.waitUntil(lambda: settings.is_file() and settings.read_bytes() != before
                    and "caseload" in settings.read_text())


def assert_headings_whole(view: CaseloadView) -> None:
    """Every heading whole in its column, but the children's (which take the room left)."""
    header = view.table.horizontalHeader()
    for column, key in enumerate(COLUMN_KEYS):
        if key != "children":
            label = str(view.table.model().headerData(column, Qt.Orientation.Horizontal))
            assert header.fontMetrics().horizontalAdvance(label) + 8 <= header.sectionSize(
                column), key


def test_at_16_pt_the_caseload_shows_whole_rows(
    qtbot: QtBot, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    large_text: QFont,
) -> None:
    view = shown_caseload(qtbot, caseload_runner, levels, profile)
    table: QTableView = view.table
    lines = table.fontMetrics()
    assert table.font().pointSizeF() == 16
    assert table.model().rowCount() == 4
    for row in range(table.model().rowCount()):
        # The text's line and the item's margins above and below it (28 px clipped it).
        assert table.rowHeight(row) >= lines.lineSpacing() + 8
        for key in ("reference", "family", "status"):
            column = COLUMN_KEYS.index(key)
            text = str(table.model().index(row, column).data())
            assert lines.horizontalAdvance(text) + 8 <= table.columnWidth(column), (key, text)


def test_at_16_pt_in_a_narrow_window_each_family_shows_its_first_child(
    qtbot: QtBot, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    large_text: QFont,
) -> None:
    """16 pt text in a 1280-pixel window has no room for every column: the table scrolls,
    and the children (who take the room the other columns leave) still show the first
    child and their age, not "Tob…"."""
    view = shown_caseload(qtbot, caseload_runner, levels, profile)
    table: QTableView = view.table
    column = COLUMN_KEYS.index("children")
    assert table.horizontalScrollBar().maximum() > 0  # too narrow for every column
    lines = table.fontMetrics()
    for row in range(table.model().rowCount()):
        first = str(table.model().index(row, column).data()).split(", ")[0]
        if first:
            assert lines.horizontalAdvance(first) + 8 <= table.columnWidth(column), first


def test_the_preview_fits_a_laptop_screen_and_reopens_at_its_size(
    qtbot: QtBot, runner: TaskRunner, profile: Profile, monkeypatch: pytest.MonkeyPatch,
    hearth_home: Path,
) -> None:
    monkeypatch.setattr(window_memory, "available_area", lambda _widget: LAPTOP)
    preview = DocumentPreview(runner, profile, "EH-000001", "plan")
    qtbot.addWidget(preview)
    room = LAPTOP.size() - FRAME_ROOM
    assert preview.width() <= room.width() and preview.height() <= room.height()
    assert preview.height() == room.height()  # as tall as the screen lets it be
    preview.show()
    preview.resize(700, 500)
    preview.close()

    again = DocumentPreview(runner, profile, "EH-000002", "plan")
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
    kept = (hearth_home / "config" / SETTINGS_FILE).read_text(encoding="utf-8")
    assert "documentPreview" in kept and "EH-00000" not in kept


def test_a_widened_column_is_as_wide_when_the_caseload_is_made_again(
    qtbot: QtBot, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    caseload_store: dict[str, str], hearth_home: Path,
) -> None:
    view = shown_caseload(qtbot, caseload_runner, levels, profile)
    header = view.table.horizontalHeader()
    column = COLUMN_KEYS.index("lead")
    before = header.sectionSize(column)
    settings = hearth_home / "config" / SETTINGS_FILE
    kept_before = settings.read_bytes() if settings.is_file() else b""
    drag_right_edge(qtbot, header, column, 120)
    widened = header.sectionSize(column)
    assert widened >= before + 100
    wait_until_kept(qtbot, settings, kept_before)
    view.close()

    again = shown_caseload(qtbot, caseload_runner, levels, profile)
    assert again.table.horizontalHeader().sectionSize(column) == widened
    assert accessible_name(again.table) == "Families"
    kept = settings.read_bytes()
    for family in caseload_store:  # nothing about the families in what is kept
        assert family.encode() not in kept


def test_widths_kept_at_one_text_size_do_not_cut_short_another(
    qtbot: QtBot, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    hearth_home: Path,
) -> None:
    """A worker narrows the dates and widens the lead column at the usual text size, then
    turns the text up to 16 pt: every heading and date is whole at 16 pt, and back at the
    usual size the columns are as they left them."""
    view = shown_caseload(qtbot, caseload_runner, levels, profile)
    header = view.table.horizontalHeader()
    last, lead = COLUMN_KEYS.index("last_contact"), COLUMN_KEYS.index("lead")
    settings = hearth_home / "config" / SETTINGS_FILE
    kept_before = settings.read_bytes() if settings.is_file() else b""
    drag_right_edge(qtbot, header, last, -30)
    drag_right_edge(qtbot, header, lead, 100)
    left = {column: header.sectionSize(column) for column in (last, lead)}
    wait_until_kept(qtbot, settings, kept_before)
    view.close()

    with text_of(16):
        big = shown_caseload(qtbot, caseload_runner, levels, profile)
        assert_headings_whole(big)
        table = big.table
        lines = table.fontMetrics()
        for row in range(table.model().rowCount()):
            for column in (last, COLUMN_KEYS.index("next_review")):
                text = str(table.model().index(row, column).data() or "")
                assert lines.horizontalAdvance(text) + 8 <= table.columnWidth(column), text
        big.close()

    again = shown_caseload(qtbot, caseload_runner, levels, profile)
    assert {column: again.table.horizontalHeader().sectionSize(column)
            for column in (last, lead)} == left


def test_widths_kept_by_an_earlier_release_are_taken_up_where_the_headings_fit(
    qtbot: QtBot, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    hearth_home: Path,
) -> None:
    """An earlier release kept the widths for no text size in particular: after the
    update the worker's widened column is as wide at the usual size, and at 16 pt (where
    those widths would cut the headings short) the table has widths made for 16 pt."""
    view = shown_caseload(qtbot, caseload_runner, levels, profile)
    header = view.table.horizontalHeader()
    lead = COLUMN_KEYS.index("lead")
    settings = hearth_home / "config" / SETTINGS_FILE
    kept_before = settings.read_bytes() if settings.is_file() else b""
    drag_right_edge(qtbot, header, lead, 100)
    widened = header.sectionSize(lead)
    wait_until_kept(qtbot, settings, kept_before)
    view.close()
    kept = window_memory.layout_settings()
    sized = [name for name in kept.allKeys() if name.startswith("caseload/columns-")]
    assert len(sized) == 1
    state = kept.value(sized[0])
    kept.remove(sized[0])  # as the earlier release left the file
    kept.setValue("caseload/columns", state)
    kept.sync()

    again = shown_caseload(qtbot, caseload_runner, levels, profile)
    assert again.table.horizontalHeader().sectionSize(lead) == widened
    again.close()

    with text_of(16):
        big = shown_caseload(qtbot, caseload_runner, levels, profile)
        assert_headings_whole(big)
        big.close()


def test_at_16_pt_a_family_fits_a_laptop_screen(
    qtbot: QtBot, make_window: WindowFactory, caseload_store: dict[str, str],
    large_text: QFont, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(window_memory, "available_area", lambda _widget: LAPTOP)
    window = make_window()
    window.open_family(next(iter(caseload_store.values())))
    view = window.family_view
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    room = LAPTOP.width() - FRAME_ROOM.width()
    # The header's buttons went under the family's name instead of widening the window.
    assert view.header.header_buttons.parent() is not view.header.top_row
    assert window.minimumSizeHint().width() <= room
    assert window.width() <= room
