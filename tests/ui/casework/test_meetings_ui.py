"""Meetings & reviews: recording a Family Action Meeting, the suggested next
review, invited-but-absent, and holding a review that updates the plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QWizard
from pytestqt.qtbot import QtBot

from app.casework import meetings, plans
from app.dates import uk
from app.families import households as families
from app.families.households import AgencyData
from app.reference.casework_settings import CaseworkSettings, save_casework_settings
from app.store.caseload_store import Profile, Store
from tests.builders import CaseworkFamily, casework_family, days

from ui.casework.attendees_table import CAME, INVITED
from ui.casework.meeting_dialog import MeetingDialog
from ui.casework.review_wizard import ActionPage, ReviewWizard

WAIT = 20_000  # ms for a view to load


def tick(qtbot: QtBot, table: QTableWidget, row: int, column: int) -> None:
    """Click the tick box in a cell of the attendees table, as a person does."""
    item = table.item(row, column)
    assert item is not None
    table.scrollToItem(item)
    where = table.visualItemRect(item).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def meetings_tab(view: Any) -> Any:
    view.tabs.setCurrentIndex(view.casework.tab_index["meetings"])
    return view.casework.meetings


def test_a_family_action_meeting_is_recorded_with_who_came_and_who_did_not(
    qtbot: QtBot, store: Store, profile: Profile, levels: Any, family_view: Any
) -> None:
    family = casework_family(store, profile, levels, with_meeting=False, with_visit=False)
    panel = meetings_tab(family_view(family.family_id))
    assert panel.empty.isVisibleTo(panel)
    panel.new_meeting()
    dialog = panel.dialog
    assert isinstance(dialog, MeetingDialog)
    form = dialog.form
    assert form.kind.code() == "family_action_meeting"
    assert form.kind.findData("review") < 0  # reviews are held with "Hold a review…"

    form.held_on.setText(uk(days(-2)))
    assert form.next_review.date() == days(-2) + dt.timedelta(weeks=6)
    assert "6 weeks after the meeting" in form.review_row.hint_label.text()
    qtbot.keyClicks(form.venue, "Riverside Children's Centre")
    qtbot.keyClicks(form.chair, "Sam Placeholder")
    table = form.attendees
    jade, liam = table.row_of("Jade Ashworth"), table.row_of("Liam Carter")
    jo = table.row_of("Jo Example")
    assert min(jade, liam) < table.row_of("Noah Ashworth")  # parents first
    table.set_checked(jade, CAME, True)  # came: invited too
    assert table.is_checked(jade, INVITED)
    table.set_checked(liam, INVITED, True)  # invited, did not come
    table.set_checked(jo, CAME, True)
    other = table.add_other()
    table.item(other, 0).setText("Pat Example")
    table.item(other, 1).setText("Housing officer")
    qtbot.keyClicks(form.family_views, "Jade wants the damp fixed before winter.")
    qtbot.keyClicks(form.child_views, "Noah drew his bedroom with the mould in black.")
    qtbot.keyClicks(form.decisions, "Housing to inspect within two weeks.")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT)
    saved = store.run(meetings.list_meetings, profile, family.family_id)[0]
    assert saved.held_on == days(-2)
    assert saved.next_review_on == days(-2) + dt.timedelta(weeks=6)
    assert {a.name for a in saved.present} == {"Jade Ashworth", "Jo Example", "Pat Example"}
    assert [a.name for a in saved.absent] == ["Liam Carter"]
    jo_saved = next(a for a in saved.attendees if a.name == "Jo Example")
    assert jo_saved.agency == "Health visiting"
    assert "Invited but did not come: Liam Carter" in panel.detail.toPlainText()
    # The family's next review moved to the meeting's.
    qtbot.waitUntil(lambda: "next review is due" in panel.review_label.text(), timeout=WAIT)
    assert uk(saved.next_review_on) in panel.review_label.text()


def test_the_suggested_review_follows_the_meeting_date_until_typed_over(
    qtbot: QtBot, store: Store, profile: Profile, levels: Any, family_view: Any
) -> None:
    store.run(save_casework_settings, profile, CaseworkSettings(review_interval_weeks=4))
    family = casework_family(store, profile, levels, with_meeting=False, with_visit=False)
    panel = meetings_tab(family_view(family.family_id))
    panel.new_meeting()
    form = panel.dialog.form
    form.held_on.setText(uk(days(-7)))
    assert form.next_review.date() == days(-7) + dt.timedelta(weeks=4)
    form.next_review.clear()
    qtbot.keyClicks(form.next_review, uk(days(10)))
    form.held_on.setText(uk(days(-3)))
    assert form.next_review.date() == days(10)  # the worker's date stays
    form.next_review.setText(uk(days(-5)))
    with qtbot.assertNotEmitted(panel.dialog.saved):
        qtbot.mouseClick(panel.dialog.save_button, Qt.MouseButton.LeftButton)
    assert panel.dialog.rows["next_review_on"].error == "The next review must be after the meeting."
    form.held_on.setText(uk(days(3)))
    qtbot.mouseClick(panel.dialog.save_button, Qt.MouseButton.LeftButton)
    assert "in the future" in panel.dialog.rows["held_on"].error
    assert store.run(meetings.list_meetings, profile, family.family_id) == ()


def test_a_review_steps_through_each_action_and_keeps_the_plan_as_it_stood(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    view = family_view(seeded.family_id)
    panel = meetings_tab(view)
    panel.hold_review()
    wizard = panel.dialog
    assert isinstance(wizard, ReviewWizard)
    assert len(wizard.action_pages) == 5
    # Those invited to the last meeting are invited again.
    table = wizard.form.attendees
    assert table.is_checked(table.row_of("Liam Carter"), INVITED)
    assert not table.is_checked(table.row_of("Liam Carter"), CAME)
    # A review nobody came to is not recorded: the meeting page asks who came.
    meeting_page = wizard.currentPage()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is meeting_page
    came = wizard.form.rows["attendees"]
    assert came.error == "Tick who came to the review: at least one person did."
    tick(qtbot, table, table.row_of("Jade Ashworth"), CAME)
    assert came.error == ""  # gone with the tick
    wizard.form.held_on.setText(uk(days(-1)))
    qtbot.keyClicks(wizard.form.decisions, "Keep going; housing chased again.")

    wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, ActionPage)
    assert page.heading == "Action 1 of 5"
    assert page.action.id == seeded.action_ids[0]
    page.status.set_code("achieved")
    page.note.setPlainText("Assessed; therapy booked.")
    wizard.next()
    second = wizard.currentPage()
    assert second.heading == "Action 2 of 5"
    second.status.set_code("not_achieved")
    while wizard.currentPage() is not wizard.record_page:
        wizard.next()
    summary = wizard.record_page.summary.text()
    assert "5 actions reviewed, 2 updated" in summary
    assert "1 person came" in summary
    with qtbot.waitSignal(wizard.saved, timeout=WAIT) as saved:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    review_id = saved.args[0]

    plan = store.run(plans.load_plan, profile, seeded.family_id)
    first = next(a for a in plan.actions if a.id == seeded.action_ids[0])
    assert first.status == "achieved" and first.progress_note == "Assessed; therapy booked."
    assert next(a for a in plan.actions if a.id == seeded.action_ids[1]).status == "not_achieved"
    detail = store.run(meetings.load_meeting, profile, review_id)
    assert detail.kind == "review" and detail.plan_snapshot is not None
    assert detail.plan_snapshot.taken_on == days(-1)
    # The tabs refresh: the review is listed first, the plan shows its history.
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT)
    plan_tab = view.casework.plan
    assert plan_tab.is_stale  # behind this tab: it reloads when the worker looks at it
    view.tabs.setCurrentWidget(plan_tab)
    qtbot.waitUntil(lambda: plan_tab.history_button.text() == "Plan histo&ry (1)…", timeout=WAIT)
    view.tabs.setCurrentWidget(panel)
    assert panel.model.rows[0].id == review_id
    panel.select_meeting(review_id)
    assert panel.plan_button.isVisible()


def test_a_review_with_a_bad_meeting_date_goes_back_to_the_meeting_page(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    panel = meetings_tab(family_view(seeded.family_id))
    panel.hold_review()
    wizard = panel.dialog
    wizard.form.held_on.setText("not a date")
    wizard.next()
    assert wizard.currentPage() is wizard.meeting_page  # the page refuses to move on
    assert "dd/mm/yyyy" in wizard.form.rows["held_on"].error
    assert wizard.meeting_page.banner.isVisibleTo(wizard)
    assert len(store.run(meetings.list_meetings, profile, seeded.family_id)) == 1


def test_the_meetings_tab_has_no_gap_under_its_rows(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    """Issue 17 ("odd gaps"): the table was as high as half the tab whatever its rows."""
    view = family_view(seeded.family_id)
    view.tabs.setCurrentIndex(view.casework.tab_index["meetings"])
    panel = view.casework.meetings
    qtbot.waitUntil(lambda: panel.table.isVisible() and panel.model.rowCount() > 0)
    table, detail = panel.table, panel.detail
    last = panel.model.rowCount() - 1
    rows_end = table.viewport().mapTo(panel, table.visualRect(panel.model.index(last, 0))
                                      .bottomLeft()).y()
    assert detail.mapTo(panel, detail.rect().topLeft()).y() - rows_end <= 16
    assert detail.height() > table.height()  # the meeting's words take the room


def test_the_attendees_say_each_agency_once_and_show_it_whole(
    qtbot: QtBot, store: Store, profile: Profile, levels: Any, family_view: Any
) -> None:
    """Issue 17: the agency column read "GP, GP" and cut "Adult mental health, Care …"."""
    family = casework_family(store, profile, levels, with_meeting=False, with_visit=False)
    for agency, name, role in (("GP", "Dr Imaginary", "GP"),
                               ("Adult mental health", "Ash Placeholder", "Care coordinator")):
        store.run(families.save_agency, profile, AgencyData(
            id=None, family_id=family.family_id, agency=agency, contact_name=name,
            contact_role=role))
    panel = meetings_tab(family_view(family.family_id))
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, MeetingDialog), timeout=WAIT)
    table = panel.dialog.form.attendees
    qtbot.waitExposed(panel.dialog)
    gp, mental = table.row_of("Dr Imaginary"), table.row_of("Ash Placeholder")
    assert table.item(gp, 1).text() == "GP"
    assert table.item(mental, 1).text() == "Adult mental health, Care coordinator"
    for row in (gp, mental):
        for column in (0, 1):
            cell = table.visualRect(table.model().index(row, column))
            words = table.item(row, column).text()
            needed = table.fontMetrics().boundingRect(
                cell.adjusted(4, 0, -4, 0), int(Qt.TextFlag.TextWordWrap), words)
            assert needed.height() <= cell.height() and needed.width() <= cell.width() - 6
