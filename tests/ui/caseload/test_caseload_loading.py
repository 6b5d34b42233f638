"""The caseload view while it loads: the first screen shows before the rest arrives,
and the search typed meanwhile applies to every row as it comes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from pytestqt.qtbot import QtBot

from app.demo.seed import seed
from app.families import caseload
from app.families.caseload import CaseloadRow, filter_rows, load_caseload
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store, create_store, open_store
from tests.builders import add_family, in_store

from ui.caseload.caseload_model import COLUMN_KEYS
from ui.caseload.caseload_view import CaseloadView
from ui.shell.task_runner import TaskRunner

FAMILIES = 30


@pytest.fixture
def many_families(
    store_dir: Path, passphrase: str, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 families, read 5 first and then 7 at a time: five chunks in all."""
    store = create_store(store_dir, passphrase, profile)
    try:
        for number in range(FAMILIES):
            in_store(store, add_family, profile, f"Family{number:02d}",
                     postcode=f"WA{number % 4} 1AB")
    finally:
        store.close()
    monkeypatch.setattr(caseload, "FIRST_SCREEN", 5)
    monkeypatch.setattr(caseload, "CHUNK", 7)


@pytest.fixture
def make_view(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path, passphrase: str
) -> Iterator[Callable[[], CaseloadView]]:
    """Opens the store in ``store_dir`` and shows a caseload view over it (not loaded).
    The views are deleted after the test: a view left over would keep its column widths
    (ui.widgets.window_memory) in the next test's settings when its timer fires."""
    made: list[CaseloadView] = []

    def make() -> CaseloadView:
        store: Store = runner.run_on_store_thread(
            lambda: open_store(store_dir, passphrase)
        ).result(30)
        runner.store = store
        view = CaseloadView(runner, levels, store.profile)
        made.append(view)
        view.resize(1280, 700)
        view.show()
        return view

    yield make
    for view in made:
        view.close()
        view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shown(view: CaseloadView) -> list[str]:
    column = COLUMN_KEYS.index("family")
    return [view.model.index(row, column).data() for row in range(view.model.rowCount())]


@pytest.mark.usefixtures("many_families")
def test_the_first_screen_shows_before_the_rest_arrives(
    qtbot: QtBot, make_view: Callable[[], CaseloadView]
) -> None:
    view = make_view()
    seen: list[tuple[int, bool, str, list[str]]] = []
    loaded: list[int] = []
    view.loaded.connect(loaded.append)

    def arrived(_rows: list[CaseloadRow]) -> None:  # after the view has shown the chunk
        seen.append((view.model.total_count, view.pages.currentWidget() is view.table,
                     view.count_label.text(), shown(view)[:3]))
        if len(seen) == 1:
            view.table.selectRow(1)  # the worker picks a family while the rest arrive

    view.loading.rows_arrived.connect(arrived)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    totals = [total for total, *_ in seen]
    assert totals[0] == 5 and totals[-1] == FAMILIES and len(totals) >= 4
    assert totals == sorted(set(totals))  # each chunk adds families, none twice
    first_total, table_shown, count, top = seen[0]
    assert table_shown and count == "5 of 5 families…"
    assert top == ["Family00", "Family01", "Family02"]  # the first screen, by name
    assert all(entry[3] == top for entry in seen)  # the rest arrive below it
    assert loaded == [FAMILIES]
    assert view.count_label.text() == "30 of 30 families"
    assert shown(view) == [f"Family{n:02d}" for n in range(FAMILIES)]
    assert view.selected_family_id() == view.model.family_id_at(1)  # still Family01


@pytest.mark.usefixtures("many_families")
def test_a_search_typed_while_loading_applies_to_the_rows_still_arriving(
    qtbot: QtBot, make_view: Callable[[], CaseloadView]
) -> None:
    view = make_view()
    counts: list[str] = []

    def first_chunk(_rows: list[CaseloadRow]) -> None:
        if not counts:  # the worker starts typing as soon as the first rows show
            qtbot.keyClicks(view.search, "wa1")  # Family01, 05, 09, 13, ... 29
        counts.append(view.count_label.text())

    view.loading.rows_arrived.connect(first_chunk)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert counts[0] == "1 of 5 families…"
    assert counts[-1] == "8 of 30 families…"
    assert shown(view) == [f"Family{n:02d}" for n in range(1, FAMILIES, 4)]
    assert view.count_label.text() == "8 of 30 families"
    view.clear_filters()
    assert view.model.rowCount() == FAMILIES


def test_an_empty_store_shows_its_page_when_the_load_is_over(
    qtbot: QtBot, make_view: Callable[[], CaseloadView], store_dir: Path, passphrase: str,
    profile: Profile,
) -> None:
    create_store(store_dir, passphrase, profile).close()
    view = make_view()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert view.pages.currentWidget() is view.empty_page


@pytest.fixture
def demo_view(
    qtbot: QtBot, make_view: Callable[[], CaseloadView], store_dir: Path, passphrase: str,
    profile: Profile,
) -> Iterator[CaseloadView]:
    store = create_store(store_dir, passphrase, profile, demo=True)
    try:
        seed(store, 200, 3)
    finally:
        store.close()
    view = make_view()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    yield view


def test_typing_in_the_box_shows_what_the_plain_scan_finds(
    qtbot: QtBot, demo_view: CaseloadView, runner: TaskRunner, levels: LevelsOfNeed
) -> None:
    view = demo_view
    assert runner.store is not None
    everything = runner.store.run(load_caseload, levels)  # in the table's order: by name
    some = everything[17]
    words = (some.family_name[:5], some.postcode, some.postcode.replace(" ", ""),
             some.reference, "zz", "a e")
    view.search.setFocus()
    for word in words:
        for char in word:
            qtbot.keyClick(view.search, char)
            expected = filter_rows(everything, view.current_filter())
            assert [view.model.row_at(r) for r in range(view.model.rowCount())] == expected
        while view.search.text():
            qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
            expected = filter_rows(everything, view.current_filter())
            assert [view.model.row_at(r) for r in range(view.model.rowCount())] == expected
