"""Every dialog, every button (issue 12, items 2 and 3): a main window over a demo store,
every menu action, every button of every tab of an open and a closed family, and every
button of every dialog they open, pressed as a user presses them. Any exception in a slot
(pytest-qt fails the test), any Qt warning, any unexpected error the task runner reports,
and any dialog that Escape does not close fails the test. The second test checks that
Enter saves in every form dialog a family's page opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPushButton, QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.seed import seed
from app.store.caseload_store import Profile, create_store
from db.models import Family, Visit
from tests.ui.conftest import WindowFactory
from tests.ui.dialog_probe import Prober, label, pressable

from ui.shell.main_window import MainWindow
from ui.widgets.form_dialog import FormDialog

# The offscreen platform cannot do these; everything else Qt warns about is a bug.
OFFSCREEN_LIMITS = (
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
)
pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS),
    pytest.mark.usefixtures("delete_closed_widgets"),
]


# A sample of what the walk must reach (it opens some forty windows).
EXPECTED_WINDOWS = (
    "EnrolDialog", "SettingsDialog", "ChangePassphraseDialog", "FamilyDialog", "PersonDialog",
    "AgencyDialog", "LevelDialog", "StepUpDialog", "CloseFamilyDialog", "ReopenDialog",
    "ConsentDialog", "WithdrawConsentDialog", "AssessmentWizard", "NeedDialog", "OutcomeDialog",
    "ActionDialog", "PlanHistoryDialog", "MeetingDialog", "ReviewWizard", "VisitDialog",
    "ChronologyEntryDialog", "DocumentPreview", "MyDetailsDialog",
)


def _families(session: Session) -> dict[str, str]:
    """An open family with casework (visits) and a closed one: "open"/"closed" -> id."""
    with_visits = set(session.scalars(select(Visit.family_id)))
    found: dict[str, str] = {}
    for family in session.scalars(select(Family).order_by(Family.reference)):
        kind = "closed" if family.status == "closed" else "open"
        if family.id in with_visits:
            found.setdefault(kind, family.id)
    return found


@pytest.fixture
def demo_families(store_dir: Path, passphrase: str, profile: Profile) -> dict[str, str]:
    """A store of demo families, eight of them with casework (the worker's own first, then
    others: enough for an open family and a closed one)."""
    store = create_store(store_dir, passphrase, profile)
    try:
        seed(store, 14, casework=8)
        return store.run(_families)
    finally:
        store.close()


@pytest.fixture
def probe(
    qtbot: QtBot, make_window: WindowFactory, demo_families: dict[str, str]
) -> Iterator[tuple[MainWindow, Prober]]:
    """A main window over the demo store, a prober, a watchdog; at the end, no
    unexpected error was reported."""
    window = make_window()
    failures: list[str] = []
    window.runner.failed.connect(failures.append)
    prober = Prober(qtbot, window.runner)
    prober.settle()
    yield window, prober
    prober.watchdog.stop()
    assert failures == [], f"the task runner reported {failures}"


def _menu_actions(window: MainWindow) -> list[QAction]:
    """Every menu action but those that end the session or need a server to answer."""
    ending = {window.quit_action, window.lock_action, window.sync_now_action}
    actions: list[QAction] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is not None:
            actions += [a for a in menu.actions() if a not in ending and not a.isSeparator()]
    return actions


def _header_buttons(window: MainWindow) -> list[QAbstractButton]:
    """The family view's buttons outside its tabs (Edit, level, Print…, step, close)."""
    view = window.family_view
    inside_tabs = set(view.tabs.findChildren(QAbstractButton))
    return [
        button
        for button in pressable(view.findChildren(QAbstractButton))
        if button not in inside_tabs and button is not view.back_button
    ]


def _walk_family(window: MainWindow, prober: Prober, family_id: str) -> None:
    """Open the family, press the header's buttons, then visit every tab and press its
    buttons with the first row of each table selected."""
    view = window.family_view
    window.open_family(family_id)
    prober.qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    prober.settle()
    prober.press_all(view, _header_buttons(window))

    def visit(page: QWidget) -> None:
        inner_tabs = page.findChildren(QTabWidget)
        buttons = [
            button
            for button in pressable(page.findChildren(QAbstractButton))
            if not any(tabs.isAncestorOf(button) for tabs in inner_tabs)
        ]
        prober.press_all(page, buttons)

    prober.visit_tabs(view.tabs, visit)


