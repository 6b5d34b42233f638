"""The caseload view over a real store: search as you type, filters, sorting, keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app import dates
from app.dates import uk
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, create_store
from tests.ui.conftest import shown_caseload

from ui.caseload.caseload_model import COLUMN_KEYS
from ui.caseload.caseload_view import CaseloadView
from ui.shell.task_runner import TaskRunner

TODAY = dates.today()


@pytest.fixture
def view(
    qtbot: QtBot, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> Iterator[CaseloadView]:
    yield shown_caseload(qtbot, caseload_runner, levels, profile)


def shown_families(view: CaseloadView) -> list[str]:
    model = view.model
    column = COLUMN_KEYS.index("family")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def cell(view: CaseloadView, family: str, key: str) -> str:
    model = view.model
    for row in range(model.rowCount()):
        if model.index(row, COLUMN_KEYS.index("family")).data() == family:
            return str(model.index(row, COLUMN_KEYS.index(key)).data())
    raise AssertionError(f"{family} is not shown")


def test_the_table_shows_every_family_with_its_details(view: CaseloadView) -> None:
    assert shown_families(view) == ["Ashworth", "Brennan", "Chowdhury", "Dunmore"]
    assert view.count_label.text() == "4 of 4 families"
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers == [
        "Reference", "Family", "Children", "Level of need", "Lead professional", "Status",
        "Last contact", "Next review",
    ]
    due = TODAY + dt.timedelta(days=60)
    assert cell(view, "Ashworth", "children") == f"unborn, due {uk(due)}, Maisie (3y)"
    assert cell(view, "Ashworth", "level") == "Early Help"
    assert cell(view, "Ashworth", "lead") == "Jo Example (Health visiting)"
    assert cell(view, "Ashworth", "last_contact") == uk(TODAY - dt.timedelta(days=3))
    assert cell(view, "Ashworth", "next_review") == uk(TODAY + dt.timedelta(days=20))
    assert cell(view, "Brennan", "level") == "Child in Need"
    assert cell(view, "Brennan", "status") == "Stepped up"
    assert cell(view, "Chowdhury", "status") == "Closed"
    assert cell(view, "Chowdhury", "children") == "Priya (6y), Arun (12y)"
    assert cell(view, "Dunmore", "children") == ""
    assert cell(view, "Dunmore", "reference").startswith("EH-")


def test_a_device_reference_fits_its_column(view: CaseloadView) -> None:
    column = COLUMN_KEYS.index("reference")
    needed = view.table.fontMetrics().horizontalAdvance("EH-012-00034")
    assert view.table.horizontalHeader().sectionSize(column) >= needed + 12


def test_typing_in_the_search_box_narrows_the_table(qtbot: QtBot, view: CaseloadView) -> None:
    qtbot.keyClicks(view.search, "ash")
    assert shown_families(view) == ["Ashworth"]
    assert view.count_label.text() == "1 of 4 families"

    view.search.clear()
    qtbot.keyClicks(view.search, "tobias")  # a child's name
    assert shown_families(view) == ["Brennan"]

    view.search.clear()
    qtbot.keyClicks(view.search, "l81xy")  # a postcode typed without its space
    assert shown_families(view) == ["Chowdhury"]

    view.search.clear()
    reference = cell(view, "Dunmore", "reference")
    qtbot.keyClicks(view.search, reference.lower())
    assert shown_families(view) == ["Dunmore"]

    view.search.clear()
    qtbot.keyClicks(view.search, "nobody-here")
    assert shown_families(view) == []
    assert view.count_label.text() == "0 of 4 families"

    view.search.clear()
    assert len(shown_families(view)) == 4


def test_level_status_and_my_families_filters(
    qtbot: QtBot, view: CaseloadView, profile: Profile
) -> None:
    view.level_filter.setCurrentIndex(view.level_filter.findData("child_in_need"))
    assert shown_families(view) == ["Brennan"]
    view.level_filter.setCurrentIndex(view.level_filter.findData("early_help"))
    assert shown_families(view) == ["Ashworth", "Dunmore"]
    qtbot.keyClicks(view.search, "dun")
    assert shown_families(view) == ["Dunmore"]
    view.search.clear()
    view.level_filter.setCurrentIndex(0)

    view.status_filter.setCurrentIndex(view.status_filter.findData("closed"))
    assert shown_families(view) == ["Chowdhury"]
    view.status_filter.setCurrentIndex(0)

    qtbot.mouseClick(view.mine, Qt.MouseButton.LeftButton)
    assert view.mine.isChecked()
    assert shown_families(view) == ["Ashworth", "Chowdhury"]  # allocated to the worker
    assert view.current_filter().mine == profile.username
    qtbot.mouseClick(view.mine, Qt.MouseButton.LeftButton)
    assert len(shown_families(view)) == 4


def test_filters_that_match_nobody_say_so_and_offer_to_clear_them(
    qtbot: QtBot, view: CaseloadView
) -> None:
    """Not a blank table: a line saying nothing matches, and a button that clears the
    search, the level and status filters and "My families only"."""
    qtbot.mouseClick(view.mine, Qt.MouseButton.LeftButton)
    view.level_filter.setCurrentIndex(view.level_filter.findData("child_in_need"))
    assert shown_families(view) == []  # Brennan is not the worker's
    assert view.pages.currentWidget() is view.no_match_page
    assert view.no_match_page.isVisible() and not view.table.isVisible()
    assert "No families match" in view.no_match_page.findChild(QLabel, "noMatchText").text()
    qtbot.mouseClick(view.clear_filters_button, Qt.MouseButton.LeftButton)
    assert len(shown_families(view)) == 4 and view.table.isVisible()
    assert not view.mine.isChecked() and view.level_filter.currentIndex() == 0

    qtbot.keyClicks(view.search, "nobody-here")
    assert view.no_match_page.isVisible()
    qtbot.mouseClick(view.clear_filters_button, Qt.MouseButton.LeftButton)
    assert view.search.text() == "" and view.table.isVisible()
    assert view.search.hasFocus()


def _click_header(qtbot: QtBot, view: CaseloadView, key: str) -> None:
    header = view.table.horizontalHeader()
    section = COLUMN_KEYS.index(key)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    middle = QPoint(x, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)


def test_clicking_a_column_header_sorts_by_it(qtbot: QtBot, view: CaseloadView) -> None:
    _click_header(qtbot, view, "level")
    levels_shown = [view.model.row_at(r).level_rank for r in range(view.model.rowCount())]
    assert levels_shown == sorted(levels_shown)
    assert view.model.row_at(view.model.rowCount() - 1).family_name == "Brennan"

    _click_header(qtbot, view, "level")
    assert view.model.row_at(0).family_name == "Brennan"
    assert view.model.sort_column == ("level", True)

    _click_header(qtbot, view, "last_contact")
    ascending = [view.model.row_at(r).family_name for r in range(view.model.rowCount())]
    assert ascending[0] == "Dunmore"  # no contact yet sorts first
    assert ascending[-1] == "Ashworth"  # the most recent contact

    # The sort survives searching.
    qtbot.keyClicks(view.search, "n")  # Brennan, Chowdhury (Arun), Dunmore; not Ashworth
    assert shown_families(view) == ["Dunmore", "Chowdhury", "Brennan"]


def test_down_from_the_search_box_then_enter_opens_the_family(
    qtbot: QtBot, view: CaseloadView, caseload_store: dict[str, str]
) -> None:
    view.focus_search()
    first = view.model.row_at(0).family_id
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    assert view.selected_family_id() == first
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    second = view.model.row_at(1).family_id
    assert view.selected_family_id() == second
    with qtbot.waitSignal(view.open_family, timeout=1000) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [second]

    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert view.search.hasFocus()


def test_double_click_opens_and_enter_in_the_search_box_opens_a_single_match(
    qtbot: QtBot, view: CaseloadView, caseload_store: dict[str, str]
) -> None:
    rect = view.table.visualRect(view.model.index(2, 1))
    viewport = view.table.viewport()
    with qtbot.waitSignal(view.open_family, timeout=1000) as opened:
        # A real double-click is a press, a release, then the double-click event.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [caseload_store["Chowdhury"]]

    qtbot.keyClicks(view.search, "brennan")
    with qtbot.waitSignal(view.open_family, timeout=1000) as opened:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert opened.args == [caseload_store["Brennan"]]


def test_reload_keeps_search_and_selection(
    qtbot: QtBot, view: CaseloadView, caseload_store: dict[str, str]
) -> None:
    qtbot.keyClicks(view.search, "o")
    view.select_family(caseload_store["Dunmore"])
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert view.search.text() == "o"
    assert view.selected_family_id() == caseload_store["Dunmore"]


def test_an_empty_caseload_shows_a_hint_and_a_new_family_button(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile, tmp_path: Path,
    passphrase: str,
) -> None:
    runner.store = create_store(tmp_path / "empty", passphrase, profile)
    widget = CaseloadView(runner, levels, profile)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.loading_label.isVisible()  # until the rows arrive
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.reload()
    assert widget.pages.currentWidget() is widget.empty_page
    assert widget.empty_new_button.isVisible()
    assert widget.count_label.text() == "0 of 0 families"
    with qtbot.waitSignal(widget.new_family_requested, timeout=1000):
        qtbot.mouseClick(widget.empty_new_button, Qt.MouseButton.LeftButton)


def test_clear_forgets_rows_and_ignores_a_load_already_under_way(
    qtbot: QtBot, view: CaseloadView
) -> None:
    arrived: list[int] = []
    view.loaded.connect(arrived.append)
    view.reload()
    view.clear()  # as a lock does, before that load comes back
    qtbot.waitUntil(lambda: not view._runner.is_busy, timeout=10_000)
    qtbot.wait(50)
    assert arrived == []
    assert view.model.rowCount() == 0
    assert view.pages.currentWidget() is view.loading_label


def test_search_filters_the_model_itself_not_through_a_proxy(
    qtbot: QtBot, view: CaseloadView
) -> None:
    # Filtering happens in the model's own list (fast for 10,000 rows), not per row in Python.
    assert view.table.model() is view.model
    qtbot.keyClicks(view.search, "ash")
    assert view.model.rowCount() == 1
    assert view.model.total_count == 4


class _Paints(QObject):
    """Counts the paint events of the widgets it watches, by widget."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[QObject, int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.counts[watched] = self.counts.get(watched, 0) + 1
        return False


