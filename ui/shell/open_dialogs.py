"""The dialogs open over the main window: hidden on lock (not closed, so unsaved input
stays), shown again on unlock, closed on quit."""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def visible_dialogs(window: QWidget) -> list[QDialog]:
    """Every dialog on screen other than ``window``."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget is not window and isinstance(widget, QDialog) and widget.isVisible()
    ]


def show_again(hidden: Sequence[QDialog]) -> list[QDialog]:
    """Show the ``hidden`` dialogs again, raised; those shown.

    A dialog that ended while hidden (a question box's own loop, say) is gone."""
    dialogs = [dialog for dialog in hidden if shiboken6.isValid(dialog)]
    for dialog in dialogs:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
    return dialogs
