"""The window and a live service: connect from the Sync menu, see the status, resolve a
conflict in the conflicts view, a large first sync stopped and resumed, a revoked
device told why its caseload went. Real widgets (offscreen), real stores, real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.demo.seed import seed
from app.records import writes as records
from app.reference.levels_of_need import DEFAULT_FILE, load_levels
from app.store.caseload_store import Profile, Store, create_store
from app.store.unlock_attempts import UnlockAttempts
from app.sync import enrolment
from app.sync.engine import SyncProgress
from app.sync.status import sync_status
from db.models import Family

from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner
from ui.sync.conflicts_view import ConflictsView
from ui.sync.enrol_dialog import EnrolDialog
from ui.sync.sync_controller import SyncController
from ui.sync.sync_status import SyncStatusWidget

WAIT = 60_000


@pytest.fixture
def lee_store(tmp_path: Path, live_server: Any) -> Iterator[Store]:
    profile = Profile("Lee Laptop", "family_support_worker", "North", "lee.laptop")
    store = create_store(tmp_path / "lee", live_server.passphrase, profile)
    yield store
    store.close()


@pytest.fixture
def window_for(qtbot: QtBot, runner: TaskRunner) -> Iterator[Callable[[Store], MainWindow]]:
    windows: list[MainWindow] = []

    def make(store: Store) -> MainWindow:
        window = MainWindow(runner, load_levels(DEFAULT_FILE), store, UnlockAttempts(),
                            idle_lock_ms=600_000)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        return window

    yield make
    for window in windows:
        window.close()


def test_connect_from_the_window_then_status_and_caseload_follow_the_server(
    qtbot: QtBot, client: Any, live_server: Any, lee_store: Store, window_for: Any
) -> None:
    robin = client("robin", "robin")
    robin.new_family("Rowan")
    robin.sync()
    window = window_for(lee_store)
    qtbot.waitUntil(lambda: window.sync.state == "not_connected")

    window.connect_action.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(EnrolDialog)))
    dialog = window.findChildren(EnrolDialog)[0]
    qtbot.keyClicks(dialog.server, live_server.url)
    qtbot.keyClicks(dialog.username, "lee")
    qtbot.keyClicks(dialog.password, "wrong password")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.password_message.isVisible(), timeout=WAIT)
    assert "username or password" in dialog.password_message.text()
    qtbot.keyClicks(dialog.password, live_server.password)
    dialog.ok_button.click()

    qtbot.waitUntil(lambda: window.sync.state == "online", timeout=WAIT)
    assert window.windowTitle() == "Hearth — Lee Synthetic (Team lead)"
    widget = window.sync_status_widget
    qtbot.waitUntil(lambda: widget.last_label.text().startswith("Last synced"), timeout=WAIT)
    assert widget.waiting_label.text() == "No changes waiting"
    assert widget.state_label.text() == "Online"
    caseload = window.caseload
    window.today.caseload_button.click()  # Today is in front; the caseload reloads as shown
    qtbot.waitUntil(lambda: caseload.model.total_count == 1, timeout=WAIT)
    assert caseload.model.row_at(0).family_name == "Rowan"
    assert not window.connect_action.isEnabled() and window.sync_now_action.isEnabled()


def test_conflict_resolved_in_the_window_reaches_the_other_device(
    qtbot: QtBot, client: Any, live_server: Any, lee_store: Store, window_for: Any,
    runner: TaskRunner,
) -> None:
    robin = client("robin", "robin")
    fid = robin.new_family("Sorrel", town="Widnes")
    robin.sync()
    enrolment.enrol(lee_store, live_server.url, "lee", live_server.password)
    window = window_for(lee_store)
    qtbot.waitUntil(lambda: window.sync.state == "online", timeout=WAIT)

    robin.edit(Family, fid, town="Runcorn")
    robin.sync()

    def lee_edits(session: Any) -> None:
        records.update(session, lee_store.profile, session.get(Family, fid), town="Halton")

    runner.run_store(lee_edits)
    widget = window.sync_status_widget
    window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: widget.conflicts_button.isVisible(), timeout=WAIT)
    assert widget.conflicts_button.text() == "1 conflict to resolve"

    widget.conflicts_button.click()
    qtbot.waitUntil(lambda: any(v.isVisible() for v in window.findChildren(ConflictsView)),
                    timeout=WAIT)
    view = next(v for v in window.findChildren(ConflictsView) if v.isVisible())
    assert (view.base_box.toPlainText(), view.here_box.toPlainText(),
            view.server_box.toPlainText()) == ("Widnes", "Halton", "Runcorn")
    view.merged.setPlainText("Runcorn (moving to Halton)")
    view.apply_button.click()
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.empty, timeout=WAIT)
    view.reject()

    # The decision is sent a few seconds later, or at once with Sync now.
    window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: not widget.conflicts_button.isVisible()
                    and widget.waiting_label.text() == "No changes waiting", timeout=WAIT)
    robin.sync()
    assert robin.family(fid).town == "Runcorn (moving to Halton)"


def test_large_first_sync_shows_progress_can_be_stopped_and_resumes(
    qtbot: QtBot, client: Any, live_server: Any, lee_store: Store, runner: TaskRunner
) -> None:
    robin = client("robin", "robin")
    seed(robin.store, 300, 3)
    robin.sync()
    enrolment.enrol(lee_store, live_server.url, "lee", live_server.password)
    runner.store = lee_store
    controller = SyncController(runner, pull_limit=100, start_delay_ms=60_000)
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    controller.status_changed.connect(widget.show_status)
    controller.state_changed.connect(widget.show_state)
    controller.progress.connect(widget.show_progress)
    widget.cancel_requested.connect(controller.cancel)
    bar_seen: list[bool] = []

    def on_progress(p: SyncProgress) -> None:
        bar_seen.append(widget.progress_bar.isVisible())
        if p.phase == "pull" and p.done >= 300 and controller.state == "syncing":
            widget.stop_button.click()  # the worker presses Stop part way through

    controller.progress.connect(on_progress)
    controller.sync_now()
    qtbot.waitUntil(lambda: controller.state == "stopped", timeout=WAIT)
    assert any(bar_seen)
    assert widget.state_label.text() == "Sync stopped"

    def families(session: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(Family)))

    partial = lee_store.run(families)
    assert partial > 0
    controller.progress.disconnect(on_progress)
    controller.sync_now()
    qtbot.waitUntil(lambda: controller.state == "online", timeout=WAIT)
    assert lee_store.run(families) == 300
    assert controller.last_report is not None and controller.last_report.digest_ok
    controller.stop()
    runner.store = None


def test_revoked_device_is_told_why_and_its_store_is_wiped(
    qtbot: QtBot, client: Any, live_server: Any, lee_store: Store, window_for: Any
) -> None:
    enrolment.enrol(lee_store, live_server.url, "lee", live_server.password)
    window = window_for(lee_store)
    qtbot.waitUntil(lambda: window.sync.state == "online", timeout=WAIT)
    folder = lee_store.folder
    device_id = lee_store.run(sync_status).device_id
    live_server.revoke(device_id)
    window.sync_now_action.trigger()

    def message_box() -> QMessageBox | None:
        boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: message_box() is not None, timeout=WAIT)
    box = message_box()
    assert box is not None and "wiped" in box.text()
    assert not (folder / "hearth.db").exists() and not (folder / "hearth.key").exists()
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.isVisible())
