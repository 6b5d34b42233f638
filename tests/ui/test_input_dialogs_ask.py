"""Every dialog that takes input asks before throwing it away: the ones that are not
form dialogs too (connecting to the server, settings, the first-run welcome)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from app.reference.settings import Settings
from app.store.caseload_store import Profile

from ui.access.settings_dialog import SettingsDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.shell.task_runner import TaskRunner
from ui.sync.enrol_dialog import EnrolDialog

WAIT = 10_000


def enrol(runner: TaskRunner, profile: Profile) -> QDialog:
    return EnrolDialog(runner)


def settings(runner: TaskRunner, profile: Profile) -> QDialog:
    return SettingsDialog(runner, profile, Settings())


MAKERS: dict[str, Callable[[TaskRunner, Profile], QDialog]] = {
    "enrol": enrol,
    "settings": settings,
}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_escape_after_typing_asks_and_keep_editing_keeps_it(
    qtbot: QtBot, kind: str, runner: TaskRunner, profile: Profile
) -> None:
    dialog = MAKERS[kind](runner, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    spin = next(iter(dialog.findChildren(QSpinBox)), None)
    if spin is not None:  # settings: a number, stepped up with the arrow key
        before = spin.value()
        qtbot.keyClick(spin, Qt.Key.Key_Up)
        assert spin.value() != before
        field: QWidget = spin
    else:
        edit = next(w for w in dialog.findChildren(QLineEdit) if w.isVisible() and w.isEnabled())
        qtbot.keyClicks(edit, "typed by hand")
        field = edit
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question is not None, timeout=WAIT)
    assert dialog.isVisible()
    qtbot.keyClick(dialog.discard_question, Qt.Key.Key_Escape)  # Keep editing
    qtbot.waitUntil(lambda: dialog.discard_question is None, timeout=WAIT)
    assert dialog.isVisible()
    if isinstance(field, QLineEdit):
        assert "typed by hand" in field.text()


def test_the_welcome_dialog_asks_before_quitting_with_details_typed(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    dialog = WelcomeDialog(runner, tmp_path / "store")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = next(w for w in dialog.findChildren(QLineEdit) if w.isVisible())
    qtbot.keyClicks(field, "Robin")
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.discard_question is not None, timeout=WAIT)
    assert dialog.isVisible()
