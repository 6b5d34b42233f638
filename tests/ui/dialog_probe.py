"""Walks the application as a curious user would: presses every enabled button, opens every
dialog it leads to, presses that dialog's own buttons, and closes it again.

:class:`Watchdog` answers the boxes that run their own event loop (a question, a file or
print dialog, an input box) so nothing waits for ever; :class:`Prober` does the walking and
keeps a list of what it opened. Used by tests/ui/test_every_dialog.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from ui.shell.task_runner import TaskRunner
from ui.widgets.form_dialog import FormDialog

# Roles of a button box's buttons that end the dialog (pressed only to close it).
CLOSING_ROLES = {
    QDialogButtonBox.ButtonRole.AcceptRole,
    QDialogButtonBox.ButtonRole.RejectRole,
    QDialogButtonBox.ButtonRole.DestructiveRole,
    QDialogButtonBox.ButtonRole.YesRole,
    QDialogButtonBox.ButtonRole.NoRole,
    QDialogButtonBox.ButtonRole.ApplyRole,
}
CLOSING_WIZARD_BUTTONS = (
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
    QWizard.WizardButton.CommitButton,
)
DEPTH = 3  # a dialog opened from a dialog opened from a dialog


def label(widget: QWidget) -> str:
    """A readable name for a window or a button, for the test's messages."""
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "") or widget.toolTip() or type(widget).__name__
    return f"{type(widget).__name__} “{widget.windowTitle()}”"


def discard_button(box: QMessageBox) -> QAbstractButton | None:
    """The Discard answer of a form dialog's discard question, if ``box`` is one."""
    parent = box.parent()
    if isinstance(parent, FormDialog) and parent.discard_question is box:
        for button in box.buttons():
            if box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole:
                return button
    return None


def answer(widget: QWidget) -> None:
    """Say no to ``widget``: Escape's answer for a box, Discard for a discard question,
    reject for any other dialog, close for anything else."""
    if isinstance(widget, QMessageBox):
        button = discard_button(widget) or widget.escapeButton()
        if button is not None:
            button.click()
        else:
            widget.reject()
    elif isinstance(widget, QDialog):
        widget.reject()
    else:
        widget.close()


