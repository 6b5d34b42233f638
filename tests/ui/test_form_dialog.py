"""The form-dialog base: Escape, Cancel or closing the window with changes asks before
anything typed is thrown away (Keep editing is the default), and Enter saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import Family

from ui.family.family_dialog import FamilyDialog
from ui.shell.task_runner import TaskRunner

WAIT = 10_000


def new_family_dialog(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> FamilyDialog:
    dialog = FamilyDialog(runner, levels, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def question_of(qtbot: QtBot, dialog: FamilyDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.discard_question is not None, timeout=WAIT)
    box = dialog.discard_question
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    return box


def families(store: Store) -> int:
    return int(store.run(lambda s: s.scalar(select(func.count()).select_from(Family))))


def test_escape_with_nothing_typed_closes_at_once(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> None:
    dialog = new_family_dialog(qtbot, store_runner, levels, profile)
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert dialog.discard_question is None


def test_a_stray_escape_keeps_what_was_typed(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> None:
    dialog = new_family_dialog(qtbot, store_runner, levels, profile)
    qtbot.keyClicks(dialog.family_name, "Quillfield")
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Escape)

    box = question_of(qtbot, dialog)
    assert dialog.isVisible()
    assert "None of it has been saved" in box.text()
    keep = box.defaultButton()
    assert keep is not None and keep.text().replace("&", "") == "Keep editing"
    assert box.escapeButton() is keep
    # A second Escape (on the question) is "keep editing" too.
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question is None, timeout=WAIT)
    assert dialog.isVisible()
    assert dialog.family_name.text() == "Quillfield"


def test_cancel_then_discard_closes_without_saving(
    qtbot: QtBot,
    store_runner: TaskRunner,
    levels: LevelsOfNeed,
    profile: Profile,
    store: Store,
) -> None:
    before = families(store)
    dialog = new_family_dialog(qtbot, store_runner, levels, profile)
    qtbot.keyClicks(dialog.family_name, "Quillfield")
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    box = question_of(qtbot, dialog)
    discard = next(b for b in box.buttons() if b.text().replace("&", "") == "Discard")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert dialog.result() == FamilyDialog.DialogCode.Rejected
    assert families(store) == before


def test_closing_the_window_with_changes_asks_too(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile
) -> None:
    dialog = new_family_dialog(qtbot, store_runner, levels, profile)
    qtbot.keyClicks(dialog.family_name, "Quillfield")
    dialog.close()  # the window's close button
    question_of(qtbot, dialog)
    assert dialog.isVisible()


def test_enter_saves(
    qtbot: QtBot,
    store_runner: TaskRunner,
    levels: LevelsOfNeed,
    profile: Profile,
    store: Store,
) -> None:
    before = families(store)
    dialog = new_family_dialog(qtbot, store_runner, levels, profile)
    dialog.activateWindow()
    qtbot.keyClicks(dialog.family_name, "Quillfield")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.keyClick(dialog.family_name, Qt.Key.Key_Return)
    assert families(store) == before + 1
    assert dialog.discard_question is None
