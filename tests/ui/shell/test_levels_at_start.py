"""Starting Hearth under a council's levels of need: families on the codes they replace
are renamed at unlock, before the caseload shows; a broken council file is shown at
the top of the window and the last good levels are used."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.demo.seed import seed
from app.reference.levels_of_need import LEVELS_FILE_NAME, RENAMED, levels_in_use
from app.store.caseload_store import Profile, create_store, open_store
from app.store.paths import config_folder
from db.models import Family, LevelChange
from tests.council_levels import THREE_LEVELS

from ui.access.unlock_dialog import UnlockDialog
from ui.shell.application import Startup, shut_down
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner

COUNCIL = THREE_LEVELS
NEW = {"Level 1", "Level 3", "Level 4"}


def council_file(text: str) -> Path:
    path = config_folder() / LEVELS_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def start(qtbot: QtBot, store_dir: Path, passphrase: str) -> tuple[TaskRunner, Startup, MainWindow]:
    in_use = levels_in_use()
    runner = TaskRunner()
    startup = Startup(runner, in_use.levels, store_dir, levels_problem=in_use.problem)
    startup.start()
    unlock = startup.dialog
    assert isinstance(unlock, UnlockDialog)
    qtbot.keyClicks(unlock.form.passphrase, passphrase)
    with qtbot.waitSignal(startup.window_ready, timeout=20_000) as ready:
        qtbot.keyClick(unlock.form.passphrase, Qt.Key.Key_Return)
    window: MainWindow = ready.args[0]
    qtbot.waitUntil(lambda: window.caseload.model.total_count == 10, timeout=20_000)
    return runner, startup, window


def stop(qtbot: QtBot, runner: TaskRunner, window: MainWindow) -> None:
    window.close()
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=10_000)
    shut_down(runner, window)


def test_unlocking_renames_the_families_the_council_levels_replace(
    qtbot: QtBot, store_dir: Path, passphrase: str, profile: Profile
) -> None:
    made = create_store(store_dir, passphrase, profile)
    seed(made, 10, seed=5)  # under Hearth's own levels
    coded = made.run(lambda s: len([f for f in s.scalars(select(Family)) if f.level_code]))
    made.close()
    assert coded > 0
    council_file(json.dumps(COUNCIL))
    runner, startup, window = start(qtbot, store_dir, passphrase)
    try:
        assert startup.levels_notice is None  # nothing wrong with the file
        labels = {window.caseload.model.row_at(r).level_label for r in range(10)}
        assert labels <= NEW
    finally:
        stop(qtbot, runner, window)
    store = open_store(store_dir, passphrase)
    try:
        codes = store.run(lambda s: {f.level_code for f in s.scalars(select(Family))})
        renames = store.run(lambda s: len(list(s.scalars(
            select(LevelChange).where(LevelChange.direction == RENAMED)))))
    finally:
        store.close()
    assert codes <= {"level_1", "level_3", "level_4", ""}
    assert renames == coded


def test_a_broken_council_file_is_shown_and_the_last_good_levels_used(
    qtbot: QtBot, store_dir: Path, passphrase: str, profile: Profile, tmp_path: Path
) -> None:
    made = create_store(store_dir, passphrase, profile)
    seed(made, 10, seed=6)
    made.close()
    path = council_file(json.dumps(COUNCIL))
    assert levels_in_use().problem == ""  # read once: the last good copy is kept
    path.write_text(json.dumps(COUNCIL).replace('"rank": 3', '"rank": 3,,'), encoding="utf-8")
    runner, startup, window = start(qtbot, store_dir, passphrase)
    try:
        notice = startup.levels_notice
        assert notice is not None
        qtbot.waitUntil(notice.isVisible, timeout=5_000)
        assert notice.text().startswith(
            f"The council's levels of need could not be used. {path}: not a valid "
            "levels-of-need file (")
        assert "Hearth uses the last good levels of need." in notice.text()
        labels = {window.caseload.model.row_at(r).level_label for r in range(10)}
        assert labels <= NEW  # the last good levels, families renamed onto them
        window.grab().save(str(tmp_path / "levels-notice.png"))
    finally:
        stop(qtbot, runner, window)
