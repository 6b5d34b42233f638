"""Today, the worker's home screen: what is due or overdue (a review due
yesterday is overdue, in red), and each line opening the right place."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework import visit_data, visit_writes
from app.casework.today import today_items
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store, create_store
from db.models import Family
from tests.builders import TODAY, casework_family, days

from ui.caseload.today_sections import FIRST_ROWS, line_text, overdue_colour
from ui.caseload.today_view import TodayView
from ui.casework.visit_dialog import VisitDialog
from ui.shell.task_runner import TaskRunner

WAIT = 20_000  # ms for a view to load


def set_next_review(store: Store, profile: Profile, family_id: str, day: dt.date | None) -> None:
    def work(session: Session) -> None:
        family = session.get(Family, family_id)
        assert family is not None
        records.update(session, profile, family, next_review=day)

    store.run(work)


def plan_visit_today(store: Store, profile: Profile, family_id: str, hour: int = 23) -> str:
    planned = store.run(
        visit_writes.save_visit,
        profile,
        visit_data.VisitRequest(
            family_id=family_id,
            occurred_at=visit_data.uk_to_utc(TODAY, hour, 30),
            kind="home_visit",
            planned=True,
            notes="Check the damp.",
        ),
    )
    return str(planned.id)


def show_today(qtbot: QtBot, runner: TaskRunner, profile: Profile) -> TodayView:
    view = TodayView(runner, profile)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.reload()
    return view


def test_a_review_due_yesterday_is_overdue_and_red(
    qtbot: QtBot,
    store: Store,
    profile: Profile,
    levels: LevelsOfNeed,
    store_runner: TaskRunner,
) -> None:
    late = casework_family(store, profile, levels, name="Ashworth", with_visit=False)
    soon = casework_family(
        store, profile, levels, name="Brennan", with_plan=False, with_visit=False
    )
    set_next_review(store, profile, late.family_id, TODAY - dt.timedelta(days=1))
    set_next_review(store, profile, soon.family_id, TODAY + dt.timedelta(days=3))
    view = show_today(qtbot, store_runner, profile)

    reviews = view.section_items("reviews")
    assert [(i.family_name, i.title, i.overdue) for i in reviews] == [
        ("Ashworth", "Review overdue by 1 day", True),
        ("Brennan", f"Review due on {days(3):%d/%m/%Y}", False),
    ]
    rows = view.sections["reviews"].list
    assert rows.item(0).foreground().color() == QColor(overdue_colour())
    assert rows.item(0).text().startswith("Ashworth family (EH-")
    assert "Review overdue by 1 day" in rows.item(0).text()
    assert rows.item(1).foreground().color() != QColor(overdue_colour())
    assert "1 overdue" in view.sections["reviews"].title.text()
    # The plan's two overdue actions, oldest first.
    actions = view.section_items("actions")
    assert [a.record_id for a in actions] == [late.action_ids[2], late.action_ids[0]]
    assert all(a.overdue for a in actions)
    assert "overdue by 12 days" in actions[0].detail
    assert view.summary.text().startswith("4 things for your families, 3 overdue")


def test_a_review_due_today_is_due_not_overdue(
    qtbot: QtBot,
    store: Store,
    profile: Profile,
    levels: LevelsOfNeed,
    store_runner: TaskRunner,
) -> None:
    family = casework_family(store, profile, levels, with_plan=False, with_visit=False)
    set_next_review(store, profile, family.family_id, TODAY)
    view = show_today(qtbot, store_runner, profile)
    [review] = view.section_items("reviews")
    assert review.title == "Review due today" and not review.overdue


def test_visits_drafts_and_missing_consent_have_their_lines(
    qtbot: QtBot,
    store: Store,
    profile: Profile,
    levels: LevelsOfNeed,
    store_runner: TaskRunner,
) -> None:
    family = casework_family(store, profile, levels, with_plan=False)
    no_consent = casework_family(
        store,
        profile,
        levels,
        name="Chowdhury",
        with_plan=False,
        with_meeting=False,
        with_visit=False,
        consent=False,
    )
    someone_elses = casework_family(
        store,
        profile,
        levels,
        name="Dunmore",
        allocated=False,
        with_plan=False,
        with_meeting=False,
        with_visit=False,
        consent=False,
    )
    planned = plan_visit_today(store, profile, family.family_id)
    draft = store.run(
        visit_writes.save_visit,
        profile,
        visit_data.VisitRequest(
            family_id=family.family_id, occurred_at=visit_data.uk_to_utc(days(-1), 9, 0),
            kind="phone",
        ),
    )
    view = show_today(qtbot, store_runner, profile)
    [visit] = view.section_items("visits")
    assert visit.record_id == planned and visit.title == "Visit planned at 23:30"
    drafts = view.section_items("drafts")
    assert [d.record_id for d in drafts] == [draft.id]
    [consent] = view.section_items("consents")
    assert consent.family_id == no_consent.family_id
    everything = [i.family_id for i in view.items]
    assert someone_elses.family_id not in everything  # only the worker's own families
    assert view.sections["actions"].empty.isVisibleTo(view)
    assert view.sections["actions"].empty.text() == "No plan actions are overdue."


def test_nothing_to_do_says_so(qtbot: QtBot, profile: Profile, store_runner: TaskRunner) -> None:
    view = show_today(qtbot, store_runner, profile)
    assert view.items == ()
    assert view.summary.text().startswith("Nothing is waiting for you, Robin.")
    assert all(section.empty.isVisibleTo(view) for section in view.sections.values())


@contextmanager
def store_thread_held(runner: TaskRunner) -> Iterator[threading.Event]:
    """The store's one thread kept busy until the event is set (at the latest when the
    block ends): what is asked for meanwhile waits behind it, however fast the machine."""
    release = threading.Event()
    runner.run_on_store_thread(release.wait)
    try:
        yield release
    finally:
        release.set()


def test_until_the_figures_are_known_today_says_it_is_loading(
    qtbot: QtBot, profile: Profile, store_runner: TaskRunner
) -> None:
    view = TodayView(store_runner, profile)
    qtbot.addWidget(view)
    view.show()
    # The store's thread is held, so nothing can have been read when the view is looked at
    # (a load fast enough to answer inside reload() made this test fail now and then).
    with store_thread_held(store_runner) as release:
        view.reload()
        qtbot.wait(10)  # events processed: still nothing can have arrived
        for section in view.sections.values():
            assert section.is_loading
            assert section.empty.text() == "Loading…"
            assert section.empty.text() != section.empty_text  # never "every family has consent"
        assert view.summary.text() == "Loading…"
        assert not view.is_loaded
        release.set()
        qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
    consents = view.sections["consents"]
    assert not consents.is_loading
    assert consents.empty.text() == "Every family has consent in force."
    assert view.summary.text() != "Loading…"


def test_what_is_due_shows_before_the_rest_is_read_and_nothing_is_lost(
    qtbot: QtBot, store: Store, profile: Profile, levels: LevelsOfNeed,
    store_runner: TaskRunner, tmp_path: Path,
) -> None:
    """The first part (reviews, actions, visits) is on screen while the store is still
    held from reading the rest (drafts, returns, consent); once the rest arrives, every
    line of every section is there, as the service lists them all at once."""
    late = casework_family(store, profile, levels, name="Ashworth", with_visit=False)
    casework_family(store, profile, levels, name="Chowdhury", with_plan=False,
                    with_meeting=False, with_visit=False, consent=False)
    set_next_review(store, profile, late.family_id, TODAY - dt.timedelta(days=1))
    plan_visit_today(store, profile, late.family_id)
    view = TodayView(store_runner, profile)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    held: list[threading.Event] = []

    def hold_the_rest(_count: int) -> None:
        # Runs before the view asks for the rest: the rest waits behind it.
        held.append(threading.Event())
        store_runner.run_on_store_thread(held[-1].wait)

    view.first_loaded.connect(hold_the_rest)
    try:
        with qtbot.waitSignal(view.first_loaded, timeout=WAIT):
            view.reload()
        qtbot.waitUntil(lambda: view.sections["reviews"].list.count() == 1, timeout=WAIT)
        assert [i.title for i in view.section_items("reviews")] == ["Review overdue by 1 day"]
        assert len(view.section_items("actions")) == 2
        assert len(view.section_items("visits")) == 1
        for key in ("reviews", "actions", "visits"):
            assert not view.sections[key].is_loading
            assert view.sections[key].list.isVisibleTo(view)
        for key in ("drafts", "returned", "consents"):
            assert view.sections[key].is_loading, key
        assert view.summary.text() == "Loading…" and not view.is_loaded
        qtbot.wait(100)  # the layout settles (for the picture only)
        view.grab().save(str(tmp_path / "today-first-part.png"))
    finally:
        for event in held:
            event.set()
    view.first_loaded.disconnect(hold_the_rest)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
    assert not any(section.is_loading for section in view.sections.values())
    assert [i.family_name for i in view.section_items("consents")] == ["Chowdhury"]
    assert view.items == store.run(today_items, profile)
    assert view.summary.text().startswith(f"{len(view.items)} things for your families")


def test_thousands_of_lines_come_in_batches_and_all_arrive(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner
) -> None:
    """A section with more lines than a screen shows the first ones at once and adds the
    others a batch at a time; when it has finished, every line is there, in order."""
    from app.demo.seed import seed

    seed(store, 240, seed=5)  # no casework: none of the worker's families has consent
    expected = [i for i in store.run(today_items, profile) if i.kind == "consent_missing"]
    assert len(expected) > FIRST_ROWS
    view = TodayView(store_runner, profile)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    consents = view.sections["consents"].list
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.reload()
    # Handed over whole, shown a first screenful at once, the rest to follow.
    assert view.section_items("consents") == expected
    assert consents.count() == FIRST_ROWS and view.is_filling
    assert view.sections["consents"].title.text() == f"Consents missing ({len(expected)})"
    qtbot.waitUntil(lambda: not view.is_filling, timeout=WAIT)
    assert [consents.item(n).text() for n in range(consents.count())] == [
        line_text(i) for i in expected
    ]
    # A second load while the first is still filling: only the newer one's lines remain.
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.reload()
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.reload()
    qtbot.waitUntil(lambda: not view.is_filling, timeout=WAIT)
    assert consents.count() == len(expected)


# ---------------------------------------------------------------- in the window


def seeded_store(store_dir: Path, passphrase: str, profile: Profile, levels: LevelsOfNeed) -> Any:
    store = create_store(store_dir, passphrase, profile)
    try:
        family = casework_family(store, profile, levels)
        set_next_review(store, profile, family.family_id, TODAY - dt.timedelta(days=2))
        planned = plan_visit_today(store, profile, family.family_id)
        return family, planned
    finally:
        store.close()


def test_the_window_opens_on_today_and_each_line_opens_the_right_place(
    qtbot: QtBot,
    make_window: Any,
    store_dir: Path,
    passphrase: str,
    profile: Profile,
    levels: LevelsOfNeed,
) -> None:
    family, planned = seeded_store(store_dir, passphrase, profile, levels)
    window = make_window()
    today = window.today
    assert window.areas.currentWidget() is today.view
    assert today.today_button.isChecked() and not today.caseload_button.isChecked()
    qtbot.waitUntil(lambda: today.view.is_loaded, timeout=WAIT)
    assert today.view.section_items("reviews")[0].title == "Review overdue by 2 days"

    # A planned visit: the family on its Visits tab, the visit's dialog open to record it.
    visit_list = today.view.sections["visits"].list
    qtbot.mouseClick(
        visit_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=visit_list.visualItemRect(visit_list.item(0)).center(),
    )
    view = window.family_view
    assert window.areas.currentWidget() is view
    casework = view.casework
    qtbot.waitUntil(lambda: isinstance(casework.visits.dialog, VisitDialog), timeout=WAIT)
    assert view.family_id == family.family_id
    assert view.tabs.currentIndex() == casework.tab_index["visits"]
    dialog = casework.visits.dialog
    assert dialog.visit.id == planned and dialog.save_button.text() == "&Record visit"
    dialog.reject()
    qtbot.waitUntil(lambda: casework.visits.dialog is None, timeout=WAIT)

    # Back to Today (the bar), then an overdue action: the Plan tab with the action chosen.
    qtbot.mouseClick(today.today_button, Qt.MouseButton.LeftButton)
    assert window.areas.currentWidget() is today.view and today.today_button.isChecked()
    qtbot.waitUntil(
        lambda: today.view.is_loaded and bool(today.view.section_items("actions")), timeout=WAIT
    )
    action = today.view.section_items("actions")[0]
    today.view.open_item(action)
    qtbot.waitUntil(
        lambda: (
            (casework.plan.tree.selected() or ("", None))[1] is not None
            and casework.plan.tree.selected()[1].id == action.record_id
        ),
        timeout=WAIT,
    )
    assert view.tabs.currentIndex() == casework.tab_index["plan"]

    # The review line: Meetings & reviews, the last meeting chosen.
    window.today.show()
    qtbot.waitUntil(lambda: today.view.is_loaded, timeout=WAIT)
    today.view.open_item(today.view.section_items("reviews")[0])
    assert view.tabs.currentIndex() == casework.tab_index["meetings"]
    qtbot.waitUntil(
        lambda: (
            casework.meetings.selected() is not None
            and casework.meetings.selected().id == family.meeting_id
        ),
        timeout=WAIT,
    )
    assert "overdue by 2 days" in casework.meetings.review_label.text()

    # The caseload is one click away.
    qtbot.mouseClick(today.caseload_button, Qt.MouseButton.LeftButton)
    assert window.areas.currentWidget() is window.caseload
    assert today.caseload_button.isChecked()


def test_locking_empties_today_and_unlocking_brings_it_back(
    qtbot: QtBot, make_window: Any, store_dir: Path, passphrase: str, profile: Profile,
    levels: LevelsOfNeed,
) -> None:
    seeded_store(store_dir, passphrase, profile, levels)
    window = make_window()
    today = window.today
    qtbot.waitUntil(lambda: today.view.is_loaded, timeout=WAIT)
    assert today.view.items
    window.lock()
    assert window.is_locked
    assert today.view.items == () and today.view.section_items("reviews") == []
    assert not today.bar.isEnabled() and not today.today_action.isEnabled()
    form = window.lock_screen.form
    qtbot.keyClicks(form.passphrase, passphrase)
    with qtbot.waitSignal(window.locked_changed, timeout=WAIT):
        qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert window.areas.currentWidget() is today.view  # back where the worker was
    qtbot.waitUntil(lambda: bool(today.view.section_items("reviews")), timeout=WAIT)
    assert today.bar.isEnabled()


def test_a_long_section_scrolls_inside_its_list_not_the_page(
    qtbot: QtBot, store: Store, profile: Profile, store_runner: TaskRunner
) -> None:
    """A worker with many reviews due and consents missing: each long list scrolls in its
    own section (End reaches its last line); every section stays on the 1366x768 page."""
    from app.demo.seed import seed

    seed(store, 60, seed=4)  # no casework: none of the worker's families has consent

    def all_due_today(session: Session) -> int:
        mine = list(session.scalars(select(Family).where(
            Family.allocated_to == profile.username, Family.status != "closed")))
        for family in mine:
            records.update(session, profile, family, next_review=TODAY)
        return len(mine)

    assert store.run(all_due_today) >= 12
    view = TodayView(store_runner, profile)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        view.reload()
    reviews = view.sections["reviews"].list
    assert reviews.count() >= 12
    bar = reviews.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0)
    assert bar.value() == 0
    reviews.setFocus()
    qtbot.keyClick(reviews, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    for section in view.sections.values():
        bottom = section.mapTo(view, section.rect().bottomLeft()).y()
        assert bottom <= view.height(), f"{section.title_text} runs off the page"
