"""A store that cannot be opened is never a dead end: a half-made one is recognised at
launch and set aside (renamed, never deleted); a worker who cannot unlock a whole one
can set it aside from the unlock dialog. Real buttons, real files."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store import vault
from app.store.caseload_store import (
    KEY_NAME,
    Profile,
    Store,
    create_store,
    db_path,
    key_path,
    open_store,
)
from app.store.store_state import store_state
from app.store.unlock_attempts import UnlockAttempts
from db.engine import make_engine
from db.migrate import upgrade

from ui.access.half_made_dialog import HalfMadeDialog
from ui.access.unlock_dialog import UnlockDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.shell.application import Startup, shut_down
from ui.shell.task_runner import TaskRunner

CHEAP = vault.KdfParams(1, 1, 8)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_aside_folders(store_dir: Path) -> list[Path]:
    return sorted(store_dir.parent.glob(store_dir.name + ".set-aside-*"))


def key_file_only(folder: Path, passphrase: str) -> bytes:
    folder.mkdir()
    vault.create_key_file(key_path(folder), passphrase, CHEAP)
    return key_path(folder).read_bytes()


def start(qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, folder: Path) -> Startup:
    startup = Startup(runner, levels, folder)
    startup.start()
    assert startup.dialog is not None
    qtbot.addWidget(startup.dialog)
    return startup


def test_a_half_made_store_says_what_was_found_and_quit_changes_nothing(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path, passphrase: str
) -> None:
    key = key_file_only(store_dir, passphrase)
    startup = start(qtbot, runner, levels, store_dir)
    dialog = startup.dialog
    assert isinstance(dialog, HalfMadeDialog) and dialog.isVisible()
    assert "a key file (hearth.key) but no database" in dialog.found.text()
    assert str(store_dir) in dialog.found.text()
    with qtbot.waitSignal(startup.cancelled, timeout=2_000):
        click(qtbot, dialog.quit_button)
    assert key_path(store_dir).read_bytes() == key
    assert set_aside_folders(store_dir) == []


def test_setting_a_half_made_store_aside_leads_to_a_new_store(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path, passphrase: str
) -> None:
    key = key_file_only(store_dir, passphrase)
    startup = start(qtbot, runner, levels, store_dir)
    assert isinstance(startup.dialog, HalfMadeDialog)
    click(qtbot, startup.dialog.set_aside_button)

    [moved] = set_aside_folders(store_dir)
    assert (moved / KEY_NAME).read_bytes() == key  # kept, byte for byte
    assert not store_dir.exists()
    welcome = startup.dialog
    assert isinstance(welcome, WelcomeDialog) and welcome.isVisible()
    assert str(moved) in welcome.set_aside_note.text()

    qtbot.keyClicks(welcome.name, "Robin Testworker")
    welcome.role.setCurrentIndex(welcome.role.findData("family_support_worker"))
    qtbot.keyClicks(welcome.team, "North Locality Team")
    qtbot.keyClicks(welcome.passphrase, passphrase)
    qtbot.keyClicks(welcome.confirm, passphrase)
    with qtbot.waitSignal(startup.window_ready, timeout=20_000) as ready:
        click(qtbot, welcome.create_button)
    window = ready.args[0]
    try:
        assert window.profile.name == "Robin Testworker"
        assert store_state(store_dir) == "whole"
    finally:
        window.close()
        qtbot.waitUntil(lambda: not runner.is_busy, timeout=10_000)
        shut_down(runner, window)


def test_a_worker_who_cannot_unlock_can_set_the_store_aside_after_being_asked(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path,
    passphrase: str, profile: Profile,
) -> None:
    create_store(store_dir, passphrase, profile).close()
    startup = start(qtbot, runner, levels, store_dir)
    unlock = startup.dialog
    assert isinstance(unlock, UnlockDialog)

    # Asked first; "Keep this store" is the default and changes nothing.
    click(qtbot, unlock.set_aside_button)
    question = unlock.set_aside_question
    assert question is not None
    qtbot.waitUntil(question.isVisible, timeout=2_000)
    assert question.defaultButton() is question.keep_button
    assert "nothing in it is deleted" in question.informativeText()
    assert "not yet synced" in question.informativeText()
    click(qtbot, question.keep_button)
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=2_000)
    assert startup.dialog is unlock and unlock.isVisible()
    assert store_state(store_dir) == "whole"

    # Asked again, and this time set aside: a new store can be made.
    click(qtbot, unlock.set_aside_button)
    question = unlock.set_aside_question
    assert question is not None
    qtbot.waitUntil(question.isVisible, timeout=2_000)
    with qtbot.waitSignal(unlock.done_set_aside, timeout=2_000):
        click(qtbot, question.set_aside_button)
    [moved] = set_aside_folders(store_dir)
    assert store_state(moved) == "whole"
    assert not store_dir.exists()
    assert isinstance(startup.dialog, WelcomeDialog) and startup.dialog.isVisible()
    assert not unlock.isVisible()


def test_an_interrupted_store_found_at_unlock_says_so_and_can_be_set_aside(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path, passphrase: str
) -> None:
    """An older Hearth killed after its migrations, before its store marker."""
    store_dir.mkdir()
    key = vault.create_key_file(key_path(store_dir), passphrase, CHEAP)
    engine = make_engine(db_path(store_dir), key.sqlcipher_pragma_value())
    upgrade(engine)
    engine.dispose()
    startup = start(qtbot, runner, levels, store_dir)
    unlock = startup.dialog
    assert isinstance(unlock, UnlockDialog)
    qtbot.keyClicks(unlock.form.passphrase, passphrase)
    click(qtbot, unlock.form.unlock_button)
    qtbot.waitUntil(unlock.form.message.isVisible, timeout=20_000)
    assert "making was interrupted" in unlock.form.message.text()
    assert "Set it aside" in unlock.form.message.text()
    click(qtbot, unlock.set_aside_button)
    question = unlock.set_aside_question
    assert question is not None
    qtbot.waitUntil(question.isVisible, timeout=2_000)
    click(qtbot, question.set_aside_button)
    qtbot.waitUntil(lambda: isinstance(startup.dialog, WelcomeDialog), timeout=2_000)
    assert len(set_aside_folders(store_dir)) == 1


def test_the_wait_after_wrong_passphrases_survives_a_restart(
    qtbot: QtBot, levels: LevelsOfNeed, store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    first_runner = TaskRunner()
    try:
        startup = start(qtbot, first_runner, levels, store_dir)
        unlock = startup.dialog
        assert isinstance(unlock, UnlockDialog)
        form = unlock.form
        for attempt in range(4):
            qtbot.waitUntil(form.unlock_button.isEnabled, timeout=20_000)
            if form.is_waiting:
                break
            qtbot.keyClicks(form.passphrase, f"not-my-passphrase-{attempt}")
            click(qtbot, form.unlock_button)
            qtbot.waitUntil(lambda: form.message.isVisible() or form.is_waiting, timeout=20_000)
            if form.is_waiting:
                break
        assert form.is_waiting
    finally:
        qtbot.waitUntil(lambda: not first_runner.is_busy, timeout=20_000)
        first_runner.shutdown()

    # The app starts again: the wait is still running, even for the right passphrase.
    second_runner = TaskRunner()
    try:
        again = start(qtbot, second_runner, levels, store_dir)
        unlock = again.dialog
        assert isinstance(unlock, UnlockDialog)
        assert unlock.form.is_waiting
        assert not unlock.form.unlock_button.isEnabled()
        assert unlock.form.unlock_button.text().startswith("Wait ")
        assert unlock.form.wait_label.isVisible()
        qtbot.keyClicks(unlock.form.passphrase, passphrase)
        with qtbot.assertNotEmitted(unlock.unlocked, wait=300):
            qtbot.keyClick(unlock.form.passphrase, Qt.Key.Key_Return)
    finally:
        second_runner.shutdown()


def test_no_setting_aside_while_an_unlock_is_under_way(
    qtbot: QtBot, runner: TaskRunner, store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    release = threading.Event()

    def slow_open(folder: Path, phrase: str) -> Store:
        release.wait(timeout=20)
        return open_store(folder, phrase)

    dialog = UnlockDialog(runner, store_dir, UnlockAttempts(), slow_open)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.passphrase, passphrase)
    click(qtbot, dialog.form.unlock_button)
    assert dialog.form.is_busy
    click(qtbot, dialog.set_aside_button)
    assert dialog.set_aside_question is None
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000) as unlocked:
        release.set()
    runner.store = unlocked.args[0]
    assert store_state(store_dir) == "whole" and set_aside_folders(store_dir) == []