class Watchdog(QObject):
    """Every 50 ms: an open menu is closed, and while a press is under way (:meth:`during`),
    a modal window shown inside an event loop of its own (a question box's exec, a file
    dialog's exec...) is answered "no"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.answered: list[str] = []
        self._press_level: int | None = None  # the event loop level the press started at
        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    @contextmanager
    def during(self) -> Iterator[None]:
        """A press: what it shows in a loop of its own is answered until it returns."""
        self._press_level = QThread.currentThread().loopLevel()
        try:
            yield
        finally:
            self._press_level = None

    def _look(self) -> None:
        level = self._press_level
        if level is None:
            # Between presses nothing waits to be answered, and the top-level widgets are
            # left alone: a window being deleted may still be listed among them (listing
            # one half destroyed crashed the process in CI).
            return
        for menu in QApplication.topLevelWidgets():
            if isinstance(menu, QMenu) and menu.isVisible():
                menu.close()
        if QThread.currentThread().loopLevel() <= level:
            return  # nothing a press showed is waiting in a loop of its own
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            self.answered.append(label(modal))
            answer(modal)

    def stop(self) -> None:
        self.timer.stop()


def windows() -> set[QWidget]:
    """The windows and dialogs on screen (not menus, tooltips or popups)."""
    kinds = (Qt.WindowType.Window, Qt.WindowType.Dialog)
    return {
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and widget.windowType() in kinds
    }


def closes_its_window(button: QAbstractButton) -> bool:
    """Whether pressing ``button`` ends its dialog (Save, Cancel, OK, Finish...)."""
    if button.text().replace("&", "") in ("Close", "Cancel"):
        return True  # a window's own Close (a document's preview)
    box = button.parent()
    if isinstance(box, QDialogButtonBox) and box.buttonRole(button) in CLOSING_ROLES:
        return True
    wizard = button.window()
    return isinstance(wizard, QWizard) and any(
        wizard.button(which) is button for which in CLOSING_WIZARD_BUTTONS
    )


def pressable(buttons: Iterable[QAbstractButton]) -> list[QAbstractButton]:
    """Push and tool buttons on screen (not a tab bar's scroll arrows); whether each is
    enabled is asked just before it is pressed."""
    return [
        button
        for button in buttons
        if isinstance(button, (QPushButton, QToolButton))
        and not isinstance(button.parent(), QTabBar)
        and button.isVisible()
    ]


def select_first_rows(qtbot: QtBot, area: QWidget) -> None:
    """Click the first row of every table and tree on screen in ``area``."""
    for view in area.findChildren(QAbstractItemView):
        model = view.model()
        if isinstance(view, QHeaderView) or not view.isVisible() or model is None:
            continue
        if model.rowCount() > 0 and not view.selectionModel().hasSelection():
            place = view.visualRect(model.index(0, 0)).center()
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=place)


class Prober:
    """Presses buttons and explores what they open. ``on_window(window)`` may take over a
    newly opened window (return True when it has dealt with it and closed it)."""

    def __init__(self, qtbot: QtBot, runner: TaskRunner) -> None:
        self.qtbot = qtbot
        self.runner = runner
        self.opened: list[str] = []
        self.pressed: list[str] = []
        self.on_window: Callable[[QWidget], bool] = lambda _window: False
        self.watchdog = Watchdog()

    def settle(self) -> None:
        """Let the store's work and what its answers start finish."""
        self.qtbot.waitUntil(lambda: not self.runner.is_busy, timeout=20_000)
        for _ in range(3):
            QApplication.processEvents()
        self.qtbot.waitUntil(lambda: not self.runner.is_busy, timeout=20_000)

    def press_all(self, area: QWidget, buttons: Iterable[QAbstractButton], depth: int = 0) -> None:
        """Press each of ``buttons`` still there and enabled, with a row of each of
        ``area``'s tables selected (a reload may have cleared the selection)."""
        for button in list(buttons):
            if not shiboken6.isValid(area) or not area.isVisible():
                return
            select_first_rows(self.qtbot, area)
            if shiboken6.isValid(button) and button.isVisible() and button.isEnabled():
                self.press(button, depth)

    def press(self, button: QAbstractButton, depth: int) -> None:
        """Press ``button`` (or each action of its menu) and explore each window it opens."""
        self.pressed.append(label(button))
        menu = button.menu() if isinstance(button, (QPushButton, QToolButton)) else None
        if menu is not None:
            menu.aboutToShow.emit()  # menus filled as they open are filled now
            self.settle()
            self.trigger_all(menu.actions(), depth)
            return
        before = windows()
        with self.watchdog.during():
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.explore_new(before, depth)

    def trigger_all(self, actions: Iterable[QAction], depth: int) -> None:
        for action in list(actions):
            if action.isSeparator() or not action.isEnabled() or not action.isVisible():
                continue
            if action.menu() is not None:
                self.trigger_all(action.menu().actions(), depth)
                continue
            self.pressed.append(action.text().replace("&", ""))
            before = windows()
            with self.watchdog.during():
                action.trigger()
            self.explore_new(before, depth)

    def explore_new(self, before: set[QWidget], depth: int) -> None:
        self.settle()
        for window in windows() - before:
            if shiboken6.isValid(window) and window.isVisible():
                self.explore(window, depth + 1)

    def explore(self, window: QWidget, depth: int) -> None:
        """Press each of ``window``'s buttons that does not close it, then close it."""
        self.opened.append(label(window))
        if self.on_window(window):
            return
        if depth <= DEPTH:
            buttons = pressable(window.findChildren(QAbstractButton))
            self.press_all(window, [b for b in buttons if not closes_its_window(b)], depth)
        self.close(window)

    def close(self, window: QWidget) -> None:
        """Escape (Discard when asked); a window that ignores Escape is closed."""
        if not shiboken6.isValid(window) or not window.isVisible():
            return
        window.activateWindow()
        with self.watchdog.during():
            self.qtbot.keyClick(window, Qt.Key.Key_Escape)
        if isinstance(window, FormDialog) and window.discard_question is not None:
            button = discard_button(window.discard_question)
            assert button is not None
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.settle()
        if shiboken6.isValid(window) and window.isVisible():
            if isinstance(window, QDialog):
                raise AssertionError(f"Escape does not close {label(window)}")
            window.close()
        self.settle()

    def visit_tabs(self, tabs: QTabWidget, visit: Callable[[QWidget], None]) -> None:
        """Show each tab of ``tabs`` (and of tabs inside them) and ``visit`` its page."""
        for index in range(tabs.count()):
            if not tabs.isTabEnabled(index):
                continue
            tabs.setCurrentIndex(index)
            self.settle()
            page = tabs.widget(index)
            visit(page)
            for inner in page.findChildren(QTabWidget):
                if inner.isVisible():
                    self.visit_tabs(inner, visit)
