"""What the worker sees of recovery and passphrase changes: "Forgotten your passphrase?",
which passphrase is in force after an interrupted change, and re-keying from the dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.errors import HearthError
from app.store.caseload_store import (
    Profile,
    Store,
    change_passphrase,
    create_store,
    key_files,
    open_store,
)
from app.store.key_change import NEW_IN_FORCE
from app.store.unlock_attempts import UnlockAttempts

from ui.access.passphrase_dialog import ChangePassphraseDialog
from ui.access.unlock_dialog import UnlockDialog
from ui.shell.task_runner import TaskRunner

NEW_PHRASE = "heather-canal-silver-kite-77"


def test_forgotten_passphrase_says_what_the_worker_can_do(
        qtbot: QtBot, runner: TaskRunner, store_dir: Path, passphrase: str,
        profile: Profile) -> None:
    create_store(store_dir, passphrase, profile).close()
    dialog = UnlockDialog(runner, store_dir, UnlockAttempts())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.forgotten_button, Qt.MouseButton.LeftButton)
    box = dialog.forgotten_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    text = box.text()
    assert "Ask IT to recover it" in text and "recovery key" in text
    assert "set this store aside and start a new one" in text
    assert "never deleted" in text
    assert dialog.isVisible()  # still there to unlock once the worker remembers
    box.close()


def test_unlocking_after_an_untold_change_says_the_new_passphrase_is_in_force(
        qtbot: QtBot, runner: TaskRunner, store_dir: Path, passphrase: str,
        profile: Profile) -> None:
    create_store(store_dir, passphrase, profile).close()
    change_passphrase(store_dir, passphrase, NEW_PHRASE)  # Hearth stopped before telling
    dialog = UnlockDialog(runner, store_dir, UnlockAttempts())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.passphrase, NEW_PHRASE)
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000) as unlocked:
        qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)
    runner.store = unlocked.args[0]
    box = dialog.form.note_box
    assert box is not None and box.isVisible()
    assert box.text() == NEW_IN_FORCE
    box.close()


def test_the_tick_box_re_keys_so_an_old_key_file_opens_nothing(
        qtbot: QtBot, runner: TaskRunner, store: Store, passphrase: str,
        tmp_path: Path) -> None:
    runner.store = store
    old_copy = tmp_path / "old-hearth.key"
    shutil.copy(key_files(store.folder).key, old_copy)
    dialog = ChangePassphraseDialog(runner, store.folder, UnlockAttempts(), None, store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.rekey.isVisible() and not dialog.rekey.isChecked()
    qtbot.keyClicks(dialog.old, passphrase)
    qtbot.keyClicks(dialog.new, NEW_PHRASE)
    qtbot.keyClicks(dialog.confirm, NEW_PHRASE)
    qtbot.mouseClick(dialog.rekey, Qt.MouseButton.LeftButton)
    assert dialog.rekey.isChecked()
    with qtbot.waitSignal(dialog.changed, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not key_files(store.folder).changed.exists()  # told, so not told again
    runner.run_on_store_thread(store.close).result(timeout=10)
    runner.store = None

    new_key = key_files(store.folder).key.read_bytes()
    shutil.copy(old_copy, key_files(store.folder).key)
    with pytest.raises(HearthError, match="cannot be read with this key file"):
        open_store(store.folder, passphrase)
    key_files(store.folder).key.write_bytes(new_key)
    reopened = open_store(store.folder, NEW_PHRASE)
    assert reopened.unlock_note == ""
    reopened.close()


def test_without_an_open_store_there_is_no_tick_box(
        qtbot: QtBot, runner: TaskRunner, store_dir: Path) -> None:
    dialog = ChangePassphraseDialog(runner, store_dir, UnlockAttempts())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.rekey.isVisible()
