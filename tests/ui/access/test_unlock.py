"""Creating a store through the welcome dialog and unlocking it, typed as a worker would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.errors import WrongPassphrase
from app.store.caseload_store import (
    Profile,
    Store,
    create_store,
    db_path,
    key_path,
    open_store,
    store_exists,
)
from app.store.unlock_attempts import UnlockAttempts

from ui.access.unlock_dialog import UnlockDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.shell.task_runner import TaskRunner


def _click_create(qtbot: QtBot, dialog: WelcomeDialog) -> None:
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)


def test_welcome_dialog_explains_each_problem_then_creates_the_store(
    qtbot: QtBot, runner: TaskRunner, store_dir: Path
) -> None:
    dialog = WelcomeDialog(runner, store_dir)
    qtbot.addWidget(dialog)
    dialog.show()

    # Nothing filled in: a message next to each field.
    _click_create(qtbot, dialog)
    assert dialog.name_message.isVisible() and "name" in dialog.name_message.text().lower()
    assert dialog.role_message.isVisible()
    assert dialog.team_message.isVisible()
    assert not store_exists(store_dir)

    qtbot.keyClicks(dialog.name, "Robin Testworker")
    dialog.role.setCurrentIndex(dialog.role.findData("health_visitor"))
    qtbot.keyClicks(dialog.team, "North Locality Team")
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.confirm, "short")
    _click_create(qtbot, dialog)
    assert not dialog.name_message.isVisible()
    assert dialog.passphrase_message.isVisible()
    assert "at least 10 characters" in dialog.passphrase_message.text()
    assert not store_exists(store_dir)

    # A strong passphrase, mistyped in the confirmation.
    dialog.passphrase.clear()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.passphrase, "copper-kettle-morning-rain")
    qtbot.keyClicks(dialog.confirm, "copper-kettle-morning-rian")
    _click_create(qtbot, dialog)
    assert not dialog.passphrase_message.isVisible()
    assert dialog.confirm_message.text() == "The two passphrases are not the same."
    assert not store_exists(store_dir)

    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "copper-kettle-morning-rain")
    with qtbot.waitSignal(dialog.created, timeout=20_000) as created:
        _click_create(qtbot, dialog)
    store: Store = created.args[0]
    runner.store = store
    assert store.profile == Profile(
        name="Robin Testworker",
        role="health_visitor",
        team="North Locality Team",
        username="robin.testworker",
    )
    assert store_exists(store_dir)
    assert dialog.result() == dialog.DialogCode.Accepted
    runner.run_on_store_thread(store.close).result(timeout=10)
    runner.store = None
    reopened = open_store(store_dir, "copper-kettle-morning-rain")
    assert reopened.profile.name == "Robin Testworker"
    reopened.close()


def test_welcome_dialog_reports_an_existing_store_without_touching_it(
    qtbot: QtBot, runner: TaskRunner, store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    before = key_path(store_dir).read_bytes()
    dialog = WelcomeDialog(runner, store_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Another Person")
    dialog.role.setCurrentIndex(1)
    qtbot.keyClicks(dialog.team, "Team")
    qtbot.keyClicks(dialog.passphrase, "copper-kettle-morning-rain")
    qtbot.keyClicks(dialog.confirm, "copper-kettle-morning-rain")
    _click_create(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "already a store" in dialog.message.text()
    assert key_path(store_dir).read_bytes() == before
    assert dialog.isVisible()


def _unlock_dialog(
    qtbot: QtBot, runner: TaskRunner, folder: Path, attempts: UnlockAttempts | None = None
) -> UnlockDialog:
    dialog = UnlockDialog(runner, folder, attempts or UnlockAttempts())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_unlock_dialog_opens_the_store(
    qtbot: QtBot, runner: TaskRunner, caseload_store: dict[str, str], store_dir: Path,
    passphrase: str, profile: Profile,
) -> None:
    dialog = _unlock_dialog(qtbot, runner, store_dir)
    qtbot.keyClicks(dialog.form.passphrase, passphrase)
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000) as unlocked:
        qtbot.keyClick(dialog.form.passphrase, Qt.Key.Key_Return)
    store: Store = unlocked.args[0]
    runner.store = store
    assert store.is_open
    assert store.profile == profile
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.form.passphrase.text() == ""


def test_wrong_passphrase_says_so_clears_the_field_and_makes_the_worker_wait(
    qtbot: QtBot, runner: TaskRunner, caseload_store: dict[str, str], store_dir: Path,
    passphrase: str, fake_clock: Any,
) -> None:
    clock = fake_clock
    dialog = _unlock_dialog(qtbot, runner, store_dir, UnlockAttempts(clock=clock))
    form = dialog.form
    key_before = key_path(store_dir).read_bytes()

    qtbot.keyClicks(form.passphrase, "not-my-passphrase-1")
    qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.message.isVisible(), timeout=20_000)
    assert form.message.text() == WrongPassphrase().message
    assert "not right" in form.message.text()
    assert form.passphrase.text() == ""
    assert form.unlock_button.isEnabled()  # the first wrong try costs no wait

    qtbot.keyClicks(form.passphrase, "not-my-passphrase-2")
    qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.is_waiting, timeout=20_000)
    assert not form.unlock_button.isEnabled()
    assert form.unlock_button.text() == "Wait 2 s"
    assert form.wait_label.isVisible()
    assert "2 seconds" in form.wait_label.text()

    # While waiting, even the right passphrase is not tried.
    qtbot.keyClicks(form.passphrase, passphrase)
    with qtbot.assertNotEmitted(dialog.unlocked, wait=300):
        qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible()

    clock.advance(2.5)
    qtbot.waitUntil(form.unlock_button.isEnabled, timeout=2_000)
    assert not form.wait_label.isVisible()
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000) as unlocked:
        qtbot.mouseClick(form.unlock_button, Qt.MouseButton.LeftButton)
    runner.store = unlocked.args[0]
    assert key_path(store_dir).read_bytes() == key_before


def test_damaged_key_file_is_explained_and_left_alone(
    qtbot: QtBot, runner: TaskRunner, caseload_store: dict[str, str], store_dir: Path,
    passphrase: str,
) -> None:
    body = json.loads(key_path(store_dir).read_text())
    body["salt"] = body["salt"][:-4] + ("AAA=" if not body["salt"].endswith("AAA=") else "BBB=")
    key_path(store_dir).write_text(json.dumps(body))
    damaged = key_path(store_dir).read_bytes()
    database = db_path(store_dir).read_bytes()

    dialog = _unlock_dialog(qtbot, runner, store_dir)
    qtbot.keyClicks(dialog.form.passphrase, passphrase)
    qtbot.keyClick(dialog.form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.form.message.isVisible(), timeout=20_000)
    text = dialog.form.message.text()
    assert "key file is damaged or has been altered" in text
    assert "Traceback" not in text
    assert dialog.isVisible() and dialog.store is None
    assert key_path(store_dir).read_bytes() == damaged
    assert db_path(store_dir).read_bytes() == database


def test_a_folder_that_is_not_a_hearth_store_says_so(
    qtbot: QtBot, runner: TaskRunner, caseload_store: dict[str, str], store_dir: Path,
    passphrase: str,
) -> None:
    for leftover in store_dir.glob("hearth.db-*"):
        leftover.unlink()
    db_path(store_dir).write_bytes(b"these bytes are not a database at all" * 200)

    dialog = _unlock_dialog(qtbot, runner, store_dir)
    qtbot.keyClicks(dialog.form.passphrase, passphrase)
    qtbot.keyClick(dialog.form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.form.message.isVisible(), timeout=20_000)
    assert "not a Hearth store" in dialog.form.message.text()
    assert dialog.store is None


def test_an_unexpected_failure_is_a_sentence_not_a_traceback(
    qtbot: QtBot, runner: TaskRunner, store_dir: Path
) -> None:
    def broken_opener(folder: Path, passphrase: str) -> Store:
        raise RuntimeError("internal detail that must not be shown")

    dialog = UnlockDialog(runner, store_dir, UnlockAttempts(), broken_opener)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.passphrase, "anything-at-all-1")
    qtbot.keyClick(dialog.form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.form.message.isVisible(), timeout=10_000)
    assert dialog.form.message.text().startswith("Hearth could not open the store")
    assert "internal detail" not in dialog.form.message.text()
    assert dialog.form.unlock_button.isEnabled()


def test_an_empty_passphrase_is_not_tried(
    qtbot: QtBot, runner: TaskRunner, store_dir: Path
) -> None:
    dialog = _unlock_dialog(qtbot, runner, store_dir)
    qtbot.keyClick(dialog.form.passphrase, Qt.Key.Key_Return)
    assert dialog.form.message.text() == "Enter your passphrase."
    assert not runner.is_busy
