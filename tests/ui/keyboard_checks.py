"""What a keyboard or screen-reader user finds in a window (issue 16), as lists of problems:

- :func:`mnemonic_problems`: a push button (or a tool button with words) with no Alt+letter,
  and two things on screen in one window that share one (buttons, check boxes, labels with
  a buddy, the menu bar's menus);
- :func:`unnamed_inputs`: an input in the window's focus chain, walked with
  ``nextInFocusChain`` from the first focus as Tab walks it, that a screen reader would
  announce with no name;
- :func:`first_focus_problem`: a dialog whose focus starts anywhere but on its first input.

Used by tests/ui/test_keyboard_reach.py.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

INPUTS = (
    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton,
    QAbstractItemView, QSlider,
)


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def _name(widget: QWidget) -> str:
    """What the window or button is called, for the messages."""
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "") or widget.toolTip() or type(widget).__name__
    return f"{type(widget).__name__} “{widget.windowTitle()}”"


def mnemonic(text: str) -> str:
    """The Alt+ key a text's ``&`` gives ("" for none), as Qt reads it."""
    return QKeySequence.mnemonic(text).toString().upper()


def _worded_buttons(window: QWidget) -> list[QAbstractButton]:
    """The push buttons and worded tool buttons on screen in ``window`` (not a tab bar's
    arrows, nor an editor's own buttons)."""
    found: list[QAbstractButton] = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or button.window() is not window:
            continue
        if isinstance(button, QPushButton) or (
            isinstance(button, QToolButton)
            and button.text()
            and not isinstance(button.parent(), QTabBar)
        ):
            found.append(button)
    return found


def mnemonic_problems(window: QWidget) -> list[str]:
    """Buttons with no mnemonic, and mnemonics used twice, on screen in ``window``."""
    where = _name(window)
    problems = [
        f"{where}: “{_name(b)}” has no mnemonic"
        for b in _worded_buttons(window)
        if b.isEnabled() and not mnemonic(b.text())
    ]
    owners: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            text = widget.text()
        else:
            continue
        key = mnemonic(text)
        if key:
            owners.setdefault(key, []).append(text.replace("&", ""))
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            key = mnemonic(action.text())
            if key:
                owners.setdefault(key, []).append(action.text().replace("&", "") + " menu")
    problems += [
        f"{where}: {key} is both {' and '.join(f'“{t}”' for t in texts)}"
        for key, texts in sorted(owners.items())
        if len(texts) > 1
    ]
    return problems


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QAccessible.Text.Name).strip()


def _is_input(widget: QWidget) -> bool:
    if not isinstance(widget, INPUTS):
        return False
    # A combo's or a spin box's own typing line is announced as the combo or spin box.
    return not isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox))


def focus_chain(window: QWidget, *, from_focus: bool = True) -> list[QWidget]:
    """The widgets Tab reaches in ``window``, in order, from the first focus (or from the
    top of the window's tab order)."""
    start = (window.focusWidget() if from_focus else None) or window
    chain: list[QWidget] = []
    widget = start.nextInFocusChain()
    seen = {start}
    if start is not window:
        chain.append(start)
    while widget is not None and widget not in seen:
        seen.add(widget)
        if (
            widget.window() is window
            and _shown(widget)
            and widget.focusPolicy() & widget.focusPolicy().TabFocus
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def unnamed_inputs(window: QWidget) -> list[str]:
    """Inputs Tab reaches in ``window`` that have no accessible name."""
    where = _name(window)
    return [
        f"{where}: a {type(w).__name__} ({w.objectName() or 'no object name'}) has no name"
        for w in focus_chain(window)
        if _is_input(w) and not accessible_name(w)
    ]


def first_focus_problem(window: QWidget) -> str:
    """"" when focus starts on the window's first input (or it has none), else why not."""
    chain = focus_chain(window, from_focus=False)
    inputs = [w for w in chain if _is_input(w) and not _read_only(w)]
    if not inputs:
        return ""
    focus = window.focusWidget()
    if focus is None:
        return f"{_name(window)}: nothing has the focus at first"
    first = inputs[0]
    if focus is first or first.isAncestorOf(focus) or focus.isAncestorOf(first):
        return ""
    return (
        f"{_name(window)}: focus starts on a {type(focus).__name__} "
        f"“{accessible_name(focus)}”, not the first input “{accessible_name(first)}”"
    )


def _read_only(widget: QWidget) -> bool:
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        return widget.isReadOnly()
    return isinstance(widget, QAbstractItemView)  # a list is looked at before it is typed in


Key = Qt.Key


class Keyboard:
    """Presses keys where the focus is, as the keyboard does."""

    def __init__(self, qtbot: QtBot, runner: object) -> None:
        self.qtbot = qtbot
        self.runner = runner

    @property
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard's focus"
        return widget

    def press(self, key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              ) -> None:
        self.qtbot.keyClick(self.focus, key, modifier)
        self.settle()

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus, text)

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.runner.is_busy, timeout=20_000)  # type: ignore[attr-defined]
        QApplication.processEvents()

    def until(self, done: Callable[[], bool], key: Key, times: int = 40) -> None:
        """Press ``key`` until ``done()`` (at most ``times`` presses)."""
        for _ in range(times):
            if done():
                return
            self.press(key)
        assert done(), f"{key} pressed {times} times did not get there: {self.focus!r}"
