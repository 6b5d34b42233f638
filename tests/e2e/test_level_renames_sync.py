"""Renaming levels travels like any change: a worker's laptop and their team lead's both
hold a family on a code the council's new levels replace; each renames it, both sync,
and the service holds one renaming in the history, the family on its new level, and no
conflict for anyone. Real stores, real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import dates
from app.families.households import LevelDecision, change_level
from app.families.level_renames import rename_id, rename_replaced_levels
from app.reference.levels_of_need import DEFAULT_FILE, RENAMED, load_levels, parse_levels
from app.store.caseload_store import Profile, create_store, open_store
from db.models import Family, LevelChange
from server import admin
from server.models import Record
from tests.council_levels import THREE_PLAIN_LEVELS

from ui.access.unlock_dialog import UnlockDialog
from ui.shell.application import Startup, shut_down
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner

COUNCIL = THREE_PLAIN_LEVELS


def test_a_family_renamed_on_two_devices_is_renamed_once_on_the_service(
    client: Any, live_server: Any
) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    family_id = robin.new_family("Rowan")
    robin.run(change_level, robin.actor, load_levels(DEFAULT_FILE), LevelDecision(
        family_id, "early_help", dates.today(), "EHAT agreed early help.", "Robin"))
    robin.sync()
    lee.sync()
    assert lee.family(family_id).level_code == "early_help"

    council = parse_levels(json.dumps(COUNCIL), "council.json")
    for device in (robin, lee):
        assert device.run(rename_replaced_levels, device.actor, council) == 1
    for device in (robin, lee, robin):
        report = device.sync()
        assert report.new_conflicts == 0 and report.open_conflicts == 0 and report.rejected == 0

    change_id = rename_id(family_id, "early_help", "level_3")
    with live_server.session() as s:
        family = s.get(Record, ("family", family_id))
        renames = [r for r in s.scalars(select(Record).where(Record.entity == "level_change"))
                   if r.data["direction"] == RENAMED]
    assert family is not None and family.data["level_code"] == "level_3"
    assert [r.id for r in renames] == [change_id]
    assert renames[0].data["reason"] == (
        "Level of need renamed by the council's new levels: Early Help → Level 3")
    for device in (robin, lee):
        assert device.family(family_id).level_code == "level_3"
        assert device.count(LevelChange, LevelChange.direction == RENAMED) == 1


def test_the_window_renames_a_family_a_sync_brings_on_an_old_code(
    qtbot: QtBot, client: Any, live_server: Any
) -> None:
    """Lee's Hearth already runs the council's levels; Robin's laptop does not yet."""
    robin, lee = client("robin", "robin"), client("lee", "lee")
    folder = lee.store.folder
    lee.store.close()
    family_id = robin.new_family("Rowan")
    robin.run(change_level, robin.actor, load_levels(DEFAULT_FILE), LevelDecision(
        family_id, "early_help", dates.today(), "EHAT agreed early help.", "Robin"))
    robin.sync()

    runner = TaskRunner()
    startup = Startup(runner, parse_levels(json.dumps(COUNCIL), "council.json"), folder)
    startup.start()
    unlock = startup.dialog
    assert isinstance(unlock, UnlockDialog)
    qtbot.keyClicks(unlock.form.passphrase, live_server.passphrase)
    with qtbot.waitSignal(startup.window_ready, timeout=20_000) as ready:
        qtbot.keyClick(unlock.form.passphrase, Qt.Key.Key_Return)
    window: MainWindow = ready.args[0]
    try:
        with qtbot.waitSignal(window.sync.finished, timeout=60_000):
            window.sync_now_action.trigger()
        qtbot.waitUntil(lambda: not runner.is_busy, timeout=20_000)
    finally:
        window.close()
        qtbot.waitUntil(lambda: not runner.is_busy, timeout=20_000)
        shut_down(runner, window)
    store = open_store(folder, live_server.passphrase)
    try:
        assert store.run(lambda s: s.get(Family, family_id).level_code) == "level_3"
        renames = store.run(lambda s: [(c.from_level, c.to_level) for c in s.scalars(
            select(LevelChange).where(LevelChange.direction == RENAMED))])
        assert renames == [("early_help", "level_3")]
    finally:
        store.close()


def test_hearth_sync_renames_once_the_councils_levels_have_arrived(
    client: Any, live_server: Any, tmp_path: Path
) -> None:
    robin = client("robin", "robin")
    family_id = robin.new_family("Hazel")
    robin.run(change_level, robin.actor, load_levels(DEFAULT_FILE), LevelDecision(
        family_id, "early_help", dates.today(), "EHAT agreed early help.", "Robin"))
    robin.sync()
    live_server.allocate(family_id, "sam")
    with live_server.session() as s:
        admin.load_reference(s, {"levels_of_need": COUNCIL})
    folder = tmp_path / "sam"
    create_store(folder, live_server.passphrase, Profile(
        "Sam Laptop", "family_support_worker", "North", "sam.laptop")).close()
    password_file = tmp_path / "password.txt"
    password_file.write_text(live_server.password + "\n", encoding="utf-8")
    env = dict(os.environ, HEARTH_PASSPHRASE=live_server.passphrase)

    def hearth(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli.main", *args], env=env,
                              capture_output=True, text=True, timeout=180)

    first = hearth("sync", "--store", str(folder), "--server", live_server.url,
                   "--username", "sam", "--password-file", str(password_file))
    assert first.returncode == 0, first.stderr
    assert "levels of need arrived from the server" in first.stdout
    with live_server.session() as s:  # this run still used the levels it started with
        assert s.get(Record, ("family", family_id)).data["level_code"] == "early_help"

    second = hearth("sync", "--store", str(folder))
    assert second.returncode == 0 and second.stderr == "", second.stderr
    with live_server.session() as s:
        assert s.get(Record, ("family", family_id)).data["level_code"] == "level_3"
        renamed = s.get(Record, ("level_change", rename_id(family_id, "early_help", "level_3")))
        assert renamed is not None and renamed.data["direction"] == RENAMED