def test_a_keystroke_repaints_the_rows_and_leaves_the_headings_alone(
    qtbot: QtBot, view: CaseloadView
) -> None:
    """Typing changes the rows shown, never the headings: they are neither measured nor
    painted again for a keystroke (that was a fifth of what one cost)."""
    rows, headings = view.table.viewport(), view.table.horizontalHeader().viewport()
    paints = _Paints()
    for widget in (rows, headings):
        widget.installEventFilter(paints)
    qtbot.wait(100)  # whatever the view's first showing left to paint, before any key
    paints.counts.clear()
    for letters, families in (("ash", ["Ashworth"]), ("\b\b\b", None), ("dun", ["Dunmore"])):
        for letter in letters:
            if letter == "\b":
                qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
            else:
                qtbot.keyClick(view.search, letter)
        painted = paints.counts.get(rows, 0)
        qtbot.waitUntil(lambda before=painted: paints.counts.get(rows, 0) > before)
        qtbot.wait(20)  # any paint put off to a later turn of the event loop
        assert shown_families(view) == (
            families or ["Ashworth", "Brennan", "Chowdhury", "Dunmore"])
    assert paints.counts.get(headings, 0) == 0


def test_narrowing_and_widening_the_search_always_matches_a_fresh_filter(
    qtbot: QtBot, view: CaseloadView
) -> None:
    from app.families.caseload import filter_rows

    everything = [view.model.row_at(r) for r in range(view.model.rowCount())]
    for typed in ("b", "br", "bre", "bren", "bre", "b", "", "m1", "m1 2", "m1 2cd", "m"):
        view.search.setText(typed)
        expected = filter_rows(everything, view.current_filter())
        shown = [view.model.row_at(r) for r in range(view.model.rowCount())]
        assert shown == expected, typed
    view.search.setText("ashworth")
    assert view.model.rowCount() == 1
    view.search.setFocus()
    view.search.end(False)
    for _ in range(len("ashworth")):
        qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    assert view.search.text() == ""
    assert view.model.rowCount() == 4


