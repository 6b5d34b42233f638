"""The conflicts view for changes kept by the service after a family moved: it says who
made the change and when, and a new record not on this computer can be added.

Real widgets over a real store, driven with the mouse; all data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QRadioButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.families import households as families
from app.store.caseload_store import Profile, Store
from db.models import Family, OutboxOp, Person, SyncConflict

from ui.shell.task_runner import TaskRunner
from ui.sync.conflicts_view import ConflictsView

UTC = dt.UTC
PERSON = "5d1c7e0a-2b8f-4e61-9d3a-6c0f1e2a3b4c"
SCREENSHOT = os.environ.get("HEARTH_CONFLICTS_SCREENSHOT", "")


def _store_with_kept_changes(store: Store, profile: Profile) -> str:
    fid = store.run(families.save_family, profile,
                    families.FamilyData(id=None, family_name="Quince", town="Runcorn"))

    def add(session: Any) -> None:
        session.query(OutboxOp).delete()
        session.get(Family, fid).version = 7
        made = dt.datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
        session.add(SyncConflict(
            id="c-town", entity="family", record_id=fid, family_id=fid, field="town",
            base_value="Runcorn", local_value="Halton", server_value="Runcorn",
            reason="out_of_scope", from_server=True, made_by="alice.smith", made_at=made,
            created_at=dt.datetime(2026, 12, 4, 9, 0, tzinfo=UTC)))
        session.add(SyncConflict(
            id="c-new", entity="person", record_id=PERSON, family_id=fid,
            field="(new record)", base_value=None, server_value=None,
            local_value={"family_id": fid, "role": "child", "given_name": "Rowan",
                         "family_name": "Quince", "date_of_birth": "2020-02-02"},
            reason="out_of_scope", from_server=True, made_by="e40213", made_at=made,
            created_at=dt.datetime(2026, 12, 4, 9, 1, tzinfo=UTC)))

    store.run(add)
    return fid


def _click(qtbot: QtBot, widget: Any) -> None:
    """Click where a person would: on a radio button's circle, a push button's middle."""
    if isinstance(widget, QRadioButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_change_by_a_worker_who_no_longer_holds_the_family_says_who_and_when(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile
) -> None:
    runner.store = store
    fid = _store_with_kept_changes(store, profile)
    view = ConflictsView(runner, profile)
    qtbot.addWidget(view)
    view.load_and_open()
    qtbot.waitUntil(view.isVisible)
    assert [i.id for i in view.items] == ["c-town", "c-new"]

    first = view.list.visualItemRect(view.list.item(0)).center()
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert view.made_label.isVisible()
    # issue 17: a person by name, never the server's username
    assert view.made_label.text() == "Changed by Alice Smith on 03/12/2026 at 14:05."
    assert "made by a worker who no longer holds this family" in view.reason_label.text().lower()
    assert view.here_caption.text() == "Value entered by Alice Smith"
    assert view.here_box.toPlainText() == "Halton"
    assert view.server_box.toPlainText() == "Runcorn"
    assert view.choice_box.isVisible()
    assert view.choose_here.text() == "Keep the value entered by Alice Smith"
    if SCREENSHOT:
        view.grab().save(SCREENSHOT)

    _click(qtbot, view.choose_here)
    assert view.apply_button.isEnabled()
    with qtbot.waitSignal(view.resolved):
        _click(qtbot, view.apply_button)
    qtbot.waitUntil(lambda: view.list.count() == 1)
    assert store.run(lambda s: s.get(Family, fid).town) == "Halton"
    op_id = store.run(lambda s: s.get(SyncConflict, "c-town").resolve_op_id)
    op = store.run(lambda s: s.scalar(select(OutboxOp).where(OutboxOp.op_id == op_id)))
    assert op.fields == {"town": "Halton"} and op.base_version == 7

    # The new record another worker made (their username is a code) is shown with its
    # values, and can be added here.
    assert view.current is not None and view.current.id == "c-new"
    assert view.made_label.text() == "Changed by Another worker on 03/12/2026 at 14:05."
    shown = [w.text() for kind in (QLabel, QRadioButton) for w in view.findChildren(kind)
             if w.isVisible()]
    assert not [t for t in shown if "e40213" in t]
    assert "Person" in view.record_label.text() and "Quince" in view.record_label.text()
    assert view.here_caption.text() == "The new record"
    assert "Given name: Rowan" in view.here_box.toPlainText()
    assert "Date of birth: 02/02/2020" in view.here_box.toPlainText()
    assert not view.server_box.isVisible() and not view.merged.isVisible()
    assert (view.choose_here.text(), view.choose_server.text()) == (
        "Add this record", "Leave it out")
    if SCREENSHOT:
        view.grab().save(SCREENSHOT.replace(".png", "-new-record.png"))
    _click(qtbot, view.choose_here)
    with qtbot.waitSignal(view.resolved):
        _click(qtbot, view.apply_button)
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.empty)
    person = store.run(lambda s: s.get(Person, PERSON))
    assert person is not None and person.given_name == "Rowan" and person.family_id == fid
    assert store.run(lambda s: s.get(SyncConflict, "c-new").status) == "resolved"
    runner.store = None


def test_with_nothing_to_resolve_a_small_window_says_what_is_empty_and_what_to_do(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile
) -> None:
    """Issue 17: the empty state filled a 920×606 window with one line."""
    runner.store = store
    view = ConflictsView(runner, profile)
    qtbot.addWidget(view)
    view.load_and_open()
    qtbot.waitUntil(view.isVisible)
    assert view.pages.currentWidget() is view.empty
    words = " ".join(label.text() for label in view.empty.findChildren(QLabel))
    assert "No conflicts to resolve" in words
    assert "choose which value to keep" in words and "Nothing needs a decision now" in words
    assert view.width() <= 720 and view.height() <= 320
    text = view.empty_text
    assert text.isVisible() and text.height() >= text.heightForWidth(text.width())  # not cut
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    runner.store = None


def test_a_one_word_value_takes_one_line(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile
) -> None:
    runner.store = store
    _store_with_kept_changes(store, profile)
    view = ConflictsView(runner, profile)
    qtbot.addWidget(view)
    view.load_and_open()
    qtbot.waitUntil(view.isVisible)
    first = view.list.visualItemRect(view.list.item(0)).center()
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert view.here_box.toPlainText() == "Halton"
    line = view.here_box.fontMetrics().lineSpacing()
    for box in (view.base_box, view.here_box, view.server_box):
        assert box.height() <= line * 2 + 4  # one line and its frame, not a big box
    second = view.list.visualItemRect(view.list.item(1)).center()
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert view.current is not None and view.current.id == "c-new"  # every detail shown
    qtbot.waitUntil(lambda: view.here_box.height() >= line * 4)
    runner.store = None