def test_every_menu_action_button_and_dialog_works(
    probe: tuple[MainWindow, Prober], demo_families: dict[str, str]
) -> None:
    window, prober = probe
    assert set(demo_families) == {"open", "closed"}
    prober.trigger_all(_menu_actions(window), depth=0)
    for kind in ("open", "closed"):
        _walk_family(window, prober, demo_families[kind])
    window.show_caseload()
    prober.settle()
    opened = "\n".join(prober.opened)
    for kind in EXPECTED_WINDOWS:
        assert kind in opened, f"never opened a {kind}; opened:\n{opened}"


# -- Enter saves ---------------------------------------------------------------------


def _single_line_fields(dialog: FormDialog) -> list[QLineEdit]:
    """Every field on screen a person types one line into (a combo's typing line too)."""
    return [
        field
        for field in dialog.findChildren(QLineEdit)
        if field.isVisible() and field.isEnabled() and not field.isReadOnly()
    ]


def _field_name(field: QWidget) -> str:
    """The field's own name, or its nearest named parent's (a date's, a list's)."""
    widget: QWidget | None = field
    while widget is not None and not widget.accessibleName():
        widget = widget.parentWidget()
    return f"{type(field).__name__} in “{widget.accessibleName() if widget else ''}”"


class EnterChecker:
    """For each form dialog that opens: Save is its only default button, and Enter in each
    single-line field, tabbed into, presses Save (the save itself is left out, so that
    every field can be tried). A read-only dialog has no hidden default button."""

    def __init__(self, prober: Prober) -> None:
        self.prober = prober
        self.checked: list[str] = []
        self.saved: list[str] = []  # closed by Enter, saved
        self.problems: list[str] = []

    def __call__(self, window: QWidget) -> bool:
        if not isinstance(window, FormDialog):
            return False
        name = label(window)
        self.checked.append(name)
        defaults = [b for b in window.findChildren(QPushButton) if b.isDefault()]
        if window.save_button.isVisible():
            if defaults != [window.save_button]:
                self.problems.append(f"{name}: default buttons {[label(b) for b in defaults]}")
            self._press_enter(window)
        elif not all(button.isVisible() for button in defaults):
            self.problems.append(f"{name}: hidden default {[label(b) for b in defaults]}")
        self.prober.close(window)
        return True

    def _press_enter(self, dialog: FormDialog) -> None:
        presses: list[bool] = []
        fields = _single_line_fields(dialog)
        dialog.buttons.accepted.disconnect(dialog.save)
        dialog.buttons.accepted.connect(lambda: presses.append(True))
        for field in fields:
            presses.clear()
            field.setFocus(Qt.FocusReason.TabFocusReason)
            self.prober.qtbot.keyClick(field, Qt.Key.Key_Return)
            if not presses:
                where = _field_name(field)
                self.problems.append(f"{label(dialog)}: Enter in {where} does not save")
        if fields and dialog.windowTitle().startswith("Edit"):
            self._save_with_enter(dialog, fields[0])

    def _save_with_enter(self, dialog: FormDialog, field: QLineEdit) -> None:
        """Enter in the first field of a dialog filled in from a record: it saves for
        real and closes."""
        dialog.buttons.accepted.connect(dialog.save)
        name = label(dialog)
        field.setFocus(Qt.FocusReason.TabFocusReason)
        self.prober.qtbot.keyClick(field, Qt.Key.Key_Return)
        self.prober.settle()
        if not isValid(dialog) or not dialog.isVisible():
            self.saved.append(name)


def test_enter_saves_in_every_form_dialog(
    probe: tuple[MainWindow, Prober], demo_families: dict[str, str]
) -> None:
    window, prober = probe
    checker = EnterChecker(prober)
    prober.on_window = checker
    for kind in ("open", "closed"):
        _walk_family(window, prober, demo_families[kind])
    assert checker.problems == [], "\n".join(checker.problems)
    assert len(checker.checked) >= 15, checker.checked
    saved = "\n".join(checker.saved)
    for edited in ("FamilyDialog “Edit", "PersonDialog “Edit", "AgencyDialog “Edit"):
        assert edited in saved, f"Enter did not save {edited}; saved:\n{saved}"