def test_a_search_typed_again_shows_the_rows_as_they_are_now(
    qtbot: QtBot, view: CaseloadView, caseload_runner: TaskRunner, profile: Profile
) -> None:
    """Backspace shows a search typed before without looking again; after a load that
    brings a new family, or a new sort, the same search shows what is there now."""
    from tests.builders import add_family

    view.search.setFocus()
    qtbot.keyClicks(view.search, "dun")
    assert shown_families(view) == ["Dunmore"]
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(view.search, "n")
    assert shown_families(view) == ["Dunmore"]

    caseload_runner.run_store(lambda session: add_family(session, profile, "Dunbar")).result(
        timeout=30)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert shown_families(view) == ["Dunbar", "Dunmore"]
    for _ in range(3):
        qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(view.search, "dun")
    assert shown_families(view) == ["Dunbar", "Dunmore"]

    _click_header(qtbot, view, "family")  # by family name, Z to A
    assert shown_families(view) == ["Dunmore", "Dunbar"]
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(view.search, "n")
    assert shown_families(view) == ["Dunmore", "Dunbar"]


def test_the_idle_search_work_stops_and_first_letters_then_find_what_the_scan_finds(
    qtbot: QtBot, view: CaseloadView
) -> None:
    from app.families.caseload import filter_rows

    qtbot.waitUntil(lambda: not view.model.is_learning, timeout=5000)
    everything = [view.model.row_at(r) for r in range(view.model.rowCount())]
    for letter in ("a", "n", "z", "8"):
        qtbot.keyClicks(view.search, letter)
        shown = [view.model.row_at(r) for r in range(view.model.rowCount())]
        assert shown == filter_rows(everything, view.current_filter()), letter
        qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    assert not view.model.is_learning  # typing starts no idle work


