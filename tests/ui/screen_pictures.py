"""Pictures of screens and what is wrong with how they are laid out (issue 17).

:class:`Album` grabs each screen it is shown into a PNG (under the test's folder, and under
``HEARTH_SCREEN_SHOTS`` when set), names it, and notes a window that does not fit the
screen, one smaller than its own layout's minimum (which cuts off what is in it), and
texts or fields drawn over one another. Used by tests/ui/test_every_screen_pictured.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from ui.widgets.window_memory import FRAME_ROOM

SHOTS = os.environ.get("HEARTH_SCREEN_SHOTS", "")
# Widgets that show words or take them: two of them drawn over one another is a fault.
SOLID = (
    QLabel, QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit,
    QPlainTextEdit, QAbstractItemView,
)


# PNG quality 80: a lighter zlib level than the default, about two thirds of the time
# for files a tenth larger (90 and above store the pixels uncompressed).
FAST_PNG = 80


def file_name(screen: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in screen).strip("_")[:70]


def overlaps(window: QWidget) -> list[str]:
    """Pairs of sibling widgets with words that are drawn over one another."""
    found: list[str] = []
    for parent in [window, *window.findChildren(QWidget)]:
        if not parent.isVisible():
            continue
        shown = [
            child for child in parent.children()
            if isinstance(child, SOLID) and child.isVisible() and child.isWindow() is False
            and not (isinstance(child, QLabel) and not child.text() and child.pixmap().isNull())
        ]
        for i, first in enumerate(shown):
            box = first.geometry().adjusted(1, 1, -1, -1)
            for second in shown[i + 1:]:
                if box.intersects(second.geometry().adjusted(1, 1, -1, -1)):
                    found.append(f"{_name(first)} overlaps {_name(second)}")
    return found


def cut_off(window: QWidget) -> list[str]:
    """One-line labels and push buttons on screen narrower than their words need."""
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        one_line = isinstance(widget, QLabel) and not widget.wordWrap() and widget.text()
        if one_line or (isinstance(widget, QPushButton) and widget.text()):
            need = widget.minimumSizeHint().width()
            if widget.width() + 1 < need:
                found.append(f"{_name(widget)} is {widget.width()} wide, its words need {need}")
    return found


def _name(widget: QWidget) -> str:
    words = ""
    if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
        words = widget.text()
    elif widget.accessibleName():
        words = widget.accessibleName()
    return f"{type(widget).__name__} “{' '.join(words.split())[:40]}”"


class Album:
    """Pictures of the screens shown to it, at one screen size; what is wrong with them."""

    def __init__(self, folder: Path, size: str, screen: QRect) -> None:
        self.folder = folder
        self.size = size
        self.room = screen.size() - FRAME_ROOM
        self.screens: list[str] = []
        self.problems: list[str] = []
        self.folders = [folder] + ([Path(SHOTS)] if SHOTS else [])
        for where in self.folders:
            where.mkdir(parents=True, exist_ok=True)

    def __call__(self, window: QWidget, screen: str, settle: bool = True) -> None:
        if settle:
            QApplication.processEvents()
        self.screens.append(screen)
        picture = window.grab()
        name = f"{self.size}_{len(self.screens):03d}_{file_name(screen)}.png"
        for where in self.folders:
            assert picture.save(str(where / name), "PNG", FAST_PNG), name
        self.check(window, screen)

    def check(self, window: QWidget, screen: str) -> None:
        size = window.size()
        if size.width() > self.room.width() or size.height() > self.room.height():
            self.problems.append(f"{screen}: {_size(size)} does not fit {_size(self.room)}")
        layout = window.layout()
        if layout is not None:
            least = layout.totalMinimumSize()
            if least.width() > size.width() + 1 or least.height() > size.height() + 1:
                self.problems.append(
                    f"{screen}: {_size(size)} is less than its layout's least {_size(least)}"
                )
        self.problems += [f"{screen}: {fault}" for fault in overlaps(window)]
        self.problems += [f"{screen}: {fault}" for fault in cut_off(window)]


def _size(size: QSize) -> str:
    return f"{size.width()}×{size.height()}"
