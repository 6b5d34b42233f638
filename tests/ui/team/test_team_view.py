"""The Team area in the main window: a team lead's button and Ctrl+2, the sign-off queue
oldest first, Enter opening the assessment in its family; none of it for a worker; and a
returned assessment on the worker's Today with the lead's comment."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.casework.assessment_completion import review_assessment
from app.casework.assessment_data import ReviewRequest
from app.reference.levels_of_need import LevelsOfNeed
from app.screens.team_drift import drift
from app.store.caseload_store import Profile, Store, create_store
from tests.builders import (
    OTHER_WORKER,
    Consent,
    Member,
    add_assessment,
    add_family,
    days,
    in_store,
)

from ui.shell.task_runner import TaskRunner
from ui.team.team_view import TeamView
from ui.widgets.table import selected_row

WAIT = 20_000
LEAD = Profile("Lee Teamlead", "team_lead", "North Locality Team", "lee.lead")
PEOPLE = (Member("mum", "parent_carer", "Jess"), Member("kid", "child", "Kai", days(-3000)))


def lead_store(store_dir: Path, passphrase: str) -> dict[str, str]:
    """A lead's store: two families, each with an assessment waiting (8 and 2 days)."""
    store = create_store(store_dir, passphrase, LEAD)
    try:
        older = in_store(store, add_family, LEAD, "Ashford", people=PEOPLE,
                         allocated_to="robin.testworker").id
        newer = in_store(store, add_family, LEAD, "Birch", people=PEOPLE,
                         allocated_to=OTHER_WORKER).id
        return {
            "newer": in_store(store, add_assessment, LEAD, newer, completed_on=days(-2)),
            "older": in_store(store, add_assessment, LEAD, older, completed_on=days(-8)),
            "older_family": older,
        }
    finally:
        store.close()


