"""Keyboard only (issue 16): a worker who never touches the mouse creates a family,
records consent, writes its plan (a need, an outcome, an action), records a visit and
prints the plan, over a real store, with nothing but key presses: shortcuts, mnemonics,
Tab, arrows, Space, Enter. Completing an EHAT by keyboard alone is walked in
test_keyboard_ehat.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMenu, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.keyboard_checks import Keyboard

from ui.documents.document_preview import DocumentPreview
from ui.documents.print_button import PrintButton
from ui.shell.main_window import MainWindow

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


def back_to(window: QWidget) -> None:
    """What a window manager does when a dialog closes: its window is active again (the
    offscreen platform leaves no window active)."""
    window.activateWindow()
    QApplication.processEvents()


def modal() -> QWidget | None:
    return QApplication.activeModalWidget()


def test_a_family_its_consent_plan_and_visit_made_and_printed_without_the_mouse(
    qtbot: QtBot, make_window: WindowFactory, caseload_store: dict[str, str]
) -> None:
    window: MainWindow = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    keys = Keyboard(qtbot, window.runner)

    # A new family: Ctrl+N, the name typed where the focus starts, Enter saves.
    keys.press(Key.Key_N, CTRL)
    dialog = modal()
    assert dialog is not None and dialog.windowTitle().startswith("New family")
    keys.type("Quillfield")
    keys.press(Key.Key_Return)
    view = window.family_view
    qtbot.waitUntil(lambda: window.areas.currentWidget() is view and view.is_loaded)
    back_to(window)
    assert "Quillfield" in view.header.name_label.text()

    # Consent: the Consent tab (Tab to the tab bar, then the arrow keys), Alt+R records
    # it; the giver's name typed, "to assess" ticked with Space, the way it was given
    # chosen with Down; Alt+S saves.
    keys.until(lambda: isinstance(QApplication.focusWidget(), QTabBar), Key.Key_Tab)
    tabs = view.tabs
    keys.until(lambda: tabs.tabText(tabs.currentIndex()).replace("&", "") == "Consent",
               Key.Key_Right)
    keys.settle()
    keys.press(Key.Key_R, ALT)
    qtbot.waitUntil(lambda: modal() is not None, timeout=5_000)
    keys.until(lambda: QApplication.focusWidget().objectName() == "given_by_name", Key.Key_Tab)
    keys.type("Jo Quillfield")
    keys.until(lambda: QApplication.focusWidget().objectName() == "scope", Key.Key_Tab)
    keys.press(Key.Key_Space)  # to assess
    keys.until(lambda: QApplication.focusWidget().objectName() == "method", Key.Key_Tab)
    keys.press(Key.Key_Down)  # how it was given: the first way
    keys.press(Key.Key_S, ALT)
    qtbot.waitUntil(lambda: modal() is None, timeout=10_000)
    back_to(window)
    consents = view.consent_panel
    qtbot.waitUntil(lambda: consents.model.rowCount() == 1, timeout=10_000)

    # To the Plan tab: back to the tab bar, then the arrow keys.
    keys.until(lambda: isinstance(QApplication.focusWidget(), QTabBar), Key.Key_Tab)
    keys.until(lambda: tabs.tabText(tabs.currentIndex()).replace("&", "") == "Plan",
               Key.Key_Right)
    keys.settle()

    # A need (Alt+N), an outcome (Alt+U), an action (Alt+A); each saved with Alt+S.
    for mnemonic, text in (
        (Key.Key_N, "Kit is often late for school."),
        (Key.Key_U, "Kit gets to school on time every day."),
        (Key.Key_A, "Walk Kit to school on Mondays and Thursdays."),
    ):
        keys.press(mnemonic, ALT)  # a button's mnemonic presses it as a click shows it
        qtbot.waitUntil(lambda: modal() is not None, timeout=5_000)
        keys.until(lambda: QApplication.focusWidget().objectName() == "text", Key.Key_Tab)
        keys.type(text)
        keys.press(Key.Key_S, ALT)
        qtbot.waitUntil(lambda: modal() is None, timeout=10_000)
        qtbot.waitUntil(lambda: not window.runner.is_busy, timeout=10_000)
        back_to(window)
    plan = view.findChild(QWidget, "planTree")
    assert plan is not None
    shown = "\n".join(
        plan.model().index(r, 0).data() or "" for r in range(plan.model().rowCount())
    )
    assert "Kit is often late" in shown

    # A visit: the Visits tab (Tab back to the tab bar, arrows), Alt+A records one; the
    # date and time are now's; Tab to the type, Down chooses the first; Alt+S saves.
    keys.until(lambda: isinstance(QApplication.focusWidget(), QTabBar), Key.Key_Tab)
    keys.until(lambda: tabs.tabText(tabs.currentIndex()).replace("&", "") == "Visits",
               Key.Key_Right)
    keys.settle()
    keys.press(Key.Key_A, ALT)
    qtbot.waitUntil(lambda: modal() is not None, timeout=5_000)
    visit = modal()
    keys.until(lambda: QApplication.focusWidget().objectName() == "kind", Key.Key_Tab)
    keys.press(Key.Key_Down)
    keys.press(Key.Key_S, ALT)
    qtbot.waitUntil(lambda: modal() is None, timeout=10_000)
    back_to(window)
    assert visit is not None
    visits = view.casework.visits
    qtbot.waitUntil(lambda: visits.model.rowCount() == 1, timeout=10_000)

    # Ctrl+P: the menu of documents; Down to the family plan, Enter opens its preview.
    button = view.findChild(PrintButton)
    assert button is not None
    qtbot.waitUntil(lambda: button.actions_by_name["plan"].isEnabled(), timeout=10_000)
    previews: list[DocumentPreview] = []
    button.opened.connect(previews.append)

    def choose_the_plan() -> None:
        menu = next(w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMenu) and w.isVisible())
        while menu.activeAction() is not button.actions_by_name["plan"]:
            qtbot.keyClick(menu, Key.Key_Down)
        qtbot.keyClick(menu, Key.Key_Return)

    QTimer.singleShot(100, choose_the_plan)
    keys.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(previews) and previews[0].page_total > 0, timeout=30_000)
    preview = previews[0]
    asked: list[QPrinter] = []
    preview.ask_printer = lambda printer: asked.append(printer) or False  # the system's dialog
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is preview)
    keys.press(Key.Key_P, CTRL)
    assert len(asked) == 1 and "Quillfield" not in asked[0].docName()
