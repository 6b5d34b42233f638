"""A day's work through the real app, logged at the most detailed level, and then the
log files and stderr searched for every distinctive value typed that day: none may be
there. The window connects to a real service on loopback, a family is created with
names and an address, a person added, consent recorded, a visit written up with notes,
an assessment begun, the consent form printed (to a PDF printer), synced, and then a sync fails
(the service stopped)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import dates, logs
from app.dates import uk
from app.reference.levels_of_need import DEFAULT_FILE, load_levels
from app.store.caseload_store import Profile, create_store
from app.store.unlock_attempts import UnlockAttempts
from db.models import Family

from ui.casework.consent_dialog import ConsentDialog
from ui.casework.visit_dialog import VisitDialog
from ui.documents.document_preview import DocumentPreview
from ui.family.family_dialog import FamilyDialog
from ui.family.person_dialog import PersonDialog
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner
from ui.sync.enrol_dialog import EnrolDialog
from ui.wizard.form_wizard import AssessmentWizard

WAIT = 60_000
WORKER = "Ottoline Ravensworth"
FAMILY = "Vexholme"
ADDRESS = "17 Quorndale Mews"
TOWN = "Thistlecombe"
POSTCODE = "YO62 9QX"
REASON = "School worried about Pellucida sleeping in class"
LEAD = "Ambrose Fenwickham"
CHILD = "Pellucida"
GIVER = "Marisol Thackeray"
SERVICE = "Quintessa sleep clinic"
NOTES = "Talked about the zanzibar blue bedroom and the bunk bed"
HOPES = "Hopes for a Brindlewick allotment together"
DISTINCTIVE = (WORKER, FAMILY, ADDRESS, TOWN, POSTCODE, REASON, LEAD, CHILD, GIVER, SERVICE,
               NOTES, HOPES, "Quorndale", "Thackeray", "zanzibar", "Brindlewick")


@pytest.fixture
def detailed_log(hearth_home: Path) -> Iterator[Path]:
    """The log as the app starts it, at its most detailed level (the worker's choice)."""
    logs.save_log_level("debug")
    path = logs.start_logging("hearth")
    assert path is not None
    yield path.parent
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, logs._HearthFile)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.WARNING)


def visible(window: MainWindow, kind: type) -> Any:
    found = [d for d in window.findChildren(kind) if d.isVisible()]
    return found[0] if found else None


