"""The family view paints its header and first tab as soon as the family is read; the
tabs with records of their own (consent, assessments, plan, meetings, visits,
chronology, oversight) load behind it, the one on screen first, and once they have,
each holds what the store holds."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import casework_family

from ui.family.family_view import FamilyView
from ui.family.tabs_behind import LOADING_TABS
from ui.shell.task_runner import TaskRunner

WAIT = 20_000


def test_the_header_and_first_tab_show_while_the_other_tabs_load_behind(
    qtbot: QtBot, store: Store, profile: Profile, levels: LevelsOfNeed,
    store_runner: TaskRunner, tmp_path: Path,
) -> None:
    family = casework_family(store, profile, levels)
    view = FamilyView(store_runner, levels, profile)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    casework = view.casework
    panels = {"consent": view.consent_panel, "assessments": view.assessments_panel,
              **casework.panels}
    order: list[str] = []
    for key, panel in panels.items():
        panel.loaded.connect(lambda key=key: order.append(key))
    view.tabs.setCurrentIndex(casework.tab_index["visits"])  # the tab the worker is on

    release = threading.Event()
    try:
        view.show_family(family.family_id)
        # Behind the page's own load: every tab's load waits until the store is released.
        store_runner.run_on_store_thread(release.wait)
        qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
        assert view.name_label.text() == "Ashworth family"
        assert view.household_model.rowCount() == 4
        assert not any(panel.is_loaded for panel in panels.values())
        assert view.behind.label.isVisible()
        assert view.behind.label.text() == LOADING_TABS
        assert view.consent_panel.summary.text() == "Loading…"
        assert casework.plan.summary.text() == "Loading…"
        assert not casework.visits.empty.isVisible()  # never "no visits" before they are read
        qtbot.wait(100)  # the layout settles (for the picture only)
        assert not any(panel.is_loaded for panel in panels.values())
        view.grab().save(str(tmp_path / "family-first-part.png"))
    finally:
        release.set()

    qtbot.waitUntil(lambda: all(p.is_loaded for p in panels.values()), timeout=WAIT)
    assert order[0] == "visits"  # the tab on screen loaded first
    assert sorted(order) == sorted(panels)
    assert not view.behind.label.isVisible()
    # Nothing lost: each tab holds the family's records.
    assert casework.plan.plan is not None
    assert sorted(a.id for a in casework.plan.plan.actions) == sorted(family.action_ids)
    assert casework.meetings.data is not None
    assert [m.id for m in casework.meetings.data.meetings] == [family.meeting_id]
    assert [v.id for v in casework.visits.rows] == [family.final_visit_id]
    assert view.consent_panel.status is not None and view.consent_panel.status.can_assess
    assert all(p.family_id == family.family_id for p in panels.values())


def test_another_family_never_shows_the_last_ones_tabs(
    qtbot: QtBot, store: Store, profile: Profile, levels: LevelsOfNeed,
    store_runner: TaskRunner,
) -> None:
    """Opening a second family: until its tabs have loaded they say loading, never the
    first family's records."""
    first = casework_family(store, profile, levels, name="Ashworth")
    second = casework_family(store, profile, levels, name="Brennan", with_plan=False,
                             with_meeting=False, with_visit=False)
    view = FamilyView(store_runner, levels, profile)
    qtbot.addWidget(view)
    view.show()
    view.show_family(first.family_id)
    visits = view.casework.visits
    qtbot.waitUntil(lambda: visits.is_loaded and bool(visits.rows), timeout=WAIT)
    release = threading.Event()
    try:
        view.show_family(second.family_id)
        store_runner.run_on_store_thread(release.wait)
        qtbot.waitUntil(lambda: view.is_loaded and view.family_id == second.family_id,
                        timeout=WAIT)
        assert view.name_label.text() == "Brennan family"
        assert visits.rows == () and visits.model.rowCount() == 0
        assert view.casework.plan.summary.text() == "Loading…"
        assert view.behind.label.isVisible()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not view.behind.is_loading, timeout=WAIT)
    assert visits.rows == () and not view.behind.label.isVisible()
