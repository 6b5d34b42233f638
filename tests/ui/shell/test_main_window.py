"""The main window as a whole: title, status bar, opening families, menus, restart."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.errors import WrongPassphrase
from app.reference.levels_of_need import LevelsOfNeed
from app.reference.settings import IDLE_LOCK_MINUTES, Settings, load_settings
from app.store.caseload_store import Profile, create_store, open_store, store_exists

from ui.access.passphrase_dialog import ChangePassphraseDialog
from ui.access.settings_dialog import SettingsDialog
from ui.access.unlock_dialog import UnlockDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.family import family_dialog
from ui.shell.application import Startup, shut_down
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner
from ui.widgets import window_memory


def visible(kind: type) -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_title_and_status_bar_name_the_worker_and_the_store(
    make_window: Any, caseload_store: dict[str, str], store_dir: Path, profile: Profile
) -> None:
    window = make_window()
    assert window.windowTitle() == "Hearth — Robin Testworker (Family support worker)"
    assert window.worker_label.text() == "Robin Testworker · North Locality Team"
    assert window.folder_label.text() == str(store_dir)
    assert window.lock_label.text() == "Unlocked"
    assert window.areas.currentWidget() is window.today.view  # Today is the first area
    menus = [action.text() for action in window.file_menu.actions() if action.text()]
    assert menus == ["&New family…", "&Lock", "Change &passphrase…", "My &details…",
                     "&Settings…", "&Quit"]
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.new_family_action.shortcut().toString() == "Ctrl+N"


def test_a_demo_store_says_demo_in_the_title(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, tmp_path: Path, passphrase: str,
    profile: Profile,
) -> None:
    from app.store.unlock_attempts import UnlockAttempts

    store = create_store(tmp_path / "demo", passphrase, profile, demo=True)
    window = MainWindow(runner, levels, store, UnlockAttempts())
    qtbot.addWidget(window)
    assert window.windowTitle().endswith(" — DEMO")
    window.close()


def test_enter_opens_the_family_and_escape_comes_back(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    caseload = window.caseload
    caseload.focus_search()
    qtbot.keyClicks(caseload.search, "brennan")
    qtbot.keyClick(caseload.search, Qt.Key.Key_Down)
    qtbot.keyClick(caseload.table, Qt.Key.Key_Return)
    view = window.family_view
    assert window.areas.currentWidget() is view
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    assert view.family_id == caseload_store["Brennan"]
    assert view.detail.family.family_name == "Brennan"

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.areas.currentWidget() is window.caseload
    assert caseload.selected_family_id() == caseload_store["Brennan"]


def test_a_change_in_the_family_view_reloads_the_caseload_when_shown(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    window.show()
    window.open_family(caseload_store["Dunmore"])
    view = window.family_view
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    loads: list[int] = []
    window.caseload.loaded.connect(loads.append)

    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    dialog.family_name.selectAll()
    qtbot.keyClicks(dialog.family_name, "Dunmore-Hale")
    with qtbot.waitSignal(window.runner.changes, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.name_label.text().startswith("Dunmore-Hale"), timeout=10_000)
    assert loads == [], "the caseload is behind the family: it reloads when it is shown"
    assert window.caseload.follower.stale

    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: loads == [4], timeout=10_000)
    model = window.caseload.model
    row = model.row_at(model.row_of_family(caseload_store["Dunmore"]))
    assert row.family_name == "Dunmore-Hale"


def test_ctrl_n_creates_a_family_and_opens_it(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    window.activateWindow()
    window.caseload.search.setFocus()
    qtbot.keyClick(window.caseload.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialogs = visible(family_dialog.FamilyDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.keyClicks(dialog.family_name, "Penhallow")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    family_id = saved.args[0]
    assert window.areas.currentWidget() is window.family_view
    qtbot.waitUntil(lambda: window.family_view.is_loaded, timeout=10_000)
    assert window.family_view.detail.family.family_name == "Penhallow"
    window.show_caseload()  # the caseload, behind until now, reloads as it is shown
    qtbot.waitUntil(lambda: window.caseload.model.total_count == 5, timeout=10_000)
    assert window.caseload.selected_family_id() == family_id


def test_change_passphrase_then_unlock_with_the_new_one(
    qtbot: QtBot, runner: TaskRunner, make_window: Any, caseload_store: dict[str, str],
    store_dir: Path, passphrase: str,
) -> None:
    window = make_window()
    window.passphrase_action.trigger()
    dialog = visible(ChangePassphraseDialog)[0]

    qtbot.keyClicks(dialog.old, "not-the-current-one")
    qtbot.keyClicks(dialog.new, "amber-lighthouse-violin")
    qtbot.keyClicks(dialog.confirm, "amber-lighthouse-violin")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.old_message.isVisible(), timeout=20_000)
    assert dialog.old_message.text().startswith("That is not your current passphrase.")
    assert dialog.old.text() == ""

    qtbot.keyClicks(dialog.old, passphrase)
    dialog.new.clear()
    qtbot.keyClicks(dialog.new, "aaaa")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "at least 10 characters" in dialog.new_message.text()
    assert dialog.confirm_message.text() == "The two passphrases are not the same."

    dialog.new.clear()
    qtbot.keyClicks(dialog.new, "amber-lighthouse-violin")
    with qtbot.waitSignal(dialog.changed, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == "Your passphrase was changed."

    # The lock screen now wants the new passphrase.
    window.lock()
    form = window.lock_screen.form
    qtbot.keyClicks(form.passphrase, passphrase)
    qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.message.isVisible(), timeout=20_000)
    assert form.message.text() == WrongPassphrase().message
    qtbot.keyClicks(form.passphrase, "amber-lighthouse-violin")
    with qtbot.waitSignal(window.locked_changed, timeout=20_000):
        qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.caseload.model.total_count == 4, timeout=10_000)


def test_settings_are_loaded_then_shown_and_saved_in_the_store(
    qtbot: QtBot, runner: TaskRunner, make_window: Any, caseload_store: dict[str, str],
    store_dir: Path, passphrase: str,
) -> None:
    window = make_window(idle_lock_ms=None)
    qtbot.waitUntil(lambda: window.idle_watch.interval_ms == 5 * 60_000, timeout=5_000)
    window.settings_action.trigger()
    qtbot.waitUntil(lambda: bool(visible(SettingsDialog)), timeout=10_000)
    dialog = visible(SettingsDialog)[0]
    assert dialog.idle_minutes.value() == IDLE_LOCK_MINUTES.default == 5
    dialog.idle_minutes.selectAll()
    qtbot.keyClicks(dialog.idle_minutes, "12")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [Settings(idle_lock_minutes=12)]
    assert window.idle_watch.interval_ms == 12 * 60_000
    stored = runner.run_store(load_settings).result(timeout=10)
    assert stored.idle_lock_minutes == 12


def test_an_unexpected_error_is_shown_as_a_message_not_a_traceback(
    qtbot: QtBot, runner: TaskRunner, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    assert not window.is_locked  # so the error may pop up

    def broken(session: Any) -> None:
        raise ValueError("a programming slip with internal details")

    with qtbot.waitSignal(runner.failed, timeout=10_000):
        runner.run_store(broken)
    qtbot.waitUntil(lambda: bool(visible(QMessageBox)), timeout=5_000)
    box = visible(QMessageBox)[0]
    assert box.text().startswith("Something went wrong")
    assert "internal details" not in box.text()
    assert "Traceback" not in box.text()
    box.close()


def test_from_first_run_to_restart_everything_is_found(
    qtbot: QtBot, levels: LevelsOfNeed, store_dir: Path
) -> None:
    """Welcome creates the store; add a family; quit; start again; unlock; it is there."""
    new_passphrase = "harbour-spinach-telescope"

    runner = TaskRunner()
    startup = Startup(runner, levels, store_dir)
    startup.start()
    welcome = startup.dialog
    assert isinstance(welcome, WelcomeDialog)
    qtbot.keyClicks(welcome.name, "Morgan Testlead")
    welcome.role.setCurrentIndex(welcome.role.findData("team_lead"))
    qtbot.keyClicks(welcome.team, "South Locality Team")
    qtbot.keyClicks(welcome.passphrase, new_passphrase)
    qtbot.keyClicks(welcome.confirm, new_passphrase)
    with qtbot.waitSignal(startup.window_ready, timeout=20_000) as ready:
        qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    window: MainWindow = ready.args[0]
    assert window.windowTitle() == "Hearth — Morgan Testlead (Team lead)"
    qtbot.waitUntil(lambda: window.caseload.pages.currentWidget() is window.caseload.empty_page,
                    timeout=10_000)

    window.new_family()
    dialog = visible(family_dialog.FamilyDialog)[0]
    qtbot.keyClicks(dialog.family_name, "Trevelyan")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.family_view.is_loaded, timeout=10_000)
    window.close()
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=10_000)
    shut_down(runner, window)
    assert runner.store is None or not runner.store.is_open

    # Start again: the store exists, so the unlock dialog asks for the passphrase.
    assert store_exists(store_dir)
    runner2 = TaskRunner()
    again = Startup(runner2, levels, store_dir)
    again.start()
    set_aside = gc.get_freeze_count()
    again.warm_up()  # as run_gui does once the dialog shows: the window's modules behind it
    unlock = again.dialog
    assert isinstance(unlock, UnlockDialog)
    qtbot.keyClicks(unlock.form.passphrase, new_passphrase)
    with qtbot.waitSignal(again.window_ready, timeout=20_000) as ready:
        qtbot.keyClick(unlock.form.passphrase, Qt.Key.Key_Return)
    window2: MainWindow = ready.args[0]
    # The warm-up set the start's objects aside from the cycle collector (gc.freeze).
    assert gc.get_freeze_count() > set_aside
    try:
        qtbot.waitUntil(lambda: window2.caseload.model.total_count == 1, timeout=10_000)
        assert window2.caseload.model.row_at(0).family_name == "Trevelyan"
        assert window2.profile.team == "South Locality Team"
    finally:
        window2.close()
        qtbot.waitUntil(lambda: not runner2.is_busy, timeout=10_000)
        shut_down(runner2, window2)
    reopened = open_store(store_dir, new_passphrase)
    assert reopened.profile.name == "Morgan Testlead"
    reopened.close()


def test_the_demo_store_opens_without_asking(
    qtbot: QtBot, levels: LevelsOfNeed, tmp_path: Path
) -> None:
    runner = TaskRunner()
    startup = Startup(runner, levels, tmp_path / "demo", demo=True)
    with qtbot.waitSignal(startup.window_ready, timeout=60_000) as ready:
        startup.start()
    window: MainWindow = ready.args[0]
    try:
        assert window.windowTitle().endswith(" — DEMO")
        qtbot.waitUntil(lambda: window.caseload.model.total_count >= 50, timeout=20_000)
    finally:
        window.close()
        qtbot.waitUntil(lambda: not runner.is_busy, timeout=10_000)
        shut_down(runner, window)


def test_quitting_the_first_dialog_cancels_the_start(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path
) -> None:
    startup = Startup(runner, levels, store_dir)
    startup.start()
    assert isinstance(startup.dialog, WelcomeDialog)
    with qtbot.waitSignal(startup.cancelled, timeout=2_000):
        startup.dialog.reject()
    assert startup.window is None
    assert not store_exists(store_dir)


def test_every_family_tab_shows_at_a_laptops_width(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17: at 1280 pixels the family's tabs ran into scroll arrows and "Household"
    was cut off; the window opens as wide as a 1366×768 laptop allows."""
    monkeypatch.setattr(window_memory, "available_area", lambda _w: QRect(0, 0, 1366, 728))
    window = make_window()
    window.open_family(caseload_store["Dunmore"])
    view = window.family_view
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    qtbot.wait(20)
    bar = view.tabs.tabBar()
    assert window.width() >= 1366 - window_memory.FRAME_ROOM.width()
    assert bar.count() >= 12
    last = bar.tabRect(bar.count() - 1)
    assert bar.tabRect(0).left() >= 0 and last.right() <= view.tabs.width()