def test_a_lead_opens_the_team_area_and_enter_opens_the_oldest_waiting(
    qtbot: QtBot, make_window: Any, store_dir: Path, passphrase: str
) -> None:
    made = lead_store(store_dir, passphrase)
    window = make_window()
    team = window.today.team
    assert team is not None and team.button.isVisible() and team.button.text() == "Tea&m"
    assert team.action.shortcut().toString() == "Ctrl+2"
    assert team.action in window.view_menu.actions()

    qtbot.keyClick(window.caseload.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.areas.currentWidget() is team.view and team.button.isChecked()
    view = team.view
    qtbot.waitUntil(lambda: {"waiting", "drift", "caseloads"} <= view.loaded_tabs, timeout=WAIT)
    rows = view.waiting_model.rows
    assert [r.assessment_id for r in rows] == [made["older"], made["newer"]]
    assert [r.age_days for r in rows] == [8, 2]
    assert view.summary.text() == "2 waiting for your sign-off, the oldest for 8 days."
    assert view.tabs.tabText(0) == "Waiting for me (2)"
    assert view.caseload_model.rowCount() == 3  # two workers and the totals

    table = view.waiting_table
    table.setFocus()
    table.selectRow(0)
    assert selected_row(table, type(rows[0])) is rows[0]
    qtbot.keyClick(table, Qt.Key.Key_Return)
    family = window.family_view
    assert window.areas.currentWidget() is family
    qtbot.waitUntil(lambda: family.family_id == made["older_family"], timeout=WAIT)
    assert family.tabs.currentIndex() == family.assessments_tab
    panel = family.assessments_panel
    qtbot.waitUntil(
        lambda: panel.selected() is not None and panel.selected().id == made["older"],
        timeout=WAIT,
    )
    assert not team.button.isChecked()


def test_a_worker_has_no_team_area(
    make_window: Any, caseload_store: dict[str, str], profile: Profile
) -> None:
    assert profile.role == "family_support_worker"
    window = make_window()
    assert window.today.team is None
    bar_texts = [b.text() for b in window.today.buttons.buttons()]
    assert bar_texts == ["Toda&y", "Case&load"]
    assert "T&eam" not in [a.text() for a in window.view_menu.actions()]


def test_a_returned_assessment_shows_on_the_workers_today_with_the_comment(
    qtbot: QtBot, make_window: Any, store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store = create_store(store_dir, passphrase, profile)
    try:
        fid = in_store(store, add_family, profile, "Ashford", people=PEOPLE).id
        done = in_store(store, add_assessment, profile, fid, completed_on=days(-3))
        store.run(review_assessment, LEAD, ReviewRequest(done, "returned", "Add Kai's words."))
    finally:
        store.close()
    window = make_window()
    today = window.today.view
    qtbot.waitUntil(lambda: today.is_loaded, timeout=WAIT)
    items = today.section_items("returned")
    assert [i.record_id for i in items] == [done]
    text = today.sections["returned"].list.item(0).text()
    assert "returned by Lee Teamlead" in text and "Add Kai's words." in text
    today.open_item(items[0])
    family = window.family_view
    qtbot.waitUntil(
        lambda: family.assessments_panel.selected() is not None
        and family.assessments_panel.selected().id == done,
        timeout=WAIT,
    )


def test_a_drift_line_opens_with_a_double_click_where_it_drifts(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner, levels: LevelsOfNeed
) -> None:
    fid = in_store(store, add_family, profile, "Ashford", people=PEOPLE,
                   last_contact=days(-60)).id
    view = TeamView(store_runner, levels, LEAD)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, check_params_cb=lambda tab: tab == "drift",
                          timeout=WAIT):
        view.reload()
    kinds = [(r.family_id, r.kind) for r in view.drift_model.rows]
    assert kinds == [(fid, "no_contact"), (fid, "consent_missing")]
    view.tabs.setCurrentIndex(1)
    table = view.drift_table
    rect = table.visualRect(view.drift_model.index(1, 0))
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [fid, "consent", ""]


def test_drift_sorts_by_a_column_title(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner, levels: LevelsOfNeed
) -> None:
    for name, ago in (("Ashford", 50), ("Birch", 100), ("Cole", 70)):
        in_store(store, add_family, profile, name, people=PEOPLE, allocated_to=OTHER_WORKER,
                 last_contact=days(-ago), consent=Consent("mum", days(-1)))
    in_store(store, add_family, profile, "Dale", people=PEOPLE, last_contact=days(-200),
             consent=Consent("mum", days(-1)))
    view = TeamView(store_runner, levels, LEAD)
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(view.loaded, check_params_cb=lambda tab: tab == "drift",
                          timeout=WAIT):
        view.reload()
    names = lambda: [r.family_name for r in view.drift_model.rows]  # noqa: E731
    assert names() == ["Dale", "Birch", "Cole", "Ashford"]  # robin before sam, longest first
    header = view.drift_table.horizontalHeader()
    for_column = [c.title for c in view.drift_model.columns].index("For")
    header_x = header.sectionViewportPosition(for_column) + header.sectionSize(for_column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header_x, header.height() // 2))
    assert names() == ["Ashford", "Cole", "Birch", "Dale"]
    # A reload keeps the order chosen.
    with qtbot.waitSignal(view.loaded, check_params_cb=lambda tab: tab == "drift",
                          timeout=WAIT):
        view.reload()
    assert names() == ["Ashford", "Cole", "Birch", "Dale"]


def test_the_quick_tabs_show_while_drift_is_still_loading_and_nothing_is_lost(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner,
    levels: LevelsOfNeed, tmp_path: Path,
) -> None:
    """The sign-off queue and the caseloads are on screen while the store is held from
    reading drift; drift's tab says it is loading until it arrives, and then every line
    the service finds is in it."""
    for name, ago in (("Ashford", 50), ("Birch", 100)):
        fid = in_store(store, add_family, LEAD, name, people=PEOPLE, allocated_to=OTHER_WORKER,
                       last_contact=days(-ago)).id
        in_store(store, add_assessment, LEAD, fid, completed_on=days(-ago // 10))
    view = TeamView(store_runner, levels, LEAD)
    qtbot.addWidget(view)
    view.resize(1280, 700)
    view.show()
    assert view.summary.text() == "Loading…"
    assert view.tabs.tabText(1) == "Drift (loading…)"
    held: list[threading.Event] = []

    def hold_drift(tab: str) -> None:
        if tab == "caseloads":  # before the view asks for drift: drift waits behind it
            held.append(threading.Event())
            store_runner.run_on_store_thread(held[-1].wait)

    view.loaded.connect(hold_drift)
    try:
        with qtbot.waitSignal(view.loaded, check_params_cb=lambda tab: tab == "caseloads",
                              timeout=WAIT):
            view.reload()
        assert view.loaded_tabs == {"waiting", "caseloads"}
        assert view.tabs.tabText(0) == "Waiting for me (2)"
        assert view.summary.text() == "2 waiting for your sign-off, the oldest for 10 days."
        assert view.caseload_model.rowCount() == 2  # the worker and the totals
        assert view.tabs.tabText(1) == "Drift (loading…)" and view.drift_model.rowCount() == 0
        view.grab().save(str(tmp_path / "team-first-part.png"))
    finally:
        for event in held:
            event.set()
    view.loaded.disconnect(hold_drift)
    qtbot.waitUntil(lambda: "drift" in view.loaded_tabs, timeout=WAIT)
    expected = [item for group in store.run(drift, LEAD) for item in group.items]
    assert sorted(view.drift_model.rows, key=repr) == sorted(expected, key=repr)
    assert view.tabs.tabText(1) == f"Drift ({len(expected)})"