def in_front(qtbot: QtBot, window: MainWindow) -> None:
    """The window active again (the dialog that was in front has closed)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def connect(qtbot: QtBot, window: MainWindow, live_server: Any) -> None:
    window.connect_action.trigger()
    qtbot.waitUntil(lambda: visible(window, EnrolDialog) is not None)
    dialog = visible(window, EnrolDialog)
    qtbot.keyClicks(dialog.server, live_server.url)
    qtbot.keyClicks(dialog.username, "robin")
    qtbot.keyClicks(dialog.password, live_server.password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.state == "online", timeout=WAIT)


def new_family(qtbot: QtBot, window: MainWindow) -> None:
    in_front(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: visible(window, FamilyDialog) is not None)
    dialog = visible(window, FamilyDialog)
    qtbot.keyClicks(dialog.family_name, FAMILY)
    qtbot.keyClicks(dialog.address_line1, ADDRESS)
    qtbot.keyClicks(dialog.town, TOWN)
    qtbot.keyClicks(dialog.postcode, POSTCODE)
    qtbot.keyClicks(dialog.request_date, uk(dates.today() - dt.timedelta(days=2)))
    dialog.request_source.set_code("school")
    qtbot.keyClicks(dialog.request_reason, REASON)
    qtbot.keyClicks(dialog.lead_professional, LEAD)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.areas.currentWidget() is window.family_view)


def add_child(qtbot: QtBot, view: Any) -> None:
    qtbot.waitUntil(lambda: view.is_loaded and view.add_person_button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(view.add_person_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.keyClicks(dialog.given_name, CHILD)
    qtbot.keyClicks(dialog.date_of_birth, uk(dates.today() - dt.timedelta(days=9 * 365)))
    qtbot.keyClicks(dialog.relationship.lineEdit(), "Daughter")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def record_consent(qtbot: QtBot, view: Any) -> None:
    view.tabs.setCurrentIndex(view.consent_tab)
    panel = view.consent_panel
    qtbot.waitUntil(lambda: panel.record_button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, ConsentDialog)
    qtbot.keyClicks(dialog.giver_name, GIVER)
    dialog.method.set_code("signed_paper")
    dialog.assess.setChecked(True)
    qtbot.keyClicks(dialog.services, SERVICE)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def record_visit(qtbot: QtBot, view: Any) -> None:
    view.tabs.setCurrentIndex(view.casework.tab_index["visits"])
    panel = view.casework.visits
    qtbot.waitUntil(lambda: panel.record_button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, VisitDialog)
    dialog.date.setText(uk(dates.today() - dt.timedelta(days=1)))
    dialog.time.setTime(QTime(10, 30))
    dialog.kind.set_code("home_visit")
    qtbot.keyClicks(dialog.notes, NOTES)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def begin_assessment(qtbot: QtBot, view: Any) -> None:
    view.tabs.setCurrentIndex(view.assessments_tab)
    panel = view.assessments_panel
    qtbot.waitUntil(lambda: panel.consent is not None and panel.consent.can_assess,
                    timeout=WAIT)
    panel.choose_form = lambda forms: next(f for f in forms if f.id == "ehat")
    with qtbot.waitSignal(panel.wizard_opened, timeout=WAIT) as opened:
        qtbot.mouseClick(panel.new_buttons["ehat"], Qt.MouseButton.LeftButton)
    wizard = opened.args[0]
    assert isinstance(wizard, AssessmentWizard)
    wizard.confirm = lambda title, text: True
    qtbot.keyClicks(wizard.block("family_hopes").editor.edit, HOPES)
    qtbot.waitUntil(lambda: wizard.autosave.saves_sent >= 1, timeout=WAIT)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CancelButton),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.wizard is None, timeout=WAIT)


def print_consent_form(qtbot: QtBot, window: MainWindow, runner: TaskRunner, pdf: Path) -> None:
    reference = runner.run_store(
        lambda s: s.query(Family.reference).filter(Family.family_name == FAMILY).scalar()
    ).result(timeout=30)
    preview = DocumentPreview(runner, window.profile, reference, "consent", window)
    qtbot.addWidget(preview)

    def to_pdf(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        printer.setResolution(100)
        return True

    preview.ask_printer = to_pdf
    with qtbot.waitSignal(preview.ready, timeout=WAIT):
        preview.show()
        preview.start()
    with qtbot.waitSignal(preview.printed, timeout=WAIT):
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    preview.close()


def test_a_days_work_leaves_nothing_personal_in_the_log_or_on_stderr(
    qtbot: QtBot, runner: TaskRunner, live_server: Any, tmp_path: Path, detailed_log: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    profile = Profile(WORKER, "family_support_worker", "North", "ottoline.r")
    store = create_store(tmp_path / "day", live_server.passphrase, profile)
    window = MainWindow(runner, load_levels(DEFAULT_FILE), store, UnlockAttempts(),
                        idle_lock_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    try:
        connect(qtbot, window, live_server)
        new_family(qtbot, window)
        view = window.family_view
        add_child(qtbot, view)
        record_consent(qtbot, view)
        record_visit(qtbot, view)
        begin_assessment(qtbot, view)
        print_consent_form(qtbot, window, runner, tmp_path / "consent.pdf")

        in_front(qtbot, window)
        with qtbot.waitSignal(window.sync.finished, timeout=WAIT):
            qtbot.keyClick(window, Qt.Key.Key_F5)  # Sync now
        qtbot.waitUntil(lambda: not window.sync.is_running, timeout=WAIT)
        assert window.sync.state == "online"
        live_server.stop()
        qtbot.keyClick(window, Qt.Key.Key_F5)  # and now it cannot reach the service
        qtbot.waitUntil(lambda: window.sync.state == "offline", timeout=WAIT)
        qtbot.waitUntil(lambda: not runner.is_busy, timeout=WAIT)
        held = runner.run_store(lambda s: s.query(Family).filter(
            Family.family_name == FAMILY, Family.town == TOWN).count()).result(timeout=30)
        assert held == 1  # the day's work is in the store
    finally:
        window.close()
        QApplication.processEvents()

    assert (tmp_path / "consent.pdf").stat().st_size > 1000  # printed
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = "\n".join(p.read_text(encoding="utf-8") for p in detailed_log.glob("hearth.log*"))
    out, err = capfd.readouterr()
    assert "sync finished: sent" in written  # the log was written at the detailed level
    assert "sync did not finish: ServerUnreachable" in written
    assert "DEBUG" in written
    for value in (*DISTINCTIVE, live_server.passphrase, live_server.password):
        for where, text in (("the log", written), ("stderr", err), ("stdout", out)):
            assert value.lower() not in text.lower(), f"{value!r} is in {where}"
