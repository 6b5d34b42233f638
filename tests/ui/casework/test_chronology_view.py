"""The chronology: the timeline from everything recorded, its filters, events
added by hand, and opening where an item came from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.casework import chronology
from app.dates import uk
from app.documents.catalogue import load_document, render_document
from app.documents.layout.document_info import RenderOptions
from app.store.caseload_store import Profile, Store
from db.models import Family
from tests.builders import CaseworkFamily, days
from tests.pdf_text import read_pdf

from ui.casework.chronology_entry_dialog import ChronologyEntryDialog
from ui.casework.visit_dialog import VisitDialog

WAIT = 20_000  # ms for a view to load


def chronology_tab(view: Any) -> Any:
    view.tabs.setCurrentIndex(view.casework.tab_index["chronology"])
    return view.casework.chronology


def types(panel: Any) -> list[str]:
    return [item.type for item in panel.model.rows]


def test_the_timeline_is_built_from_everything_recorded_oldest_first(
    family_view: Any, seeded: CaseworkFamily
) -> None:
    panel = chronology_tab(family_view(seeded.family_id))
    assert types(panel) == [
        "referral",
        "level_change",
        "consent",
        "meeting",
        "event",
        "visit",
    ]
    dates = [item.date for item in panel.model.rows]
    assert dates == sorted(dates)
    assert panel.count_label.text() == "6 items"
    visit = panel.model.rows[-1]
    assert panel.model.columns[0].text(visit) == f"{uk(days(-20))}\n10:30"
    assert "Seen alone: Noah Ashworth" in panel.model.columns[2].text(visit)
    event = panel.model.rows[4]
    assert "Impact on the child: Noah was frightened." in panel.model.columns[2].text(event)
    assert panel.model.columns[5].text(event) == "★"


def test_filters_by_type_child_and_significance(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    panel = chronology_tab(family_view(seeded.family_id))
    panel.type_filter.set_code("visit")
    qtbot.waitUntil(lambda: types(panel) == ["visit"], timeout=WAIT)
    panel.type_filter.set_code("")
    panel.significant_only.setChecked(True)
    qtbot.waitUntil(
        lambda: types(panel) == ["referral", "level_change", "meeting", "event"], timeout=WAIT
    )
    panel.significant_only.setChecked(False)
    panel.child_filter.set_code(seeded.child_id)  # Maisie: the Noah-only event goes
    qtbot.waitUntil(lambda: "event" not in types(panel) and "visit" in types(panel), timeout=WAIT)
    panel.type_filter.set_code("closure")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=WAIT)
    assert panel.empty.text() == "Nothing matches these filters."


def test_a_significant_event_is_added_by_hand(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    panel = chronology_tab(family_view(seeded.family_id))
    panel.add_event()
    dialog = panel.dialog
    assert isinstance(dialog, ChronologyEntryDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["event"].error == "Say what happened."
    dialog.occurred_on.setText(uk(days(-20)))  # the day of the 10:30 visit
    qtbot.keyClicks(dialog.event_text, "Maisie excluded from nursery for a day after biting.")
    qtbot.keyClicks(dialog.source, "Nursery manager")
    qtbot.keyClicks(dialog.impact, "Maisie was upset and did not want to go back.")
    dialog.child.set_code(seeded.child_id)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: types(panel).count("event") == 2, timeout=WAIT)
    added = next(i for i in panel.model.rows if i.title.startswith("Maisie excluded"))
    assert added.date == days(-20) and added.child == "Maisie Ashworth" and added.significant
    entries = store.run(chronology.list_chronology_entries, profile, seeded.family_id)
    assert any(e.source == "Nursery manager" for e in entries)
    # Recorded now, with only a date: it opens its day, before the visit at 10:30 (issue
    # 17), on the screen and in the printed chronology alike.
    assert types(panel)[-2:] == ["event", "visit"]
    assert panel.model.columns[0].text(panel.model.rows[-2]) == uk(days(-20))
    reference = store.run(lambda s: s.get(Family, seeded.family_id).reference)
    data = store.run(load_document, profile, reference, "chronology")
    printed = " ".join(read_pdf(render_document("chronology", data, RenderOptions())).pages)
    visit_title = panel.model.rows[-1].title
    assert printed.index("Maisie excluded") < printed.index(visit_title)


def test_opening_an_item_shows_where_it_came_from(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    view = family_view(seeded.family_id)
    panel = chronology_tab(view)
    visit_row = types(panel).index("visit")
    panel.table.selectRow(visit_row)
    assert panel.open_button.isEnabled() and not panel.remove_button.isEnabled()
    panel.open_selected()
    visits = view.casework.visits
    assert view.tabs.currentIndex() == view.casework.tab_index["visits"]
    qtbot.waitUntil(lambda: isinstance(visits.dialog, VisitDialog), timeout=WAIT)
    assert visits.dialog.visit.id == seeded.final_visit_id
    visits.dialog.reject()
    qtbot.waitUntil(lambda: visits.dialog is None, timeout=WAIT)

    view.tabs.setCurrentIndex(view.casework.tab_index["chronology"])
    panel.table.selectRow(types(panel).index("meeting"))
    panel.open_selected()
    assert view.tabs.currentIndex() == view.casework.tab_index["meetings"]
    assert view.casework.meetings.selected().id == seeded.meeting_id

    view.tabs.setCurrentIndex(view.casework.tab_index["chronology"])
    panel.table.selectRow(types(panel).index("consent"))
    panel.open_selected()
    assert view.tabs.currentIndex() == view.consent_tab
