"""Keyboard and screen readers (issue 16): walking every menu action, every tab of an open
and a closed family and every dialog they open (tests/ui/dialog_probe.py), each window and
panel on screen has a mnemonic on every button and no mnemonic twice, a name for every
input Tab reaches, and (a dialog) its focus on its first input when it opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from tests.ui.dialog_probe import Prober
from tests.ui.keyboard_checks import first_focus_problem, mnemonic_problems, unnamed_inputs
from tests.ui.test_every_dialog import (  # noqa: F401 (fixtures)
    OFFSCREEN_LIMITS,
    _menu_actions,
    _walk_family,
    demo_families,
    probe,
)

from ui.shell.main_window import MainWindow
from ui.widgets.form_dialog import FormDialog

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS),
    pytest.mark.usefixtures("delete_closed_widgets"),
]


class KeyboardChecker:
    """Looks at each window the walk opens (then lets the walk go on inside it), and at
    the main window each time a tab is shown."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.looked_at: list[str] = []

    def look(self, window: QWidget) -> None:
        self.looked_at.append(type(window).__name__)
        if isinstance(window, QMessageBox):
            return  # Qt's own boxes (About, questions): answered with Enter and Escape
        found = mnemonic_problems(window) + unnamed_inputs(window)
        # A form starts on its first input (a preview on its pages, a record shown read-only
        # on its Close button).
        read_only = isinstance(window, FormDialog) and not window.save_button.isVisible()
        if isinstance(window, (FormDialog, QWizard)) and not read_only:
            found.append(first_focus_problem(window))
        self.problems += [p for p in found if p and p not in self.problems]

    def __call__(self, window: QWidget) -> bool:
        self.look(window)
        return False  # the walk presses its buttons and closes it


def test_every_window_can_be_used_from_the_keyboard(
    probe: tuple[MainWindow, Prober], demo_families: dict[str, str], tmp_path: Path
) -> None:
    window, prober = probe
    checker = KeyboardChecker()
    prober.on_window = checker
    checker.look(window)  # the caseload
    prober.trigger_all(_menu_actions(window), depth=0)
    real_visit_tabs = prober.visit_tabs

    def visit_tabs_and_look(tabs, visit):  # type: ignore[no-untyped-def]
        def visit_and_look(page: QWidget) -> None:
            checker.look(window)
            visit(page)

        real_visit_tabs(tabs, visit_and_look)

    prober.visit_tabs = visit_tabs_and_look  # type: ignore[method-assign]
    for kind in ("open", "closed"):
        _walk_family(window, prober, demo_families[kind])
    window.show_caseload()
    prober.settle()
    checker.look(window)
    assert len(set(checker.looked_at)) >= 20, checker.looked_at
    assert checker.problems == [], f"{len(checker.problems)} problems:\n" + "\n".join(
        checker.problems
    )
