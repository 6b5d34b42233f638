"""A device named at enrolment, from ``hearth sync --device-name`` and from the connect
dialog, is what ``hearth-server devices`` shows IT, beside its user, last sync and how
far behind it is. Real processes, real widgets (offscreen), real stores, real HTTP."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.store.caseload_store import Profile, Store, create_store
from app.sync import enrolment
from app.sync.status import sync_status
from app.sync.transport import DeviceRevoked, SyncError
from server.models import Device

from ui.shell.task_runner import TaskRunner
from ui.sync.enrol_dialog import EnrolDialog

WAIT = 60_000


def run(module: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], env=env, capture_output=True,
                          text=True, timeout=180)


def test_hearth_sync_names_the_device_and_hearth_server_devices_shows_it(
        live_server: Any, client: Any, tmp_path: Path) -> None:
    robin = client("robin", "robin")
    robin.new_family("Hazel")
    robin.sync()
    folder = tmp_path / "sam"
    create_store(folder, live_server.passphrase,
                 Profile("Sam Laptop", "family_support_worker", "North", "sam")).close()
    password_file = tmp_path / "password.txt"
    password_file.write_text(live_server.password + "\n", encoding="utf-8")
    env = dict(os.environ, HEARTH_PASSPHRASE=live_server.passphrase,
               HEARTH_DATABASE_URL=live_server.database_url,
               HEARTH_SERVER_HOME=str(tmp_path / "server-home"))
    common = ("sync", "--store", str(folder), "--server", live_server.url, "--username", "sam",
              "--password-file", str(password_file))

    blank = run("app.cli.main", *common, "--device-name", "   ", env=env)
    assert blank.returncode == 1 and "--device-name: Give this computer a name" in blank.stderr
    assert len(blank.stderr.strip().splitlines()) == 1

    first = run("app.cli.main", *common, "--device-name", "Laptop 7", env=env)
    assert first.returncode == 0, first.stderr
    assert "Connected to" in first.stdout

    listing = run("server", "devices", env=env)
    assert listing.returncode == 0, listing.stderr
    line = next(line for line in listing.stdout.splitlines() if "Laptop 7" in line)
    assert "sam (Sam Synthetic)" in line and "last sync 20" in line
    assert " behind 0 " in line and line.endswith("active")
    # robin's device was named by default after the computer, and is behind by nothing.
    robin_line = next(line for line in listing.stdout.splitlines() if "robin (" in line)
    assert "Hearth on " in robin_line


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    qtbot.waitUntil(lambda: not task_runner.is_busy, timeout=20_000)
    task_runner.shutdown()


@pytest.fixture
def sam_store(tmp_path: Path, live_server: Any) -> Iterator[Store]:
    store = create_store(tmp_path / "sam", live_server.passphrase,
                         Profile("Sam Laptop", "family_support_worker", "North", "sam"))
    yield store
    store.close()


def open_dialog(qtbot: QtBot, runner: TaskRunner, store: Store, url: str) -> EnrolDialog:
    runner.store = store
    dialog = EnrolDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.server, url)
    qtbot.keyClicks(dialog.username, "sam")
    return dialog


def test_the_connect_dialog_sends_the_name_typed_for_this_laptop(
        qtbot: QtBot, runner: TaskRunner, sam_store: Store, live_server: Any) -> None:
    dialog = open_dialog(qtbot, runner, sam_store, live_server.url)
    assert dialog.device_name.text().startswith("Hearth on ")  # the default, editable
    qtbot.keyClicks(dialog.password, live_server.password)
    # Cleared, the name is asked for beside its field.
    qtbot.keyClick(dialog.device_name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.device_name, Qt.Key.Key_Delete)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Give this computer a name" in dialog.device_name_message.text()
    assert dialog.device_name_message.isVisible() and dialog.isVisible()

    qtbot.keyClicks(dialog.device_name, "Sam's laptop (asset 4471)")
    assert not dialog.device_name_message.isVisible()  # typing answers it
    dialog.grab().save(str(Path(os.environ.get("HEARTH_SCREENSHOT_DIR", "/tmp")) / "enrol.png"))
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with live_server.session() as s:
        names = {(d.username, d.name) for d in s.scalars(select(Device))}
    assert names == {("sam", "Sam's laptop (asset 4471)")}
    runner.store = None


def test_the_connect_dialog_says_when_sign_in_is_locked(
        qtbot: QtBot, runner: TaskRunner, sam_store: Store, live_server: Any) -> None:
    state = live_server.app.state
    state.throttle = dataclasses.replace(state.throttle, account_failures=1)
    dialog = open_dialog(qtbot, runner, sam_store, live_server.url)
    qtbot.keyClicks(dialog.password, "a wrong guess")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.password_message.isVisible(), timeout=WAIT)
    assert "username or password" in dialog.password_message.text()
    qtbot.keyClicks(dialog.password, live_server.password)  # right, but locked now
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=WAIT)
    assert "temporarily locked" in dialog.message.text()
    assert "15 minutes" in dialog.message.text()
    assert dialog.ok_button.isEnabled() and dialog.isVisible()
    runner.store = None


def test_a_deactivated_workers_laptop_wipes_and_they_cannot_connect_again(
        live_server: Any, client: Any, tmp_path: Path) -> None:
    robin = client("robin", "robin")
    robin.new_family("Gale")
    robin.sync()
    folder = robin.store.folder
    env = dict(os.environ, HEARTH_DATABASE_URL=live_server.database_url,
               HEARTH_SERVER_HOME=str(tmp_path / "server-home"))
    r = run("server", "deactivate-user", "robin", env=env)
    assert r.returncode == 0 and "revoked 1 device" in r.stdout
    with pytest.raises(DeviceRevoked) as info:
        robin.sync()
    assert "wiped" in info.value.message
    assert not (folder / "hearth.db").exists() and not (folder / "hearth.key").exists()
    # A fresh store cannot enrol the account while it is deactivated; it can once reactivated.
    store = create_store(tmp_path / "again", live_server.passphrase,
                         Profile("Robin", "family_support_worker", "North", "robin"))
    try:
        with pytest.raises(SyncError) as refused:
            enrolment.enrol(store, live_server.url, "robin", live_server.password)
        assert "not active" in refused.value.message
        assert run("server", "reactivate-user", "robin", env=env).returncode == 0
        enrolment.enrol(store, live_server.url, "robin", live_server.password)
        assert store.run(sync_status).enrolled
    finally:
        store.close()
