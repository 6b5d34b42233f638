"""The meeting and visit dialogs show each problem beside its field, clear it the moment
the field is right, and never move another field (issue 17). Real dialogs over a real
store, driven by clicks and keys; synthetic names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from app.families.households import FamilyDetail, load_family
from app.reference.casework_settings import CaseworkSettings
from app.store.caseload_store import Profile, Store
from tests.builders import CaseworkFamily
from tests.ui.test_field_errors import places, retype

from ui.casework.attendees_table import CAME, INVITED
from ui.casework.meeting_dialog import MeetingDialog
from ui.casework.visit_dialog import VisitDialog
from ui.shell.task_runner import TaskRunner


def tick(qtbot: QtBot, table: QTableWidget, row: int, column: int) -> None:
    """Click the tick box in a cell of the attendees table, as a person does."""
    item = table.item(row, column)
    assert item is not None
    table.scrollToItem(item)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center()
    )


def family_of(store: Store, profile: Profile, seeded: CaseworkFamily) -> FamilyDetail:
    detail: FamilyDetail = store.run(load_family, profile, seeded.family_id)
    return detail


def open_meeting(qtbot: QtBot, runner: TaskRunner, profile: Profile,
                 family: FamilyDetail) -> MeetingDialog:
    dialog = MeetingDialog(runner, profile, family, CaseworkSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not runner.is_busy)  # it has looked for a draft
    return dialog


def test_meeting_messages_are_beside_their_fields_go_on_the_fix_and_move_nothing(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    dialog = open_meeting(qtbot, store_runner, profile, family_of(store, profile, seeded))
    form = dialog.form
    others: list[QWidget] = [form.kind, form.venue, form.chair, form.attendees,
                             form.family_views, form.decisions, dialog.save_button]
    before, size = places(others), dialog.size()

    retype(qtbot, form.held_on, "31/02/2020")
    retype(qtbot, form.next_review, "01/01/2020")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form.rows["held_on"].error == "There is no 31 February 2020."  # not "the format"
    assert form.rows["next_review_on"].error == ""  # no meeting date yet to compare with
    assert dialog.banner.isHidden()
    assert places(others) == before and dialog.size() == size

    retype(qtbot, form.held_on, "03/02/2020")
    assert form.rows["held_on"].error == ""  # gone as the last digit is typed
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form.rows["next_review_on"].error == "The next review must be after the meeting."
    assert places(others) == before
    retype(qtbot, form.next_review, "17/03/2020")
    assert form.rows["next_review_on"].error == ""
    assert places(others) == before and dialog.size() == size
    assert dialog.isVisible()


def test_the_meeting_dialog_spaces_its_labels_and_its_ticks_answer_a_click(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    dialog = open_meeting(qtbot, store_runner, profile, family_of(store, profile, seeded))
    form = dialog.form
    label = form.rows["venue"].parentWidget()
    caption = next(
        w for w in dialog.findChildren(type(dialog.banner)) if w.buddy() is form.venue
    )
    assert label is not None
    gap = form.venue.mapTo(dialog, form.venue.rect().topLeft()).x() - caption.mapTo(
        dialog, caption.rect().topRight()
    ).x()
    assert gap >= 8  # the labels touched their fields
    table = form.attendees
    row = table.row_of("Jade Ashworth")
    assert table.item(row, CAME).flags() & Qt.ItemFlag.ItemIsEnabled
    tick(qtbot, table, row, CAME)
    assert table.is_checked(row, CAME) and table.is_checked(row, INVITED)
    tick(qtbot, table, row, CAME)
    assert not table.is_checked(row, CAME)
    table.setCurrentCell(row, INVITED)
    table.setFocus()
    assert table.is_checked(row, INVITED)  # unticking "came" leaves "invited"
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert not table.is_checked(row, INVITED)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert table.is_checked(row, INVITED)

    # A tick alone is something typed: Escape asks before it goes.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    question = dialog.discard_question
    assert isinstance(question, QMessageBox) and dialog.isVisible()
    keep = question.defaultButton()
    assert keep is not None and keep.text() == "&Keep editing"
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.discard_question is None)
    assert dialog.isVisible() and table.is_checked(row, INVITED)


def test_visit_messages_are_beside_their_fields_go_on_the_fix_and_move_nothing(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    dialog = VisitDialog(store_runner, profile, family_of(store, profile, seeded))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(100)  # its scrolling form settles (a scroll bar takes its room) as it shows
    others: list[QWidget] = [dialog.time, dialog.kind, dialog.follow_list, dialog.child_words,
                             dialog.notes, dialog.save_button]
    before, size = places(others), dialog.size()

    retype(qtbot, dialog.date, "31/02/2025")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["occurred_at"].error == "There is no 31 February 2025."
    assert dialog.rows["kind"].error == "Choose the kind of visit or contact."
    assert dialog.banner.isHidden()
    assert places(others) == before and dialog.size() == size

    dialog.kind.setFocus()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # a kind chosen: its message goes
    assert dialog.kind.code() != ""
    assert dialog.rows["kind"].error == ""
    assert dialog.rows["occurred_at"].error == "There is no 31 February 2025."
    retype(qtbot, dialog.date, "28/02/2025")
    assert dialog.rows["occurred_at"].error == ""
    assert places(others) == before and dialog.size() == size
