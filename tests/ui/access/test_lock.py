"""Locking: on demand (Ctrl+L) and when idle; nothing shows, the store closes, typing survives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.errors import StoreLocked
from app.store.caseload_store import Store
from app.store.unlock_attempts import UnlockAttempts

from ui.family import family_dialog
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str) -> None:
    form = window.lock_screen.form
    qtbot.keyClicks(form.passphrase, passphrase)
    with qtbot.waitSignal(window.locked_changed, timeout=20_000) as changed:
        qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert changed.args == [False]


def test_ctrl_l_hides_the_caseload_and_closes_the_store(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], runner: TaskRunner,
    passphrase: str,
) -> None:
    window = make_window()
    store: Store = window.store
    assert window.caseload.model.rowCount() == 4

    window.activateWindow()
    window.show_caseload()  # the window opens on Today
    window.caseload.search.setFocus()
    qtbot.keyClicks(window.caseload.search, "ash")
    qtbot.keyClick(window.caseload.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.is_locked
    assert window.areas.currentWidget() is window.lock_screen
    assert not window.caseload.isVisible()
    assert window.caseload.model.rowCount() == 0  # the rows are gone, not just hidden
    assert window.lock_label.text() == "Locked"
    assert not window.new_family_action.isEnabled()
    qtbot.waitUntil(lambda: runner.store is None and not store.is_open, timeout=10_000)
    grabbed_text = " ".join(
        label.text() for label in window.lock_screen.findChildren(type(window.lock_label))
    )
    assert "Ashworth" not in grabbed_text

    unlock(qtbot, window, passphrase)
    assert not window.is_locked
    assert runner.store is window.store and window.store.is_open
    assert window.areas.currentWidget() is window.caseload
    qtbot.waitUntil(lambda: window.caseload.model.total_count == 4, timeout=10_000)
    assert window.caseload.search.text() == "ash"  # the search the worker had typed stays
    assert window.caseload.model.rowCount() == 1
    assert window.lock_label.text() == "Unlocked"


def test_an_open_dialog_is_hidden_by_the_lock_and_its_unsaved_text_survives(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], passphrase: str
) -> None:
    window = make_window()
    # the dialog this test opens: another test on the same worker may have left one open
    earlier = set(QApplication.topLevelWidgets())
    window.new_family()
    dialog = next(
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, family_dialog.FamilyDialog) and w.isVisible() and w not in earlier
    )
    qtbot.keyClicks(dialog.family_name, "Unsaved Ellery")
    dialog.family_name.setFocus()

    # Ctrl+L typed inside the (window-modal) dialog still locks.
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert not dialog.isVisible()
    assert dialog.result() == 0 and dialog.family_name.text() == "Unsaved Ellery"

    unlock(qtbot, window, passphrase)
    assert dialog.isVisible()
    assert dialog.family_name.text() == "Unsaved Ellery"

    # And it still saves into the reopened store.
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.areas.currentWidget() is window.family_view
    assert window.family_view.family_id == saved.args[0]
    window.show_caseload()
    qtbot.waitUntil(lambda: window.caseload.model.total_count == 5, timeout=10_000)


def test_idle_time_locks_the_window(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], runner: TaskRunner,
    passphrase: str,
) -> None:
    window = make_window(idle_lock_ms=300)
    with qtbot.waitSignal(window.locked_changed, timeout=5_000) as locked:
        pass
    assert locked.args == [True]
    assert window.is_locked
    assert not window.idle_watch.is_running  # no second lock while locked
    qtbot.waitUntil(lambda: runner.store is None, timeout=10_000)

    unlock(qtbot, window, passphrase)
    assert window.idle_watch.is_running


def test_activity_puts_off_the_idle_lock(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window(idle_lock_ms=400)
    for _ in range(6):
        qtbot.wait(150)
        qtbot.keyClick(window.caseload.search, Qt.Key.Key_A)
        assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5_000)


def test_wrong_passphrase_on_the_lock_screen_keeps_it_locked(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], fake_clock: Any
) -> None:
    window = make_window(attempts=UnlockAttempts(clock=fake_clock))
    window.lock()
    form = window.lock_screen.form
    for attempt in ("guess-number-one", "guess-number-two"):
        qtbot.keyClicks(form.passphrase, attempt)
        qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not form._busy and form.message.isVisible(), timeout=20_000)
    assert window.is_locked
    assert "not right" in form.message.text()
    assert form.is_waiting and not form.unlock_button.isEnabled()
    assert window.caseload.model.rowCount() == 0


def test_work_that_reaches_a_closed_store_is_reported_quietly(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], runner: TaskRunner
) -> None:
    window = make_window()
    window.lock()
    errors: list[Any] = []
    with qtbot.waitSignal(runner.failed, timeout=10_000) as failed:
        runner.run_store(lambda session: session.execute("SELECT 1"))
    assert failed.args == [StoreLocked().message]
    assert window.statusBar().currentMessage() == StoreLocked().message
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert boxes == []  # no pop-up over the lock screen
    # A task with its own error handler hears about it too.
    runner.run_store(lambda session: None, error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], StoreLocked)


def test_lock_waits_for_work_already_queued(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], runner: TaskRunner,
    store_dir: Path,
) -> None:
    from app.families import households as families

    window = make_window()
    saved: list[str] = []
    runner.run_store(
        families.save_family, window.profile, families.FamilyData(id=None, family_name="Queued"),
        done=saved.append,
    )
    window.lock()  # straight after: the save still completes before the store closes
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    qtbot.waitUntil(lambda: runner.store is None, timeout=10_000)
    assert len(saved[0]) == 36


def test_a_question_box_open_at_lock_ends_as_cancel_and_unlock_still_works(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], passphrase: str
) -> None:
    from PySide6.QtCore import QTimer

    window = make_window()
    QTimer.singleShot(100, window.lock)  # the box below runs its own loop until then
    answer = QMessageBox.question(
        window, "Remove", "Remove this person?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    assert answer != QMessageBox.StandardButton.Yes
    assert window.is_locked
    unlock(qtbot, window, passphrase)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.caseload.model.total_count == 4, timeout=10_000)
