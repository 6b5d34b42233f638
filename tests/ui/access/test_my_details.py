"""My details (File menu): the worker types their work phone and email, a slip is shown
beside its field, Save keeps them in the store, and the family plan printed next carries
them in its Contact box. Real widgets, pressed and typed into with qtbot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.reference.worker_contact import WorkerContact, load_worker_contact
from app.store.caseload_store import Profile, create_store
from tests.builders import add_numbered_plan, small_family
from tests.pdf_text import read_pdf

from ui.access.my_details_dialog import MyDetailsDialog
from ui.documents.document_preview import DocumentPreview
from ui.shell.task_runner import TaskRunner


def _dialog(qtbot: QtBot, window: Any) -> MyDetailsDialog:
    window.my_details_action.trigger()  # File > My details…
    qtbot.waitUntil(lambda: any(isinstance(w, MyDetailsDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=10_000)
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, MyDetailsDialog) and w.isVisible())


def _type(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_my_details_are_checked_saved_and_printed_on_the_plan(
    qtbot: QtBot, runner: TaskRunner, make_window: Any, store_dir: Path, passphrase: str,
    profile: Profile,
) -> None:
    store = create_store(store_dir, passphrase, profile)
    family = small_family(store, profile)
    add_numbered_plan(store, profile, family, 2)
    store.close()
    window = make_window()
    dialog = _dialog(qtbot, window)
    assert dialog.phone.text() == "" and dialog.email.text() == ""

    _type(qtbot, dialog.phone, "01632 96O123")  # a letter O for a nought
    _type(qtbot, dialog.email, "robin at northshire")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rows["email"].error_label.isVisible(), timeout=10_000)
    assert dialog.isVisible()
    assert dialog.rows["phone"].error_label.text().startswith(
        "A phone number has only digits, spaces, brackets and dashes")
    assert dialog.rows["email"].error_label.text() == (
        "An email address looks like name@example.org, with no spaces.")
    assert runner.run_store(load_worker_contact).result(timeout=10) == WorkerContact()

    _type(qtbot, dialog.phone, "01632 960123")
    _type(qtbot, dialog.email, "robin@northshire.example.gov.uk")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert window.statusBar().currentMessage() == "Your details were saved."
    assert runner.run_store(load_worker_contact).result(timeout=10) == WorkerContact(
        "01632 960123", "robin@northshire.example.gov.uk")

    again = _dialog(qtbot, window)  # opens with what was saved
    assert (again.phone.text(), again.email.text()) == (
        "01632 960123", "robin@northshire.example.gov.uk")
    qtbot.mouseClick(again.buttons.button(again.buttons.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)

    preview = DocumentPreview(runner, window.profile, family.reference, "plan", window)
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.ready, timeout=30_000):
        preview.start()
    assert preview.pdf is not None
    text = read_pdf(preview.pdf).text
    contact = text[text.rfind("Contact"):]
    assert ("Your worker Robin Testworker, Family support worker Phone 01632 960123 "
            "Email robin@northshire.example.gov.uk") in contact
    preview.close()
