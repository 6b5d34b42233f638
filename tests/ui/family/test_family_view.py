"""The family view, driven as a worker would: real widgets, a real encrypted store."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select, update

from app import dates
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, Family, OutboxOp, Person
from tests.builders import Agency, Level, Member, add_family, days, in_store

from ui.family.family_view import FamilyView
from ui.family.level_dialog import LevelDialog
from ui.family.person_dialog import PersonDialog
from ui.shell.task_runner import TaskRunner

TODAY = dates.today()
# Synthetic NHS numbers from the 999 range used for testing (valid check digits).
NHS_PARENT = "9990000018"


def fernwoods(store: Store, profile: Profile, levels: LevelsOfNeed, *, history: bool = True) -> str:
    """A synthetic family of five (one unborn) at Early Help; optionally 3 earlier decisions."""
    by = "Team Around the Family meeting"
    path = [Level("early_help", days(-80), "Request for help agreed at the first visit.", by)]
    if history:
        path += [
            Level("child_in_need", days(-50),
                  "Concerns about home conditions rose after a police report. "
                  "The family agreed to a social care assessment; the school and health visitor "
                  "shared what they had seen at a strategy discussion with the family present.",
                  by),
            Level("early_help", days(-20),
                  "Social care assessment closed; stepped down to early help.", by),
        ]
    return in_store(
        store, add_family, profile, "Fernwood",
        address_line1="12 Example Row", town="Runcorn", postcode="WA7 1ZZ",
        phone="01632 960123", email="fernwood.family@example.org",
        contact_notes="Mornings are best; knock loudly.",
        lead_professional="Sam Placeholder", lead_agency="Health visiting",
        request_date=days(-90), request_source="health_visitor",
        request_reason="Parents asked for help with routines and a housing repair.",
        people=(
            Member("alex", "parent_carer", "Alex", dt.date(1994, 5, 17), "Mother",
                   details={"gender": "Female", "language": "English",
                            "ethnicity":
                            "White: English, Welsh, Scottish, Northern Irish or British",
                            "nhs_number": NHS_PARENT}),
            Member("jordan", "parent_carer", "Jordan", dt.date(1991, 2, 3), "Father",
                   details={"gender": "Male", "language": "Polish",
                            "ethnicity": "White: any other White background"}),
            Member("mia", "child", "Mia", days(-(365 * 6 + 40)), "Daughter",
                   details={"gender": "Female", "school_or_setting": "Example Primary School"}),
            Member("leo", "child", "Leo", days(-300), "Son", details={"gender": "Male"}),
            Member("unborn", "unborn", "", relationship="Son or daughter", expected=days(70)),
        ),
        agencies=(Agency("school", "School", "Pat Example", "Designated safeguarding lead",
                         "01632 960999"),),
        levels=levels, level_path=path,
    ).id


@pytest.fixture
def family_id(store: Store, profile: Profile, levels: LevelsOfNeed) -> str:
    return fernwoods(store, profile, levels)


@pytest.fixture
def view(qtbot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile) -> FamilyView:
    widget = FamilyView(store_runner, levels, profile)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def open_family(qtbot, view: FamilyView, family_id: str) -> None:
    view.show_family(family_id)
    qtbot.waitUntil(lambda: view.is_loaded)


def cell(table, row: int, column: int) -> str:
    return table.model().index(row, column).data()


def column_texts(table, column: int) -> list[str]:
    return [cell(table, r, column) for r in range(table.model().rowCount())]


def row_of(table, column: int, text: str) -> int:
    return column_texts(table, column).index(text)


def count(store: Store, statement) -> int:
    return store.run(lambda s: s.scalar(statement))


def test_open_family_shows_loading_then_members_agencies_and_history(qtbot, view, family_id):
    view.show_family(family_id)
    assert view.pages.currentWidget() is view.loading_page
    assert view.loading_label.text() == "Loading…"
    qtbot.waitUntil(lambda: view.is_loaded)

    assert view.name_label.text() == "Fernwood family"
    assert view.level_badge.text() == "Early Help"
    assert "Sam Placeholder (Health visiting)" in view.lead_label.text()
    assert "Robin Testworker, Family support worker (you)" in view.allocated_label.text()
    assert view.tabs.tabText(0) == "Household (5)"

    names = column_texts(view.household_table, 0)
    assert names == [
        "Unborn baby", "Mia Fernwood", "Leo Fernwood", "Jordan Fernwood", "Alex Fernwood"
    ]
    unborn = 0
    due = TODAY + dt.timedelta(days=70)
    assert cell(view.household_table, unborn, 3) == f"due {due:%d/%m/%Y}"
    assert cell(view.household_table, unborn, 4) == "unborn"
    assert cell(view.household_table, 1, 4) == "6 years"
    assert cell(view.household_table, 2, 4) == "9 months"
    assert cell(view.household_table, 3, 7) == "Polish"

    assert column_texts(view.agency_table, 0) == ["School"]
    assert cell(view.agency_table, 0, 1) == "Pat Example"

    history = view.history_table
    assert history.model().rowCount() == 3
    assert column_texts(history, 1) == ["▼ Step down", "▲ Step up", "● First decision"]
    assert cell(history, 1, 2) == "Early Help" and cell(history, 1, 3) == "Child in Need"
    assert "police report" in cell(history, 1, 4)
    assert cell(history, 1, 5) == "Team Around the Family meeting"
    step_up_background = history.model().index(1, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert step_up_background is not None  # step ups and downs are visibly marked

    assert view.contact_labels["address"].text() == "12 Example Row\nRuncorn\nWA7 1ZZ"
    assert view.request_labels["source"].text() == "Health visitor"


def test_opening_a_family_is_audited(qtbot, view, family_id, store):
    opens = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "open")
    before = count(store, opens)
    open_family(qtbot, view, family_id)
    after = count(store, opens)
    assert after == before + 1


def test_nhs_number_is_masked_until_shown(qtbot, view, family_id):
    open_family(qtbot, view, family_id)
    table = view.household_table
    alex = row_of(table, 0, "Alex Fernwood")
    assert cell(table, alex, 9) == "••• ••• 0018"
    assert "9990000018" not in "".join(str(cell(table, alex, c)) for c in range(10))

    qtbot.mouseClick(view.nhs_button, Qt.MouseButton.LeftButton)
    assert cell(table, alex, 9) == "999 000 0018"
    assert view.nhs_button.text() == "Hide &NHS numbers"

    qtbot.mouseClick(view.nhs_button, Qt.MouseButton.LeftButton)
    assert cell(table, alex, 9) == "••• ••• 0018"

    qtbot.mouseClick(view.nhs_button, Qt.MouseButton.LeftButton)
    view.hide()  # leaving the family (or locking) hides them again
    view.show()
    assert cell(table, alex, 9) == "••• ••• 0018"
    assert view.nhs_button.text() == "Show &NHS numbers"


def test_nhs_numbers_are_masked_again_for_another_family(
    qtbot, view, family_id, store, profile, levels,
):
    open_family(qtbot, view, family_id)
    qtbot.mouseClick(view.nhs_button, Qt.MouseButton.LeftButton)
    assert view.nhs_visible
    other = fernwoods(store, profile, levels, history=False)
    open_family(qtbot, view, other)
    assert not view.nhs_visible
    alex = row_of(view.household_table, 0, "Alex Fernwood")
    assert cell(view.household_table, alex, 9) == "••• ••• 0018"


def test_add_child_by_typing_refuses_future_birth_then_saves(qtbot, view, family_id, store):
    open_family(qtbot, view, family_id)
    people_before = count(store, select(func.count()).select_from(Person))
    outbox_before = count(store, select(func.count()).select_from(OutboxOp))

    qtbot.mouseClick(view.add_person_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    assert dialog.role.code() == "child"
    assert dialog.family_name.text() == "Fernwood"  # the family's name is offered
    qtbot.keyClicks(dialog.given_name, "Ruby")
    future = TODAY + dt.timedelta(days=30)
    qtbot.keyClicks(dialog.date_of_birth, future.strftime("%d/%m/%Y"))
    qtbot.keyClicks(dialog.relationship.lineEdit(), "Daughter")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    row = dialog.rows["date_of_birth"]
    assert row.error == "A date of birth cannot be in the future."
    assert row.error_label.isVisible()
    assert dialog.isVisible()
    assert count(store, select(func.count()).select_from(Person)) == people_before

    dialog.date_of_birth.clear()
    born = TODAY - dt.timedelta(days=365 * 3 + 10)
    qtbot.keyClicks(dialog.date_of_birth, born.strftime("%-d/%-m/%Y"))
    assert dialog.dob_row.hint_label.text() == "Age today: 3 years"
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert row.error == ""
    qtbot.waitUntil(lambda: "Ruby Fernwood" in column_texts(view.household_table, 0))
    ruby = row_of(view.household_table, 0, "Ruby Fernwood")
    assert cell(view.household_table, ruby, 3) == born.strftime("%d/%m/%Y")
    assert cell(view.household_table, ruby, 2) == "Daughter"
    assert view.tabs.tabText(0) == "Household (6)"
    assert view.dialog is None  # closed after saving

    person_id = saved.args[0]
    assert count(store, select(func.count()).select_from(Person)) == people_before + 1
    assert count(store, select(func.count()).select_from(OutboxOp)) > outbox_before
    assert count(
        store,
        select(func.count()).select_from(OutboxOp).where(
            OutboxOp.entity == "person", OutboxOp.entity_id == person_id
        ),
    ) == 1
    assert count(
        store,
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "create", AuditEvent.entity_id == person_id,
            AuditEvent.actor == "robin.testworker",
        ),
    ) == 1


def test_add_unborn_baby_shows_due_date(qtbot, view, family_id):
    open_family(qtbot, view, family_id)
    qtbot.mouseClick(view.add_person_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog.rows["date_of_birth"].isVisibleTo(dialog)
    assert not dialog.rows["expected_date"].isVisibleTo(dialog)
    dialog.role.setFocus()
    dialog.role.setCurrentIndex(dialog.role.findData("unborn"))
    assert dialog.rows["expected_date"].isVisibleTo(dialog)
    assert not dialog.rows["date_of_birth"].isVisibleTo(dialog)
    assert not dialog.rows["nhs_number"].isVisibleTo(dialog)

    due = TODAY + dt.timedelta(days=120)
    qtbot.keyClicks(dialog.given_name, "Bluebell")
    qtbot.keyClicks(dialog.expected_date, due.strftime("%d/%m/%Y"))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Bluebell Fernwood (unborn)" in column_texts(view.household_table, 0))
    row = row_of(view.household_table, 0, "Bluebell Fernwood (unborn)")
    assert cell(view.household_table, row, 3) == f"due {due:%d/%m/%Y}"
    assert cell(view.household_table, row, 1) == "Unborn baby"


def test_edit_parent_by_double_click(qtbot, view, family_id, store):
    open_family(qtbot, view, family_id)
    table = view.household_table
    jordan = row_of(table, 0, "Jordan Fernwood")
    table.selectRow(jordan)
    rect = table.visualRect(table.model().index(jordan, 0))
    # Qt 6's test double click needs the first click before it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog)
    assert [d for d in view.findChildren(PersonDialog) if d.isVisible()] == [dialog]  # only one
    assert dialog.given_name.text() == "Jordan"
    assert dialog.language.code() == "Polish"

    qtbot.mouseClick(dialog.interpreter, Qt.MouseButton.LeftButton)
    dialog.school.clear()
    qtbot.keyClicks(dialog.school, "Example College")
    with qtbot.waitSignal(view.runner.changes, timeout=5000) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    notice = changed.args[0]
    assert notice.touches(family_id, {"person"}) and notice.families == {family_id}
    qtbot.waitUntil(
        lambda: cell(table, row_of(table, 0, "Jordan Fernwood"), 7) == "Polish (interpreter needed)"
    )
    assert cell(table, row_of(table, 0, "Jordan Fernwood"), 8) == "Example College"
    updates = count(
        store,
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.entity == "person"
        ),
    )
    assert updates == 1


def test_change_level_early_help_to_child_in_need_is_a_step_up(qtbot, view, store, profile, levels):
    family_id = fernwoods(store, profile, levels, history=False)
    open_family(qtbot, view, family_id)
    assert view.level_badge.text() == "Early Help"
    qtbot.mouseClick(view.level_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, LevelDialog)
    assert dialog.decided_on.date() == TODAY
    assert dialog.decided_by.text() == "Robin Testworker"

    dialog.level.setCurrentIndex(dialog.level.findData("child_in_need"))
    assert dialog.direction_text == "This is a step up to children's social care."
    dialog.level.setCurrentIndex(dialog.level.findData("universal"))
    assert dialog.direction_text.startswith("This moves the family down a level")
    dialog.level.setCurrentIndex(dialog.level.findData("child_in_need"))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["reason"].error.startswith("Say why the level is changing")
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.reason, "Threshold met after strategy discussion.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.history_table.model().rowCount() == 2)
    history = view.history_table
    assert cell(history, 0, 0) == TODAY.strftime("%d/%m/%Y")
    assert cell(history, 0, 1) == "▲ Step up"
    assert (cell(history, 0, 2), cell(history, 0, 3)) == ("Early Help", "Child in Need")
    assert cell(history, 0, 4) == "Threshold met after strategy discussion."
    assert cell(history, 0, 5) == "Robin Testworker"
    assert view.level_badge.text() == "Child in Need"
    assert "Stepped up" in view.status_label.text()
    level_ops = count(
        store, select(func.count()).select_from(OutboxOp).where(OutboxOp.entity == "level_change")
    )
    assert level_ops == 2


def test_remove_person_asks_first(qtbot, view, family_id, store):
    open_family(qtbot, view, family_id)
    table = view.household_table
    table.selectRow(row_of(table, 0, "Leo Fernwood"))
    questions: list[str] = []
    view.confirm = lambda title, text: questions.append(text) or False
    qtbot.mouseClick(view.remove_person_button, Qt.MouseButton.LeftButton)
    assert "Leo Fernwood" in questions[0]
    assert "Leo Fernwood" in column_texts(table, 0)

    view.confirm = lambda title, text: True
    with qtbot.waitSignal(view.runner.changes, timeout=5000):
        qtbot.mouseClick(view.remove_person_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Leo Fernwood" not in column_texts(table, 0))
    deleted = count(
        store,
        select(func.count()).select_from(OutboxOp).where(
            OutboxOp.entity == "person", OutboxOp.deleted.is_(True)
        ),
    )
    assert deleted == 1


def test_add_agency_with_named_contact(qtbot, view, family_id):
    open_family(qtbot, view, family_id)
    view.tabs.setCurrentIndex(2)
    qtbot.mouseClick(view.add_agency_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    qtbot.keyClicks(dialog.agency.lineEdit(), "Housing")
    qtbot.keyClicks(dialog.contact_name, "Chris Sample")
    qtbot.keyClicks(dialog.email, "not-an-email")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["email"].error == "This is not an email address."
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "housing.officer@example.org")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Housing" in column_texts(view.agency_table, 0))
    row = row_of(view.agency_table, 0, "Housing")
    assert cell(view.agency_table, row, 1) == "Chris Sample"
    assert view.tabs.tabText(2) == "Agencies involved (2)"


def test_escape_and_back_button_ask_to_go_back(qtbot, view, family_id):
    open_family(qtbot, view, family_id)
    with qtbot.waitSignal(view.back_requested, timeout=2000):
        qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    view.household_table.setFocus()
    view.activateWindow()
    with qtbot.waitSignal(view.back_requested, timeout=2000):
        qtbot.keyClick(view.household_table, Qt.Key.Key_Escape)


def test_a_family_that_is_gone_shows_a_clear_message(qtbot, view):
    view.show_family("00000000-0000-0000-0000-000000000000")
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.error_page)
    assert view.error_label.text() == "That family is no longer in this store."
    assert not view.is_loaded


def test_the_allocated_worker_is_named_never_shown_as_a_username(
    qtbot, view, store, profile, levels
) -> None:
    """Issue 17: a store knows colleagues only by username; the header names them."""
    for username, shown in (("imran.webb", "Imran Webb"), ("iw2041", "Another worker")):
        fid = in_store(store, add_family, profile, "Eval-Testwood", allocated_to=username,
                       levels=levels, level_path=("early_help",)).id
        store.run(lambda s, f=fid, u=username: s.execute(
            update(Family).where(Family.id == f).values(updated_by=u)))
        open_family(qtbot, view, fid)
        words = view.allocated_label.text()
        assert shown in words and username not in words
        assert view.name_label.toolTip().endswith(f" by {shown}")
