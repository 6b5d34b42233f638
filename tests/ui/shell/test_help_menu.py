"""The Help menu: Copy diagnostic details (read back from the clipboard), the user guide
opened with F1 at the page for the screen in front; and fields this computer's IT set,
shown fixed in Settings and in the connect dialog."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import logs

from ui.access.settings_dialog import SettingsDialog
from ui.shell.user_guide import PAGES, UserGuide, guide_folder
from ui.sync.enrol_dialog import EnrolDialog

WAIT = 10_000


def choose_from_help(qtbot: QtBot, window: Any, key: Qt.Key) -> None:
    """Open the Help menu and press an item's underlined letter, as a person does."""
    menu = window.help_menu
    menu.popup(window.mapToGlobal(QPoint(40, 10)))
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, key)


def test_diagnostic_details_reach_the_clipboard_without_personal_data(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], passphrase: str,
    hearth_home: Path,
) -> None:
    window = make_window()
    QGuiApplication.clipboard().setText("")
    choose_from_help(qtbot, window, Qt.Key.Key_D)
    clipboard = QGuiApplication.clipboard()
    qtbot.waitUntil(lambda: clipboard.text().startswith("Hearth: "), timeout=WAIT)
    text = clipboard.text()
    for line in ("Store: whole", "Store locked: no", "Schema version: 0",
                 f"Records: {len(caseload_store)} families", "Server: not connected",
                 "Last sync: never", "Qt: 6.", f"Log folder: {hearth_home / 'logs'}",
                 "Last sync result: not_connected"):
        assert line in text
    for family_name, family_id in caseload_store.items():
        assert family_name not in text and family_id not in text
    assert passphrase not in text
    assert "copied" in window.statusBar().currentMessage()

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.is_locked)
    clipboard.setText("")
    choose_from_help(qtbot, window, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: clipboard.text().startswith("Hearth: "), timeout=WAIT)
    assert "Store locked: yes" in clipboard.text() and "Records:" not in clipboard.text()


def guide_in_front() -> UserGuide:
    guides = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, UserGuide) and w.isVisible()]
    assert len(guides) == 1
    return guides[0]


def test_f1_opens_the_guide_at_the_page_for_the_screen_in_front(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    window.show_caseload()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(isinstance(w, UserGuide) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    guide = guide_in_front()
    assert guide.page() == "caseload"
    assert "The caseload" in guide.browser.toPlainText()
    assert guide.contents.currentItem().text() == "Today and your caseload"

    window.activateWindow()
    window.open_family(next(iter(caseload_store.values())))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: guide.page() == "family")
    assert "A family's record" in guide.browser.toPlainText()
    assert guide_in_front() is guide  # the one guide window, turned to the page

    guide.contents.setFocus()
    qtbot.keyClick(guide.contents, Qt.Key.Key_End)  # the last page: settings and IT
    qtbot.waitUntil(lambda: guide.page() == "it")
    guide.close()


def test_every_page_of_the_guide_and_every_picture_it_shows_is_there() -> None:
    folder = guide_folder()
    for name, _title in PAGES:
        text = (folder / f"{name}.md").read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)]+)\)", text):
            if not target.startswith("http"):
                assert (folder / target).is_file(), f"{name}.md links to missing {target}"
        for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            assert (folder / picture).stat().st_size < 100_000, f"{picture} is not small"
    passphrase = (folder / "passphrase.md").read_text(encoding="utf-8")
    assert "forgotten your passphrase" in passphrase and "recovery" in passphrase
    shortcuts = (folder / "shortcuts.md").read_text(encoding="utf-8")
    for keys in ("F1", "Ctrl+T", "Ctrl+1", "Ctrl+N", "Ctrl+L", "F5", "Ctrl+F"):
        assert f"| {keys} |" in shortcuts


def open_settings(qtbot: QtBot, window: Any) -> SettingsDialog:
    window.settings_action.trigger()
    qtbot.waitUntil(lambda: bool([d for d in window.findChildren(SettingsDialog)
                                  if d.isVisible()]), timeout=WAIT)
    return next(d for d in window.findChildren(SettingsDialog) if d.isVisible())


def test_settings_show_what_the_machine_sets_as_fixed(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str], machine_folder: Path
) -> None:
    (machine_folder / "settings.json").write_text(json.dumps(
        {"idle_lock_max_minutes": 10, "log_level": "warning"}))
    dialog = open_settings(qtbot, make_window())
    assert dialog.idle_minutes.maximum() == 10
    assert dialog.idle_fixed is not None and dialog.idle_fixed.isVisible()
    assert dialog.idle_fixed.text() == "Set by your organisation: at most 10 minutes."
    assert not dialog.log_level.isEnabled()
    assert dialog.log_level.currentData() == "warning"
    assert dialog.log_fixed is not None and dialog.log_fixed.isVisible()
    dialog.idle_minutes.selectAll()
    qtbot.keyClicks(dialog.idle_minutes, "45")  # more than the machine allows: not taken
    assert dialog.idle_minutes.value() <= 10
    dialog.hide()  # gone without its discard question, which would outlive this test
    dialog.deleteLater()


def test_the_worker_chooses_the_log_detail_in_settings(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    dialog = open_settings(qtbot, make_window())
    assert dialog.idle_fixed is None and dialog.log_fixed is None
    assert dialog.log_level.isEnabled() and dialog.log_level.currentData() == "info"
    dialog.log_level.setFocus()
    qtbot.keyClick(dialog.log_level, Qt.Key.Key_End)  # the last: Detailed (for IT)
    assert dialog.log_level.currentText() == "Detailed (for IT)"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert logs.user_log_level() == "debug"
    assert logs.log_level_in_force() == ("debug", False)


def test_the_server_address_the_machine_sets_is_filled_in_and_fixed(
    qtbot: QtBot, runner: Any, machine_folder: Path
) -> None:
    (machine_folder / "settings.json").write_text(json.dumps(
        {"server_url": "https://hearth.northshire.example.gov.uk/"}))
    dialog = EnrolDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.server.text() == "https://hearth.northshire.example.gov.uk"
    assert dialog.server.isReadOnly()
    qtbot.keyClicks(dialog.server, "x")
    assert dialog.server.text() == "https://hearth.northshire.example.gov.uk"
