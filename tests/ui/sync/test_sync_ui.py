"""The sync widgets without a server: the status bar part, the connect dialog's checks,
the conflicts view over conflicts stored in a real store, and the window's Sync menu."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.families import households as families
from app.store.caseload_store import Profile, Store
from app.sync.engine import SyncProgress
from app.sync.status import SyncStatus
from db.models import Family, OutboxOp, SyncConflict

from ui.shell.task_runner import TaskRunner
from ui.sync.conflicts_view import ConflictsView
from ui.sync.enrol_dialog import EnrolDialog
from ui.sync.sync_status import SyncStatusWidget

UTC = dt.UTC


def status(**kw: Any) -> SyncStatus:
    values: dict[str, Any] = dict(enrolled=True, server_url="https://hearth.example.org",
                                  username="robin", device_id="d-1", last_synced=None,
                                  waiting=0, open_conflicts=0)
    values.update(kw)
    return SyncStatus(**values)


# ---------------------------------------------------------------- status bar


def test_status_shows_last_synced_in_uk_time_changes_waiting_and_conflicts(qtbot: QtBot) -> None:
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_state("online", "Synced.")
    # 11:30 UTC on 1 July is 12:30 in the UK (BST); in January it is the same hour.
    widget.show_status(status(last_synced=dt.datetime(2026, 7, 1, 11, 30, tzinfo=UTC),
                              waiting=3, open_conflicts=1))
    assert widget.state_label.text() == "Online"
    assert widget.last_label.text() == "Last synced 01/07/2026 12:30"
    assert widget.waiting_label.text() == "3 changes waiting"
    assert widget.conflicts_button.isVisible()
    assert widget.conflicts_button.text() == "1 conflict to resolve"
    with qtbot.waitSignal(widget.conflicts_requested):
        widget.conflicts_button.click()
    widget.show_status(status(last_synced=dt.datetime(2026, 1, 5, 9, 5, tzinfo=UTC)))
    assert widget.last_label.text() == "Last synced 05/01/2026 09:05"
    assert widget.waiting_label.text() == "No changes waiting"
    assert not widget.conflicts_button.isVisible()
    with qtbot.waitSignal(widget.sync_requested):
        widget.sync_button.click()


def test_status_offline_syncing_and_not_connected(qtbot: QtBot) -> None:
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_status(status())
    widget.show_state("offline", "Cannot reach the server.")
    assert widget.state_label.text() == "Offline" and "Cannot reach" in widget.toolTip()
    assert widget.last_label.text() == "Not synced yet"

    widget.show_state("syncing", "Syncing…")
    assert widget.stop_button.isVisible() and not widget.sync_button.isVisible()
    widget.show_progress(SyncProgress("push", 40, 900))
    assert widget.progress_bar.isVisible() and widget.progress_bar.maximum() == 900
    with qtbot.waitSignal(widget.cancel_requested):
        widget.stop_button.click()
    widget.show_state("stopped", "Sync was stopped.")
    assert not widget.progress_bar.isVisible() and widget.sync_button.isVisible()

    widget.show_status(status(enrolled=False))
    widget.show_state("not_connected", "")
    assert widget.sync_button.text() == "&Connect…"
    assert not widget.last_label.isVisible()
    with qtbot.waitSignal(widget.connect_requested):
        widget.sync_button.click()


def test_status_says_when_records_from_the_service_were_set_aside(qtbot: QtBot) -> None:
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_state("online", "Synced.")
    widget.show_status(status(set_aside=2))
    assert widget.set_aside_label.isVisible()
    assert widget.set_aside_label.text() == "2 records from the service set aside"
    assert "could not be stored on this computer" in widget.set_aside_label.toolTip()
    widget.show_status(status(set_aside=0))
    assert not widget.set_aside_label.isVisible()


def test_a_small_sync_shows_no_progress_bar(qtbot: QtBot) -> None:
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_state("syncing", "")
    widget.show_progress(SyncProgress("push", 2, 3))
    assert not widget.progress_bar.isVisible()


# ---------------------------------------------------------------- connect dialog


def test_connect_dialog_explains_each_problem_next_to_its_field(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    dialog = EnrolDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.server, "http://hearth.example.org")
    dialog.ok_button.click()
    assert "https://" in dialog.server_message.text() and dialog.server_message.isVisible()
    assert dialog.username_message.text() == "Enter your username on the server."
    assert dialog.password_message.text() == "Enter your password."


def test_connect_dialog_says_when_the_server_cannot_be_reached(
    qtbot: QtBot, runner: TaskRunner, store: Store
) -> None:
    runner.store = store
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    dialog = EnrolDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.server, f"http://127.0.0.1:{port}")
    qtbot.keyClicks(dialog.username, "robin")
    qtbot.keyClicks(dialog.password, "not needed")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=20_000)
    assert "Cannot reach the server" in dialog.message.text()
    assert dialog.ok_button.isEnabled() and dialog.isVisible()
    runner.store = None


# ---------------------------------------------------------------- conflicts view


def _conflicted_store(store: Store, profile: Profile) -> str:
    fid = store.run(families.save_family, profile,
                    families.FamilyData(id=None, family_name="Quince", town="Runcorn",
                                        request_date=dt.date(2025, 3, 1)))

    def add(session: Any) -> None:
        session.query(OutboxOp).delete()
        family = session.get(Family, fid)
        family.version = 7
        for cid, field, base, here, server, reason in (
            ("c-town", "town", "Widnes", "Halton", "Runcorn", "conflict"),
            ("c-date", "request_date", "2025-02-01", "2025-02-14", "2025-03-01", "conflict"),
            ("c-final", "reason", None, "Typed after signing", "Signed text", "final"),
        ):
            session.add(SyncConflict(id=cid, entity="family", record_id=fid, family_id=fid,
                                     field=field if field != "reason" else "request_reason",
                                     base_value=base, local_value=here, server_value=server,
                                     reason=reason, from_server=True,
                                     created_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)))

    store.run(add)
    return fid


def test_conflicts_view_shows_three_values_and_saves_each_kind_of_decision(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile
) -> None:
    runner.store = store
    fid = _conflicted_store(store, profile)
    view = ConflictsView(runner, profile)
    qtbot.addWidget(view)
    view.load_and_open()
    qtbot.waitUntil(view.isVisible)
    assert view.list.count() == 3
    labels = [view.items[n].field for n in range(3)]
    view.list.setCurrentRow(labels.index("town"))
    assert "Quince" in view.record_label.text()
    assert (view.base_box.toPlainText(), view.here_box.toPlainText(),
            view.server_box.toPlainText()) == ("Widnes", "Halton", "Runcorn")
    assert not view.apply_button.isEnabled()  # nothing chosen yet

    # Keep the value here: a normal change that names the conflict it settles.
    view.choose_here.click()
    view.apply_button.click()
    qtbot.waitUntil(lambda: view.list.count() == 2)
    assert store.run(lambda s: s.get(Family, fid).town) == "Halton"
    op_id = store.run(lambda s: s.get(SyncConflict, "c-town").resolve_op_id)
    op = store.run(lambda s: s.scalar(select(OutboxOp).where(OutboxOp.op_id == op_id)))
    assert op.fields == {"town": "Halton"} and op.base_version == 7

    # A merged date is read as a UK date; nonsense gets a message and changes nothing.
    labels = [i.field for i in view.items]
    view.list.setCurrentRow(labels.index("request_date"))
    assert view.here_box.toPlainText() == "14/02/2025"
    view.merged.setPlainText("31/02/2025")
    assert view.choose_merged.isChecked()
    view.apply_button.click()
    qtbot.waitUntil(lambda: "dd/mm/yyyy" in view.message.text())
    view.merged.setPlainText("20/02/2025")
    view.apply_button.click()
    qtbot.waitUntil(lambda: view.list.count() == 1)
    assert store.run(lambda s: s.get(Family, fid).request_date) == dt.date(2025, 2, 20)

    # A refused change can only be acknowledged; the value here stays on view until then.
    assert view.items[0].reason == "final"
    assert not view.choice_box.isVisible() and view.acknowledge_note.isVisible()
    assert view.here_box.toPlainText() == "Typed after signing"
    assert view.apply_button.text() == "Keep the server's version"
    with qtbot.waitSignal(view.resolved):
        view.apply_button.click()
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.empty)
    assert store.run(lambda s: s.get(Family, fid).request_reason) == ""
    runner.store = None


# ---------------------------------------------------------------- the window


def test_window_has_a_sync_menu_and_status_before_connecting(
    make_window: Any, caseload_store: Any, qtbot: QtBot, passphrase: str
) -> None:
    window = make_window()
    texts = [a.text() for a in window.sync_menu.actions()]
    assert texts == ["&Connect to server…", "Sync &now", "&Conflicts…", "",
                     "Fetch the council's &settings now"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.index("&Sync") == len(menus) - 2  # just before Help
    qtbot.waitUntil(lambda: window.sync.state == "not_connected")
    assert window.sync_status_widget.sync_button.text() == "&Connect…"
    assert not window.sync_now_action.isEnabled() and window.connect_action.isEnabled()
    assert not window.fetch_reference_action.isEnabled()
    assert window.conflicts_action.isEnabled()

    # Locked, the store is closed: nothing in the Sync menu can be done (issue 17).
    with qtbot.waitSignal(window.locked_changed):
        window.lock_action.trigger()
    assert [a.isEnabled() for a in window.sync_menu.actions() if not a.isSeparator()] == [
        False, False, False, False]
    assert not window.sync_status_widget.sync_button.isEnabled()
    form = window.lock_screen.form
    qtbot.keyClicks(form.passphrase, passphrase)
    with qtbot.waitSignal(window.locked_changed, timeout=20_000):
        qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.sync.state == "not_connected")
    assert [a.isEnabled() for a in window.sync_menu.actions() if not a.isSeparator()] == [
        True, False, True, False]
    assert window.sync_status_widget.sync_button.isEnabled()
    assert window.sync_status_widget.sync_button.text() == "&Connect…"

    window.connect_action.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(EnrolDialog)))
    dialog = window.findChildren(EnrolDialog)[0]
    assert dialog.isVisible()
    dialog.reject()