def _columns(view: CaseloadView) -> tuple[int, int, int]:
    """The children's width, every column's together, and the room the table shows."""
    header = view.table.horizontalHeader()
    return (header.sectionSize(COLUMN_KEYS.index("children")), header.length(),
            view.table.viewport().width())


def test_the_children_take_the_room_the_other_columns_leave(
    qtbot: QtBot, view: CaseloadView
) -> None:
    view.resize(1600, 700)
    qtbot.waitUntil(lambda: _columns(view)[1] == _columns(view)[2])
    wide, _, _ = _columns(view)
    header = view.table.horizontalHeader()
    lead = COLUMN_KEYS.index("lead")
    header.resizeSection(lead, header.sectionSize(lead) - 80)  # a worker narrows a column
    qtbot.waitUntil(lambda: _columns(view)[0] == wide + 80)
    assert _columns(view)[1] == _columns(view)[2]


def test_at_large_text_in_a_laptop_window_two_children_show_and_the_table_scrolls(
    qtbot: QtBot, caseload_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    large_text: object,
) -> None:
    """16 pt text in a 1366-pixel window: the columns need more than the window, so the
    table scrolls sideways; the children keep room for two of them, not "Daisy (14…"."""
    view = shown_caseload(qtbot, caseload_runner, levels, profile)
    view.resize(1366, 700)
    needed = view.table.fontMetrics().horizontalAdvance("Priya (6y), Arun (12y)")
    qtbot.waitUntil(lambda: _columns(view)[0] >= needed)
    children, length, room = _columns(view)
    assert length > room and view.table.horizontalScrollBar().maximum() > 0
    row = shown_families(view).index("Chowdhury")
    rect = view.table.visualRect(view.model.index(row, COLUMN_KEYS.index("children")))
    assert rect.width() == children >= needed
